"""Where the command line's output goes: stdout, stderr, files written atomically, exit codes."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from refaudit.errors import InputError, OutputError
from refaudit.model import AuditResult, Document, ResolutionStatus, Severity
from refaudit.settings import Settings

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_INTERNAL = 4
EXIT_SKIPPED = 5  # some inputs could not be read; the others were audited and reported
EXIT_INCOMPLETE = 6  # a bug on some entries (internal-error findings); the rest was reported


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half a file.

    A new file gets the mode the user's umask gives (mkstemp's own is 0600); a replaced file
    keeps its mode.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def is_stdout(output: Path | None) -> bool:
    """No output file, or `-`: the output goes to standard output."""
    return output is None or str(output) == "-"


def can_encode(text: str, stream: Any = None) -> bool:
    """Whether `stream` (stdout) can write `text` as it is (LANG=C, a cp1252 console ...)."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def degrade(text: str, encoding: str) -> str:
    """`text` with every character `encoding` cannot write transliterated to ASCII."""
    from anyascii import anyascii

    out: list[str] = []
    for char in text:
        try:
            char.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            out.append(anyascii(char) or "?")
        else:
            out.append(char)
    return "".join(out)


def _write(stream: Any, text: str) -> None:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if not can_encode(text, stream):
        text = degrade(text, encoding)
    stream.write(text)
    stream.flush()


def emit(text: str, output: Path | None) -> None:
    """Write `text` to stdout (`None` or `-`), never failing on its encoding, or to a file."""
    if text and not text.endswith("\n"):
        text += "\n"
    if is_stdout(output):
        _write(sys.stdout, text)
    else:
        assert output is not None
        write_atomic(output, text)


def warn(message: str) -> None:
    _write(sys.stderr, message + "\n")


COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str = "auto", stream: Any = None) -> bool:
    """`--color`: always / never, or auto: NO_COLOR, then FORCE_COLOR, then is it a terminal."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    target = stream or sys.stdout
    return bool(target.isatty()) and os.environ.get("TERM") != "dumb"


def terminal_width() -> int:
    try:
        return max(60, min(os.get_terminal_size(sys.stdout.fileno()).columns, 140))
    except (OSError, ValueError):
        return int(os.environ.get("COLUMNS", "100") or 100)


def show_progress(settings: Settings) -> bool:
    return not settings.quiet and not os.environ.get("CI") and sys.stderr.isatty()


def make_progress(console: Any, total: int) -> tuple[Any, Callable[[int], None]]:
    """A rich bar of `total` references and the callback the resolver calls.

    The resolver passes how many references are done so far (a running count, from several
    threads), so the bar is set to it, never advanced by it.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("Resolving references", total=total, rate="")

    def update(done: int) -> None:
        speed = bar.tasks[task].speed
        rate = f"{speed:.1f} refs/s" if speed else ""
        bar.update(task, completed=min(done, total), rate=rate)

    return bar, update


@contextmanager
def progress_bar(settings: Settings, total: int) -> Iterator[Callable[[int], None] | None]:
    """One step per reference on stderr; nothing when quiet, in CI or not on a terminal."""
    if total == 0 or not show_progress(settings):
        yield None
        return
    bar, update = make_progress(err_console(), total)
    with bar:
        yield update


def err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def read_all(
    paths: Sequence[str], settings: Settings | None = None, stdin_filename: str | None = None
) -> tuple[list[Document], list[InputError]]:
    """Read every input; each unreadable one is reported on stderr and the others go on.

    Directories are walked with `exclude`, `extend-exclude` and `.gitignore` applied; the
    document read from `-` is named `stdin_filename` when given. Returns the documents and
    the inputs skipped; raises when nothing at all could be read.
    """
    from dataclasses import replace

    from refaudit.audit import read_documents
    from refaudit.cli.walk import expand
    from refaudit.settings import Settings

    errors: list[InputError] = []
    files = expand(paths, settings or Settings(), errors)
    if not files and errors:
        raise errors[-1]
    # Parsed documents are kept in the cache of a run's settings (never when none was given).
    cached = settings is not None and settings.use_cache and not settings.refresh
    keep = settings.cache_dir if settings is not None and cached else None
    documents = read_documents(files, read_stdin(files), errors, keep=keep)
    if stdin_filename:
        documents = [replace(d, path=stdin_filename) if d.path == "-" else d for d in documents]
    if errors and not documents:
        for exc in errors[:-1]:
            warn(f"error: {exc.message}")
        raise errors[-1]
    for exc in errors:
        warn(f"error: {exc.message}")
    if errors:
        warn(f"hint: {len(errors)} input(s) skipped; the other {len(documents)} were read")
    return documents, errors


def polite_hint(settings: Settings, total: int) -> None:
    """Suggest --mailto once: without it Crossref allows one search a second."""
    remote = not settings.crossref_url.startswith("file:")
    if total > 5 and remote and not (settings.mailto or settings.offline or settings.quiet):
        warn(
            "hint: set --mailto or REFAUDIT_MAILTO to use Crossref's polite pool "
            "(3 searches a second instead of 1)"
        )


def read_and_audit(
    paths: Sequence[str], settings: Settings, stdin_filename: str | None = None
) -> AuditResult:
    """Read every input (skipping the unreadable ones) and audit them with a progress bar."""
    from refaudit.audit import audit

    documents, skipped = read_all(paths, settings, stdin_filename)
    total = sum(len(d.references) for d in documents)
    polite_hint(settings, total)
    with progress_bar(settings, total) as progress:
        return audit(documents, settings, progress=progress, skipped=skipped)


def read_stdin(paths: Sequence[str]) -> bytes | None:
    return sys.stdin.buffer.read() if "-" in paths else None


def exit_code_for(result: AuditResult, fail_on: str) -> int:
    """3 unreachable or some references unchecked (a service failed for them after retries),
    else 6 on internal errors, else 5 when inputs were skipped, else 1 or 0 by the findings."""
    if result.unreachable or any(
        r is not None and r.status is ResolutionStatus.ERROR
        for d in result.documents
        for r in d.resolutions
    ):
        return EXIT_UNREACHABLE
    if any(f.rule == "internal-error" for f in result.findings):
        return EXIT_INCOMPLETE
    if result.skipped:
        return EXIT_SKIPPED
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    if any(f.severity.rank >= threshold for f in result.findings):
        return EXIT_FINDINGS
    return EXIT_OK
