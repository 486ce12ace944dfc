"""Exports other tools accept: keys unique across a run, valid entry types and fields, read back
by bibtexparser, and by biber / bibtex when they are installed."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import bibtexparser
import pytest

from refaudit.export import export
from refaudit.export.keys import KeySource, base_key
from refaudit.model import (
    Author,
    DocumentResult,
    ParsedFields,
    Reference,
    Work,
)
from tests.export.factories import seed_result, verified, work

PREPRINT = Work(
    doi="10.48550/arxiv.2101.01234",
    title="Scaling Laws for Toy Models",
    authors=(Author("Ng", "Ada"), Author("Ruiz", "Ben")),
    year=2021,
    issued="2021-01-04",
    type="posted-content",
    publisher="arXiv",
    url="https://arxiv.org/abs/2101.01234",
)
CHAPTER = Work(
    doi="10.1000/chapter.1",
    title="Reading Old Maps",
    authors=(Author("Okafor", "Chidi"),),
    year=2015,
    issued="2015",
    container="A Handbook of Maps",
    pages="10-30",
    type="book-chapter",
    publisher="Map Press",
)
PAPER = Work(
    doi="10.1000/conf.2",
    title="Fast Parsing of Slow Things",
    authors=(Author("Lindqvist", "Eva"),),
    year=2019,
    issued="2019-06",
    container="Proceedings of the Workshop on Things",
    pages="1-8",
    type="proceedings-article",
    publisher="Things Society",
)


def _run_bibtex(results: list[DocumentResult]) -> str:
    taken: set[str] = set()
    return "\n".join(export(r, "bibtex", taken=taken) for r in results)


def _library(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    assert library.failed_blocks == []
    return library


def test_keys_are_unique_across_documents_of_one_run() -> None:
    # The same works cited by two articles, exported into one .bib.
    text = _run_bibtex([seed_result(), seed_result(), verified((PREPRINT, CHAPTER))])
    keys = [e.key for e in _library(text).entries]
    assert len(keys) == 2 * len(seed_result().document.references) + 2
    assert len(set(keys)) == len(keys)
    assert library_duplicates(text) == []


def library_duplicates(text: str) -> list[object]:
    from bibtexparser.model import DuplicateBlockKeyBlock

    return [b for b in _library(text).blocks if isinstance(b, DuplicateBlockKeyBlock)]


def test_keys_are_stable_across_runs() -> None:
    runs = [_run_bibtex([seed_result(), seed_result()]) for _ in range(2)]
    assert runs[0] == runs[1]


def test_cjk_and_cyrillic_first_authors_give_readable_keys() -> None:
    chinese = KeySource((Author("王", "小明"),), 2020, "深度学习")
    russian = KeySource((Author("Иванов", "Иван"),), 2018, "Теория чисел")
    assert base_key(chinese) == "wang2020shenduxuexi"
    assert base_key(russian) == "ivanov2018teoriya"


def test_arxiv_preprint_is_misc_with_eprint_and_archive_prefix() -> None:
    entry = _library(export(verified((PREPRINT,)))).entries[0]
    fields = {f.key: str(f.value) for f in entry.fields}
    assert entry.entry_type == "misc"
    assert fields["eprint"] == "2101.01234"
    assert fields["archiveprefix"] == "arXiv"
    assert "journal" not in fields and "publisher" not in fields


def test_old_style_arxiv_identifier_gives_its_primary_class() -> None:
    old = replace(PREPRINT, doi="10.48550/arxiv.hep-th/9901001")
    fields = {f.key: str(f.value) for f in _library(export(verified((old,)))).entries[0].fields}
    assert fields["primaryclass"] == "hep-th"


def test_publisher_only_on_types_that_define_it() -> None:
    library = _library(export(verified((work(0), CHAPTER, PAPER))))
    by_type = {e.entry_type: {f.key: str(f.value) for f in e.fields} for e in library.entries}
    assert "publisher" not in by_type["article"]
    assert by_type["incollection"]["booktitle"] == "A Handbook of Maps"
    assert by_type["incollection"]["publisher"] == "Map Press"
    assert by_type["inproceedings"]["booktitle"] == "Proceedings of the Workshop on Things"
    assert "journal" not in by_type["inproceedings"]


def test_ris_of_several_documents_reads_back_with_ty_and_er() -> None:
    taken: set[str] = set()
    text = "\n".join(
        export(r, "ris", taken=taken) for r in (seed_result(), verified((PREPRINT, CHAPTER)))
    )
    records = text.strip().split("\n\n")
    assert all(r.startswith("TY  - ") and r.rstrip().endswith("ER  -") for r in records)
    assert len(records) == len(seed_result().document.references) + 2
    for record in records:
        lines = record.splitlines()
        assert all(line[:2].isalnum() and (line + " ")[2:6] == "  - " for line in lines)
        assert [line[:2] for line in lines].count("TY") == 1
        assert [line[:2] for line in lines].count("ER") == 1


# --- biber and bibtex, when installed ----------------------------------------------------


def _export_file(tmp_path: Path) -> Path:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        _run_bibtex([seed_result(), seed_result(), verified((PREPRINT, CHAPTER, PAPER))]),
        encoding="utf-8",
    )
    return bib


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_validates_the_exported_file_against_its_data_model(tmp_path: Path) -> None:
    bib = _export_file(tmp_path)
    proc = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--output-directory", str(tmp_path), bib.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    problems = [line for line in log.splitlines() if "WARN -" in line or "ERROR" in line]
    # Known gap: registered metadata carries no editors, and biblatex's data model (unlike
    # BibTeX's styles) makes `editor` mandatory on @incollection. Nothing else may warn.
    unexplained = [p for p in problems if "Missing mandatory field 'editor'" not in p]
    assert unexplained == [], log


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_bibtex_reads_the_exported_file_without_errors_or_warnings(tmp_path: Path) -> None:
    bib = _export_file(tmp_path)
    (tmp_path / "paper.aux").write_text(
        "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{" + bib.stem + "}\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        ["bibtex", "paper"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    blg = (tmp_path / "paper.blg").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, proc.stdout + blg
    assert "Warning--" not in blg and "error message" not in blg, blg
    bbl = (tmp_path / "paper.bbl").read_text(encoding="utf-8", errors="replace")
    assert bbl.count("\\bibitem") == len(_library(bib.read_text(encoding="utf-8")).entries)


def test_parsed_entry_of_unknown_type_with_journal_and_volume_is_an_article() -> None:
    from refaudit.export import ExportItem
    from refaudit.export.bibtex import to_bibtex
    from refaudit.model import ParsedFields, Reference

    fields = ParsedFields(
        authors=(Author("Kim", "Jo"),),
        year=2011,
        title="Counting Birds",
        container="Ornis",
        volume="12",
        pages="3-9",
    )
    web = ParsedFields(
        title="Bird Site", container="birds.example", type="web", year=2020, url="https://b.example"
    )
    refs = [
        Reference(n=1, line=1, raw="", fields=fields),
        Reference(n=2, line=2, raw="", fields=web),
    ]
    library = _library(to_bibtex([ExportItem(r, None) for r in refs]))
    article, online = library.entries
    assert article.entry_type == "article" and str(article["journal"]) == "Ornis"
    assert online.entry_type == "online" and "howpublished" not in online.fields_dict


def _parsed_entries(*fields: ParsedFields) -> list[bibtexparser.model.Entry]:
    from refaudit.export import ExportItem
    from refaudit.export.bibtex import to_bibtex

    refs = [Reference(n=i, line=i, raw="", fields=f) for i, f in enumerate(fields, start=1)]
    return list(_library(to_bibtex([ExportItem(r, None) for r in refs])).entries)


def test_types_ask_no_field_the_entry_lacks_and_define_every_field_written() -> None:
    anonymous = ParsedFields(
        year=2011, title="Counting Birds", container="Ornis", volume="12", issue="2", pages="3-9"
    )
    bare_site = ParsedFields(title="Bird Site", container="birds.example", type="web", year=2020)
    thesis = ParsedFields(authors=(Author("Kim", "Jo"),), title="Birds", type="dissertation")
    article, site, misc_thesis = _parsed_entries(anonymous, bare_site, thesis)
    # biblatex's @article needs an author: an anonymous article is @misc, locators in the note
    assert article.entry_type == "misc" and str(article["howpublished"]) == "Ornis"
    assert {"volume", "number", "pages", "journal"}.isdisjoint(article.fields_dict)
    assert str(article["note"]).startswith("vol. 12, no. 2, pp. 3--9")
    assert site.entry_type == "misc"  # @online needs a url, doi or eprint
    assert misc_thesis.entry_type == "misc" and str(misc_thesis["note"]).startswith("Thesis")


def test_a_name_word_and_is_braced_so_bibtex_does_not_split_there() -> None:
    fields = ParsedFields(authors=(Author("Chaboyer", "And Wendy"),), title="T", year=2002)
    (entry,) = _parsed_entries(fields)
    assert str(entry["author"]) == "Chaboyer, {And} Wendy"
