"""Reporters: AuditResult -> str, one module per format. `render` picks the module."""

from __future__ import annotations

from collections.abc import Sequence

from refaudit.check.base import Rule
from refaudit.errors import ConfigError
from refaudit.model import AuditResult
from refaudit.report import github, jsonreport, markdown, sarif, terminal

FORMATS = ("terminal", "json", "sarif", "github", "markdown")


def render(
    result: AuditResult,
    fmt: str,
    *,
    rules: Sequence[type[Rule]],
    width: int = 100,
    color: bool = False,
) -> str:
    """The report of `result` in format `fmt`; `rules` (the catalogue) feeds SARIF's metadata."""
    if fmt == "terminal":
        return terminal.render(result, width=width, color=color)
    if fmt == "json":
        return jsonreport.render(result)
    if fmt == "sarif":
        return sarif.render(result, rules)
    if fmt == "github":
        return github.render(result)
    if fmt == "markdown":
        return markdown.render(result)
    raise ConfigError(f"unknown report format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render"]
