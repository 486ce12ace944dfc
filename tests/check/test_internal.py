"""A bug on one entry is one internal-error finding; the other entries are still checked."""

from __future__ import annotations

from collections.abc import Iterator

from refaudit.check import run_checks
from refaudit.check.base import Rule, RuleContext
from refaudit.check.internal import InternalError
from refaudit.model import Finding, Resolution, ResolutionStatus, Severity
from tests.check.factories import make_context, make_reference, run


class _FailsOnSecond(Rule):
    """Test rule.

    What it checks:
    x
    Why it matters:
    x
    Example:
    x
    Fix:
    x
    """

    code = "RA998"
    name = "fails-on-second"
    severity = Severity.WARNING
    summary = "test"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for ref in ctx.document.references:
            if ref.n == 2:
                raise IndexError("tuple index out of range")
            yield self.finding(ctx, "seen", ref.line, reference=ref.n)


class _FailsAlways(_FailsOnSecond):
    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if len(ctx.document.references) > 1:  # fails only when comparing entries
            raise RuntimeError("document-level bug")
        yield from ()


def _refs(count: int) -> list:
    return [make_reference(n, title=f"Title {n}") for n in range(1, count + 1)]


def test_a_rule_failing_on_one_entry_costs_one_finding_and_checks_the_others() -> None:
    findings = run_checks(make_context(_refs(3)), [_FailsOnSecond])
    seen = sorted(f.reference for f in findings if f.rule == "fails-on-second")
    errors = [f for f in findings if f.rule == "internal-error"]
    assert seen == [1, 3]
    assert [f.reference for f in errors] == [2]
    assert "IndexError" in errors[0].message and "fails-on-second" in errors[0].message
    assert errors[0].severity is Severity.ERROR


def test_a_rule_failing_for_the_whole_document_is_one_finding_on_the_document() -> None:
    findings = run_checks(make_context(_refs(2)), [_FailsAlways])
    assert [(f.rule, f.reference) for f in findings] == [("internal-error", None)]
    assert "RuntimeError: document-level bug" in findings[0].message


def test_a_resolution_that_failed_internally_is_reported_once() -> None:
    refs = _refs(2)
    broken = Resolution(
        status=ResolutionStatus.SKIPPED, message="internal error", internal_error="KeyError: 'x'"
    )
    found = run(InternalError, make_context(refs, [None, broken]))
    assert [(f.reference, f.code) for f in found] == [(2, "RA199")]
    assert "KeyError" in found[0].message
