"""`--statistics`: how many findings each rule produced, most frequent first (like ruff's)."""

from __future__ import annotations

from collections import Counter

from refaudit.model import AuditResult


def render(result: AuditResult) -> str:
    counts = Counter((f.code, f.rule, f.severity.value) for f in result.findings)
    if not counts:
        return "No findings.\n"
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max(len(str(n)) for _, n in rows)
    lines = [f"{n:>{width}}\t{code}\t{rule}\t[{severity}]" for (code, rule, severity), n in rows]
    lines.append(f"Found {sum(counts.values())} findings.")
    return "\n".join(lines) + "\n"
