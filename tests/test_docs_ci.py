"""docs/ci.md's recipes and .pre-commit-hooks.yaml: valid YAML, clean shell, the right files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")


def yaml_blocks() -> list[Any]:
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", CI_DOC, re.S)]


def github_workflow() -> dict[str, Any]:
    return next(b for b in yaml_blocks() if isinstance(b, dict) and "jobs" in b)


def gitlab_job() -> dict[str, Any]:
    return next(b for b in yaml_blocks() if isinstance(b, dict) and "refaudit" in b)["refaudit"]


def shell_scripts() -> list[str]:
    """Every shell fragment of both recipes, as one script each (GitHub `${{ }}` left out)."""
    steps = github_workflow()["jobs"]["refaudit"]["steps"]
    scripts = [s["run"] for s in steps if "run" in s]
    scripts.append("\n".join(gitlab_job()["script"]))
    for script in scripts:
        assert "${{" not in script, "expressions go through env:, not into the script"
    return scripts


def test_both_recipes_install_the_package_name_that_is_ours() -> None:
    scripts = "\n".join(shell_scripts())
    assert re.search(r"pip install refaudit-cli\b", scripts)
    assert not re.search(r"pip install refaudit(\s|$)", CI_DOC)


def test_sarif_upload_is_skipped_when_no_file_was_written() -> None:
    upload = next(
        s
        for s in github_workflow()["jobs"]["refaudit"]["steps"]
        if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert "hashFiles('refaudit.sarif') != ''" in upload["if"]
    assert upload["with"]["sarif_file"] == "refaudit.sarif"


def test_cache_path_is_the_folder_refaudit_is_told_to_use() -> None:
    steps = github_workflow()["jobs"]["refaudit"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    audit = next(s for s in steps if "refaudit check" in s.get("run", ""))
    assert cache["with"]["path"] == audit["env"]["REFAUDIT_CACHE_DIR"]
    job = gitlab_job()
    assert job["variables"]["REFAUDIT_CACHE_DIR"].endswith(job["cache"]["paths"][0].rstrip("/"))
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"


def test_recipe_shell_lines_are_clean_under_shellcheck(tmp_path: Path) -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    for n, script in enumerate(shell_scripts()):
        path = tmp_path / f"step{n}.sh"
        path.write_text("#!/bin/bash\nset -e\n" + script + "\n", encoding="utf-8")
        done = subprocess.run(
            ["shellcheck", "--severity=style", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout


def test_pre_commit_hooks_only_take_the_formats_refaudit_reads() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks
    for hook in hooks:
        tags = set(hook["types_or"])
        assert "text" not in tags, "`text` matches .py and .json files too"
        assert tags == {"markdown", "plain-text", "html", "bib"}
        assert hook["entry"].startswith("refaudit check")
