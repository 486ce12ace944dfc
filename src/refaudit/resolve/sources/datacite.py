"""DataCite REST API (`/dois/{doi}`, JSON:API) and doi.org's agency lookup (`/doiRA/{doi}`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from refaudit.compare import strip_markup
from refaudit.doi import normalize_doi, quote_doi
from refaudit.model import Author, Relation, Work
from refaudit.resolve.http import HttpClient, HttpFailure, Pool

# DataCite relationType -> the Crossref relation name refaudit uses.
_RELATIONS = {
    "IsPreprintOf": "is-preprint-of",
    "HasPreprint": "has-preprint",
    "IsVersionOf": "is-version-of",
    "IsIdenticalTo": "is-identical-to",
}
_TYPES = {  # DataCite resourceTypeGeneral -> Crossref-like type
    "Dataset": "dataset",
    "Software": "software",
    "Preprint": "posted-content",
    "JournalArticle": "journal-article",
    "Text": "posted-content",
    "Book": "book",
    "BookChapter": "book-chapter",
    "ConferencePaper": "proceedings-article",
    "Dissertation": "dissertation",
    "Report": "report",
}


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def agency(client: HttpClient, doi_url: str, doi: str) -> str | None:
    """The registration agency of `doi` ("crossref", "datacite", ...), None when unregistered."""
    url = f"{doi_url.rstrip('/')}/doiRA/{quote_doi(doi)}"
    response = client.get(url, pool=Pool.DOI)
    items = response.data if isinstance(response.data, list) else []
    first = items[0] if items and isinstance(items[0], Mapping) else {}
    ra = first.get("RA")
    if response.status == 200 and isinstance(ra, str) and ra:
        return ra.strip().lower()
    if response.status in (200, 404) and ("status" in first or not items):
        return None
    raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")


def _authors(creators: Any) -> tuple[Author, ...]:
    out: list[Author] = []
    for c in creators if isinstance(creators, list) else []:
        if not isinstance(c, Mapping):
            continue
        family = str(c.get("familyName") or "").strip()
        given = str(c.get("givenName") or "").strip()
        name = str(c.get("name") or "").strip()
        if family:
            out.append(Author(family=family, given=given))
        elif c.get("nameType") == "Organizational" or (name and "," not in name):
            if name:
                out.append(Author(family="", literal=name))
        elif name:
            last, _, first = name.partition(",")
            out.append(Author(family=last.strip(), given=first.strip()))
    return tuple(out)


def _issued(attributes: Mapping[str, Any]) -> str:
    for item in attributes.get("dates") or []:
        if isinstance(item, Mapping) and item.get("dateType") == "Issued":
            text = str(item.get("date") or "")[:10]
            if text[:4].isdigit():
                return text
    year = attributes.get("publicationYear")
    return f"{int(year):04d}" if isinstance(year, int | str) and str(year).isdigit() else ""


def work_from_datacite(data: Mapping[str, Any]) -> Work:
    """A DataCite JSON:API `data` object -> Work."""
    attributes = data.get("attributes")
    a: Mapping[str, Any] = _map(attributes)
    titles = [t.get("title") for t in a.get("titles") or [] if isinstance(t, Mapping)]
    title = next((strip_markup(str(t)) for t in titles if t), "")
    container = _map(a.get("container"))
    types = _map(a.get("types"))
    relations: list[Relation] = []
    for item in a.get("relatedIdentifiers") or []:
        if not isinstance(item, Mapping):
            continue
        kind = _RELATIONS.get(str(item.get("relationType") or ""))
        ident = str(item.get("relatedIdentifier") or "")
        if kind and ident and str(item.get("relatedIdentifierType") or "").upper() == "DOI":
            relations.append(Relation(kind, normalize_doi(ident) or ident.lower()))
    abstract = next(
        (
            strip_markup(str(d.get("description") or ""))
            for d in a.get("descriptions") or []
            if isinstance(d, Mapping) and d.get("descriptionType") == "Abstract"
        ),
        "",
    )
    issued = _issued(a)
    raw_doi = str(a.get("doi") or data.get("id") or "")
    publisher = a.get("publisher")
    if isinstance(publisher, Mapping):  # the 2024 schema gives {"name": ...}
        publisher = publisher.get("name")
    return Work(
        doi=normalize_doi(raw_doi) or raw_doi.lower(),
        title=title,
        authors=_authors(a.get("creators")),
        year=int(issued[:4]) if issued[:4].isdigit() else None,
        issued=issued,
        container=str(container.get("title") or "").strip(),
        volume=str(container.get("volume") or "").strip(),
        issue=str(container.get("issue") or "").strip(),
        type=_TYPES.get(str(types.get("resourceTypeGeneral") or ""), "other"),
        publisher=str(publisher or "").strip(),
        abstract=abstract,
        url=str(a.get("url") or ""),
        relations=tuple(relations),
        agency="datacite",
    )


def fetch(client: HttpClient, datacite_url: str, doi: str) -> Work | None:
    """The DataCite record of `doi`, or None when DataCite has none (404)."""
    url = f"{datacite_url.rstrip('/')}/dois/{quote_doi(doi)}"
    response = client.get(url, pool=Pool.DATACITE, headers={"Accept": "application/vnd.api+json"})
    if response.status == 404:
        return None
    data = response.data.get("data") if isinstance(response.data, Mapping) else None
    if response.status != 200 or not isinstance(data, Mapping):
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    return work_from_datacite(data)
