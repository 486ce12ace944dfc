from __future__ import annotations

from dataclasses import replace

from refaudit.model import AuditResult, Finding, Severity
from refaudit.report import markdown
from tests.report.factories import article, audit_result, empty_result
from tests.report.goldens import assert_golden


def test_markdown_report_matches_golden() -> None:
    assert_golden("markdown.md", markdown.render(audit_result()))


def test_clean_document_says_no_findings() -> None:
    text = markdown.render(empty_result())
    assert "No findings." in text
    assert "Offline run" in text


def test_table_cells_escape_pipes_and_keep_line_breaks() -> None:
    assert markdown.cell("a | b\nc <i>") == "a \\| b<br>c &lt;i&gt;"


def test_long_finding_lists_are_collapsed() -> None:
    doc = article()
    many = tuple(
        Finding(
            "RA005", "incomplete-reference", Severity.WARNING, f"entry {i}", i, doc.document.path
        )
        for i in range(1, markdown.COLLAPSE_AFTER + 2)
    )
    text = markdown.render(AuditResult(documents=(replace(doc, findings=many),)))
    assert "<details>" in text
    assert "<summary>11 findings in docs/article.md</summary>" in text


def test_short_finding_lists_are_not_collapsed() -> None:
    assert "findings in" not in markdown.render(audit_result())


def test_every_reference_is_listed_with_its_status_in_a_folded_table() -> None:
    text = markdown.render(audit_result())
    assert "<summary>5 references in docs/article.md</summary>" in text
    assert "| 2 | 21 | doi-mismatch | 10.5555/cog.2020.7 |" in text
    assert "| 5 | 24 | unresolved |  |" in text
