"""Identity rules (RA2xx): does the entry point to a registered work, and to the right one."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rapidfuzz.distance import Levenshtein

from refaudit.check.base import Rule, RuleContext
from refaudit.compare import fold, title_similarity
from refaudit.model import (
    Candidate,
    Finding,
    Reference,
    Resolution,
    ResolutionStatus,
    Severity,
    Work,
)

_MAX_CANDIDATES = 3
# Editorial matter an issue prints around its articles: not the kind of work a list cites
# as a study, and not a fabricated one.
_EDITORIAL = re.compile(
    r"\b(?:front|back|inside)\s+cover\b|\bmasthead\b|\beditorial\s+board\b|"
    r"\btable\s+of\s+contents\b|\bissue\s+information\b",
    re.I,
)
_NON_REGISTRY_TYPES = frozenset({"web", "webpage", "blog", "online", "software", "thesis"})


def describe_work(work: Work) -> str:
    """A one-line identification of a registered work: 'Smith et al. (2020) "Title"'."""
    names = [a.literal or a.family for a in work.authors if a.literal or a.family]
    if not names:
        who = "anonymous"
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = f" ({work.year})" if work.year else ""
    title = work.title if len(work.title) <= 90 else work.title[:87] + "..."
    return f'{who}{year} "{title}"'


_PREPRINTS = frozenset({"posted-content", "preprint"})


def _other_version(work: Work, printed: Work) -> str:
    """What the printed DOI's work is to the entry's work: its preprint, its book, another
    paper of the same title, another version; "" for an unrelated work."""
    if bool(work.container) and title_similarity(work.container, printed.title) >= 0.9:
        return f"the {printed.type or 'book'} it appeared in"
    if title_similarity(work.title, printed.title) < 0.9:
        return ""
    if printed.type in _PREPRINTS and work.type not in _PREPRINTS:
        return "its preprint"
    if printed.type == work.type:
        return "another work of the same title"
    return f"another version: {printed.type or 'record'}"


def _agrees(c: Candidate) -> bool:
    """A candidate worth naming: its title agrees, and its first author or its year."""
    return "title" in c.agreed and ("author" in c.agreed or "year" in c.agreed)


def _locates(c: Candidate) -> bool:
    """A candidate that agrees on author, year, volume and page: the entry prints no title
    to confirm it, but it is no invention."""
    return {"author", "year", "volume", "page"} <= set(c.agreed)


_MAX_DOI_EDITS = 3


def _mistyped(printed: str, candidates: Sequence[Candidate]) -> Work | None:
    """The candidate whose title agrees and whose DOI is the printed one with a typo (a few
    characters changed, added or dropped): too weak a match on its own, but together with
    a DOI that differs by a slip of the keyboard it names the work."""
    key = printed.lower()
    best: tuple[int, Work] | None = None
    for c in candidates:
        doi = c.work.doi.lower()
        if "title" not in c.agreed or not doi or doi.split("/")[0] != key.split("/")[0]:
            continue
        edits = Levenshtein.distance(key, doi)
        if edits <= _MAX_DOI_EDITS and (best is None or edits < best[0]):
            best = (edits, c.work)
    return best[1] if best else None


def _titled(title: str, container: str) -> bool:
    """The entry prints a title to search by: three words or more, not all of them the
    venue's or numbers (a style without titles: "Communications in Physics. , 22")."""
    words = [w for w in fold(title).split() if not w.isdigit()]
    venue = set(fold(container).split())
    return len(words) >= 3 and not (venue and set(words) <= venue)


def _printed_doi(ref: Reference, res: Resolution) -> str:
    if ref.fields.doi:
        return ref.fields.doi
    if res.printed_work is not None:
        return res.printed_work.doi
    return ref.fields.doi_raw or "?"


def _resolutions(
    ctx: RuleContext, status: ResolutionStatus
) -> Iterator[tuple[Reference, Resolution]]:
    for ref in ctx.document.references:
        res = ctx.resolution(ref)
        if res is not None and res.status == status:
            yield ref, res


class UnknownDoi(Rule):
    """The printed DOI is registered nowhere.

    What it checks:
    The DOI printed in the entry is looked up at Crossref and, when Crossref does not know
    it, at doi.org (which knows DataCite, mEDRA and the other agencies).

    Why it matters:
    A DOI that no agency has registered is a broken link: a typo, a DOI invented by a
    citation generator or a language model, or a DOI that was reserved but never published.

    Example:
    "https://doi.org/10.1093/ijnp/pyx074" when the article's DOI is 10.1093/ijnp/pyx047.

    Fix:
    Replace the DOI with the registered one (given in the fix when a search found the work),
    or remove it.
    """

    code = "RA201"
    name = "unknown-doi"
    severity = Severity.ERROR
    summary = "The printed DOI is registered nowhere"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, res in _resolutions(ctx, ResolutionStatus.UNKNOWN_DOI):
            printed = _printed_doi(ref, res)
            work = res.work or _mistyped(printed, res.candidates)
            found_by_search = f"; search found the work as {work.doi}" if work else ""
            yield self.finding(
                ctx,
                f"DOI {printed} is not registered at Crossref or doi.org{found_by_search}",
                ref.line,
                reference=ref.n,
                expected=work.doi if work else None,
                found=printed,
                fix=f"https://doi.org/{work.doi}" if work else "remove the DOI or correct it",
            )


class WrongDoi(Rule):
    """The printed DOI belongs to a different work.

    What it checks:
    The record behind the printed DOI is compared with the entry (title, authors, year);
    when it describes another work, the rule names that work and, when a search found the
    work the entry describes, gives its DOI.

    Why it matters:
    Readers who follow the DOI land on an unrelated article; reference managers import the
    wrong metadata. Often a digit was mistyped or a DOI was copied from a neighbouring entry.

    Example:
    An entry for Pokorny et al. (2017) printing 10.1016/j.cub.2016.12.030, which is
    Preller et al. (2017).

    Fix:
    Print the DOI of the work the entry describes (given in the fix when found).
    """

    code = "RA202"
    name = "wrong-doi"
    severity = Severity.ERROR
    summary = "The printed DOI belongs to a different work"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, res in _resolutions(ctx, ResolutionStatus.DOI_MISMATCH):
            printed = _printed_doi(ref, res)
            other = f" belongs to {describe_work(res.printed_work)}" if res.printed_work else ""
            work = res.work
            right = (
                f"; the entry's work is {work.doi}"
                if work and work.doi
                else "; the entry's own work was not found"
            )
            version = ""
            if work and res.printed_work and (kind := _other_version(work, res.printed_work)):
                version = f" ({kind})"
            yield self.finding(
                ctx,
                f"DOI {printed}{other or ' belongs to another work'}{version}, not to this "
                f"entry{right}",
                ref.line,
                reference=ref.n,
                expected=work.doi if work else None,
                found=printed,
                fix=f"https://doi.org/{work.doi}" if work and work.doi else None,
            )


class NotFound(Rule):
    """No registered work matches the entry.

    What it checks:
    The entry (without DOI, or with a DOI that did not fit) was searched at Crossref and no
    candidate agreed well enough on title, first author, year, volume and first page.
    Candidates that agree on the title and on the first author or the year are listed, as
    candidates only: none is offered as the fix. Entries for web pages and other works that
    registries do not hold, and editorial matter (a front cover, a masthead), are not
    reported; entries that do not look like journal articles,
    or print no title to search by, are reported as information only.

    Why it matters:
    A reference that matches no registered work may be garbled beyond recognition, cite the
    wrong venue or year, or describe a work that does not exist (a fabricated reference).

    Example:
    "Smith, J. (2021). Psilocybin and empathy in mice. Nature, 12, 1-9." with no such article.

    Fix:
    Check the entry against the publisher's page; if one of the listed candidates is the
    work, copy its details.
    """

    code = "RA203"
    name = "not-found"
    severity = Severity.WARNING
    summary = "No registered work matches the entry"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, res in _resolutions(ctx, ResolutionStatus.NOT_FOUND):
            f = ref.fields
            if (f.type or "") in _NON_REGISTRY_TYPES or (f.url and not f.container and not f.doi):
                continue
            if _EDITORIAL.search(f.title or ""):
                continue  # a cover, a masthead: registries hold them under other names
            journal_like = bool(f.doi or f.volume or f.type == "journal-article")
            titled = _titled(f.title or "", f.container or "")
            located = any(_locates(c) for c in res.candidates)
            named = (c for c in res.candidates if _agrees(c) or _locates(c))
            ranked = sorted(named, key=lambda c: -c.score)[:_MAX_CANDIDATES]
            near = "; ".join(f"{describe_work(c.work)} {c.work.doi}" for c in ranked)
            yield self.finding(
                ctx,
                "no registered work matches this entry"
                + (f"; candidates that agree in part: {near}" if near else ""),
                ref.line,
                reference=ref.n,
                # Without a printed title a search cannot confirm a work: too weak to warn.
                severity=None if journal_like and titled and not located else Severity.INFO,
            )


class MissingDoi(Rule):
    """The work has a DOI that the entry does not print.

    What it checks:
    An entry without a DOI that was matched to a registered work with one.

    Why it matters:
    A DOI is the one identifier that always leads to the work; most styles (APA 7,
    Vancouver, Nature) ask for it whenever the work has one.

    Example:
    "Pokorny, T., ... (2017). Effect of Psilocybin on Empathy and Moral Decision-Making.
    International Journal of Neuropsychopharmacology, 20(9), 747-757." without its DOI.

    Fix:
    Add the DOI as a URL: https://doi.org/10.1093/ijnp/pyx047.
    """

    code = "RA204"
    name = "missing-doi"
    severity = Severity.INFO
    summary = "The work has a DOI that the entry does not print"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, res in _resolutions(ctx, ResolutionStatus.MATCHED):
            work = res.work
            if work is None or not work.doi or ref.fields.doi or ref.fields.doi_raw:
                continue
            yield self.finding(
                ctx,
                f"the work has the DOI {work.doi}, which the entry does not give",
                ref.line,
                reference=ref.n,
                expected=work.doi,
                fix=f"https://doi.org/{work.doi}",
            )


class ResolutionFailed(Rule):
    """The service failed for this reference after retries.

    What it checks:
    Resolving the entry failed (time-outs, server errors, rate limiting) after the retries,
    while the other references went on; this entry could not be verified.

    Why it matters:
    The absence of other findings for this entry means nothing: it was not checked against
    the registry.

    Example:
    Crossref answered 503 for every attempt at this entry's search.

    Fix:
    Run the check again later (answers already obtained are cached).
    """

    code = "RA205"
    name = "resolution-failed"
    severity = Severity.WARNING
    summary = "The service failed for this reference after retries"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, res in _resolutions(ctx, ResolutionStatus.ERROR):
            why = f": {res.message}" if res.message else ""
            yield self.finding(
                ctx,
                f"entry {ref.n} could not be resolved{why}",
                ref.line,
                reference=ref.n,
                fix="run the check again later",
            )


RULES: tuple[type[Rule], ...] = (UnknownDoi, WrongDoi, NotFound, MissingDoi, ResolutionFailed)
