"""One flat record per exported reference: registered metadata when resolved, else parsed fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from refaudit.compare import year_of
from refaudit.export.keys import KeySource, make_keys
from refaudit.model import (
    Author,
    ParsedFields,
    Reference,
    Resolution,
    Work,
    registered_work,
)

UNVERIFIED_NOTE = "refaudit: unverified"
UNVERIFIED_KEYWORD = "refaudit-unverified"

_TYPE_ALIASES = {
    "chapter": "book-chapter",
    "incollection": "book-chapter",
    "inbook": "book-chapter",
    "chapter-in-book": "book-chapter",
    "conference-paper": "proceedings-article",
    "conference": "proceedings-article",
    "inproceedings": "proceedings-article",
    "paper-conference": "proceedings-article",
    "article": "journal-article",
    "journal": "journal-article",
    "preprint": "posted-content",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "thesis": "dissertation",
    "website": "web",
    "webpage": "web",
}


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """What every exporter writes for one reference."""

    key: str
    verified: bool  # built from a registered work
    type: str  # Crossref-style: journal-article, posted-content, book-chapter, web ...
    authors: tuple[Author, ...] = ()
    et_al: bool = False  # the author list is known to be incomplete
    title: str = ""
    year: int | None = None
    date: str = ""  # ISO, possibly partial, of the chosen year
    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    article_number: str = ""
    doi: str = ""
    url: str = ""
    publisher: str = ""
    issn: tuple[str, ...] = ()
    arxiv: str = ""
    pmid: str = ""
    pmcid: str = ""


def normalize_type(kind: str | None) -> str:
    """A Crossref-style type: 'posted-content (preprint)' -> 'posted-content', 'chapter' -> ..."""
    base = (kind or "").split("(")[0].strip().lower()
    return _TYPE_ALIASES.get(base, base)


def chosen_date(printed_year: int | None, work: Work) -> tuple[int | None, str]:
    """Year and date to write. A printed year matching the online or print date is kept (both
    are defensible, and the text cites it); otherwise the registered issue date wins."""
    for date in (work.issued, work.published_online, work.published_print):
        if printed_year is not None and year_of(date) == printed_year:
            return printed_year, date
    date = work.issued or work.published_print or work.published_online
    return (work.year or year_of(date)), date


def _from_work(key: str, ref: Reference, work: Work) -> ExportRecord:
    year, date = chosen_date(ref.fields.year, work)
    article_number = work.article_number
    pages = work.pages
    if pages and pages == article_number:
        pages = ""
    return ExportRecord(
        key=key,
        verified=True,
        type=normalize_type(work.type) or normalize_type(ref.fields.type),
        authors=work.authors,
        title=work.title,
        year=year,
        date=date,
        container=work.container,
        volume=work.volume,
        issue=work.issue,
        pages=pages,
        article_number=article_number,
        doi=work.doi,
        url=work.url,
        publisher=work.publisher,
        issn=work.issn,
        arxiv=ref.fields.arxiv or "",
        pmid=ref.fields.pmid or "",
        pmcid=ref.fields.pmcid or "",
    )


def _from_fields(key: str, f: ParsedFields) -> ExportRecord:
    return ExportRecord(
        key=key,
        verified=False,
        type=normalize_type(f.type),
        authors=f.authors,
        et_al=f.et_al,
        title=f.title or "",
        year=f.year,
        date=str(f.year) if f.year else "",
        container=f.container or "",
        volume=f.volume or "",
        issue=f.issue or "",
        pages=f.pages or "",
        article_number=f.article_number or "",
        doi=f.doi or "",
        url=f.url or "",
        publisher=f.publisher or "",
        arxiv=f.arxiv or "",
        pmid=f.pmid or "",
        pmcid=f.pmcid or "",
    )


def build_records(
    pairs: Sequence[tuple[Reference, Resolution | None, str | None]],
    key_format: str | None = None,
    taken: set[str] | None = None,
) -> tuple[ExportRecord, ...]:
    """Records for (reference, resolution, fixed key or None) triples, keys made unique (also
    against `taken`, the keys already given in this run)."""
    sources = []
    for ref, res, fixed in pairs:
        work = registered_work(res)
        if fixed or ref.key:
            sources.append(KeySource(user_key=fixed or ref.key))
        elif work is not None:
            year, _ = chosen_date(ref.fields.year, work)
            sources.append(KeySource(work.authors or ref.fields.authors, year, work.title))
        else:
            f = ref.fields
            sources.append(KeySource(f.authors, f.year, f.title))
    keys = make_keys(sources, key_format, taken)
    out = []
    for (ref, res, _), key in zip(pairs, keys, strict=True):
        work = registered_work(res)
        out.append(_from_work(key, ref, work) if work else _from_fields(key, ref.fields))
    return tuple(out)
