"""Does the sdist stand alone? Build it, install it in a fresh venv, run its own tests there.

    .venv/bin/python benchmarks/sdist_check.py [--keep] [-- PYTEST-ARGS...]

1. `python -m build --sdist` from a copy of the project (so nothing is written into the
   checkout; the copy holds only what git tracks, or the whole tree without caches);
2. a fresh virtual environment in a temporary folder, `pip install "<sdist>[test]"`;
3. the sdist unpacked into that temporary folder, with no `../shared` beside it, and its own
   tests run there against the installed package (`python -m pytest`).

Prints the sdist's size and file count, the pytest summary line and the times of each step;
exit status 0 only when every step succeeded. Needs the package index pip already uses.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SKIP = shutil.ignore_patterns(
    ".git", ".venv", "venv", ".ci-venv", "__pycache__", "*.pyc", "*.egg-info", "build", "dist",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", ".refaudit-cache", "out",
)  # fmt: skip


def _run(cmd: list[str], cwd: Path, log: Path) -> tuple[int, float]:
    start = time.perf_counter()
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(cmd)}  (in {cwd})\n")
        out.flush()
        code = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode
    return code, time.perf_counter() - start


def _copy_project(dest: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if tracked.returncode == 0 and tracked.stdout:
        for name in filter(None, tracked.stdout.split("\0")):
            src = ROOT / name
            if src.is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / name)
    else:
        shutil.copytree(ROOT, dest, ignore=_SKIP, dirs_exist_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="refaudit-sdist-"))
    log = tmp / "log.txt"
    times: dict[str, float] = {}
    try:
        project = tmp / "project"
        project.mkdir()
        _copy_project(project)
        code, times["build"] = _run(
            [sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp / "dist")], project, log
        )
        sdists = sorted((tmp / "dist").glob("*.tar.gz")) if code == 0 else []
        if not sdists:
            print(f"FAIL: build --sdist (log: {log})")
            return 1
        sdist = sdists[0]
        with tarfile.open(sdist) as tar:
            names = tar.getnames()
            work = tmp / "unpacked"
            tar.extractall(work, filter="data")
        top = work / names[0].split("/")[0]
        print(f"sdist {sdist.name}: {sdist.stat().st_size / 1024:.0f} KiB, {len(names)} members")
        env_dir = tmp / "venv"
        start = time.perf_counter()
        venv.create(env_dir, with_pip=True)
        times["venv"] = time.perf_counter() - start
        py = env_dir / "bin" / "python"
        code, times["install"] = _run(
            [str(py), "-m", "pip", "install", "-q", f"{sdist}[test]"], tmp, log
        )
        if code != 0:
            print(f"FAIL: pip install the sdist (log: {log})")
            return 1
        shared = top.parent / "shared"
        assert not shared.exists(), "the unpacked sdist must have no ../shared beside it"
        cmd = [str(py), "-m", "pytest", "-p", "no:cacheprovider", *args.pytest_args]
        code, times["tests"] = _run(cmd, top, log)
        lines = log.read_text(encoding="utf-8").splitlines()
        done = re.compile(r"\b\d+ (?:passed|failed|errors?)\b")
        summary = next((ln for ln in reversed(lines) if done.search(ln)), "?")
        print(f"tests of the sdist, run in {top} against the installed package: {summary.strip()}")
        print("times: " + ", ".join(f"{k} {v:.0f} s" for k, v in times.items()))
        if code != 0:
            print(f"FAIL: the sdist's tests (log: {log})")
            return 1
        print("OK: the sdist builds, installs and passes its own tests without ../shared")
        return 0
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
