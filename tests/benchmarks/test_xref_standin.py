"""The benchmark's Crossref stand-in answers in Crossref's shapes and ranks like a search engine."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from xref_standin import RateLimits, serve


def _work(doi: str, title: str, family: str, year: int, **extra: Any) -> dict[str, Any]:
    return {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"given": "A.", "family": family, "sequence": "first"}],
        "container-title": ["Journal of Tests"],
        "issued": {"date-parts": [[year]]},
        "_reconstructed": True,
        **extra,
    }


def _records(tmp_path: Path) -> Path:
    works = [
        _work("10.5555/A.1", "Fish growth in cold water", "Mercer", 2001, volume="12", page="1-9"),
        _work("10.5555/a.2", "Fish growth in warm water", "Mercer", 2003, volume="14"),
        _work("10.5555/b.1", "Bird song and territory", "Okafor", 1999),
    ]
    for w in works:
        (tmp_path / (w["DOI"].lower().replace("/", "_") + ".json")).write_text(json.dumps(w))
    return tmp_path


def test_work_is_served_without_corpus_keys_and_unknown_doi_is_plain_404(tmp_path: Path) -> None:
    with serve(_records(tmp_path)) as url:
        ok = requests.get(f"{url}/works/10.5555/a.1", timeout=5)
        missing = requests.get(f"{url}/works/10.5555/nope", timeout=5)
    body = ok.json()
    assert body["status"] == "ok" and body["message-type"] == "work"
    assert body["message"]["DOI"] == "10.5555/A.1"
    assert not [k for k in body["message"] if k.startswith("_")]
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/plain")
    assert missing.text == "Resource not found."


def test_search_ranks_the_closest_record_first_with_scores(tmp_path: Path) -> None:
    with serve(_records(tmp_path)) as url:
        answer = requests.get(
            f"{url}/works",
            params={"query.bibliographic": "Mercer, Fish growth in warm water 2003", "rows": "2"},
            timeout=5,
        ).json()
    items = answer["message"]["items"]
    assert answer["message-type"] == "work-list"
    assert [i["DOI"] for i in items] == ["10.5555/a.2", "10.5555/A.1"]
    assert items[0]["score"] > items[1]["score"] > 0
    assert answer["message"]["total-results"] == 2


def test_excluded_records_are_not_served_or_found(tmp_path: Path) -> None:
    with serve(_records(tmp_path), exclude={"10.5555/B.1"}) as url:
        work = requests.get(f"{url}/works/10.5555/b.1", timeout=5)
        handle = requests.get(f"{url}/api/handles/10.5555/b.1", timeout=5)
        found = requests.get(
            f"{url}/works", params={"query.bibliographic": "Okafor bird song"}, timeout=5
        ).json()
    assert work.status_code == 404
    assert handle.status_code == 404 and handle.json()["responseCode"] == 100
    assert "10.5555/b.1" not in [i["DOI"] for i in found["message"]["items"]]


def test_bad_rows_is_a_validation_failure_and_limits_are_announced(tmp_path: Path) -> None:
    with serve(_records(tmp_path), limits=RateLimits(limit=7, concurrency=2)) as url:
        bad = requests.get(
            f"{url}/works", params={"query.bibliographic": "x", "rows": "0"}, timeout=5
        )
        handle = requests.get(f"{url}/api/handles/10.5555/a.1", timeout=5)
    assert bad.status_code == 400
    assert bad.json()["message-type"] == "validation-failure"
    assert bad.headers["x-rate-limit-limit"] == "7"
    assert bad.headers["x-concurrency-limit"] == "2"
    assert handle.json()["responseCode"] == 1
