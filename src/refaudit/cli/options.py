"""The command line's shared options and how they become Settings."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from refaudit.errors import ConfigError
from refaudit.settings import (
    DEFAULT_CROSSREF_URL,
    DEFAULT_DOI_URL,
    SOURCE_URLS,
    Settings,
    load_settings,
)

PathsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Files or directories (*.txt, *.md, *.html, *.docx, *.bib); - for stdin.",
        show_default=False,
    ),
]
Mailto = Annotated[
    str | None,
    typer.Option(
        "--mailto",
        metavar="ADDR",
        help="Address for Crossref's polite pool (env REFAUDIT_MAILTO).",
        show_default="none",
    ),
]
CrossrefUrl = Annotated[
    str | None,
    typer.Option(
        "--crossref-url",
        metavar="URL",
        help="Crossref REST API base URL (env REFAUDIT_CROSSREF_URL).",
        show_default=DEFAULT_CROSSREF_URL,
    ),
]
DoiUrl = Annotated[
    str | None,
    typer.Option(
        "--doi-url",
        metavar="URL",
        help="doi.org base URL (env REFAUDIT_DOI_URL).",
        show_default=DEFAULT_DOI_URL,
    ),
]
Sources = Annotated[
    str | None,
    typer.Option(
        "--sources",
        metavar="NAMES",
        help="Sources beyond Crossref to ask: datacite,arxiv,ncbi,openlibrary,openalex,dblp,"
        "europepmc,pubmed, all or none.",
        show_default="all against the real Crossref, none against a stand-in",
    ),
]
Timeout = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        help="Connect and read timeout (env REFAUDIT_TIMEOUT).",
        show_default=f"{Settings.__dataclass_fields__['timeout'].default:g}",  # never a copy
    ),
]
CacheDir = Annotated[
    str | None,
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Where answers are cached (env REFAUDIT_CACHE_DIR).",
        show_default="the user cache directory",
    ),
]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
Refresh = Annotated[bool, typer.Option("--refresh", help="Ignore cached answers, store new ones.")]
Offline = Annotated[
    bool, typer.Option("--offline", help="No network at all: cached answers and offline checks.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]
Verbose = Annotated[
    int,
    typer.Option(
        "--verbose", "-v", count=True, help="-v: what is resolved how; -vv: every request."
    ),
]
Config = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Configuration file (refaudit.toml or pyproject.toml); ranks below the environment.",
        show_default="the nearest one, walking up from the first input",
    ),
]


def _values_option(flag: str, metavar: str, help_text: str, default: str) -> Any:
    """A repeatable, comma-separated option (rules or patterns), None when not given."""
    return Annotated[
        list[str] | None,
        typer.Option(flag, metavar=metavar, help=help_text, show_default=default),
    ]


Select = _values_option(
    "--select",
    "RULES",
    "Rules to run: codes, names, prefixes or ALL (comma-separated, repeatable).",
    "ALL",
)
Ignore = _values_option(
    "--ignore",
    "RULES",
    "Rules to skip: codes, names, prefixes or ALL (comma-separated, repeatable).",
    "none",
)
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the output to FILE (atomically); - for standard output.",
        show_default="standard output",
    ),
]
Color = Annotated[
    str,
    typer.Option(
        "--color",
        metavar="auto|always|never",
        help="Colour the report: auto follows NO_COLOR, FORCE_COLOR and whether it is a terminal.",
    ),
]
StdinFilename = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        metavar="PATH",
        help="The name of the document read from -, for the report and per-file-ignores.",
    ),
]
Exclude = _values_option(
    "--exclude",
    "PATTERNS",
    "Gitignore-style patterns not to walk into, replacing the default list.",
    ".venv, node_modules, build, dist, ...",
)
ExtendExclude = _values_option(
    "--extend-exclude", "PATTERNS", "Patterns excluded in addition to the default list.", "none"
)


def split_values(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


def make_settings(
    paths: Sequence[str],
    config: Path | None = None,
    stdin_filename: str | None = None,
    **overrides: Any,
) -> Settings:
    """Settings for this run: command line > environment > configuration file > defaults.

    `--config FILE` only says which file; it ranks where any configuration file ranks.
    """
    if paths and paths[0] != "-":
        start = Path(paths[0])
    elif stdin_filename:
        start = Path(stdin_filename)
    else:
        start = Path.cwd()
    if config is not None and not config.is_file():
        raise ConfigError(f"{config}: no such configuration file")
    return load_settings(overrides, start=start, config_file=config)


def network_overrides(
    mailto: str | None,
    crossref_url: str | None,
    doi_url: str | None,
    timeout: float | None,
    cache_dir: str | None,
    no_cache: bool,
    refresh: bool,
    offline: bool,
    quiet: bool,
    verbose: int = 0,
    sources: str | None = None,
    **source_urls: str | None,
) -> dict[str, Any]:
    set_verbosity(verbose)
    out: dict[str, Any] = {
        "mailto": mailto,
        "crossref_url": crossref_url,
        "doi_url": doi_url,
        "timeout": timeout,
        "cache_dir": cache_dir,
        **source_urls,
    }
    if sources is not None:
        out["sources"] = split_values([sources]) or ("none",)
    if no_cache:
        out["use_cache"] = False
    if refresh:
        out["refresh"] = True
    if offline:
        out["offline"] = True
    if quiet:
        out["quiet"] = True
    return out


NetworkOverrides = dict[str, Any] | None
_NETWORK_PARAMS: tuple[tuple[str, Any, Any], ...] = (
    ("mailto", Mailto, None),
    ("crossref_url", CrossrefUrl, None),
    ("doi_url", DoiUrl, None),
    ("timeout", Timeout, None),
    ("cache_dir", CacheDir, None),
    ("no_cache", NoCache, False),
    ("refresh", Refresh, False),
    ("offline", Offline, False),
    ("quiet", Quiet, False),
    ("verbose", Verbose, 0),
    ("sources", Sources, None),
    *(
        (
            setting,
            Annotated[
                str | None,
                typer.Option(
                    f"--{name}-url", metavar="URL", help=f"{name} base URL.", show_default=default
                ),
            ],
            None,
        )
        for name, (setting, default) in SOURCE_URLS.items()
    ),
)


def set_verbosity(level: int) -> None:
    """-v logs how each reference is resolved, -vv every request too, on stderr."""
    if level <= 0:
        return
    import logging
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO if level == 1 else logging.DEBUG)
    if level == 1:
        logging.getLogger("urllib3").setLevel(logging.WARNING)


def network_options(func: Callable[..., None]) -> Callable[..., None]:
    """Give a command the service options (--mailto ... --quiet), passed on as `network`."""
    signature = inspect.signature(func)
    hints = typing.get_type_hints(func, include_extras=True)  # resolve the string annotations
    own = [
        p.replace(annotation=hints[p.name])
        for p in signature.parameters.values()
        if p.name != "network"
    ]
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, hint, default in _NETWORK_PARAMS
    ]

    @functools.wraps(func)
    def command(**kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name, _, _ in _NETWORK_PARAMS}
        func(**kwargs, network=network_overrides(**values))

    command.__annotations__ = {p.name: p.annotation for p in [*own, *extra]}
    setattr(command, "__signature__", signature.replace(parameters=[*own, *extra]))  # noqa: B010
    return command
