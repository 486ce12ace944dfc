"""A cited preprint with a published version gets an info finding naming it, end to end:
read the document, resolve against a local server of recorded Crossref answers, check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer

from refaudit.audit import audit_paths
from refaudit.settings import Settings

RECORDED = Path(__file__).resolve().parents[2] / "fixtures" / "crossref" / "recorded"
PREPRINT = "work_posted-content_research-square_10.21203_is-preprint-of.json"


def _record() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RECORDED / PREPRINT).read_text(encoding="utf-8"))
    return data


def _settings(url: str, tmp_path: Path) -> Settings:
    return Settings(
        crossref_url=url + "/crossref",
        doi_url=url + "/doi",
        cache_dir=str(tmp_path / "cache"),
        mailto="tests@example.org",
        timeout=2.0,
        max_retry_time=2.0,
    )


def _document(tmp_path: Path, entry: str) -> str:
    path = tmp_path / "article.md"
    path.write_text(
        f"# Notes\n\nAs shown before [1].\n\n## References\n\n1. {entry}\n", encoding="utf-8"
    )
    return str(path)


def test_a_preprint_cited_by_its_doi_names_its_journal_version(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    record = _record()
    doi = record["message"]["DOI"]
    httpserver.expect_request(f"/crossref/works/{doi}").respond_with_json(record)
    entry = (
        "Treweek, S., Bevan, S., & Bower, P. (2019). Trial Forge Guidance 2: How to decide if a "
        f"further Study Within A Trial (SWAT) is needed. Research Square. https://doi.org/{doi}"
    )
    url = httpserver.url_for("").rstrip("/")
    result = audit_paths([_document(tmp_path, entry)], _settings(url, tmp_path))
    found = [f for f in result.findings if f.rule == "preprint-has-publication"]
    assert len(found) == 1 and found[0].severity.value == "info"
    assert "10.1186/s13063-019-3980-5" in found[0].message


def test_a_preprint_found_by_search_names_its_journal_version(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    record = _record()
    item = {**record["message"], "score": 55.0}
    works = {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": {"facets": {}, "total-results": 1, "items": [item], "items-per-page": 10},
    }
    httpserver.expect_request("/crossref/works").respond_with_json(works)
    entry = (
        "Treweek, S., Bevan, S., & Bower, P. (2019). Trial Forge Guidance 2: How to decide if a "
        "further Study Within A Trial (SWAT) is needed. Research Square."
    )
    url = httpserver.url_for("").rstrip("/")
    result = audit_paths([_document(tmp_path, entry)], _settings(url, tmp_path))
    assert result.documents[0].resolutions[0] is not None
    assert result.documents[0].resolutions[0].doi == record["message"]["DOI"]
    found = [f for f in result.findings if f.rule == "preprint-has-publication"]
    assert len(found) == 1 and "10.1186/s13063-019-3980-5" in found[0].message
