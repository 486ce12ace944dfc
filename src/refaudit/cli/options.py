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
from refaudit.settings import SOURCE_URLS, Settings, load_settings

PathsArg = Annotated[
    list[str],
    typer.Argument(help="Files or directories (*.txt, *.md, *.html, *.docx, *.bib); - for stdin."),
]
Mailto = Annotated[str | None, typer.Option("--mailto", help="Address for Crossref's polite pool.")]
CrossrefUrl = Annotated[
    str | None, typer.Option("--crossref-url", help="Crossref REST API base URL.")
]
DoiUrl = Annotated[str | None, typer.Option("--doi-url", help="doi.org base URL.")]
Sources = Annotated[
    str | None,
    typer.Option(
        "--sources",
        help="Sources beyond Crossref to ask: datacite,arxiv,ncbi,openlibrary,openalex,dblp, "
        "all or none (default: all against the real Crossref, none against a stand-in).",
    ),
]
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


def split_values(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


def make_settings(paths: Sequence[str], config: Path | None = None, **overrides: Any) -> Settings:
    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    if config is not None:
        from refaudit.settings import read_config

        if not config.is_file():
            raise ConfigError(f"{config}: no such configuration file")
        overrides = {**read_config(config), **{k: v for k, v in overrides.items() if v}}
    return load_settings(overrides, start=start)


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
    sources: str | None = None,
    **source_urls: str | None,
) -> dict[str, Any]:
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
    ("sources", Sources, None),
    *(
        (
            setting,
            Annotated[
                str | None,
                typer.Option(f"--{name}-url", help=f"{name} base URL (default {default})."),
            ],
            None,
        )
        for name, (setting, default) in SOURCE_URLS.items()
    ),
)


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
