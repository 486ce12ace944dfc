"""Claim check: the citing sentence against the cited work, and the vocabulary behind it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from refaudit.check.base import RuleContext
from refaudit.check.claims import ClaimMismatch, load_vocabulary
from refaudit.errors import ConfigError
from refaudit.model import Finding, Reference
from tests.check.factories import (
    EMPATHY_ENTRIES,
    EMPATHY_WORKS,
    MASON_SENTENCE,
    MITHOEFER,
    MITHOEFER_SENTENCE,
    POKORNY,
    POKORNY_SENTENCE,
    PRINTED_MITHOEFER,
    PRINTED_POKORNY,
    make_citation,
    make_context,
    make_reference,
    make_resolution,
)


def run(ctx: RuleContext) -> list[Finding]:
    return list(ClaimMismatch().check(ctx))


def empathy(online: bool, *citations: tuple[str, int]) -> RuleContext:
    resolutions = [make_resolution(w) for w in EMPATHY_WORKS] if online else None
    cites = [make_citation(s, n, line=33) for s, n in citations]
    return make_context(EMPATHY_ENTRIES, resolutions, cites, offline=not online)


def terms(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.term) for m in load_vocabulary().find(text)]


@pytest.mark.parametrize("online", [True, False])
def test_pokorny_lsd_sentence_suggests_preller(online: bool) -> None:
    [f] = run(empathy(online, (POKORNY_SENTENCE, 1)))
    assert f.reference == 1 and f.line == 33 and f.severity.value == "warning"
    assert f.found == "LSD" and f.expected is not None and f.expected.lower() == "psilocybin"
    assert "controlled use of LSD" in f.message and "Effect of Psilocybin" in f.message
    assert f.fix == "cite Preller et al. (2017) instead?"


@pytest.mark.parametrize("online", [True, False])
def test_correct_sentences_of_the_empathy_article_are_silent(online: bool) -> None:
    ctx = empathy(online, (MASON_SENTENCE, 2), (MITHOEFER_SENTENCE, 3))
    assert run(ctx) == []


def test_mithoefer_synonyms_match() -> None:
    assert ("substance", "mdma") in terms(PRINTED_MITHOEFER.fields.title or "")
    assert ("condition", "ptsd") in terms(MITHOEFER.title)
    assert ("substance", "mdma") in terms("ecstasy")
    assert ("substance", "mdma") in terms("3, 4‑methylenedioxymethamphetamine")


def test_longest_match_wins_and_capitals_matter() -> None:
    assert terms("5-MeO-DMT") == [("substance", "5-meo-dmt")]
    assert terms("the lsd of it") == []
    assert terms("non-blinded") == [("control", "open_label")]


def test_a_matching_term_never_silences_a_mismatching_one() -> None:
    s = "Both LSD and psilocybin increase empathy (Pokorny et al., 2017)."
    assert [f.found for f in run(empathy(True, (s, 1)))] == ["LSD"]


def test_term_belonging_to_another_work_of_the_sentence_is_silent() -> None:
    s = "LSD increased empathy (Pokorny et al., 2017; Preller et al., 2017)."
    ctx = empathy(True, (s, 1), (s, 6))
    assert run(ctx) == []


def test_sentence_citing_two_wrong_works_flags_both() -> None:
    s = "LSD increased empathy (Pokorny et al., 2017; Mason et al., 2019)."
    found = run(empathy(False, (s, 1), (s, 2)))
    assert sorted(f.reference or 0 for f in found) == [1, 2]


def test_sibling_drugs_differ_but_broad_class_covers_member() -> None:
    work = replace(POKORNY, title="Escitalopram versus placebo for depression", abstract="")
    ref = make_reference(1, authors=("Smith, J.",), year=2020, title=work.title)
    wrong = make_citation("Sertraline reduced depression (Smith, 2020).", 1)
    ok = make_citation("An SSRI reduced depression (Smith, 2020).", 1)
    assert [f.found for f in run(make_context([ref], [make_resolution(work)], [wrong]))] == [
        "Sertraline"
    ]
    assert run(make_context([ref], [make_resolution(work)], [ok])) == []


def test_organism_population_and_design_mismatches() -> None:
    mouse = make_reference(1, authors=("Smith, J.",), year=2020, title="Psilocybin in mice")
    meta = make_reference(2, authors=("Doe, J.",), year=2021, title="Psilocybin: a meta-analysis")
    c1 = make_citation("Psilocybin helped humans (Smith, 2020).", 1)
    c2 = make_citation("A randomised controlled trial (Doe, 2021) found effects of psilocybin.", 2)
    found = run(make_context([mouse, meta], citations=[c1, c2]))
    assert [(f.reference, f.found, f.expected) for f in found] == [
        (1, "humans", "mice"),
        (2, "randomised controlled trial", "meta-analysis"),
    ]


def test_abstract_needs_two_mentions_to_count_as_what_the_work_is_about() -> None:
    once = replace(POKORNY, title="Empathy study", abstract="Unlike earlier work in mice, we ...")
    ref = make_reference(1, authors=("Pokorny, T.",), year=2017, title="Empathy study")
    c = make_citation("Empathy rose in humans (Pokorny, 2017).", 1)
    assert run(make_context([ref], [make_resolution(once)], [c])) == []
    twice = replace(once, abstract="Mice were dosed. The mice showed more empathy.")
    [f] = run(make_context([ref], [make_resolution(twice)], [c]))
    assert "abstract" in f.message


def test_no_terms_or_no_citations_are_silent() -> None:
    assert run(make_context([PRINTED_POKORNY])) == []
    c = make_citation("Empathy rose (Pokorny, 2017).", 1)
    assert run(make_context([PRINTED_POKORNY], citations=[c])) == []


def test_user_vocabulary_extends_the_shipped_one(tmp_path: Path) -> None:
    extra = tmp_path / "vocab.toml"
    extra.write_text(
        '[substance.terms]\nsalvinorin = ["salvinorin A", "Salvia divinorum"]\n'
        "[species]\n"
        'description = "species"\n'
        '[species.terms]\ncat = ["cats"]\ndog = ["dogs"]\n',
        encoding="utf-8",
    )
    vocab = load_vocabulary((str(extra),))
    found = {(m.kind, m.term) for m in vocab.find("Salvia divinorum in cats and LSD")}
    assert {("substance", "salvinorin"), ("species", "cat"), ("substance", "lsd")} <= found
    ref: Reference = make_reference(
        1, authors=("Smith, J.",), year=2020, title="Salvinorin A in dogs"
    )
    c = make_citation("Cats liked it (Smith, 2020).", 1)
    ctx = make_context([ref], citations=[c], vocabulary_files=(str(extra),))
    assert [f.found for f in run(ctx)] == ["Cats"]


def test_bad_user_vocabulary_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[substance.terms]\nx = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_vocabulary((str(bad),))
    with pytest.raises(ConfigError):
        load_vocabulary((str(tmp_path / "missing.toml"),))
