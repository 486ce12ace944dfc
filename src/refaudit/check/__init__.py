"""Pure rules: (document, resolutions) -> findings. The catalogue and rule selection live here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from refaudit.check.base import Rule, RuleContext
from refaudit.errors import ConfigError
from refaudit.model import Finding, IgnoreMarker


def all_rules() -> tuple[type[Rule], ...]:
    """Every rule refaudit knows, in code order."""
    from refaudit.check import (
        citing,
        claims,
        identity,
        integrity,
        internal,
        metadata,
        reading,
        structure,
    )

    rules: list[type[Rule]] = []
    for module in (reading, structure, citing, identity, metadata, integrity, claims, internal):
        rules.extend(module.RULES)
    return tuple(sorted(rules, key=lambda r: r.code))


def _matches(rule: type[Rule], selector: str) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    return rule.name == s.lower() or rule.code.upper().startswith(s.upper())


def validate_selectors(selectors: Iterable[str]) -> None:
    """Raise ConfigError for a selector that names no rule (a typo must not pass silently)."""
    rules = all_rules()
    for s in selectors:
        if not any(_matches(r, s) for r in rules):
            raise ConfigError(
                f"unknown rule selector {s!r}",
                hint="run `refaudit rules` to list codes and names; prefixes and ALL also work",
            )


def select_rules(
    select: Sequence[str] = ("ALL",), ignore: Sequence[str] = ()
) -> tuple[type[Rule], ...]:
    """Rules chosen by `select` minus those matched by `ignore` (codes, names, prefixes, ALL)."""
    validate_selectors([*select, *ignore])
    chosen = [r for r in all_rules() if any(_matches(r, s) for s in select)]
    return tuple(r for r in chosen if not any(_matches(r, s) for s in ignore))


def find_rule(name_or_code: str) -> type[Rule] | None:
    for r in all_rules():
        if name_or_code.lower() in (r.name, r.code.lower()):
            return r
    return None


def _silenced(finding: Finding, markers: Sequence[IgnoreMarker]) -> bool:
    for m in markers:
        if finding.line in (m.line, m.line + 1) and (
            not m.selectors
            or any(
                s.upper() == "ALL"
                or s.lower() == finding.rule
                or finding.code.upper().startswith(s.upper())
                for s in m.selectors
            )
        ):
            return True
    return False


def run_checks(ctx: RuleContext, rules: Sequence[type[Rule]]) -> tuple[Finding, ...]:
    """Run `rules` over the context, a failing rule costing one internal-error finding per
    entry it failed on; drop findings silenced by inline markers; sort by line."""
    from refaudit.check.internal import isolated

    findings = isolated(rules, ctx)
    kept = [f for f in findings if not _silenced(f, ctx.document.ignores)]
    return tuple(sorted(kept, key=lambda f: (f.line, f.reference or 0, f.code)))


__all__ = ["Rule", "RuleContext", "all_rules", "find_rule", "run_checks", "select_rules"]
