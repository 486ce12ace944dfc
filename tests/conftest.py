"""Suite-wide fixtures.

The services' published rate limits (one Crossref search a second without a mailto) are what
refaudit must keep to against the real services, but against the suite's loopback servers they
only make the tests wait: most of the suite's wall time was spent sleeping in the rate limiter.
Every test therefore runs with the request *rates* raised (the in-flight limits are kept), except
tests marked ``real_limits``, which check the limits themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from refaudit.resolve import limits
from tests.fakeserver import FixtureServer

ROOT = Path(__file__).resolve().parents[1]

FAST_RATE = 1000.0  # requests per second against a loopback server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "real_limits: run with the services' published request rates"
    )


@pytest.fixture(autouse=True)
def _fast_loopback_rates(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("real_limits"):
        yield
        return
    saved = {
        id(table): dict(table)
        for table in (limits.POLITE_LIMITS, limits.PUBLIC_LIMITS, limits.OTHER_LIMITS)
    }
    for table in (limits.POLITE_LIMITS, limits.PUBLIC_LIMITS, limits.OTHER_LIMITS):
        for pool, value in table.items():
            table[pool] = limits.Limits(FAST_RATE, value.concurrency)
    try:
        yield
    finally:
        for table in (limits.POLITE_LIMITS, limits.PUBLIC_LIMITS, limits.OTHER_LIMITS):
            table.clear()
            table.update(saved[id(table)])


@pytest.fixture(scope="session")
def recorded_url() -> Iterator[str]:
    """A loopback server answering from the recorded Crossref and doi.org responses."""
    server = FixtureServer(ROOT / "fixtures" / "crossref")
    url = server.start()
    yield url
    server.stop()


@pytest.fixture
def recorded_services(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, recorded_url: str) -> str:
    """A fresh cache, and Crossref and doi.org pointed at the recorded responses."""
    monkeypatch.setenv("REFAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REFAUDIT_CROSSREF_URL", recorded_url)
    monkeypatch.setenv("REFAUDIT_DOI_URL", recorded_url)
    return recorded_url
