from __future__ import annotations

from dataclasses import replace

import bibtexparser

from refaudit.export import ExportItem, export
from refaudit.export.bibtex import escape, protect_title, to_bibtex
from refaudit.extract.bibtex import read_bib
from refaudit.model import (
    Author,
    DocumentResult,
    ParsedFields,
    Reference,
    Resolution,
    ResolutionStatus,
)
from tests.export.bib_samples import SAMPLE_BIB
from tests.export.factories import WORKS, seed_result, work


def _entries(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    assert library.failed_blocks == []
    return {e.key: {f.key: str(f.value) for f in e.fields} for e in library.entries}


def test_seed_export_reads_back_with_one_entry_per_reference() -> None:
    entries = _entries(export(seed_result()))
    assert len(entries) == len(WORKS)
    assert sorted(e["doi"] for e in entries.values()) == sorted(w[0] for w in WORKS)


def test_full_author_lists_are_written() -> None:
    entries = _entries(export(seed_result()))
    assert entries["carhartharris2017psilocybin"]["author"].count(" and ") == 15
    assert entries["timmermann2019neural"]["author"].endswith("Carhart-Harris, Robin L.")


def test_article_number_goes_to_eid_not_pages() -> None:
    entry = _entries(export(seed_result((4,))))["timmermann2019neural"]
    assert entry["eid"] == "16324"
    assert "pages" not in entry


def test_page_ranges_use_double_hyphen_and_issue_is_number() -> None:
    entry = _entries(export(seed_result((0,))))["pokorny2017effect"]
    assert (entry["pages"], entry["number"], entry["volume"]) == ("747--757", "9", "20")


def test_preprint_is_misc_with_a_note() -> None:
    text = export(seed_result((6,)))
    assert text.startswith("@misc{zeifman2025psychedelic,")
    assert "note = {Preprint}" in text
    assert "howpublished = {Research Square}" in text


def test_chapter_maps_to_incollection_with_booktitle() -> None:
    w = replace(work(0), type="book-chapter", container="Handbook of Empathy")
    ref = Reference(1, 1, "x", ParsedFields())
    text = to_bibtex([ExportItem(ref, Resolution(ResolutionStatus.MATCHED, work=w))])
    assert text.startswith("@incollection{")
    assert "booktitle = {Handbook of Empathy}" in text


def test_unresolved_entry_comes_from_parsed_fields_marked_unverified() -> None:
    fields = ParsedFields(
        authors=(Author("Doe", "Jane"),), et_al=True, year=2001, title="A guess", pages="1-9"
    )
    ref = Reference(1, 1, "Doe, J. et al. (2001). A guess.", fields)
    text = to_bibtex([ExportItem(ref, Resolution(ResolutionStatus.NOT_FOUND))])
    entry = _entries(text)["doe2001guess"]
    assert entry["author"] == "Doe, Jane and others"
    assert entry["note"] == "pp. 1--9. refaudit: unverified"  # @misc defines no pages
    assert "pages" not in entry
    assert entry["keywords"] == "refaudit-unverified"


def test_acronyms_and_inner_capitals_are_protected() -> None:
    assert protect_title("LSD-induced states in McDonald's EEG") == (
        "{LSD}-induced states in {McDonald}'s {EEG}"
    )
    assert protect_title("Effect of Psilocybin") == "Effect of Psilocybin"


def test_utf8_is_kept_by_default_and_escaped_with_ascii() -> None:
    assert escape("Stämpfli & Co_ 50%") == r"Stämpfli \& Co\_ 50\%"
    assert escape("Stämpfli Laurène Ørsted", ascii=True) == r"St{\"a}mpfli Laur{\`e}ne {\O}rsted"
    text = export(seed_result((5,)), ascii=True)
    assert text.isascii()
    assert r"St{\"a}mpfli, Philipp" in text


def test_export_is_deterministic() -> None:
    assert export(seed_result()) == export(seed_result())


def _bib_result(text: str) -> DocumentResult:
    doc = read_bib("refs.bib", text)
    resolutions = []
    for ref in doc.references:
        w = None
        if ref.fields.title and ref.fields.title.startswith("Effect of Psilocybin"):
            w = work(0)
        elif ref.fields.title and ref.fields.title.startswith("Changes in"):
            w = work(8)
        status = ResolutionStatus.VERIFIED if w else ResolutionStatus.NOT_FOUND
        resolutions.append(Resolution(status, work=w))
    return DocumentResult(doc, tuple(resolutions))


def test_bib_round_trip_is_byte_identical() -> None:
    first = export(_bib_result(SAMPLE_BIB))
    second = export(_bib_result(first))
    assert first == second


def test_bib_export_keeps_macros_comments_keys_and_unknown_fields() -> None:
    text = export(_bib_result(SAMPLE_BIB))
    assert "@comment{jabref-meta: databaseType:biblatex;}" in text
    assert '@string{ijnp = "International Journal of Neuropsychopharmacology"}' in text
    assert "% My library, kept by hand." in text
    entries = _entries(text)
    assert set(entries) == {"Pokorny2017", "Fauvel2023", "Fauvel2023a"}
    pokorny = entries["Pokorny2017"]
    assert pokorny["file"] == ":pokorny2017.pdf:PDF"
    assert pokorny["keywords"] == "empathy, psilocybin"
    assert "50" in pokorny["abstract"]
    assert pokorny["doi"] == "10.1093/ijnp/pyx047"
    assert "journal = ijnp," in text  # the macro survives when it says the registered name
    assert pokorny["author"].count(" and ") == 4  # the registry's full author list


def test_bib_export_keeps_broken_block_as_comment_and_duplicate_as_entry() -> None:
    text = export(_bib_result(SAMPLE_BIB))
    assert "% refaudit: unreadable block from line 16" in text
    assert "%   author = {Foo" in text
    dup = _entries(text)["Fauvel2023a"]
    assert dup["annote"] == "a duplicate key"
    assert dup["author"] == r"M{\"u}ller, Hans and {World Health Organization}"
    assert dup["note"] == "refaudit: unverified"


def test_bib_marker_goes_when_the_entry_later_verifies() -> None:
    unverified = export(DocumentResult(read_bib("refs.bib", SAMPLE_BIB)))
    assert unverified.count("refaudit: unverified") == 3
    verified = export(_bib_result(unverified))
    assert verified.count("refaudit: unverified") == 1
    assert "keywords = {empathy, psilocybin}" in verified
