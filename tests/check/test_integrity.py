"""Integrity rules: retractions, notices, preprints with a published version."""

from __future__ import annotations

from refaudit.check.base import Rule
from refaudit.check.integrity import EditorialNotice, PreprintHasPublication, RetractedWork
from refaudit.model import Finding, Relation, Severity, Update
from tests.check.factories import PRINTED_POKORNY, make_context, make_resolution, make_work


def run(rule: type[Rule], **work: object) -> list[Finding]:
    w = make_work("10.1/work", title="Effect of Psilocybin on Empathy", **work)
    return list(rule().check(make_context([PRINTED_POKORNY], [make_resolution(w)])))


RETRACTION_PUB = Update("retraction", "10.1/notice", "publisher", "2020-05-01")
RETRACTION_RW = Update("retraction", "10.1/notice", "retraction-watch", "2020-05-01")


def test_retraction_from_two_sources_is_one_finding() -> None:
    [f] = run(RetractedWork, updated_by=(RETRACTION_PUB, RETRACTION_RW))
    assert f.severity is Severity.ERROR
    assert "2020-05-01" in f.message and "Publisher and Retraction Watch" in f.message
    assert f.fix is not None and "https://doi.org/10.1/notice" in f.fix


def test_retraction_notice_itself_is_flagged() -> None:
    [f] = run(RetractedWork, update_to=(Update("retraction", "10.1/orig"),))
    assert "retraction notice" in f.message and "10.1/orig" in f.message


def test_retracted_title_marker() -> None:
    w = make_work("10.1/w", title="RETRACTED: Effect of Psilocybin on Empathy")
    ctx = make_context([PRINTED_POKORNY], [make_resolution(w)])
    assert len(list(RetractedWork().check(ctx))) == 1


def test_corrections_are_not_retractions() -> None:
    correction = Update("correction", "10.1/corr", "publisher", "2018-01-01")
    assert run(RetractedWork, updated_by=(correction,)) == []
    [f] = run(EditorialNotice, updated_by=(correction,))
    assert f.severity is Severity.WARNING and "correction" in f.message and "10.1/corr" in f.message


def test_editorial_notice_types_and_new_version_ignored() -> None:
    updates = (
        Update("expression_of_concern", "10.1/eoc", "publisher"),
        Update("expression_of_concern", "10.1/eoc", "retraction-watch"),
        Update("new_version", "10.1/v2", "publisher"),
        Update("withdrawal", "10.1/wd", "publisher"),
    )
    found = run(EditorialNotice, updated_by=updates)
    assert [f.message.split(" attached")[0] for f in found] == [
        "expression of concern",
        "withdrawal",
    ]
    assert run(EditorialNotice, updated_by=(RETRACTION_PUB,)) == []


def test_preprint_with_publication() -> None:
    rel = (Relation("is-preprint-of", "https://doi.org/10.1037/ABC123"),)
    [f] = run(PreprintHasPublication, relations=rel, type="posted-content")
    assert f.fix == "https://doi.org/10.1037/abc123" and f.severity is Severity.INFO
    other = (Relation("has-preprint", "10.21203/x"),)
    assert run(PreprintHasPublication, relations=other) == []
