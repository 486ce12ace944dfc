"""Split the lines of a reference list into entries: numbered, bulleted, one per line or wrapped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from refaudit.extract.compound import compound_pieces
from refaudit.extract.joining import DOI_TAIL, URLISH, compounds_of, join_lines
from refaudit.extract.linestarts import entry_starts
from refaudit.extract.names import scan_authors

# "(1,2)" after an RST citation label: the places that cite it (docutils back-references).
_BACKREFS = r"(?:\s*\((?:\d{1,3}\s*,\s*){0,30}\d{1,3}\))?"
_LABEL = re.compile(
    r"^\s*(?:\[\^(?P<fn>[^\]\s]{1,40})\](?::|(?=\s+\S))"
    rf"|\[(?P<br>\d{{1,4}})\]{_BACKREFS}"
    rf"|\[(?P<rst>[^\W\d_][\w\-.:+]{{0,40}})\]{_BACKREFS}(?=\s+\S)"
    r"|\((?P<pa>\d{1,4})\):?"
    r"|(?P<num>\d{1,4})(?:\.(?!\d)|\))(?=\s|[^\W\d_]|[\"“*_(\[]|$))\s*"
    # "12 A. Name, ...": a bare number, a label only where it continues the numbering
    r"|(?P<bare>[1-9]\d{0,2})(?:\s+(?=[^\W\d_]|[\"“])|\s*$)"
)
_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦‣–]|\\-)\s+")
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|\bn\.\s?d\.|\bin press\b", re.I)
_REPEATER = re.compile(r"^\s*(?:[-–—_]{2,}|[-–—]\s*[,.]|[-–—]\s+&|9\s+\d{4}\.)")
_OPEN_END = re.compile(
    r"(?:[,;:&(\[]|\b(?:and|in|of|the|for|on|by|to|with|from|at|a|an|und|et|pp\.|vol\.|no\.))$",
    re.I,
)
_CHROME = re.compile(
    r"^\s*(?:disclaimer|copyright|©|share|tags?:|posted|comments?|related|subscribe|follow us"
    r"|like this|reply|bottom of page|back to top|reach out|recent posts|see all|\d+\s*views?)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a printed list, with its lines in the original file (1-based, inclusive)."""

    start: int
    end: int
    label: str | None
    text: str
    bullet: bool = False  # a list item (bullet or number), not a paragraph
    nested: bool = False  # a sub-item of another item (a note under an entry)


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based line in the file
    text: str  # stripped, label or bullet removed
    label: str | None
    numeric: int | None  # the label's number when it is one
    bullet: bool
    blank_before: bool
    indent: int = 0
    whole: str = ""  # the line as printed (stripped), for a label that turns out to be text
    bare: bool = False  # the label is a bare number ("12 A. Name"), weaker evidence
    last: int = 0  # the last line it covers, when a label alone joined the line below


def _read_label(line: str) -> tuple[str | None, int | None, str, bool]:
    """(label, its number, the rest of the line, whether the label is a bare number)."""
    m = _LABEL.match(line)
    if m:
        rest = line[m.end() :]
        if m.group("fn"):
            return f"[^{m.group('fn')}]", None, rest, False
        if m.group("br"):
            return f"[{m.group('br')}]", int(m.group("br")), rest, False
        if m.group("rst"):
            return f"[{m.group('rst')}]", None, rest, False
        if m.group("pa"):
            return f"({m.group('pa')})", int(m.group("pa")), rest, False
        if m.group("num"):
            return m.group("num"), int(m.group("num")), rest, False
        return m.group("bare"), int(m.group("bare")), rest, True
    return None, None, line, False


def _prepare(lines: Sequence[str], first: int, last: int) -> list[_Line]:
    out: list[_Line] = []
    blank = False
    for number in range(first, last + 1):
        raw = lines[number - 1]
        if not raw.strip():
            blank = True
            continue
        text = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        bullet = False
        b = _BULLET.match(text)
        if b:
            bullet, text = True, text[b.end() :]
        label, numeric, rest, bare = _read_label(text)
        if label is not None and not rest.strip() and bullet:
            label, numeric, rest = None, None, text
        # A label alone on its line ("[12]", the entry below) keeps an empty text: _settle()
        # joins it to the next line when the numbering accepts it.
        out.append(_Line(number, rest.strip(), label, numeric, bullet, blank, indent, text, bare))
        blank = False
    return out


def _settle(items: list[_Line], accepted: set[int]) -> tuple[list[_Line], set[int]]:
    """Labels the numbering rejects back into text; accepted labels alone joined to the line
    below them ("12." then "Smith, J. ..."; but "288." wrapped from the line above is text)."""
    out: list[_Line] = []
    kept: set[int] = set()
    skip = False
    for i, item in enumerate(items):
        if skip:
            skip = False
            continue
        if i not in accepted and (item.numeric is not None or not item.text):
            out.append(replace(item, text=item.whole, label=None, numeric=None, bare=False))
            continue
        if not item.text and i + 1 < len(items):
            nxt = items[i + 1]
            if (nxt.label is None or i + 1 not in accepted) and not nxt.bullet:
                whole = f"{item.whole} {nxt.whole}"
                item = replace(item, text=nxt.whole, whole=whole, last=nxt.number)
                skip = True
        if i in accepted:
            kept.add(len(out))
        out.append(item)
    return out, kept


def _accepted_labels(items: list[_Line], expect: int | None = None) -> set[int]:
    """Indexes of lines whose label continues a numbering sequence (1, 2, 3 ... or 1, 1, 1)."""
    accepted: set[int] = set()
    expected: int | None = None
    previous: int | None = None
    numbered = [(i, item.numeric) for i, item in enumerate(items) if item.numeric is not None]
    following = {a[0]: b[1] for a, b in pairwise(numbered)}
    for i, item in enumerate(items):
        if item.label is None:
            continue
        if item.numeric is None:
            accepted.add(i)
            continue
        if item.bare:
            # a bare number ("12 A. Name") only where it continues the numbering
            if item.numeric == expected or (
                expected is None
                and (
                    item.numeric == expect
                    or (item.numeric <= 3 and following.get(i) == item.numeric + 1)
                )
            ):
                accepted.add(i)
                previous, expected = item.numeric, item.numeric + 1
            continue
        if (
            # a list starts at a small number, or (continuing another) at any, then goes on
            (
                expected is None
                and (
                    item.numeric <= 10
                    # "1979. Title" after a name repeater is a year, not a label
                    or (following.get(i) == item.numeric + 1 and item.numeric < 1000)
                    or item.numeric == expect
                )
            )
            or item.numeric == expected
            or (item.numeric == previous == 1)
            # a number or two lost in the copy: the sequence goes on after the gap
            or (
                expected is not None
                and expected < item.numeric <= expected + 2
                and following.get(i) == item.numeric + 1
            )
        ):
            accepted.add(i)
            previous, expected = item.numeric, item.numeric + 1
    return accepted


def _width(items: list[_Line]) -> int | None:
    """The line width of hard-wrapped text (copied from a PDF), or None for one-line paragraphs."""
    lengths = sorted(len(i.text) for i in items)
    if len(lengths) < 3:
        return None
    p90 = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) >= 10 else -1]
    wrapped = sum(1 for n in lengths if n >= 0.75 * p90)
    return p90 if p90 <= 170 and wrapped >= len(lengths) / 3 else None


def looks_like_entry_start(text: str) -> bool:
    """True when a line begins the way an entry does: names (then a year) or a name repeater."""
    if _REPEATER.match(text):
        return True
    scan = scan_authors(text[:300])
    if scan is None or scan.end > 200:
        return False
    return bool(_YEAR.search(text[: scan.end + 40])) or len(scan.authors) >= 2


def _continues(prev: str, line: _Line, width: int | None, numbered: bool) -> bool:
    """Whether `line` continues the entry whose last line is `prev`."""
    text = line.text
    if not text or _CHROME.match(text):
        return False
    first = text[0]
    if prev.endswith("-") and first.isalnum():
        return True
    if URLISH.search(prev) and DOI_TAIL.match(text.split(" ", 1)[0].rstrip(".,;")):
        return " " not in text.strip() or len(text) < 40 or prev.endswith(("/", ".", "-", "_"))
    if prev.endswith(":") and looks_like_entry_start(text):
        return False
    # "9 1979. Next work" (a garbled name repeater) or "de Villemereuil, P., ..." start entries.
    if prev.endswith((".", ")")) and (
        (first.isdigit() and _REPEATER.match(text))
        or (first.islower() and looks_like_entry_start(text))
    ):
        return False
    if _OPEN_END.search(prev) or first.islower() or (first.isdigit() and not line.label):
        return True
    if width is not None:
        if line.blank_before:
            return False
        if numbered:
            return True
        if len(prev) >= 0.8 * width and not looks_like_entry_start(text):
            return True
        return not prev.endswith((".", ")", "]")) and not looks_like_entry_start(text)
    # In a numbered list a line without a number goes on with the entry above, unless it
    # reads as a work of its own.
    return numbered and not line.blank_before and not looks_like_entry_start(text)


def _learned_starts(items: list[_Line], width: int | None) -> list[bool] | None:
    """The line CRF's entry starts, for hard-wrapped text without numbers, bullets or blank
    lines between entries (a PDF's list); None where the structure says where entries start."""
    if width is None or len(items) < 6 or sum(1 for i in items if i.blank_before) > len(items) / 10:
        return None
    texts = [i.whole or i.text for i in items]
    starts = entry_starts(texts, [i.blank_before for i in items], width)
    if starts is None:
        return None
    # Where the line above cannot end an entry ("Smith, J., Doe, A.," or "Ge-" before "netic"),
    # the model is overruled.
    for k in range(1, len(items)):
        prev, text = texts[k - 1], texts[k]
        if starts[k] and (
            prev.endswith((",", "&", " and")) or (prev.endswith("-") and text[:1].islower())
        ):
            starts[k] = False
    return starts


def split_entries(
    lines: Sequence[str], first: int = 1, last: int | None = None, expect: int | None = None
) -> tuple[Entry, ...]:
    """Split lines `first`..`last` (1-based, inclusive) into entries in order.

    `expect`: the number the list's next entry would carry, when it continues a list above.
    """
    last = len(lines) if last is None else min(last, len(lines))
    items = _prepare(lines, max(first, 1), last)
    from refaudit.extract.sections import is_reference_heading  # sections imports Entry

    # The list's own heading ("References") above its first entry is no entry.
    while items and items[0].label is None and is_reference_heading(items[0].whole):
        items = items[1:]
    if not items:
        return ()
    # A number that numbers nothing ("1148 (2008)" wrapped from the line above) is text.
    items, accepted = _settle(items, _accepted_labels(items, expect))
    # A few numbers among many lines number nothing: years, volumes at the start of a line.
    numbered = (len(accepted) >= 2 and len(accepted) >= len(items) / 12) or (
        expect is not None and len(accepted) == 1
    )
    bulleted = not numbered and sum(1 for i in items if i.bullet) >= 2
    width = _width(items)
    listed = [i.indent for i in items if i.bullet or i.label]
    base = min(listed) if listed else 0
    learned = _learned_starts(items, width) if not numbered and not bulleted else None
    if numbered:
        # Entries above the first number (a list whose numbers start late) are unnumbered.
        head = min(accepted) if accepted else 0
        learned = _learned_starts(items[:head], width)
    compounds = compounds_of([i.text for i in items])
    groups: list[list[_Line]] = []
    labels: list[str | None] = []
    nested: list[bool] = []
    for i, item in enumerate(items):
        starts = True
        inner = item.bullet and item.indent >= base + 2
        if inner:
            groups.append([item])
            labels.append(None)
            nested.append(True)
            continue
        if groups and nested[-1] and item.indent >= base + 2 and not item.label:
            groups[-1].append(item)  # the continuation of a sub-item
            continue
        if groups:
            prev = groups[-1][-1].text
            if numbered and learned is not None and i < len(learned):
                starts = item.blank_before or learned[i]
            elif numbered:
                starts = i in accepted or not (
                    _continues(prev, item, width, True) and not item.bullet
                )
                if i not in accepted and item.blank_before and item.label is None:
                    starts = looks_like_entry_start(item.text) or not _continues(
                        prev, item, None, True
                    )
            elif bulleted:
                starts = item.bullet or (
                    item.blank_before or not _continues(prev, item, width, False)
                )
            elif learned is not None:
                starts = item.blank_before or learned[i]
            else:
                starts = item.blank_before or not _continues(prev, item, width, False)
                if width is None and not item.blank_before and not starts:
                    starts = False
        if starts or nested[-1]:
            groups.append([item])
            labels.append(item.label if (numbered and i in accepted) else None)
            nested.append(False)
        else:
            groups[-1].append(item)
    out: list[Entry] = []
    for g, label, inner in zip(groups, labels, nested, strict=True):
        texts = [x.text for x in g]
        bullet = g[0].bullet or g[0].label is not None
        pieces = compound_pieces(texts) if not inner else []
        if not pieces:
            end = max(g[-1].number, g[-1].last)
            out.append(Entry(g[0].number, end, label, join_lines(texts, compounds), bullet, inner))
        for p in pieces:
            # One work of a compound entry: its own lines, the entry's label.
            if p.first_line == p.last_line:
                parts = [texts[p.first_line][p.first_char : p.last_char]]
            else:
                parts = [
                    texts[p.first_line][p.first_char :],
                    *texts[p.first_line + 1 : p.last_line],
                ]
                parts.append(texts[p.last_line][: p.last_char])
            end = max(g[p.last_line].number, g[p.last_line].last)
            text = join_lines([x for x in parts if x], compounds)
            out.append(Entry(g[p.first_line].number, end, label, text, bullet, inner))
    return tuple(out)
