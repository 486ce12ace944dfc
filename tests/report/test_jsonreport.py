from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from refaudit import __version__
from refaudit.model import AuditResult, Finding, Severity
from refaudit.report import jsonreport
from tests.report.factories import audit_result, empty_result
from tests.report.goldens import assert_golden

SCHEMA = Path(__file__).parents[2] / "docs" / "json-report.schema.json"


def _report(result: AuditResult | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(jsonreport.render(result or audit_result()))
    return data


def test_json_report_matches_golden() -> None:
    assert_golden("report.json", jsonreport.render(audit_result()))


@pytest.mark.parametrize("result", [audit_result(), empty_result()], ids=["full", "empty"])
def test_json_report_validates_against_the_documented_schema(result: AuditResult) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(_report(result), schema, cls=jsonschema.Draft202012Validator)


def test_top_level_carries_schema_version_and_tool() -> None:
    data = _report()
    assert data["schema_version"] == 1
    assert data["tool"] == {"name": "refaudit", "version": __version__}
    assert list(data)[:4] == ["schema_version", "tool", "documents", "summary"]


def test_every_finding_is_in_the_document_and_reference_findings_in_their_entry() -> None:
    doc = _report()["documents"][0]
    assert len(doc["findings"]) == 6
    by_ref = {r["n"]: [f["code"] for f in r["findings"]] for r in doc["references"]}
    assert by_ref == {1: [], 2: ["RA201"], 3: ["RA202"], 4: ["RA301", "RA203"], 5: ["RA005"]}
    document_level = [f for f in doc["findings"] if f["reference"] is None]
    assert [f["rule"] for f in document_level] == ["missing-reference"]


def test_finding_carries_every_contract_key() -> None:
    finding = _report()["documents"][0]["references"][1]["findings"][0]
    assert finding == {
        "code": "RA201",
        "rule": "wrong-doi",
        "severity": "error",
        "message": "DOI 10.5555/cog.2020.8 belongs to another work: Noise exposure and blood "
        "pressure",
        "line": 21,
        "reference": 2,
        "expected": "10.5555/cog.2020.7",
        "found": "10.5555/cog.2020.8",
        "fix": "replace the DOI with 10.5555/cog.2020.7",
        "path": "docs/article.md",
    }


def test_reference_citations_are_indexes_into_the_document_citations() -> None:
    doc = _report()["documents"][0]
    for ref in doc["references"]:
        for i in ref["citations"]:
            assert ref["n"] in doc["citations"][i]["references"]
    assert doc["references"][4]["citations"] == [2]


def test_organisation_authors_have_a_literal_and_null_names() -> None:
    ref = _report()["documents"][0]["references"][3]
    assert ref["parsed"]["authors"] == [
        {"family": None, "given": None, "literal": "Wellbeing Study Group"}
    ]


def test_resolution_is_null_for_an_unresolved_entry_and_holds_the_work_otherwise() -> None:
    refs = _report()["documents"][0]["references"]
    assert refs[4]["resolution"] is None
    verified = refs[0]["resolution"]
    assert verified["status"] == "verified"
    assert verified["work"]["published_online"] == "2018-11-20"
    assert verified["work"]["article_number"] is None


def test_not_found_keeps_its_candidates() -> None:
    resolution = _report()["documents"][0]["references"][2]["resolution"]
    assert resolution["work"] is None
    assert [c["doi"] for c in resolution["candidates"]] == [
        "10.5555/jir.2021.2",
        "10.5555/qb.2019.5",
    ]
    assert resolution["candidates"][0]["score"] == 0.41


def test_summary_counts_by_severity_and_status() -> None:
    summary = _report()["summary"]
    assert summary["documents"] == 2
    assert summary["references"] == 6
    assert summary["citations"] == 6
    assert summary["findings"] == 7
    assert summary["by_severity"] == {"error": 2, "warning": 4, "info": 1}
    assert summary["by_status"]["matched"] == 2
    assert summary["by_status"]["unresolved"] == 1


def test_a_finding_without_a_line_has_a_null_line() -> None:
    finding = Finding("RA101", "no-reference-list", Severity.ERROR, "no list", 0, "a.txt")
    assert jsonreport.finding_json(finding)["line"] is None


def test_a_line_of_thousands_of_markers_gives_a_report_linear_in_its_size(
    tmp_path: Path,
) -> None:
    # Each citation carries its sentence: a 15 KB line of "[1], " once repeated the whole line
    # per citation (a 1 MB line made 9.8 GB of report and a batch was killed out of memory).
    from refaudit.audit import audit, read_documents
    from refaudit.check import select_rules
    from refaudit.report import render
    from refaudit.settings import Settings

    line = "Seen in " + "[1], " * 3000 + "and more."
    data = line + "\n\nReferences\n\n1. Smith, J. (2020). A title. Journal of Tests, 4, 1-9.\n"
    path = tmp_path / "markers.md"
    path.write_text(data, encoding="utf-8")
    result = audit(read_documents([str(path)]), Settings(offline=True), resolve=False)
    citations = result.documents[0].document.citations
    assert len(citations) >= 3000
    text = render(result, "json", rules=select_rules())
    # At most a bounded piece of sentence and a fixed record per citation, whatever the line.
    assert len(text) < len(citations) * (1000 + 600)
    assert json.loads(text)["documents"][0]["references"][0]["citations"][:3] == [0, 1, 2]
