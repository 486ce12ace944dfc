"""Integrity rules (RA4xx): retractions, editorial notices, preprints with a published version."""

from __future__ import annotations

import re
from collections.abc import Iterator

from refaudit.check.base import Rule, RuleContext, resolved_pairs
from refaudit.doi import normalize_doi
from refaudit.model import Finding, Severity, Update

RETRACTION_TYPES = frozenset({"retraction", "removal"})
NOTICE_TYPES = frozenset(
    {
        "correction",
        "corrigendum",
        "erratum",
        "expression_of_concern",
        "withdrawal",
        "partial_retraction",
        "addendum",
        "clarification",
    }
)
_RETRACTED_TITLE = re.compile(r"^\s*(?:retracted(?:\s+article)?|retraction)\s*[:.\-]", re.I)


def _kind(update: Update) -> str:
    return update.type.strip().lower().replace("-", "_").replace(" ", "_")


def _sources(updates: list[Update]) -> str:
    names = sorted({u.source.replace("-", " ").title() for u in updates if u.source})
    return " and ".join(names)


class RetractedWork(Rule):
    """The cited work has been retracted.

    What it checks:
    The registered work's update notices (Crossref `updated-by`) of type retraction or
    removal, whether the publisher or Retraction Watch reported it (one finding even when
    both did), a title marked "RETRACTED:", and entries that cite a retraction notice itself.

    Why it matters:
    A retracted work must not be cited as evidence; when it is cited on purpose, readers must
    be told it was retracted.

    Example:
    An entry for an article whose record lists a retraction notice 10.1016/j.xxx.2020.01.001.

    Fix:
    Remove the reference and the claim it supports, or cite it explicitly as retracted,
    together with the retraction notice.
    """

    code = "RA401"
    name = "retracted-work"
    severity = Severity.ERROR
    summary = "The cited work has been retracted"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in resolved_pairs(ctx):
            notices = [u for u in work.updated_by if _kind(u) in RETRACTION_TYPES]
            cited_notice = [u for u in work.update_to if _kind(u) in RETRACTION_TYPES]
            if notices:
                dois = sorted({u.doi for u in notices if u.doi})
                dates = sorted({u.date for u in notices if u.date})
                by = _sources(notices)
                yield self.finding(
                    ctx,
                    f"the work {work.doi} was retracted"
                    + (f" on {dates[0]}" if dates else "")
                    + (f" (notice {', '.join(dois)})" if dois else "")
                    + (f"; reported by {by}" if by else ""),
                    ref.line,
                    reference=ref.n,
                    found=work.doi,
                    fix="remove the reference, or cite it as retracted with its notice"
                    + (f" https://doi.org/{dois[0]}" if dois else ""),
                )
            elif cited_notice:
                targets = ", ".join(sorted({u.doi for u in cited_notice if u.doi}))
                yield self.finding(
                    ctx,
                    f"the entry cites a retraction notice ({work.doi})"
                    + (f" of {targets}" if targets else "")
                    + ", not a work that can support a claim",
                    ref.line,
                    reference=ref.n,
                    found=work.doi,
                    fix="cite the retracted work as retracted, or remove the reference",
                )
            elif _RETRACTED_TITLE.match(work.title):
                yield self.finding(
                    ctx,
                    f"the registered title of {work.doi} marks it as retracted: '{work.title}'",
                    ref.line,
                    reference=ref.n,
                    found=work.doi,
                    fix="remove the reference, or cite it as retracted",
                )


class EditorialNotice(Rule):
    """A correction, erratum, expression of concern or withdrawal is attached to the work.

    What it checks:
    The registered work's update notices (Crossref `updated-by`) other than retractions and
    new versions: corrections, errata, corrigenda, expressions of concern, withdrawals,
    partial retractions, addenda. One finding per notice, however many sources list it.

    Why it matters:
    The cited result may have changed: a correction can alter the numbers a sentence relies
    on, and an expression of concern warns that the work may not be reliable.

    Example:
    An article whose record lists an erratum 10.1007/s00213-018-4795-x.

    Fix:
    Read the notice and check that the citing sentence still holds; cite the notice too.
    """

    code = "RA402"
    name = "editorial-notice"
    severity = Severity.WARNING
    summary = "A correction, erratum, expression of concern or withdrawal is attached"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in resolved_pairs(ctx):
            seen: dict[tuple[str, str], list[Update]] = {}
            for u in work.updated_by:
                if _kind(u) in NOTICE_TYPES:
                    seen.setdefault((_kind(u), u.doi or u.date), []).append(u)
            for (kind, _), notices in seen.items():
                first = notices[0]
                label = kind.replace("_", " ")
                by = _sources(notices)
                yield self.finding(
                    ctx,
                    f"{label} attached to {work.doi}"
                    + (f" on {first.date}" if first.date else "")
                    + (f": {first.doi}" if first.doi else "")
                    + (f" (reported by {by})" if by else ""),
                    ref.line,
                    reference=ref.n,
                    found=work.doi,
                    fix=f"read https://doi.org/{first.doi} and check the citing sentences"
                    if first.doi
                    else "read the notice and check the citing sentences",
                )


class PreprintHasPublication(Rule):
    """A preprint is cited while its published version exists.

    What it checks:
    The registered work is a preprint whose record links to a published version (Crossref
    `relation` is-preprint-of, DataCite IsPreprintOf, arXiv's DOI or journal reference).

    Why it matters:
    The published version went through peer review and may differ from the preprint; it is
    the version readers should find and the one most styles ask to cite.

    Example:
    A Research Square preprint 10.21203/rs.3.rs-1234/v1 published later as a journal article.

    Fix:
    Cite the published version, whose DOI is given in the fix.
    """

    code = "RA403"
    name = "preprint-has-publication"
    severity = Severity.INFO
    summary = "A preprint is cited while its published version exists"
    needs_network = True

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref, work in resolved_pairs(ctx):
            later = [r for r in work.relations if r.type.lower() == "is-preprint-of" and r.id]
            if not later:
                continue
            # A DOI first; arXiv may only know the journal reference ("Nature 1 (2020) 2-3").
            later.sort(key=lambda r: r.id_type != "doi")
            first = later[0]
            if first.id_type == "doi":
                target = normalize_doi(first.id) or first.id
                where, fix = f"as {target}", f"https://doi.org/{target}"
            else:
                target, where, fix = first.id, f"in {first.id}", None
            yield self.finding(
                ctx,
                f"the preprint {work.doi} has been published {where}",
                ref.line,
                reference=ref.n,
                expected=target,
                found=work.doi,
                fix=fix,
            )


RULES: tuple[type[Rule], ...] = (RetractedWork, EditorialNotice, PreprintHasPublication)
