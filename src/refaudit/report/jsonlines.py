"""JSON Lines: one JSON object per finding, for `jq`, log shippers and line-oriented tools."""

from __future__ import annotations

import json

from refaudit.model import AuditResult


def render(result: AuditResult) -> str:
    """One object a line: the finding's fields plus `path`; nothing when there is no finding."""
    out: list[str] = []
    for doc in result.documents:
        for f in doc.findings:
            record = {
                "path": f.path or doc.document.path,
                "line": f.line,
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity.value,
                "message": f.message,
                "reference": f.reference,
                "expected": f.expected,
                "found": f.found,
                "fix": f.fix,
            }
            out.append(json.dumps(record, ensure_ascii=False))
    return "".join(f"{line}\n" for line in out)
