"""Paragraphs of prose with their line map, and the sentences in them (pysbd, regex fallback)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# pysbd is thorough but slow; paragraphs longer than this use the regex splitter.
PYSBD_LIMIT = 8_000
_TERMINAL = '.!?:"”’'
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)]|\[\d{1,3}\])\s+")
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\bet al|\be\.g|\bi\.e|\bcf|\bvs|\bDr|\bMr|\bMrs|\bMs|\bProf|\bFig|\bFigs|\bNo|\bVol"
    r"|\bpp?|\bSt|\bJr|\bSr|\bca|\bapprox|\bEq|\bref|\bRef|\bed|\beds|\bIbid|\b[A-Z])\.$"
)


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def regex_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation followed by a capital, skipping common abbreviations."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[max(start, m.start() - 12) : m.start() + 1]
        if _ABBREVIATION.search(head):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def pysbd_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans from pysbd, located in `text`; the regex splitter when that fails."""
    try:
        # Not segment(): it compiles every sentence as a regex and scans the whole text with
        # it to find its offsets (quadratic, and the compile cost dominated); the offsets are
        # found below with str.find instead.
        pieces = _segmenter().processor(text).process() if text else []
    except Exception:  # pysbd has raised on odd input; sentences are a nicety, not a must
        return regex_sentences(text)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        needle = piece.strip()
        if not needle:
            continue
        at = text.find(needle, cursor)
        if at < 0:
            return regex_sentences(text)
        spans.append((cursor, at + len(needle)))
        cursor = at + len(needle)
    if spans:
        spans[-1] = (spans[-1][0], len(text))
    return _rejoin(text, spans) or [(0, len(text))]


# No sentence is longer than this: past it, spans are never glued (a list is not a sentence).
_LONGEST_SENTENCE = 2_000
_DECIMAL_CUT = re.compile(r"\d\.$")
_NEVER_LAST = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bcf|\bFigs?|\bEq)\.$")
_CONTINUES = re.compile(r"\s*(?:[\[(]\s*\d|\d|[a-z])")


def _rejoin(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans glued back where a cut fell after an abbreviation, an initial or inside a number.

    pysbd cuts "Gupta et al. [7] found" after "al."; a sentence that goes on with a citation
    marker, a digit or a lower-case word after such a cut is one sentence.
    """
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and end - out[-1][0] <= _LONGEST_SENTENCE:
            # Only the last characters matter; slicing the whole span would be quadratic.
            head = text[max(out[-1][0], out[-1][1] - 24) : out[-1][1]].rstrip()
            tail = text[start : min(end, start + 8)]
            abbreviated = _ABBREVIATION.search(head[-12:]) is not None
            cut_number = _DECIMAL_CUT.search(head) is not None
            if ((abbreviated or cut_number) and _CONTINUES.match(tail)) or _NEVER_LAST.search(head):
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


# A span longer than _LONGEST_SENTENCE is no sentence (a run of markers, a 1 MB line): it is cut
# into pieces of at most this many characters, at a space where there is one, so that the
# sentence each citation carries (and every report repeats per citation) stays bounded.
_PIECE = 1_000


def bounded(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with each one longer than _LONGEST_SENTENCE cut into pieces of <= _PIECE."""
    if all(end - start <= _LONGEST_SENTENCE for start, end in spans):
        return spans
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start <= _LONGEST_SENTENCE:
            out.append((start, end))
            continue
        at = start
        while end - at > _PIECE:
            cut = text.rfind(" ", at + _PIECE // 2, at + _PIECE)
            cut = cut + 1 if cut >= 0 else at + _PIECE
            out.append((at, cut))
            at = cut
        out.append((at, end))
    return out


@dataclass(slots=True)
class Paragraph:
    """Prose lines joined with single spaces; offsets map back to 1-based file lines."""

    text: str
    starts: list[int]  # offset in `text` where each line begins
    line_numbers: list[int]  # the file line of each of those
    use_pysbd: bool = True
    _spans: list[tuple[int, int]] | None = field(default=None, repr=False)
    # Each sentence's text, cut once: a long sentence may be asked for thousands of times.
    _texts: dict[int, str] = field(default_factory=dict, repr=False)

    def line_at(self, offset: int) -> int:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.line_numbers[max(i, 0)]

    def _sentence_spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            if self.use_pysbd and len(self.text) <= PYSBD_LIMIT:
                self._spans = pysbd_sentences(self.text)
            else:
                self._spans = regex_sentences(self.text)
            self._spans = bounded(self.text, self._spans)
        return self._spans

    def sentence_index(self, offset: int) -> int:
        spans = self._sentence_spans()
        i = bisect.bisect_right(spans, (offset, len(self.text) + 1)) - 1
        return max(i, 0)

    def sentence_at(self, offset: int) -> str:
        spans = self._sentence_spans()
        if not spans:
            return self.text.strip()
        i = self.sentence_index(offset)
        if i not in self._texts:
            start, end = spans[i]
            self._texts[i] = self.text[start:end].strip()
        return self._texts[i]


def _joins(previous: str, line: str) -> bool:
    """Whether `line` continues the paragraph of `previous` (hard-wrapped prose)."""
    prev = previous.rstrip()
    if _LIST_ITEM.match(line):
        return False
    if prev.endswith("-") and not prev.endswith(" -"):
        return True
    if prev[-1:] in _TERMINAL:
        return False
    first = line.lstrip()[:1]
    if not (first.isalpha() and first.isupper()) or prev[-1:] in ",;(&":
        return True
    # A short line without final punctuation before a capital is a heading, not wrapped prose.
    return len(prev) >= 50


def paragraphs(
    lines: Sequence[str], skip: tuple[int, int] | None = None, *, use_pysbd: bool = True
) -> Iterator[Paragraph]:
    """Paragraphs of the text; lines inside `skip` (1-based, inclusive) are left out."""
    total = sum(len(x) for x in lines)
    use_pysbd = use_pysbd and total <= 2_000_000
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    length = 0

    def flush() -> Paragraph | None:
        if not parts:
            return None
        return Paragraph(" ".join(parts), list(starts), list(numbers), use_pysbd)

    for number, line in enumerate(lines, start=1):
        inside = skip is not None and skip[0] <= number <= skip[1]
        stripped = line.strip()
        if inside or not stripped or (parts and not _joins(parts[-1], stripped)):
            para = flush()
            if para is not None:
                yield para
            parts, starts, numbers, length = [], [], [], 0
            if inside or not stripped:
                continue
        if parts:
            length += 1
        starts.append(length)
        numbers.append(number)
        parts.append(stripped)
        length += len(stripped)
    para = flush()
    if para is not None:
        yield para
