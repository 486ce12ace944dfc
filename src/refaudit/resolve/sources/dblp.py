"""DBLP publication search: candidates for computer-science entries Crossref cannot find."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from refaudit.doi import normalize_doi
from refaudit.model import Author, Work
from refaudit.resolve.http import HttpClient, HttpFailure, Pool

_TYPES = {
    "Journal Articles": "journal-article",
    "Conference and Workshop Papers": "proceedings-article",
    "Informal and Other Publications": "posted-content",
    "Books and Theses": "book",
    "Parts in Books or Collections": "book-chapter",
}


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _as_list(value: Any) -> list[Any]:
    """DBLP gives one author as an object and several as a list."""
    if isinstance(value, list):
        return value
    return [value] if value is not None else []


def _author(item: Any) -> Author:
    name = str(item.get("text") if isinstance(item, Mapping) else item or "")
    name = re.sub(r"\s+\d{4}$", "", name).strip()  # homonym numbers: "Wei Wang 0001"
    parts = name.split()
    if len(parts) < 2:
        return Author(family=name)
    return Author(family=parts[-1], given=" ".join(parts[:-1]))


def work_from_hit(info: Mapping[str, Any]) -> Work:
    """The `info` of one DBLP search hit -> Work."""
    authors = info.get("authors")
    people = _as_list(authors.get("author")) if isinstance(authors, Mapping) else []
    year = str(info.get("year") or "")
    return Work(
        doi=normalize_doi(str(info.get("doi") or "")) or "",
        title=str(info.get("title") or "").strip().rstrip("."),
        authors=tuple(_author(p) for p in people),
        year=int(year) if year.isdigit() else None,
        issued=year if year.isdigit() else "",
        container=str(info.get("venue") or ""),
        volume=str(info.get("volume") or ""),
        issue=str(info.get("number") or ""),
        pages=str(info.get("pages") or ""),
        type=_TYPES.get(str(info.get("type") or ""), "other"),
        url=str(info.get("ee") or info.get("url") or ""),
        agency="dblp",
    )


def search(
    client: HttpClient, dblp_url: str, query: str, rows: int = 10
) -> tuple[tuple[Work, float | None], ...]:
    """DBLP's best `rows` publications for a query, with their scores."""
    url = f"{dblp_url.rstrip('/')}/search/publ/api"
    params = {"q": query, "format": "json", "h": str(max(1, min(rows, 1000)))}
    response = client.get(url, params=params, pool=Pool.DBLP)
    result = response.data.get("result") if isinstance(response.data, Mapping) else None
    if response.status != 200 or not isinstance(result, Mapping):
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    hits = _map(result.get("hits"))
    out: list[tuple[Work, float | None]] = []
    for hit in _as_list(hits.get("hit")):
        info = hit.get("info") if isinstance(hit, Mapping) else None
        if isinstance(info, Mapping) and info.get("title"):
            score = str(hit.get("@score") or "")
            out.append((work_from_hit(info), float(score) if score.isdigit() else None))
    return tuple(out)
