"""Parsed documents kept in the cache: reused for the same bytes and code, else parsed again."""

from __future__ import annotations

from pathlib import Path

import pytest

from refaudit.extract import read_document, stored

ARTICLE = """# A short article

Compassion grows with practice (Smith, 2020).

## References

Smith, J. (2020). Practising compassion. Journal of Kindness, 3(2), 10-20.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_kept_document_equals_a_fresh_parse(article: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = read_document(str(article), keep=cache)
    again = read_document(str(article), keep=cache)
    assert again == first == read_document(str(article))
    assert len(first.references) == 1


def test_an_unchanged_document_is_not_parsed_again(
    article: Path, tmp_path: Path, monkeypatch
) -> None:
    cache = tmp_path / "cache"
    read_document(str(article), keep=cache)

    def no_parse(*args: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr("refaudit.extract._read_new", no_parse)
    assert read_document(str(article), keep=cache).references


def test_a_changed_document_is_parsed_again(article: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    read_document(str(article), keep=cache)
    article.write_text(ARTICLE.replace("2020", "2021"), encoding="utf-8")
    assert read_document(str(article), keep=cache).references[0].fields.year == 2021


def test_a_changed_parser_parses_again(article: Path, tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    read_document(str(article), keep=cache)
    monkeypatch.setattr(stored, "code_fingerprint", lambda: "another refaudit")
    data = article.read_bytes()
    assert stored.load(cache, str(article), data) is None


def test_a_torn_file_is_parsed_again(article: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    read_document(str(article), keep=cache)
    for kept in (cache / stored.FOLDER).iterdir():
        kept.write_bytes(b"\x80\x05torn")
    assert read_document(str(article), keep=cache).references


def test_an_unwritable_cache_only_costs_the_parse(article: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert read_document(str(article), keep=blocker).references
