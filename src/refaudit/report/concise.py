"""One line per finding, `path:line: CODE [severity] rule: message`, like ruff's concise format."""

from __future__ import annotations

from refaudit.model import AuditResult, Finding


def line_for(finding: Finding, path: str) -> str:
    where = f"{finding.path or path}:{finding.line}" if finding.line > 0 else finding.path or path
    text = f"{where}: {finding.code} [{finding.severity.value}] {finding.rule}: {finding.message}"
    if finding.fix:
        text += f" (fix: {finding.fix})"
    return text


def render(result: AuditResult) -> str:
    """Every finding on its own line, then a one-line count; skipped inputs as `path: error:`."""
    lines = [line_for(f, d.document.path) for d in result.documents for f in d.findings]
    lines += [f"{s.path}: error: skipped: {s.message}" for s in result.skipped]
    count = len(result.findings)
    lines.append(f"Found {count} finding{'' if count == 1 else 's'}." if count else "No findings.")
    return "\n".join(lines) + "\n"
