"""Crossref REST API: fetch a work by DOI, search by bibliographic text, JSON -> model.Work."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from refaudit.compare import strip_markup, year_of
from refaudit.doi import normalize_doi, quote_doi
from refaudit.model import Author, Relation, Update, Work
from refaudit.resolve.http import HttpClient, HttpFailure, Pool

NOT_FOUND_BODY = "Resource not found."
DEFAULT_ROWS = 10


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One item of a Crossref work-list: the work and Crossref's relevance score."""

    work: Work
    score: float | None = None


def _first(value: Any) -> str:
    if isinstance(value, list):
        return next((str(v).strip() for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def date_from_parts(value: Any) -> str:
    """ISO date from a Crossref date object: {"date-parts": [[2018, 6]]} -> "2018-06"."""
    if not isinstance(value, Mapping):
        return ""
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return ""
    numbers: list[int] = []
    for part in parts[0][:3]:
        if isinstance(part, int) and not isinstance(part, bool):
            numbers.append(part)
        elif isinstance(part, str) and part.isdigit():
            numbers.append(int(part))
        else:
            break
    if not numbers or not 0 < numbers[0] < 10000:
        return ""
    return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])


def authors_from(items: Any) -> tuple[Author, ...]:
    """Crossref/CSL `author` list -> Authors; organisations (`name`/`literal`) keep no family."""
    if not isinstance(items, list):
        return ()
    out: list[Author] = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        family = str(item.get("family") or "").strip()
        given = str(item.get("given") or "").strip()
        if family:
            out.append(Author(family=family, given=given))
            continue
        literal = str(item.get("name") or item.get("literal") or "").strip()
        if literal:
            out.append(Author(family="", literal=literal))
        elif given:  # mononyms are sometimes deposited as given names only
            out.append(Author(family=given))
    return tuple(out)


def _updates(items: Any) -> tuple[Update, ...]:
    if not isinstance(items, list):
        return ()
    out: list[Update] = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        doi = normalize_doi(str(item.get("DOI") or "")) or str(item.get("DOI") or "").lower()
        out.append(
            Update(
                type=str(item.get("type") or "").strip().lower(),
                doi=doi,
                source=str(item.get("source") or ""),
                date=date_from_parts(item.get("updated")),
            )
        )
    return tuple(out)


def _relations(value: Any) -> tuple[Relation, ...]:
    if not isinstance(value, Mapping):
        return ()
    out: list[Relation] = []
    for kind, items in value.items():
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, Mapping) and item.get("id"):
                id_type = str(item.get("id-type") or "doi")
                ident = str(item["id"])
                if id_type == "doi":
                    ident = normalize_doi(ident) or ident.lower()
                out.append(Relation(type=str(kind), id=ident, id_type=id_type))
    return tuple(out)


def _title(message: Mapping[str, Any]) -> str:
    title = _first(message.get("title"))
    subtitle = _first(message.get("subtitle"))
    title = strip_markup(title)
    subtitle = strip_markup(subtitle)
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title.rstrip(' :')}: {subtitle}" if title else subtitle
    return title


def _pages(message: Mapping[str, Any]) -> str:
    page = str(message.get("page") or "").strip()
    return page.replace("–", "-").replace("—", "-")


def work_from_message(message: Mapping[str, Any], agency: str = "crossref") -> Work:
    """Normalise a Crossref `message` (one work, or one item of a work-list) into a Work."""
    published_print = date_from_parts(message.get("published-print"))
    published_online = date_from_parts(message.get("published-online"))
    issued = date_from_parts(message.get("issued")) or date_from_parts(message.get("posted"))
    if not issued:
        issued = min(
            (d for d in (published_print, published_online) if d),
            default="",
            key=lambda d: d.ljust(10, "9"),
        )
    if not issued:
        issued = date_from_parts(message.get("created"))
    container = _first(message.get("container-title"))
    if not container and message.get("type") == "posted-content":
        # Preprint servers deposit their name as the institution, not as a container.
        institutions = message.get("institution")
        names = [i.get("name") for i in institutions or [] if isinstance(i, Mapping)]
        container = _first(names)
    issn = message.get("ISSN")
    subjects = message.get("subject")
    raw_doi = str(message.get("DOI") or "")
    return Work(
        doi=normalize_doi(raw_doi) or raw_doi.lower(),
        title=_title(message),
        authors=authors_from(message.get("author")),
        year=year_of(issued),
        issued=issued,
        published_print=published_print,
        published_online=published_online,
        container=strip_markup(container),
        short_container=_first(message.get("short-container-title")),
        volume=str(message.get("volume") or "").strip(),
        issue=str(message.get("issue") or "").strip(),
        pages=_pages(message),
        article_number=str(message.get("article-number") or "").strip(),
        type=str(message.get("type") or "").strip(),
        publisher=str(message.get("publisher") or "").strip(),
        abstract=strip_markup(str(message.get("abstract") or "")),
        subjects=tuple(s for s in subjects if isinstance(s, str))
        if isinstance(subjects, list)
        else (),
        issn=tuple(s for s in issn if isinstance(s, str)) if isinstance(issn, list) else (),
        url=str(message.get("URL") or ""),
        updated_by=_updates(message.get("updated-by")),
        update_to=_updates(message.get("update-to")),
        relations=_relations(message.get("relation")),
        agency=agency,
    )


class BadAnswer(HttpFailure):
    """The service answered, but not in the shape its documentation promises."""


def _message(data: Any, kind: str, url: str) -> Mapping[str, Any]:
    if (
        not isinstance(data, Mapping)
        or data.get("status") != "ok"
        or data.get("message-type") != kind
        or not isinstance(data.get("message"), Mapping)
    ):
        raise BadAnswer(f"unexpected answer from {url}: not a Crossref {kind}")
    message: Mapping[str, Any] = data["message"]
    return message


def fetch_work(client: HttpClient, crossref_url: str, doi: str) -> Work | None:
    """The Crossref record of `doi`, or None when Crossref has no such DOI (404)."""
    url = f"{crossref_url.rstrip('/')}/works/{quote_doi(doi)}"
    response = client.get(url, pool=Pool.SINGLE)
    if response.status == 404:
        return None
    if response.status != 200:
        raise BadAnswer(f"HTTP {response.status} from {url}")
    return work_from_message(_message(response.data, "work", url))


def search(
    client: HttpClient, crossref_url: str, query: str, rows: int = DEFAULT_ROWS
) -> tuple[SearchHit, ...]:
    """Crossref's best `rows` works for a bibliographic query, with their relevance scores."""
    url = f"{crossref_url.rstrip('/')}/works"
    params = {"query.bibliographic": query, "rows": str(max(1, min(rows, 1000)))}
    response = client.get(url, params=params, pool=Pool.QUERY)
    if response.status != 200:
        raise BadAnswer(f"HTTP {response.status} from {url}")
    message = _message(response.data, "work-list", url)
    return parse_items(message.get("items"))


def parse_items(items: Any) -> tuple[SearchHit, ...]:
    """Work-list `items` -> SearchHits, skipping items that are not works."""
    if not isinstance(items, Sequence):
        return ()
    hits: list[SearchHit] = []
    for item in items:
        if isinstance(item, Mapping) and item.get("DOI"):
            score = item.get("score")
            hits.append(
                SearchHit(
                    work_from_message(item),
                    float(score) if isinstance(score, int | float) else None,
                )
            )
    return tuple(hits)
