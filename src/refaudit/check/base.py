"""The Rule base class, the context rules read (and the resolved works in it), and rule docs."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from refaudit.model import (
    Document,
    Finding,
    Reference,
    Resolution,
    ResolutionStatus,
    Severity,
    Work,
    registered_work,
)

DOC_SECTIONS = ("What it checks", "Why it matters", "Example", "Fix")


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule sees: one document, its resolutions (None where not resolved), options."""

    document: Document
    resolutions: tuple[Resolution | None, ...] = ()
    offline: bool = True
    vocabulary_files: tuple[str, ...] = ()  # user vocabulary files for claim checks
    options: dict[str, str] = field(default_factory=dict)

    def resolution(self, ref: Reference) -> Resolution | None:
        i = ref.n - 1
        return self.resolutions[i] if 0 <= i < len(self.resolutions) else None


def fitting_work(ctx: RuleContext, ref: Reference) -> Work | None:
    """The registered work the entry describes, when resolution found one."""
    return registered_work(ctx.resolution(ref))


def resolved_pairs(ctx: RuleContext) -> Iterator[tuple[Reference, Work]]:
    """Each entry with the registered work it describes, skipping entries without one."""
    for ref in ctx.document.references:
        work = fitting_work(ctx, ref)
        if work is not None:
            yield ref, work


def described_pairs(ctx: RuleContext) -> Iterator[tuple[Reference, Work]]:
    """Each entry with the registered work it was verified or matched to.

    Entries whose printed DOI names another work are left out: their one finding is
    wrong-doi, and comparing them field by field with any work would repeat it.
    """
    for ref in ctx.document.references:
        res = ctx.resolution(ref)
        if res is None or res.work is None:
            continue
        if res.status in (ResolutionStatus.VERIFIED, ResolutionStatus.MATCHED):
            yield ref, res.work


_NOTES = re.compile(r"\b(?:notes?|footnotes?|endnotes?)\b", re.I)


def note_entries(ctx: RuleContext) -> frozenset[int]:
    """The entries that are notes (footnotes, endnotes) rather than a reference list's entries.

    Notes cite a work again in every note that needs it ("Ibid., 47.", "Popkin, 71.", the
    same case with another pinpoint page), so repeats and short forms are the style there.
    """
    doc = ctx.document
    notes = {n for c in doc.citations if c.kind == "footnote" for n in c.references}
    notes |= {r.n for r in doc.references if r.list_name and _NOTES.search(r.list_name)}
    return frozenset(notes)


class Rule:
    """A check with a code, a kebab-case name, a default severity and fixed-section docs.

    Subclasses set the class attributes and implement `check`; the class docstring holds the
    sections named in DOC_SECTIONS, each introduced by a line `Section:`.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]  # one line, for `refaudit rules` and SARIF shortDescription
    needs_network: ClassVar[bool] = False

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        ctx: RuleContext,
        message: str,
        line: int,
        *,
        reference: int | None = None,
        expected: str | None = None,
        found: str | None = None,
        fix: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            rule=self.name,
            severity=severity or self.severity,
            message=message,
            line=line,
            path=ctx.document.path,
            reference=reference,
            expected=expected,
            found=found,
            fix=fix,
        )

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def sections(cls) -> dict[str, str]:
        """The documentation split into its named sections (missing ones are absent)."""
        doc = cls.documentation()
        names = "|".join(map(re.escape, DOC_SECTIONS))
        pattern = re.compile(rf"^({names}):\s*$", re.M)
        parts = pattern.split(doc)
        out: dict[str, str] = {}
        for i in range(1, len(parts) - 1, 2):
            out[parts[i]] = parts[i + 1].strip()
        return out
