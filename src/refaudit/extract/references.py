"""The reference lists of a document: find them, split them into entries and parse each entry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from refaudit.extract.fields import parse_reference
from refaudit.extract.lists import Section, find_reference_lists
from refaudit.extract.sections import is_reference_heading
from refaudit.model import ParsedFields, Reference

__all__ = ["ReferenceList", "extract_references", "parse_reference"]


@dataclass(frozen=True, slots=True)
class ReferenceList:
    """The lists found in a document, entries numbered across them; lines 1-based."""

    heading_line: int | None
    start: int | None
    end: int | None
    references: tuple[Reference, ...]
    sections: tuple[Section, ...] = ()

    def spans(self) -> list[tuple[int, int]]:
        """(first line, last line) of every entry and list heading: text that is not prose."""
        out = [(r.line, r.end_line or r.line) for r in self.references]
        out += [(s.heading_line, s.heading_line) for s in self.sections if s.heading_line]
        return out


def extract_references(
    lines: Sequence[str], headings: Mapping[int, int] | None = None
) -> ReferenceList:
    """Find, split and parse the lists in `lines` (index 0 is line 1 of the file).

    `headings` are the lines the markup marks as headings ({line: level}), if known.
    """
    sections = find_reference_lists(lines, headings)
    if not sections:
        bare = [i + 1 for i, line in enumerate(lines) if is_reference_heading(line)]
        return ReferenceList(bare[-1] if bare else None, None, None, ())
    refs: list[Reference] = []
    # An entry printed again (a list repeated, notes citing a work twice) is parsed once.
    parsed: dict[str, ParsedFields] = {}
    for section in sections:
        for entry in section.entries:
            if entry.text not in parsed:
                parsed[entry.text] = parse_reference(entry.text)
            refs.append(
                Reference(
                    n=len(refs) + 1,
                    line=entry.start,
                    raw=entry.text,
                    fields=parsed[entry.text],
                    label=entry.label,
                    end_line=entry.end,
                    list_name=section.name or None,
                )
            )
    heading = next((s.heading_line for s in sections if s.heading_line is not None), None)
    return ReferenceList(
        heading, sections[0].start, max(s.end for s in sections), tuple(refs), sections
    )
