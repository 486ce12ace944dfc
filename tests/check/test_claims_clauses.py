"""Claim check per clause: a sentence citing works in different clauses judges each work on
its own clause; works cited together are judged together; RA502 counts works without text."""

from __future__ import annotations

from refaudit.check.base import RuleContext
from refaudit.check.claims import ClaimMismatch, ClaimTextMissing
from refaudit.check.claims.clauses import clause_spans
from refaudit.check.claims.vocabulary import prepare_text
from refaudit.model import Finding, Reference
from tests.check.factories import (
    make_citation,
    make_context,
    make_reference,
    make_resolution,
    make_work,
)

MOUSE = make_work(
    "10.5555/mouse", title="Fluoxetine lowers anxiety-like behaviour in mice", abstract=""
)
RAT = make_work("10.5555/rat", title="Ketamine and learned helplessness in rats", abstract="")


def _refs() -> list[Reference]:
    return [
        make_reference(1, authors=("Arno, K.",), year=2019, title=MOUSE.title),
        make_reference(2, authors=("Bell, T.",), year=2020, title=RAT.title),
    ]


def run(ctx: RuleContext) -> list[Finding]:
    return list(ClaimMismatch().check(ctx))


def context(sentence: str, *cited: tuple[str, tuple[int, ...]]) -> RuleContext:
    cites = [make_citation(sentence, *ns, text=mark) for mark, ns in cited]
    works = [make_resolution(MOUSE), make_resolution(RAT)]
    return make_context(_refs(), works, cites)


def pieces(sentence: str, marks: list[str]) -> list[str]:
    prepared = prepare_text(sentence)
    return [prepared[a:b].strip() for a, b in clause_spans(sentence, marks)]


def test_clauses_split_at_contrasting_words_outside_brackets() -> None:
    s = "Fluoxetine calmed mice [1], whereas ketamine helped rats [2]."
    assert pieces(s, ["[1]", "[2]"]) == [
        "Fluoxetine calmed mice [1],",
        "whereas ketamine helped rats [2].",
    ]
    grouped = "Both drugs act fast (Arno, 2019; Bell, 2020)."
    assert pieces(grouped, ["Arno, 2019", "Bell, 2020"]) == [grouped, grouped]
    listed = "Mice, rats, and voles [1] and dogs [2] were used."
    assert pieces(listed, ["[1]", "[2]"]) == [listed, listed]


def test_each_work_is_judged_on_its_own_clause() -> None:
    right = "Fluoxetine calmed mice [1], while ketamine helped rats [2]."
    assert run(context(right, ("[1]", (1,)), ("[2]", (2,)))) == []
    swapped = "Fluoxetine calmed rats [1], while ketamine helped mice [2]."
    found = run(context(swapped, ("[1]", (1,)), ("[2]", (2,))))
    assert sorted((f.reference, f.found, f.expected) for f in found) == [
        (1, "rats", "mice"),
        (2, "mice", "rats"),
    ]


def test_works_cited_together_are_judged_together() -> None:
    s = "Fluoxetine and ketamine were tried in mice and rats [1,2]."
    assert run(context(s, ("[1,2]", (1, 2)))) == []
    wrong = "Fluoxetine was tried in dogs [1,2]."
    found = run(context(wrong, ("[1,2]", (1, 2))))
    assert {f.reference for f in found} == {1, 2} and {f.found for f in found} == {"dogs"}


def test_text_missing_is_one_count_per_document() -> None:
    cites = [
        make_citation("Fluoxetine calmed mice [1].", 1, line=4, text="[1]"),
        make_citation("Ketamine helped rats [2].", 2, line=7, text="[2]"),
        make_citation("This was discussed [3].", 3, line=9, text="[3]"),
    ]
    refs = [*_refs(), make_reference(3, authors=("Cole, R.",), year=2021, title="A review")]
    with_abstract = make_work(
        "10.5555/mouse", title=MOUSE.title, abstract="Mice given fluoxetine were calmer."
    )
    ctx = make_context(refs, [make_resolution(with_abstract), make_resolution(RAT), None], cites)
    [f] = list(ClaimTextMissing().check(ctx))
    assert f.severity.value == "info" and f.reference is None and f.line == 7
    assert "1 of 2 cited works" in f.message and "title only: [2]" in f.message
    both = make_context(refs, [make_resolution(with_abstract)], cites[:1])
    assert list(ClaimTextMissing().check(both)) == []
