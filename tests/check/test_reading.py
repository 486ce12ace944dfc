from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from refaudit.check.base import RuleContext
from refaudit.check.reading import BibBlockProblem
from refaudit.cli import app
from refaudit.extract.bibtex import read_bib

BROKEN = """@article{ok,
  author = {Smith, Ann},
  title = {Fine},
  year = {2020}
}

@article{broken,
  title = {Oops,
  year = 2020
}

@article{ok2, author = {Lee, Bo}, title = {Two}, year = {2021}}

@article{ok, author = {Roe, Cy}, title = {Three}, year = {2022}}
"""


def test_unreadable_block_and_repeated_key_are_findings_at_their_lines() -> None:
    doc = read_bib("refs.bib", BROKEN)
    findings = list(BibBlockProblem().check(RuleContext(document=doc)))
    assert [(f.code, f.line) for f in findings] == [("RA109", 7), ("RA109", 14)]
    assert "unreadable" in findings[0].message
    assert "duplicate citation key 'ok'" in findings[1].message


def test_check_of_a_broken_bib_reports_the_block_and_fails(tmp_path: Path) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", "--offline", "--select", "RA109", "--format", "json", str(bib)]
    )
    assert result.exit_code == 1, result.output
    assert '"RA109"' in result.output
    assert bib.read_text(encoding="utf-8") == BROKEN
