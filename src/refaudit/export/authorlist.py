"""Fix a printed author list in place: misspelt, missing, extra or wrong names only.

The printed list is cut into one chunk per author ("Pokorny, T.", "Preller KH", "J. Smith")
and a truncation mark ("et al.", "..."); the chunks are aligned with the registered authors,
and only the chunks that differ are replaced, removed or added, written in the form of the
printed ones (order of names, initials with or without full stops, separators). A list the
author truncated stays truncated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from refaudit.compare import fold
from refaudit.export.printed import Edit, Printed
from refaudit.model import Author, Reference, Work

_SEP = re.compile(r",?\s+(?:&|and)\s+|,\s*|;\s*", re.I)
_MARK = re.compile(r"^(?:\.\.\.|…|et\.?\s*al\.?|and others|others)$", re.I)
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?(?:[\s-]+|$)){1,4}$")
_YEAR = re.compile(r"\(?\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b\)?")


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int  # view span
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class NameForm:
    family_first: bool = True
    comma: bool = True  # "Family, I." rather than "Family I"
    dots: bool = True
    spaced: bool = True
    full_given: bool = False


def _segment_end(entry: Printed, ref: Reference, work: Work) -> int | None:
    """Where the author list ends in the view: at the year, or at the title."""
    ends = []
    m = _YEAR.search(entry.view)
    if m:
        ends.append(m.start())
    for title in (ref.fields.title or "", work.title):
        where = entry.find_words(title) if title else None
        if where:
            ends.append(where[0])
    return min(ends) if ends else None


def _chunks(view: str, end: int) -> tuple[list[Chunk], list[str]]:
    """Author chunks (initials joined to their surname) and the separators between them."""
    seg = view[:end].rstrip(" ,([\"'“‘")
    if seg.endswith((" .", '."')):
        seg = seg[:-1].rstrip()
    pieces: list[Chunk] = []
    seps: list[str] = []
    pos = 0
    for m in _SEP.finditer(seg):
        if m.start() > pos:
            pieces.append(Chunk(pos, m.start(), seg[pos : m.start()]))
            seps.append(m.group())
        pos = m.end()
    if pos < len(seg):
        pieces.append(Chunk(pos, len(seg), seg[pos:]))
    if pieces and not re.search(r"[^\W\d_]", pieces[-1].text) and not _MARK.match(pieces[-1].text):
        pieces.pop()
    bare = sum(bool(_INITIALS.match(p.text.strip())) for p in pieces)
    if bare * 2 < len(pieces) - 1:
        return pieces, seps[: max(len(pieces) - 1, 0)]
    merged: list[Chunk] = []
    out_seps: list[str] = []
    for i, p in enumerate(pieces):
        if merged and _INITIALS.match(p.text.strip()) and not _INITIALS.match(merged[-1].text):
            last = merged[-1]
            if "," not in last.text:  # the surname's initials: one author
                merged[-1] = Chunk(last.start, p.end, seg[last.start : p.end])
                continue
        if merged:
            out_seps.append(seps[i - 1])
        merged.append(p)
    return merged, out_seps


def _form(chunk: str, family: str) -> NameForm:
    text = chunk.strip()
    fam = fold(family)
    head = fold(text.split(",")[0]) if "," in text else ""
    family_first = fold(text).startswith(fam) or head == fam
    rest = text[len(family) :] if family_first else text[: max(len(text) - len(family), 0)]
    rest = rest.strip(" ,")
    full = bool(re.search(r"[^\W\d_]{2,}", rest.replace(".", "")))
    return NameForm(
        family_first=family_first,
        comma="," in text,
        dots="." in rest,
        spaced=not re.search(r"\.[^\s,]", rest),
        full_given=full and not re.fullmatch(r"(?:[A-Z]\.?\s?)+", rest),
    )


def render(a: Author, form: NameForm) -> str:
    """One registered author written in the printed list's form."""
    if a.literal or not a.given:
        return a.literal or a.family
    if form.full_given:
        given = a.given
    else:
        parts = []
        for word in a.given.replace(".", ". ").split():
            bits = [b[0] for b in word.split("-") if b]
            joined = ("-" if form.dots else "").join(b + ("." if form.dots else "") for b in bits)
            parts.append(joined)
        given = (" " if form.dots and form.spaced else "").join(parts)
    if form.family_first:
        return f"{a.family}{',' if form.comma else ''} {given}"
    return f"{given} {a.family}"


def _key(a: Author) -> str:
    return fold(a.literal or a.family)


def _same(chunk: Chunk, a: Author) -> bool:
    key = _key(a)
    return bool(key) and f" {key} " in f" {fold(chunk.text)} "


def _close(chunk: Chunk, a: Author) -> bool:
    words = [w for w in fold(chunk.text).split() if len(w) > 2]
    key = _key(a).replace(" ", "")
    return len(key) >= 4 and any(fuzz.ratio(w, key) >= 75 for w in words)


def _surname_span(entry: Printed, chunk: Chunk) -> tuple[int, int] | None:
    best = None
    for m in re.finditer(r"[^\W\d_][\w'’-]+", entry.view[chunk.start : chunk.end]):
        if best is None or len(m.group()) > len(best.group()):
            best = m
    if best is None:
        return None
    return entry.span(chunk.start + best.start(), chunk.start + best.end())


def _align(
    entry: Printed,
    chunks: Sequence[Chunk],
    seps: Sequence[str],
    people: Sequence[Author],
    form: NameForm,
    *,
    truncated: bool,
) -> list[Edit]:
    keys_p = []
    for c in chunks:
        hit = next((_key(a) for a in people if _same(c, a)), None)
        keys_p.append(hit or f"?{fold(c.text)}")
    keys_r = [_key(a) for a in people]
    joiner = next((s for s in seps if not re.search(r"&|\band\b", s)), ", ")
    edits: list[Edit] = []
    ops = SequenceMatcher(None, keys_p, keys_r, autojunk=False).get_opcodes()
    if truncated:  # registered authors after the last printed one were left out on purpose
        while ops and ops[-1][0] == "insert":
            ops.pop()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for c, a in zip(chunks[i1:i2], people[j1:j2], strict=True):
                span = _surname_span(entry, c) if _close(c, a) and not a.literal else None
                if span:  # a misspelt surname: only the surname changes
                    edits.append(Edit(*span, a.family))
                else:
                    edits.append(Edit(*entry.span(c.start, c.end), render(a, form)))
        elif tag == "replace":
            s, e = entry.span(chunks[i1].start, chunks[i2 - 1].end)
            edits.append(Edit(s, e, joiner.join(render(a, form) for a in people[j1:j2])))
        elif tag == "insert":
            text = joiner.join(render(a, form) for a in people[j1:j2])
            if i1 < len(chunks):
                at = entry.span(chunks[i1].start, chunks[i1].start + 1)[0]
                edits.append(Edit(at, at, text + joiner))
            else:
                at = entry.span(chunks[-1].start, chunks[-1].end)[1]
                edits.append(Edit(at, at, joiner + text))
        else:  # delete extra authors with the separator before them (or after, for the first)
            if i1 > 0:
                s = entry.span(chunks[i1 - 1].end, chunks[i1 - 1].end + 1)[0]
                e = entry.span(chunks[i2 - 1].start, chunks[i2 - 1].end)[1]
            else:
                s = entry.span(chunks[0].start, chunks[0].end)[0]
                e = entry.span(chunks[i2].start, chunks[i2].end)[0] if i2 < len(chunks) else s
            edits.append(Edit(s, e, ""))
    return edits


def author_edits(entry: Printed, ref: Reference, work: Work) -> list[Edit] | None:
    """Edits that make the printed author list agree with the registered one, or None."""
    people = [a for a in work.authors if a.family or a.literal]
    end = _segment_end(entry, ref, work)
    if not people or not end:
        return None
    chunks, seps = _chunks(entry.view, end)
    mark = next((i for i, c in enumerate(chunks) if _MARK.match(c.text.strip())), None)
    names = [c for c in chunks if not _MARK.match(c.text.strip())]
    if not names:
        return None
    sample = next(((c, a) for c in names for a in people if _same(c, a) and not a.literal), None)
    form = _form(sample[0].text, sample[1].family) if sample else NameForm()
    if mark is None:
        return _align(entry, chunks, seps, people, form, truncated=False)
    before, after = chunks[:mark], chunks[mark + 1 :]
    edits = _align(entry, before, seps[:mark], people, form, truncated=True)
    if after:  # APA's omission: the name after "..." is the last author
        last = people[-1]
        tail = after[-1]
        if not _same(tail, last):
            span = _surname_span(entry, tail) if _close(tail, last) else None
            if span:
                edits.append(Edit(*span, last.family))
            else:
                edits.append(Edit(*entry.span(tail.start, tail.end), render(last, form)))
    return edits
