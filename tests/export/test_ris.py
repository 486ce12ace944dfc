from __future__ import annotations

from refaudit.export import ExportItem, export
from refaudit.export.ris import to_ris
from refaudit.model import Author, ParsedFields, Reference
from tests.export.factories import WORKS, seed_result


def _records(text: str) -> list[list[tuple[str, str]]]:
    records = []
    for chunk in text.rstrip("\n").split("\n\n"):
        lines = chunk.splitlines()
        assert lines[0].startswith("TY  - ") and lines[-1] == "ER  - "
        records.append([(line[:2], line[6:]) for line in lines])
    return records


def test_one_record_per_reference_with_doi() -> None:
    records = _records(export(seed_result(), "ris"))
    assert len(records) == len(WORKS)
    assert [dict(r)["DO"] for r in records] == [w[0] for w in WORKS]


def test_journal_article_tags() -> None:
    record = _records(export(seed_result((0,)), "ris"))[0]
    tags = dict(record)
    assert tags["TY"] == "JOUR"
    assert next(v for t, v in record if t == "AU") == "Pokorny, Thomas"
    assert (tags["T2"], tags["PY"], tags["VL"], tags["IS"]) == (
        "International Journal of Neuropsychopharmacology",
        "2017",
        "20",
        "9",
    )
    assert (tags["SP"], tags["EP"]) == ("747", "757")


def test_full_author_list_and_article_number() -> None:
    record = _records(export(seed_result((4,)), "ris"))[0]
    assert sum(1 for t, _ in record if t == "AU") == 16
    assert dict(record)["SP"] == "16324"
    assert "EP" not in dict(record)


def test_preprint_is_unpublished_work() -> None:
    assert dict(_records(export(seed_result((6,)), "ris"))[0])["TY"] == "UNPB"


def test_unverified_record_is_marked() -> None:
    ref = Reference(1, 1, "x", ParsedFields(authors=(Author("Doe", "J."),), title="T"))
    tags = dict(_records(to_ris([ExportItem(ref, None)]))[0])
    assert tags["N1"] == "refaudit: unverified"
    assert tags["KW"] == "refaudit-unverified"
