"""Command-line conventions shared with ruff, pip-audit and mypy: -V, --color, formats, -, umask."""

from __future__ import annotations

import io
import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from refaudit.cli import main
from refaudit.cli.output import make_progress, use_color
from refaudit.settings import Settings
from tests.clirun import run

ROOT = Path(__file__).resolve().parents[2]
EMPATHY = ROOT / "fixtures" / "articles" / "psychedelic-empathy-compassion.txt"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, recorded_services: str) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def test_short_and_long_version_print_the_package_metadata_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from importlib.metadata import version

    for flag in ("-V", "--version"):
        code, out, _ = run(capsys, flag)
        assert code == 0
        assert out.strip() == f"refaudit {version('refaudit-cli')}"


def test_help_names_metavars_and_shows_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0
    assert "list[str]" not in out and "<list" not in out
    flat = " ".join(out.split())
    for default in ("default: (error)", "default: (ALL)", "default: full", "default: auto"):
        assert default in flat, default
    assert "(env REFAUDIT_MAILTO)" in flat
    assert f"REFAUDIT_TIMEOUT). [default: ({Settings().timeout:g})]" in flat  # not a stale copy
    assert "--output-format" in flat and "--statistics" in flat and "--stdin-filename" in flat


def test_color_choice_then_no_color_then_force_color(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    assert use_color("always", io.StringIO()) is True
    assert use_color("never", tty) is False
    monkeypatch.setenv("TERM", "xterm")
    assert use_color("auto", tty) is True
    assert use_color("auto", io.StringIO()) is False
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_color("auto", io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", tty) is False
    assert use_color("always", io.StringIO()) is True


def test_color_always_colours_the_report_even_into_a_pipe(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, plain, _ = run(capsys, "check", str(EMPATHY), "--quiet", "--color", "never")
    _, coloured, _ = run(capsys, "check", str(EMPATHY), "--quiet", "--color", "always")
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured
    code, _, err = run(capsys, "check", str(EMPATHY), "--color", "sometimes")
    assert code == 2 and "--color" in err


def test_progress_bar_counts_one_step_per_reference() -> None:
    from rich.console import Console

    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    bar, update = make_progress(console, 4)
    with bar:
        for done in (1, 2, 3, 4):  # the resolver passes a running count
            update(done)
            assert bar.tasks[0].completed == done
    assert bar.tasks[0].total == 4


def test_progress_is_hidden_when_stderr_is_no_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "check", str(EMPATHY))
    assert "Resolving" not in err


def test_a_terminal_that_cannot_encode_gets_ascii_not_a_crash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    monkeypatch.setattr("sys.stdout", stream)
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(EMPATHY), "--quiet", "--fail-on", "never"])
    stream.flush()
    assert exit_info.value.code == 0
    text = raw.getvalue().decode("ascii")
    assert "references" in text


@pytest.mark.parametrize(
    "fmt", ["concise", "full", "terminal", "json", "json-lines", "gitlab", "junit", "markdown"]
)
def test_output_format_and_its_short_name(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, long_out, _ = run(
        capsys, "check", str(EMPATHY), "--quiet", "--output-format", fmt, "--fail-on", "info"
    )
    _, short_out, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", fmt, "--fail-on", "info")
    assert code == 1
    assert long_out == short_out and long_out.strip()


def test_concise_is_one_line_per_finding(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", "concise")
    _, report, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", "json")
    findings = json.loads(report)["documents"][0]["findings"]
    lines = out.splitlines()
    assert len(lines) == len(findings) + 1
    assert all(line.startswith(f"{EMPATHY}:") for line in lines[:-1])
    assert lines[-1] == f"Found {len(findings)} findings."


def test_json_lines_and_junit_and_gitlab_read_back(capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", "json")
    count = len(json.loads(report)["documents"][0]["findings"])
    _, lines, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", "json-lines")
    records = [json.loads(line) for line in lines.splitlines()]
    assert len(records) == count and all(r["path"] == str(EMPATHY) for r in records)
    _, xml, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", "junit")
    suites = ET.fromstring(xml)
    assert suites.tag == "testsuites"
    assert int(suites.get("tests", "0")) == count
    _, gitlab, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", "gitlab")
    issues = json.loads(gitlab)
    assert len(issues) == count
    assert len({i["fingerprint"] for i in issues}) == count


def test_statistics_counts_findings_per_rule(capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", "json")
    findings = json.loads(report)["documents"][0]["findings"]
    code, out, _ = run(
        capsys, "check", str(EMPATHY), "--quiet", "--statistics", "--fail-on", "info"
    )
    assert code == 1
    rows = [line.split("\t") for line in out.splitlines()[:-1]]
    assert sum(int(r[0]) for r in rows) == len(findings)
    assert {r[2] for r in rows} == {f["rule"] for f in findings}


def test_dash_output_is_stdout_not_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", str(EMPATHY), "--quiet", "-f", "json", "-o", "-")
    assert code == 0 and json.loads(out)["documents"]
    assert not (tmp_path / "-").exists()


def test_parse_entries_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = "Smith, J. (2020). A study of things. Journal of Stuff, 1(2), 3-4.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(entry.encode("utf-8"))))
    with pytest.raises(SystemExit) as exit_info:
        main(["parse", "--entries", "-"])
    out, _ = capsys.readouterr()
    assert exit_info.value.code in (0, None)
    assert json.loads(out)["parsed"]["year"] == 2020


def test_stdin_filename_names_the_document(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = EMPATHY.read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    name = "content/posts/empathy.txt"
    code, out, _ = run(capsys, "check", "-", "--quiet", "-f", "json", "--stdin-filename", name)
    assert code == 0
    assert json.loads(out)["documents"][0]["path"] == name


def test_new_files_get_the_users_umask(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "report.json"
        run(capsys, "check", str(EMPATHY), "--quiet", "-f", "json", "-o", str(target))
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_rules_all_prints_every_rule_with_its_example(capsys: pytest.CaptureFixture[str]) -> None:
    from refaudit.check import all_rules

    code, out, _ = run(capsys, "rules", "--all")
    assert code == 0
    assert out.count("Example:") == len(all_rules())
    for rule in all_rules():
        assert rule.name in out


def test_lookup_of_a_retracted_doi_says_retracted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", "10.5555/retracted.2020", "--quiet")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("status: retracted")
    assert "notice: RETRACTED: notice 10.5555/retraction.2021" in out
    code, out, _ = run(capsys, "lookup", "10.5555/retracted.2020", "-f", "json")
    assert json.loads(out)["editorial_status"][0].startswith("RETRACTED")


def test_verbose_logs_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    root = logging.getLogger()
    before = list(root.handlers)
    try:
        code, _, _ = run(capsys, "lookup", "10.1093/ijnp/pyx047", "-vv")
        assert code == 0
        assert root.level == logging.DEBUG
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
        root.setLevel(logging.WARNING)
