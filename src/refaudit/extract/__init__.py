"""Stage 1, document -> references and citations: read_document() and expand_paths()."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from refaudit.errors import InputError
from refaudit.extract.citations import find_citations
from refaudit.extract.formats import detect_format, docx_lines, visible_lines
from refaudit.extract.markers import find_markers, strip_markers
from refaudit.extract.text import clean_lines, decode
from refaudit.model import Document, IgnoreMarker

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
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise _too_large(path, size)
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file or directory") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def read_document(path: str, data: bytes | None = None) -> Document:
    """Read a document (or `data`, for stdin as "-"): its lines, reference list and citations."""
    if data is None:
        data = _read_bytes(path)
    if len(data) > MAX_BYTES:
        raise _too_large(path, len(data))
    if path.lower().endswith(".bib"):
        from refaudit.extract.bibtex import read_bib

        return read_bib(path, "\n".join(clean_lines(decode(data, path))))
    fmt = detect_format(path, data)
    if fmt == "docx":
        if not data:
            raise InputError(f"{path}: empty file")
        source = lines = docx_lines(data, path)
    else:
        source = clean_lines(decode(data, path))
        lines = visible_lines(fmt, source)
    ignores = find_markers(source)
    if ignores:
        lines = [strip_markers(line) for line in lines]
    return build_document(path, fmt, lines, ignores=ignores)


def build_document(
    path: str, fmt: str, lines: Sequence[str], *, ignores: Sequence[IgnoreMarker] = ()
) -> Document:
    """A Document from visible lines: the reference list, then the citations outside it."""
    from refaudit.extract.references import extract_references

    found = extract_references(lines)
    span = (found.start, found.end) if found.start is not None and found.end is not None else None
    citations = find_citations(lines, found.references, span)
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


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as given, directories searched recursively for documents (sorted), "-" kept."""
    out: list[str] = []
    for given in paths:
        if given == "-":
            out.append(given)
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in DOCUMENT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            out.extend(found)
        elif path.exists():
            out.append(given)
        else:
            raise InputError(f"{given}: no such file or directory")
    return out
