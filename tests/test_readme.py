"""README.md starts with the two commands that work on a fresh machine; CI installs the same way."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from refaudit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def first_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None, "README.md must start with a sh code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_starts_with_install_and_run_then_test_command() -> None:
    install, tests = first_commands()[:2]
    assert 'pip install -e ".[test]"' in install
    assert "refaudit check fixtures/articles/" in install
    assert "pytest" in tests


def test_ci_installs_exactly_as_readme_says() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[test]"' in ci
    assert "python -m pytest" in ci


def test_readme_demo_runs_offline_on_the_bundled_article(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    demo = first_commands()[0].split("&&")[-1]
    argv = shlex.split(demo)[1:]  # drop the refaudit executable
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, _ = capsys.readouterr()
    assert exit_info.value.code == 0
    assert "6 references" in out
    assert "claim-mismatch" in out


def test_readme_and_docs_install_the_distribution_that_is_ours() -> None:
    import tomllib

    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert name != "refaudit"  # taken on PyPI by another project
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    readme = texts[0].read_text(encoding="utf-8")
    assert f"pip install {name}" in readme
    assert f"pipx run --spec {name} refaudit" in readme
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"pip install refaudit(?![-\w])", text), path.name
        assert not re.search(r"pipx run refaudit\b", text), path.name
