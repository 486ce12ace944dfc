"""Duplicate entries (RA104): the same work listed twice."""

from __future__ import annotations

from collections.abc import Iterator

from refaudit.check.base import Rule, RuleContext, fitting_work, note_entries
from refaudit.compare import name_key, title_similarity
from refaudit.model import Finding, Reference, ResolutionStatus, Severity


def _wrong_doi(ctx: RuleContext, ref: Reference) -> bool:
    res = ctx.resolution(ref)
    return res is not None and res.status is ResolutionStatus.DOI_MISMATCH


def _same_work(a: Reference, b: Reference, ctx: RuleContext) -> str | None:
    """Why entries a and b are the same work, or None."""
    fa, fb = a.fields, b.fields
    # A printed DOI that names another work says nothing about which work the entry is.
    misprinted = any(_wrong_doi(ctx, r) for r in (a, b))
    if fa.doi and fa.doi == fb.doi and not misprinted:
        return f"same DOI {fa.doi}"
    wa, wb = fitting_work(ctx, a), fitting_work(ctx, b)
    if wa and wb and wa.doi and wa.doi == wb.doi:
        return f"both resolve to {wa.doi}"
    if wa and wb and wa.doi != wb.doi:
        return None  # two registered works, however alike their entries look
    for x, y in ((fa.volume, fb.volume), (fa.pages, fb.pages)):
        if x and y and x.strip() != y.strip():
            return None  # "Reply" by the same authors in two issues of one year
    if not (fa.title and fb.title) or (fa.doi and fb.doi and not misprinted):
        return None
    if fa.year and fb.year and (fa.year, fa.year_suffix) != (fb.year, fb.year_suffix):
        return None
    first_a = name_key(fa.authors[0].literal or fa.authors[0].family) if fa.authors else ""
    first_b = name_key(fb.authors[0].literal or fb.authors[0].family) if fb.authors else ""
    if first_a != first_b:
        return None
    if not (fa.year or fa.volume or fa.doi):
        return None  # a short-form note ("Crary, 24/7, 10-11.") repeats an earlier one
    if title_similarity(fa.title, fb.title) >= 0.95:
        return "same authors, year and title"
    return None


def _keys(ref: Reference, ctx: RuleContext) -> set[str]:
    """What `_same_work` needs two entries to share before it can call them one work."""
    fields = ref.fields
    first = (
        name_key(fields.authors[0].literal or fields.authors[0].family) if fields.authors else ""
    )
    keys = {f"first:{first}"}
    if fields.doi:
        keys.add(f"doi:{fields.doi}")
    work = fitting_work(ctx, ref)
    if work and work.doi:
        keys.add(f"work:{work.doi}")
    return keys


class DuplicateReference(Rule):
    """The same work listed twice.

    What it checks:
    Two entries with the same DOI, resolving to the same registered work, or with the same
    first author, year and (nearly) the same title. Entries told apart by a year suffix
    (2019a, 2019b) are different works.

    Why it matters:
    A duplicate makes the list longer and ambiguous: citations may point to either copy, and
    the copies often disagree in details.

    Example:
    Entry 3 and entry 9 both list "Pokorny, T. ... (2017). Effect of Psilocybin on Empathy...".

    Fix:
    Keep one entry, merge what the other adds, and point every citation to it.
    """

    code = "RA104"
    name = "duplicate-reference"
    severity = Severity.WARNING
    summary = "The same work listed twice"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        notes = note_entries(ctx)
        refs = [r for r in ctx.document.references if r.n not in notes]
        # Only entries sharing a printed DOI, a resolved DOI or a first author can be the same
        # work (see _same_work): comparing those alone keeps a 1,000-entry list linear.
        keys = [_keys(r, ctx) for r in refs]
        seen: dict[str, list[int]] = {}
        for j, later in enumerate(refs):
            for i in sorted({i for k in keys[j] for i in seen.get(k, ())}):
                earlier = refs[i]
                why = _same_work(earlier, later, ctx)
                if why:
                    yield self.finding(
                        ctx,
                        f"entry {later.n} repeats entry {earlier.n} (line {earlier.line}): {why}",
                        later.line,
                        reference=later.n,
                        fix=f"remove entry {later.n} and cite entry {earlier.n}",
                    )
                    break
            for k in keys[j]:
                seen.setdefault(k, []).append(j)
