"""A bad input in a batch is one `error:` line and a `skipped` entry; the others are reported."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.clirun import run

ARTICLE = (
    "Empathy grows with practice (Smith, 2020), as shown before [2].\n\n"
    "References\n\n"
    "1. Smith, J. (2020). Practice and empathy. Journal of Tests, 4(2), 10-20.\n"
    "2. Doe, A., & Roe, B. (2019). A second study of things. Science Letters, 7, 1-9.\n"
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REFAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REFAUDIT_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)


def good_files(folder: Path, n: int) -> list[str]:
    names = []
    for i in range(n):
        path = folder / f"good{i:02d}.md"
        path.write_text(ARTICLE, encoding="utf-8")
        names.append(str(path))
    return names


def symlink_loop(folder: Path) -> str:
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    return str(folder / "a.txt")


def reported(out: str) -> list[str]:
    return [d["path"] for d in json.loads(out)["documents"]]


@pytest.mark.parametrize("command", [["parse"], ["check", "--offline", "-f", "json"]])
def test_symlink_loop_is_one_error_line_and_the_others_are_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    good = good_files(tmp_path, 2)
    loop = symlink_loop(tmp_path)
    code, out, err = run(capsys, *command, good[0], loop, good[1])
    assert code == 5
    assert reported(out) == [good[0], good[1]]
    assert f"error: {loop}: symbolic link loop" in err.splitlines()
    assert "Traceback" not in err and "internal error" not in err
    skipped = json.loads(out)["summary"]["skipped"]
    assert skipped == [{"path": loop, "message": f"{loop}: symbolic link loop"}]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("binary.txt", bytes(range(256)) * 40),
        ("pdf.md", b"%PDF-1.4\n" + bytes(range(256)) * 20),
        ("zeros.md", b"\0" * 4000),
        ("empty.txt", b""),
        ("corrupt.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_one_unreadable_file_among_many_loses_no_other_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes
) -> None:
    good = good_files(tmp_path, 12)
    bad = tmp_path / name
    bad.write_bytes(data)
    inputs = [*good[:6], str(bad), *good[6:]]
    for command in (["parse"], ["check", "--offline", "-f", "json"]):
        code, out, err = run(capsys, *command, *inputs)
        assert code == 5, command
        assert reported(out) == good
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and errors[0].startswith(f"error: {bad}: ")


def test_export_skips_an_unreadable_input_and_exports_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = good_files(tmp_path, 2)
    loop = symlink_loop(tmp_path)
    code, out, err = run(capsys, "export", good[0], loop, good[1], "--offline", "--to", "csl-json")
    assert code == 5
    assert len(json.loads(out)) == 4  # two entries from each readable file
    assert f"error: {loop}: symbolic link loop" in err


def test_nothing_readable_exits_2_naming_every_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    loop = symlink_loop(tmp_path)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "parse", loop, str(empty))
    assert code == 2
    assert out == ""
    assert f"error: {loop}: symbolic link loop" in err
    assert f"error: {empty}: empty file" in err


def test_a_fifo_is_refused_instead_of_blocking(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = good_files(tmp_path, 1)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "parse", str(fifo), good[0])
    assert code == 5
    assert reported(out) == good
    assert f"error: {fifo}: not a regular file" in err


def test_a_folder_with_a_symlink_loop_inside_reads_the_other_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    good = good_files(folder, 2)
    symlink_loop(folder)
    (folder / "dangling.md").symlink_to("nowhere.md")
    code, out, _ = run(capsys, "check", str(folder), "--offline", "-f", "json")
    assert code == 0
    assert reported(out) == good


def test_a_text_with_a_few_stray_nul_bytes_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "nul.md"
    data = ARTICLE.encode()
    path.write_bytes(data[:40] + b"\0" + data[40:120] + b"\0" + data[120:])
    code, out, _ = run(capsys, "parse", str(path))
    assert code == 0
    assert len(json.loads(out)["documents"][0]["references"]) == 2


def test_terminal_report_says_which_inputs_were_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = good_files(tmp_path, 1)
    loop = symlink_loop(tmp_path)
    code, out, _ = run(capsys, "check", "--offline", good[0], loop)
    assert code == 5
    assert f"skipped {loop}: symbolic link loop" in out
