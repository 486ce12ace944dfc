"""Metadata rules: title, authors, year, venue and locators against the registered work."""

from __future__ import annotations

import pytest

from refaudit.check.base import RuleContext
from refaudit.check.locators import LocatorMismatch, pages_agree
from refaudit.check.metadata import (
    AuthorMismatch,
    TitleMismatch,
    VenueMismatch,
    YearMismatch,
    titles_equivalent,
    word_diff,
)
from refaudit.check.venues import venues_equivalent
from refaudit.model import Reference, Severity, Work
from tests.check.factories import (
    AGIN_LIEBES,
    CARHART_HARRIS,
    EMPATHY_ENTRIES,
    EMPATHY_WORKS,
    MITHOEFER,
    POKORNY,
    PRINTED_AGIN_LIEBES,
    PRINTED_CARHART_HARRIS,
    PRINTED_MITHOEFER,
    PRINTED_POKORNY,
    PRINTED_TIMMERMANN,
    TIMMERMANN,
    authors,
    make_context,
    make_reference,
    make_resolution,
    make_work,
    run,
    with_fields,
)


def pair(ref: Reference, work: Work) -> RuleContext:
    return make_context([ref], [make_resolution(work)])


def fields(ref: Reference, **changes: object) -> Reference:
    return with_fields(ref, **changes)


# --- titles


@pytest.mark.parametrize(
    ("printed", "registered"),
    [
        ("Effect of psilocybin on empathy and moral decision making", POKORNY.title),
        ("Effect of <i>Psilocybin</i> on Empathy &amp; Moral Decision–Making", POKORNY.title),
        ("Colour of behaviour", "Color of behavior"),
        ("Sub-acute effects of psilocybin", "Subacute Effects of Psilocybin"),
        (
            "Psilocybin for depression - six-month follow-up",
            "Psilocybin for depression: six-month follow-up",
        ),
        (
            "Psilocybin for treatment-resistant depression",
            "Psilocybin for treatment-resistant depression: six-month follow-up",
        ),
        ("Café society", "Cafe Society"),
    ],
)
def test_titles_equivalent_forms(printed: str, registered: str) -> None:
    assert titles_equivalent(printed, registered)


def test_title_mismatch_fires_with_word_diff() -> None:
    ref = fields(PRINTED_POKORNY, title="Effect of LSD on Empathy and Moral Decision-Making")
    [f] = run(TitleMismatch, pair(ref, POKORNY))
    assert '"LSD" → "Psilocybin"' in f.message
    assert f.fix == POKORNY.title and f.severity is Severity.WARNING


def test_far_title_on_an_identified_work_is_a_warning_quoting_the_printed_title() -> None:
    ref = fields(PRINTED_POKORNY, title="Neural correlates of DMT")
    [f] = run(TitleMismatch, pair(ref, POKORNY))
    assert f.severity is Severity.WARNING and "'Neural correlates of DMT'" in f.message


def test_title_case_and_dash_only_is_not_a_mismatch() -> None:
    ref = fields(PRINTED_POKORNY, title="EFFECT OF PSILOCYBIN ON EMPATHY AND MORAL DECISION—MAKING")
    assert run(TitleMismatch, pair(ref, POKORNY)) == []


def test_word_diff_lists_insertions_and_deletions() -> None:
    assert word_diff("a b c", "a c d") == 'drop "b"; add "d"'


# --- authors


def test_author_lists_of_the_empathy_article_truncated_correctly_pass() -> None:
    ctx = make_context(
        [PRINTED_POKORNY, PRINTED_MITHOEFER, PRINTED_TIMMERMANN],
        [make_resolution(POKORNY), make_resolution(MITHOEFER), make_resolution(TIMMERMANN)],
    )
    assert run(AuthorMismatch, ctx) == []


def test_author_after_ellipsis_must_be_the_last_author() -> None:
    [f] = run(AuthorMismatch, pair(PRINTED_CARHART_HARRIS, CARHART_HARRIS))
    assert "'Nutt', not 'Taylor'" in f.message and f.severity is Severity.WARNING


def test_misspelled_surname_is_a_warning_with_the_right_name() -> None:
    ref = fields(
        PRINTED_POKORNY,
        authors=authors(
            "Pokorny, T.", "Preler, K. H.", "Kometer, M.", "Dziobek, I.", "Vollenweider, F. X."
        ),
    )
    [f] = run(AuthorMismatch, pair(ref, POKORNY))
    assert "'Preler' should be 'Preller'" in f.message and f.severity is Severity.WARNING
    assert f.fix is not None and f.fix.startswith("Pokorny, T., Preller, K. H.")


def test_wrong_first_author_is_an_error() -> None:
    ref = fields(PRINTED_POKORNY, authors=authors("Smith, J.", "Preller, K. H."), et_al=True)
    [f] = run(AuthorMismatch, pair(ref, POKORNY))
    assert f.severity is Severity.ERROR and "'Smith'" in f.message


def test_missing_authors_without_et_al() -> None:
    ref = fields(PRINTED_POKORNY, authors=authors("Pokorny, T.", "Preller, K. H."))
    [f] = run(AuthorMismatch, pair(ref, POKORNY))
    assert "missing Kometer, Dziobek, Vollenweider" in f.message


def test_et_al_after_first_authors_is_fine() -> None:
    ref = fields(PRINTED_POKORNY, authors=authors("Pokorny, T.", "Preller, K. H."), et_al=True)
    assert run(AuthorMismatch, pair(ref, POKORNY)) == []


def test_swapped_authors_after_the_first_are_a_warning() -> None:
    ref = fields(
        PRINTED_POKORNY,
        authors=authors(
            "Pokorny, T.", "Kometer, M.", "Preller, A.", "Dziobek, I.", "Vollenweider, F. X."
        ),
    )
    [f] = run(AuthorMismatch, pair(ref, POKORNY))
    assert "another order" in f.message and f.severity is Severity.WARNING


def test_swapped_first_author_is_an_error() -> None:
    ref = fields(
        PRINTED_POKORNY,
        authors=authors(
            "Preller, K. H.", "Pokorny, T.", "Kometer, M.", "Dziobek, I.", "Vollenweider, F. X."
        ),
    )
    [f] = run(AuthorMismatch, pair(ref, POKORNY))
    assert "another order" in f.message and f.severity is Severity.ERROR


def test_particles_compounds_diacritics_and_organisations() -> None:
    work = Work(
        doi="10.1/x",
        authors=authors(
            "Berg, Jan van den", "García Márquez, Ana", "Stämpfli, P.", "WHO Collaborators"
        ),
    )
    ref = fields(
        PRINTED_POKORNY,
        authors=authors("van den Berg, J.", "García, A.", "Stampfli, P.", "WHO collaborators"),
        et_al=False,
    )
    assert run(AuthorMismatch, pair(ref, work)) == []


# --- year


def test_carhart_harris_print_year_is_not_a_mismatch() -> None:
    assert run(YearMismatch, pair(PRINTED_CARHART_HARRIS, CARHART_HARRIS)) == []


def test_agin_liebes_online_year_with_issue_is_info_with_both_dates() -> None:
    [f] = run(YearMismatch, pair(PRINTED_AGIN_LIEBES, AGIN_LIEBES))
    assert f.severity is Severity.INFO
    assert "2023-06-05" in f.message and "38(1)" in f.message and "2024-02" in f.message
    assert f.fix == "2024" and f.found == "2023"


def test_online_year_without_issue_details_is_fine() -> None:
    ref = fields(PRINTED_AGIN_LIEBES, volume=None, issue=None, pages=None)
    assert run(YearMismatch, pair(ref, AGIN_LIEBES)) == []


def test_wrong_year_is_an_error() -> None:
    [f] = run(YearMismatch, pair(fields(PRINTED_POKORNY, year=2015), POKORNY))
    assert f.severity is Severity.ERROR and f.fix == "2017"


# --- venue


@pytest.mark.parametrize(
    ("printed", "registered"),
    [
        ("J Psychoactive Drugs", "Journal of Psychoactive Drugs"),
        ("J. Psychoactive Drugs", "Journal of Psychoactive Drugs"),
        ("Int J Neuropsychopharmacol", "International Journal of Neuropsychopharmacology"),
        ("Lancet Psychiatry", "The Lancet Psychiatry"),
        (
            "Proc Natl Acad Sci USA",
            "Proceedings of the National Academy of Sciences of the United States of America",
        ),
        (
            "Psychology of Consciousness",
            "Psychology of Consciousness: Theory, Research, and Practice",
        ),
        ("Psychol Addict Behav", "Psychology of Addictive Behaviors"),
        ("Science & Society", "Science and Society"),
    ],
)
def test_venues_equivalent_forms(printed: str, registered: str) -> None:
    assert venues_equivalent(printed, registered)


@pytest.mark.parametrize(
    ("printed", "registered"),
    [("Lancet", "The Lancet Psychiatry"), ("Journal of Psychopharmacology", "Psychopharmacology")],
)
def test_different_venues(printed: str, registered: str) -> None:
    assert not venues_equivalent(printed, registered)


def test_venue_mismatch_fires_and_uses_short_container() -> None:
    ref = fields(PRINTED_POKORNY, container="Journal of Psychopharmacology")
    [f] = run(VenueMismatch, pair(ref, POKORNY))
    assert f.fix == POKORNY.container
    abbreviated = fields(PRINTED_POKORNY, container="Int. J. Neuropsychopharmacol.")
    assert run(VenueMismatch, pair(abbreviated, POKORNY)) == []


def test_whole_empathy_list_has_no_metadata_findings_but_known_ones() -> None:
    ctx = make_context(EMPATHY_ENTRIES, [make_resolution(w) for w in EMPATHY_WORKS])
    for rule in (TitleMismatch, YearMismatch, VenueMismatch, LocatorMismatch):
        assert run(rule, ctx) == [], rule.name


# --- locators


@pytest.mark.parametrize(
    ("printed", "pages", "article"),
    [
        ("1181-97", "1181-1197", ""),
        ("747", "747-757", ""),
        ("16324", "", "16324"),
        ("e0123", "", "e0123"),
        ("1-12", "", "16324"),
    ],
)
def test_pages_agree(printed: str, pages: str, article: str) -> None:
    assert pages_agree(printed, pages, article)


def test_pages_disagree() -> None:
    assert not pages_agree("747-775", "747-757", "")
    assert not pages_agree("12", "", "16324")


def test_locator_mismatch_volume_and_pages() -> None:
    ref = fields(PRINTED_POKORNY, volume="21", pages="747-775")
    found = run(LocatorMismatch, pair(ref, POKORNY))
    assert [(f.expected, f.found) for f in found] == [("20", "21"), ("747-757", "747-775")]


def test_truncated_range_is_left_to_incomplete_reference() -> None:
    assert run(LocatorMismatch, pair(PRINTED_TIMMERMANN, TIMMERMANN)) == []


@pytest.mark.parametrize(
    "title",
    ["Journal of Imaginary Physics 12 (1999) 345", "345", "Imag. Phys. 12 (1999) 345"],
)
def test_a_style_without_titles_gives_no_title_mismatch(title: str) -> None:
    work = make_work(
        title="Phonon lifetimes in layered crystals",
        authors=("Quill, A.", "Marsh, B."),
        container="Journal of Imaginary Physics",
        short_container="Imag. Phys.",
        volume="12",
        pages="345-350",
        year=1999,
    )
    raw = f"[1] A. Quill, B. Marsh, {title}."
    ref = make_reference(raw=raw, title=title, authors=("Quill, A.", "Marsh, B."), year=1999)
    assert run(TitleMismatch, pair(ref, work)) == []


def test_a_different_title_in_a_style_with_titles_is_still_reported() -> None:
    work = make_work(
        title="Phonon lifetimes in layered crystals",
        authors=("Quill, A.",),
        container="J. Imag. Phys.",
        volume="12",
        pages="345",
        year=1999,
    )
    raw = "Quill, A. (1999). Electron spin in thin films. J. Imag. Phys., 12, 345."
    ref = make_reference(raw=raw, title="Electron spin in thin films", authors=("Quill, A.",))
    [f] = run(TitleMismatch, pair(ref, work))
    assert f.found == "Electron spin in thin films"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("(1) Quill, A.; Marsh, B. Imaginary Physics Letters 1999, 12, 345.", "Imaginary"),
        ("(1) Quill. Journal of Imaginary Physics 1999, 12, 345.", "Quill"),
        ("1 A. Quill, and B. Marsh, Imaginary Physics Letters 12, 345 (1999).", "1 A. Quill"),
    ],
)
def test_a_title_made_of_author_or_venue_words_is_no_title(raw: str, title: str) -> None:
    work = make_work(
        title="Phonon lifetimes in layered crystals",
        authors=("Quill, A.", "Marsh, B."),
        container="Imaginary Physics Letters",
        volume="12",
        pages="345-350",
        year=1999,
    )
    ref = make_reference(raw=raw, title=title, authors=("Quill, A.", "Marsh, B."), year=1999)
    assert run(TitleMismatch, pair(ref, work)) == []


def test_a_venue_glued_to_the_list_label_is_the_registered_venue() -> None:
    work = make_work(
        title="Phonon lifetimes in layered crystals",
        authors=("Quill, A.",),
        container="Zeitschrift für Imaginäre Physik",
        volume="18",
        pages="224",
        year=2008,
    )
    raw = "1Zeitschrift Für Imaginäre Physik 18, 224 (2008)."
    ref = make_reference(raw=raw, container="Für Imaginäre Physik", volume="18", pages="224")
    assert run(VenueMismatch, pair(ref, work)) == []


def test_a_volume_and_page_swapped_by_the_parse_are_no_mismatch() -> None:
    work = make_work(
        title="Phonon lifetimes in layered crystals",
        authors=("Quill, A.",),
        container="Imaginary Studies",
        volume="6",
        issue="1",
        pages="27",
        year=1987,
    )
    raw = "Quill, A. “Phonon Lifetimes in Layered Crystals.” Imaginary Studies 6.1 (1987): 27."
    ref = make_reference(raw=raw, title=work.title, volume="27", pages="6", year=1987)
    assert run(LocatorMismatch, pair(ref, work)) == []


def test_a_wrong_volume_the_parse_missed_is_read_before_the_issue() -> None:
    work = make_work(
        title="Phonon lifetimes in layered crystals",
        authors=("Quill, A.",),
        container="Imaginary Studies",
        volume="12",
        issue="12",
        pages="e0190",
        year=2017,
    )
    raw = "Quill, A. “Phonon Lifetimes in Layered Crystals.” Imaginary Studies 15.12 (2017): e0190."
    ref = make_reference(raw=raw, title=work.title, pages="15", article_number="e0190")
    [f] = run(LocatorMismatch, pair(ref, work))
    assert f.found == "15" and f.fix == "volume 12"


def test_the_registered_range_printed_whole_clears_an_issue_read_as_pages() -> None:
    work = make_work(
        title="Phonon lifetimes in layered crystals",
        authors=("Quill, A.",),
        container="Imaginary Studies",
        volume="7",
        issue="1-2",
        pages="1-6",
        year=1992,
    )
    raw = "Quill, A. 1992. “Phonon Lifetimes in Layered Crystals.” Imaginary Studies 7 (1-2): 1–6."
    ref = make_reference(raw=raw, title=work.title, volume="7", pages="1-2", year=1992)
    assert run(LocatorMismatch, pair(ref, work)) == []
