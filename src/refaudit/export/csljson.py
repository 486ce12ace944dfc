"""CSL-JSON (the citeproc input format, CSL 1.0.2) for the exported references."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from refaudit.export import ExportItem
from refaudit.export.record import UNVERIFIED_NOTE, ExportRecord, build_records

CSL_TYPES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "book": "book",
    "posted-content": "article",  # CSL 1.0.2: "article" is a preprint or working paper
    "dataset": "dataset",
    "web": "webpage",
    "dissertation": "thesis",
    "report": "report",
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def date_parts(date: str, year: int | None) -> list[int]:
    """[year, month?, day?] of an ISO date whose year is `year` (else just the year)."""
    m = _DATE.match(date or "")
    if m and (year is None or int(m.group(1)) == year):
        return [int(g) for g in m.groups() if g]
    return [year] if year else []


def csl_item(r: ExportRecord) -> dict[str, object]:
    """One CSL-JSON item; empty variables are left out."""
    item: dict[str, object] = {"id": r.key, "citation-key": r.key}
    item["type"] = CSL_TYPES.get(r.type, "article-journal" if r.container else "document")
    if r.authors:
        item["author"] = [
            {"literal": a.literal}
            if a.literal
            else {"family": a.family, "given": a.given}
            if a.given
            else {"family": a.family}
            for a in r.authors
        ]
    parts = date_parts(r.date, r.year)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    for name, value in (
        ("title", r.title),
        ("container-title", r.container),
        ("volume", r.volume),
        ("issue", r.issue),
        ("page", r.pages.replace("--", "-")),
        ("number", r.article_number),
        ("publisher", r.publisher),
        ("ISSN", ", ".join(r.issn)),
        ("DOI", r.doi),
        ("URL", r.url),
        ("PMID", r.pmid),
        ("PMCID", r.pmcid),
    ):
        if value:
            item[name] = value
    if r.type == "posted-content":
        item["genre"] = "Preprint"
    if not r.verified:
        item["note"] = UNVERIFIED_NOTE
    return item


def to_csl_json(
    items: Sequence[ExportItem], *, key_format: str | None = None, taken: set[str] | None = None
) -> str:
    """A CSL-JSON array, pretty-printed, UTF-8, one object per item in order."""
    records = build_records(
        [(i.reference, i.resolution, i.key) for i in items], key_format=key_format, taken=taken
    )
    return json.dumps([csl_item(r) for r in records], ensure_ascii=False, indent=2) + "\n"
