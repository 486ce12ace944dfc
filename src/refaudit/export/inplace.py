"""Fix an entry in place: replace only the printed values a finding shows to be wrong.

Everything else stays as the author wrote it: markup, case convention, subtitles, "et al.",
the page-range form, punctuation and the entry's style. Each finding of a field rule gives
the printed value (`found`) and the registered one (`expected`); the printed value is located
in the entry's text (through the plain view of `Printed`) and only its span is replaced, by
the registered value written the way the entry writes that field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from refaudit.compare import expand_pages, fold
from refaudit.export.authorlist import author_edits
from refaudit.export.printed import Edit, Printed
from refaudit.model import Finding, Reference, Work

_DASHES = r"\s*[-‐‑–—]+\s*"
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)")


class Habits:
    """How the list writes what fix may insert: DOIs, page ranges, article numbers."""

    def __init__(self, raws: Sequence[str], style: str) -> None:
        joined = "\n".join(raws)
        self.style = style
        en, hyphen = len(re.findall(r"\d–\d", joined)), len(re.findall(r"\d-\d", joined))
        self.dash = "–" if en >= hyphen else "-"
        prefixes = re.findall(r"(https?://(?:dx\.)?doi\.org/|\bdoi:\s?|\bDOI:?\s)10\.", joined)
        if prefixes:
            self.doi_prefix = max(set(prefixes), key=prefixes.count)
        else:
            self.doi_prefix = {"vancouver": "doi:", "ieee": "doi: "}.get(style, "https://doi.org/")
        self.article_word = bool(re.search(r"\bArticle\s+e?\d", joined)) or (
            style == "apa" and not re.search(r"\b(?:Art\.|art\.|e\d{4,})", joined)
        )


def _title_case(words: Sequence[str]) -> bool:
    """Most longer words after the first are capitalised."""
    longer = [w for w in words[1:] if len(w) > 3 and w[0].isalpha()]
    return bool(longer) and sum(w[0].isupper() for w in longer) * 2 > len(longer)


def _in_case(word: str, *, title_case: bool, registered_title_case: bool) -> str:
    """A registered word in the printed title's case convention (acronyms kept)."""
    if word.isupper() or any(c.isupper() for c in word[1:]):
        return word  # an acronym or a name written with inner capitals: as registered
    if title_case and not registered_title_case and len(word) > 3:
        return word[0].upper() + word[1:]
    if not title_case and registered_title_case and word[:1].isupper():
        return word[0].lower() + word[1:]
    return word


def title_edits(entry: Printed, printed: str, registered: str) -> list[Edit] | None:
    """Replace only the words of the printed title that differ from the registered title."""
    where = entry.find_words(printed)
    if where is None:
        return None
    seg_start, seg_end = where
    view = entry.view
    words = list(_WORD.finditer(view, seg_start, seg_end))
    reg = list(_WORD.finditer(registered))
    if not words or not reg:
        return None
    title_case = _title_case([w.group() for w in words])
    reg_title_case = _title_case([r.group() for r in reg])

    def regtext(j1: int, j2: int, *, first: bool) -> str:
        out = registered[reg[j1].start() : reg[j2 - 1].end()]
        adapted = []
        for k, m in enumerate(_WORD.finditer(out)):
            w = m.group()
            if not (first and k == 0):
                w = _in_case(w, title_case=title_case, registered_title_case=reg_title_case)
            adapted.append((m, w))
        for m, w in reversed(adapted):
            out = out[: m.start()] + w + out[m.end() :]
        return out

    edits: list[Edit] = []
    matcher = SequenceMatcher(
        None, [fold(w.group()) for w in words], [fold(r.group()) for r in reg], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        at_reg = reg[j1].start() if j1 < len(reg) else len(registered)
        first = j1 == 0 or bool(re.search(r"[:?!.]\s*$", registered[:at_reg]))
        if tag == "replace":
            s, e = entry.span(words[i1].start(), words[i2 - 1].end())
            edits.append(Edit(s, e, regtext(j1, j2, first=first)))
        elif tag == "delete":
            if i2 < len(words):
                s, e = entry.span(words[i1].start(), words[i2].start())
            else:
                s, e = entry.span(words[i1 - 1].end(), words[i2 - 1].end())
            edits.append(Edit(s, e, ""))
        else:  # insert registered words j1..j2 before printed word i1
            if i1 < len(words):
                at = entry.span(words[i1].start(), words[i1].start() + 1)[0]
                gap = registered[reg[j2 - 1].end() : reg[j2].start()] if j2 < len(reg) else " "
                text = regtext(j1, j2, first=first) + gap
            else:
                at = entry.span(words[-1].start(), words[-1].end())[1]
                gap = registered[reg[j1 - 1].end() : reg[j1].start()]
                text = gap + regtext(j1, j2, first=first)
                cut = _ELLIPSIS.match(view, seg_end)
                if cut:  # "The fabric of meaning..." completed: the ellipsis goes
                    edits.append(Edit(at, entry.span(cut.start(), cut.end())[1], text))
                    continue
            edits.append(Edit(at, at, text))
    return edits


def _year_edits(entry: Printed, found: str, expected: str) -> list[Edit] | None:
    pattern = re.compile(rf"(?<![\w/.\-–]){re.escape(found)}(?![\d\-–])")
    hits = entry.find_all(pattern, entry.identifiers())
    if not hits:
        return None
    s, e = entry.span(hits[0].start(), hits[0].end())
    return [Edit(s, e, expected)]


def _doi_edits(entry: Printed, found: str, expected: str) -> list[Edit] | None:
    """Every printed occurrence of the DOI (link text and link target alike) replaced."""
    found = found.strip().rstrip(".")
    hits = list(re.finditer(re.escape(found), entry.text, re.I)) if found else []
    return [Edit(m.start(), m.end(), expected) for m in hits] or None


def _append_doi(entry: Printed, doi: str, habits: Habits) -> list[Edit]:
    text = entry.text
    end = len(text.rstrip())
    last = text[end - 1 : end]
    sep = " " if last in ".;:" or not last else ". "
    return [Edit(end, end, f"{sep}{habits.doi_prefix}{doi}")]


def _range_form(printed_sep: str, printed: str, registered: str, dash: str) -> str:
    """The registered range written like the printed one: its dash, abbreviated or in full."""
    first, last = expand_pages(registered)
    if not last:
        return first
    parts = [p.strip() for p in re.split(_DASHES, printed.strip(), maxsplit=1)]
    p_first, p_last = parts[0], (parts[1] if len(parts) > 1 else "")
    if p_last and len(p_last) < len(p_first) and len(first) == len(last):
        i = 0
        while i < len(first) - 1 and first[i] == last[i]:
            i += 1
        last = last[i:]
    return f"{first}{printed_sep or dash}{last}"


def _range_pattern(value: str) -> re.Pattern[str]:
    parts = [p for p in re.split(_DASHES, value.strip()) if p]
    body = _DASHES.join(rf"({re.escape(p)})" for p in parts)
    return re.compile(rf"(?<![\w\-‐‑–—]){body}(?![\w‐‑–—]|-\w)", re.I)


def _pages_edits(entry: Printed, found: str, work: Work, habits: Habits) -> list[Edit] | None:
    hits = entry.find_all(_range_pattern(found), entry.identifiers())
    if not hits:
        return None
    m = hits[-1]
    s, e = entry.span(m.start(), m.end())
    if work.pages:
        sep_m = re.search(_DASHES, m.group())
        sep = sep_m.group() if sep_m else ""
        return [Edit(s, e, _range_form(sep, m.group(), work.pages, habits.dash))]
    return [Edit(s, e, work.article_number)]


def _number_edits(entry: Printed, found: str, expected: str, *, issue: bool) -> list[Edit] | None:
    value = re.escape(found.strip())
    if issue:
        pattern = re.compile(rf"(?:\(\s*|\bno\.?\s*|(?<=\d)\.)({value})(?=\s*\)|\b)", re.I)
    else:
        pattern = re.compile(rf"(?<![\w.\-–]){value}(?![\w\-–])", re.I)
    hits = entry.find_all(pattern, entry.identifiers())
    if not hits:
        return None
    if not issue:  # a volume stands before its issue, a colon or pages, or after "vol."
        near = [
            m
            for m in hits
            if re.match(r"\s*[(:;,]", entry.view[m.end() :])
            or re.search(r"vol\.?\s*$", entry.view[: m.start()], re.I)
        ]
        hits = near or hits
    m = hits[0]
    group = 1 if issue else 0
    s, e = entry.span(m.start(group), m.end(group))
    return [Edit(s, e, expected)]


def _truncated_range_edits(
    entry: Printed, found: str, work: Work, habits: Habits
) -> list[Edit] | None:
    first = re.escape(re.sub(r"[^\w]", "", found))
    hits = entry.find_all(
        re.compile(rf"(?<![\w\-–]){first}\s*[-‐‑–—]+(?!\s*\w)"), entry.identifiers()
    )
    if not hits or not (work.pages or work.article_number):
        return None
    s, e = entry.span(hits[-1].start(), hits[-1].end())
    if work.pages:
        first_page, last_page = expand_pages(work.pages)
        text = f"{first_page}{habits.dash}{last_page}" if last_page else first_page
    else:
        text = f"Article {work.article_number}" if habits.article_word else work.article_number
    return [Edit(s, e, text)]


def _venue_edits(entry: Printed, found: str, work: Work) -> list[Edit] | None:
    where = entry.find_words(found)
    if where is None:
        return None
    abbreviated = "." in found or all(len(w) <= 5 for w in found.split())
    name = work.short_container if abbreviated and work.short_container else work.container
    if not name:
        return None
    s, e = entry.span(*where)
    return [Edit(s, e, name)]


def entry_edits(
    entry: Printed,
    ref: Reference,
    work: Work,
    findings: Sequence[Finding],
    habits: Habits,
) -> tuple[list[Edit], list[Finding]]:
    """The edits that fix the findings, and the findings that could not be placed."""
    edits: list[Edit] = []
    unplaced: list[Finding] = []
    for f in findings:
        handler = _HANDLERS.get(f.rule)
        if handler is None:
            continue
        found = handler(entry, ref, work, f, habits)
        if found is None:
            unplaced.append(f)
        else:
            edits.extend(found)
    return edits, unplaced


Handler = Callable[[Printed, Reference, Work, Finding, Habits], "list[Edit] | None"]


def _title(entry: Printed, ref: Reference, work: Work, f: Finding, h: Habits) -> list[Edit] | None:
    if not f.found or not f.expected:
        return None
    return title_edits(entry, f.found, f.expected)


def _year(entry: Printed, ref: Reference, work: Work, f: Finding, h: Habits) -> list[Edit] | None:
    return _year_edits(entry, f.found, f.expected) if f.found and f.expected else None


def _doi(entry: Printed, ref: Reference, work: Work, f: Finding, h: Habits) -> list[Edit] | None:
    doi = f.expected or work.doi
    if not f.found or not doi or f.found == "?":
        return None
    return _doi_edits(entry, f.found, doi)


def _missing_doi(
    entry: Printed, ref: Reference, work: Work, f: Finding, h: Habits
) -> list[Edit] | None:
    doi = f.expected or work.doi
    return _append_doi(entry, doi, h) if doi else None


def _venue(entry: Printed, ref: Reference, work: Work, f: Finding, h: Habits) -> list[Edit] | None:
    return _venue_edits(entry, f.found, work) if f.found else None


def _locator(
    entry: Printed, ref: Reference, work: Work, f: Finding, h: Habits
) -> list[Edit] | None:
    if not f.found or not f.expected:
        return None
    what = (f.fix or "").split(" ")[0]
    if what in ("pages", "article"):
        return _pages_edits(entry, f.found, work, h)
    return _number_edits(entry, f.found, f.expected, issue=what == "issue")


def _incomplete(
    entry: Printed, ref: Reference, work: Work, f: Finding, h: Habits
) -> list[Edit] | None:
    if not f.found:
        return None  # a locator or volume left out: where to put it is the author's call
    if f.found == ref.fields.pages:
        return _truncated_range_edits(entry, f.found, work, h)
    if f.expected and f.found == (ref.fields.title or "").strip():
        return title_edits(entry, f.found, f.expected)
    return None


def _authors(
    entry: Printed, ref: Reference, work: Work, f: Finding, h: Habits
) -> list[Edit] | None:
    return author_edits(entry, ref, work)


_HANDLERS: dict[str, Handler] = {
    "title-mismatch": _title,
    "year-mismatch": _year,
    "wrong-doi": _doi,
    "unknown-doi": _doi,
    "invalid-doi": _doi,
    "missing-doi": _missing_doi,
    "venue-mismatch": _venue,
    "locator-mismatch": _locator,
    "incomplete-reference": _incomplete,
    "author-mismatch": _authors,
}

# Rules whose findings `fix` can correct in the text; the others need the author's judgement.
FIXABLE = frozenset(_HANDLERS)
