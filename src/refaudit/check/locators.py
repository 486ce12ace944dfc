"""Locator rule (RA305): volume, issue, pages and article number against the registered work."""

from __future__ import annotations

import re
from collections.abc import Iterator

from refaudit.check.base import Rule, RuleContext
from refaudit.check.evidence import (
    RawEntry,
    issue_numbers_equal,
    pages_in_raw,
    printed_issue,
    printed_volume,
    shown_pairs,
)
from refaudit.check.structure import is_truncated_range
from refaudit.compare import expand_pages, fold
from refaudit.model import Finding, Reference, Severity, Work

# --- locators -----------------------------------------------------------------------------


def _plain(value: str) -> str:
    s = fold(value)
    s = re.sub(r"^(?:vol(?:ume)?|no|issue|nr)\s+", "", s)
    return " ".join(t.lstrip("0") or "0" for t in s.split())


def pages_agree(printed: str, registered_pages: str, article_number: str) -> bool:
    """Printed pages against registered pages or article number (1181-97 == 1181-1197)."""
    printed = re.sub(r"^\s*(?:pp?\.|pages?|art(?:icle)?\.?(?: no\.?)?)\s*", "", printed, flags=re.I)
    p_first, p_last = expand_pages(printed)
    p_first, p_last = p_first.lower(), p_last.lower()
    if article_number:
        art = article_number.strip().lower()
        if p_first in (art, f"e{art}") or art == f"e{p_first}":
            return True
        if p_first == "1" and not registered_pages:
            return True
    if not registered_pages:
        return False
    # "523-517,1287": an article in several pieces; the first piece is the one cited.
    registered_pages = re.split(r"\s*[,;]\s*", registered_pages.strip())[0]
    r_first, r_last = (s.lower() for s in expand_pages(registered_pages))
    if p_first != r_first:
        return False
    return not p_last or not r_last or p_last == r_last


def _volume_printed(entry: RawEntry, work: Work, outside: list[str]) -> bool:
    """The registered volume is printed, other than as the registered issue or a page.

    The registered record is aligned to the text, not the parse: a parse that swapped the
    volume and the pages ("6.1 (1987): 27" read as volume 27, page 6) proves nothing.
    """
    volume = work.volume
    explained = sum(
        1
        for value in (work.issue, *expand_pages(work.pages or ""), work.article_number)
        if value and _plain(value) == _plain(volume)
    )
    return entry.count_number(volume, outside) > explained


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
        for ref, work in shown_pairs(ctx):
            yield from self._check_one(ctx, ref, work)

    def _check_one(self, ctx: RuleContext, ref: Reference, work: Work) -> Iterator[Finding]:
        f = ref.fields
        entry = RawEntry(ref.raw)
        title = [work.title, f.title or ""]
        volume = f.volume or (printed_volume(entry, work.issue) if work.issue else None)
        if (
            volume
            and work.volume
            and _plain(volume) != _plain(work.volume)
            and not _volume_printed(entry, work, title)
            and entry.has_number(volume, title)
        ):
            yield self._finding(ctx, ref, "volume", volume, work.volume)
        issue = f.issue or (printed_issue(entry, work.volume) if work.volume else None)
        if issue and work.issue and not issue_numbers_equal(issue, work.issue):
            shown = all(entry.has_number(n, title) for n in re.findall(r"\d+", work.issue))
            if not shown and entry.has_number(issue, title):
                yield self._finding(ctx, ref, "issue", issue, work.issue)
        printed_pages = f.pages or f.article_number
        if (
            printed_pages
            and not is_truncated_range(printed_pages)
            and (work.pages or work.article_number)
            and not pages_agree(printed_pages, work.pages, work.article_number)
            and entry.has_standalone(printed_pages)
            # The registered range printed whole elsewhere: the parse took the issue "1-2".
            and not (work.pages and entry.has_standalone(work.pages))
        ):
            p_first = expand_pages(printed_pages)[0].lower()
            r_first = expand_pages(work.pages)[0].lower() if work.pages else ""
            same_start = bool(r_first) and p_first == r_first
            # The registered first page printed elsewhere (the parse took another number
            # for the pages) clears the entry; printed inside the range itself it does not.
            rest = RawEntry(entry.without_range(printed_pages))
            if same_start or not pages_in_raw(rest, work.pages, work.article_number):
                expected = work.pages or work.article_number
                label = "pages" if work.pages else "article number"
                yield self._finding(ctx, ref, label, printed_pages, expected, printed_as="pages")

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
