from __future__ import annotations

from refaudit.model import Severity
from refaudit.report.totals import plural, status_of, totals
from tests.report.factories import audit_result, empty_result


def test_totals_count_documents_references_citations_and_findings() -> None:
    t = totals(audit_result())
    assert (t.documents, t.references, t.citations, t.findings) == (2, 6, 6, 7)
    assert t.severity(Severity.WARNING) == 4
    assert t.status("doi-mismatch") == 1
    assert t.status("unresolved") == 1


def test_every_severity_and_status_is_present_even_at_zero() -> None:
    t = totals(empty_result())
    assert dict(t.by_severity) == {"error": 0, "warning": 0, "info": 0}
    assert all(n == 0 for _, n in t.by_status)
    assert "skipped" in dict(t.by_status)


def test_status_of_a_missing_resolution_is_unresolved() -> None:
    assert status_of(None) == "unresolved"


def test_plural_forms() -> None:
    assert plural(1, "error") == "1 error"
    assert plural(2, "error") == "2 errors"
    assert plural(3, "reference") == "3 references"
    assert plural(2, "entry") == "2 entries"
