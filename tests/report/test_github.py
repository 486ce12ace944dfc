from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from refaudit.model import Finding, Severity
from refaudit.report import github
from tests.report.factories import ARTICLE, DRAFT, audit_result
from tests.report.goldens import assert_golden


def test_github_annotations_match_golden() -> None:
    assert_golden("github.txt", github.render(audit_result()))


def test_one_annotation_per_finding_with_its_file_and_line() -> None:
    lines = github.render(audit_result()).splitlines()
    findings = audit_result().findings
    assert len(lines) == len(findings)
    assert lines[1].startswith(f"::error file={ARTICLE},line=21,title=refaudit RA201 wrong-doi::")


def test_info_findings_become_notices() -> None:
    text = github.render(audit_result())
    assert "::notice file=docs/article.md,line=23,title=refaudit RA203 missing-doi::" in text


def test_fix_is_appended_to_the_message() -> None:
    text = github.render(audit_result())
    assert "(fix: replace the DOI with 10.5555/cog.2020.7)" in text


def test_properties_escape_colon_and_comma_and_data_escapes_newlines() -> None:
    last = github.render(audit_result()).splitlines()[-1]
    assert last.startswith("::warning file=chapters/intro%2C draft.md,line=2,")
    assert "adolescents:%0Aabstract: We" in last
    assert DRAFT not in last


def test_escaping_follows_the_runner_rules() -> None:
    assert github.escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_a_finding_without_a_line_has_no_line_property() -> None:
    finding = Finding("RA000", "no-reference-list", Severity.WARNING, "no list", 0, "a.txt")
    assert github.annotation(finding, "a.txt") == (
        "::warning file=a.txt,title=refaudit RA000 no-reference-list::no list"
    )


def _unescape(value: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(code, char)
    return value


@given(st.text())
def test_property_escaping_round_trips_and_leaves_no_delimiters(value: str) -> None:
    escaped = github.escape_property(value)
    assert not set(escaped) & {":", ",", "\r", "\n"}
    assert _unescape(escaped) == value
