"""Faults are not findings: a hung, failing or rate-limiting service ends the run with exit 3,
within twice the configured timeout, with its references reported unchecked."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from refaudit import audit
from refaudit.check import all_rules
from refaudit.cli import main
from tests.fakeserver import FIXTURES, Fault, FixtureServer

ARTICLE = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
TIMEOUT = 3.0
# Rules that judge an entry by its registered record: none may fire for an unchecked entry.
RECORD_RULES = {r.name for r in all_rules() if r.needs_network} - {"resolution-failed"}


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer(FIXTURES) as fake:
        yield fake


def _check(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path, *extra: str
) -> tuple[int, dict[str, object], float]:
    """Exit code, JSON report, and the seconds the resolving took (the machine's load makes
    the parsing before it too variable to time with the rest)."""
    argv = [
        "check",
        str(ARTICLE / "psychedelic-empathy-compassion.txt"),
        "--crossref-url",
        url,
        "--doi-url",
        url,
        "--mailto",
        "tests@example.org",
        "--timeout",
        str(TIMEOUT),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--format",
        "json",
        "--quiet",
        *extra,
    ]
    spent: list[float] = []
    real = audit.resolve_documents

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(time.monotonic() - started)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit, "resolve_documents", timed)
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
    elapsed = sum(spent)
    out, _ = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), json.loads(out), elapsed


def _rules(report: dict[str, object]) -> set[str]:
    docs = report["documents"]
    assert isinstance(docs, list)
    return {f["rule"] for d in docs for f in d["findings"]}


def test_hung_service_exits_3_within_twice_the_timeout(
    server: FixtureServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server.hang = True
    code, report, elapsed = _check(capsys, server.url, tmp_path)
    assert code == 3
    assert elapsed < 2 * TIMEOUT
    assert not _rules(report) & RECORD_RULES


def test_5xx_burst_exits_3_within_twice_the_timeout(
    server: FixtureServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server.always = Fault(503, "Service Unavailable")
    code, report, elapsed = _check(capsys, server.url, tmp_path)
    assert code == 3
    assert elapsed < 2 * TIMEOUT
    assert not _rules(report) & RECORD_RULES


def test_429_storm_exits_3_within_twice_the_timeout(
    server: FixtureServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server.always = Fault(429, "Too Many Requests", headers=(("Retry-After", "60"),))
    code, report, elapsed = _check(capsys, server.url, tmp_path)
    assert code == 3
    assert elapsed < 2 * TIMEOUT
    assert not _rules(report) & RECORD_RULES
    # Retry-After beyond the budget is not waited for, and not hammered either.
    assert server.count() <= 12


def test_short_5xx_burst_is_retried_and_the_run_is_complete(
    server: FixtureServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    work = "/works"  # the article prints no DOI: every entry is searched
    server.fail(work, Fault(503), Fault(502))
    code, report, _ = _check(capsys, server.url, tmp_path, "--fail-on", "never")
    assert code == 0
    assert "resolution-failed" not in _rules(report)
    assert server.count(work) == 6 + 2


def test_one_hung_request_on_a_live_service_is_retried(
    server: FixtureServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    work = "/works"
    server.fail(work, Fault(hang=True))
    code, report, _ = _check(capsys, server.url, tmp_path, "--fail-on", "never")
    assert code == 0
    assert "resolution-failed" not in _rules(report)
    assert server.count(work) == 6 + 1
