"""Every reference list of a document: under headings, split by subheadings, notes, or none."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from refaudit.extract.entries import Entry, split_entries
from refaudit.extract.sections import (
    is_chrome,
    is_prose,
    is_reference_heading,
    is_reference_like,
    mentions_reference_word,
    reference_score,
)

# A Markdown footnote definition, "[^1]: text"; without the colon ("[^1] text") only in a run.
_FOOTNOTE = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]\s]{1,40})\](?P<colon>:)?(?P<rest>.*)$")
# A line that starts something of its own, never the lazy continuation of a note.
_OWN_LINE = re.compile(r"^\s{0,3}(?:\[[^\]]{1,60}\]:|[-*+]\s|\d{1,4}[.)]\s|#|>|\|)")
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[A-Za-z]|[IVX]{1,4})[.)]\s+")
_RUN_ON = re.compile(r"^(?:https?://|www\.|doi:|[a-z(])")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•·▪◦‣–]\s|\d{1,4}[.)]\s|\[[^\]]{1,40}\]\s|\(\d{1,4}\))")
_END_PUNCT = re.compile(r"[.,;!?]\s*$")
_DATED = re.compile(
    r"(?<![\w/.\-])(?:1[5-9]\d\d|20\d\d)[a-z]?(?![\w/])|\bn\.\s?d\.|\bin press\b", re.I
)
_MIN_HEADLESS = 4  # reference-like entries that make a list without a heading
_MAX_HEADING = 90


@dataclass(frozen=True, slots=True)
class Section:
    """One reference list: its heading (if any), lines (1-based) and entries."""

    heading_line: int | None
    start: int
    end: int
    entries: tuple[Entry, ...]
    name: str = ""  # the list's heading as printed ("References", "Further reading", "Notes")


@dataclass(frozen=True, slots=True)
class _Heading:
    line: int
    level: int  # 1-6 (Markdown/HTML/Word), 7 a bold line, 0 unknown (plain text)
    text: str
    ref: bool
    strong: bool = False  # the whole heading names a list ("References"), not one word of it


def _footnotes(lines: Sequence[str]) -> dict[int, Entry]:
    """Footnote definitions anywhere, keyed by first line; each with its continuation lines."""
    starts: list[tuple[int, str, bool]] = []
    for i, line in enumerate(lines):
        if "[^" not in line[:8]:
            continue
        m = _FOOTNOTE.match(line)
        if m and (m.group("colon") or re.match(r"\s+\S", m.group("rest"))):
            starts.append((i, m.group("label"), bool(m.group("colon"))))
    # Without the colon Markdown shows "[^1] text" as a line that cites: a run makes it a list.
    bare = [s for s in starts if not s[2]]
    if len(bare) < 2:
        starts = [s for s in starts if s[2]]
    first_lines = {s[0] for s in starts}
    out: dict[int, Entry] = {}
    for i, label, colon in starts:
        m = _FOOTNOTE.match(lines[i])
        assert m is not None
        parts = [m.group("rest").strip()]
        end = i
        j = i + 1
        while j < len(lines) and j not in first_lines:
            text = lines[j]
            if not text.strip():
                nxt = j + 1
                after = lines[nxt] if nxt < len(lines) else ""
                # Indented, or (in a plain-text list of notes) a URL or lower-case run-on.
                if nxt not in first_lines and (
                    after.startswith(("  ", "\t")) or (not colon and _RUN_ON.match(after))
                ):
                    j += 1
                    continue
                break
            if (
                text.startswith(("  ", "\t"))
                or (not lines[j - 1].strip() and not colon and _RUN_ON.match(text))
                or (lines[j - 1].strip() and not _OWN_LINE.match(text))
            ):
                parts.append(text.strip())
                end = j
                j += 1
                continue
            break
        text = " ".join(p for p in parts if p)
        if text:
            out[i + 1] = Entry(i + 1, end + 1, f"[^{label}]", text, bullet=True)
    return out


def _is_plain_heading(lines: Sequence[str], i: int) -> bool:
    """A short line standing alone between blank lines, reading as a title, not a sentence."""
    text = lines[i].strip()
    if not text or len(text) > _MAX_HEADING:
        return False
    if _LIST_MARK.match(text) or _SECTION_NUMBER.match(text):
        # "1. Model-Free RL", "a. Deep Q-Learning": a numbered section title, not an item
        section = _SECTION_NUMBER.match(text)
        if section is None or len(text.split()) > 10:
            return False
        text = text[section.end() :]
        if not text:
            return False
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    if not (before and after) or _END_PUNCT.search(text) or len(text.split()) > 10:
        return False
    # A title of capitalised words can scan as names: only a year or a locator says "entry".
    return (text[0].isupper() or text[0].isdigit()) and reference_score(text) < 1.5


def _stands_alone(lines: Sequence[str], i: int) -> bool:
    """Not an item of a list (a table of contents): unmarked, or with a blank line around."""
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    return not _LIST_MARK.match(lines[i]) or (before and after)


def _headings(lines: Sequence[str], marked: Mapping[int, int]) -> list[_Heading]:
    found: list[_Heading] = []
    plain = not marked
    for i, line in enumerate(lines):
        number = i + 1
        text = line.strip()
        if not text or len(text) > 200:
            continue
        if number in marked:
            level = marked[number]
        elif is_reference_heading(text) and _stands_alone(lines, i):
            level = 0 if plain else 7
        elif plain and _is_plain_heading(lines, i):
            level = 0
        else:
            continue
        strong = is_reference_heading(text)
        found.append(_Heading(number, level, text, strong or mentions_reference_word(text), strong))
    return found


def _flags(entries: Sequence[Entry], listed: bool) -> list[bool]:
    """Which entries read as references; in a known list, a numbered item does unless prose."""
    return [
        not e.nested
        and (
            is_reference_like(e.text)
            or (
                e.label is not None
                and not is_prose(e.text)
                and (listed or (reference_score(e.text) >= 1.0 and bool(_DATED.search(e.text))))
            )
        )
        for e in entries
    ]


def _take(
    entries: Sequence[Entry], owner: _Heading | None, continues: bool, among_notes: bool = False
) -> list[Entry]:
    """The entries of one block that belong to a list (prose, notes and chrome left out).

    `among_notes`: the block lies between footnote definitions, which are references.
    """
    usable = [e for e in entries if not e.nested]
    under_ref = owner is not None
    flags = _flags(usable, under_ref or continues)
    if among_notes and owner is not None and owner.strong:
        flags = [f or (not is_prose(e.text) and reference_score(e.text) >= 1.0)
                 for e, f in zip(usable, flags, strict=True)]  # fmt: skip
    good = sum(flags)
    if owner is not None and not owner.strong and (good < 2 or good < 0.5 * len(usable)):
        return []  # "Notes on the method": a heading with a list word, but no list under it
    if not under_ref and not continues:
        # Without a heading, a list must read as one: most entries are references, and most
        # of those are dated (a list of links or tasks is no reference list).
        dated = sum(1 for e, f in zip(usable, flags, strict=True) if f and _DATED.search(e.text))
        if good < 1 or good < 0.5 * len(usable) or dated < max(1, 0.6 * good):
            return []
    elif good == 0:
        return []
    # Items of a list (bullets, numbers) that are mostly references are all entries, except
    # prose and chrome: a web page, a podcast or a case name is listed like the others.
    items = [e for e in usable if e.bullet]
    item_ok = sum(1 for e, f in zip(usable, flags, strict=True) if f and e.bullet)
    strong = owner is not None and owner.strong
    lenient = bool(items) and (
        (strong and item_ok >= 1) or (item_ok >= 0.5 * len(items) and (under_ref or item_ok >= 2))
    )
    kept: list[Entry] = []
    for k, (entry, flag) in enumerate(zip(usable, flags, strict=True)):
        if flag or (under_ref and _carries_on(kept, entry) and any(flags[k + 1 : k + 2])):
            kept.append(entry)
        elif is_chrome(entry.text):
            if kept:
                break
        elif lenient and entry.bullet and not is_prose(entry.text):
            if reference_score(entry.text) >= 0.5 or under_ref:
                kept.append(entry)
        elif (
            kept
            and any(flags[k + 1 : k + 2])
            and not is_prose(entry.text)
            and (reference_score(entry.text) >= 0.5 or (strong and _DATED.search(entry.text)))
        ):
            kept.append(entry)  # one odd entry between two references stays in the list
    return kept


def _carries_on(kept: Sequence[Entry], entry: Entry) -> bool:
    """The entry's number follows the last kept one: an odd entry of a numbered list."""
    if not kept or not kept[-1].label or not entry.label:
        return False
    a, b = kept[-1].label.strip("[]()."), entry.label.strip("[]().")
    return a.isdigit() and b.isdigit() and int(b) == int(a) + 1


def _body(lines: Sequence[str], skip: set[int]) -> list[str]:
    return ["" if i + 1 in skip else line for i, line in enumerate(lines)]


def find_reference_lists(
    lines: Sequence[str], marked: Mapping[int, int] | None = None
) -> tuple[Section, ...]:
    """Every reference list in `lines`, in order; `marked` are headings the markup shows."""
    notes = _footnotes(lines)
    note_lines = {n for e in notes.values() for n in range(e.start, e.end + 1)}
    headings = [h for h in _headings(lines, marked or {}) if h.line not in note_lines]
    body = _body(lines, note_lines | {h.line for h in headings})
    bounds = [h.line for h in headings] + [len(lines) + 1]
    regions: list[tuple[_Heading | None, int, int]] = [(None, 1, bounds[0] - 1)]
    regions += [(h, h.line + 1, bounds[k + 1] - 1) for k, h in enumerate(headings)]
    stack: list[_Heading] = []
    # Per region with entries: its list (or None) and whether it is a short one without heading.
    found: list[tuple[Section | None, bool | None]] = []
    pending: dict[int, tuple[_Heading, list[Entry]]] = {}  # under a list word not yet confirmed
    confirmed: set[int] = set()  # lines of list-word headings that head a list
    notes_found: list[Section] = []
    note_starts = sorted(notes)
    last_label: int | None = None
    for heading, first, last in regions:
        if heading is not None:
            while stack and (heading.level <= stack[-1].level or heading.level == 0):
                stack.pop()
            stack.append(heading)
        owner = next((h for h in reversed(stack) if h.ref), None)
        lo, hi = bisect_left(note_starts, first), bisect_right(note_starts, last)
        in_notes = [notes[n] for n in note_starts[lo:hi]]
        expect = last_label + 1 if last_label is not None else None
        entries = [e for e in split_entries(body, first, last, expect) if e.start not in notes]
        numbers = [int(e.label.strip("[]().")) for e in entries if e.label and _numeric(e.label)]
        continues = bool(numbers) and last_label is not None and numbers[0] == last_label + 1
        kept = _take(entries, owner, continues, among_notes=bool(in_notes))
        if kept and numbers:
            last_label = numbers[-1]
        top = owner or heading
        if kept:
            small = None if owner is not None else not continues and len(kept) < _MIN_HEADLESS
            found.append((_section(top, kept, top.text if top else ""), small))
            if owner is not None:
                confirmed.add(owner.line)
        elif entries:
            if owner is not None and not owner.strong:
                pending[len(found)] = (owner, entries)
            found.append((None, None))
        if in_notes:
            ref = top if top is not None and top.ref else None
            notes_found.append(_section(ref, in_notes, ref.text if ref else "Notes"))
    for k, (owner, entries) in pending.items():
        # A reading list's heading holds for all its topics once one of them is a list.
        if owner.line in confirmed:
            kept = _take(entries, replace(owner, strong=True), False) or [
                e
                for e in entries
                if e.bullet
                and not e.nested
                and not is_prose(e.text)
                and reference_score(e.text) >= 1
            ]
            if kept:
                found[k] = (_section(owner, kept, owner.text), None)
    keep = _chained(found)
    sections = [s for (s, _), ok in zip(found, keep, strict=True) if s is not None and ok]
    sections = _headless_fallback(lines, body, sections + notes_found, regions)
    return tuple(sorted(sections, key=lambda s: s.start))


def _chained(found: Sequence[tuple[Section | None, bool | None]]) -> list[bool]:
    """Which lists to keep: short lists without a heading only in a run of such lists that
    holds a longer one (topics of one reading list), everything else as found."""
    keep = [s is not None and small is not True for s, small in found]
    for order in (range(len(found)), range(len(found) - 1, -1, -1)):
        previous = False
        for k in order:
            s, small = found[k]
            if s is not None and small is True and previous:
                keep[k] = True
            previous = s is not None and small is not None and keep[k]
    return keep


def _numeric(label: str) -> bool:
    return label.strip("[]().").isdigit()


def _section(heading: _Heading | None, entries: Sequence[Entry], name: str) -> Section:
    line = heading.line if heading is not None and heading.ref else None
    return Section(line, entries[0].start, entries[-1].end, tuple(entries), name)


def _headless_fallback(
    lines: Sequence[str],
    body: Sequence[str],
    sections: list[Section],
    regions: Sequence[tuple[_Heading | None, int, int]],
) -> list[Section]:
    """With no list found, the last run of references at the end of the text is one."""
    if sections:
        return sections
    from refaudit.extract.sections import trailing_run_start

    start = trailing_run_start(body)
    if start is None:
        return sections
    kept = _take(split_entries(body, start), None, True)
    if len(kept) >= 2 or (kept and len(kept) >= _MIN_HEADLESS):
        return [Section(None, kept[0].start, kept[-1].end, tuple(kept), "")]
    return sections
