"""Counts shared by every reporter: documents, references, citations, findings, statuses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from refaudit.model import AuditResult, Resolution, ResolutionStatus, Severity

UNRESOLVED = "unresolved"  # the status shown for a reference that has no resolution at all
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
STATUSES = (*(s.value for s in ResolutionStatus), UNRESOLVED)


def status_of(resolution: Resolution | None) -> str:
    """The resolution status as reported: its value, or `unresolved` without a resolution."""
    return resolution.status.value if resolution is not None else UNRESOLVED


@dataclass(frozen=True, slots=True)
class Totals:
    """The counts a report ends with. Mappings hold every severity and status, zeros included."""

    documents: int
    references: int
    citations: int
    findings: int
    by_severity: tuple[tuple[str, int], ...]
    by_status: tuple[tuple[str, int], ...]

    def severity(self, severity: Severity) -> int:
        return dict(self.by_severity)[severity.value]

    def status(self, status: str) -> int:
        return dict(self.by_status).get(status, 0)


def totals(result: AuditResult) -> Totals:
    """Count everything in `result`."""
    severities = Counter(f.severity.value for f in result.findings)
    statuses: Counter[str] = Counter()
    references = 0
    citations = 0
    for doc in result.documents:
        references += len(doc.document.references)
        citations += len(doc.document.citations)
        for ref in doc.document.references:
            statuses[status_of(doc.resolution_for(ref.n))] += 1
    return Totals(
        documents=len(result.documents),
        references=references,
        citations=citations,
        findings=len(result.findings),
        by_severity=tuple((s.value, severities[s.value]) for s in SEVERITIES),
        by_status=tuple((s, statuses[s]) for s in STATUSES),
    )


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`; words ending in s or y take es / ies."""
    if count == 1:
        return f"{count} {word}"
    if word.endswith("y") and not word.endswith("ey"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}{'es' if word.endswith('s') else 's'}"
