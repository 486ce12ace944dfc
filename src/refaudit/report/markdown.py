"""The Markdown report, for a pull-request comment: totals and a table of findings per document."""

from __future__ import annotations

from refaudit.model import AuditResult, DocumentResult, Finding, Severity
from refaudit.report.totals import Totals, plural, status_of, totals

# Above this many findings a document's table is folded into a <details> block.
COLLAPSE_AFTER = 10
_RAW_LIMIT = 160  # characters of an entry shown in the references table
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}


def cell(value: str) -> str:
    """Text made safe for one table cell: pipes escaped, line breaks as <br>, HTML inert."""
    value = value.replace("\\", "\\\\").replace("|", "\\|")
    value = value.replace("<", "&lt;").replace(">", "&gt;")
    return "<br>".join(part.strip() for part in value.strip().splitlines())


def _code(value: str) -> str:
    """Inline code that survives backticks inside `value`."""
    fence = "``" if "`" in value else "`"
    pad = " " if "`" in value else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _counts(t: Totals) -> str:
    return (
        f"{plural(t.severity(Severity.ERROR), 'error')}, "
        f"{plural(t.severity(Severity.WARNING), 'warning')}, "
        f"{t.severity(Severity.INFO)} info"
    )


def _row(doc: DocumentResult, f: Finding) -> str:
    ref = f"[{f.reference}]" if f.reference is not None else ""
    line = str(f.line) if f.line > 0 else ""
    severity = f"{_ICON[f.severity]} {f.severity.value}"
    rule = f"{f.code} {_code(f.rule)}"
    cells = (line, ref, severity, rule, cell(f.message), cell(f.fix or ""))
    return "| " + " | ".join(cells) + " |"


def _references(doc: DocumentResult) -> list[str]:
    """A folded table of every entry with its resolution, for reviewers who want the detail."""
    refs = doc.document.references
    if not refs:
        return []
    rows = ["| # | Line | Status | DOI | Reference |", "| ---: | ---: | --- | --- | --- |"]
    for ref in refs:
        res = doc.resolution_for(ref.n)
        doi = (res.doi if res is not None else None) or ref.fields.doi or ""
        raw = ref.raw if len(ref.raw) <= _RAW_LIMIT else ref.raw[: _RAW_LIMIT - 1] + "…"
        rows.append(f"| {ref.n} | {ref.line} | {status_of(res)} | {cell(doi)} | {cell(raw)} |")
    summary = f"{plural(len(refs), 'reference')} in {cell(doc.document.path)}"
    return ["<details>", f"<summary>{summary}</summary>", "", *rows, "", "</details>", ""]


def _document(doc: DocumentResult) -> list[str]:
    d = doc.document
    t = totals(AuditResult(documents=(doc,)))
    out = [
        f"### {_code(d.path)}",
        "",
        f"{plural(t.references, 'reference')}, {plural(t.citations, 'citation')}: {_counts(t)}.",
    ]
    statuses = ", ".join(f"{n} {s}" for s, n in t.by_status if n)
    if statuses:
        out[-1] += f" References: {statuses}."
    out.append("")
    if not doc.findings:
        return [*out, "No findings.", "", *_references(doc)]
    table = [
        "| Line | Ref | Severity | Rule | Message | Fix |",
        "| ---: | ---: | --- | --- | --- | --- |",
        *(_row(doc, f) for f in doc.findings),
    ]
    if len(doc.findings) > COLLAPSE_AFTER:
        summary = f"{plural(len(doc.findings), 'finding')} in {cell(d.path)}"
        out += ["<details>", f"<summary>{summary}</summary>", "", *table, "", "</details>", ""]
    else:
        out += [*table, ""]
    return [*out, *_references(doc)]


def render(result: AuditResult) -> str:
    """The whole report as GitHub-flavoured Markdown."""
    t = totals(result)
    out = [
        "## refaudit report",
        "",
        f"**{_counts(t)}** in {plural(t.references, 'reference')} "
        f"({plural(t.documents, 'document')}, {plural(t.citations, 'citation')}).",
        "",
    ]
    if result.unreachable:
        out += ["> Crossref and doi.org could not be reached: only offline checks ran.", ""]
    elif result.offline:
        out += ["> Offline run: references were not looked up in Crossref or doi.org.", ""]
    for note in result.notes:
        out += [f"> {cell(note)}", ""]
    for doc in result.documents:
        out += _document(doc)
    return "\n".join(out).rstrip("\n") + "\n"
