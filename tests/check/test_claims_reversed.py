"""claim-reversed (RA503): the citing clause against the abstract sentence about the same
outcome; reported only when that sentence states the opposite direction."""

from __future__ import annotations

from refaudit.check.claims import ClaimReversed
from refaudit.check.claims.direction import DOWN, NOT_DOWN, NOT_LINKED, UP, statements
from refaudit.model import Finding, Reference
from tests.check.factories import (
    make_citation,
    make_context,
    make_reference,
    make_resolution,
    make_work,
)

ABSTRACT = (
    "We studied zinc supplements in 300 volunteers. Zinc supplementation shortened the "
    "duration of common cold symptoms in adult volunteers. Zinc had no association with "
    "nausea in adult volunteers. Zinc lozenges were non-inferior to standard cold remedies "
    "for symptom duration. Taste disturbance was more common than with placebo."
)
WORK = make_work("10.5555/zinc", title="Zinc and the common cold", abstract=ABSTRACT)
OTHER = make_work(
    "10.5555/sleep",
    title="Sleep and memory",
    abstract="Sleep deprivation impaired verbal memory consolidation in healthy students.",
)


def _refs() -> list[Reference]:
    return [
        make_reference(1, authors=("Quist, A.",), year=2018, title=WORK.title),
        make_reference(2, authors=("Ruiz, B.",), year=2019, title=OTHER.title),
    ]


def run(*citations: tuple[str, str, tuple[int, ...]]) -> list[Finding]:
    cites = [make_citation(s, *ns, text=mark) for s, mark, ns in citations]
    ctx = make_context(_refs(), [make_resolution(WORK), make_resolution(OTHER)], cites)
    return list(ClaimReversed().check(ctx))


def test_directions_and_their_negations_are_read() -> None:
    found = {(s.direction, s.sentence) for s in statements(ABSTRACT)}
    assert (NOT_LINKED, 3) in found
    said = statements("Sleep deprivation did not impair verbal memory consolidation.")
    assert [s.direction for s in said] == [NOT_DOWN]
    assert [s.direction for s in statements("Ketamine increased synaptic density.")] == [UP]
    assert [s.direction for s in statements("Rest lowered resting heart rate.")] == [DOWN]


def test_opposite_direction_about_the_same_outcome_is_reported_with_both_quoted() -> None:
    s = "Sleep deprivation improved verbal memory consolidation in healthy students [2]."
    [f] = run((s, "[2]", (2,)))
    assert f.reference == 2 and f.severity.value == "warning"
    assert (f.found, f.expected) == ("an increase", "a decrease")
    assert "improved verbal memory" in f.message and "abstract sentence 1" in f.message
    negated = "Sleep deprivation did not impair verbal memory consolidation in students [2]."
    [g] = run((negated, "[2]", (2,)))
    assert (g.found, g.expected) == ("no decrease", "a decrease")


def test_association_and_superiority_reversed() -> None:
    linked = "Zinc use was associated with nausea in adult volunteers [1]."
    [f] = run((linked, "[1]", (1,)))
    assert (f.found, f.expected) == ("an association", "no association")
    better = "Zinc lozenges were superior to standard cold remedies for symptom duration [1]."
    [g] = run((better, "[1]", (1,)))
    assert (g.found, g.expected) == ("superiority", "non-inferiority")


def test_agreeing_unrelated_or_comparative_sentences_are_silent() -> None:
    agree = "Sleep deprivation impaired verbal memory consolidation [2]."
    other_outcome = "Sleep deprivation increased daytime caffeine intake [2]."
    comparative = "Sleep deprivation improved memory consolidation more than rest did [2]."
    wrong_work = "Zinc increased verbal memory consolidation in healthy students [1]."
    for s, mark, n in (
        (agree, "[2]", 2),
        (other_outcome, "[2]", 2),
        (comparative, "[2]", 2),
    ):
        assert run((s, mark, (n,))) == [], s
    # The outcome is the other work's: nothing in [1]'s abstract is about it.
    assert run((wrong_work, "[1]", (1,))) == []


def test_works_cited_together_or_without_abstract_are_not_judged() -> None:
    s = "Sleep deprivation improved verbal memory consolidation in healthy students [1,2]."
    assert run((s, "[1,2]", (1, 2))) == []
    ctx = make_context(_refs(), [None, None], [make_citation(s, 2, text="[2]")], offline=True)
    assert list(ClaimReversed().check(ctx)) == []


def test_unchanged_questions_and_bracketed_abbreviations() -> None:
    said = statements("Rest did not alter resting heart rate (RHR) in older runners.")
    assert [s.direction for s in said] == ["unchanged"] and "rhr" in said[0].words
    assert statements("We asked whether zinc reduces cold duration in adult volunteers.") == []
    assert {"cell", "tcell"} <= statements("T-cell responses increased sharply.")[0].words
