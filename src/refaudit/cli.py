"""The command line: the only module that prints, writes files and exits."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from refaudit import __version__
from refaudit.errors import ConfigError, InputError, OutputError, RefauditError
from refaudit.model import AuditResult, Document, Severity
from refaudit.settings import FAIL_ON, Settings, load_settings

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE = 3
EXIT_INTERNAL = 4

app = typer.Typer(
    name="refaudit",
    help="Audit the reference lists of articles against Crossref and doi.org.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# --- shared options ---------------------------------------------------------------------------

PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files or directories (*.txt, *.md, *.html, *.docx, *.bib); - for stdin."),
]
Mailto = Annotated[str | None, typer.Option("--mailto", help="Address for Crossref's polite pool.")]
CrossrefUrl = Annotated[
    str | None, typer.Option("--crossref-url", help="Crossref REST API base URL.")
]
DoiUrl = Annotated[str | None, typer.Option("--doi-url", help="doi.org base URL.")]
Timeout = Annotated[
    float | None, typer.Option("--timeout", help="Connect and read timeout, seconds.")
]
CacheDir = Annotated[str | None, typer.Option("--cache-dir", help="Where answers are cached.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
Refresh = Annotated[bool, typer.Option("--refresh", help="Ignore cached answers, store new ones.")]
Offline = Annotated[
    bool, typer.Option("--offline", help="No network at all: cached answers and offline checks.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]
Config = Annotated[
    Path | None, typer.Option("--config", help="Configuration file (refaudit.toml or pyproject).")
]
Select = Annotated[
    list[str] | None,
    typer.Option("--select", help="Rules to run: codes, names, prefixes or ALL (repeatable)."),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Rules to skip: codes, names, prefixes or ALL (repeatable)."),
]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the output to this file (atomically).")
]


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


def _settings(paths: Sequence[str], config: Path | None = None, **overrides: Any) -> Settings:
    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    if config is not None:
        from refaudit.settings import read_config

        if not config.is_file():
            raise ConfigError(f"{config}: no such configuration file")
        overrides = {**read_config(config), **{k: v for k, v in overrides.items() if v}}
    return load_settings(overrides, start=start)


def _network_overrides(
    mailto: str | None,
    crossref_url: str | None,
    doi_url: str | None,
    timeout: float | None,
    cache_dir: str | None,
    no_cache: bool,
    refresh: bool,
    offline: bool,
    quiet: bool,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "mailto": mailto,
        "crossref_url": crossref_url,
        "doi_url": doi_url,
        "timeout": timeout,
        "cache_dir": cache_dir,
    }
    if no_cache:
        out["use_cache"] = False
    if refresh:
        out["refresh"] = True
    if offline:
        out["offline"] = True
    if quiet:
        out["quiet"] = True
    return out


# --- output helpers ---------------------------------------------------------------------------


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


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
    else:
        write_atomic(output, text if text.endswith("\n") else text + "\n")


def _stderr(message: str) -> None:
    sys.stderr.write(message + "\n")


def _use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _width() -> int:
    try:
        return max(60, min(os.get_terminal_size(sys.stdout.fileno()).columns, 140))
    except (OSError, ValueError):
        return int(os.environ.get("COLUMNS", "100") or 100)


def _show_progress(settings: Settings) -> bool:
    return not settings.quiet and not os.environ.get("CI") and sys.stderr.isatty()


@contextmanager
def _progress(settings: Settings, total: int) -> Iterator[Callable[[int], None] | None]:
    if total <= 5 or not _show_progress(settings):
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=_err_console()) as bar:
        task = bar.add_task("Resolving references", total=total)
        yield lambda n: bar.advance(task, n)


def _err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _read_all(paths: Sequence[str]) -> tuple[list[Document], bool]:
    """Read every input; an unreadable file is reported on stderr and the others go on.

    Returns the documents and whether any input failed (the run then exits 2).
    """
    from refaudit.audit import read_documents

    errors: list[InputError] = []
    documents = read_documents(paths, _read_stdin(paths), errors)
    if errors and not documents:
        raise errors[0]
    for exc in errors:
        _stderr(f"error: {exc.message}")
    return documents, bool(errors)


def _polite_hint(settings: Settings, total: int) -> None:
    """Suggest --mailto once: without it Crossref allows one search a second."""
    remote = not settings.crossref_url.startswith("file:")
    if total > 5 and remote and not (settings.mailto or settings.offline or settings.quiet):
        _stderr(
            "hint: set --mailto or REFAUDIT_MAILTO to use Crossref's polite pool "
            "(3 searches a second instead of 1)"
        )


def _read_stdin(paths: Sequence[str]) -> bytes | None:
    return sys.stdin.buffer.read() if "-" in paths else None


def _exit_for(result: AuditResult, fail_on: str) -> int:
    if result.unreachable:
        return EXIT_UNREACHABLE
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    if any(f.severity.rank >= threshold for f in result.findings):
        return EXIT_FINDINGS
    return EXIT_OK


# --- commands ---------------------------------------------------------------------------------


@app.command()
def check(
    paths: PathsArg,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="terminal, json, sarif, github or markdown (default: terminal)."
        ),
    ] = None,
    output: Output = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Exit 1 on findings at or above: error, warning, info, never."
        ),
    ] = None,
    select: Select = None,
    ignore: Ignore = None,
    mailto: Mailto = None,
    crossref_url: CrossrefUrl = None,
    doi_url: DoiUrl = None,
    timeout: Timeout = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    refresh: Refresh = False,
    offline: Offline = False,
    quiet: Quiet = False,
    config: Config = None,
) -> None:
    """Audit articles or .bib files: resolve every reference and report what does not hold."""
    from refaudit.audit import audit
    from refaudit.report import FORMATS, render

    fmt = output_format or "terminal"
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    settings = _settings(
        paths,
        config,
        select=_split(select),
        ignore=_split(ignore),
        fail_on=fail_on,
        **_network_overrides(
            mailto, crossref_url, doi_url, timeout, cache_dir, no_cache, refresh, offline, quiet
        ),
    )
    documents, input_failed = _read_all(paths)
    total = sum(len(d.references) for d in documents)
    _polite_hint(settings, total)
    with _progress(settings, total) as progress:
        result = audit(documents, settings, progress=progress)
    from refaudit.check import select_rules

    text = render(
        result,
        fmt,
        rules=select_rules(settings.select, settings.ignore),
        width=_width(),
        color=fmt == "terminal" and output is None and _use_color(),
    )
    _emit(text, output)
    if result.unreachable:
        _stderr(f"error: {result.notes[0] if result.notes else 'services unreachable'}")
        _stderr("hint: offline checks ran; retry later, or use --offline to rely on the cache")
    code = _exit_for(result, settings.fail_on)
    raise typer.Exit(EXIT_USAGE if input_failed and code != EXIT_UNREACHABLE else code)


@app.command()
def parse(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Articles to parse (files, directories, -).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="json or table.")] = "json",
    entries: Annotated[
        Path | None,
        typer.Option(
            "--entries", help="Parse each non-empty line of FILE as one reference (JSONL)."
        ),
    ] = None,
    output: Output = None,
) -> None:
    """Show the reference list and the in-text citations as refaudit understood them."""
    if entries is not None:
        _emit(_parse_entries(entries), output)
        return
    if not paths:
        raise ConfigError("give an article to parse, or --entries FILE")
    if output_format not in ("json", "table"):
        raise ConfigError(f"unknown format {output_format!r}", hint="choose json or table")
    from refaudit.audit import audit, read_documents
    from refaudit.report import render

    settings = _settings(paths, None, offline=True, use_cache=False)
    documents = read_documents(paths, _read_stdin(paths))
    result = audit(documents, settings, resolve=False)
    if output_format == "json":
        from refaudit.check import select_rules

        _emit(render(result, "json", rules=select_rules()), output)
    else:
        _emit(_parse_table(result), output)


def _parse_entries(path: Path) -> str:
    from refaudit.extract.references import parse_reference
    from refaudit.extract.text import read_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from exc
    lines = read_text(data, str(path))
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = parse_reference(line.strip())
        record: dict[str, Any] = {"line": number, "raw": line.strip(), "parsed": asdict(fields)}
        out.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(out)


def _parse_table(result: AuditResult) -> str:
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buffer = StringIO()
    console = Console(file=buffer, width=_width(), color_system=None)
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


@app.command()
def lookup(
    query: Annotated[str, typer.Argument(help="A DOI or a reference as free text.")],
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    mailto: Mailto = None,
    crossref_url: CrossrefUrl = None,
    doi_url: DoiUrl = None,
    timeout: Timeout = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    refresh: Refresh = False,
    offline: Offline = False,
    quiet: Quiet = False,
) -> None:
    """Print the registered record refaudit would match for one reference."""
    from refaudit.resolve import Resolver

    settings = _settings(
        [],
        None,
        **_network_overrides(
            mailto, crossref_url, doi_url, timeout, cache_dir, no_cache, refresh, offline, quiet
        ),
    )
    with Resolver(settings) as resolver:
        resolution = resolver.lookup(query)
    if output_format == "json":
        _emit(json.dumps(asdict(resolution), ensure_ascii=False, indent=2, default=str), None)
        return
    lines = [f"status: {resolution.status.value}"]
    if resolution.method:
        lines.append(f"method: {resolution.method}")
    if resolution.score is not None:
        lines.append(f"score:  {resolution.score:.2f}")
    w = resolution.work
    if w is not None:
        authors = "; ".join(a.display for a in w.authors[:10])
        if len(w.authors) > 10:
            authors += f"; ... ({len(w.authors)} authors)"
        lines += [
            f"doi:    {w.doi}",
            f"title:  {w.title}",
            f"authors: {authors}",
            f"year:   {w.year or ''} (print {w.published_print or '-'}, "
            f"online {w.published_online or '-'})",
            f"in:     {w.container} {w.volume}{f'({w.issue})' if w.issue else ''} "
            f"{w.pages or w.article_number}".rstrip(),
            f"type:   {w.type}",
        ]
    if resolution.message:
        lines.append(f"note:   {resolution.message}")
    for c in resolution.candidates[:5]:
        lines.append(f"candidate: {c.score:.2f} {c.work.doi} {c.work.title}")
    _emit("\n".join(lines), None)
    if resolution.status.value == "error":
        raise typer.Exit(EXIT_UNREACHABLE)


@app.command()
def rules(
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text or markdown (the docs/rules.md page).")
    ] = "text",
) -> None:
    """List every rule: code, name, default severity and summary."""
    from refaudit.check import all_rules
    from refaudit.report.catalogue import rules_markdown, rules_table

    if output_format not in ("text", "markdown"):
        raise ConfigError(f"unknown format {output_format!r}", hint="choose text or markdown")
    render = rules_markdown if output_format == "markdown" else rules_table
    _emit(render(all_rules()), None)


@app.command()
def rule(name: Annotated[str, typer.Argument(help="A rule's name or code.")]) -> None:
    """Print one rule's documentation."""
    from refaudit.check import find_rule
    from refaudit.report.catalogue import rule_text

    found = find_rule(name)
    if found is None:
        raise ConfigError(f"unknown rule {name!r}", hint="run `refaudit rules` to list them")
    _emit(rule_text(found), None)


@app.command()
def export(
    paths: PathsArg,
    output: Output = None,
    to: Annotated[str, typer.Option("--to", help="bibtex, csl-json or ris.")] = "bibtex",
    key_format: Annotated[
        str | None,
        typer.Option("--key-format", help="Citation key format, e.g. {author}{year}{title}."),
    ] = None,
    ascii_only: Annotated[
        bool, typer.Option("--ascii", help="Escape non-ASCII for classic BibTeX.")
    ] = False,
    mailto: Mailto = None,
    crossref_url: CrossrefUrl = None,
    doi_url: DoiUrl = None,
    timeout: Timeout = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    refresh: Refresh = False,
    offline: Offline = False,
    quiet: Quiet = False,
    config: Config = None,
) -> None:
    """Export the cleaned references as BibTeX, CSL-JSON or RIS."""
    from refaudit.audit import audit, read_documents
    from refaudit.export import export as export_doc

    if to not in ("bibtex", "csl-json", "ris"):
        raise ConfigError(f"unknown export format {to!r}", hint="choose bibtex, csl-json or ris")
    settings = _settings(
        paths,
        config,
        **_network_overrides(
            mailto, crossref_url, doi_url, timeout, cache_dir, no_cache, refresh, offline, quiet
        ),
    )
    documents = read_documents(paths, _read_stdin(paths))
    total = sum(len(d.references) for d in documents)
    _polite_hint(settings, total)
    with _progress(settings, total) as progress:
        result = audit(documents, settings, progress=progress)
    parts = [
        export_doc(doc, to, key_format=key_format, ascii=ascii_only) for doc in result.documents
    ]
    if to == "csl-json" and len(parts) > 1:
        merged = [item for p in parts for item in json.loads(p)]
        text = json.dumps(merged, ensure_ascii=False, indent=2)
    else:
        text = "\n".join(p.rstrip("\n") for p in parts if p.strip())
    _emit(text, output)
    if result.unreachable:
        _stderr("error: services unreachable: unresolved entries were exported as unverified")
        raise typer.Exit(EXIT_UNREACHABLE)


@app.command()
def fix(
    path: Annotated[str, typer.Argument(help="The article whose reference list to correct.")],
    write: Annotated[
        bool, typer.Option("--write", help="Apply the fix in place (a .bak backup is kept).")
    ] = False,
    style: Annotated[
        str | None,
        typer.Option("--style", help="apa, vancouver, harvard or ieee (default: detect)."),
    ] = None,
    select: Select = None,
    mailto: Mailto = None,
    crossref_url: CrossrefUrl = None,
    doi_url: DoiUrl = None,
    timeout: Timeout = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    refresh: Refresh = False,
    offline: Offline = False,
    quiet: Quiet = False,
) -> None:
    """Show the article with its reference list corrected as a diff (--write applies it)."""
    from refaudit.audit import audit, read_documents
    from refaudit.export.fix import fix_document, unified_diff

    if path == "-" and write:
        raise ConfigError("--write needs a file, not standard input")
    settings = _settings(
        [path],
        None,
        **_network_overrides(
            mailto, crossref_url, doi_url, timeout, cache_dir, no_cache, refresh, offline, quiet
        ),
    )
    documents = read_documents([path], _read_stdin([path]))
    result = audit(documents, settings)
    doc = result.documents[0]
    if doc.document.format not in ("text", "markdown"):
        raise InputError(
            f"{path}: fix rewrites plain-text and Markdown articles",
            hint="use `refaudit export` for a corrected bibliography",
        )
    old = "\n".join(doc.document.lines) + "\n"
    readable = True
    try:
        original = Path(path).read_text(encoding="utf-8") if path != "-" else old
    except (OSError, UnicodeDecodeError):
        original, readable = old, False
    new = fix_document(doc, style=style, select=_split(select) or ("ALL",), original=original)
    if new == original:
        _stderr(f"{path}: nothing to fix")
        return
    if not write:
        _emit(unified_diff(original, new, path), None)
        return
    if not readable:
        raise InputError(
            f"{path}: not UTF-8 text; --write would change its encoding",
            hint="convert the file to UTF-8 first, or apply the diff by hand",
        )
    backup = Path(path + ".bak")
    write_atomic(backup, original)
    write_atomic(Path(path), new)
    _stderr(f"{path}: reference list corrected (backup: {backup})")


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"refaudit {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Audit the reference lists of articles against Crossref and doi.org.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/input/config error,
    3 services unreachable, 4 internal error.
    """


def _fail(message: str, hint: str | None, code: int) -> NoReturn:
    _stderr(f"error: {message}")
    if hint:
        _stderr(f"hint: {hint}")
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run the app and turn every RefauditError into a message + code."""
    try:
        # Standalone mode: typer reports usage errors itself (exit 2) and exits with our codes.
        app(args=list(argv) if argv is not None else None, prog_name="refaudit")
    except RefauditError as exc:
        _fail(exc.message, exc.hint, exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", None, 130)
    except BrokenPipeError:
        raise SystemExit(EXIT_OK) from None
    except Exception as exc:  # the last line of defence: never a traceback
        if os.environ.get("REFAUDIT_DEBUG"):
            raise
        _fail(
            f"internal error: {type(exc).__name__}: {exc}",
            "this is a bug in refaudit; rerun with REFAUDIT_DEBUG=1 for the traceback",
            EXIT_INTERNAL,
        )
