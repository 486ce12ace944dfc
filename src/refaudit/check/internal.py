"""Rule RA199 and the isolation of failures: a bug on one entry is one finding, the run goes on."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace

from refaudit.check.base import Rule, RuleContext
from refaudit.model import Finding, Reference, Severity

log = logging.getLogger("refaudit")


class InternalError(Rule):
    """An entry that refaudit could not finish checking because of a bug in refaudit.

    What it checks:
    Resolving or checking this entry raised an unexpected error. refaudit went on with every
    other entry and document; for this entry some checks did not run.

    Why it matters:
    The report is incomplete for this entry: the absence of other findings on it proves
    nothing. The run's exit code says so (6).

    Example:
    A registered record with a field in a shape refaudit did not expect.

    Fix:
    Rerun with `REFAUDIT_DEBUG=1` to see the traceback in the log and report it with the
    entry's text; meanwhile check the entry by hand.
    """

    code = "RA199"
    name = "internal-error"
    severity = Severity.ERROR
    summary = "An entry that could not be fully checked because of a bug in refaudit"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref in ctx.document.references:
            res = ctx.resolution(ref)
            if res is not None and res.internal_error:
                yield self.failure(ctx, ref, f"resolving it failed ({res.internal_error})")

    def failure(self, ctx: RuleContext, ref: Reference | None, what: str) -> Finding:
        where = f"entry {ref.n}" if ref is not None else "the document"
        return self.finding(
            ctx,
            f"internal error on {where}: {what}; the report is incomplete here",
            ref.line if ref is not None else (ctx.document.heading_line or 1),
            reference=ref.n if ref is not None else None,
            fix="rerun with REFAUDIT_DEBUG=1 and report the traceback",
        )


def describe(exc: BaseException) -> str:
    """`TypeError: message`, on one line and short."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def run_isolated(rule_cls: type[Rule], ctx: RuleContext) -> list[Finding]:
    """The rule's findings; when it raises, rerun it entry by entry so one entry costs one
    internal-error finding and the other entries are still checked."""
    try:
        return list(rule_cls().check(ctx))
    except Exception as exc:
        log.debug("rule %s failed on %s", rule_cls.name, ctx.document.path, exc_info=True)
        first = exc
    reporter = InternalError()
    findings: list[Finding] = []
    failed = False
    for ref in ctx.document.references:
        alone = replace(ctx, document=replace(ctx.document, references=(ref,)))
        try:
            findings.extend(f for f in rule_cls().check(alone) if f.reference == ref.n)
        except Exception as exc:
            log.debug("rule %s failed on entry %d", rule_cls.name, ref.n, exc_info=True)
            findings.append(reporter.failure(ctx, ref, f"rule {rule_cls.name}: {describe(exc)}"))
            failed = True
    if not failed:  # the failure was not about one entry
        findings.append(reporter.failure(ctx, None, f"rule {rule_cls.name}: {describe(first)}"))
    return findings


def isolated(rules: Sequence[type[Rule]], ctx: RuleContext) -> list[Finding]:
    """Every rule's findings, each rule isolated with `run_isolated`."""
    out: list[Finding] = []
    for rule_cls in rules:
        out.extend(run_isolated(rule_cls, ctx))
    return out


RULES: tuple[type[Rule], ...] = (InternalError,)
