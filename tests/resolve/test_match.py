from refaudit.model import Author, ParsedFields, Work
from refaudit.resolve.match import (
    acceptable,
    choose,
    compare_work,
    is_notice,
    is_other_work,
    search_text,
)

TITLE = (
    "Psilocybin with psychological support for treatment-resistant depression: six-month follow-up"
)
WORK = Work(
    doi="10.1007/s00213-017-4771-x",
    title=TITLE,
    authors=(Author("Carhart-Harris", "R. L."), Author("Bolstridge", "M.")),
    year=2017,
    issued="2017-11-08",
    published_online="2017-11-08",
    published_print="2018-02",
    volume="235",
    pages="399-408",
)
SIBLING = Work(
    doi="10.5555/sibling",
    title="Psilocybin with psychological support for treatment-resistant depression: "
    "an open-label feasibility study",
    authors=(Author("Carhart-Harris", "Robin L."),),
    year=2016,
    issued="2016-05-17",
    volume="3",
    pages="619-627",
)
PRINTED = ParsedFields(
    authors=(Author("Carhart-Harris", "R. L."),),
    year=2018,
    title=TITLE,
    volume="235",
    pages="399-408",
)


def test_print_year_counts_as_agreement() -> None:
    evidence = compare_work(PRINTED, "", WORK)
    assert evidence.agreement("year") == 1.0
    assert acceptable(evidence)


def test_same_author_and_title_prefix_but_other_study_is_rejected() -> None:
    assert not acceptable(compare_work(PRINTED, "", SIBLING))


def test_choose_keeps_runner_ups() -> None:
    best, rest = choose(PRINTED, "", [(SIBLING, 40.0), (WORK, 39.0)])
    assert best is not None and best.work.doi == WORK.doi
    assert [c.work.doi for c in rest] == [SIBLING.doi]
    assert "title" in best.agreed and "page" in best.agreed


def test_nothing_acceptable_gives_none_with_candidates() -> None:
    best, rest = choose(PRINTED, "", [(SIBLING, 40.0)])
    assert best is None and rest[0].work.doi == SIBLING.doi


def test_title_found_in_raw_text_when_parser_missed_it() -> None:
    raw = (
        "Carhart-Harris RL (2018) Psilocybin with psychological support for treatment-resistant "
        "depression: six-month follow-up. Psychopharmacology 235:399"
    )
    evidence = compare_work(ParsedFields(), raw, WORK)
    assert evidence.title > 0.9
    assert acceptable(evidence)


def test_generic_title_alone_is_not_enough() -> None:
    work = Work(doi="10.1/x", title="Introduction", authors=(Author("Smith"),), year=2001)
    printed = ParsedFields(title="Introduction", authors=(Author("Jones"),), year=2015)
    assert not acceptable(compare_work(printed, "", work))


def test_correction_notice_is_not_accepted_for_the_article() -> None:
    notice = Work(doi="10.1/c", title="Correction to: " + WORK.title, year=2018)
    best, _ = choose(PRINTED, "", [(notice, 50.0)])
    assert best is None
    assert is_notice(notice.title) and not is_notice(WORK.title)


def test_wrong_doi_record_is_another_work() -> None:
    other = Work(doi="10.1/o", title="Mitochondrial fission in yeast", authors=(Author("Li"),))
    assert is_other_work(PRINTED, "", other)
    assert not is_other_work(PRINTED, "", WORK)
    assert not is_other_work(ParsedFields(), "", other)  # nothing printed to contradict it


def test_search_text_drops_dois_urls_and_labels() -> None:
    raw = "1. Smith, J. (2020). A title. J Q, 1, 2. https://doi.org/10.1234/abc doi:10.5678/def"
    assert search_text(raw) == "Smith, J. (2020). A title. J Q, 1, 2"


def test_misspelt_first_author_still_agrees_in_part() -> None:
    from refaudit.model import Author, ParsedFields, Work
    from refaudit.resolve.match import acceptable, compare_work

    work = Work(
        doi="10.5555/b",
        title="Book reviews of haematology",
        authors=(Author("Peetermans", "M."), Author("Marti", "H.")),
        year=1988,
        volume="57",
    )
    fields = ParsedFields(
        authors=(Author("Peetemrans", "M."), Author("Marti", "H.")),
        year=1988,
        title="Book reviews of haematology",
        volume="57",
    )
    evidence = compare_work(fields, "", work)
    assert evidence.agreement("author") == 0.8 and acceptable(evidence)
    other = ParsedFields(authors=(Author("Okafor", "M."),), year=1988, title=work.title)
    assert compare_work(other, "", work).agreement("author") == 0.0


def test_search_text_drops_list_labels_but_not_a_leading_year() -> None:
    assert search_text("(1) Health Psychology 2018.") == "Health Psychology 2018"
    assert search_text("[12] Smith, J.") == "Smith, J"
    assert search_text("1 L. Nunes de Castro, (2012).") == "L. Nunes de Castro, (2012)"
    assert search_text("1Journal of Foo 12, 3 (2017).") == "Journal of Foo 12, 3 (2017)"
    assert search_text("12014 Conference on Foo (2014).") == "2014 Conference on Foo (2014)"
    assert search_text("2014. Humanitarian assistance.") == "2014. Humanitarian assistance"
    assert search_text("(1989). Journal of Foo, 43(6), 2.") == "(1989). Journal of Foo, 43(6), 2"
    assert search_text("100 Years of Solitude.") == "100 Years of Solitude"
