"""Metadata rules (RA3xx): the printed title, authors, year, venue and locators against the work."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from refaudit.check.authors import compare_authors, format_authors
from refaudit.check.base import Rule, RuleContext, resolved_pairs
from refaudit.check.structure import is_truncated_range
from refaudit.check.venues import venues_equivalent
from refaudit.compare import (
    expand_pages,
    fold,
    normalize_title,
    strip_markup,
    title_prefix_match,
    title_similarity,
    year_of,
)
from refaudit.model import Finding, Reference, Severity, Work

_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")


# --- titles -------------------------------------------------------------------------------


def _title_key(title: str) -> str:
    return normalize_title(strip_markup(title).replace("&", " and ")).replace(" ", "")


def titles_equivalent(printed: str, registered: str) -> bool:
    """Same title up to case, punctuation, markup, diacritics, spelling and subtitle."""
    if _title_key(printed) == _title_key(registered):
        return True
    return title_prefix_match(printed, registered)


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
    or separated differently. The message lists the differing words. A small difference
    (a typo, a changed word) is a warning; a largely different title is an error.

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
    severity = Severity.ERROR
    summary = "The printed title differs from the registered one"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in resolved_pairs(ctx):
            printed = (ref.fields.title or "").strip()
            registered = strip_markup(work.title)
            if not printed or not registered or titles_equivalent(printed, registered):
                continue
            if _ELLIPSIS.search(printed):
                # A title cut off with "..." is incomplete-reference's finding.
                stem = _title_key(_ELLIPSIS.sub("", printed))
                if _title_key(registered).startswith(stem):
                    continue
            similarity = title_similarity(printed, registered)
            yield self.finding(
                ctx,
                f"title differs from the registered title: {word_diff(printed, registered)}",
                ref.line,
                reference=ref.n,
                expected=registered,
                found=printed,
                fix=registered,
                severity=Severity.WARNING if similarity >= 0.8 else Severity.ERROR,
            )


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
        for ref, work in resolved_pairs(ctx):
            printed = [a for a in ref.fields.authors if a.family or a.literal]
            registered = [a for a in work.authors if a.family or a.literal]
            if not printed or not registered:
                continue
            if fold(printed[0].literal or printed[0].family) in {"anonymous", "anon"}:
                continue
            result = compare_authors(printed, registered, ref.fields.et_al)
            if not result.problems:
                continue
            yield self.finding(
                ctx,
                "authors differ from the registered list: " + "; ".join(result.problems),
                ref.line,
                reference=ref.n,
                expected=format_authors(registered),
                found=format_authors(printed, ref.fields.et_al),
                fix=format_authors(registered),
                severity=Severity.ERROR if result.first_wrong else None,
            )


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
        for ref, work in resolved_pairs(ctx):
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
        if printed in {registered, online}:
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
        near_issue = print_ is None and online is not None and printed == online + 1
        return self.finding(
            ctx,
            f"printed year {printed} differs from the registered year {expected}"
            + (f" ({dates})" if dates else "")
            + ("; the print issue may not be registered yet" if near_issue else ""),
            ref.line,
            reference=ref.n,
            expected=str(expected),
            found=str(printed),
            fix=str(expected),
            severity=Severity.WARNING if near_issue else None,
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
        for ref, work in resolved_pairs(ctx):
            printed = (ref.fields.container or "").strip()
            names = [n for n in (work.container, work.short_container) if n]
            if not names and work.publisher:
                names = [work.publisher]
            if not printed or not names:
                continue
            if any(venues_equivalent(printed, strip_markup(n)) for n in names):
                continue
            if work.publisher and venues_equivalent(printed, work.publisher):
                continue
            registered = strip_markup(names[0])
            yield self.finding(
                ctx,
                f"venue '{printed}' differs from the registered '{registered}'",
                ref.line,
                reference=ref.n,
                expected=registered,
                found=printed,
                fix=registered,
            )


# --- locators -----------------------------------------------------------------------------


def _plain(value: str) -> str:
    s = fold(value)
    s = re.sub(r"^(?:vol(?:ume)?|no|issue|nr)\s+", "", s)
    return " ".join(t.lstrip("0") or "0" for t in s.split())


def pages_agree(printed: str, registered_pages: str, article_number: str) -> bool:
    """Printed pages against registered pages or article number (1181-97 == 1181-1197)."""
    p_first, p_last = expand_pages(printed)
    p_first, p_last = p_first.lower(), p_last.lower()
    if article_number:
        art = article_number.strip().lower()
        if p_first == art or (p_first == "1" and not registered_pages):
            return True
    if not registered_pages:
        return False
    r_first, r_last = (s.lower() for s in expand_pages(registered_pages))
    if p_first != r_first:
        return False
    return not p_last or not r_last or p_last == r_last


class LocatorMismatch(Rule):
    """Volume, issue, pages or article number differ from the registered ones.

    What it checks:
    Each printed locator against the registered one: volume, issue, page range (abbreviated
    ranges like 1181-97 equal 1181-1197; a first page alone is accepted) and article number
    (an article number printed as pages, "16324" or "e0123", is accepted). A page range cut
    off ("1-") is left to incomplete-reference.

    Why it matters:
    Locators are how a reader finds the article in its issue; a wrong volume or page range
    often betrays an entry assembled from another reference.

    Example:
    Printed "20(9), 747-775" for a work registered at 20(9), 747-757.

    Fix:
    Use the registered value given in the fix.
    """

    code = "RA305"
    name = "locator-mismatch"
    severity = Severity.WARNING
    summary = "Volume, issue, pages or article number differ from the registered ones"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in resolved_pairs(ctx):
            f = ref.fields
            for label, printed, registered in (
                ("volume", f.volume, work.volume),
                ("issue", f.issue, work.issue),
            ):
                if printed and registered and _plain(printed) != _plain(registered):
                    yield self._finding(ctx, ref, label, printed, registered)
            if (
                f.pages
                and not is_truncated_range(f.pages)
                and (work.pages or work.article_number)
                and not pages_agree(f.pages, work.pages, work.article_number)
            ):
                expected = work.pages or work.article_number
                label = "pages" if work.pages else "article number"
                yield self._finding(ctx, ref, label, f.pages, expected, printed_as="pages")
            if f.article_number:
                registered_art = work.article_number or work.pages
                if registered_art and _plain(f.article_number) != _plain(registered_art):
                    yield self._finding(
                        ctx, ref, "article number", f.article_number, registered_art
                    )

    def _finding(
        self,
        ctx: RuleContext,
        ref: Reference,
        label: str,
        printed: str,
        registered: str,
        printed_as: str | None = None,
    ) -> Finding:
        as_what = printed_as or label
        return self.finding(
            ctx,
            f"{as_what} '{printed}' differ{'s' if as_what != 'pages' else ''} from the "
            f"registered {label} '{registered}'",
            ref.line,
            reference=ref.n,
            expected=registered,
            found=printed,
            fix=f"{label} {registered}",
        )


RULES: tuple[type[Rule], ...] = (
    TitleMismatch,
    AuthorMismatch,
    YearMismatch,
    VenueMismatch,
    LocatorMismatch,
)
