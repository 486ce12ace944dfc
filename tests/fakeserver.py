"""The tests' Crossref + doi.org server: the loopback stand-in over fixtures/crossref."""

from pathlib import Path

from tests.replay import Fault, FixtureServer, Seen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "crossref"

__all__ = ["FIXTURES", "Fault", "FixtureServer", "Seen"]
