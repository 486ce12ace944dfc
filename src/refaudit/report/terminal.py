"""The terminal report: per document a summary, a row of field marks per reference, findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import StringIO

from rich.console import Console, JustifyMethod, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from refaudit.model import (
    AuditResult,
    DocumentResult,
    Finding,
    Reference,
    Resolution,
    ResolutionStatus,
    Severity,
)
from refaudit.report.totals import UNRESOLVED, Totals, plural, status_of, totals

# Which rules speak about which field of an entry: a finding of one of them marks the field.
FIELD_RULES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("T", "title", frozenset({"title-mismatch"})),
    ("A", "authors", frozenset({"author-mismatch"})),
    ("Y", "year", frozenset({"year-mismatch", "citation-year-mismatch"})),
    ("V", "venue", frozenset({"venue-mismatch"})),
    ("L", "locators", frozenset({"locator-mismatch", "incomplete-reference"})),
    ("D", "DOI", frozenset({"unknown-doi", "wrong-doi", "missing-doi", "invalid-doi"})),
)
# Rules about the work as a whole: they mark the status column.
STATUS_RULES = frozenset(
    {"retracted-work", "editorial-notice", "preprint-has-publication", "not-found"}
)
_GOOD_STATUSES = (ResolutionStatus.VERIFIED, ResolutionStatus.MATCHED)
_BAD_STATUSES = (
    ResolutionStatus.DOI_MISMATCH,
    ResolutionStatus.UNKNOWN_DOI,
    ResolutionStatus.NOT_FOUND,
)
_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_MAX_CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class Marks:
    """The symbols of a mark row: field fine, problem, note (info only), not checked."""

    ok: str
    problem: str
    note: str
    unchecked: str


UNICODE_MARKS = Marks(ok="✓", problem="✗", note="!", unchecked="·")
ASCII_MARKS = Marks(ok="+", problem="x", note="!", unchecked=".")
_MARK_STYLE = {"ok": "green", "problem": "red", "note": "cyan", "unchecked": "dim"}


def _worst(findings: Iterable[Finding]) -> Severity | None:
    worst: Severity | None = None
    for f in findings:
        if worst is None or f.severity.rank > worst.rank:
            worst = f.severity
    return worst


def _kind_for(severity: Severity | None, checked: bool) -> str:
    if severity is None:
        return "ok" if checked else "unchecked"
    return "note" if severity is Severity.INFO else "problem"


def _printed(ref: Reference, field: str) -> bool:
    f = ref.fields
    return {
        "title": bool(f.title),
        "authors": bool(f.authors),
        "year": f.year is not None,
        "venue": bool(f.container),
        "locators": bool(f.volume or f.issue or f.pages or f.article_number),
        "DOI": bool(f.doi or f.doi_raw),
    }.get(field, False)


def field_kinds(
    ref: Reference, resolution: Resolution | None, findings: Sequence[Finding]
) -> list[tuple[str, str]]:
    """(letter, kind) for each field, kind one of ok / problem / note / unchecked."""
    has_work = resolution is not None and resolution.work is not None
    out: list[tuple[str, str]] = []
    for letter, field, rules in FIELD_RULES:
        worst = _worst(f for f in findings if f.rule in rules)
        out.append((letter, _kind_for(worst, has_work and _printed(ref, field))))
    return out


def status_kind(resolution: Resolution | None, findings: Sequence[Finding]) -> str:
    """The status column's kind: the resolution's outcome, worsened by findings about the work."""
    worst = _worst(f for f in findings if f.rule in STATUS_RULES)
    if resolution is not None and resolution.status in _BAD_STATUSES:
        return "problem"
    if worst is not None:
        return _kind_for(worst, True)
    if resolution is not None and resolution.status in _GOOD_STATUSES:
        return "ok"
    return "unchecked"


def _describe(ref: Reference) -> str:
    """A short name for an entry: `Pokorny et al. 2017. Title`, or its raw text."""
    f = ref.fields
    if not (f.authors or f.title):
        return " ".join(ref.raw.split())
    names = [a.literal or a.family for a in f.authors]
    truncated = len(names) > 2 or (bool(names) and f.et_al)
    who = f"{names[0]} et al." if truncated else " & ".join(names)
    year = f"{f.year}{f.year_suffix}" if f.year is not None else f.year_note
    head = " ".join(p for p in (who, year) if p)
    return ". ".join(p for p in (head, f.title or "") if p)


def _severity_words(t: Totals) -> str:
    return ", ".join(
        [
            plural(t.severity(Severity.ERROR), "error"),
            plural(t.severity(Severity.WARNING), "warning"),
            f"{t.severity(Severity.INFO)} info",
        ]
    )


def _status_words(t: Totals) -> str:
    return ", ".join(f"{n} {s}" for s, n in t.by_status if n)


class _Writer:
    """Accumulates renderables on a string-backed rich Console."""

    def __init__(self, width: int, color: bool, marks: Marks) -> None:
        self.buffer = StringIO()
        self.console = Console(
            file=self.buffer,
            width=width,
            color_system="standard" if color else None,
            force_terminal=color,
            no_color=None if color else True,  # None: rich honours NO_COLOR
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=False,
        )
        self.marks = marks

    def print(self, renderable: RenderableType = "") -> None:
        self.console.print(renderable)

    def mark(self, kind: str) -> Text:
        return Text(getattr(self.marks, kind), style=_MARK_STYLE[kind])

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.buffer.getvalue().splitlines()) + "\n"


_COLUMNS: tuple[tuple[int, JustifyMethod], ...] = (
    (4, "right"),
    (5, "right"),
    (11, "left"),
    (14, "left"),
)


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    for width, justify in _COLUMNS:
        grid.add_column(width=width, min_width=width, justify=justify, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    return grid


def _header(w: _Writer) -> None:
    grid = _grid()
    grid.add_row(
        Text("ref"),
        Text("line"),
        Text("T A Y V L D"),
        Text("status"),
        Text("reference"),
        style="dim",
    )
    w.print(grid)


def _row(w: _Writer, ref: Reference, res: Resolution | None, findings: Sequence[Finding]) -> None:
    grid = _grid()
    marks = Text(" ").join(w.mark(kind) for _, kind in field_kinds(ref, res, findings))
    kind = status_kind(res, findings)
    status = Text.assemble(w.mark(kind), " ", status_of(res))
    grid.add_row(Text(f"[{ref.n}]"), Text(str(ref.line)), marks, status, Text(_describe(ref)))
    w.print(grid)


def _labelled(label: str, value: str) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=9, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(Text(label, style="dim"), Text(value))
    return grid


def _finding(w: _Writer, finding: Finding, indent: int, anchor_line: int | None) -> None:
    kind = "note" if finding.severity is Severity.INFO else "problem"
    head = Text.assemble(
        (finding.severity.value, _SEVERITY_STYLE[finding.severity]),
        " ",
        (f"{finding.code} {finding.rule}", "bold"),
    )
    if finding.line > 0 and finding.line != anchor_line:
        head.append(f" (line {finding.line})", style="dim")
    head.append(": ")
    head.append(finding.message)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(w.mark(kind), head)
    w.print(Padding(grid, (0, 0, 0, indent)))
    body: list[tuple[str, str]] = []
    for label, value in (("expected:", finding.expected), ("found:", finding.found)):
        if value and value not in finding.message:
            body.append((label, value))
    if finding.fix:
        body.append(("fix:", finding.fix))
    for label, value in body:
        w.print(Padding(_labelled(label, value), (0, 0, 0, indent + 2)))


def _candidates(
    w: _Writer, res: Resolution | None, findings: Sequence[Finding], indent: int
) -> None:
    """Nearest registered works for an entry that found none, unless a finding names them."""
    if res is None or res.work is not None or not res.candidates:
        return
    said = " ".join(f"{f.message} {f.fix or ''}" for f in findings)
    shown = [c for c in res.candidates if c.work.doi not in said][:_MAX_CANDIDATES]
    for c in shown:
        line = f"{c.work.title or '(untitled)'} ({c.work.doi}, score {c.score:.2f})"
        w.print(Padding(_labelled("nearest:", line), (0, 0, 0, indent + 2)))


def _document(w: _Writer, doc: DocumentResult) -> None:
    d = doc.document
    t = totals(AuditResult(documents=(doc,)))
    w.print(Text.assemble((d.path, "bold"), f" ({d.format})"))
    counts = f"{plural(t.references, 'reference')}, {plural(t.citations, 'citation')}"
    w.print(Text(f"  {counts}; {_severity_words(t)}"))
    if t.references:
        w.print(Text(f"  references: {_status_words(t)}"))
        _header(w)
    numbers = {r.n for r in d.references}
    for ref in d.references:
        res = doc.resolution_for(ref.n)
        mine = [f for f in doc.findings if f.reference == ref.n]
        _row(w, ref, res, mine)
        for f in mine:
            _finding(w, f, 6, ref.line)
        _candidates(w, res, mine, 6)
    general = [f for f in doc.findings if f.reference not in numbers]
    if general:
        w.print(Text("  document:", style="bold"))
        for f in general:
            _finding(w, f, 4, None)
    w.print()


def render(
    result: AuditResult, *, width: int = 100, color: bool = False, ascii_only: bool = False
) -> str:
    """The report for a person at a terminal, `width` columns wide, coloured only if `color`."""
    w = _Writer(width, color, ASCII_MARKS if ascii_only else UNICODE_MARKS)
    for doc in result.documents:
        _document(w, doc)
    t = totals(result)
    w.print(
        Text.assemble(
            ("Total: ", "bold"),
            f"{plural(t.documents, 'document')}, {plural(t.references, 'reference')}, "
            f"{plural(t.citations, 'citation')}; ",
            _severity_words(t),
        )
    )
    if t.references and t.status(UNRESOLVED) < t.references:
        w.print(Text(f"  {_status_words(t)}", style="dim"))
    if t.references:
        w.print(Text(f"Key: {', '.join(f'{c} {name}' for c, name, _ in FIELD_RULES)}", style="dim"))
        m = w.marks
        legend = f"{m.ok} ok, {m.problem} problem, {m.note} note, {m.unchecked} not checked"
        w.print(Text(f"     {legend}", style="dim"))
    if result.unreachable:
        w.print(Text("Crossref and doi.org could not be reached: only offline checks ran."))
    elif result.offline:
        w.print(Text("Offline run: references were not looked up in Crossref or doi.org."))
    for note in result.notes:
        w.print(Text(note))
    return w.text()
