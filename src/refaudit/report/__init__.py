"""Reporters: AuditResult -> str, one module per format. `render` picks the module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from refaudit.errors import ConfigError

if TYPE_CHECKING:
    from refaudit.check.base import Rule
    from refaudit.model import AuditResult

FORMATS = (
    "concise",
    "full",
    "json",
    "json-lines",
    "sarif",
    "github",
    "gitlab",
    "junit",
    "markdown",
)
ALIASES = {"terminal": "full", "jsonl": "json-lines", "codequality": "gitlab"}


def canonical(fmt: str) -> str:
    """The format's own name (`terminal` is the older name of `full`); raises when unknown."""
    name = ALIASES.get(fmt, fmt)
    if name not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
    return name


def render(
    result: AuditResult,
    fmt: str,
    *,
    rules: Sequence[type[Rule]],
    width: int = 100,
    color: bool = False,
    ascii_only: bool = False,
) -> str:
    """The report of `result` in format `fmt`; `rules` (the catalogue) feeds SARIF's metadata."""
    name = canonical(fmt)
    # Only the chosen format's module is imported (the terminal one needs rich, SARIF and
    # JSON the package version): each run pays for its own report only.
    if name == "full":
        from refaudit.report import terminal

        return terminal.render(result, width=width, color=color, ascii_only=ascii_only)
    if name == "concise":
        from refaudit.report import concise

        return concise.render(result)
    if name == "json":
        from refaudit.report import jsonreport

        return jsonreport.render(result)
    if name == "json-lines":
        from refaudit.report import jsonlines

        return jsonlines.render(result)
    if name == "sarif":
        from refaudit.report import sarif

        return sarif.render(result, rules)
    if name == "github":
        from refaudit.report import github

        return github.render(result)
    if name == "gitlab":
        from refaudit.report import gitlab

        return gitlab.render(result)
    if name == "junit":
        from refaudit.report import junit

        return junit.render(result)
    from refaudit.report import markdown

    return markdown.render(result)


__all__ = ["ALIASES", "FORMATS", "canonical", "render"]
