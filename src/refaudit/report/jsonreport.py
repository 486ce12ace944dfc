"""The JSON report: the documented, versioned contract other tools parse (docs/json-report.md)."""

from __future__ import annotations

import json
from typing import Any

from refaudit import __version__
from refaudit.model import (
    AuditResult,
    Author,
    Candidate,
    Citation,
    DocumentResult,
    Finding,
    ParsedFields,
    Reference,
    Resolution,
    Work,
)
from refaudit.report.totals import totals

SCHEMA_VERSION = 1

JSON = dict[str, Any]


def _text(value: str | None) -> str | None:
    """Empty strings become null: the contract has one spelling for "absent"."""
    return value if value else None


def _author(author: Author) -> JSON:
    if author.literal:
        return {"family": None, "given": None, "literal": author.literal}
    return {"family": _text(author.family), "given": _text(author.given)}


def _parsed(fields: ParsedFields) -> JSON:
    return {
        "authors": [_author(a) for a in fields.authors],
        "year": fields.year,
        "title": fields.title,
        "container": fields.container,
        "volume": fields.volume,
        "issue": fields.issue,
        "pages": fields.pages,
        "article_number": fields.article_number,
        "doi": fields.doi,
        "url": fields.url,
        # Added keys (the contract only grows).
        "et_al": fields.et_al,
        "year_suffix": _text(fields.year_suffix),
        "year_note": _text(fields.year_note),
        "doi_raw": fields.doi_raw,
        "pmid": fields.pmid,
        "pmcid": fields.pmcid,
        "arxiv": fields.arxiv,
        "publisher": fields.publisher,
        "type": fields.type,
    }


def _work(work: Work) -> JSON:
    return {
        "authors": [_author(a) for a in work.authors],
        "year": work.year,
        "title": _text(work.title),
        "container": _text(work.container),
        "volume": _text(work.volume),
        "issue": _text(work.issue),
        "pages": _text(work.pages),
        "article_number": _text(work.article_number),
        "doi": _text(work.doi),
        "url": _text(work.url),
        "published_print": _text(work.published_print),
        "published_online": _text(work.published_online),
        "type": _text(work.type),
        "publisher": _text(work.publisher),
        "abstract": _text(work.abstract),
        # Added keys.
        "issued": _text(work.issued),
        "short_container": _text(work.short_container),
        "subjects": list(work.subjects),
        "issn": list(work.issn),
        "agency": _text(work.agency),
        "abstract_source": _text(work.abstract_source),
        "updated_by": [
            {"type": u.type, "doi": u.doi, "source": _text(u.source), "date": _text(u.date)}
            for u in work.updated_by
        ],
        "update_to": [
            {"type": u.type, "doi": u.doi, "source": _text(u.source), "date": _text(u.date)}
            for u in work.update_to
        ],
        "relations": [{"type": r.type, "id": r.id, "id_type": r.id_type} for r in work.relations],
    }


def _candidate(candidate: Candidate) -> JSON:
    return {
        "doi": _text(candidate.work.doi),
        "title": _text(candidate.work.title),
        "score": candidate.score,
        # Added keys.
        "search_score": candidate.search_score,
        "year": candidate.work.year,
        "authors": [_author(a) for a in candidate.work.authors],
        "container": _text(candidate.work.container),
        "agreed": list(candidate.agreed),
        "disagreed": list(candidate.disagreed),
    }


def _resolution(resolution: Resolution | None) -> JSON | None:
    if resolution is None:
        return None
    return {
        "status": resolution.status.value,
        "method": resolution.method,
        "doi": resolution.doi,
        "score": resolution.score,
        "work": _work(resolution.work) if resolution.work is not None else None,
        "candidates": [_candidate(c) for c in resolution.candidates],
        # Added keys.
        "printed_work": (
            _work(resolution.printed_work) if resolution.printed_work is not None else None
        ),
        "agreed": list(resolution.agreed),
        "message": _text(resolution.message),
    }


def finding_json(finding: Finding, path: str = "") -> JSON:
    """One finding as the contract spells it (also used by other machine-readable outputs)."""
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "line": finding.line if finding.line > 0 else None,
        "reference": finding.reference,
        "expected": finding.expected,
        "found": finding.found,
        "fix": finding.fix,
        "path": finding.path or path,
    }


def _citation(citation: Citation) -> JSON:
    return {
        "line": citation.line,
        "text": citation.text,
        "sentence": citation.sentence,
        "references": list(citation.references),
        # Added keys.
        "kind": citation.kind,
        "names": list(citation.names),
        "year": citation.year,
        "unresolved": list(citation.unresolved),
    }


def _reference(
    ref: Reference,
    doc: DocumentResult,
    cited_by: dict[int, list[int]],
    found: dict[int | None, list[Finding]],
) -> JSON:
    path = doc.document.path
    return {
        "n": ref.n,
        "label": ref.label,
        "line": ref.line,
        "raw": ref.raw,
        "parsed": _parsed(ref.fields),
        "citations": cited_by.get(ref.n, []),
        "findings": [finding_json(f, path) for f in found.get(ref.n, [])],
        "resolution": _resolution(doc.resolution_for(ref.n)),
        # Added keys.
        "end_line": ref.end_line,
        "key": ref.key,
    }


def _document(doc: DocumentResult) -> JSON:
    d = doc.document
    # Indexed once: scanning every citation and finding per entry is quadratic on long lists.
    cited_by: dict[int, list[int]] = {}
    for i, c in enumerate(d.citations):
        for n in dict.fromkeys(c.references):
            cited_by.setdefault(n, []).append(i)
    found: dict[int | None, list[Finding]] = {}
    for f in doc.findings:
        found.setdefault(f.reference, []).append(f)
    return {
        "path": d.path,
        "format": d.format,
        "references": [_reference(r, doc, cited_by, found) for r in d.references],
        "citations": [_citation(c) for c in d.citations],
        "findings": [finding_json(f, d.path) for f in doc.findings],
        # Added keys.
        "heading_line": d.heading_line,
        "list_start": d.list_start,
        "list_end": d.list_end,
        "problems": [{"line": line, "message": message} for line, message in d.problems],
    }


def report_json(result: AuditResult) -> JSON:
    """The report as a JSON-ready dict (schema_version 1)."""
    t = totals(result)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "refaudit", "version": __version__},
        "documents": [_document(d) for d in result.documents],
        "summary": {
            "documents": t.documents,
            "references": t.references,
            "citations": t.citations,
            "findings": t.findings,
            "by_severity": dict(t.by_severity),
            "by_status": dict(t.by_status),
            "offline": result.offline,
            "unreachable": result.unreachable,
            "notes": list(result.notes),
            # Added keys.
            "skipped": [{"path": s.path, "message": s.message} for s in result.skipped],
        },
    }


def render(result: AuditResult) -> str:
    """The JSON report as text: two-space indent, UTF-8 kept, a final newline."""
    return json.dumps(report_json(result), indent=2, ensure_ascii=False) + "\n"
