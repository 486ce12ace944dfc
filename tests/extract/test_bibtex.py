from __future__ import annotations

from refaudit.extract.bibtex import decode_latex, evaluate, read_bib, read_blocks
from refaudit.model import Author
from tests.export.bib_samples import SAMPLE_BIB


def test_each_readable_entry_becomes_a_reference_with_its_key_and_start_line() -> None:
    doc = read_bib("refs.bib", SAMPLE_BIB)
    assert doc.format == "bibtex"
    assert [(r.n, r.key, r.line) for r in doc.references] == [
        (1, "Pokorny2017", 6),
        (2, "Fauvel2023", 20),
        (3, "Fauvel2023", 26),
    ]
    assert doc.references[0].raw.startswith("@article{Pokorny2017,")
    assert doc.references[0].end_line == 14


def test_broken_block_and_duplicate_key_are_problems_with_their_lines() -> None:
    doc = read_bib("refs.bib", SAMPLE_BIB)
    assert [line for line, _ in doc.problems] == [16, 26]
    assert "unreadable" in doc.problems[0][1]
    assert doc.problems[1][1] == "duplicate citation key 'Fauvel2023' (first at line 20)"


def test_fields_are_decoded_and_macros_expanded() -> None:
    f = read_bib("refs.bib", SAMPLE_BIB).references[0].fields
    assert f.authors == (Author("Pokorny", "Thomas"), Author("Preller", "K. H."))
    assert f.container == "International Journal of Neuropsychopharmacology"
    assert f.year == 2017
    assert f.type == "journal-article"


def test_latex_accents_and_braced_organisations_are_read() -> None:
    refs = read_bib("refs.bib", SAMPLE_BIB).references
    assert refs[1].fields.authors[1].family == "Strika-Bruneau"
    assert refs[1].fields.authors[1].given == "Laurène"
    assert refs[2].fields.authors == (
        Author("Müller", "Hans"),
        Author("", literal="World Health Organization"),
    )
    assert refs[2].fields.title == "Something DNA else"
    assert refs[2].fields.container == "International Journal of Neuropsychopharmacology Letters"


def test_doi_pages_and_others_are_normalised() -> None:
    text = (
        "@inproceedings{k, author = {A, B. and others}, doi = {https://doi.org/10.1000/XYZ},"
        " pages = {12--19}, booktitle = {Proc}, eid = {e5}}"
    )
    f = read_bib("x.bib", text).references[0].fields
    assert f.doi == "10.1000/xyz"
    assert f.et_al is True
    assert f.pages == "12-19"
    assert f.article_number == "e5"
    assert f.type == "proceedings-article"
    assert f.container == "Proc"


def test_every_block_is_kept_in_file_order() -> None:
    kinds = [b.kind for b in read_blocks(SAMPLE_BIB)]
    assert kinds == ["comment", "string", "comment", "entry", "failed", "entry", "duplicate"]


def test_evaluate_expands_macros_months_and_concatenation() -> None:
    assert evaluate('jn # " X" # {Y}', {"jn": "J"}) == "J XY"
    assert evaluate("mar", {}) == "3"


def test_decode_latex_handles_accents_and_specials() -> None:
    assert decode_latex(r"M{\"u}ller \& {LSD} 50\%") == "Müller & LSD 50%"
