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


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
    else:
        write_atomic(output, text if text.endswith("\n") else text + "\n")


def warn(message: str) -> None:
    sys.stderr.write(message + "\n")


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def terminal_width() -> int:
    try:
        return max(60, min(os.get_terminal_size(sys.stdout.fileno()).columns, 140))
    except (OSError, ValueError):
        return int(os.environ.get("COLUMNS", "100") or 100)


def show_progress(settings: Settings) -> bool:
    return not settings.quiet and not os.environ.get("CI") and sys.stderr.isatty()


@contextmanager
def progress_bar(settings: Settings, total: int) -> Iterator[Callable[[int], None] | None]:
    if total <= 5 or not show_progress(settings):
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=err_console()) as bar:
        task = bar.add_task("Resolving references", total=total)
        yield lambda n: bar.advance(task, n)


def err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def read_all(paths: Sequence[str]) -> tuple[list[Document], list[InputError]]:
    """Read every input; each unreadable one is reported on stderr and the others go on.

    Returns the documents and the inputs skipped; raises when nothing at all could be read.
    """
    from refaudit.audit import read_documents

    errors: list[InputError] = []
    documents = read_documents(paths, read_stdin(paths), errors)
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
