"""parse_reference() on one entry in the common citation styles."""

from __future__ import annotations

import pytest

from refaudit.extract.fields import clean_entry, parse_reference, parse_reference_rules


def test_apa_entry_with_doi_url_and_et_al() -> None:
    f = parse_reference(
        "1.Zeifman, R., Danias, G., Agin-Liebes, G., Pagni, B., & et al. (2025). Psychedelic "
        "Therapy, Positive Emotional Experiences, and the Central Role of Self-Compassion. "
        "Research Square. https://doi.org/10.21203/rs.3.rs-7420529/v1"
    )
    assert [a.family for a in f.authors] == ["Zeifman", "Danias", "Agin-Liebes", "Pagni"]
    assert f.et_al
    assert f.year == 2025
    assert f.doi == "10.21203/rs.3.rs-7420529/v1"
    assert f.container == "Research Square"
    assert f.type == "preprint"


def test_truncated_page_range_is_kept_as_printed() -> None:
    f = parse_reference(
        "Timmermann, C., Roseman, L., ... & Carhart-Harris, R. L. (2019). Neural correlates of "
        "the DMT experience assessed with multivariate EEG. Scientific Reports, 9(1), 1-"
    )
    assert f.pages == "1-"
    assert (f.volume, f.issue) == ("9", "1")
    assert f.et_al and f.authors[-1].family == "Carhart-Harris"


def test_en_dash_pages_are_normalised() -> None:
    f = parse_reference("Smith, J. (2017). A title. Journal of X, 20(9), 747–757.")
    assert f.pages == "747-757"


def test_apa_article_number_is_not_pages() -> None:
    f = parse_reference("Doe, J. (2019). Title here. Scientific Reports, 9(1), 16324.")
    assert f.article_number == "16324"
    assert f.pages is None


def test_vancouver_entry() -> None:
    f = parse_reference(
        "Smith AB, van der Berg CD, Jones E. Effect of things on stuff. "
        "J Psychoactive Drugs. 2017;20(9):747-57. doi:10.1000/xyz123. PMID: 12345678"
    )
    assert [a.family for a in f.authors] == ["Smith", "van der Berg", "Jones"]
    assert f.authors[0].given == "AB"
    assert f.year == 2017
    assert f.title == "Effect of things on stuff"
    assert f.container == "J Psychoactive Drugs"
    assert (f.volume, f.issue, f.pages) == ("20", "9", "747-57")
    assert f.doi == "10.1000/xyz123"
    assert f.pmid == "12345678"


def test_ieee_entry_with_quoted_title() -> None:
    f = parse_reference(
        '[3] J. A. Smith and K. Lee, "Deep nets for parsing," IEEE Trans. Pattern Anal., '
        "vol. 20, no. 9, pp. 747-757, 2017."
    )
    assert [a.family for a in f.authors] == ["Smith", "Lee"]
    assert f.title == "Deep nets for parsing"
    assert (f.volume, f.issue, f.pages, f.year) == ("20", "9", "747-757", 2017)


def test_nature_style_entry() -> None:
    f = parse_reference(
        "Smith, J. A. & Jones, B. Effect of things on stuff. Nature 520, 747–757 (2015)."
    )
    assert [a.family for a in f.authors] == ["Smith", "Jones"]
    assert f.year == 2015
    assert f.title == "Effect of things on stuff"
    assert (f.volume, f.pages) == ("520", "747-757")


def test_mla_entry() -> None:
    f = parse_reference(
        'Smith, John, and Jane Doe. "A Title Here." Journal of Things, vol. 20, no. 9, 2017, '
        "pp. 747-757."
    )
    assert [a.family for a in f.authors] == ["Smith", "Doe"]
    assert f.title == "A Title Here"
    assert f.container == "Journal of Things"
    assert (f.volume, f.issue, f.pages, f.year) == ("20", "9", "747-757", 2017)


def test_harvard_bare_year_entry() -> None:
    f = parse_reference(
        "Allard, R. W. 1975. The mating system and microevolution. Genetics 79:115-126."
    )
    assert f.authors[0].family == "Allard"
    assert f.year == 1975
    assert f.title == "The mating system and microevolution"
    assert (f.volume, f.pages) == ("79", "115-126")


def test_organisation_author_and_book_publisher() -> None:
    f = parse_reference(
        "World Health Organization. (2020). Mental health atlas 2020. "
        "Geneva: World Health Organization."
    )
    assert f.authors[0].literal == "World Health Organization"
    assert f.authors[0].family == ""
    assert f.year == 2020


@pytest.mark.parametrize(
    ("printed", "note"),
    [("Smith, J. (n.d.). Page title. Site.", "n.d."), ("Smith, J. (in press). T. J.", "in press")],
)
def test_missing_years_become_year_notes(printed: str, note: str) -> None:
    f = parse_reference(printed)
    assert f.year is None and f.year_note == note


def test_year_suffix_is_kept() -> None:
    f = parse_reference("Smith, J. (2019a). One study. Journal, 1, 2-3.")
    assert (f.year, f.year_suffix) == (2019, "a")


@pytest.mark.parametrize(
    "printed",
    [
        "doi:10.1037/adb0000935",
        "DOI 10.1037/adb0000935.",
        "https://dx.doi.org/10.1037/adb0000935",
        "https://doi.org/10.1037/ adb0000935",
    ],
)
def test_doi_in_any_printed_form(printed: str) -> None:
    f = parse_reference(f"Smith, J. (2020). Title. Journal, 1(2), 3-4. {printed}")
    assert f.doi == "10.1037/adb0000935"


def test_invalid_doi_is_kept_raw() -> None:
    f = parse_reference("Smith, J. (2020). Title. Journal, 1(2), 3-4. doi: 10.12/x")
    assert f.doi is None
    assert f.doi_raw is not None and "10.12" in f.doi_raw


def test_arxiv_and_pmcid_are_read() -> None:
    f = parse_reference("Lee, K. (2021). A model. arXiv:2101.01234v2. PMCID: PMC1234567")
    assert f.arxiv == "2101.01234v2"
    assert f.pmcid == "PMC1234567"


def test_label_and_markdown_emphasis_are_cleaned() -> None:
    assert clean_entry("1. **Smith**, J. *Title*") == "Smith, J. Title"


def test_rules_alone_parse_apa() -> None:
    f = parse_reference_rules(
        "Mason, N. L. (2019). Sub-Acute Effects. Journal of Drugs, 51(2), 123–134."
    )
    assert (f.container, f.volume, f.issue, f.pages) == ("Journal of Drugs", "51", "2", "123-134")


@pytest.mark.parametrize("junk", ["", " ", "(((", "10.", "1.", "..." * 50, "\x00\x01", "(2020)"])
def test_junk_never_raises(junk: str) -> None:
    parse_reference(junk)


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (
            "Moreau, Anne. The Quiet River. Translated by Paul Green. London: Harbour Books, 1998.",
            "The Quiet River",
        ),
        (
            "Keller, Jonas. Collected Letters, vol. 3. Berlin: Nordverlag, 1975.",
            "Collected Letters",
        ),
        (
            "Diaz, Ana, ‘So, who owns the river?’, Guardian, 3 December 2006.",
            "So, who owns the river?",
        ),
    ],
)
def test_title_stops_at_translator_volume_and_closing_quote(raw: str, title: str) -> None:
    assert parse_reference(raw).title == title


@pytest.mark.parametrize(
    ("raw", "container"),
    [
        (
            'A. Kim and B. Roe, "Tidal models for estuaries", Journal of Coastal Systems: '
            "Special Issue on Tides, 23(6), 1993.",
            "Journal of Coastal Systems",
        ),
        (
            "Fenn, Carl. L’eau et la ville. Revue urbaine, 25/04/2013, n°12, pp. 16-18.",
            "Revue urbaine",
        ),
        ("Diaz, Ana, ‘So, who owns the river?’, Guardian, 3 December 2006.", "Guardian"),
    ],
)
def test_container_leaves_out_special_issue_and_printed_date(raw: str, container: str) -> None:
    assert parse_reference(raw).container == container


@pytest.mark.parametrize(
    ("raw", "container"),
    [
        (
            "H. Fensterheim, A case study of group ideology, “Journal of Abnormal Psychology”, "
            "45/4 (1950), 710-720.",
            "Journal of Abnormal Psychology",
        ),
        (
            "Musk, Elon. “A Master Plan.” Tesla Blog, N.p., 2 Aug. 2006, Web. 29 Sept. 2016.",
            "Tesla Blog",
        ),
        ("Wachtel, Katya. 2011. “A Loan Facility.” Business Insider May(26).", "Business Insider"),
        (
            "Aksu-Koç, A. 1985. The acquisition of Turkish. In D. I. Slobin (ed.), The study of "
            "language acquisition, vol. I (839–878). Hillsdale, NJ: Erlbaum.",
            "The study of language acquisition",
        ),
    ],
)
def test_container_without_quotes_no_publisher_note_date_or_volume(
    raw: str, container: str
) -> None:
    assert parse_reference(raw).container == container


def test_doi_printed_as_link_and_again_leaves_no_fragment() -> None:
    # NLM prints "Available from: https://doi.org/X doi:X": neither copy may reach the venue.
    f = parse_reference(
        "Moreau T, Lind P. Scales of drift in alpine meadows. Mountain Ecology Letters "
        "[Internet]. 2011. Available from: https://doi.org/10.5555/mel.2011.042 "
        "doi:10.5555/mel.2011.042"
    )
    assert f.doi == "10.5555/mel.2011.042"
    assert f.container == "Mountain Ecology Letters"
    assert f.year == 2011
