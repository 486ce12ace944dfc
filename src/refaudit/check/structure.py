"""Offline rules (RA101-RA104, RA108): the reference list itself, no resolution needed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from refaudit.check.base import Rule, RuleContext, fitting_work, note_entries
from refaudit.check.duplicates import DuplicateReference
from refaudit.check.evidence import RawEntry, pages_in_raw
from refaudit.compare import normalize_title
from refaudit.model import Finding, Reference, Severity, Work

_SHORT_DOI = re.compile(r"(?:doi\.org/|doi:\s*)10/[a-z0-9]{4,10}/?$", re.I)
_TRUNCATED_RANGE = re.compile(r"^\s*[A-Za-z]?\d+\s*[-‐‑–—]+\s*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
# A title that ends on one of these words was cut off by whoever copied it.
_DANGLING = frozenset(
    {"an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to"}
    | {"with", "versus", "via"}
)
_NOT_JOURNAL_TYPES = frozenset(
    {"book", "chapter", "book-chapter", "web", "report", "thesis", "dataset", "posted-content"}
)


def registered_locator(work: Work) -> str | None:
    """The registered article number or page range, as a fix: 'article number 16324'."""
    if work.article_number:
        return f"article number {work.article_number}"
    if work.pages:
        return f"pages {work.pages}"
    return None


def _range_goes_on(raw: str, pages: str) -> bool:
    """The entry prints the range in full ("485--509") where the parse stopped at "485-"."""
    first = re.sub(r"[^\w]", "", pages)
    return bool(first) and re.search(rf"(?<!\w){re.escape(first)}\s*[-‐‑–—]+\s*\w", raw) is not None


_RAW_CUT_RANGE = re.compile(r"(?<![\w\-‐‑–—/.])(\d{1,5})\s*[-‐‑–—]+\s*(?=[.,;]?\s*$|[.,;]\s)")


def raw_truncated_range(raw: str, work: Work | None) -> str | None:
    """A range printed cut after its first page ("Hemostasis: 861–.") that the parse did
    not read as pages: its first page, when it is the registered first page (or no work is
    known and it reads as no year)."""
    first = (work.pages if work else "").split("-")[0].strip()
    for m in _RAW_CUT_RANGE.finditer(raw):
        number = m.group(1)
        if first:
            if number.lstrip("0") == first.lstrip("0"):
                return f"{number}-"
        elif work is None and not re.fullmatch(r"1[5-9]\d\d|20\d\d", number):
            return f"{number}-"
    return None


def is_truncated_range(pages: str | None) -> bool:
    """True for a page range that stops after its first page: '1-', '747–'."""
    return bool(pages and _TRUNCATED_RANGE.match(pages))


class NoReferenceList(Rule):
    """A document that cites works or has a references heading, but no readable list.

    What it checks:
    The document has in-text citations or a heading such as "References", yet no entry of a
    reference list could be read.

    Why it matters:
    Every cited work must be listed so that readers can find it; a list that refaudit cannot
    read also cannot be checked.

    Example:
    An article cites "(Smith, 2020)" and ends with "References" followed by nothing, or by a
    list pasted as an image.

    Fix:
    Add the reference list as text, one entry per line or paragraph, under its heading.
    """

    code = "RA101"
    name = "no-reference-list"
    severity = Severity.ERROR
    summary = "The document cites works or has a references heading but no readable list"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        doc = ctx.document
        if doc.references or doc.format == "bibtex":
            return
        if doc.heading_line is not None:
            yield self.finding(
                ctx,
                f"the references heading at line {doc.heading_line} is followed by no "
                "entry that could be read",
                doc.heading_line,
            )
        elif doc.citations:
            n = len(doc.citations)
            yield self.finding(
                ctx,
                f"the text has {n} citation{'s' if n != 1 else ''} but no reference list was found",
                doc.citations[0].line,
            )


class UnparsedReference(Rule):
    """An entry whose authors, year or title could not be identified.

    What it checks:
    Each entry of the list is parsed into fields; this rule reports entries where the
    authors, the year or the title could not be told apart.

    Why it matters:
    An entry without recognisable authors, year or title cannot be matched to its work,
    and often is malformed for readers too (fields out of order, missing punctuation).

    Example:
    "Smith J Psychedelics and empathy" (no year, no separator between author and title).

    Fix:
    Write the entry in one citation style with all its parts: authors, year, title, venue.
    """

    code = "RA102"
    name = "unparsed-reference"
    severity = Severity.WARNING
    summary = "An entry whose authors, year or title could not be identified"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        notes = note_entries(ctx)
        for ref in ctx.document.references:
            f = ref.fields
            missing = []
            if not any(a.family or a.literal for a in f.authors):
                missing.append("authors")
            if f.year is None and not f.year_note:
                missing.append("year")
            if not (f.title or "").strip():
                missing.append("title")
            if not missing:
                continue
            what = missing[0] if len(missing) == 1 else ", ".join(missing[:-1])
            if len(missing) > 1:
                what += f" and {missing[-1]}"
            res = ctx.resolution(ref)
            if res is not None and res.work is not None:
                continue  # the registry identified the entry: what it prints is enough
            yield self.finding(
                ctx,
                f"could not identify the {what} of entry {ref.n}",
                ref.line,
                reference=ref.n,
                found=ref.raw[:200],
                # A web page, report, software or book often has no author or date; a
                # style without titles (AIP, Elsevier) is no fault of the entry; and a part
                # the entry does print (a year in its text) is the parser's miss, not the
                # author's: information only.
                severity=None
                if _lacks_parts(ref, missing) and ref.n not in notes
                else Severity.INFO,
            )


_GREY_TYPES = frozenset(
    {"web", "webpage", "blog", "online", "software", "dataset", "report", "legal", "book"}
    | {"thesis", "chapter", "book-chapter", "legislation", "patent", "standard"}
)


_YEAR_WORD = re.compile(r"(?<![\d/.])(1[5-9]\d\d|20\d\d)(?!\d)|\bn\.\s?d\b|\bin press\b", re.I)


def _lacks_parts(ref: Reference, missing: list[str]) -> bool:
    """The entry's text itself lacks what could not be identified (not just the parse), and
    it is a kind that needs it: a journal-like entry (a volume, or a journal's pages)."""
    f = ref.fields
    if _grey(ref) or missing == ["title"]:
        return False
    if not (f.volume or f.doi or (f.pages and f.type == "journal-article")):
        # A link label, a course, a software name: nothing to find it by anyway; a book or
        # a chapter in one (a container and pages, no volume) is often printed undated.
        return False
    return "year" in missing and not _YEAR_WORD.search(ref.raw)


def _grey(ref: Reference) -> bool:
    """Grey literature: a kind that needs no journal locators (web page, report, book ...)."""
    f = ref.fields
    if (f.type or "") in _GREY_TYPES:
        return True
    return bool(f.url and not f.doi and not f.volume)


class IncompleteReference(Rule):
    """A truncated or incomplete entry.

    What it checks:
    A page range that stops after its first page ("1-"), a journal article without a volume
    or without pages or an article number, or a title that was cut off ("..." or a dangling
    "of"). When the work was resolved, the fix gives the registered value; a part the
    registry does not have either (an online-first article without volume), or that the
    entry prints where the parse did not see it, is not reported. A cut range or title is a
    warning; a journal article printed without volume or pages is information (a matter of
    completeness), and web pages, reports, books and other grey literature are not asked
    for journal locators at all.

    Why it matters:
    Readers and reference managers need the full locator to find the article; truncation
    usually comes from copying a reference out of a PDF or a citation generator.

    Example:
    "Scientific Reports, 9(1), 1-" where the article is number 16324.

    Fix:
    Complete the entry with the registered value, e.g. "article number 16324".
    """

    code = "RA103"
    name = "incomplete-reference"
    severity = Severity.WARNING
    summary = "A truncated or incomplete entry (page range, volume, pages, title)"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref in ctx.document.references:
            yield from self._check_one(ctx, ref)

    def _check_one(self, ctx: RuleContext, ref: Reference) -> Iterator[Finding]:
        f = ref.fields
        work = fitting_work(ctx, ref)
        res = ctx.resolution(ref)
        kind_of = work or (res.work if res is not None else None)
        locator = registered_locator(work) if work else None
        cut = f.pages if is_truncated_range(f.pages) else None
        if cut is None and not f.pages and not f.article_number:
            cut = raw_truncated_range(ref.raw, work)
        if cut is not None and not _range_goes_on(ref.raw, cut):
            yield self.finding(
                ctx,
                f"the page range '{cut.strip()}' stops after its first page"
                + (f"; the registered locator is {locator}" if locator else ""),
                ref.line,
                reference=ref.n,
                expected=locator,
                found=cut,
                fix=locator or "give the full page range or the article number",
            )
        elif self._is_journal_article(ref, kind_of):
            entry = RawEntry(ref.raw)
            printed_locator = work is not None and pages_in_raw(
                entry, work.pages, work.article_number
            )
            if (
                not f.pages
                and not f.article_number
                and (work is None or locator)
                and not printed_locator
            ):
                yield self.finding(
                    ctx,
                    "journal article without pages or article number"
                    + (f"; the registered locator is {locator}" if locator else ""),
                    ref.line,
                    reference=ref.n,
                    expected=locator,
                    fix=locator or "add the page range or the article number",
                    severity=Severity.INFO,
                )
            if (
                not f.volume
                and (work is None or work.volume)
                and not (work is not None and entry.has_number(work.volume, [work.title]))
            ):
                vol = f"volume {work.volume}" if work else None
                yield self.finding(
                    ctx,
                    "journal article without a volume"
                    + (f"; the registered volume is {work.volume}" if work else ""),
                    ref.line,
                    reference=ref.n,
                    expected=work.volume if work else None,
                    fix=vol or "add the volume (and issue)",
                    severity=Severity.INFO,
                )
        title = (f.title or "").strip()
        if title and self._title_cut(title, work or kind_of, ref.raw):
            yield self.finding(
                ctx,
                f"the title '{title}' looks cut off",
                ref.line,
                reference=ref.n,
                expected=work.title if work else None,
                found=title,
                fix=work.title if work else "give the full title",
            )

    @staticmethod
    def _is_journal_article(ref: Reference, work: Work | None) -> bool:
        f = ref.fields
        if work is not None:
            return work.type == "journal-article"
        if f.type is not None:
            return f.type == "journal-article"
        # Unknown type: a container with a volume is a periodical; a bare container may be a
        # book or a web site, so it is not judged.
        return bool(f.container and f.volume and f.type not in _NOT_JOURNAL_TYPES)

    @staticmethod
    def _continues(raw: str, title: str) -> bool:
        # The entry goes on with more words after the parsed title: the parser stopped early,
        # the printed title is not cut.
        at = raw.find(title)
        return at >= 0 and bool(re.match(r"\s*[-‐]?\s*\w", raw[at + len(title) :]))

    @staticmethod
    def _title_cut(title: str, work: Work | None, raw: str) -> bool:
        if _ELLIPSIS.search(title):
            return True
        words = normalize_title(title).split()
        if not words or words[-1] not in _DANGLING or IncompleteReference._continues(raw, title):
            return False
        # "... of" may still be the registered title ending; trust the registry when known.
        return work is None or normalize_title(work.title) != normalize_title(title)


class InvalidDoi(Rule):
    """A printed DOI that is not a syntactically valid DOI.

    What it checks:
    Every DOI printed in an entry (doi:, https://doi.org/, DOI ...) must have the form
    10.<registrant>/<suffix>.

    Why it matters:
    A malformed DOI leads nowhere: the link is broken and reference managers cannot import
    the work.

    Example:
    "doi:10.1093/ijnp" (no suffix) or "https://doi.org/1093/ijnp/pyx047" (no "10.").

    Fix:
    Copy the DOI from the publisher's page or from the registered record given in the fix.
    """

    code = "RA108"
    name = "invalid-doi"
    severity = Severity.ERROR
    summary = "A printed DOI that is not a syntactically valid DOI"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref in ctx.document.references:
            raw = ref.fields.doi_raw
            if not raw:
                continue
            work = fitting_work(ctx, ref)
            fix = f"https://doi.org/{work.doi}" if work and work.doi else None
            if _SHORT_DOI.search(raw):
                # doi.org resolves shortDOIs ("10/cqjskf"): the link works; print the DOI.
                yield self.finding(
                    ctx,
                    f"'{raw}' is a shortDOI, not the DOI itself",
                    ref.line,
                    reference=ref.n,
                    found=raw,
                    fix=fix or "print the full DOI (doi.org shows it)",
                    severity=Severity.INFO,
                )
                continue
            yield self.finding(
                ctx,
                f"'{raw}' is not a valid DOI (expected 10.<registrant>/<suffix>)"
                + (f"; the work's DOI is {work.doi}" if fix and work else ""),
                ref.line,
                reference=ref.n,
                expected=work.doi if work and work.doi else None,
                found=raw,
                fix=fix,
            )


RULES: tuple[type[Rule], ...] = (
    NoReferenceList,
    UnparsedReference,
    IncompleteReference,
    DuplicateReference,
    InvalidDoi,
)
