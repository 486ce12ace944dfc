"""Compound entries: one printed entry that holds several works ("[3] a) ...; b) ...",
"... 57, 2044 (1974); H. Peter, B. Müller ..."), cut into one piece per work."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from refaudit.extract.names import scan_authors

# "a)", "(b)", "b )" (PDF spacing) before a work of a lettered compound entry.
_MARKER = re.compile(r"\(?\s?([a-z])\s?\)\s*")
# Where a second work may start: after a semicolon, or after "." / "," before a letter marker.
_CUT = re.compile(r";\s*|(?<=[.,])\s+(?=\(?\s?[b-z]\s?\)\s*\S)")
_DIGIT = re.compile(r"\d")
# How a work ends before the next: a number (pages, volume, year, report or arXiv number), or a
# year shortly before ("(1979) et réf. citées"); never names ("Kamerlin, S. C. L.; Warshel, A.").
_WORK_END = re.compile(r"(?:\d[)\]]*\.?|(?<!\d)(?:1[6-9]\d\d|20\d\d)[a-z]?\)?[^\d;]{0,20})\s*$")
# What follows the names of a work: punctuation, a year, "et al", a title in quotes.
_AFTER_NAMES = re.compile(r"\s*(?:[,.:(\[\"“]|\d{4}|et\b|$)")
_INITIAL = re.compile(r"^(?:[^\W\d_]\.\s*-?\s*)+$|^[^\W\d_]{1,3}$")


@dataclass(frozen=True, slots=True)
class Piece:
    """One work of a compound entry: from (line, offset) to (line, offset), line indexes
    into the entry's lines, the end offset exclusive."""

    first_line: int
    first_char: int
    last_line: int
    last_char: int


def _names_start(text: str) -> bool:
    """Whether `text` opens with a list of personal names written with initials."""
    scan = scan_authors(text[:300])
    if scan is None or scan.end > 160:
        return False
    if not _AFTER_NAMES.match(text, scan.end):
        return False
    return any(_INITIAL.match(a.given.replace(" ", "")) for a in scan.authors if a.given)


def _cuts(flat: str) -> list[tuple[int, int]]:
    """(end of one work, start of the next) in `flat`, the entry's lines joined by spaces."""
    lead = _MARKER.match(flat)
    letter = lead.group(1) if lead and lead.group(1) == "a" else None
    out: list[tuple[int, int]] = []
    last = lead.end() if lead and letter else 0
    candidates = [(m.start(), m.end()) for m in _CUT.finditer(flat)]
    for k, (end, start) in enumerate(candidates):
        before = flat[max(last, end - 40) : end]  # a bounded look back: linear in the entry
        nxt = candidates[k + 1][0] if k + 1 < len(candidates) else len(flat)
        marker = _MARKER.match(flat, start)
        if marker and letter is not None and marker.group(1) == chr(ord(letter) + 1):
            letter = marker.group(1)
            out.append((end, marker.end()))
            last = marker.end()
            continue
        if flat[end] != ";" or end - last < 15:
            continue
        # Both sides hold a work of their own: the one before ends with a number (volume,
        # pages, year), the one after starts with names and prints a number too.
        if not _WORK_END.search(before) or not _DIGIT.search(flat, start, nxt):
            continue
        if _names_start(flat[start : start + 300]):
            out.append((end, start))
            last = start
    return out


def compound_pieces(texts: Sequence[str]) -> list[Piece]:
    """The works of an entry whose lines are `texts`; one piece (or none) when it is one work."""
    if not any(";" in t or ")" in t for t in texts):
        return []
    flat = " ".join(texts)
    cuts = _cuts(flat)
    if not cuts:
        return []
    offsets = []
    pos = 0
    for t in texts:
        offsets.append(pos)
        pos += len(t) + 1

    def where(i: int) -> tuple[int, int]:
        line = bisect_right(offsets, i) - 1
        return line, i - offsets[line]

    lead = _MARKER.match(flat)
    bounds = [lead.end() if lead and lead.group(1) == "a" else 0]
    ends: list[int] = []
    for end, start in cuts:
        ends.append(end)
        bounds.append(start)
    ends.append(len(flat))
    pieces: list[Piece] = []
    for a, b in zip(bounds, ends, strict=True):
        while a < b and flat[a].isspace():
            a += 1
        while b > a and flat[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        (l1, c1), (l2, c2) = where(a), where(b - 1)
        pieces.append(Piece(l1, c1, l2, c2 + 1))
    return pieces if len(pieces) > 1 else []
