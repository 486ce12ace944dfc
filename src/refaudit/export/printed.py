"""An entry's printed text with a plain view of it, to find where a printed value stands.

`fix` edits entries in place: it must find the span of a wrong value in the text as the
author wrote it (Markdown emphasis, links, HTML tags, line breaks and all) and replace only
that span. The view drops the markup and collapses whitespace; `span()` maps a match in the
view back to the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_LINK = re.compile(r"\[([^\]]{0,500})\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
_EMPHASIS = "*`"
_IDENTIFIERS = re.compile(r"(?:https?://|www\.)\S+|\bdoi:\s*\S+|\b10\.\d{4,9}/\S+", re.I)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] by `text`."""

    start: int
    end: int
    text: str


class Printed:
    """The printed text of one entry and its plain view (markup dropped, spaces collapsed)."""

    def __init__(self, text: str) -> None:
        self.text = text
        skip: set[int] = set()
        for m in _TAG.finditer(text):
            skip.update(range(m.start(), m.end()))
        for m in _LINK.finditer(text):
            skip.add(m.start())
            skip.update(range(m.end(1), m.end()))
        view: list[str] = []
        pos: list[int] = []
        n = len(text)
        i = 0
        while i < n:
            c = text[i]
            if i in skip:
                i += 1
                continue
            if c == "\\" and i + 1 < n and not text[i + 1].isalnum() and not text[i + 1].isspace():
                i += 1
                c = text[i]
            elif c in _EMPHASIS or (c == "_" and not _inside_word(text, i)):
                i += 1
                continue
            if c.isspace():
                if view and view[-1] != " ":
                    view.append(" ")
                    pos.append(i)
                i += 1
                continue
            view.append(c)
            pos.append(i)
            i += 1
        self.view = "".join(view)
        self._pos = pos

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span of the view span [start, end)."""
        if end <= start:
            at = self._pos[start] if start < len(self._pos) else len(self.text)
            return at, at
        return self._pos[start], self._pos[end - 1] + 1

    def identifiers(self) -> list[tuple[int, int]]:
        """View spans of URLs and DOIs, where no other value is looked for."""
        return [(m.start(), m.end()) for m in _IDENTIFIERS.finditer(self.view)]

    def find_words(
        self, value: str, start: int = 0, end: int | None = None
    ) -> tuple[int, int] | None:
        """The view span where the words of `value` are printed (case and punctuation aside)."""
        words = re.findall(r"\w+", value)
        if not words:
            return None
        pattern = r"(?<!\w)" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?!\w)"
        stop = len(self.view) if end is None else end
        m = re.compile(pattern, re.I).search(self.view, start, stop)
        return (m.start(), m.end()) if m else None

    def find_all(
        self, pattern: re.Pattern[str], outside: Iterable[tuple[int, int]] = ()
    ) -> list[re.Match[str]]:
        """Matches of `pattern` in the view that overlap none of the `outside` spans."""
        blocked = list(outside)
        return [
            m
            for m in pattern.finditer(self.view)
            if not any(m.start() < e and s < m.end() for s, e in blocked)
        ]


def _inside_word(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """The text with the edits applied; an edit overlapping an earlier one is dropped."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    for e in reversed(kept):
        text = text[: e.start] + e.text + text[e.end :]
    return text
