"""Ways of citing: numeric links, superscripts, possessives, full names, organisations ..."""

from __future__ import annotations

import pytest

from refaudit.extract import build_document
from refaudit.extract.formats import markdown_layout
from refaudit.model import Document

LIST = """
## References

1. Orwell, K. (2007). Tidal clocks. Mar. Biol., 12(3), 45-59.
2. Baptiste, R., & Lakens, D. (2016). Salt marsh grazing. Ecol. Lett., 7, 1-9.
3. World Health Organization. (2020). Tides and health. WHO Press.
4. Anonymous. (2018). Crabs at night. Shore Weekly, 3, 4-5.

[24]: https://example.org/tides
"""


def cited(sentence: str) -> Document:
    lines, headings = markdown_layout((sentence + "\n" + LIST).splitlines())
    return build_document("x.md", "markdown", lines, headings=headings)


@pytest.mark.parametrize(
    ("sentence", "entries"),
    [
        ("Tides shift daily [3](#references).", (3,)),
        ("Tides shift daily<sup>2</sup> in spring.", (2,)),
        ("Tides shift daily.² In spring too.", (2,)),
        ("Orwell's (2007) clocks run slow.", (1,)),
        ("Clocks run slow (Kim Orwell, 2007).", (1,)),
        ("Marshes change (Richard D. Baptiste & Lakens, 2016).", (2,)),
        ("Health depends on tides (World Health Organization, 2020).", (3,)),
        ("Crabs feed at night (Anonymous, 2018).", (4,)),
    ],
)
def test_each_citation_form_links_to_its_entry(sentence: str, entries: tuple[int, ...]) -> None:
    doc = cited(sentence)
    assert [c.references for c in doc.citations] == [entries]
    assert not doc.citations[0].unresolved


def test_markdown_link_labels_are_not_citations() -> None:
    assert cited("Read [Why Tides Turn][24] first.").citations == ()


def test_named_footnotes_link_and_a_missing_note_stays_unresolved() -> None:
    lines, headings = markdown_layout(
        (
            "Tides[^orwell] and crabs[^nobody].\n\n"
            "[^orwell]: Orwell, K. (2007). Tidal clocks. Mar. Biol., 12, 45-59.\n"
        ).splitlines()
    )
    doc = build_document("x.md", "markdown", lines, headings=headings)
    assert [(c.references, c.unresolved) for c in doc.citations] == [
        ((1,), ()),
        ((), ("[^nobody]",)),
    ]


def test_superscript_squares_in_units_are_not_citations() -> None:
    assert cited("An area of 12 m² and x² grows.").citations == ()


def test_a_reference_link_broken_over_two_lines_is_no_citation() -> None:
    assert cited("Read the short version ([Why Tides\nTurn][24]) first.").citations == ()


def test_template_tags_of_site_generators_are_not_text() -> None:
    lines, headings = markdown_layout(
        (
            '{% include figure.html\ncaption="Kim Orwell (1937), on the shore at dawn."\n%}\n'
            "Clocks run slow {% raw %}(Orwell, 2007){% endraw %}.\n"
            '{% include quote.html text="Tides turn twice a day. [^1]" %}\n\n'
            "[^1]: Orwell, K. (2007). Tidal clocks. Mar. Biol., 12, 45-59.\n"
        ).splitlines()
    )
    doc = build_document("x.md", "markdown", lines, headings=headings)
    assert [(c.line, c.references) for c in doc.citations] == [(4, (1,)), (5, (1,))]


def test_an_unclosed_template_brace_leaves_the_text_alone() -> None:
    doc = cited("Rates rose {% of all crabs, as Orwell (2007) found.")
    assert [c.references for c in doc.citations] == [(1,)]


def test_the_second_party_of_a_court_case_is_no_author() -> None:
    assert cited("As in `Jacobs v. Keller` (2016), the licence held.").citations == ()
    assert cited("As in Jacobs vs. Keller (2016), the licence held.").citations == ()


def test_the_numbers_of_displayed_equations_are_not_citations() -> None:
    doc = cited(
        "The filter is\n$$\nx = y + z\n$$, \\[3\\]\n\n"
        "From \\[3\\] the tides follow, as shown before [2]."
    )
    assert [(c.text, c.references) for c in doc.citations] == [("[2]", (2,))]
    doc = cited("Roots $r_i = \\sqrt[3]{1}$,   \\[1\\]\nFrom \\[1\\] we see [2].")
    assert [(c.text, c.references) for c in doc.citations] == [("[2]", (2,))]


def test_an_unlisted_author_in_a_quoted_passage_is_no_missing_entry() -> None:
    doc = cited('Orwell (2007) wrote that "clocks drift, as Keller (1999) showed" at sea.')
    assert [(c.references, c.unresolved) for c in doc.citations] == [((1,), ()), ((), ())]
    doc = cited("Clocks drift, as Keller (1999) showed.")
    assert [c.unresolved for c in doc.citations] == [("Keller 1999",)]
