"""The answer store: keys, expiry, sharing between processes, a corrupt file rebuilt."""

from __future__ import annotations

import logging
from pathlib import Path

from refaudit.resolve.store import AnswerStore, Stored, request_key

ANSWER = Stored(200, "https://api.example.org/works/1", {"content-type": "application/json"}, "{}")


def test_stored_answer_is_read_back(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path / "cache.sqlite")
    store.put("k", ANSWER, ttl=60)
    assert store.get("k") == ANSWER
    assert store.get("other") is None


def test_expired_answer_is_not_read(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path / "cache.sqlite")
    store.put("k", ANSWER, ttl=-1)
    assert store.get("k") is None


def test_deleted_answer_is_gone(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path / "cache.sqlite")
    store.put("k", ANSWER, ttl=60)
    store.delete("k")
    assert store.get("k") is None


def test_a_second_store_on_the_same_file_sees_the_answers(tmp_path: Path) -> None:
    AnswerStore(tmp_path / "cache.sqlite").put("k", ANSWER, ttl=60)
    assert AnswerStore(tmp_path / "cache.sqlite").get("k") == ANSWER


def test_key_ignores_the_callers_identity_and_the_order_of_the_query() -> None:
    one = request_key("https://x/works", {"rows": "5", "mailto": "a@b.org"}, {})
    two = request_key("https://x/works", {"mailto": "c@d.org", "rows": "5"}, {})
    assert one == two
    assert one != request_key("https://x/works", {"rows": "6"}, {})


def test_key_tells_content_types_apart() -> None:
    csl = request_key(
        "https://doi.org/10.1/x", {}, {"Accept": "application/vnd.citationstyles.csl+json"}
    )
    ra = request_key("https://doi.org/10.1/x", {}, {"accept": "application/json"})
    assert csl != ra


def test_corrupt_file_is_rebuilt_with_a_warning(tmp_path: Path, caplog) -> None:
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING):
        store = AnswerStore(path)
    assert "corrupt" in caplog.text
    store.put("k", ANSWER, ttl=60)
    assert store.get("k") == ANSWER
