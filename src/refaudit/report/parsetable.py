"""The `refaudit parse --format table` view: entries and citations as rich tables."""

from __future__ import annotations

from refaudit.model import AuditResult


def render(result: AuditResult, width: int = 100) -> str:
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    for doc in result.documents:
        d = doc.document
        console.print(f"{d.path}: {len(d.references)} references, {len(d.citations)} citations")
        table = Table("n", "line", "authors", "year", "title", "container", "vol(iss)", "pages")
        for r in d.references:
            f = r.fields
            names = "; ".join(a.literal or a.family for a in f.authors[:3])
            if f.et_al or len(f.authors) > 3:
                names += " et al."
            table.add_row(
                str(r.n),
                str(r.line),
                names,
                f"{f.year or f.year_note}{f.year_suffix}",
                f.title or "",
                f.container or "",
                f"{f.volume or ''}({f.issue})" if f.issue else (f.volume or ""),
                f.pages or f.article_number or "",
            )
        console.print(table)
        cites = Table("line", "citation", "cites")
        for c in d.citations:
            cites.add_row(str(c.line), c.text, ", ".join(map(str, c.references)) or "-")
        console.print(cites)
    return buffer.getvalue()
