"""Text evidence: matching from the entry's own text, title or no title, among near-duplicates."""

from __future__ import annotations

from refaudit.extract.fields import parse_reference
from refaudit.model import Author, Work
from refaudit.resolve.match import choose

ARTICLE = Work(
    doi="10.5555/jcp.119.880",
    title="Vibrational relaxation of small molecules in dense helium",
    authors=(Author("Okonkwo", "A."), Author("Lindgren", "B.")),
    year=2003,
    container="The Journal of Chemical Physics",
    volume="119",
    issue="2",
    pages="880-889",
    type="journal-article",
)
SAME_ISSUE = Work(
    doi="10.5555/jcp.119.890",
    title="Rotational spectra of weakly bound complexes",
    authors=(Author("Okonkwo", "A."),),
    year=2003,
    container="The Journal of Chemical Physics",
    volume="119",
    issue="2",
    pages="890-899",
    type="journal-article",
)
BOOK = Work(
    doi="10.5555/book",
    title="Handbook of Coastal Ecology",
    authors=(Author("Mbeki", "T."),),
    year=2010,
    type="book",
)
CHAPTER = Work(
    doi="10.5555/book.ch3",
    title="Salt marsh grazing and sediment accretion",
    authors=(Author("Mbeki", "T."),),
    year=2010,
    container="Handbook of Coastal Ecology",
    pages="45-67",
    type="book-chapter",
)


def _choose(raw: str, *works: Work):  # type: ignore[no-untyped-def]
    return choose(parse_reference(raw), raw, [(w, 10.0) for w in works])


def test_an_entry_printed_without_title_matches_from_authors_journal_volume_pages() -> None:
    raw = "1 A. Okonkwo and B. Lindgren, J. Chem. Phys. 119, 880 (2003)."
    best, rest = _choose(raw, SAME_ISSUE, ARTICLE)
    assert best is not None and best.work.doi == ARTICLE.doi
    assert [c.work.doi for c in rest] == [SAME_ISSUE.doi]
    assert best.score > 0.5 > rest[0].score or rest[0].score < best.score


def test_the_same_title_printed_in_another_year_and_volume_does_not_match() -> None:
    raw = "Okonkwo, A. (1998). Vibrational relaxation of small molecules. J. Chem. Phys., 98, 12."
    best, _ = _choose(raw, ARTICLE)
    assert best is None


def test_a_chapter_and_its_book_are_told_apart() -> None:
    chapter = (
        "Mbeki, T. (2010). Salt marsh grazing and sediment accretion. In Handbook of Coastal "
        "Ecology (pp. 45-67)."
    )
    book = "Mbeki, T. (2010). Handbook of Coastal Ecology. Coastal Press."
    best_chapter, _ = _choose(chapter, BOOK, CHAPTER)
    best_book, _ = _choose(book, CHAPTER, BOOK)
    assert best_chapter is not None and best_chapter.work.doi == CHAPTER.doi
    assert best_book is not None and best_book.work.doi == BOOK.doi


def test_a_work_not_in_the_index_matches_none_of_its_neighbours() -> None:
    raw = "1 A. Okonkwo, J. Chem. Phys. 119, 905 (2003)."  # a third paper of that issue
    best, _ = _choose(raw, ARTICLE, SAME_ISSUE)
    assert best is None


def test_two_records_the_entry_fits_equally_are_both_refused() -> None:
    twin = Work(**{**{f: getattr(ARTICLE, f) for f in ARTICLE.__slots__}, "doi": "10.5555/twin"})
    raw = "1 A. Okonkwo and B. Lindgren, J. Chem. Phys. 119, 880 (2003)."
    best, rest = _choose(raw, ARTICLE, twin)
    assert best is None and len(rest) == 2
