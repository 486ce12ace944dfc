"""The sdist carries what its own tests need (the full check is benchmarks/sdist_check.py)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SKIP = shutil.ignore_patterns(
    ".git", ".venv*", "venv", ".ci-venv", "__pycache__", "*.pyc", "*.egg-info", "build", "dist",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", ".refaudit-cache", "out",
)  # fmt: skip


def _can_build() -> bool:
    if importlib.util.find_spec("build") is None or importlib.util.find_spec("setuptools") is None:
        return False
    major = version("setuptools").split(".")[0]
    return major.isdigit() and int(major) >= 68  # what pyproject's build-system asks for


@pytest.mark.skipif(
    not _can_build(), reason="needs build and setuptools>=68 (pip install -e '.[test]')"
)
def test_sdist_holds_the_tests_and_their_data(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=_SKIP)  # nothing is written into the checkout
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--sdist",
            "--no-isolation",
            "--skip-dependency-check",
            "--outdir",
            str(tmp_path),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (sdist,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    tests = {n for n in names if n.startswith("tests/") and n.endswith(".py")}
    fixtures = {n for n in names if n.startswith("fixtures/")}
    assert "tests/export/test_inplace.py" in tests and len(tests) > 20
    assert "fixtures/articles/psychedelic-empathy-compassion.txt" in fixtures
    assert {"fixtures/crossref/README.md", ".ci/run", "benchmarks/xref_standin.py"} <= names
    assert "src/refaudit/data/reference_crf.model" in names
    assert not {n for n in names if "/__pycache__/" in n or n.startswith("benchmarks/out/")}
