"""OpenAlex works search: candidates for an entry Crossref cannot find."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from refaudit.compare import strip_markup
from refaudit.doi import normalize_doi
from refaudit.model import Author, Work
from refaudit.resolve.http import HttpClient, HttpFailure, Pool
from refaudit.resolve.sources.texts import CitedText

_TYPES = {
    "article": "journal-article",
    "book": "book",
    "book-chapter": "book-chapter",
    "dataset": "dataset",
    "preprint": "posted-content",
    "dissertation": "dissertation",
    "report": "report",
}


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _author(name: str) -> Author:
    parts = name.split()
    if len(parts) < 2:
        return Author(family=name)
    return Author(family=parts[-1], given=" ".join(parts[:-1]))


def work_from_openalex(item: Mapping[str, Any]) -> Work:
    """One OpenAlex work object -> Work."""
    location = item.get("primary_location")
    source = location.get("source") if isinstance(location, Mapping) else None
    biblio = _map(item.get("biblio"))
    first, last = biblio.get("first_page"), biblio.get("last_page")
    pages = f"{first}-{last}" if first and last and first != last else str(first or "")
    authors = [
        str(a["author"].get("display_name") or "")
        for a in item.get("authorships") or []
        if isinstance(a, Mapping) and isinstance(a.get("author"), Mapping)
    ]
    raw_doi = str(item.get("doi") or "")
    year = item.get("publication_year")
    return Work(
        doi=normalize_doi(raw_doi) or "",
        title=strip_markup(str(item.get("title") or item.get("display_name") or "")),
        authors=tuple(_author(n) for n in authors if n),
        year=year if isinstance(year, int) else None,
        issued=str(item.get("publication_date") or year or ""),
        container=str(source.get("display_name") or "") if isinstance(source, Mapping) else "",
        volume=str(biblio.get("volume") or ""),
        issue=str(biblio.get("issue") or ""),
        pages=pages,
        type=_TYPES.get(str(item.get("type") or ""), str(item.get("type") or "")),
        url=str(item.get("id") or ""),
        agency="openalex",
    )


def search(
    client: HttpClient, openalex_url: str, query: str, rows: int = 10
) -> tuple[tuple[Work, float | None], ...]:
    """OpenAlex's best `rows` works for a free-text query, with their relevance scores."""
    url = f"{openalex_url.rstrip('/')}/works"
    params = {"search": query, "per-page": str(max(1, min(rows, 200)))}
    response = client.get(url, params=params, pool=Pool.OPENALEX)
    if response.status != 200 or not isinstance(response.data, Mapping):
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    out: list[tuple[Work, float | None]] = []
    for item in response.data.get("results") or []:
        if isinstance(item, Mapping) and (item.get("title") or item.get("display_name")):
            score = item.get("relevance_score")
            out.append(
                (work_from_openalex(item), float(score) if isinstance(score, int | float) else None)
            )
    return tuple(out)


def rebuild_abstract(index: Any) -> str:
    """The abstract's text from OpenAlex's `abstract_inverted_index` (word -> positions)."""
    if not isinstance(index, Mapping):
        return ""
    at: dict[int, str] = {}
    for word, positions in index.items():
        for p in positions if isinstance(positions, list) else []:
            if isinstance(p, int) and p >= 0:
                at[p] = str(word)
    return " ".join(at[p] for p in sorted(at))


def fetch_text(
    client: HttpClient, openalex_url: str, *, doi: str = "", pmid: str | None = None
) -> CitedText | None:
    """OpenAlex's abstract of the work with `doi` (or `pmid`) and its keywords, or None."""
    ident = f"doi:{doi}" if doi else f"pmid:{pmid}" if pmid else ""
    if not ident:
        return None
    url = f"{openalex_url.rstrip('/')}/works/{quote(ident, safe=':/')}"
    response = client.get(url, pool=Pool.OPENALEX)
    if response.status in (400, 404):
        return None
    if response.status != 200 or not isinstance(response.data, Mapping):
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    abstract = rebuild_abstract(response.data.get("abstract_inverted_index"))
    if not abstract:
        return None
    keywords = [
        str(k.get("display_name") or "")
        for k in response.data.get("keywords") or []
        if isinstance(k, Mapping)
    ]
    mesh = [
        str(m.get("descriptor_name") or "")
        for m in response.data.get("mesh") or []
        if isinstance(m, Mapping)
    ]
    return CitedText(abstract, tuple(s for s in (*mesh, *keywords) if s), "openalex")
