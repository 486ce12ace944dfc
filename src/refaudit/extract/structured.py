"""Structured references (a Crossref deposit's `reference` fields) -> Reference, no parsing of text.

Crossref deposits carry `author` (the first author as printed), `year`, `journal-title`,
`volume`, `issue`, `first-page`, `article-title`, `volume-title`, `DOI` and `unstructured`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from refaudit.compare import fields_text
from refaudit.doi import normalize_doi
from refaudit.extract.names import parse_author_segment
from refaudit.model import Author, ParsedFields, Reference

_YEAR = re.compile(r"(1[5-9]\d{2}|20\d{2})([a-z]?)")


def _text(data: Mapping[str, object], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return None


def _authors(value: str | None) -> tuple[Author, ...]:
    if not value:
        return ()
    if " " not in value.strip() and "," not in value:
        return (Author(family=value.strip()),)
    authors, _ = parse_author_segment(value)
    out = [Author(family=a.literal) if a.literal and " " not in a.literal else a for a in authors]
    return tuple(out)


def fields_from_deposit(data: Mapping[str, object]) -> ParsedFields:
    """ParsedFields from one structured reference's keys (unknown keys are ignored)."""
    year_text = _text(data, "year", "cYear") or ""
    year = _YEAR.search(year_text)
    first_page = _text(data, "first-page", "page")
    doi_text = _text(data, "DOI", "doi")
    doi = normalize_doi(doi_text) if doi_text else None
    return ParsedFields(
        authors=_authors(_text(data, "author")),
        et_al=True,
        year=int(year.group(1)) if year else None,
        year_suffix=year.group(2) if year else "",
        title=_text(data, "article-title", "title"),
        container=_text(data, "journal-title", "volume-title", "series-title"),
        volume=_text(data, "volume"),
        issue=_text(data, "issue"),
        pages=first_page,
        doi=doi,
        doi_raw=doi_text if doi_text and not doi else None,
        type="journal-article" if _text(data, "journal-title") else None,
    )


def reference_from_fields(n: int, data: Mapping[str, object], line: int = 1) -> Reference:
    """One structured reference as a Reference whose `raw` is its fields joined."""
    fields = fields_from_deposit(data)
    raw = _text(data, "unstructured") or fields_text(fields)
    return Reference(n=n, line=line, raw=raw, fields=fields, key=f"ref{n}")
