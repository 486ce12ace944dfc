"""The per-document parse budget: a document past it gets a parse-timeout finding."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from refaudit.audit import audit
from refaudit.extract import read_document
from refaudit.extract.budget import ParseTimeout, budget_for, time_budget
from refaudit.settings import Settings


def long_article(n: int = 3000) -> bytes:
    entries = "\n".join(
        f"{i}. Author{i}, A. ({1990 + i % 30}). Title number {i} of a study. J. Tests, {i}, 1-9."
        for i in range(1, n + 1)
    )
    return f"Some text (Author1, 1991).\n\nReferences\n\n{entries}\n".encode()


def test_a_document_past_its_budget_keeps_its_lines_and_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(long_article())
    start = time.perf_counter()
    doc = read_document(str(path), budget=0.05)
    assert time.perf_counter() - start < 2
    assert doc.parse_timeout == 0.05
    assert doc.references == ()
    result = audit([doc], Settings(offline=True), resolve=False)
    findings = [(f.rule, f.code, f.line) for f in result.findings]
    assert findings == [("parse-timeout", "RA100", 1)]


def test_the_default_budget_grows_with_size_and_parses_articles_whole(tmp_path: Path) -> None:
    assert budget_for(0) >= 10
    assert budget_for(10_000_000) > budget_for(1_000_000) + 20
    path = tmp_path / "long.txt"
    path.write_bytes(long_article(300))
    doc = read_document(str(path))
    assert doc.parse_timeout is None
    assert len(doc.references) == 300


def test_budget_is_not_swallowed_by_a_broad_except() -> None:
    with pytest.raises(ParseTimeout), time_budget(0.02):
        try:
            while True:
                sum(range(1000))
        except Exception:  # the parser's own error handling must not hide the timeout
            pytest.fail("ParseTimeout was caught as an Exception")


def test_budget_restores_a_timer_the_caller_had_set() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGPROF, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_PROF, 5.0)
        with time_budget(1.0):
            sum(range(100_000))
        left, _ = signal.getitimer(signal.ITIMER_PROF)
        assert 3.0 < left <= 5.01
        assert signal.getsignal(signal.SIGPROF) is not None and not fired
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
