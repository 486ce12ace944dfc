"""Evidence first: metadata findings only where the entry's own text shows the difference.

Each test is one real false-alarm class or one equivalence, written as a small entry of its
own (raw text + what a parser might have read from it) and a small registered record.
"""

from __future__ import annotations

import pytest

from refaudit.check.base import Rule
from refaudit.check.evidence import RawEntry, issue_numbers_equal, title_key
from refaudit.check.locators import LocatorMismatch
from refaudit.check.metadata import (
    AuthorMismatch,
    TitleMismatch,
    VenueMismatch,
    YearMismatch,
    titles_equivalent,
)
from refaudit.check.venues import venue_in_text, venues_equivalent, work_venues
from refaudit.model import Finding, Reference, ResolutionStatus, Severity, Work
from tests.check.factories import make_context, make_reference, make_resolution, make_work, run

METADATA = (TitleMismatch, AuthorMismatch, YearMismatch, VenueMismatch, LocatorMismatch)

HEART = make_work(
    "10.5555/heart.2006",
    title="Long-term outcome of valve repair in older adults",
    authors=("Okafor, Chidi", "Lindqvist, Maja", "Brandt, Ole"),
    year=2006,
    issued="2006-11",
    container="Circulation",
    volume="114",
    issue="18",
    pages="1735-1740",
)


def findings(raw: str, work: Work, **parsed: object) -> list[Finding]:
    ref = make_reference(raw=raw, **parsed)
    ctx = make_context([ref], [make_resolution(work)])
    return [f for rule in METADATA for f in run(rule, ctx)]


def only(rule: type[Rule], raw: str, work: Work, **parsed: object) -> list[Finding]:
    ref = make_reference(raw=raw, **parsed)
    return run(rule, make_context([ref], [make_resolution(work)]))


# --- parse errors are not the author's errors


def test_first_page_read_as_year_is_no_year_mismatch() -> None:
    raw = "Okafor C, Lindqvist M, Brandt O. Long-term outcome of valve repair in older adults. "
    raw += "Circulation. 2006;114(18):1735-40."
    assert findings(raw, HEART, year=1735, title=HEART.title, container="Circulation") == []


def test_pages_from_a_hyphenated_date_are_no_locator_mismatch() -> None:
    work = make_work("10.5555/x", title="Screening adults for anxiety", pages="520-564")
    raw = "Screening adults for anxiety. Updated June-19-2017. Accessed 2020."
    assert only(LocatorMismatch, raw, work, title=work.title, pages="19-2017") == []


def test_locator_tail_parsed_as_venue_is_no_venue_mismatch() -> None:
    work = make_work(
        "10.5555/y", title="Sleep and mood", container="Psychological Medicine", volume="83"
    )
    raw = "Wen L. Sleep and mood. Psychol Med. 2019 Oct;83:746-754. Review."
    assert only(VenueMismatch, raw, work, container="Oct;83:746-754. Review") == []


def test_title_cut_at_a_wrong_full_stop_is_no_title_or_venue_mismatch() -> None:
    work = make_work(
        "10.5555/z",
        title="Oxytocin and Trust. Trustworthiness of Others",
        authors=("Nagel, Ruth",),
        container="Psychological Science",
        year=2015,
    )
    raw = "Nagel R. Oxytocin and Trust. Trustworthiness of Others. Psychological Science. 2015."
    parsed = {"title": "Oxytocin and Trust", "container": "Trustworthiness of Others. "}
    parsed["container"] += "Psychological Science"
    assert findings(raw, work, authors=("Nagel, R.",), year=2015, **parsed) == []


def test_issue_parsed_as_pages_is_no_locator_mismatch() -> None:
    work = make_work("10.5555/p", title="Phonons in thin films", volume="113", pages="249-255")
    raw = "Hale, J. 1982. Phonons in thin films. Surface Science 113 (1-3): 249-255."
    assert only(LocatorMismatch, raw, work, volume="113", pages="1-3") == []


def test_split_compound_name_is_no_author_mismatch() -> None:
    work = make_work("10.5555/c", title="Política monetaria", authors=("Gil León, José Mauricio",))
    raw = "Gil León, José Mauricio. 2015. Política monetaria. Ensayos 33: 133-148."
    printed = ("León, Gil", "Mauricio, X.")
    assert only(AuthorMismatch, raw, work, authors=printed) == []


# --- equivalent forms are equal


@pytest.mark.parametrize(
    ("raw", "registered", "short"),
    [
        ("J Natl Cancer Inst. 2001;93:1-9.", "JNCI: Journal of the National Cancer Institute", ""),
        ("Medicine (Baltimore). 2019;98(2):e1.", "Medicine", ""),
        ("Cancer (Phila) 1999; 85: 12-20.", "Cancer", ""),
        ("JAMA. 2001;285:1-9.", "JAMA", ""),
        ("The Lancet, 390, 1-9.", "Lancet", ""),
        ("Arch Intern Med 149: 1507.", "Archives of Internal Medicine", ""),
        ("ASME J. Heat Transfer 106, 480.", "Journal of Heat Transfer", ""),
        ("Science & Society, 3, 1-9.", "Science and Society", ""),
        (
            "Int J Neuropsychopharmacol, 20, 747.",
            "International Journal of X",
            "Int J Neuropsychopharmacol",
        ),
    ],
)
def test_registered_venue_found_in_the_entry_in_any_form(
    raw: str, registered: str, short: str
) -> None:
    work = make_work("10.5555/v", container=registered, short_container=short)
    assert any(venue_in_text(RawEntry(raw).tokens, n) for n in work_venues(work))


def test_iso4_abbreviation_counts_as_the_same_journal() -> None:
    assert venues_equivalent("J. Heat Transf.", "Journal of Heat Transfer")
    assert not venues_equivalent("Journal of Psychopharmacology", "Psychopharmacology")


def test_wrong_journal_is_still_found() -> None:
    raw = (
        "Okafor C. Long-term outcome of valve repair in older adults. Heart Rhythm. 2006;114:1735."
    )
    [f] = only(VenueMismatch, raw, HEART, container="Heart Rhythm")
    assert f.found == "Heart Rhythm" and f.fix == "Circulation"


@pytest.mark.parametrize(
    ("printed", "registered"),
    [
        ("Nicotinic alpha4beta2 receptors in the cortex", "Nicotinic α4β2 receptors in the cortex"),
        (
            "Nicotinic alpha4beta2 receptors in the cortex",
            "Nicotinic <mml:math><mml:mi>α</mml:mi><mml:mn>4</mml:mn></mml:math>beta2 receptors "
            "in the cortex",
        ),
        ("Haemoglobin in paediatric anaemia", "Hemoglobin in pediatric anemia"),
        ("Valve repair - a cohort study", "Valve repair: a cohort study"),
        ("Repair of the mitral valve", "Repair of the mitral valve: a cohort study"),
    ],
)
def test_title_forms(printed: str, registered: str) -> None:
    assert titles_equivalent(printed, registered)


def test_title_cut_inside_its_words_is_a_mismatch() -> None:
    assert not titles_equivalent("Long-term outcome of valve", HEART.title)
    raw = "Okafor C. (2006). Long-term outcome of valve. Circulation, 114(18), 1735-1740."
    [f] = only(TitleMismatch, raw, HEART, title="Long-term outcome of valve")
    assert f.fix == HEART.title and "'Long-term outcome of valve'" in f.message


def test_translated_title_in_brackets_is_not_compared() -> None:
    work = make_work("10.5555/t", title="Über die Herzklappe", authors=("Brandt, Ole",))
    raw = "Brandt O. [On the heart valve]. Herz. 1990;5:1-9."
    assert only(TitleMismatch, raw, work, title="[On the heart valve]") == []


@pytest.mark.parametrize(
    ("printed", "registered"), [("2 Suppl", "2"), ("Suppl 2", "2"), ("Pt 1", "1"), ("3", "3")]
)
def test_issue_forms(printed: str, registered: str) -> None:
    assert issue_numbers_equal(printed, registered)


@pytest.mark.parametrize("pages", ["1735-40", "1735–1740", "pp. 1735-1740", "1735"])
def test_page_forms_agree(pages: str) -> None:
    raw = f"Okafor C. Long-term outcome of valve repair in older adults. Circulation 114, {pages}."
    assert only(LocatorMismatch, raw, HEART, pages=pages, volume="114") == []


def test_e_page_equals_article_number() -> None:
    work = make_work("10.5555/e", title="A trial", article_number="0123", volume="9")
    raw = "Lee K. A trial. PLoS One 9: e0123."
    assert only(LocatorMismatch, raw, work, pages="e0123", volume="9") == []


def test_wrong_pages_are_found_with_the_printed_value() -> None:
    raw = "Okafor C. Long-term outcome of valve repair in older adults. Circulation 114, 1775-1780."
    [f] = only(LocatorMismatch, raw, HEART, pages="1775-1780", volume="114")
    assert f.found == "1775-1780" and f.fix == "pages 1735-1740"


# --- dates


def test_print_year_of_an_online_first_work_is_accepted() -> None:
    work = make_work(
        "10.5555/o",
        title="Gene panels",
        year=2018,
        published_online="2018-12",
        published_print="2019-02",
    )
    raw = "Ito H. Gene panels. Genet Med. 2019;21:1-9."
    assert only(YearMismatch, raw, work, year=2019, volume="21") == []


def test_epub_year_is_accepted() -> None:
    work = make_work("10.5555/ep", title="Gene panels", year=2019, published_print="2019")
    raw = "Ito H. Gene panels. Genet Med. 2020;21:1-9. Epub 2019 Mar 3."
    assert only(YearMismatch, raw, work, year=2020) == []


def test_year_off_by_one_is_a_warning_and_further_an_error() -> None:
    raw = "Okafor C. Long-term outcome of valve repair in older adults. Circulation. {y};114:1735."
    [near] = only(YearMismatch, raw.format(y=2007), HEART, year=2007)
    [far] = only(YearMismatch, raw.format(y=1999), HEART, year=1999)
    assert near.severity is Severity.WARNING and far.severity is Severity.ERROR
    assert far.fix == "2006" and far.found == "1999"


# --- authors


@pytest.mark.parametrize(
    "raw",
    [
        "Okafor C, et al. Long-term outcome of valve repair in older adults. Circulation 2006.",
        "Okafor, C., Lindqvist, M. et al. (2006). Long-term outcome of valve repair.",
        "Chidi Okafor, Maja Lindqvist and Ole Brandt. Long-term outcome. Circulation 2006.",
        "OKAFOR C, LINDQVIST M, BRANDT O. Long-term outcome. Circulation 2006.",
    ],
)
def test_author_forms(raw: str) -> None:
    assert only(AuthorMismatch, raw, HEART) == []


def test_reversed_asian_name_order_and_diacritics() -> None:
    work = make_work("10.5555/a", title="Rice yields", authors=("Wang, Xiaoming", "Müller, Jörg"))
    raw = "Wang Xiaoming, Muller J. Rice yields. Agron J. 2010;3:1-9."
    assert only(AuthorMismatch, raw, work, authors=("Xiaoming, W.", "Muller, J.")) == []


def test_group_author_printed_in_another_form_is_not_missing() -> None:
    work = make_work("10.5555/g", title="Global burden", authors=("GBD 2019 Collaborators",))
    raw = "Global Burden of Disease Study Group. Global burden. Lancet. 2020;396:1-9."
    assert only(AuthorMismatch, raw, work) == []


def test_misspelt_and_missing_authors_are_found() -> None:
    raw = "Okafr, C., & Brandt, O. (2006). Long-term outcome of valve repair in older adults."
    [f] = only(AuthorMismatch, raw, HEART, authors=("Okafr, C.", "Brandt, O."))
    assert "'Okafr' should be 'Okafor'" in f.message and "missing Lindqvist" in f.message
    assert f.fix is not None and f.fix.startswith("Okafor, C., Lindqvist, M.")


# --- a wrong DOI is one finding


def test_doi_mismatch_gives_no_metadata_findings() -> None:
    other = make_work(
        "10.5555/neighbour", title="Stenting in young adults", authors=("Kim, A.", "Roe, B.")
    )
    raw = "Okafor C. Long-term outcome of valve repair in older adults. Circulation. 2006."
    ref: Reference = make_reference(raw=raw, title=HEART.title, authors=("Okafor, C.",), year=2006)
    res = make_resolution(HEART, ResolutionStatus.DOI_MISMATCH, printed_work=other)
    ctx = make_context([ref], [res])
    assert [f for rule in METADATA for f in run(rule, ctx)] == []


def test_record_that_shows_nowhere_in_the_entry_is_not_compared() -> None:
    other = make_work(
        "10.5555/u", title="Electrodeposited alloys", authors=("Pané, S.",), year=2013
    )
    raw = "Loudon, J. C. (n.d.). The green-house catalogue. The Green-House Companion, 259-446."
    assert findings(raw, other, title="(n.d.)", authors=("Loudon, J. C.",), pages="259-446") == []


def test_title_key_spells_out_greek_letters() -> None:
    assert title_key("α4β2") == title_key("alpha4beta2")


def test_issue_printed_after_the_volume_is_read_from_the_text() -> None:
    raw = (
        "Okafor, C. “Long-term outcome of valve repair in older adults.” Circulation 114.9 (2006)."
    )
    [f] = only(LocatorMismatch, raw, HEART, volume="114")
    assert f.found == "9" and f.fix == "issue 18"
    year_in_brackets = (
        "Okafor C. Long-term outcome of valve repair in older adults. Circulation 114(2006)."
    )
    assert only(LocatorMismatch, year_in_brackets, HEART, volume="114") == []


def test_article_in_several_page_ranges_is_cited_by_its_first() -> None:
    work = make_work("10.5555/m", title="Naong and the Koryo period", pages="523-517,1287")
    raw = "Han, B. (2005). Naong and the Koryo period. J Indian Buddh Stud, 54(1), 523-517."
    assert only(LocatorMismatch, raw, work, pages="523-517") == []


def test_truncated_author_list_misses_no_author_but_a_listed_gap() -> None:
    people = ("Wilby, J.", "Kainth, A.", "Hawkins, N.", "Epstein, D.", "Mason, A.", "Forbes, C.")
    work = make_work("10.5555/w", title="Newer drugs for epilepsy", authors=people)
    gap = "Wilby, J., Hawkins, N., Epstein, D., … Forbes, C. (2005). Newer drugs for epilepsy."
    [f] = only(AuthorMismatch, gap, work)
    assert "missing Kainth" in f.message
    cut = "Wilby, J., Kainth, A., Hawkins, N., … Forbes, C. (2005). Newer drugs for epilepsy."
    assert only(AuthorMismatch, cut, work) == []
    et_al = "Wilby J, et al. Newer drugs for epilepsy. Health Technol Assess. 2005;9(15)."
    assert only(AuthorMismatch, et_al, work) == []


def test_et_al_with_a_shared_surname_later_in_the_list_misses_no_one() -> None:
    people = ("Park, S.", "Yoon, H.", "Seo, J.", "Son, K.", "Park, M.", "Park, J.")
    work = make_work("10.5555/k", title="Wine recommendation app", authors=people)
    raw = "Park, Si-Myung et al. “Wine Recommendation App.” KIPS 5.2 (2016): 79–88."
    assert only(AuthorMismatch, raw, work) == []


# --- session 3: parse cuts the raw text shows through, and planted errors still found


def test_short_title_printed_whole_is_no_title_mismatch() -> None:
    work = make_work("10.5555/n", title="Coda", authors=("Amadi, Ruth Ngozi",), pages="1-4")
    raw = "Amadi, Ruth Ngozi. “Coda.” Rivers of the Delta: 1–4."
    assert only(TitleMismatch, raw, work, title="Ruth Ngozi. “Coda") == []
    other = "Amadi, Ruth Ngozi. “Foreword.” Rivers of the Delta: 1–4."
    [f] = only(TitleMismatch, other, work, title="Foreword")
    assert f.fix == "Coda"


def test_entry_number_glued_to_the_venue_read_as_title_is_no_title_mismatch() -> None:
    venue = "Proceedings 9th Workshop on Tidal Energy, 2011. Proceedings. WTE '11. 2011."
    work = make_work(
        "10.5555/p", title="2011 9th Workshop on Tidal Energy (WTE '11)", container=venue
    )
    raw = "3Proceedings 9th Workshop on Tidal Energy, 2011. Proceedings. WTE ’11. 2011. (2011)."
    parsed = "3Proceedings 9th Workshop on Tidal Energy"
    assert only(TitleMismatch, raw, work, title=parsed, year=2011) == []


def test_given_name_of_the_first_author_proves_no_later_author_after_et_al() -> None:
    people = ("Lin, Wei-Tsai", "Ho, C.", "Lin, P.", "Tsai, M.", "Kuo, Y.")
    work = make_work("10.5555/l", title="Spinal fusion in older adults", authors=people)
    raw = "Lin, Wei-Tsai et al. “Spinal Fusion in Older Adults.” Spine 12 (2019): 1–9."
    assert only(AuthorMismatch, raw, work, authors=("Lin, Wei-Tsai",), et_al=True) == []


def test_venue_word_inside_the_registered_title_does_not_hide_a_cut_title() -> None:
    work = make_work(
        "10.5555/v",
        title="Immune response to a nasal influenza vaccine delivered by spray in children",
        container="Vaccine",
        volume="30",
        pages="11-19",
    )
    raw = "Osei, K. (2012). Immune response to a nasal influenza vaccine. Vaccine, 30, 11–19."
    [f] = only(TitleMismatch, raw, work, title="Immune response to a nasal influenza vaccine")
    assert f.fix == work.title


def test_title_run_on_into_the_venue_is_compared_without_the_venue() -> None:
    work = make_work(
        "10.5555/r",
        title="Review of stretching for the prevention of running injuries",
        authors=("Ito, Yuki",),
        container="Sports Medicine Reviews - Open Evidence",
        type="other",
    )
    raw = "Ito, Y. (2015). Review of stretching for Sports Medicine Reviews - Open Evidence."
    [f] = only(TitleMismatch, raw, work, title=raw[16:-1])
    assert f.found == "Review of stretching for" and f.fix == work.title
    whole = f"Ito, Y. (2015). {work.title} Sports Medicine Reviews - Open Evidence."
    assert only(TitleMismatch, whole, work, title=whole[16:-1]) == []


def test_volume_named_by_its_year_is_no_printed_year() -> None:
    work = make_work("10.5555/y", title="Fixed points of cyclic maps", year=2014, volume="2014")
    wrong = "Rao, K. (2010). Fixed points of cyclic maps. Fixed Point Theory, 2014(1), 228."
    [f] = only(YearMismatch, wrong, work, year=2010, volume="2014", issue="1")
    assert f.fix == "2014"
    right = "Rao, K. (2014). Fixed points of cyclic maps. Fixed Point Theory, 2014(1), 228."
    assert only(YearMismatch, right, work, year=2014, volume="2014", issue="1") == []
