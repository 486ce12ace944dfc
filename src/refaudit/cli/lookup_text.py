"""The text `refaudit lookup` prints: the matched record and what editors have said about it."""

from __future__ import annotations

from refaudit.check.integrity import _RETRACTED_TITLE, NOTICE_TYPES, RETRACTION_TYPES
from refaudit.model import Resolution, Work


def _kind(kind: str) -> str:
    return kind.strip().lower().replace("-", "_").replace(" ", "_")


def editorial_status(work: Work) -> list[str]:
    """One line per editorial state of the work, as `check` reports it: retracted first."""
    lines: list[str] = []
    seen: set[tuple[str, str]] = set()
    for update in work.updated_by:
        kind = _kind(update.type)
        if kind not in RETRACTION_TYPES | NOTICE_TYPES or (kind, update.doi) in seen:
            continue
        seen.add((kind, update.doi))
        word = "RETRACTED" if kind in RETRACTION_TYPES else kind.replace("_", " ")
        date = f" on {update.date}" if update.date else ""
        lines.append(f"{word}: notice {update.doi or '(no DOI)'}{date}")
    if not any(line.startswith("RETRACTED") for line in lines) and _RETRACTED_TITLE.match(
        work.title
    ):
        lines.insert(0, "RETRACTED: the registered title marks it as retracted")
    for update in work.update_to:
        lines.append(f"this record is itself a {update.type.replace('_', ' ')} of {update.doi}")
    lines.sort(key=lambda line: not line.startswith("RETRACTED"))
    return lines


def render(resolution: Resolution) -> str:
    work = resolution.work
    notes = editorial_status(work) if work is not None else []
    status = resolution.status.value
    if notes and notes[0].startswith("RETRACTED"):
        status = f"retracted (record found: {status})"
    elif notes:
        status = f"{status}, with editorial notices"
    lines = [f"status: {status}"]
    lines += [f"notice: {note}" for note in notes]
    if resolution.method:
        lines.append(f"method: {resolution.method}")
    if resolution.score is not None:
        lines.append(f"score:  {resolution.score:.2f}")
    if work is not None:
        authors = "; ".join(a.display for a in work.authors[:10])
        if len(work.authors) > 10:
            authors += f"; ... ({len(work.authors)} authors)"
        lines += [
            f"doi:    {work.doi}",
            f"title:  {work.title}",
            f"authors: {authors}",
            f"year:   {work.year or ''} (print {work.published_print or '-'}, "
            f"online {work.published_online or '-'})",
            f"in:     {work.container} {work.volume}{f'({work.issue})' if work.issue else ''} "
            f"{work.pages or work.article_number}".rstrip(),
            f"type:   {work.type}",
        ]
    if resolution.message:
        lines.append(f"note:   {resolution.message}")
    for c in resolution.candidates[:5]:
        lines.append(f"candidate: {c.score:.2f} {c.work.doi} {c.work.title}")
    return "\n".join(lines)
