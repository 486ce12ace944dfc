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
