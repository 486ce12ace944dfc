"""Frozen Settings: command line > REFAUDIT_* environment > config file > defaults."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from refaudit.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_DOI_URL = "https://doi.org"
# The other sources, each asked only for what Crossref cannot answer (see `source_enabled`).
SOURCE_URLS = {
    "datacite": ("datacite_url", "https://api.datacite.org"),
    "arxiv": ("arxiv_url", "http://export.arxiv.org/api"),
    "ncbi": ("ncbi_url", "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0"),
    "openlibrary": ("openlibrary_url", "https://openlibrary.org"),
    "openalex": ("openalex_url", "https://api.openalex.org"),
    "dblp": ("dblp_url", "https://dblp.org"),
    # Asked only for the abstract of a cited work whose Crossref record has none.
    "europepmc": ("europepmc_url", "https://www.ebi.ac.uk/europepmc/webservices/rest"),
    "pubmed": ("pubmed_url", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"),
}
SOURCES = tuple(SOURCE_URLS)  # Crossref and doi.org are always asked
FAIL_ON = ("error", "warning", "info", "never")
# Folders never walked into unless named on the command line (ruff's default excludes, plus
# the build and environment folders a writing project has).
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "__pycache__",
    "site-packages",
    "build",
    "dist",
    "_build",
    "_site",
    ".quarto",
    "_freeze",
)


def default_cache_dir() -> str:
    from platformdirs import user_cache_dir

    return user_cache_dir("refaudit")


@dataclass(frozen=True, slots=True)
class Settings:
    mailto: str = ""
    crossref_url: str = DEFAULT_CROSSREF_URL
    doi_url: str = DEFAULT_DOI_URL
    datacite_url: str = SOURCE_URLS["datacite"][1]
    arxiv_url: str = SOURCE_URLS["arxiv"][1]
    ncbi_url: str = SOURCE_URLS["ncbi"][1]
    openlibrary_url: str = SOURCE_URLS["openlibrary"][1]
    openalex_url: str = SOURCE_URLS["openalex"][1]
    dblp_url: str = SOURCE_URLS["dblp"][1]
    europepmc_url: str = SOURCE_URLS["europepmc"][1]
    pubmed_url: str = SOURCE_URLS["pubmed"][1]
    # Sources to ask; empty means automatic: all of them against the real Crossref, and only
    # those given a URL of their own when Crossref is a stand-in (a mirror, a test server, a
    # folder of recorded answers), so that a recorded run never mixes in live services.
    sources: tuple[str, ...] = ()
    timeout: float = 30.0  # seconds, connect (at most 10) and read, per request
    max_retry_time: float = 30.0  # seconds of retries for one reference before giving up
    cache_dir: str = field(default_factory=default_cache_dir)
    use_cache: bool = True
    refresh: bool = False
    offline: bool = False
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, selectors)
    fail_on: str = "error"
    quiet: bool = False
    vocabulary: tuple[str, ...] = ()  # extra claim-check vocabulary files
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE  # gitignore-style patterns, replace the default
    extend_exclude: tuple[str, ...] = ()  # added to `exclude`
    respect_gitignore: bool = True
    config_file: str | None = None

    @property
    def root(self) -> Path:
        """The folder patterns are relative to: the configuration file's, else the current one."""
        return Path(self.config_file).parent if self.config_file else Path.cwd()

    def relative(self, path: str) -> str:
        """`path` relative to `root` with `/` separators (as given when it lies outside)."""
        if path == "-" or not path:
            return path
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def ignores_for(self, path: str) -> tuple[str, ...]:
        """`ignore` plus the per-file ignores whose glob matches `path`.

        Globs are relative to the configuration file's folder (like ruff's), whatever the
        current directory; a glob without `/` also matches the file's name alone.
        """
        from fnmatch import fnmatch

        rel = self.relative(path)
        extra: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            glob = pattern.removeprefix("./")
            if fnmatch(rel, glob) or ("/" not in glob and fnmatch(Path(path).name, glob)):
                extra.extend(selectors)
        return (*self.ignore, *extra)

    def source_enabled(self, name: str) -> bool:
        """Whether the source `name` (datacite, arxiv, ncbi, ...) may be asked.

        `sources` lists them (or `all`, `none`); left empty (or `auto`), every source is on
        against the real Crossref, and only those given their own URL when it is a stand-in.
        """
        chosen = {s.lower() for s in self.sources}
        if chosen and "auto" not in chosen:
            return "all" in chosen or name in chosen
        if self.crossref_url == DEFAULT_CROSSREF_URL:
            return True
        setting, default = SOURCE_URLS[name]
        return str(getattr(self, setting)) != default


_ENV = {
    "mailto": "REFAUDIT_MAILTO",
    "crossref_url": "REFAUDIT_CROSSREF_URL",
    "doi_url": "REFAUDIT_DOI_URL",
    **{setting: f"REFAUDIT_{setting.upper()}" for setting, _ in SOURCE_URLS.values()},
    "sources": "REFAUDIT_SOURCES",
    "max_retry_time": "REFAUDIT_MAX_RETRY_TIME",
    "timeout": "REFAUDIT_TIMEOUT",
    "cache_dir": "REFAUDIT_CACHE_DIR",
    "fail_on": "REFAUDIT_FAIL_ON",
    "offline": "REFAUDIT_OFFLINE",
}
_KEYS = {f.name for f in fields(Settings)} - {"config_file"}


def find_config(start: Path) -> Path | None:
    """The nearest refaudit.toml, or pyproject.toml with [tool.refaudit], walking up from start."""
    # realpath, unlike Path.resolve(), never raises on a symlink loop.
    here = Path(os.path.realpath(start))
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "refaudit.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "refaudit" in data.get("tool", {}):
                return pyproject
    return None


def read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("tool", {}).get("refaudit", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.refaudit] must be a table")
    return _coerce(table, str(path))


def _as_tuple(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(s.strip() for s in value.split(",") if s.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: `{key}` must be a list of strings")


def _coerce(table: Mapping[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key == "cache":
            key = "cache_dir"
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown setting `{raw_key}`")
        if key in ("select", "ignore", "vocabulary", "sources", "exclude", "extend_exclude"):
            out[key] = _as_tuple(value, where, raw_key)
        elif key == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: `{raw_key}` must be a table of glob = [selectors]")
            out[key] = tuple((g, _as_tuple(v, where, raw_key)) for g, v in value.items())
        elif key in ("timeout", "max_retry_time"):
            try:
                out[key] = float(value)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"{where}: `{raw_key}` must be a number") from exc
        elif key in ("use_cache", "refresh", "offline", "quiet", "respect_gitignore"):
            if isinstance(value, str):
                value = value.strip().lower() in ("1", "true", "yes", "on")
            out[key] = bool(value)
        else:
            out[key] = str(value)
    choices = (*SOURCES, "all", "none", "auto")
    unknown = [s for s in out.get("sources", ()) if s.lower() not in choices]
    if unknown:
        raise ConfigError(
            f"{where}: unknown source {unknown[0]!r} (choose from {', '.join(SOURCES)}, all, none)"
        )
    if "fail_on" in out and out["fail_on"] not in FAIL_ON:
        raise ConfigError(f"{where}: `fail-on` must be one of {', '.join(FAIL_ON)}")
    return out


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    start: Path | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> Settings:
    """Merge defaults < the config file < the environment < `overrides` (the command line).

    The file is `config_file` when given (`--config`), else the nearest one found from `start`;
    either way it ranks below the environment, as documented.
    """
    env = os.environ if environ is None else environ
    settings = Settings()
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"{config_file}: no such configuration file")
    config = config_file if config_file is not None else find_config(start or Path.cwd())
    if config is not None:
        settings = replace(settings, config_file=str(config), **read_config(config))
    from_env = {k: env[v] for k, v in _ENV.items() if env.get(v)}
    if from_env:
        settings = replace(settings, **_coerce(from_env, "environment"))
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    if given:
        settings = replace(settings, **given)
    if settings.fail_on not in FAIL_ON:
        raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    return settings
