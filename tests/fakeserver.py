"""The tests' Crossref + doi.org server: refaudit's own replay server over fixtures/crossref."""

from pathlib import Path

from refaudit.resolve.replay import Fault, FixtureServer, Seen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "crossref"

__all__ = ["FIXTURES", "Fault", "FixtureServer", "Seen"]
