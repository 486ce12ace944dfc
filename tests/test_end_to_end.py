"""The whole pipeline on the example articles, against recorded answers served over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refaudit.cli import main
from tests.clirun import run

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "fixtures" / "articles"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, recorded_services: str) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def check_json(capsys: pytest.CaptureFixture[str], name: str, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(ARTICLES / name), "--format", "json", "--quiet", *extra])
    out, _ = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), json.loads(out)


def findings_of(report: dict, rule: str) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in report["documents"][0]["findings"] if f["rule"] == rule]


def test_every_reference_resolves_to_its_doi(capsys: pytest.CaptureFixture[str]) -> None:
    _, empathy = check_json(capsys, "psychedelic-empathy-compassion.txt")
    _, compassion = check_json(capsys, "psilocybin-self-compassion.txt")
    dois = [
        r["resolution"]["doi"]
        for report in (empathy, compassion)
        for r in report["documents"][0]["references"]
    ]
    assert dois == [
        "10.1093/ijnp/pyx047",
        "10.1080/02791072.2019.1580804",
        "10.1016/s2215-0366(18)30135-4",
        "10.1007/s00213-017-4771-x",
        "10.1038/s41598-019-51974-4",
        "10.1016/j.cub.2016.12.030",
        "10.21203/rs.3.rs-7420529/v1",
        "10.1037/adb0000935",
        "10.1037/cns0000283",
    ]


def test_pokorny_lsd_sentence_is_a_claim_mismatch_suggesting_preller(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, report = check_json(capsys, "psychedelic-empathy-compassion.txt")
    claims = findings_of(report, "claim-mismatch")
    assert [f["reference"] for f in claims] == [1]
    assert "LSD" in claims[0]["message"] and "psilocybin" in claims[0]["message"].lower()
    assert "Preller" in (claims[0]["fix"] or "")


def test_timmermann_incomplete_with_article_number_fix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, report = check_json(capsys, "psychedelic-empathy-compassion.txt")
    incomplete = [f for f in findings_of(report, "incomplete-reference") if f["reference"] == 5]
    assert incomplete and "16324" in (incomplete[0]["fix"] or "")


def test_carhart_harris_online_year_is_no_year_error(capsys: pytest.CaptureFixture[str]) -> None:
    _, report = check_json(capsys, "psychedelic-empathy-compassion.txt")
    years = [f for f in findings_of(report, "year-mismatch") if f["reference"] == 4]
    assert all(f["severity"] == "info" for f in years)


def test_self_compassion_article_has_no_error_and_agin_liebes_year_is_info(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, report = check_json(capsys, "psilocybin-self-compassion.txt")
    findings = report["documents"][0]["findings"]
    assert not [f for f in findings if f["severity"] == "error"]
    years = [f for f in findings_of(report, "year-mismatch") if f["reference"] == 2]
    assert len(years) == 1 and years[0]["severity"] == "info"
    assert "2023" in years[0]["message"] and "2024" in years[0]["message"]
    assert code == 0


def test_second_run_is_served_from_the_cache(capsys: pytest.CaptureFixture[str]) -> None:
    first_code, first = check_json(capsys, "psilocybin-self-compassion.txt")
    second_code, second = check_json(capsys, "psilocybin-self-compassion.txt", "--offline")
    assert first_code == second_code
    assert first["documents"][0]["findings"] == second["documents"][0]["findings"]


def test_unreachable_services_exit_3_after_offline_checks(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFAUDIT_CROSSREF_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("REFAUDIT_DOI_URL", "http://127.0.0.1:9")
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "check",
                str(ARTICLES / "psychedelic-empathy-compassion.txt"),
                "-f",
                "json",
                "--quiet",
                "--timeout",
                "1",
            ]
        )
    out, err = capsys.readouterr()
    assert exit_info.value.code == 3
    report = json.loads(out)
    assert findings_of(report, "incomplete-reference")
    assert err.startswith("error: ")


def test_lookup_by_doi_prints_the_registered_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lookup", "10.1093/ijnp/pyx047", "--quiet")
    assert code == 0
    assert "status: verified" in out
    assert "Effect of Psilocybin on Empathy and Moral Decision-Making" in out


def test_lookup_by_text_finds_the_work_by_search(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "lookup", "Pokorny 2017 Effect of psilocybin on empathy and moral decision-making"
    )
    assert code == 0
    assert "10.1093/ijnp/pyx047" in out


def test_export_bibtex_reads_back_with_every_reference(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import bibtexparser

    target = tmp_path / "refs.bib"
    code, _, _ = run(
        capsys, "export", str(ARTICLES / "psychedelic-empathy-compassion.txt"), "-o", str(target)
    )
    assert code == 0
    library = bibtexparser.parse_string(target.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == 6
    timmermann = next(e for e in library.entries if e.key.startswith("timmermann"))
    assert "16324" in str({f.key: f.value for f in timmermann.fields})


def test_export_then_check_bib_round_trip_is_stable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = tmp_path / "first.bib"
    second = tmp_path / "second.bib"
    run(capsys, "export", str(ARTICLES / "psilocybin-self-compassion.txt"), "-o", str(first))
    code, _, _ = run(capsys, "check", str(first), "--quiet", "-f", "json")
    assert code == 0
    run(capsys, "export", str(first), "-o", str(second))
    assert second.read_bytes() == first.read_bytes()


def test_fix_diff_touches_only_reference_lines_and_write_keeps_a_backup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "article.txt"
    original = (ARTICLES / "psychedelic-empathy-compassion.txt").read_text(encoding="utf-8")
    article.write_text(original, encoding="utf-8")
    code, diff, _ = run(capsys, "fix", str(article))
    assert code == 1  # a change to make, like `ruff format --check`
    changed = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
    ]
    assert changed and all("(20" in line for line in changed if line.strip())
    assert article.read_text(encoding="utf-8") == original
    code, _, _ = run(capsys, "fix", str(article), "--write")
    assert code == 0
    assert (tmp_path / "article.txt.bak").read_text(encoding="utf-8") == original
    fixed = article.read_text(encoding="utf-8")
    assert "Article 16324" in fixed or "16324" in fixed
    prose = [line for line in original.splitlines() if "(20" not in line]
    assert all(line in fixed.splitlines() for line in prose)
    code, out, _ = run(capsys, "check", str(article), "-f", "json", "--quiet")
    report = json.loads(out)
    assert not [
        f
        for f in report["documents"][0]["findings"]
        if f["rule"] in ("incomplete-reference", "missing-doi", "author-mismatch")
    ]
