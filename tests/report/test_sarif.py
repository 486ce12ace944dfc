from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema

from refaudit.model import AuditResult, Document, DocumentResult, Finding, Severity
from refaudit.report import sarif
from tests.report.factories import RULES, article, audit_result, empty_result
from tests.report.goldens import assert_golden

SCHEMA = Path(__file__).parent / "sarif-schema-2.1.0.json"


def _log() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sarif.render(audit_result(), RULES))
    return data


def test_sarif_log_matches_golden() -> None:
    assert_golden("report.sarif", sarif.render(audit_result(), RULES))


def test_sarif_log_validates_against_the_sarif_2_1_0_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    for result in (audit_result(), empty_result()):
        log = json.loads(sarif.render(result, RULES))
        jsonschema.validate(log, schema, cls=jsonschema.Draft7Validator)


def test_driver_lists_the_catalogue_with_documentation() -> None:
    driver = _log()["runs"][0]["tool"]["driver"]
    assert driver["name"] == "refaudit"
    rule = driver["rules"][5]
    assert rule["id"] == "RA301"
    assert rule["name"] == "title-mismatch"
    assert rule["shortDescription"]["text"] == "The printed title differs."
    assert rule["fullDescription"]["text"] == "The title-mismatch condition."
    assert "Why it matters:" in rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"


def test_results_point_at_file_and_line_with_sarif_levels() -> None:
    results = _log()["runs"][0]["results"]
    levels = [r["level"] for r in results]
    assert levels.count("note") == 1
    wrong_doi = results[1]
    assert wrong_doi["ruleId"] == "RA201"
    assert wrong_doi["ruleIndex"] == 2
    location = wrong_doi["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "docs/article.md"}, "region": {"startLine": 21}}
    assert wrong_doi["message"]["text"].endswith("(fix: replace the DOI with 10.5555/cog.2020.7)")


def test_paths_become_relative_uri_references() -> None:
    assert sarif.artifact_uri("chapters/intro, draft.md") == "chapters/intro%2C%20draft.md"
    assert sarif.artifact_uri("docs\\a b.md") == "docs/a%20b.md"


def test_a_finding_without_a_line_has_no_region() -> None:
    finding = Finding("RA101", "no-reference-list", Severity.ERROR, "no list", 0, "a.txt")
    doc = DocumentResult(Document(path="a.txt", format="text", lines=()), (), (finding,))
    log = sarif.report_sarif(AuditResult(documents=(doc,)), RULES)
    result = log["runs"][0]["results"][0]
    assert result["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "a.txt"}}}]
    assert "ruleIndex" not in result


def test_fingerprint_survives_the_entry_moving_to_another_line() -> None:
    doc = article()
    finding = doc.findings[1]
    moved = replace(finding, line=finding.line + 40)
    assert sarif.fingerprint(finding, doc) == sarif.fingerprint(moved, doc)
    assert sarif.fingerprint(finding, doc) != sarif.fingerprint(doc.findings[2], doc)
