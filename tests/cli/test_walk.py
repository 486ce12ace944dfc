"""Walking a directory: default excludes, exclude / extend-exclude, .gitignore."""

from __future__ import annotations

from pathlib import Path

from refaudit.cli.walk import expand
from refaudit.errors import InputError
from refaudit.settings import Settings, load_settings


def _tree(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n", encoding="utf-8")


def _found(root: Path, settings: Settings) -> list[str]:
    errors: list[InputError] = []
    return sorted(
        Path(p).relative_to(root).as_posix() for p in expand([str(root)], settings, errors)
    )


def test_environments_dependencies_and_build_folders_are_skipped(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        "paper.md",
        ".venv/lib/site-packages/pkg/README.md",
        "venv/notes.txt",
        "node_modules/pkg/README.md",
        "build/html/index.html",
        "dist/a.txt",
        "_build/b.md",
        "chapters/one.md",
    )
    assert _found(tmp_path, Settings(config_file=None)) == ["chapters/one.md", "paper.md"]


def test_gitignore_is_honoured_and_can_be_turned_off(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n*.draft.md\n!keep.draft.md\n")
    _tree(tmp_path, "a.md", "generated/b.md", "c.draft.md", "keep.draft.md", "sub/d.md")
    (tmp_path / "sub" / ".gitignore").write_text("d.md\n")
    assert _found(tmp_path, Settings()) == ["a.md", "keep.draft.md"]
    everything = _found(tmp_path, Settings(respect_gitignore=False))
    assert everything == ["a.md", "c.draft.md", "generated/b.md", "keep.draft.md", "sub/d.md"]


def test_extend_exclude_adds_and_exclude_replaces_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "refaudit.toml").write_text('extend-exclude = ["drafts/", "*.txt"]\n')
    _tree(tmp_path, "a.md", "drafts/b.md", "notes.txt", "build/c.md")
    settings = load_settings(start=tmp_path, environ={})
    assert _found(tmp_path, settings) == ["a.md"]
    (tmp_path / "refaudit.toml").write_text('exclude = ["drafts/"]\n')
    settings = load_settings(start=tmp_path, environ={})
    assert _found(tmp_path, settings) == ["a.md", "build/c.md", "notes.txt"]


def test_a_file_or_folder_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    _tree(tmp_path, "build/c.md", "build/sub/d.md")
    errors: list[InputError] = []
    named = tmp_path / "build" / "c.md"
    assert expand([str(named)], Settings(), errors) == [str(named)]
    found = expand(
        [str(tmp_path / "build")], Settings(config_file=str(tmp_path / "x.toml")), errors
    )
    assert sorted(Path(p).name for p in found) == ["c.md", "d.md"]
