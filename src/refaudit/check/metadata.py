"""Metadata rules (RA3xx): the printed title, authors, year, venue and locators against the work."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from refaudit.check.authors import align_authors, format_authors
from refaudit.check.base import Rule, RuleContext
from refaudit.check.evidence import (
    RawEntry,
    shown_pairs,
    title_key,
    titles_equivalent,
)
from refaudit.check.locators import LocatorMismatch
from refaudit.check.venues import venue_in_text, venues_equivalent, work_venues
from refaudit.compare import (
    fold,
    normalize_title,
    strip_markup,
    year_of,
)
from refaudit.model import Finding, Reference, Severity, Work

# Registered kinds whose container is a journal; a book's or a proceedings' name is printed in
# too many forms (series, edition, conference) to call a difference an error.
_JOURNAL_TYPES = frozenset({"journal-article", "article-journal"})

_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")


# --- titles -------------------------------------------------------------------------------


def word_diff(printed: str, registered: str, limit: int = 5) -> str:
    """The changes that turn the printed title into the registered one, word by word."""
    a = strip_markup(printed).split()
    b = strip_markup(registered).split()
    ka = [normalize_title(w) for w in a]
    kb = [normalize_title(w) for w in b]
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "replace":
            ops.append(f'"{old}" → "{new}"')
        elif tag == "delete":
            ops.append(f'drop "{old}"')
        elif tag == "insert":
            ops.append(f'add "{new}"')
    shown = "; ".join(ops[:limit])
    return shown + ("; …" if len(ops) > limit else "")


class TitleMismatch(Rule):
    """The printed title differs from the registered one.

    What it checks:
    The entry's title against the registered title, ignoring case, punctuation, HTML/JATS
    markup, diacritics, British/American spelling, "&" for "and", and a subtitle left out
    or separated differently, a title printed without its subtitle, and a translated title
    in brackets. A difference is reported only when the registered title is not printed
    anywhere in the entry (so a parse that cut the title at a wrong full stop is not the
    author's error); the message quotes the printed title and lists the differing words.

    Why it matters:
    Readers search by title; a wrong title suggests the entry was written from memory, from
    a preprint, or describes another work than the one its DOI names.

    Example:
    Printed "Effect of LSD on Empathy and Moral Decision-Making", registered "Effect of
    Psilocybin on Empathy and Moral Decision-Making".

    Fix:
    Copy the registered title, given in the fix.
    """

    code = "RA301"
    name = "title-mismatch"
    severity = Severity.WARNING
    summary = "The printed title differs from the registered one"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in shown_pairs(ctx):
            finding = self._check_one(ctx, ref, work)
            if finding is not None:
                yield finding

    def _check_one(self, ctx: RuleContext, ref: Reference, work: Work) -> Finding | None:
        printed = _without_venue((ref.fields.title or "").strip(), work)
        registered = strip_markup(work.title)
        entry = RawEntry(ref.raw)
        if not printed or not registered or entry.has_title(registered, printed):
            return None
        if titles_equivalent(printed, registered) or not _printed_here(entry, printed):
            return None
        if _not_a_title(printed, work):
            return None  # a style without titles: the parse took the venue or locators
        if _is_venue(printed, work) or re.match(r"^\s*\[.*\]\s*$", printed):
            # The parse took the venue for the title, or the title is a translation.
            return None
        if _ELLIPSIS.search(printed):
            # A title cut off with "..." is incomplete-reference's finding.
            stem = title_key(_ELLIPSIS.sub("", printed))
            if title_key(registered).startswith(stem):
                return None
        return self.finding(
            ctx,
            f"title '{printed}' differs from the registered title: "
            f"{word_diff(printed, registered)}",
            ref.line,
            reference=ref.n,
            expected=registered,
            found=printed,
            fix=registered,
        )


def _without_venue(printed: str, work: Work) -> str:
    """The parsed title without the registered venue the parse ran on into ("Title for
    F1000 - Post-Publication Peer Review ..." -> "Title for"), when words remain before it."""
    for name in work_venues(work, iso4=False):
        words = fold(name).split()
        if not words or fold(name) in fold(work.title):
            continue
        tail = r"[\W_]+".join(re.escape(w) for w in words)
        m = re.search(rf"[\s.,:;–—-]+{tail}\W*$", printed, re.I)
        if m is not None and len(printed[: m.start()].split()) >= 3:
            return printed[: m.start()].strip()
    return printed


def _printed_here(entry: RawEntry, value: str) -> bool:
    """The parsed value is in the entry's text (a parse never invents, but check)."""
    key = title_key(value)
    return bool(key) and key in entry.titled


def _not_a_title(printed: str, work: Work) -> bool:
    """The parsed "title" is no title: no word of three letters, or it holds the registered
    venue, or the registered year next to a registered volume or first page."""
    if not re.search(r"[^\W\d_]{3}", printed) or _made_of_names(printed, work):
        return True
    tokens = RawEntry(printed).tokens
    own = RawEntry(work.title).tokens
    # A venue printed inside the parsed title shows a parse of the venue, unless the
    # registered title holds the venue's words too ("... a DNA vaccine" in Vaccine).
    if any(
        venue_in_text(tokens, n) and not venue_in_text(own, n)
        for n in work_venues(work, iso4=False)
    ):
        return True
    locators = {work.volume, work.pages.split("-")[0], work.article_number} - {""}
    return str(work.year or "") in tokens and any(t in locators for t in tokens)


_LINKS = frozenset({"and", "of", "the", "in", "on", "for", "et", "al", "und", "de", "y"})


def _made_of_names(printed: str, work: Work) -> bool:
    """Every word of the parsed "title" is a word of the registered authors' names, the
    venue or the publisher ("Music" of "Music Therapy", "Beling", "1 C.-H. Lin, Chao-Lin
    Kuo"): in a style printed without titles the parse took the names for the title."""
    words = [w for w in fold(printed).split() if len(w) > 1 and not w.isdigit()]
    words = [w for w in words if w not in _LINKS]
    if not words:
        return False
    names = " ".join(
        [a.literal + " " + a.family + " " + a.given for a in work.authors]
        + [work.container, work.short_container, work.publisher]
    )
    known = set(fold(names).split())
    return all(w in known for w in words)


def _is_venue(printed: str, work: Work) -> bool:
    key = title_key(printed)
    if re.match(r"\d+[^\W\d_]", printed.strip()):
        key = key.lstrip("0123456789")  # an entry number glued to the venue ("1Proceedings")
    for iso4 in (False, True):  # the ISO 4 table is costly: only when the cheap forms fail
        for name in work_venues(work, iso4=iso4):
            if venues_equivalent(printed, name) or (len(key) >= 6 and key in title_key(name)):
                return True
    return False


# --- authors ------------------------------------------------------------------------------


class AuthorMismatch(Rule):
    """The printed authors differ from the registered ones.

    What it checks:
    The author list surname by surname: misspelled surnames, authors missing, extra or in
    another order, and initials that differ. "et al." and style truncation (APA 7: first 19,
    "...", last; APA 6: first 6, "...", last) are understood, as are particles (van, de),
    compound and hyphenated surnames, diacritics and organisations as authors. A wrong
    first author is an error; other differences are warnings.

    Why it matters:
    Authors are how a work is cited and found; a wrong or misspelled name misattributes the
    work and breaks citation indexes.

    Example:
    Printed "Pokorney, T., Preller, K. H." for registered "Pokorny, Thomas; Preller, Katrin H.".

    Fix:
    Copy the registered author list, given in the fix.
    """

    code = "RA302"
    name = "author-mismatch"
    severity = Severity.WARNING
    summary = "The printed authors differ from the registered ones"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in shown_pairs(ctx):
            printed = [a for a in ref.fields.authors if a.family or a.literal]
            registered = [a for a in work.authors if a.family or a.literal]
            if not registered:
                continue
            if printed and fold(printed[0].literal or printed[0].family) in {"anonymous", "anon"}:
                continue
            entry = RawEntry(_without(ref.raw, work.title))
            result = align_authors(entry, printed, registered, ref.fields.et_al)
            if not result.problems:
                continue
            yield self.finding(
                ctx,
                "authors differ from the registered list: " + "; ".join(result.problems),
                ref.line,
                reference=ref.n,
                expected=format_authors(registered),
                found=format_authors(printed, ref.fields.et_al) if printed else None,
                fix=format_authors(registered),
                severity=Severity.ERROR if result.first_wrong else None,
            )


def _without(raw: str, *parts: str | None) -> str:
    """The raw entry with the given parts (titles, where surnames may also occur) blanked."""
    for part in parts:
        if part and len(part) >= 8:
            raw = raw.replace(part, " ")
    return raw


# --- year ---------------------------------------------------------------------------------


def _issue_label(work: Work) -> str:
    if work.volume and work.issue:
        return f"the issue {work.volume}({work.issue})"
    if work.volume:
        return f"volume {work.volume}"
    return "the print issue"


class YearMismatch(Rule):
    """The printed year differs from the registered one.

    What it checks:
    The entry's year against the work's online, print and issued dates. An entry that gives
    the print issue's year is right even when the work appeared online a year earlier; an
    entry that gives the online-first year while it cites the issue (volume, issue or pages)
    is reported as information, with both dates, because most styles cite the issue's year.
    Any other difference is an error.

    Why it matters:
    Author and year are how readers find the entry from the text; a wrong year often means
    the wrong edition, a preprint, or an entry written from memory.

    Example:
    Printed 2023 for an article published online on 2023-06-05 in the issue 38(1) of 2024-02.

    Fix:
    Use the registered year given in the fix (the print issue's year for an article in an
    issue).
    """

    code = "RA303"
    name = "year-mismatch"
    severity = Severity.ERROR
    summary = "The printed year differs from the registered one"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in shown_pairs(ctx):
            finding = self._check_one(ctx, ref, work)
            if finding is not None:
                yield finding

    def _check_one(self, ctx: RuleContext, ref: Reference, work: Work) -> Finding | None:
        printed = ref.fields.year
        online, print_ = year_of(work.published_online), year_of(work.published_print)
        registered = work.year or year_of(work.issued)
        if printed is None or (registered is None and online is None and print_ is None):
            return None
        cites_issue = bool(ref.fields.volume or ref.fields.issue or ref.fields.pages)
        if print_ is not None and printed == print_:
            return None
        if online is not None and printed == online and print_ is not None and print_ != online:
            if not cites_issue:
                return None
            return self.finding(
                ctx,
                f"printed {printed} is the online-first year (online {work.published_online}); "
                f"{_issue_label(work)} is dated {work.published_print}, the year most styles cite",
                ref.line,
                reference=ref.n,
                expected=str(print_),
                found=str(printed),
                fix=str(print_),
                severity=Severity.INFO,
            )
        known = {y for y in (registered, online, print_) if y is not None}
        if printed in known:
            return None
        entry = RawEntry(ref.raw)
        title = [work.title, ref.fields.title or "", work.container]
        # A volume numbered by its year ("2014(1)") shows the volume, not a year.
        volumes = {ref.fields.volume, work.volume}
        if any(
            entry.has_year(y, title, 2 if str(y) in volumes else 1) for y in known
        ) or not entry.has_year(printed, title):
            # A registered year is printed (the parse took another number for the year), or
            # the parsed year is not printed as a year: no evidence of a wrong year.
            return None
        dates = ", ".join(
            f"{label} {value}"
            for label, value in (
                ("online", work.published_online),
                ("print", work.published_print),
                ("issued", work.issued),
            )
            if value
        )
        expected = print_ if print_ is not None and cites_issue else registered or online
        gap = min(abs(printed - y) for y in known)
        return self.finding(
            ctx,
            f"printed year {printed} differs from the registered year {expected}"
            + (f" ({dates})" if dates else "")
            + ("; within a year, as between online and print publication" if gap <= 1 else ""),
            ref.line,
            reference=ref.n,
            expected=str(expected),
            found=str(printed),
            fix=str(expected),
            severity=Severity.WARNING if gap <= 1 else None,
        )


# --- venue --------------------------------------------------------------------------------


class VenueMismatch(Rule):
    """The journal or container differs from the registered one.

    What it checks:
    The printed journal, book or site against the registered container title and its short
    form. Case, punctuation, a leading "The", "&" for "and", a subtitle, and ISO 4 or NLM
    abbreviations ("J Psychoactive Drugs", "Proc Natl Acad Sci USA") count as the same.

    Why it matters:
    A wrong journal sends readers to the wrong place and is a common trace of a reference
    assembled from several works.

    Example:
    Printed "Journal of Psychopharmacology" for a work registered in "Psychopharmacology".

    Fix:
    Use the registered container title, given in the fix.
    """

    code = "RA304"
    name = "venue-mismatch"
    severity = Severity.WARNING
    summary = "The journal or container differs from the registered one"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in shown_pairs(ctx):
            printed = (ref.fields.container or "").strip()
            names = work_venues(work, iso4=False)
            if not printed or not names or work.type not in _JOURNAL_TYPES:
                continue
            entry = RawEntry(ref.raw)
            if any(venue_in_text(entry.tokens, n) or _glued(entry, n) for n in names):
                continue  # the registered venue is printed, whatever the parse took
            if not entry.has_words(printed) or not re.search(r"[^\W\d_]{3}", printed):
                continue
            if any(venues_equivalent(printed, n) for n in names):
                continue
            # Only now the costly ISO 4 forms: most printed venues match a cheap form.
            names = work_venues(work)
            if any(venue_in_text(entry.tokens, n) or venues_equivalent(printed, n) for n in names):
                continue
            if work.publisher and venues_equivalent(printed, work.publisher):
                continue
            if len(title_key(printed)) >= 6 and title_key(printed) in title_key(work.title):
                continue  # a piece of the title, cut at a wrong full stop
            registered = strip_markup(work.container or names[0])
            yield self.finding(
                ctx,
                f"venue '{printed}' differs from the registered '{registered}'",
                ref.line,
                reference=ref.n,
                expected=registered,
                found=printed,
                fix=registered,
            )


def _glued(entry: RawEntry, venue: str) -> bool:
    """The venue is printed whole but glued to a label or a number ("1Zeitschrift für ...")."""
    key = title_key(venue)
    return len(key) >= 10 and key in entry.titled


RULES: tuple[type[Rule], ...] = (
    TitleMismatch,
    AuthorMismatch,
    YearMismatch,
    VenueMismatch,
    LocatorMismatch,
)
