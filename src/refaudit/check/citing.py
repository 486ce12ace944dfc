"""Citation rules (RA105-RA107): the in-text citations against the reference list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from refaudit.check.base import Rule, RuleContext
from refaudit.check.evidence import RawEntry
from refaudit.model import Citation, Finding, Reference, Severity

_LABEL_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)[a-z]?(?!\d)")
_NOT_NAMES = frozenset({"et", "al", "and", "und", "the", "in", "press", "see", "also", "eds"})
# More unmatched citations than this (and more than the list has entries) means the list was
# not read completely: one finding says so instead of one per citation.
_MANY_MISSING = 5
_READING_LIST = re.compile(
    r"\b(?:bibliograph\w*|further|reading|recommended|suggested|resources|see also)\b",
    re.I,
)


def label_matches_entry(label: str, ref: Reference) -> bool:
    """The citation label's first surname and year are printed in the entry's own text
    ('Concato 2000' and "John Concato ... N Engl J Med. 2000;342"), whatever its parse."""
    year = _LABEL_YEAR.search(label)
    words = [
        w
        for w in re.findall(r"[^\W\d_][\w'’-]+", label)
        if w.lower() not in _NOT_NAMES and w[:1].isupper()
    ]
    if year is None or not words:
        return False
    entry = RawEntry(ref.raw)
    return entry.has_words(words[0]) and entry.has_year(int(year.group(1)))


def _prints_year(ref: Reference, year: str) -> bool:
    if year[4:]:  # a suffix: "2020b" must be printed as such
        return re.search(rf"(?<!\d){re.escape(year)}(?!\w)", ref.raw) is not None
    return RawEntry(ref.raw).has_year(int(year))


def _unmatched(ctx: RuleContext) -> list[tuple[Citation, str]]:
    refs = ctx.document.references
    return [
        (c, label)
        for c in ctx.document.citations
        for label in c.unresolved
        if not any(label_matches_entry(label, r) for r in refs)
    ]


def short_citation(ref: Reference) -> str:
    """How the text would cite an entry: 'Pokorny et al. (2017)', 'Mason & Kuypers (2019)'."""
    f = ref.fields
    names = [a.literal or a.family for a in f.authors if a.literal or a.family]
    year = f"{f.year}{f.year_suffix}" if f.year else (f.year_note or "n.d.")
    if not names:
        title = (f.title or "").strip()
        head = f'"{title[:40]}…"' if len(title) > 40 else f'"{title}"' if title else ""
        return f"entry {ref.n} {head}".strip()
    if len(names) == 1 and not f.et_al:
        who = names[0]
    elif len(names) == 2 and not f.et_al:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} ({year})"


def _citations_link(ctx: RuleContext) -> bool:
    return any(c.references for c in ctx.document.citations)


class UncitedReference(Rule):
    """An entry that no citation in the text points to.

    What it checks:
    Every entry of the list against the in-text citations. The rule runs only when at least
    one citation of the document links to an entry: a document where no citation could be
    linked (a bare reading list, a .bib file, a citation style refaudit could not read)
    would otherwise have every entry reported. An entry whose surname and year an unlinked
    citation names counts as cited; when most of the list is uncited (a bibliography or a
    reading list) one information note replaces the per-entry warnings, and an entry of a
    list headed as a bibliography or further reading is information only.

    Why it matters:
    APA, Vancouver and most journals require every listed work to be cited; an uncited entry
    is often a citation that was deleted, or one written so that it no longer matches.

    Example:
    The list has "Timmermann, C. ... (2019)" but the text never cites Timmermann.

    Fix:
    Cite the entry where it supports the text, or remove it from the list.
    """

    code = "RA105"
    name = "uncited-reference"
    severity = Severity.WARNING
    summary = "An entry that no citation in the text points to"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        doc = ctx.document
        if doc.format == "bibtex" or not _citations_link(ctx):
            return
        cited = {n for c in doc.citations for n in c.references}
        labels = [label for c in doc.citations for label in c.unresolved]
        # A citation the linker could not tie to the entry, but whose name and year the
        # entry prints, cites it: the entry is not uncited.
        uncited = [
            ref
            for ref in doc.references
            if ref.n not in cited and not any(label_matches_entry(x, ref) for x in labels)
        ]
        if len(uncited) > max(_MANY_MISSING, len(doc.references) // 2):
            # Most of the list is never cited: a bibliography or reading list, where that
            # is the point, or citations refaudit could not read. One note, not one each.
            yield self.finding(
                ctx,
                f"{len(uncited)} of the {len(doc.references)} entries are not cited in the "
                "text: the list reads as a bibliography or reading list",
                uncited[0].line,
                fix="cite the entries where they support the text, or title the list "
                "'Bibliography' / 'Further reading'",
                severity=Severity.INFO,
            )
            return
        for ref in uncited:
            # A bibliography or a further-reading list lists works consulted, not cited.
            reading = bool(ref.list_name and _READING_LIST.search(ref.list_name))
            yield self.finding(
                ctx,
                f"entry {ref.n} ({short_citation(ref)}) is not cited in the text"
                + (f" (it is in '{ref.list_name}')" if reading else ""),
                ref.line,
                reference=ref.n,
                fix=f"cite {short_citation(ref)} in the text or remove the entry",
                severity=Severity.INFO if reading else None,
            )


class MissingReference(Rule):
    """A citation in the text with no entry in the reference list.

    What it checks:
    Each in-text citation's authors and year (or number, or footnote label) against the
    list, and against the entries' own text (a citation whose surname and year an entry
    prints is that entry's). Not reported when the document has no list at all:
    no-reference-list says so once; when far more citations match nothing than the list has
    entries, one finding says the list looks incomplete instead of one per citation.

    Why it matters:
    Readers cannot find a work that is cited but not listed; it is also the most common
    trace of a reference that was dropped or never existed.

    Example:
    The text says "(Smith & Jones, 2020)" and the list has no Smith 2020.

    Fix:
    Add the missing entry to the list, or correct the citation so that it names a listed work.
    """

    code = "RA106"
    name = "missing-reference"
    severity = Severity.WARNING
    summary = "A citation in the text with no entry in the reference list"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        refs = ctx.document.references
        if not refs:
            return
        unmatched = _unmatched(ctx)
        if len(unmatched) > max(_MANY_MISSING, len(refs)):
            first, _ = unmatched[0]
            shown = ", ".join(dict.fromkeys(label for _, label in unmatched[:5]))
            yield self.finding(
                ctx,
                f"{len(unmatched)} citations name no entry of the {len(refs)}-entry list "
                f"(e.g. {shown}): the list looks incomplete, or was not read completely",
                first.line,
                found=shown,
                fix="check that the reference list holds every cited work",
            )
            return
        for c, label in unmatched:
            yield self.finding(
                ctx,
                f"citation '{c.text}' names '{label}', which no entry of the list matches",
                c.line,
                found=label,
                fix=f"add an entry for '{label}' to the reference list",
            )


def _year_text(c: Citation) -> str | None:
    return c.year.strip() if c.year else None


class CitationYearMismatch(Rule):
    """A citation whose year differs from its entry's year.

    What it checks:
    The year printed in an author-year citation ("Pokorny et al., 2016") against the year of
    the entry it links to, suffix included (2019a is not 2019b). Citations that link to
    several entries are reported only when no entry has the cited year, and then once (the
    citation may mean any of them, or a work the list lacks), without a fix year.

    Why it matters:
    Readers look the work up by author and year; a wrong year sends them to another work or
    to nothing, and often shows that citation and list were edited apart.

    Example:
    The text cites "Pokorny et al. (2016)" and the list has "Pokorny, T., ... (2017)".

    Fix:
    Make the citation and the entry agree (check the registered year first).
    """

    code = "RA107"
    name = "citation-year-mismatch"
    severity = Severity.WARNING
    summary = "A citation whose year differs from its entry's year"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        refs = {r.n: r for r in ctx.document.references}
        for c in ctx.document.citations:
            cited_year = _year_text(c)
            if not cited_year or not re.match(r"^\d{4}[a-z]?$", cited_year):
                continue
            linked = [refs[n] for n in c.references if n in refs and refs[n].fields.year]
            years = {f"{r.fields.year}{r.fields.year_suffix}" for r in linked}
            plain = {str(r.fields.year) for r in linked}
            if not linked or cited_year in years:
                continue
            if cited_year in plain and not any(r.fields.year_suffix for r in linked):
                continue
            if cited_year[:4] in plain and not any(r.fields.year_suffix for r in linked):
                continue
            unprinted = [r for r in linked if not _prints_year(r, cited_year)]
            if len(unprinted) > 1:
                # Several entries of that name, none of that year: which one the citation
                # means (or whether its work is listed at all) cannot be told. One finding.
                dated = ", ".join(
                    f"{r.n} ({r.fields.year}{r.fields.year_suffix})" for r in unprinted
                )
                yield self.finding(
                    ctx,
                    f"citation '{c.text}' gives {cited_year}, but none of the entries it "
                    f"may name is of that year (entries {dated})",
                    c.line,
                    found=cited_year,
                    fix="correct the citation's year, or add the cited work to the list",
                )
                continue
            for r in unprinted:
                entry_year = f"{r.fields.year}{r.fields.year_suffix}"
                yield self.finding(
                    ctx,
                    f"citation '{c.text}' gives {cited_year} but entry {r.n} "
                    f"({short_citation(r)}) is dated {entry_year}",
                    c.line,
                    reference=r.n,
                    expected=entry_year,
                    found=cited_year,
                    fix=entry_year,
                )


RULES: tuple[type[Rule], ...] = (UncitedReference, MissingReference, CitationYearMismatch)
