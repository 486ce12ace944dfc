"""Offline rules over the reference list and the citations."""

from __future__ import annotations

from dataclasses import replace

from refaudit.check.duplicates import DuplicateReference
from refaudit.check.structure import (
    IncompleteReference,
    InvalidDoi,
    NoReferenceList,
    UnparsedReference,
)
from refaudit.model import ResolutionStatus, Severity
from tests.check.factories import (
    FULL_FIELDS,
    PRINTED_TIMMERMANN,
    TIMMERMANN,
    make_citation,
    make_context,
    make_reference,
    make_resolution,
    make_work,
    run,
)

S = ResolutionStatus


def test_no_reference_list_fires_for_citations_without_list() -> None:
    ctx = make_context((), citations=[make_citation("As shown (Smith, 2020).", line=4)])
    [f] = run(NoReferenceList, ctx)
    assert f.line == 4 and "1 citation" in f.message


def test_no_reference_list_fires_for_empty_heading() -> None:
    [f] = run(NoReferenceList, make_context((), heading_line=20))
    assert f.line == 20


def test_no_reference_list_silent_for_plain_prose_and_for_lists() -> None:
    assert run(NoReferenceList, make_context(())) == []
    assert run(NoReferenceList, make_context([make_reference(**FULL_FIELDS)], heading_line=3)) == []


def test_unparsed_reference_names_missing_fields() -> None:
    ref = make_reference(title="Something")
    [f] = run(UnparsedReference, make_context([ref]))
    assert "authors and year" in f.message and f.reference == 1


def test_unparsed_reference_accepts_organisation_and_in_press() -> None:
    ref = make_reference(authors=("World Health Organization",), year_note="in press", title="X")
    assert run(UnparsedReference, make_context([ref])) == []


def test_incomplete_reference_truncated_range_offline() -> None:
    [f] = run(IncompleteReference, make_context([PRINTED_TIMMERMANN]))
    assert "'1-'" in f.message and f.reference == 5
    assert f.fix == "give the full page range or the article number"


def test_incomplete_reference_timmermann_gets_article_number_fix() -> None:
    ctx = make_context([PRINTED_TIMMERMANN], [make_resolution(TIMMERMANN)])
    [f] = run(IncompleteReference, ctx)
    assert f.fix == "article number 16324"
    assert f.expected == "article number 16324" and f.found == "1-"


def test_incomplete_reference_missing_volume_and_pages() -> None:
    ref = make_reference(
        authors=("Smith, J.",), year=2020, title="T", container="J", type="journal-article"
    )
    msgs = [f.message for f in run(IncompleteReference, make_context([ref]))]
    assert len(msgs) == 2 and any("volume" in m for m in msgs)


def test_incomplete_reference_online_first_without_volume_is_fine() -> None:
    ref = make_reference(
        authors=("Smith, J.",), year=2020, title="T", container="J", type="journal-article"
    )
    work = make_work(title="T", year=2020)
    assert run(IncompleteReference, make_context([ref], [make_resolution(work)])) == []


def test_incomplete_reference_complete_entry_and_book_are_fine() -> None:
    book = make_reference(2, authors=("Smith, J.",), year=2020, title="Book", container="Wiley")
    ctx = make_context([make_reference(**FULL_FIELDS), book])
    assert run(IncompleteReference, ctx) == []


def test_incomplete_reference_cut_title() -> None:
    ref = make_reference(**{**FULL_FIELDS, "title": "The effects of psilocybin on the"})
    [f] = run(IncompleteReference, make_context([ref]))
    assert "cut off" in f.message
    ok = make_reference(**{**FULL_FIELDS, "title": "Vitamin A and Hepatitis A"})
    assert run(IncompleteReference, make_context([ok])) == []


def test_duplicate_reference_same_doi_and_same_fields() -> None:
    a = make_reference(1, **FULL_FIELDS, doi="10.1/x")
    b = make_reference(2, **FULL_FIELDS, doi="10.1/x")
    c = make_reference(3, **{**FULL_FIELDS, "title": "A Study of Things."})
    found = run(DuplicateReference, make_context([a, b, c]))
    assert [(f.reference, "10.1/x" in f.message) for f in found] == [(2, True), (3, False)]


def test_duplicate_reference_year_suffixes_are_different_works() -> None:
    a = make_reference(1, **FULL_FIELDS, year_suffix="a")
    b = make_reference(2, **FULL_FIELDS, year_suffix="b")
    assert run(DuplicateReference, make_context([a, b])) == []


def test_invalid_doi_with_and_without_resolution() -> None:
    ref = make_reference(**FULL_FIELDS, doi_raw="10.1093/")
    [f] = run(InvalidDoi, make_context([ref]))
    assert f.found == "10.1093/" and f.fix is None
    work = make_work("10.1093/ijnp/pyx047", title="A study of things")
    [g] = run(InvalidDoi, make_context([ref], [make_resolution(work)]))
    assert g.fix == "https://doi.org/10.1093/ijnp/pyx047"
    assert run(InvalidDoi, make_context([make_reference(**FULL_FIELDS, doi="10.1/x")])) == []


def test_title_cut_by_the_parser_not_by_the_author_is_not_reported() -> None:
    raw = "Zeifman, R. (2025). The Central Role of Self-Compassion. Research Square."
    ref = make_reference(**{**FULL_FIELDS, "title": "The Central Role of"}, raw=raw)
    assert run(IncompleteReference, make_context([ref])) == []


def test_grey_literature_needs_no_journal_locators_and_is_not_unparsed() -> None:
    web = make_reference(1, title="Alcohol facts", url="https://example.org/alcohol")
    book = make_reference(2, authors=("Hume, D.",), year=1748, title="An enquiry", type="book")
    ctx = make_context([web, book])
    assert run(IncompleteReference, ctx) == []
    assert [f.severity.value for f in run(UnparsedReference, ctx)] == ["info"]


def test_unparsed_entry_that_resolved_is_not_reported() -> None:
    ref = make_reference(raw="1 Z. Xu, J. Heat Transfer 106, 480 (1984).", volume="106")
    work = make_work("10.5555/xu", title="Flow in pipes", volume="106", pages="480")
    assert run(UnparsedReference, make_context([ref], [make_resolution(work)])) == []


def test_journal_article_without_volume_is_information_and_silent_when_printed() -> None:
    work = make_work("10.5555/v", title="A study of things", volume="22", pages="1-10")
    parsed = {**FULL_FIELDS, "volume": None, "title": "A study of things"}
    raw = "Smith, J. (2020). A study of things. Journal of Things 22.1-3: 1-10."
    printed = make_reference(raw=raw, **parsed)
    assert run(IncompleteReference, make_context([printed], [make_resolution(work)])) == []
    bare = make_reference(**parsed)
    [f] = run(IncompleteReference, make_context([bare], [make_resolution(work)]))
    assert f.severity.value == "info" and f.fix == "volume 22"


def test_a_wrong_doi_shared_with_another_entry_is_no_duplicate() -> None:
    a = make_reference(1, **FULL_FIELDS, doi="10.1/neighbour")
    b = make_reference(2, **{**FULL_FIELDS, "title": "Another study"}, doi="10.1/neighbour")
    own = make_work("10.1/own", title="Another study")
    mismatch = make_resolution(own, ResolutionStatus.DOI_MISMATCH)
    ctx = make_context([a, b], [make_resolution(make_work("10.1/neighbour")), mismatch])
    assert run(DuplicateReference, ctx) == []


def test_same_authors_title_and_year_in_two_issues_are_two_works() -> None:
    a = make_reference(1, **{**FULL_FIELDS, "title": "Reply", "volume": "89", "pages": "547-548"})
    b = make_reference(2, **{**FULL_FIELDS, "title": "Reply", "volume": "90", "pages": "278-279"})
    assert run(DuplicateReference, make_context([a, b])) == []


def test_a_range_the_parse_cut_but_the_entry_prints_whole_is_not_truncated() -> None:
    raw = "Broder, A. (2004). Bloom filters. Internet Mathematics 1(4): 485--509."
    ref = make_reference(**{**FULL_FIELDS, "pages": "485-"}, raw=raw)
    assert run(IncompleteReference, make_context([ref])) == []


def test_repeated_short_form_notes_are_no_duplicates() -> None:
    a = make_reference(
        1,
        raw='Terranova, "Red Stack Attack!"',
        authors=("Terranova, T.",),
        title="Red Stack Attack!",
    )
    b = make_reference(
        2,
        raw='Terranova, "Red Stack Attack!"',
        authors=("Terranova, T.",),
        title="Red Stack Attack!",
    )
    assert run(DuplicateReference, make_context([a, b])) == []


def test_short_doi_is_information_not_an_invalid_doi() -> None:
    ref = make_reference(**FULL_FIELDS, doi_raw="https://doi.org/10/cqjskf")
    [f] = run(InvalidDoi, make_context([ref]))
    assert f.severity.value == "info" and "shortDOI" in f.message


def test_link_labels_without_year_are_information() -> None:
    label = make_reference(raw="OpenAI Gym", title="OpenAI Gym")
    article = make_reference(
        2,
        raw="Egger M, Smith J. Language bias. J Clin Epi 12:1-9.",
        authors=("Egger, M.",),
        title="Language bias",
        container="J Clin Epi",
        volume="12",
        pages="1-9",
    )
    found = run(UnparsedReference, make_context([label, article]))
    assert [(f.reference, f.severity.value) for f in found] == [(1, "info"), (2, "warning")]


def test_notes_repeat_their_works_without_being_duplicates() -> None:
    first = make_reference(
        1,
        raw="Terry v. Ohio (1968) 392 U.S. 1, 13.",
        title="Terry v. Ohio",
        year=1968,
        volume="392",
        pages="1",
    )
    again = make_reference(
        2,
        raw="Terry v. Ohio (1968) 392 U.S. 1, 21.",
        title="Terry v. Ohio",
        year=1968,
        volume="392",
        pages="1",
    )
    notes = [replace(r, list_name="Notes") for r in (first, again)]
    assert run(DuplicateReference, make_context(notes)) == []
    cites = [
        make_citation("As held.", 1, kind="footnote"),
        make_citation("Again.", 2, kind="footnote"),
    ]
    assert run(DuplicateReference, make_context([first, again], citations=cites)) == []
    assert len(run(DuplicateReference, make_context([first, again]))) == 1


def test_an_undated_chapter_or_book_without_authors_is_information() -> None:
    chapter = make_reference(
        1,
        raw="“Realism, a primer.” The Quest for a Philosophy of History in Imaginary Studies.",
        title="Realism, a primer",
        container="The Quest for a Philosophy of History in Imaginary Studies",
    )
    book = make_reference(
        2,
        raw="(2) Quill, P.; Marsh, K. Handbook of Imaginary Matter 1–1.",
        authors=("Quill, P.", "Marsh, K."),
        title="Handbook of Imaginary Matter",
        pages="1-1",
    )
    found = run(UnparsedReference, make_context([chapter, book]))
    assert [(f.reference, f.severity.value) for f in found] == [(1, "info"), (2, "info")]


def test_an_undated_journal_article_is_still_a_warning() -> None:
    ref = make_reference(
        raw="Quill, P. Handbook of Imaginary Matter. J. Imag. 12, 1-9.",
        authors=("Quill, P.",),
        title="Handbook of Imaginary Matter",
        container="J. Imag.",
        volume="12",
        pages="1-9",
    )
    [f] = run(UnparsedReference, make_context([ref]))
    assert f.severity is Severity.WARNING


def test_a_range_printed_cut_that_the_parse_missed_is_still_truncated() -> None:
    work = make_work("10.5555/c", title="Clot lysis", pages="861-863", type="book-chapter")
    ref = make_reference(
        raw="Chen, W. 2019. “Clot Lysis.” Haemostasis in Practice: 861–.",
        title="Clot Lysis",
        container="Haemostasis in Practice",
        year=2019,
    )
    [f] = run(IncompleteReference, make_context([ref], [make_resolution(work, S.MATCHED)]))
    assert f.fix == "pages 861-863"
    whole = replace(ref, raw=ref.raw.replace("861–.", "861–863."))
    assert run(IncompleteReference, make_context([whole], [make_resolution(work, S.MATCHED)])) == []
    open_years = replace(ref, raw="Chen, W. Clot Lysis. Haemostasis in Practice (2019–).")
    assert run(IncompleteReference, make_context([open_years], [None])) == []


def test_a_title_ending_on_of_as_registered_is_not_cut_even_under_a_wrong_doi() -> None:
    found = make_work("10.5555/e", title="Dreams, Interpretation of", type="book-chapter")
    raw = "Ng, R. (2018). Dreams, Interpretation of. Encyclopedia of Sleep, 1–9."
    ref = make_reference(raw=raw, title="Dreams, Interpretation of", doi="10.5555/ex9")
    res = make_resolution(found, S.UNKNOWN_DOI)
    assert run(IncompleteReference, make_context([ref], [res])) == []
