"""GitHub Actions workflow commands: one `::error file=...,line=...::` annotation per finding."""

from __future__ import annotations

from refaudit.model import AuditResult, Finding, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message the way the runner unescapes it (%, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: as data, plus `:` and `,` which delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str) -> str:
    """The workflow command for one finding in the file at `path`."""
    props = [f"file={escape_property(finding.path or path)}"]
    if finding.line > 0:
        props.append(f"line={finding.line}")
    props.append(f"title={escape_property(f'refaudit {finding.code} {finding.rule}')}")
    message = finding.message
    if finding.fix:
        message += f" (fix: {finding.fix})"
    return f"::{_COMMAND[finding.severity]} {','.join(props)}::{escape_data(message)}"


def render(result: AuditResult) -> str:
    """One annotation line per finding, in document order; empty when there is none."""
    lines = [annotation(f, d.document.path) for d in result.documents for f in d.findings]
    return "".join(f"{line}\n" for line in lines)
