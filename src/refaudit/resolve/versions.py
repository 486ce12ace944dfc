"""Another work or version behind a printed DOI whose title and authors still fit the entry.

A DOI can name a preprint of the journal article the entry cites, the book of the chapter it
cites, or the same team's other paper of the same (short) title. The record then agrees on
title and authors but not on what the entry says about where the work appeared. Pure: the
resolver decides, with a search, whether the entry's own work is registered under another DOI.
"""

from __future__ import annotations

import re

from refaudit.compare import expand_pages, fold, title_similarity
from refaudit.model import ParsedFields, Work

_PREPRINT_TYPES = frozenset({"posted-content", "preprint"})
_BOOK_TYPES = frozenset({"book", "monograph", "edited-book", "reference-book", "book-set"})
_PREPRINT_VENUE = re.compile(r"rxiv|preprint|research\s*square|ssrn|preprints\.org", re.I)


def _number(value: str) -> str:
    return value.strip().lstrip("0").lower()


def _printed(raw: str, value: str) -> bool:
    value = _number(value)
    return (
        bool(value) and re.search(rf"(?<![\w.]){re.escape(value)}(?![\w])", raw, re.I) is not None
    )


def cites_journal_version(fields: ParsedFields, work: Work) -> bool:
    """The record is a preprint, and the entry cites a journal's issue (volume or pages, or
    a venue that is not the preprint server)."""
    if work.type not in _PREPRINT_TYPES:
        return False
    if fields.volume or fields.pages:
        return True
    venue = fold(fields.container or "")
    if not venue or _PREPRINT_VENUE.search(venue):
        return False
    server = fold(f"{work.container} {work.publisher}")
    return venue not in server


def cites_chapter(fields: ParsedFields, work: Work) -> bool:
    """The record is a book, and the entry cites a part of it: its title is another one and
    its container is the book."""
    if work.type not in _BOOK_TYPES or not fields.title or not fields.container:
        return False
    return (
        title_similarity(fields.container, work.title) >= 0.9
        and title_similarity(fields.title, work.title) < 0.9
    )


def locators_contradict(fields: ParsedFields, raw: str, work: Work) -> bool:
    """Volume and first page both printed, both different from the record's, and neither of
    the record's printed anywhere in the entry: another paper than the record's."""
    if not (fields.volume and work.volume and fields.pages and work.pages):
        return False
    first = expand_pages(work.pages)[0]
    if _number(fields.volume) == _number(work.volume):
        return False
    if _number(expand_pages(fields.pages)[0]) == _number(first):
        return False
    return not (_printed(raw, work.volume) or _printed(raw, first))


def other_version(fields: ParsedFields, raw: str, work: Work) -> str | None:
    """Why the record, whose title and authors fit, may still be another work or version
    than the entry's ("preprint", "book", "another paper"), or None."""
    if cites_journal_version(fields, work):
        return "preprint"
    if cites_chapter(fields, work):
        return "book"
    if locators_contradict(fields, raw, work):
        return "another paper"
    return None


def published_version(work: Work) -> str | None:
    """The DOI of the journal version a preprint's record links to (is-preprint-of)."""
    for relation in work.relations:
        if relation.type == "is-preprint-of" and relation.id_type == "doi" and relation.id:
            return relation.id
    return None


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if len(w) > 3]


def unseen(fields: ParsedFields, raw: str, work: Work) -> bool:
    """Neither the record's title nor any of its first authors is printed in an entry that
    prints a title and authors of its own: the record is another work, whatever a shared
    prefix ("Abstract:", "Chapter 3.") made the titles' similarity."""
    names = [fold(a.literal or a.family) for a in work.authors[:5] if a.literal or a.family]
    title = _words(work.title)
    if not names or not title or len(_words(fields.title or "")) < 3 or not fields.authors:
        return False
    text = f" {fold(raw)} "
    if any(f" {n} " in text for n in names if n):
        return False
    shown = sum(f" {w} " in text for w in title) / len(title)
    return shown < 0.5
