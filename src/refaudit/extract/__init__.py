"""Stage 1, document -> references and citations: read_document() and expand_paths()."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from refaudit.errors import InputError
from refaudit.model import Document

if TYPE_CHECKING:
    from refaudit.model import IgnoreMarker

# The parsing modules (their patterns, the CRF model, ftfy) are imported by the functions
# that parse: listing and reading files, and a document the cache holds, need none of them.

# Larger inputs are refused with one line rather than read slowly; articles are far smaller.
MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")

__all__ = ["DOCUMENT_SUFFIXES", "MAX_BYTES", "expand_paths", "read_document"]


def _too_large(path: str, size: int) -> InputError:
    return InputError(
        f"{path}: file too large ({size / 1_000_000:.1f} MB; limit {MAX_BYTES // 1_048_576} MB)",
        hint="split the document, or check only the part that holds the references",
    )


def _read_bytes(path: str) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory", path=path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file", path=path)
        size = info.st_size
        if size > MAX_BYTES:
            raise _too_large(path, size)
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory", path=path) from exc
    except OSError as exc:
        raise _stat_error(path, exc) from exc


def read_document(
    path: str,
    data: bytes | None = None,
    *,
    budget: float | None = -1.0,
    keep: Path | None = None,
) -> Document:
    """Read a document (or `data`, for stdin as "-"): its lines, reference list and citations.

    Parsing gets `budget` seconds (default: by size, see `budget_for`; None: unbounded); a
    document that exceeds it comes back with its lines, no references and `parse_timeout` set.
    With `keep` (the cache folder), a document parsed before from the same bytes by the same
    refaudit is read from there, and a new one is kept there.
    """
    if data is None:
        data = _read_bytes(path)
    if len(data) > MAX_BYTES:
        raise _too_large(path, len(data))
    if keep is not None:
        from refaudit.extract import stored

        known = stored.load(keep, path, data)
        if known is not None:
            return known
    document = _read_new(path, data, budget)
    if keep is not None and document.parse_timeout is None:
        stored.save(keep, path, data, document)
    return document


def _read_new(path: str, data: bytes, budget: float | None) -> Document:
    from refaudit.extract.budget import ParseTimeout, budget_for, time_budget
    from refaudit.extract.formats import detect_format

    seconds = budget_for(len(data)) if budget is not None and budget < 0 else budget
    is_bib = path.lower().endswith(".bib")
    fmt = "bibtex" if is_bib else detect_format(path, data)
    progress: list[str] = []
    try:
        with time_budget(seconds):
            return _parse(path, data, fmt, progress)
    except ParseTimeout:
        return Document(path=path, format=fmt, lines=tuple(progress), parse_timeout=seconds)


def _parse(path: str, data: bytes, fmt: str, progress: list[str]) -> Document:
    """The document from its bytes; `progress` receives its lines as soon as they are known."""
    from refaudit.extract.formats import docx_layout, visible_layout
    from refaudit.extract.markers import find_markers, strip_markers
    from refaudit.extract.text import clean_lines, decode

    if fmt == "bibtex":
        from refaudit.extract.bibtex import read_bib

        lines = clean_lines(decode(data, path))
        progress.extend(lines)
        return read_bib(path, "\n".join(lines))
    if fmt == "docx":
        if not data:
            raise InputError(f"{path}: empty file")
        lines, headings = docx_layout(data, path)
        source = lines
    else:
        source = clean_lines(decode(data, path))
        lines, headings = visible_layout(fmt, source)
    progress.extend(lines)
    ignores = find_markers(source)
    if ignores:
        lines = [strip_markers(line) for line in lines]
    return build_document(path, fmt, lines, ignores=ignores, headings=headings)


def build_document(
    path: str,
    fmt: str,
    lines: Sequence[str],
    *,
    ignores: Sequence[IgnoreMarker] = (),
    headings: Mapping[int, int] | None = None,
) -> Document:
    """A Document from visible lines: the reference lists, then the citations outside them.

    `headings` are the heading lines the markup shows ({1-based line: level}), when known.
    """
    from refaudit.extract.citations import find_citations
    from refaudit.extract.references import extract_references

    found = extract_references(lines, headings)
    # Citations are read in the text outside the lists: entries and list headings are blanked,
    # so the prose between two lists is still read and line numbers stay those of the file.
    prose = list(lines)
    for start, end in found.spans():
        for i in range(start - 1, min(end, len(prose))):
            prose[i] = ""
    citations = find_citations(prose, found.references, None)
    return Document(
        path=path,
        format=fmt,
        lines=tuple(lines),
        references=found.references,
        citations=citations,
        heading_line=found.heading_line,
        list_start=found.start,
        list_end=found.end,
        ignores=tuple(ignores),
    )


def expand_paths(paths: Sequence[str], errors: list[InputError] | None = None) -> list[str]:
    """Files as given, directories searched recursively for documents (sorted), "-" kept.

    A path that is missing, a symlink loop or not a regular file raises InputError, or, with an
    `errors` list, is recorded there while the other paths are still expanded.
    """
    out: list[str] = []
    for given in paths:
        try:
            out.extend(_expand(given))
        except InputError as exc:
            if errors is None:
                raise
            errors.append(exc)
    return out


def _expand(given: str) -> list[str]:
    if given == "-":
        return [given]
    try:
        info = os.stat(given)
    except OSError as exc:
        raise _stat_error(given, exc) from exc
    if stat.S_ISDIR(info.st_mode):
        return _documents_under(Path(given))
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device would block or never end: only regular files are read.
        raise InputError(f"{given}: not a regular file", path=given)
    return [given]


def _stat_error(path: str, exc: OSError) -> InputError:
    if exc.errno == errno.ELOOP:
        return InputError(f"{path}: symbolic link loop", path=path)
    if exc.errno == errno.ENOENT:
        return InputError(f"{path}: no such file or directory", path=path)
    if exc.errno == errno.EACCES:
        return InputError(f"{path}: permission denied", path=path)
    return InputError(f"{path}: cannot read ({exc.strerror or exc})", path=path)


def _documents_under(folder: Path) -> list[str]:
    """Regular files with a document suffix under `folder`, hidden parts skipped, sorted."""
    found: list[str] = []
    # os.walk never follows directory symlinks and ignores unreadable folders.
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
                continue
            path = str(Path(root) / name)
            try:
                regular = stat.S_ISREG(os.stat(path).st_mode)
            except OSError:
                regular = False  # a dangling link or a loop inside a folder is no document
            if regular:
                found.append(path)
    return sorted(found)
