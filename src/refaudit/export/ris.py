"""RIS (the tagged format of EndNote, Zotero and Mendeley) for the exported references."""

from __future__ import annotations

from collections.abc import Sequence

from refaudit.compare import expand_pages
from refaudit.export import ExportItem
from refaudit.export.record import (
    UNVERIFIED_KEYWORD,
    UNVERIFIED_NOTE,
    ExportRecord,
    build_records,
)

RIS_TYPES = {
    "journal-article": "JOUR",
    "proceedings-article": "CPAPER",
    "book-chapter": "CHAP",
    "book-section": "CHAP",
    "book-part": "CHAP",
    "book": "BOOK",
    "posted-content": "UNPB",
    "dataset": "DATA",
    "web": "ELEC",
    "dissertation": "THES",
    "report": "RPRT",
}


def _tag(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def ris_record(r: ExportRecord) -> list[str]:
    """The lines of one RIS record, TY first and ER last."""
    lines = [_tag("TY", RIS_TYPES.get(r.type, "JOUR" if r.container else "GEN"))]
    for a in r.authors:
        lines.append(_tag("AU", a.literal or (f"{a.family}, {a.given}" if a.given else a.family)))
    first, last = expand_pages(r.pages) if r.pages else ("", "")
    for tag, value in (
        ("TI", r.title),
        ("T2", r.container),
        ("PY", str(r.year) if r.year else ""),
        ("DA", r.date.replace("-", "/")),
        ("VL", r.volume),
        ("IS", r.issue),
        ("SP", first or r.article_number),  # RIS has no article-number tag; SP is the custom
        ("EP", last),
        ("PB", r.publisher),
        ("SN", ", ".join(r.issn)),
        ("DO", r.doi),
        ("UR", r.url),
        ("ID", r.key),
    ):
        if value:
            lines.append(_tag(tag, value))
    if not r.verified:
        lines.append(_tag("N1", UNVERIFIED_NOTE))
        lines.append(_tag("KW", UNVERIFIED_KEYWORD))
    lines.append("ER  - ")
    return lines


def to_ris(
    items: Sequence[ExportItem], *, key_format: str | None = None, taken: set[str] | None = None
) -> str:
    """RIS records separated by blank lines."""
    records = build_records(
        [(i.reference, i.resolution, i.key) for i in items], key_format=key_format, taken=taken
    )
    return "\n\n".join("\n".join(ris_record(r)) for r in records) + "\n" if records else ""
