"""Inline `refaudit: ignore[...]` markers: where they are, and removing them from visible text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from refaudit.model import IgnoreMarker

# `refaudit: ignore`, `refaudit: ignore[year-mismatch, RA3]`, also inside `<!-- ... -->`.
_MARKER = re.compile(r"\brefaudit\s*:\s*ignore\b(?:\s*\[([^\]\n]*)\])?", re.IGNORECASE)
_COMMENTED = re.compile(r"<!--\s*refaudit\s*:\s*ignore\b(?:\s*\[[^\]\n]*\])?\s*-->", re.IGNORECASE)


def _selectors(group: str | None) -> tuple[str, ...]:
    if not group:
        return ()
    parts = (p.strip() for p in re.split(r"[,\s]+", group))
    return tuple(p for p in parts if p)


def find_markers(lines: Sequence[str]) -> tuple[IgnoreMarker, ...]:
    """Every ignore marker in the source lines, with its 1-based line and selectors."""
    markers: list[IgnoreMarker] = []
    for number, line in enumerate(lines, start=1):
        if "refaudit" not in line.lower():
            continue
        for match in _MARKER.finditer(line):
            markers.append(IgnoreMarker(line=number, selectors=_selectors(match.group(1))))
    return tuple(markers)


def strip_markers(line: str) -> str:
    """The line without its ignore markers, so they never become part of an entry's text."""
    if "refaudit" not in line.lower():
        return line
    line = _COMMENTED.sub("", line)
    return _MARKER.sub("", line).rstrip()
