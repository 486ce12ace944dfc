"""SARIF 2.1.0 for code-scanning tools: the rule catalogue as driver rules, findings as results."""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from refaudit import __version__
from refaudit.check.base import Rule
from refaudit.model import AuditResult, DocumentResult, Finding, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/refaudit/refaudit"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

JSON = dict[str, Any]


def artifact_uri(path: str) -> str:
    """A relative URI reference for a path as given: forward slashes, percent-encoded."""
    return quote(path.replace("\\", "/"), safe="/")


def _rule(rule: type[Rule]) -> JSON:
    doc = rule.documentation()
    sections = rule.sections()
    full = inspect.cleandoc(sections.get("What it checks", rule.summary))
    markdown = "\n\n".join(
        f"**{title}**\n\n{inspect.cleandoc(text)}" for title, text in sections.items()
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": full},
        "help": {"text": doc or rule.summary, "markdown": markdown or rule.summary},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["references"]},
    }


def _message(finding: Finding) -> str:
    text = finding.message
    if finding.fix:
        text += f" (fix: {finding.fix})"
    return text


def fingerprint(finding: Finding, doc: DocumentResult) -> str:
    """A stable identity for a finding across runs: rule, file and the entry's text (or line).

    Keyed on the entry's text rather than its line, so that editing prose above the reference
    list does not turn every known finding into a new alert.
    """
    anchor = f"line {finding.line}"
    for ref in doc.document.references:
        if ref.n == finding.reference:
            anchor = " ".join(ref.raw.split())
    key = "\x1f".join((finding.code, doc.document.path, anchor, finding.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _result(finding: Finding, doc: DocumentResult, index: dict[str, int]) -> JSON:
    path = doc.document.path
    location: JSON = {"artifactLocation": {"uri": artifact_uri(finding.path or path)}}
    if finding.line > 0:
        location["region"] = {"startLine": finding.line}
    result: JSON = {"ruleId": finding.code}
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    result.update(
        {
            "level": LEVEL[finding.severity],
            "message": {"text": _message(finding)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"refaudit/v1": fingerprint(finding, doc)},
        }
    )
    properties = {
        "rule": finding.rule,
        "reference": finding.reference,
        "expected": finding.expected,
        "found": finding.found,
        "fix": finding.fix,
    }
    kept = {k: v for k, v in properties.items() if v is not None}
    result["properties"] = kept
    return result


def report_sarif(result: AuditResult, rules: Sequence[type[Rule]]) -> JSON:
    """The SARIF log as a JSON-ready dict: one run, every rule of the catalogue in `rules`."""
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = [_result(f, doc, index) for doc in result.documents for f in doc.findings]
    # dict.fromkeys keeps the first occurrence of each path: artifacts must be unique.
    uris = dict.fromkeys(artifact_uri(doc.document.path) for doc in result.documents)
    run: JSON = {
        "tool": {
            "driver": {
                "name": "refaudit",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(r) for r in rules],
            }
        },
        "artifacts": [{"location": {"uri": uri}} for uri in uris],
        "invocations": [
            {
                "executionSuccessful": not result.unreachable,
                "toolExecutionNotifications": [
                    {"level": "warning", "message": {"text": note}} for note in result.notes
                ],
            }
        ],
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: AuditResult, rules: Sequence[type[Rule]]) -> str:
    """The SARIF log as indented JSON text with a final newline."""
    return json.dumps(report_sarif(result, rules), indent=2, ensure_ascii=False) + "\n"
