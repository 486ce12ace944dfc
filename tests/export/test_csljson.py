from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from refaudit.export import ExportItem, export
from refaudit.export.csljson import to_csl_json
from refaudit.model import Author, ParsedFields, Reference, Resolution, ResolutionStatus
from tests.export.factories import WORKS, seed_result

SCHEMA = json.loads((Path(__file__).parent / "csl-data.json").read_text(encoding="utf-8"))


def _items(text: str) -> list[dict[str, Any]]:
    data = json.loads(text)
    jsonschema.validate(data, SCHEMA)
    assert isinstance(data, list)
    return data


def test_seed_export_validates_against_the_csl_schema() -> None:
    items = _items(export(seed_result(), "csl-json"))
    assert len(items) == len(WORKS)
    assert [i["DOI"] for i in items] == [w[0] for w in WORKS]


def test_full_authors_dates_and_article_number() -> None:
    items = {i["id"]: i for i in _items(export(seed_result(), "csl-json"))}
    timmermann = items["timmermann2019neural"]
    assert len(timmermann["author"]) == 16
    assert timmermann["number"] == "16324"
    assert "page" not in timmermann
    assert items["pokorny2017effect"]["issued"] == {"date-parts": [[2017, 6, 16]]}
    assert items["pokorny2017effect"]["type"] == "article-journal"


def test_preprint_is_a_csl_article_with_genre() -> None:
    item = _items(export(seed_result((6,)), "csl-json"))[0]
    assert (item["type"], item["genre"]) == ("article", "Preprint")


def test_unverified_entry_carries_a_note_and_literal_authors() -> None:
    fields = ParsedFields(authors=(Author("", literal="WHO"),), year=2020, title="Report")
    ref = Reference(1, 1, "WHO (2020). Report.", fields)
    item = _items(to_csl_json([ExportItem(ref, Resolution(ResolutionStatus.SKIPPED))]))[0]
    assert item["author"] == [{"literal": "WHO"}]
    assert item["note"] == "refaudit: unverified"
    assert item["issued"] == {"date-parts": [[2020]]}


def test_schema_rejects_an_unknown_item_variable() -> None:
    bad = [{"id": "x", "type": "book", "pages": "1-2"}]
    try:
        jsonschema.validate(bad, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema should reject 'pages'")
