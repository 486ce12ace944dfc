"""GitLab code quality report: a JSON array of issues (`artifacts:reports:codequality`).

GitLab needs `description`, `check_name`, `fingerprint`, `severity` (info, minor, major,
critical, blocker) and `location.path` with `location.lines.begin` on every issue.
"""

from __future__ import annotations

import hashlib
import json

from refaudit.model import AuditResult, Finding, Severity

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprint(finding: Finding, path: str, occurrence: int) -> str:
    """Stable across runs: the same finding on the same file keeps its fingerprint."""
    text = "\0".join((path, finding.code, finding.message, str(finding.reference), str(occurrence)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render(result: AuditResult) -> str:
    issues: list[dict[str, object]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for doc in result.documents:
        for f in doc.findings:
            path = f.path or doc.document.path
            key = (path, f.code, f.message)
            seen[key] = seen.get(key, 0) + 1
            issues.append(
                {
                    "type": "issue",
                    "description": f.message + (f" (fix: {f.fix})" if f.fix else ""),
                    "check_name": f"{f.code} {f.rule}",
                    "categories": ["Bug Risk"] if f.severity is Severity.ERROR else ["Style"],
                    "fingerprint": fingerprint(f, path, seen[key]),
                    "severity": _SEVERITY[f.severity],
                    "location": {"path": path, "lines": {"begin": max(1, f.line)}},
                }
            )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
