"""The clause of a sentence that carries one citation, when a sentence cites several works in
different places: `A reduced X [3], while B increased Y [4]` judges [3] on its clause only."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from refaudit.check.claims.vocabulary import prepare_text

# Where one clause ends and the next, about another work, may begin: a semicolon, or a comma
# before a contrasting or joining word. A comma alone is not one (lists, appositions).
_BOUNDARY = re.compile(
    r";\s+|,\s+(?=(?:while|whereas|but|although|though|yet|and|or|whilst|unlike|in contrast)\b)"
    r"|\s+(?=(?:while|whereas|whilst)\s)",
    re.IGNORECASE,
)


def _positions(prepared: str, marks: Sequence[str]) -> list[int | None]:
    """Where each printed citation stands in the sentence (the next occurrence each time)."""
    out: list[int | None] = []
    used: dict[str, int] = {}
    for mark in marks:
        text = prepare_text(mark).strip()
        at = prepared.find(text, used.get(text, 0)) if text else -1
        if at < 0:
            out.append(None)
            continue
        used[text] = at + len(text)
        out.append(at)
    return out


def _depths(text: str) -> list[int]:
    """The bracket depth at each character: a clause never ends inside (...) or [...]."""
    out: list[int] = []
    depth = 0
    for ch in text:
        if ch in ")]":
            depth = max(0, depth - 1)
        out.append(depth)
        if ch in "([":
            depth += 1
    return out


def clause_spans(sentence: str, marks: Sequence[str]) -> list[tuple[int, int]]:
    """For each citation mark of `sentence` (as printed, in order), the span of the prepared
    sentence (see `prepare_text`) it speaks for: the whole sentence, unless its citations
    stand in different clauses. A clause with no citation of its own goes with the next one
    that has one (the trailing clauses with the last), so every word belongs to one work."""
    prepared = prepare_text(sentence)
    whole = (0, len(prepared))
    at = _positions(prepared, marks)
    if len(marks) < 2 or any(p is None for p in at):
        return [whole] * len(marks)
    depth = _depths(prepared)
    cuts = [m.end() for m in _BOUNDARY.finditer(prepared) if depth[m.start()] == 0]
    cuts = [0, *cuts, len(prepared) + 1]
    pieces = list(pairwise(cuts))
    owner = [next(i for i, (a, b) in enumerate(pieces) if a <= p < b) for p in at if p is not None]
    carrying = sorted(set(owner))
    if len(carrying) < 2:
        return [whole] * len(marks)
    # Pieces [start of the run, the piece with citations]; the last run takes the tail too.
    spans: dict[int, tuple[int, int]] = {}
    begin = 0
    for k, piece in enumerate(carrying):
        last = k == len(carrying) - 1
        end = len(prepared) if last else pieces[piece][1]
        spans[piece] = (pieces[begin][0], min(end, len(prepared)))
        begin = piece + 1
    return [spans[o] for o in owner]
