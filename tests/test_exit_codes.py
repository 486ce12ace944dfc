"""Exit codes: an incomplete report (internal-error findings) is told apart from a clean one."""

from __future__ import annotations

from refaudit.cli.output import EXIT_INCOMPLETE, EXIT_UNREACHABLE, exit_code_for
from refaudit.model import (
    AuditResult,
    Document,
    DocumentResult,
    Finding,
    Severity,
    SkippedInput,
)


def _result(*findings: Finding, **kw: object) -> AuditResult:
    doc = DocumentResult(Document(path="a.txt", format="text", lines=()), (), findings)
    return AuditResult(documents=(doc,), **kw)  # type: ignore[arg-type]


BUG = Finding("RA199", "internal-error", Severity.ERROR, "internal error on entry 2", 3)
WARN = Finding("RA302", "author-mismatch", Severity.WARNING, "authors differ", 3)


def test_internal_error_findings_make_exit_code_6_even_with_fail_on_never() -> None:
    assert exit_code_for(_result(BUG, WARN), "error") == EXIT_INCOMPLETE == 6
    assert exit_code_for(_result(BUG), "never") == EXIT_INCOMPLETE


def test_unreachable_wins_over_incomplete_and_incomplete_over_skipped() -> None:
    assert exit_code_for(_result(BUG, unreachable=True), "error") == EXIT_UNREACHABLE
    skipped = (SkippedInput("b.txt", "b.txt: binary"),)
    assert exit_code_for(_result(BUG, skipped=skipped), "error") == EXIT_INCOMPLETE
    assert exit_code_for(_result(WARN), "error") == 0
