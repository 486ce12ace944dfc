"""Field rules applied where they are certain: years, identifiers, legal and grey entries."""

from __future__ import annotations

import pytest

from refaudit.extract.fieldrules import iso_date, pull_access_and_isbn
from refaudit.extract.fields import parse_reference


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("Roe AB, Doe C. A trial of a drug. N Engl J Med. 2003;348(12):1101-1109.", 2003),
        ("Kim P. Mortality in many places. Lancet 2019; 394: 2030-45", 2019),
        ('Ames, Bea. "Deep nets." Neural computation 12.4 (1999): 1821-1850.', 1999),
        ("Dale Q. A study of 1984 and 1999 cohorts. BMJ. 2011;342:d1020.", 2011),
    ],
)
def test_year_is_never_read_from_pages_volumes_or_title_numbers(raw: str, year: int) -> None:
    assert parse_reference(raw).year == year


def test_isbn_is_an_identifier_not_pages() -> None:
    f = parse_reference(
        "Lane, K. Theory of Fairness. Boston: Beacon Press, 1980. ISBN 0-806-15731-4."
    )
    assert f.isbn == "0806157314"
    assert f.pages is None
    assert f.year == 1980
    assert f.publisher == "Beacon Press"


def test_pubmed_date_stays_out_of_the_journal() -> None:
    f = parse_reference("Park L, Yu R. Aspirin and stroke. JAMA. 2004 Mar 3;291(9):1071-8.")
    assert (f.container, f.year, f.volume, f.issue, f.pages) == ("JAMA", 2004, "291", "9", "1071-8")


def test_mla_volume_dot_issue_and_web_access_date() -> None:
    f = parse_reference('Ito, Mia, et al. "Folding proteins." Science 301.5634 (2003): 811-819.')
    assert (f.container, f.volume, f.year, f.pages) == ("Science", "301", 2003, "811-819")
    web = parse_reference('Holt, Ann. "Ten ways to secure a router." Net Blog. Web. 3 Mar. 2015.')
    assert web.accessed == "2015-03-03"
    assert web.title == "Ten ways to secure a router"
    assert web.type == "web"


def test_harvard_online_available_at_and_accessed() -> None:
    f = parse_reference(
        "Gray, T. (2018) Living with heat. [online] Available at: "
        "<https://www.example.org/heat> [Accessed 9 July 2021]."
    )
    assert f.url == "https://www.example.org/heat"
    assert f.accessed == "2021-07-09"
    assert f.title == "Living with heat"
    assert f.year == 2018


def test_supplement_issue() -> None:
    f = parse_reference("Ng A. A trial abstract. Lancet. 2012;380 Suppl 2:S31-S34.")
    assert (f.volume, f.issue, f.pages) == ("380", "Suppl 2", "S31-S34")
    assert f.authors[0].family == "Ng"


@pytest.mark.parametrize(
    "raw",
    [
        "Roy K. A paper. J Mol Evol. 1991;32:5-9. doi :10.1007/BF02100001",
        "Roy K. A paper. J Mol Evol. 1991;32:5-9. 10.1007/ BF02100001",
        "Roy K. A paper. J Mol Evol. 1991;32:5-9. https://doi.org/10.1007/BF02100001",
    ],
)
def test_doi_in_any_printed_form(raw: str) -> None:
    assert parse_reference(raw).doi == "10.1007/bf02100001"


@pytest.mark.parametrize(
    "tail",
    [
        "doi:10 .1007/BF02100001.",
        "DOI: 10. 1007/BF02100001",
        "doi: 10.1007 /BF02100001.",
        "doi: 10.1007/BF021 -00001",
        "doi :10.1007/BF02100001.URL https: //link.example.org/x",
        "doi:10.1007/BF02100001[doi]",
        "doi: S0000-0000(91)00001-2 [pii] 10. 1007/BF02100001",
        "doi:10.1007/BF02100001,arXiv: 1002.2581.",
        "doi:10.1007/BF02100001.PMID:20847271.",
        "doi:10.1007/BF02100001[ hep-th/9906022].",
    ],
)
def test_doi_spaced_or_glued_as_in_pdf_text(tail: str) -> None:
    f = parse_reference(f"Roy K. A paper. J Mol Evol. 1991;32:5-9. {tail}")
    assert f.doi in ("10.1007/bf02100001", "10.1007/bf021-00001")
    assert f.year == 1991


def test_doi_suffix_pieces_after_spaces_are_joined() -> None:
    f = parse_reference(
        "A. Roy, Phys. Rev. Lett. 113 (2014) 091601. doi: 10.1103 /PhysRevLett. 113.091601."
    )
    assert f.doi == "10.1103/physrevlett.113.091601"
    f = parse_reference(
        "Roy, K. (2011). A paper. J. Membr. Sci., 9. "
        "http://dx.doi.org/10.1016/j. memsci.2011.11.020."
    )
    assert f.doi == "10.1016/j.memsci.2011.11.020"


def test_a_spaced_number_without_doi_is_no_doi() -> None:
    assert parse_reference("Roy K. A paper. Annals 10. 2001/2002, 5-9.").doi is None


def test_a_year_after_a_doi_is_not_joined() -> None:
    f = parse_reference(
        "Roy K. A paper. Special Paper 465, 443-469, doi: 10.1130/2010.2465(22). 2010."
    )
    assert f.doi == "10.1130/2010.2465(22)"


def test_a_word_after_a_doi_is_not_joined() -> None:
    f = parse_reference(
        "Roy K. A paper. J Mol Evol. 1991;32:5-9. doi:10.1007/BF02100001. Epub 2019"
    )
    assert f.doi == "10.1007/bf02100001"


def test_short_doi_is_kept_as_printed() -> None:
    f = parse_reference("Roy K. A paper. J Mol Evol. 1991;32:5-9. https://doi.org/10/abcd12")
    assert f.short_doi == "10/abcd12"
    assert f.url == "https://doi.org/10/abcd12"


def test_title_first_informal_entry_takes_the_author_from_the_end() -> None:
    f = parse_reference("Mixing Experts for Faster Language Models, Shazeer et al, 2017.")
    assert [a.family for a in f.authors] == ["Shazeer"]
    assert f.et_al
    assert f.year == 2017
    assert f.title == "Mixing Experts for Faster Language Models"


def test_organisation_author_is_kept_whole() -> None:
    f = parse_reference("Screening Team, Public Health Wales. Annual screening report. 2020.")
    assert f.authors[0].literal == "Screening Team, Public Health Wales"
    assert f.title == "Annual screening report"


def test_case_law_is_a_legal_reference() -> None:
    f = parse_reference("Miranda v. Arizona, 384 U.S. 436 (1966).")
    assert (f.type, f.title, f.volume, f.container, f.pages, f.year) == (
        "legal",
        "Miranda v. Arizona",
        "384",
        "U.S.",
        "436",
        1966,
    )
    uk = parse_reference("Donoghue v Stevenson [1932] AC 562")
    assert (uk.type, uk.title, uk.year) == ("legal", "Donoghue v Stevenson", 1932)


def test_statutes_are_legislation() -> None:
    f = parse_reference("Clean Air Act of 1970, Pub. L. No. 91-604, 84 Stat. 1676 (1970).")
    assert (f.type, f.title, f.year) == ("legislation", "Clean Air Act of 1970", 1970)
    code = parse_reference("29 U.S.C. § 651 (2012).")
    assert code.type == "legislation"
    assert code.year == 2012


def test_dataset_note_sets_the_type_and_leaves_the_title() -> None:
    f = parse_reference(
        "Lee, H. (2020). Rainfall grids [Data set]. Zenodo. https://doi.org/10.5281/zenodo.1"
    )
    assert f.type == "dataset"
    assert f.title == "Rainfall grids"
    assert f.doi == "10.5281/zenodo.1"


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("16 Feb. 2017", "2017-02-16"),
        ("March 3, 2020", "2020-03-03"),
        ("2020-3-4", "2020-03-04"),
        ("2019 Jun", "2019-06"),
        ("5/11/2018", "2018-11-05"),
    ],
)
def test_printed_dates_become_iso(printed: str, iso: str) -> None:
    assert iso_date(printed) == iso


def test_access_date_forms() -> None:
    for text in (
        "A page. Retrieved March 3, 2020, from",
        "A page. (accessed 3 March 2020)",
        "A page [cited 2020 Mar 3].",
    ):
        assert pull_access_and_isbn(text).accessed == "2020-03-03", text
