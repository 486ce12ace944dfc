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


# Each setting with an environment variable: (key in the file, variable, file value, env value,
# command-line value, attribute, how the attribute reads a value).
LAYERED = [
    ("mailto", "REFAUDIT_MAILTO", "file@x.org", "env@x.org", "cli@x.org", "mailto", str),
    (
        "crossref-url",
        "REFAUDIT_CROSSREF_URL",
        "http://f",
        "http://e",
        "http://c",
        "crossref_url",
        str,
    ),
    ("doi-url", "REFAUDIT_DOI_URL", "http://f", "http://e", "http://c", "doi_url", str),
    ("timeout", "REFAUDIT_TIMEOUT", "1", "2", "3", "timeout", float),
    ("cache-dir", "REFAUDIT_CACHE_DIR", "/f", "/e", "/c", "cache_dir", str),
    ("fail-on", "REFAUDIT_FAIL_ON", "info", "warning", "never", "fail_on", str),
    ("offline", "REFAUDIT_OFFLINE", "false", "true", None, "offline", lambda v: v == "true"),
]


@pytest.mark.parametrize(("key", "var", "file", "env", "cli", "attr", "conv"), LAYERED)
@pytest.mark.parametrize("explicit", [False, True])
def test_precedence_cli_over_env_over_file_over_default(
    tmp_path: Path, key, var, file, env, cli, attr, conv, explicit: bool
) -> None:
    """The same order whether the file is found or named with --config."""
    config = tmp_path / "refaudit.toml"
    value = file if key in ("timeout",) else f'"{file}"'
    if key == "offline":
        value = file
    config.write_text(f"{key} = {value}\n", encoding="utf-8")
    named = config if explicit else None
    from refaudit.settings import Settings

    assert getattr(Settings(), attr) != conv(file) or key == "offline"
    got = load_settings(start=tmp_path, environ={}, config_file=named)
    assert getattr(got, attr) == conv(file)
    got = load_settings(start=tmp_path, environ={var: env}, config_file=named)
    assert getattr(got, attr) == conv(env)
    if cli is not None:
        got = load_settings(
            {attr: conv(cli)}, start=tmp_path, environ={var: env}, config_file=named
        )
        assert getattr(got, attr) == conv(cli)


def test_command_line_config_option_ranks_below_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refaudit.cli.options import make_settings

    config = tmp_path / "elsewhere.toml"
    config.write_text('mailto = "file@x.org"\nfail-on = "info"\n', encoding="utf-8")
    monkeypatch.setenv("REFAUDIT_MAILTO", "env@x.org")
    settings = make_settings([str(tmp_path / "a.md")], config)
    assert settings.mailto == "env@x.org"
    assert settings.fail_on == "info"
    assert make_settings([], config, mailto="cli@x.org").mailto == "cli@x.org"


def test_per_file_ignores_are_relative_to_the_configuration_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "drafts").mkdir(parents=True)
    (project / "refaudit.toml").write_text(
        '[per-file-ignores]\n"drafts/*.md" = ["RA1"]\n', encoding="utf-8"
    )
    article = project / "drafts" / "a.md"
    article.write_text("x", encoding="utf-8")
    for cwd in (tmp_path, project / "drafts", project):
        monkeypatch.chdir(cwd)
        settings = load_settings(start=article, environ={})
        relative = str(Path(article).relative_to(cwd)) if cwd != tmp_path else str(article)
        assert settings.ignores_for(relative) == ("RA1",), cwd
        assert settings.ignores_for(str(project / "a.md")) == ()


def test_exclude_settings_are_read_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "refaudit.toml").write_text(
        'extend-exclude = ["drafts/"]\nrespect-gitignore = false\n', encoding="utf-8"
    )
    settings = load_settings(start=tmp_path, environ={})
    assert settings.extend_exclude == ("drafts/",)
    assert ".venv" in settings.exclude and "node_modules" in settings.exclude
    assert settings.respect_gitignore is False
