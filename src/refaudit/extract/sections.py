"""Find the reference list in a document: under a heading or as a trailing run of entries."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from refaudit.extract.entries import Entry
from refaudit.extract.names import scan_authors

HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:[*_]{1,2})?\s*(?:(?:\d{1,2}|[IVX]{1,5}|[A-Z])[.)]?\s+)?"
    r"(?P<name>(?:list of |selected |cited |annotated )?(?:references?|bibliography|bibliographie"
    r"|works cited|literature cited|cited literature|literature|sources(?: cited| consulted)?"
    r"|citations|notes|end\s?notes|foot\s?notes|further reading|reading list|cited works"
    r"|(?:required|recommended|suggested|further|additional|selected|key|essential|background)"
    r"\s(?:readings?|sources|literature|papers|references|works)|readings|reading material"
    r"|references and notes|notes and references|sources and further reading|works consulted"
    r"|références|literatur(?:verzeichnis)?|referencias|bibliografía|bibliografia|quellen"
    r"|riferimenti|referências))"
    r"\s*(?:[*_]{1,2})?\s*:?\s*(?:[*_]{1,2})?\s*$",
    re.I,
)
_PAREN_YEAR = re.compile(
    r"\(\s*(?:1[5-9]\d\d|20\d\d)[a-z]?(?:,[^()]{0,30})?\s*\)|\(n\.\s?d\.\)", re.I
)
_YEAR = re.compile(r"(?<![\d/])(?:1[5-9]\d\d|20\d\d)[a-z]?(?!\d)")
_DOI_URL = re.compile(r"\b10\.\d{4,9}/\S|https?://|www\.|\bdoi\s*:", re.I)
_VOL_ISSUE = re.compile(
    r"\b\d{1,4}\s*\(\s*\d{1,4}(?:[-–/]\d{1,4})?\s*\)|\b\d{4};\s*\d+|\b\d+\s*:\s*\d+"
)
_PAGE_RANGE = re.compile(r"(?<![\d/])\d{1,6}\s*[-–—]\s*\d{1,6}(?!\d)")
_MARKERS = re.compile(
    r"\b(?:vol\.|pp?\.|no\.|eds?\.|et al\.?|in:|journal|proceedings|press|review|university"
    r"|retrieved|accessed|available at|publishers?|conference|quarterly|annals|bulletin)",
    re.I,
)
_INITIALS = re.compile(r"\b[A-Z]\.\s?(?:[A-Z]\.)?(?=[,\s&;)])|\b[A-Z][a-z]+,? [A-Z]{1,3}[,.]")
_CHROME = re.compile(
    r"^\s*(?:disclaimer\b|copyright\b|©|share\b|tags?:|posted\b|recent posts|see all|"
    r"bottom of page|back to top|reach out to|subscribe|\d+\s*views?\b|\d+\s*comments?\b|like\b"
    r"|(?:previous|next)(?:\s+(?:post|page|chapter|article))?\s*[:»«→←]|edit (?:this|on)\b"
    r"|(?:contributors?|credits?|acknowledg(?:e)?ments?|authors?|maintainers?|written by"
    r"|(?:photo|image|cover) (?:by|credit)|thanks to|license[ds]?\b)\s*[:\-–]"
    r"|[\w .]{1,40}\b(?:contributed|helped|reviewed|edited)\s+(?:this|the)\s+(?:module|chapter|post"
    r"|page|text|content))",
    re.I,
)
# Words that make a heading name a list of works, in the languages articles are written in.
_REFERENCE_WORD = re.compile(
    r"\b(?:references?|bibliograph\w*|literature|literatur\w*|sources|works cited|citations"
    r"|notes|foot\s?notes|end\s?notes|readings?|papers|further|suggested|recommended"
    r"|références|referencias|referências|riferimenti|referenties|referenser|referanser"
    r"|bibliografía|bibliografia|bibliographie|quellen|fuentes|fontes|fonti|litteratur"
    r"|kirjallisuus|irodalom|literatuur|piśmiennictwo|литература|источники|список литературы"
    r"|参考文献|文献|引用文献|참고\s?문헌|المراجع|מקורות)\b",
    re.I,
)
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "to",
        "in",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "we",
        "our",
        "they",
        "their",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "should",
        "has",
        "have",
        "had",
        "not",
        "but",
        "or",
        "as",
        "with",
        "for",
        "on",
        "by",
        "from",
        "which",
        "who",
        "what",
        "when",
        "where",
        "how",
        "than",
        "then",
        "there",
        "here",
        "also",
        "more",
        "most",
        "such",
        "into",
        "about",
    ]
)


@dataclass(frozen=True, slots=True)
class Section:
    """Where the reference list is: its heading (if any) and its entries (lines 1-based)."""

    heading_line: int | None
    start: int
    end: int
    entries: tuple[Entry, ...]


def is_reference_heading(line: str) -> bool:
    """True for a line that is a reference-list heading ("References", "## Works Cited:" ...)."""
    return len(line) <= 80 and bool(HEADING.match(line))


def reference_score(text: str) -> float:
    """How much `text` looks like a bibliographic reference (about 0 for prose, 3+ for entries)."""
    sample = text[:1500]
    score = 0.0
    if _PAREN_YEAR.search(sample):
        score += 2.0
    elif _YEAR.search(sample):
        score += 1.0
    if _DOI_URL.search(sample):
        score += 1.5
    if _VOL_ISSUE.search(sample):
        score += 1.0
    if _PAGE_RANGE.search(sample):
        score += 0.75
    if _MARKERS.search(sample):
        score += 0.5
    if _INITIALS.search(sample[:300]):
        score += 0.75
    scan = scan_authors(sample[:300])
    if scan is not None and scan.end < 250:
        score += 1.0 if len(scan.authors) > 1 or scan.et_al else 0.5
    words = re.findall(r"[A-Za-z']+", sample)
    if words:
        ratio = _function_ratio(sample)
        if ratio > 0.3 and len(words) > 25:
            score -= (ratio - 0.2) * 12
    if len(words) > 150:
        score -= 2.0
    if _CHROME.match(text):
        score -= 3.0
    return score


# In-text citations: "Ivers et al. (2011) found that", "(Olafsson & Berg, 2009)" (a case name
# followed by its reporter, "_Drayton_ (2002) 536 U.S. 194", is an entry, not prose).
# An entry prints its own year once; a paragraph that cites two works is running text.
_CITES = re.compile(
    r"\b(?:et al\.?|[A-Z][\w'’-]+)\s\((?:19|20)\d\d[a-z]?\)\s(?:[a-z]{2,}\s){1,2}[a-z]"
    r"|\((?:see\s)?[A-Z][^()\d]{1,80}?,\s(?:19|20)\d\d[a-z]?(?:;[^()]{0,120})?\)"
)


def cites_works(text: str) -> bool:
    """True for running text that cites two or more works the way prose does."""
    found = _CITES.finditer(text[:4000])
    return next(found, None) is not None and next(found, None) is not None


def is_reference_like(text: str) -> bool:
    """True when `text` scores as a reference entry."""
    return reference_score(text) >= 2.0 and not cites_works(text)


def is_chrome(text: str) -> bool:
    """Site chrome and credits: 'Share', 'Copyright', 'Posted in', 'Contributors' ..."""
    return bool(_CHROME.match(text))


def mentions_reference_word(heading: str) -> bool:
    """True for a heading that names a list of works ("Papers mentioned", "Key readings")."""
    return len(heading) <= 120 and bool(_REFERENCE_WORD.search(heading))


def is_prose(text: str) -> bool:
    """True for a paragraph of running text (or chrome), not an entry."""
    return _prose(text)


def _prose(text: str) -> bool:
    if _CHROME.match(text) or cites_works(text):
        return True
    if len(text) <= 200 or reference_score(text) >= 1.0:
        return False
    return len(text) > 600 or (not _YEAR.search(text) and _function_ratio(text) > 0.25)


def _function_ratio(text: str) -> float:
    words = re.findall(r"[A-Za-z']+", text[:1500])
    return sum(1 for w in words if w.lower() in _FUNCTION_WORDS) / len(words) if words else 0.0


def _blocks(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(first line, text) for each non-blank line; paragraphs for hard-wrapped text."""
    return [(i + 1, line) for i, line in enumerate(lines) if line.strip()]


def trailing_run_start(lines: Sequence[str]) -> int | None:
    """The first line of the last run of at least two reference-like lines, or None."""
    runs: list[tuple[int, int]] = []  # (start line, reference-like lines)
    start: int | None = None
    count = 0
    misses = 0
    for number, text in _blocks(lines):
        if is_reference_like(text):
            if start is None:
                start, count = number, 0
            count += 1
            misses = 0
        elif start is not None:
            misses += 1
            if misses > 2 or _prose(text):
                runs.append((start, count))
                start, count, misses = None, 0, 0
    if start is not None:
        runs.append((start, count))
    good = [r for r in runs if r[1] >= 2]
    if not good:
        return None
    best = max(good, key=lambda r: (r[1] >= 3, r[0]))
    return best[0]


def find_reference_list(lines: Sequence[str]) -> Section | None:
    """The document's lists as one Section (first heading, all entries), or None."""
    from refaudit.extract.lists import find_reference_lists

    found = find_reference_lists(lines)
    if not found:
        return None
    entries = tuple(e for s in found for e in s.entries)
    heading = next((s.heading_line for s in found if s.heading_line is not None), None)
    return Section(heading, found[0].start, max(s.end for s in found), entries)
