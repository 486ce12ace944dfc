from __future__ import annotations

import codecs
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refaudit.errors import InputError
from refaudit.extract import MAX_BYTES, expand_paths, read_document
from refaudit.model import IgnoreMarker

ROOT = Path(__file__).parents[2] / "fixtures"
DOCUMENTS = ROOT / "documents"
ARTICLE = """Intro text.

Empathy rose in healthy volunteers (Pokorny et al., 2017).

References

Pokorny, T., Preller, K. H., & Vollenweider, F. X. (2017). Effect of psilocybin on empathy.\
 International Journal of Neuropsychopharmacology, 20(9), 747–757.
"""


def test_markdown_document_has_references_citations_and_markers() -> None:
    doc = read_document(str(DOCUMENTS / "draft.md"))
    assert doc.format == "markdown"
    assert len(doc.lines) == len((DOCUMENTS / "draft.md").read_text().splitlines())
    assert doc.heading_line == 12 and doc.list_start == 14
    assert doc.references[0].fields.doi == "10.1093/ijnp/pyx047"
    assert [(c.line, c.references) for c in doc.citations][:2] == [(3, (1,)), (4, (3,))]
    assert doc.ignores == (IgnoreMarker(line=5, selectors=("year-mismatch",)),)


def test_html_document_keeps_the_source_line_numbers() -> None:
    doc = read_document(str(DOCUMENTS / "page.html"))
    assert doc.format == "html"
    assert [r.line for r in doc.references] == [16, 17]
    assert [(c.line, c.references) for c in doc.citations] == [(11, (1,))]
    assert doc.ignores == (IgnoreMarker(line=13, selectors=("RA1",)),)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig"])
def test_encodings_give_the_same_document(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode(encoding))
    doc = read_document(str(path))
    assert len(doc.lines) == len(ARTICLE.splitlines())
    assert doc.references[0].raw.endswith("747–757.")
    assert [c.references for c in doc.citations] == [(1,)]


def test_docx_document_numbers_lines_by_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    for paragraph in ARTICLE.split("\n")[:-1]:
        document.add_paragraph(paragraph)
    path = tmp_path / "draft.docx"
    document.save(str(path))
    doc = read_document(str(path))
    assert doc.format == "docx"
    assert doc.references[0].line == 7
    assert [(c.line, c.references) for c in doc.citations] == [(3, (1,))]


def test_stdin_data_is_read_as_the_given_bytes() -> None:
    doc = read_document("-", ARTICLE.encode())
    assert doc.path == "-" and doc.format == "text" and len(doc.references) == 1


def test_bib_files_are_dispatched_to_the_bibtex_reader(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("@article{pokorny2017, title={Effect}, author={Pokorny, T.}, year={2017}}\n")
    doc = read_document(str(path))
    assert doc.format == "bibtex" and doc.references[0].key == "pokorny2017"


def test_unreadable_inputs_are_one_line_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope.txt: no such file or directory"):
        read_document(str(tmp_path / "nope.txt"))
    (tmp_path / "empty.md").write_bytes(b"")
    with pytest.raises(InputError, match=r"empty.md: empty file"):
        read_document(str(tmp_path / "empty.md"))
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02\x03binary\xff\xfe\x00" * 100)
    with pytest.raises(InputError, match=r"binary data"):
        read_document(str(tmp_path / "blob.txt"))


def test_a_file_over_the_size_limit_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match=r"huge.txt: file too large \(21.0 MB; limit 20 MB\)"):
        read_document(str(path))


def test_expand_paths_recurses_into_directories_for_documents(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.md", "a.txt", "sub/c.html", "sub/d.docx", "e.pdf", "sub/f.markdown"):
        (tmp_path / name).write_text("x")
    assert expand_paths([str(tmp_path), "-"]) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.md"),
        str(tmp_path / "sub" / "c.html"),
        str(tmp_path / "sub" / "d.docx"),
        str(tmp_path / "sub" / "f.markdown"),
        "-",
    ]
    with pytest.raises(InputError, match=r"missing.md: no such file or directory"):
        expand_paths([str(tmp_path / "missing.md")])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", "-"]),
    st.one_of(st.binary(max_size=1500), st.text(max_size=1500).map(lambda t: t.encode())),
)
def test_any_input_gives_a_document_or_an_input_error(name: str, data: bytes) -> None:
    try:
        doc = read_document(name, data)
    except InputError:
        return
    count = len(doc.lines)
    assert all(1 <= c.line <= count for c in doc.citations)
    assert all(1 <= r.line <= count for r in doc.references)
    assert all(1 <= m.line <= max(count, 1) for m in doc.ignores)


def test_utf16_without_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "le.txt"
    path.write_bytes(ARTICLE.encode("utf-16-le"))
    assert read_document(str(path)).references[0].fields.year == 2017
    assert codecs.BOM_UTF16_LE not in path.read_bytes()[:2]
