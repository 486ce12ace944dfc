"""Heavy libraries are imported where they are used, never by starting the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each is needed by some commands or inputs only (the network, one report format, one input
# format, training, tests); `import refaudit.cli` runs before every command.
NOT_AT_START = (
    "requests",
    "requests_cache",
    "urllib3",
    "tenacity",
    "filelock",
    "rich",
    "pydantic",
    "bibtexparser",
    "pylatexenc",
    "pycrfsuite",
    "pysbd",
    "ftfy",
    "charset_normalizer",
    "docx",
    "pyiso4",
    "rapidfuzz",
    "anyascii",
    "pathspec",
    "citeproc",
    "hypothesis",
    "importlib.metadata",
)


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_starting_the_cli_imports_no_heavy_library(tmp_path: Path) -> None:
    loaded = _modules_after("import refaudit.cli", tmp_path)
    assert "refaudit.cli" in loaded
    assert sorted(loaded.intersection(NOT_AT_START)) == []


@pytest.mark.parametrize(
    ("fmt", "needs", "never"),
    [("json", "refaudit.report.jsonreport", "rich"), ("concise", "refaudit.report.concise", "")],
)
def test_a_report_imports_its_own_format_only(
    tmp_path: Path, fmt: str, needs: str, never: str
) -> None:
    code = (
        "from refaudit.model import AuditResult\n"
        "from refaudit.report import render\n"
        f"render(AuditResult(), {fmt!r}, rules=())"
    )
    loaded = _modules_after(code, tmp_path)
    assert needs in loaded
    others = {"refaudit.report.terminal", "refaudit.report.sarif", "refaudit.report.junit"}
    assert sorted(loaded & others) == []
    if never:
        assert never not in loaded


def test_a_run_the_cache_answers_loads_neither_http_stack_nor_parser(tmp_path: Path) -> None:
    from tests.fakeserver import FIXTURES, FixtureServer

    article = ROOT / "fixtures" / "articles" / "psychedelic-empathy-compassion.txt"
    cache = tmp_path / "cache"
    with FixtureServer(FIXTURES) as server:
        args = [
            "check",
            str(article),
            "--quiet",
            "--fail-on",
            "never",
            "--mailto",
            "t@example.org",
            "--crossref-url",
            server.url,
            "--doi-url",
            server.url,
        ]
        run = f"import os\nos.environ['REFAUDIT_CACHE_DIR'] = {str(cache)!r}\n"
        run += "from refaudit.cli import main\ntry:\n    main(" + repr(args) + ")\n"
        run += "except SystemExit:\n    pass"
        cold = _modules_after(run, tmp_path)
        assert "requests" in cold  # the first run asked the server
        served = server.count()
        warm = _modules_after(run, tmp_path)
        assert server.count() == served  # the second run asked nothing
    assert "refaudit.resolve.http" in warm
    assert sorted(warm & {"requests", "urllib3", "tenacity", "filelock"}) == []
    assert "pycrfsuite" in cold
    assert sorted(warm & {"ftfy", "pycrfsuite", "pysbd", "refaudit.extract.fields"}) == []
