"""Which files a directory argument stands for: `exclude`, `extend-exclude` and `.gitignore`.

A file named on the command line is always read; only what is found by walking a directory is
filtered. Patterns use gitignore syntax (the `pathspec` package) and are relative to the
configuration file's folder, like ruff's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from refaudit.errors import InputError
from refaudit.settings import Settings

if TYPE_CHECKING:
    import pathspec


@lru_cache(maxsize=256)
def _gitignore(folder: str) -> pathspec.GitIgnoreSpec | None:
    import pathspec

    try:
        text = Path(folder, ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(text.splitlines())


def _repository_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _ignored_by_git(path: Path, top: Path, root: Path | None) -> bool:
    """Whether a .gitignore between the repository root (or `top`) and `path` ignores it."""
    base = root if root is not None and root in (top, *top.parents) else top
    folder = path.parent
    chain = [folder, *folder.parents]
    for here in chain[: chain.index(base) + 1] if base in chain else [folder]:
        spec = _gitignore(str(here))
        if spec is not None and spec.match_file(path.relative_to(here).as_posix()):
            return True
    return False


class Excluder:
    """Answers whether a file found under a directory argument is to be skipped."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def spec(self) -> pathspec.GitIgnoreSpec:
        # Built (and pathspec imported) only when a directory is walked.
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(
            [*self.settings.exclude, *self.settings.extend_exclude]
        )

    def excluded(self, path: Path, top: Path) -> bool:
        absolute = Path(os.path.abspath(path))
        top_abs = Path(os.path.abspath(top))
        rel_top = absolute.relative_to(top_abs).as_posix()
        rel_root = self.settings.relative(str(absolute))
        # A directory named on the command line is read even when a pattern covers it.
        named = self.spec.match_file(self.settings.relative(str(top_abs)) + "/")
        if self.spec.match_file(rel_top) or (not named and self.spec.match_file(rel_root)):
            return True
        if self.settings.respect_gitignore:
            return _ignored_by_git(absolute, top_abs, _repository_root(top_abs))
        return False


def expand(paths: Sequence[str], settings: Settings, errors: list[InputError]) -> list[str]:
    """The paths to read: files as given, directories walked with the exclusions applied."""
    from refaudit.extract import expand_paths

    excluder = Excluder(settings)
    out: list[str] = []
    for given in paths:
        if given == "-" or not os.path.isdir(given):
            out.append(given)
            continue
        found = expand_paths([given], errors)
        out.extend(p for p in found if not excluder.excluded(Path(p), Path(given)))
    return out
