from __future__ import annotations

from pathlib import Path

import docx
import pytest

from refaudit.errors import InputError
from refaudit.extract.formats import (
    detect_format,
    docx_lines,
    html_lines,
    markdown_lines,
    visible_lines,
)

DOCUMENTS = Path(__file__).parents[2] / "fixtures" / "documents"


def test_format_is_detected_by_extension_then_by_content() -> None:
    assert detect_format("a.md", b"text") == "markdown"
    assert detect_format("a.HTM", b"text") == "html"
    assert detect_format("a.txt", b"plain") == "text"
    assert detect_format("-", b"  <!DOCTYPE html><html><body>x</body></html>") == "html"
    assert detect_format("a.txt", b"<html><body>x</body></html>") == "html"
    assert detect_format("-", b"# Title\n\ntext [^1]\n") == "markdown"
    assert detect_format("-", b"PK\x03\x04....word/document.xml") == "docx"


def test_markdown_keeps_one_line_per_source_line() -> None:
    source = (DOCUMENTS / "draft.md").read_text(encoding="utf-8").splitlines()
    assert len(markdown_lines(source)) == len(source)


def test_markdown_headings_emphasis_and_code_are_reduced_to_text() -> None:
    out = markdown_lines(["## References", "A *b* **c** _d_ `e` ~~f~~", "snake_case_name stays"])
    assert out == ["References", "A b c d e f", "snake_case_name stays"]


def test_markdown_links_keep_their_url_visible_unless_it_repeats_the_text() -> None:
    out = markdown_lines(
        [
            "[openness](https://example.org/x_y) and [doi:10.1093/ijnp/pyx047](https://doi.org/10.1093/ijnp/pyx047)",
            "<https://doi.org/10.1/xyz> and [see below](#refs) ![figure](f.png)",
        ]
    )
    assert out[0] == "openness (https://example.org/x_y) and doi:10.1093/ijnp/pyx047"
    assert out[1] == "https://doi.org/10.1/xyz and see below figure"


def test_markdown_footnotes_comments_and_code_blocks() -> None:
    out = markdown_lines(
        ["Text [^1].", "<!-- hidden", "still hidden -->", "```", "(Smith, 2020)", "```",
         "[^1]: Smith, J. (2020). *Title*."]
    )  # fmt: skip
    assert out == ["Text [^1].", "", "", "", "", "", "[^1]: Smith, J. (2020). Title."]


def test_markdown_superscript_numbers_become_bracketed_citations() -> None:
    assert markdown_lines(["empathy<sup>1,2</sup> and 10<sup>6</sup>"]) == ["empathy[1,2] and 106"]


def test_html_keeps_visible_text_on_the_line_where_its_block_starts() -> None:
    source = (DOCUMENTS / "page.html").read_text(encoding="utf-8")
    lines = html_lines(source, len(source.splitlines()))
    assert len(lines) == len(source.splitlines())
    text = "\n".join(lines)
    assert "Not visible" not in text and "Fake" not in text and "Home" not in text
    assert lines[9] == "Empathy and psychedelics"
    assert lines[10] == "Psilocybin may increase emotional empathy (Pokorny et al., 2017)."
    assert lines[15].startswith("1. Pokorny, T., Preller, K. H., & Vollenweider")
    assert lines[16].startswith("2. Mason")


def test_html_blocks_sharing_a_line_spill_onto_free_lines_or_join() -> None:
    lines = html_lines("<ul><li>one</li><li>two</li></ul>\n\n<p>three</p>", 3)
    assert lines == ["- one", "- two", "three"]
    assert html_lines("<p>a</p><p>b</p>", 1) == ["a b"]


def test_html_superscript_citation_numbers_become_brackets() -> None:
    assert html_lines("<p>empathy<sup>3</sup> in 10<sup>6</sup> cells</p>", 1) == [
        "empathy[3] in 10^6 cells"
    ]


def test_docx_paragraphs_become_lines_with_numbering_made_visible(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Intro (Smith, 2020).")
    document.add_paragraph("References")
    document.add_paragraph("Smith, J. (2020). Title.", style="List Number")
    document.add_paragraph("Jones, K. (2019). Other.", style="List Number")
    path = tmp_path / "draft.docx"
    document.save(str(path))
    lines = docx_lines(path.read_bytes(), str(path))
    assert lines[0] == "Intro (Smith, 2020)."
    assert lines[1] == "References"
    assert lines[2] == "1. Smith, J. (2020). Title."
    assert lines[3] == "2. Jones, K. (2019). Other."


def test_broken_docx_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"bad.docx: not a readable .docx file"):
        docx_lines(b"PK\x03\x04 not really a zip", "bad.docx")


def test_plain_text_passes_through_with_trailing_space_removed() -> None:
    assert visible_lines("text", ["a *b*  ", ""]) == ["a *b*", ""]


def test_html_list_items_wrapping_paragraphs_keep_their_number() -> None:
    source = "<ol>\n<li><p>Smith (2020).</p></li>\n<li><p>Jones (2019).</p></li>\n</ol>"
    assert html_lines(source, 4) == ["", "1. Smith (2020).", "2. Jones (2019).", ""]
