"""Text evidence: matching from the entry's own text, title or no title, among near-duplicates."""

from __future__ import annotations

from refaudit.extract.fields import parse_reference
from refaudit.model import Author, ParsedFields, Work
from refaudit.resolve.evidence import explained, near_number, prepare, text_evidence
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


JOURNAL_ONLY = Work(
    doi="10.5555/ijfh.2.2.1",
    title="Seed germination of three shrubs under growth hormones",
    year=2016,
    container="International Journal of Forestry and Horticulture",
    volume="2",
    issue="2",
    type="journal-article",
)


def test_a_thin_entry_the_record_explains_whole_matches_when_no_rival_is_near() -> None:
    raw = "(1) International Journal of Forestry and Horticulture 2016, 2."
    best, _ = _choose(raw, JOURNAL_ONLY, SAME_ISSUE)
    assert best is not None and best.work.doi == JOURNAL_ONLY.doi


def test_a_thin_entry_two_records_explain_is_refused() -> None:
    sibling = Work(**{**{f: getattr(JOURNAL_ONLY, f) for f in Work.__slots__}, "doi": "10.5555/s"})
    raw = "(1) International Journal of Forestry and Horticulture 2016, 2."
    best, _ = _choose(raw, JOURNAL_ONLY, sibling)
    assert best is None


def test_a_thin_entry_that_prints_more_than_the_record_holds_is_refused() -> None:
    raw = "(1) Okafor, B.; Eze, C. International Journal of Forestry and Horticulture 2016, 2, 114."
    best, _ = _choose(raw, JOURNAL_ONLY)
    assert best is None


def test_a_chapter_cited_by_its_book_title_matches_when_the_book_is_no_candidate() -> None:
    raw = "1 T. Mbeki, Handbook of Coastal Ecology (2010)."
    best, _ = _choose(raw, CHAPTER)
    assert best is not None and best.work.doi == CHAPTER.doi
    best, _ = _choose(raw, CHAPTER, BOOK)  # the book itself is the better answer
    assert best is not None and best.work.doi == BOOK.doi


def test_numbers_glued_to_words_or_misread_still_count() -> None:
    raw = "1 A. Okonkwo and B. Lindgren, J. Chem. Phys.119, 88O (20 03)."
    best, _ = _choose(raw, ARTICLE, SAME_ISSUE)
    assert best is not None and best.work.doi == ARTICLE.doi


def test_a_page_printed_as_two_numbers_agrees_with_the_record() -> None:
    review = Work(
        doi="10.5555/choice.40-2459",
        title="Life after office: four former presidents",
        year=2002,
        container="Choice Reviews Online",
        volume="40",
        pages="40-2459-40-2459",
        type="journal-article",
    )
    found = text_evidence(ParsedFields(), "Choice Reviews Online 2002, 40, 40-2459.", review)
    assert found.part("page") > 0


def test_near_number_accepts_one_misread_character_only() -> None:
    assert near_number("2011", prepare("Acta Math. 17, 263 (20l1)."))
    assert near_number("1943", prepare("Journal 23, 1 943 (2015)."))
    assert near_number("115", prepare("Journal 33, 11e5 (2015)."))
    assert not near_number("2011", prepare("Acta Math. 17, 263 (2012)."))
    assert not near_number("2011", prepare("Acta Math. 17, 263 (2ab1)."))


def test_explained_is_the_share_of_the_entry_the_record_holds() -> None:
    whole = "International Journal of Forestry and Horticulture 2016, 2."
    assert explained(whole, JOURNAL_ONLY) == 1.0
    assert explained("Okafor, B. Growth of teak. Forest Ecology 2016, 2.", JOURNAL_ONLY) < 0.5


def test_names_and_a_year_alone_identify_no_work() -> None:
    best, _ = _choose("[1] T. Mbeki, (2010).", CHAPTER, SAME_ISSUE)
    assert best is None


def test_an_entry_printing_a_chapter_and_its_book_cites_the_chapter() -> None:
    raw = "Salt marsh grazing and sediment accretion. Handbook of Coastal Ecology. . ."
    best, _ = _choose(raw, BOOK, CHAPTER)
    assert best is not None and best.work.doi == CHAPTER.doi


def test_title_words_the_venue_shares_are_no_evidence_for_the_title() -> None:
    other = Work(
        doi="10.5555/book.ch9",
        title="Coastal Ecology surveys",
        container="Handbook of Coastal Ecology",
        type="book-chapter",
    )
    found = text_evidence(ParsedFields(), "(1) Handbook of Coastal Ecology.", other)
    assert found.part("title") <= 0 < found.part("container")


FIGURE_31 = Work(
    doi="10.5555/report.f3-1",
    title="Figure 3.1. Liquidity of domestic sovereign bonds in recent years",
    type="component",
)
FIGURE_27 = Work(
    doi="10.5555/report.f2-7",
    title="Figure 2.7. Liquidity of domestic sovereign bonds in recent years",
    type="component",
)


def test_the_numbers_of_a_title_tell_apart_items_whose_words_are_the_same() -> None:
    raw = ". Figure 3.1. Liquidity of domestic sovereign bonds in recent years. . . ."
    right = text_evidence(ParsedFields(), raw, FIGURE_31).part("title")
    wrong = text_evidence(ParsedFields(), raw, FIGURE_27).part("title")
    assert right - wrong >= 1.0
    best, _ = _choose(raw, FIGURE_27, FIGURE_31)
    assert best is not None and best.work.doi == FIGURE_31.doi


def test_a_title_word_with_one_letter_wrong_still_counts() -> None:
    raw = "Okonkwo, A. (2003). Vibrational relaxatoin of small molecules in dense heliun."
    assert text_evidence(ParsedFields(), raw, ARTICLE).part("title") > 0


def test_a_short_entry_is_not_found_inside_a_long_title() -> None:
    long_title = Work(
        doi="10.5555/long",
        title="An introduction to the internet for child and adolescent mental health services",
        year=1997,
    )
    assert text_evidence(ParsedFields(), ". Introduction. 1997.", long_title).part("title") == 0


def test_a_number_printed_with_a_letter_for_a_digit_is_no_contradiction() -> None:
    raw = "Okonkwo, A.; Lindgren, B. J. Chem. Phys. 2003, 1l9, 880."
    fields = ParsedFields(volume="1l9", pages="880", year=2003)
    assert text_evidence(fields, raw, ARTICLE).part("volume") >= 0
    other = ParsedFields(volume="120", pages="880", year=2003)
    assert text_evidence(other, raw.replace("1l9", "120"), ARTICLE).part("volume") < 0


def test_a_printed_issue_that_differs_counts_against_the_record() -> None:
    raw = "Okonkwo, A. J. Chem. Phys. 2003, 119 (7), 880."
    fields = ParsedFields(volume="119", issue="7", pages="880", year=2003)
    assert text_evidence(fields, raw, ARTICLE).part("issue") < 0
    year_as_issue = ParsedFields(volume="119", issue="2003", pages="880")
    assert text_evidence(year_as_issue, raw, ARTICLE).part("issue") >= 0


def test_a_title_that_is_its_venue_printed_once_counts_half() -> None:
    volume = Work(
        doi="10.5555/proc",
        title="Proceedings of the Coastal Ecology Conference",
        container="Proceedings of the Coastal Ecology Conference",
        year=2004,
    )
    once = text_evidence(
        ParsedFields(), "Proceedings of the Coastal Ecology Conference 2004", volume
    )
    twice = text_evidence(
        ParsedFields(),
        "Proceedings of the Coastal Ecology Conference. Proceedings of the Coastal Ecology "
        "Conference 2004",
        volume,
    )
    assert 0 < once.part("title") < twice.part("title")


def test_a_runner_up_lacking_words_the_entry_prints_needs_no_large_lead() -> None:
    proceedings = Work(
        doi="10.5555/p1",
        title="Production logging in multilateral wells",
        authors=(Author("Sufi", "A."), Author("Haq", "S.")),
        year=1998,
        container="Proceedings of the Gulf Petroleum Conference",
        type="proceedings-article",
    )
    same_paper = Work(
        **{f: getattr(proceedings, f) for f in Work.__slots__}
        | {"doi": "10.5555/p2", "container": "Gulf Petroleum Conference"}
    )
    raw = (
        "Sufi, A., & Haq, S. (1998). Production logging in multilateral wells. Proceedings of "
        "the Gulf Petroleum Conference."
    )
    best, _ = _choose(raw, same_paper, proceedings)
    assert best is not None and best.work.doi == proceedings.doi
    twin = Work(**{f: getattr(proceedings, f) for f in Work.__slots__} | {"doi": "10.5555/p3"})
    best, _ = _choose(raw, twin, proceedings)
    assert best is None
