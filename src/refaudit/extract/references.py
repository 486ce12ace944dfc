"""The reference list of a document: find it, split it into entries and parse each entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from refaudit.extract.fields import parse_reference
from refaudit.extract.sections import find_reference_list
from refaudit.model import Reference

__all__ = ["ReferenceList", "extract_references", "parse_reference"]


@dataclass(frozen=True, slots=True)
class ReferenceList:
    """The list found in a document; lines are 1-based as in the original file."""

    heading_line: int | None
    start: int | None
    end: int | None
    references: tuple[Reference, ...]


def extract_references(lines: Sequence[str]) -> ReferenceList:
    """Find, split and parse the reference list in `lines` (index 0 is line 1 of the file)."""
    section = find_reference_list(lines)
    if section is None:
        return ReferenceList(None, None, None, ())
    refs = tuple(
        Reference(
            n=n,
            line=entry.start,
            raw=entry.text,
            fields=parse_reference(entry.text),
            label=entry.label,
            end_line=entry.end,
        )
        for n, entry in enumerate(section.entries, start=1)
    )
    return ReferenceList(section.heading_line, section.start, section.end, refs)
