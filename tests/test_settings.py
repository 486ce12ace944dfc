"""Settings: command line > environment > config file > defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from refaudit.errors import ConfigError
from refaudit.settings import DEFAULT_CROSSREF_URL, find_config, load_settings


def test_defaults_point_at_the_real_services(tmp_path: Path) -> None:
    s = load_settings(start=tmp_path, environ={})
    assert s.crossref_url == DEFAULT_CROSSREF_URL
    assert s.doi_url == "https://doi.org"
    assert s.fail_on == "error"


def test_pyproject_table_is_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refaudit]\nmailto = "a@b.org"\nignore = ["uncited-reference"]\nfail-on = "warning"\n'
    )
    nested = tmp_path / "docs" / "posts"
    nested.mkdir(parents=True)
    article = nested / "a.md"
    article.write_text("x")
    assert find_config(article) == tmp_path / "pyproject.toml"
    s = load_settings(start=article, environ={})
    assert (s.mailto, s.ignore, s.fail_on) == ("a@b.org", ("uncited-reference",), "warning")


def test_pyproject_without_table_is_skipped_for_refaudit_toml_above(tmp_path: Path) -> None:
    (tmp_path / "refaudit.toml").write_text('mailto = "top@b.org"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load_settings(start=inner, environ={}).mailto == "top@b.org"


def test_environment_beats_file_and_command_line_beats_environment(tmp_path: Path) -> None:
    (tmp_path / "refaudit.toml").write_text('mailto = "file@b.org"\ncrossref-url = "http://f"\n')
    env = {"REFAUDIT_MAILTO": "env@b.org", "REFAUDIT_CROSSREF_URL": "http://e"}
    s = load_settings({"crossref_url": "http://cli"}, start=tmp_path, environ=env)
    assert (s.mailto, s.crossref_url) == ("env@b.org", "http://cli")


def test_unknown_setting_in_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "refaudit.toml").write_text("mialto = 'typo'\n")
    with pytest.raises(ConfigError, match="unknown setting `mialto`"):
        load_settings(start=tmp_path, environ={})


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "refaudit.toml").write_text("mailto = \n")
    with pytest.raises(ConfigError, match=r"refaudit\.toml: invalid TOML"):
        load_settings(start=tmp_path, environ={})


def test_per_file_ignores_match_globs(tmp_path: Path) -> None:
    (tmp_path / "refaudit.toml").write_text('[per-file-ignores]\n"drafts/*.md" = ["RA1"]\n')
    s = load_settings(start=tmp_path, environ={})
    assert s.ignores_for("drafts/post.md") == ("RA1",)
    assert s.ignores_for("posts/post.md") == ()


def test_bad_fail_on_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_settings({"fail_on": "sometimes"}, start=tmp_path, environ={})
