"""The orchestrator: each document's checks run under its time budget."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from refaudit import audit as audit_module
from refaudit.audit import check_document
from refaudit.check.base import Rule, RuleContext
from refaudit.check.reading import ParseTimeout
from refaudit.check.structure import RULES as STRUCTURE
from refaudit.extract import budget as budget_module
from refaudit.extract import build_document
from refaudit.model import Finding, Severity
from refaudit.settings import Settings


class Endless(Rule):
    """A rule that never ends on a hostile document (a stand-in for a quadratic check).

    What it checks:
    Nothing; it spins.

    Why it matters:
    It stands for any check that a document's shape makes run for ever.

    Example:
    Any document.

    Fix:
    None.
    """

    code = "RA998"
    name = "endless"
    severity = Severity.INFO
    summary = "Spins"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        end = time.process_time() + 30
        while time.process_time() < end:
            pass
        yield self.finding(ctx, "never reached", 1)


def test_a_document_whose_checks_pass_the_budget_gets_a_parse_timeout_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(budget_module, "budget_for", lambda size: 0.2)
    lines = ["Text [1].", "", "References", "", "1. Smith, J. (2020). A title. J. Tests, 4, 1-9."]
    hostile = build_document("hostile.txt", "text", lines)
    start = time.process_time()
    result = check_document(hostile, (None,), [ParseTimeout, Endless], Settings(), True)
    assert time.process_time() - start < 5
    assert [f.rule for f in result.findings] == ["parse-timeout"]
    assert result.document.parse_timeout == 0.2
    assert result.document.references == hostile.references  # reported, not lost
    # The next document of the run is checked as usual.
    plain = build_document("plain.txt", "text", lines)
    rules = [ParseTimeout, *STRUCTURE]
    checked = audit_module.check_document(plain, (None,), rules, Settings(), True)
    assert "parse-timeout" not in [f.rule for f in checked.findings]
