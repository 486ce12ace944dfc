"""Reporters: AuditResult -> str, one module per format. `render` picks the module."""

from __future__ import annotations

from collections.abc import Sequence

from refaudit.check.base import Rule
from refaudit.errors import ConfigError
from refaudit.model import AuditResult
from refaudit.report import (
    concise,
    github,
    gitlab,
    jsonlines,
    jsonreport,
    junit,
    markdown,
    sarif,
    terminal,
)

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
    if name == "full":
        return terminal.render(result, width=width, color=color, ascii_only=ascii_only)
    if name == "concise":
        return concise.render(result)
    if name == "json":
        return jsonreport.render(result)
    if name == "json-lines":
        return jsonlines.render(result)
    if name == "sarif":
        return sarif.render(result, rules)
    if name == "github":
        return github.render(result)
    if name == "gitlab":
        return gitlab.render(result)
    if name == "junit":
        return junit.render(result)
    return markdown.render(result)


__all__ = ["ALIASES", "FORMATS", "canonical", "render"]
