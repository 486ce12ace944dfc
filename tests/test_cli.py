"""The command line: exit codes, one-line errors, outputs written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import run

ROOT = Path(__file__).resolve().parents[1]
EMPATHY = ROOT / "fixtures" / "articles" / "psychedelic-empathy-compassion.txt"
SELF_COMPASSION = ROOT / "fixtures" / "articles" / "psilocybin-self-compassion.txt"

ISSUE_RULES = (
    "no-reference-list",
    "unparsed-reference",
    "incomplete-reference",
    "duplicate-reference",
    "uncited-reference",
    "missing-reference",
    "citation-year-mismatch",
    "invalid-doi",
    "unknown-doi",
    "wrong-doi",
    "not-found",
    "missing-doi",
    "title-mismatch",
    "author-mismatch",
    "year-mismatch",
    "venue-mismatch",
    "locator-mismatch",
    "retracted-work",
    "editorial-notice",
    "preprint-has-publication",
    "claim-mismatch",
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REFAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REFAUDIT_CROSSREF_URL", raising=False)
    monkeypatch.delenv("REFAUDIT_DOI_URL", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def test_rules_lists_every_rule_the_issues_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for name in ISSUE_RULES:
        assert f" {name} " in out


def test_rule_prints_its_documentation_sections(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rule", "title-mismatch")
    assert code == 0
    for section in ("What it checks:", "Why it matters:", "Example:", "Fix:"):
        assert section in out


def test_unknown_rule_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rule", "no-such-rule")
    assert code == 2
    assert err.startswith("error: unknown rule 'no-such-rule'")


def test_missing_file_is_one_line_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "does-not-exist.md", "--offline")
    assert code == 2
    assert out == ""
    assert err.splitlines()[0].startswith("error: does-not-exist.md")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b"\x00\x01\x02\xff\xfe\x00binary\x00" * 50, "binary")],
)
def test_empty_and_binary_inputs_are_input_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, _, err = run(capsys, "check", str(path), "--offline")
    assert code == 2
    assert str(path) in err.splitlines()[0]
    assert problem in err.splitlines()[0]


def test_unknown_selector_is_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(EMPATHY), "--offline", "--select", "RA999")
    assert code == 2
    assert "unknown rule selector 'RA999'" in err


def test_offline_check_reports_structure_findings_as_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "check", str(EMPATHY), "--offline", "--format", "json")
    report = json.loads(out)
    assert report["schema_version"] == 1
    doc = report["documents"][0]
    assert len(doc["references"]) == 6
    rules = {(f["rule"], f.get("reference")) for f in doc["findings"]}
    assert ("incomplete-reference", 5) in rules
    assert {n for r, n in rules if r == "uncited-reference"} == {4, 5, 6}
    # incomplete-reference is a warning by default, uncited an info or warning: no error, exit 0
    assert code in (0, 1)
    assert code == (1 if any(f["severity"] == "error" for f in doc["findings"]) else 0)


def test_fail_on_never_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(
        capsys, "check", str(EMPATHY), "--offline", "--fail-on", "never", "--format", "json"
    )
    assert code == 0


def test_fail_on_info_fails_on_uncited_entries(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "check", str(EMPATHY), "--offline", "--fail-on", "info", "-f", "json")
    assert code == 1


def test_output_file_is_written_and_input_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = EMPATHY.read_bytes()
    target = tmp_path / "report.sarif"
    run(capsys, "check", str(EMPATHY), "--offline", "-f", "sarif", "-o", str(target))
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert EMPATHY.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_into_missing_folder_is_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "check", str(EMPATHY), "--offline", "-o", str(tmp_path / "no" / "r.json")
    )
    assert code == 2
    assert err.startswith("error: ")


def test_parse_entries_prints_one_json_object_per_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text(
        "Smith, J. (2020). A study of things. Journal of Stuff, 3(2), 10-20.\n\n"
        "Doe J, Roe R. Another title. Nature. 2019;5:1-9. doi:10.1000/xyz123\n"
    )
    code, out, _ = run(capsys, "parse", "--entries", str(refs))
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in records] == [1, 3]
    assert records[0]["parsed"]["year"] == 2020
    assert records[1]["parsed"]["doi"] == "10.1000/xyz123"


def test_parse_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SELF_COMPASSION.read_bytes())))
    code, out, _ = run(capsys, "parse", "-")
    assert code == 0
    doc = json.loads(out)["documents"][0]
    assert doc["path"] == "-"
    assert [r["parsed"]["doi"] for r in doc["references"]] == [
        "10.21203/rs.3.rs-7420529/v1",
        "10.1037/adb0000935",
        "10.1037/cns0000283",
    ]


def test_docs_rules_page_is_the_generated_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "markdown")
    assert code == 0
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == out


def test_a_bad_file_in_a_folder_is_reported_and_the_others_still_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_text(EMPATHY.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary\x00" * 100)
    code, out, err = run(capsys, "check", str(tmp_path), "--offline", "-f", "json")
    assert code == 5  # some inputs skipped
    assert [d["path"].endswith("good.txt") for d in json.loads(out)["documents"]] == [True]
    assert err.startswith(f"error: {tmp_path / 'bad.txt'}: not a text document")


def test_inline_marker_silences_a_finding_on_the_next_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = EMPATHY.read_text(encoding="utf-8").splitlines()
    timmermann = next(i for i, line in enumerate(lines) if "Timmermann" in line)
    lines.insert(timmermann, "refaudit: ignore[incomplete-reference]")
    article = tmp_path / "article.txt"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(article), "--offline", "-f", "json")
    rules = [f["rule"] for f in json.loads(out)["documents"][0]["findings"]]
    assert "incomplete-reference" not in rules
    assert "uncited-reference" in rules


def test_config_file_ignores_and_fail_on_apply(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refaudit]\nfail-on = "warning"\n'
        '[tool.refaudit.per-file-ignores]\n"*.txt" = ["uncited-reference"]\n',
        encoding="utf-8",
    )
    article = tmp_path / "article.txt"
    article.write_text(EMPATHY.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(article), "--offline", "-f", "json")
    rules = {f["rule"] for f in json.loads(out)["documents"][0]["findings"]}
    assert "uncited-reference" not in rules
    assert "incomplete-reference" in rules
    assert code == 1  # a warning fails the run under fail-on = "warning"
