"""Identifiers are data, never syntax: a hostile DOI reaches no other path of the service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refaudit.cli import main
from tests.fakeserver import FixtureServer

ENTRIES = (
    "Smith, J. (2020). A study of path traversal in reference lists. Journal of Odd Tests, "
    "1(2), 3-4. doi:10.1234/../../__stats",
    "Jones, K. (2021). Query strings hidden in identifiers of references. Journal of Odd "
    "Tests, 2(1), 5-6. https://doi.org/10.1234/?a=b",
    "Brown, L. (2019). Encoded slashes in identifiers of references. Journal of Odd Tests, "
    "3(1), 7-8. doi:10.1234/%2E%2E/%2E%2E/__stats",
)


def test_hostile_dois_get_invalid_doi_and_reach_no_other_path(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.md"
    lines = ["# A note", "", "Text (Smith, 2020; Jones, 2021; Brown, 2019).", "", "## References"]
    article.write_text("\n".join([*lines, "", *(f"{e}\n" for e in ENTRIES)]), encoding="utf-8")
    argv = ["check", str(article), "--crossref-url", server.url, "--doi-url", server.url]
    argv += ["--cache-dir", str(tmp_path / "cache"), "--format", "json", "--quiet"]
    with pytest.raises(SystemExit):
        main(argv)
    report = json.loads(capsys.readouterr().out)
    invalid = [f for f in report["documents"][0]["findings"] if f["rule"] == "invalid-doi"]
    assert len(invalid) == len(ENTRIES)
    paths = [s.path for s in server.seen]
    assert all(p == "/works" for p in paths)  # searches only: no DOI was requested
    for seen in server.seen:
        assert "__stats" not in seen.path and "a=b" not in seen.path
        assert set(seen.query) <= {"query.bibliographic", "rows", "mailto", "filter", "select"}


def test_a_valid_doi_with_url_characters_is_one_path_segment(
    server: FixtureServer, make_settings
) -> None:
    from refaudit.resolve import Resolver

    doi = "10.1002/(sici)1097-4636(199908)46:2<236::aid-jbm13>3.0.co;2-n"
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        resolver.lookup(doi)
    for seen in server.seen:
        head, _, rest = seen.path.lstrip("/").rpartition("/")
        assert head in ("works", "api/handles", "doiRA", "") and "/" not in rest
