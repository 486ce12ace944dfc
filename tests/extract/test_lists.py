"""find_reference_lists() and read_document(): every list layout, each entry knowing its list."""

from __future__ import annotations

from pathlib import Path

from refaudit.audit import check_document
from refaudit.check import select_rules
from refaudit.extract import build_document, read_document
from refaudit.extract.formats import markdown_layout
from refaudit.extract.lists import find_reference_lists
from refaudit.model import Document
from refaudit.settings import Settings

A = "Orwell, K., & Lindqvist, P. (2014). Tidal clocks in snails. Mar. Biol., 12(3), 45-59."
B = "Baptiste, R. (2019). Salt marsh grazing and drift. Ecology Letters, 7(2), 110-121."
C = "Nakamura, T., Ibsen, L., & Roy, D. (2021). Night feeding of crabs. Oikos, 130(4), 1-12."
D = "Fairweather, J. (2008). Mud flats in winter. Journal of Coastal Studies, 4, 220-231."


def markdown(text: str) -> Document:
    lines, headings = markdown_layout(text.splitlines())
    return build_document("x.md", "markdown", lines, headings=headings)


def offline_findings(doc: Document) -> list[str]:
    result = check_document(
        doc, tuple(None for _ in doc.references), select_rules(), Settings(offline=True), True
    )
    return [f.rule for f in result.findings]


def test_a_list_split_by_subheadings_is_read_whole() -> None:
    doc = markdown(
        f"# Notes from the shore\n\nProse.\n\n# References\n\n## Articles\n\n{A}\n\n{B}\n\n"
        f"## Books\n\n{C}\n\n{D}\n\n# Acknowledgements\n\nThanks to the crew.\n"
    )
    assert [r.raw[:8] for r in doc.references] == ["Orwell, ", "Baptiste", "Nakamura", "Fairweat"]
    assert {r.list_name for r in doc.references} == {"References"}


def test_a_reading_list_under_topic_headings_without_a_references_heading() -> None:
    doc = markdown(
        f"# Reading\n\n### Tides\n\nA short intro to the topic.\n\n{A}\n\n{B}\n\n### Crabs\n\n"
        f"{C}\n\n### Winter\n\n{D}\n"
    )
    assert len(doc.references) == 4


def test_a_bold_pseudo_heading_heads_a_bulleted_list() -> None:
    doc = markdown(f"Some text here.\n\n**Further Reading**\n\n+ {A}\n\n+ {B}\n")
    assert [r.list_name for r in doc.references] == ["Further Reading", "Further Reading"]


def test_several_lists_each_entry_knows_its_list() -> None:
    doc = markdown(
        f"Text cites a note[^n1].\n\n## Required reading\n\n* {A}\n* {B}\n\n## Further reading\n"
        f"\n* {C}\n\n## Notes\n\n[^n1]: {D}\n"
    )
    assert [r.list_name for r in doc.references] == [
        "Required reading",
        "Required reading",
        "Further reading",
        "Notes",
    ]
    assert doc.citations[0].references == (4,)


def test_footnote_definitions_with_and_without_the_colon() -> None:
    with_colon = markdown(f"Claim one[^a] and two[^b].\n\n[^a]: {A}\n[^b]: {B}\n")
    assert [r.label for r in with_colon.references] == ["[^a]", "[^b]"]
    bare = markdown(f"Claim one[^1] and two[^2].\n\nENDNOTES\n\n[^1] {A}\n\n[^2] {B}\n")
    assert [r.label for r in bare.references] == ["[^1]", "[^2]"]
    assert all(c.references for c in bare.citations)


def test_a_lone_footnote_marker_at_a_line_start_is_a_citation_not_a_definition() -> None:
    doc = markdown(f"Text that goes on\n[^1] and more text.\n\n[^1]: {A}\n")
    assert len(doc.references) == 1 and doc.citations[0].references == (1,)


def test_link_reference_definitions_are_never_entries_and_labels_never_citations() -> None:
    doc = markdown(
        f"See [Tidal clocks][24] for more.\n\n## References\n\n{A}\n\n{B}\n\n"
        f'[24]: https://example.org/tides\n[x1]: https://example.org/x "Title"\n'
    )
    assert len(doc.references) == 2
    assert not any(c.unresolved for c in doc.citations)


def test_html_ordered_list_inside_markdown() -> None:
    doc = markdown(
        "Text.\n\n<strong>References</strong>\n<ol>\n"
        '  <li>K Orwell and P Lindqvist. <a href="https://example.org/1">Tidal clocks.</a>'
        " CogSci 2014.</li>\n"
        '  <li>R Baptiste. <a href="https://example.org/2">Salt marsh.</a> NeurIPS 2019.</li>\n'
        "</ol>\n"
    )
    assert [r.label for r in doc.references] == ["1", "2"]


def test_html_page_with_paragraph_list(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        f"<html><body>\n<p>Text.</p>\n<h2>Bibliography</h2>\n<p>{A}</p>\n<p>{B}</p>\n"
        f"</body></html>\n"
    )
    doc = read_document(str(page))
    assert len(doc.references) == 2 and doc.references[0].list_name == "Bibliography"


def test_rst_citations_with_back_references_and_their_labels_in_the_text() -> None:
    lines = [
        "Attacks grow [Orw] and spread [Bap]; see also [Nob].",
        "",
        "Sources",
        "",
        '[Orw] (1,2) Kim Orwell. "Tidal Attacks." Shore Press, 3 Mar. 2014. Web. 2 Feb. 2017.',
        "",
        '[Bap] Remy Baptiste. "Grazing Botnets." Marsh Weekly, Jan. 2019. Web. 16 Feb. 2020.',
    ]
    doc = build_document("x.txt", "text", lines)
    assert [r.label for r in doc.references] == ["[Orw]", "[Bap]"]
    assert [c.references for c in doc.citations] == [(1,), (2,)]


def test_numbered_sections_split_a_numbered_list_in_plain_text() -> None:
    lines = [
        "Key papers",
        "",
        "1. Tides",
        "",
        f"[1] {A}",
        "",
        f"[2] {B}",
        "",
        "2. Crabs",
        "",
        f"[3] {C}",
        "",
        "a. Winter",
        "",
        f"[4] {D}",
    ]
    doc = build_document("x.txt", "text", lines)
    assert [r.label for r in doc.references] == ["[1]", "[2]", "[3]", "[4]"]


def test_prose_notes_and_credits_are_not_entries() -> None:
    doc = markdown(
        f"# Post\n\nSome text.\n\n## notes\n\n"
        f"- Drinking water helps a lot with this, as most of us know.\n"
        f"- Another note about tides that has nothing to cite in it.\n\n## References\n\n- {A}\n"
        f"- {B}\n\n## Development Team\n\n"
        f"- Ada Lund (https://example.org/ada), Tide Keeper, Oslo.\n"
        f"- Bo Kim (https://example.org/bo), Crab Whisperer.\n"
    )
    assert [r.raw[:6] for r in doc.references] == ["Orwell", "Baptis"]


def test_numbered_body_lists_are_not_reference_lists() -> None:
    doc = markdown(
        f"## Steps\n\n1. Load the data into memory.\n2. Apply the filter twice.\n\n"
        f"## References\n\n1. {A}\n2. {B}\n"
    )
    assert [r.line for r in doc.references] == [8, 9]


def test_no_list_gives_one_no_reference_list_finding_not_a_flood() -> None:
    doc = build_document(
        "x.txt",
        "text",
        ["Tides matter (Orwell, 2014; Baptiste, 2019).", "", "Crabs too (Nakamura et al., 2021)."],
    )
    rules = offline_findings(doc)
    assert rules.count("no-reference-list") == 1 and "missing-reference" not in rules


def test_find_reference_lists_keeps_original_line_numbers() -> None:
    lines = ["Intro.", "", "References", "", A, "", B]
    (section,) = find_reference_lists(lines)
    assert (section.heading_line, section.start, section.end) == (3, 5, 7)


def test_prose_citing_works_under_a_notes_heading_is_not_a_list() -> None:
    text = (
        "# Notes on the evidence\n\n"
        "Orwell and Lindqvist (2014) found that snails keep tidal time in tanks. Crabs feed"
        " at night (Nakamura, Ibsen, & Roy, 2021). Baptiste (2019) showed the same for drift.\n\n"
        "In winter, Fairweather (2008) reported fewer birds on the flats (Baptiste, 2019).\n\n"
        f"## References\n\n{A}\n\n{B}\n\n{C}\n\n{D}\n"
    )
    doc = markdown(text)
    assert [r.raw for r in doc.references] == [A, B, C, D]
    assert len(doc.citations) >= 4


def test_a_note_citing_several_cases_is_still_one_entry() -> None:
    text = (
        "Text.[^1]\n\n## Notes\n\n"
        "[^1]: See _State v. Marlow_ (1999) 12 X.2d 34, 36; _People v. Osei_ (2004) 56 Y.3d 78.\n"
    )
    assert len(markdown(text).references) == 1
