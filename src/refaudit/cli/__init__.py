"""The command line: the only package that prints, writes files and exits."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperArgument

from refaudit.cli.options import (
    Color,
    Config,
    Exclude,
    ExtendExclude,
    Ignore,
    NetworkOverrides,
    Output,
    PathsArg,
    Select,
    StdinFilename,
    make_settings,
    network_options,
    split_values,
)
from refaudit.cli.output import (
    COLOR_CHOICES,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_UNREACHABLE,
    can_encode,
    emit,
    exit_code_for,
    is_stdout,
    read_all,
    read_and_audit,
    read_stdin,
    terminal_width,
    use_color,
    warn,
    write_atomic,
)
from refaudit.errors import ConfigError, InputError, RefauditError
from refaudit.settings import FAIL_ON


def _argument_type(self: TyperArgument, ctx: Any) -> str | None:
    # typer 0.29 prints an argument's Python type (`<list[str]>`) even beside a metavar.
    return None if self.metavar else _TYPE_OF_ARGUMENT(self, ctx)


_TYPE_OF_ARGUMENT: Any = getattr(TyperArgument, "display_type_rich", None)
if _TYPE_OF_ARGUMENT is not None:  # typer before 0.29 has no such method (nor the problem)
    setattr(TyperArgument, "display_type_rich", _argument_type)  # noqa: B010

app = typer.Typer(
    name="refaudit",
    help="Audit the reference lists of articles against Crossref and doi.org.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: metavars as given, defaults shown
    context_settings={"help_option_names": ["-h", "--help"]},
)


OutputFormat = Annotated[
    str,
    typer.Option(
        "--output-format",
        "--format",
        "-f",
        metavar="FORMAT",
        help="concise, full (the terminal report), json, json-lines, sarif, github, gitlab, "
        "junit or markdown.",
    ),
]


@app.command()
@network_options
def check(
    paths: PathsArg,
    output_format: OutputFormat = "full",
    output: Output = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="SEVERITY",
            help="Exit 1 on findings at or above: error, warning, info, never "
            "(env REFAUDIT_FAIL_ON).",
            show_default="error",
        ),
    ] = None,
    select: Select = None,
    ignore: Ignore = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Count the findings per rule instead.")
    ] = False,
    color: Color = "auto",
    stdin_filename: StdinFilename = None,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    network: NetworkOverrides = None,
    config: Config = None,
) -> None:
    """Audit articles or .bib files: resolve every reference and report what does not hold."""
    from refaudit.report import canonical, render

    fmt = canonical(output_format)
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    _check_color(color)
    settings = make_settings(
        paths,
        config,
        stdin_filename,
        select=split_values(select),
        ignore=split_values(ignore),
        fail_on=fail_on,
        exclude=split_values(exclude),
        extend_exclude=split_values(extend_exclude),
        **(network or {}),
    )
    result = read_and_audit(paths, settings, stdin_filename)
    from refaudit.check import select_rules

    if statistics:
        from refaudit.report import statistics as stats

        text = stats.render(result)
    else:
        to_terminal = is_stdout(output)
        options: dict[str, Any] = {
            "rules": select_rules(settings.select, settings.ignore),
            "width": terminal_width(),
            "color": fmt == "full" and to_terminal and use_color(color),
        }
        text = render(result, fmt, **options)
        if fmt == "full" and to_terminal and not can_encode(text):
            text = render(result, fmt, ascii_only=True, **options)
    emit(text, output)
    if result.unreachable:
        warn(f"error: {result.notes[0] if result.notes else 'services unreachable'}")
        warn("hint: offline checks ran; retry later, or use --offline to rely on the cache")
    raise typer.Exit(exit_code_for(result, settings.fail_on))


def _check_color(choice: str) -> None:
    if choice not in COLOR_CHOICES:
        raise ConfigError(f"--color must be one of {', '.join(COLOR_CHOICES)}")


@app.command()
def parse(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...", help="Articles to parse (files, directories, - for stdin)."
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--output-format", "--format", "-f", help="json or table.")
    ] = "json",
    entries: Annotated[
        str | None,
        typer.Option(
            "--entries",
            metavar="FILE",
            help="Parse each non-empty line of FILE (- for stdin) as one reference (JSONL).",
        ),
    ] = None,
    output: Output = None,
) -> None:
    """Show the reference list and the in-text citations as refaudit understood them."""
    if entries is not None:
        emit(_parse_entries(entries), output)
        return
    if not paths:
        raise ConfigError("give an article to parse, or --entries FILE")
    if output_format not in ("json", "table"):
        raise ConfigError(f"unknown format {output_format!r}", hint="choose json or table")
    from refaudit.audit import audit
    from refaudit.report import render

    settings = make_settings(paths, None, offline=True, use_cache=False)
    documents, skipped = read_all(paths, settings)
    result = audit(documents, settings, resolve=False, skipped=skipped)
    if output_format == "json":
        from refaudit.check import select_rules

        emit(render(result, "json", rules=select_rules()), output)
    else:
        from refaudit.report import parsetable

        emit(parsetable.render(result, terminal_width()), output)
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _parse_entries(source: str) -> str:
    from refaudit.extract.references import parse_reference
    from refaudit.extract.text import read_text

    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise InputError(f"{source}: {exc.strerror or exc}") from exc
    lines = read_text(data, source)
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = parse_reference(line.strip())
        record: dict[str, Any] = {"line": number, "raw": line.strip(), "parsed": asdict(fields)}
        out.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(out)


@app.command()
@network_options
def lookup(
    query: Annotated[str, typer.Argument(help="A DOI or a reference as free text.")],
    output_format: Annotated[
        str, typer.Option("--output-format", "--format", "-f", help="text or json.")
    ] = "text",
    network: NetworkOverrides = None,
) -> None:
    """Print the registered record refaudit would match for one reference."""
    from refaudit.cli import lookup_text
    from refaudit.resolve import Resolver

    settings = make_settings([], None, **(network or {}))
    with Resolver(settings) as resolver:
        resolution = resolver.lookup(query)
    if output_format == "json":
        record = asdict(resolution)
        if resolution.work is not None:
            record["editorial_status"] = lookup_text.editorial_status(resolution.work)
        emit(json.dumps(record, ensure_ascii=False, indent=2, default=str), None)
    else:
        emit(lookup_text.render(resolution), None)
    if resolution.status.value == "error":
        raise typer.Exit(EXIT_UNREACHABLE)


@app.command()
def rules(
    output_format: Annotated[
        str,
        typer.Option(
            "--output-format",
            "--format",
            "-f",
            help="text or markdown (the docs/rules.md page).",
        ),
    ] = "text",
    every: Annotated[
        bool,
        typer.Option("--all", help="Every rule's whole documentation, with its example."),
    ] = False,
) -> None:
    """List every rule: code, name, default severity and summary."""
    from refaudit.check import all_rules
    from refaudit.report.catalogue import rule_text, rules_markdown, rules_table

    if output_format not in ("text", "markdown"):
        raise ConfigError(f"unknown format {output_format!r}", hint="choose text or markdown")
    if every and output_format == "text":
        emit("\n\n".join(rule_text(r).rstrip("\n") for r in all_rules()), None)
        return
    render = rules_markdown if output_format == "markdown" else rules_table
    emit(render(all_rules()), None)


@app.command()
def rule(name: Annotated[str, typer.Argument(help="A rule's name or code.")]) -> None:
    """Print one rule's documentation."""
    from refaudit.check import find_rule
    from refaudit.report.catalogue import rule_text

    found = find_rule(name)
    if found is None:
        raise ConfigError(f"unknown rule {name!r}", hint="run `refaudit rules` to list them")
    emit(rule_text(found), None)


@app.command()
@network_options
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
    stdin_filename: StdinFilename = None,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    network: NetworkOverrides = None,
    config: Config = None,
) -> None:
    """Export the cleaned references as BibTeX, CSL-JSON or RIS."""
    from refaudit.export import export as export_doc

    if to not in ("bibtex", "csl-json", "ris"):
        raise ConfigError(f"unknown export format {to!r}", hint="choose bibtex, csl-json or ris")
    settings = make_settings(
        paths,
        config,
        stdin_filename,
        exclude=split_values(exclude),
        extend_exclude=split_values(extend_exclude),
        **(network or {}),
    )
    result = read_and_audit(paths, settings, stdin_filename)
    taken: set[str] = set()  # keys unique across every document of this run
    parts = [
        export_doc(doc, to, key_format=key_format, ascii=ascii_only, taken=taken)
        for doc in result.documents
    ]
    if to == "csl-json" and len(parts) > 1:
        merged = [item for p in parts for item in json.loads(p)]
        text = json.dumps(merged, ensure_ascii=False, indent=2)
    else:
        text = "\n".join(p.rstrip("\n") for p in parts if p.strip())
    emit(text, output)
    if result.unreachable:
        warn("error: services unreachable: unresolved entries were exported as unverified")
        raise typer.Exit(EXIT_UNREACHABLE)
    if result.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
@network_options
def fix(
    path: Annotated[str, typer.Argument(help="The article whose reference list to correct.")],
    write: Annotated[
        bool, typer.Option("--write", help="Apply the fix in place (a .bak backup is kept).")
    ] = False,
    style: Annotated[
        str | None,
        typer.Option(
            "--style",
            help="apa, vancouver, harvard or ieee, for entries rewritten whole (default: detect).",
        ),
    ] = None,
    select: Select = None,
    network: NetworkOverrides = None,
) -> None:
    """Show the article with its reference list corrected as a diff (--write applies it)."""
    from refaudit.audit import audit, read_documents
    from refaudit.export.fix import fix_document, unified_diff

    if path == "-" and write:
        raise ConfigError("--write needs a file, not standard input")
    settings = make_settings(
        [path],
        None,
        **(network or {}),
    )
    documents = read_documents([path], read_stdin([path]))
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
    notes: list[str] = []
    chosen = split_values(select) or ("ALL",)
    new = fix_document(doc, style=style, select=chosen, original=original, notes=notes)
    for note in notes:
        warn(f"{path}: {note}")
    if new == original:
        from refaudit.model import registered_work

        unresolved = all(registered_work(r) is None for r in doc.resolutions)
        if settings.offline and doc.document.references and unresolved:
            warn(f"{path}: nothing to fix offline (no registered record in the cache)")
        else:
            warn(f"{path}: nothing to fix")
        return
    if not write:
        # Like `ruff format --check`: a change to make is exit 1, so CI can fail on it.
        emit(unified_diff(original, new, path), None)
        raise typer.Exit(EXIT_FINDINGS)
    if not readable:
        raise InputError(
            f"{path}: not UTF-8 text; --write would change its encoding",
            hint="convert the file to UTF-8 first, or apply the diff by hand",
        )
    backup = Path(path + ".bak")
    write_atomic(backup, original)
    write_atomic(Path(path), new)
    warn(f"{path}: reference list corrected (backup: {backup})")


def version_callback(value: bool) -> None:
    if value:
        from refaudit import __version__

        sys.stdout.write(f"refaudit {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Audit the reference lists of articles against Crossref and doi.org.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/input/config error,
    3 services unreachable, 4 internal error, 5 some inputs skipped (the others reported),
    6 report incomplete (internal-error findings on some entries).
    """


def _fail(message: str, hint: str | None, code: int) -> NoReturn:
    warn(f"error: {message}")
    if hint:
        warn(f"hint: {hint}")
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run the app and turn every RefauditError into a message + code."""
    if os.environ.get("REFAUDIT_DEBUG"):  # tracebacks of isolated failures go to the log
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")
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
