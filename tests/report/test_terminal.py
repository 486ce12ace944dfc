from __future__ import annotations

from refaudit.model import Finding, Resolution, ResolutionStatus, Severity
from refaudit.report import terminal
from tests.report.factories import OKAFOR, article, audit_result, empty_result
from tests.report.goldens import assert_golden


def test_terminal_report_matches_golden_at_80_columns() -> None:
    assert_golden("terminal.txt", terminal.render(audit_result(), width=80))


def test_terminal_report_in_ascii_matches_golden() -> None:
    assert_golden("terminal-ascii.txt", terminal.render(audit_result(), width=80, ascii_only=True))


def test_terminal_report_for_a_document_without_references_matches_golden() -> None:
    assert_golden("terminal-empty.txt", terminal.render(empty_result(), width=80))


def test_no_line_is_wider_than_the_width() -> None:
    for width in (60, 80, 120):
        text = terminal.render(audit_result(), width=width)
        assert max(len(line) for line in text.splitlines()) <= width


def test_without_colour_no_escape_codes_are_written() -> None:
    assert "\x1b[" not in terminal.render(audit_result(), width=80)


def test_with_colour_escape_codes_are_written() -> None:
    assert "\x1b[" in terminal.render(audit_result(), width=80, color=True)


def test_brackets_in_entries_are_printed_not_read_as_markup() -> None:
    text = terminal.render(audit_result(), width=120)
    assert "[-Walking, sleep and mood-]" in text


def test_every_fix_is_shown() -> None:
    text = terminal.render(audit_result(), width=200)
    for doc in audit_result().documents:
        for f in doc.findings:
            if f.fix:
                assert f.fix in text


def test_field_marks_follow_findings_and_resolution() -> None:
    doc = article()
    ref = doc.document.references[3]  # matched, title-mismatch warning, missing-doi info
    findings = [f for f in doc.findings if f.reference == ref.n]
    kinds = dict(terminal.field_kinds(ref, doc.resolution_for(ref.n), findings))
    assert kinds == {
        "T": "problem",
        "A": "ok",
        "Y": "ok",
        "V": "ok",
        "L": "ok",
        "D": "note",
    }


def test_fields_are_unchecked_without_a_resolved_work() -> None:
    ref = article().document.references[4]
    kinds = dict(terminal.field_kinds(ref, None, []))
    assert set(kinds.values()) == {"unchecked"}


def test_status_is_a_problem_when_the_work_is_retracted() -> None:
    resolution = Resolution(ResolutionStatus.VERIFIED, "doi", OKAFOR.doi, 1.0, OKAFOR)
    retracted = Finding("RA401", "retracted-work", Severity.ERROR, "retracted", 3, reference=1)
    assert terminal.status_kind(resolution, []) == "ok"
    assert terminal.status_kind(resolution, [retracted]) == "problem"
    assert terminal.status_kind(None, []) == "unchecked"
