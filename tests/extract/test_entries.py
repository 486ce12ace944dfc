"""split_entries(): numbered, bulleted, one per line, blank-separated and PDF-wrapped lists."""

from __future__ import annotations

from refaudit.extract.entries import split_entries


def test_numbered_without_space_after_label() -> None:
    lines = ["1.Zeifman, R. (2025). A.", "2.Agin-Liebes, G. (2023). B.", "3.Fauvel, B. (2023). C."]
    entries = split_entries(lines)
    assert [(e.start, e.label) for e in entries] == [(1, "1"), (2, "2"), (3, "3")]
    assert entries[0].text.startswith("Zeifman")


def test_bracket_and_parenthesis_labels_keep_their_form() -> None:
    assert [e.label for e in split_entries(["[1] A, B. T. 2001.", "[2] C, D. U. 2002."])] == [
        "[1]",
        "[2]",
    ]
    assert [e.label for e in split_entries(["(1) A, B. T. 2001.", "(2) C, D. U. 2002."])] == [
        "(1)",
        "(2)",
    ]


def test_wrapped_numbered_entry_keeps_first_and_last_line() -> None:
    lines = [
        "1. Smith, J. (2020). A long title that goes on",
        "   and on. Journal, 1(2), 3-4.",
        "2. Doe, A. (2019). Short. J, 2, 5-6.",
    ]
    entries = split_entries(lines)
    assert [(e.start, e.end) for e in entries] == [(1, 2), (3, 3)]
    assert (
        entries[0].text == "Smith, J. (2020). A long title that goes on and on. Journal, 1(2), 3-4."
    )


def test_hyphen_at_line_break_is_mended_but_real_hyphens_stay() -> None:
    lines = [
        "- Alexander, R. D. & G. Borgia. 1978. Group selection and ge-",
        "  netic drift in Carhart-",
        "  Harris populations. Ann. Rev. 9: 449-474.",
        "- Allard, R. W. 1975. The mating system. Genetics 79:115-126.",
    ]
    entries = split_entries(lines)
    assert len(entries) == 2
    assert "genetic drift in Carhart-Harris populations" in entries[0].text


def test_doi_broken_across_lines_is_joined() -> None:
    lines = [
        "1. Smith, J. (2020). Title. Journal, 1(2), 3-4. https://doi.org/10.1037/",
        "adb0000935",
        "2. Doe, A. (2019). Short. J, 2, 5-6.",
    ]
    entries = split_entries(lines)
    assert entries[0].text.endswith("https://doi.org/10.1037/adb0000935")


def test_blank_separated_entries_without_labels() -> None:
    lines = ["Smith, J. (2020). A. J, 1, 2-3.", "", "Doe, A. (2019). B. K, 4, 5-6.", ""]
    entries = split_entries(lines)
    assert [(e.start, e.end, e.label) for e in entries] == [(1, 1, None), (3, 3, None)]


def test_one_entry_per_line_without_numbers() -> None:
    lines = [
        "Smith, J. (2020). A. J, 1, 2-3.",
        "Doe, A. (2019). B. K, 4, 5-6.",
        "Roe, B. (2018). C. L, 7, 8-9.",
    ]
    assert len(split_entries(lines)) == 3


def test_range_restricts_to_given_lines() -> None:
    lines = ["Heading", "1. A, B. (2001). T.", "2. C, D. (2002). U.", "tail"]
    entries = split_entries(lines, 2, 3)
    assert [e.start for e in entries] == [2, 3]


def test_wrapped_list_starts_entries_at_a_lowercase_particle_and_a_garbled_repeater() -> None:
    lines = [
        "Stein, C. M. 1973. Estimation of the mean of a multivariate normal distribution. In",
        "Proceedings of the Prague Symposium on Asymptotic Statistics 1:345-381.",
        "de Villemereuil, P., and B. Doligez. 2013. Comparing parent-offspring regression in",
        "wild populations. Methods in Ecology and Evolution 4:260-275.",
        "9 1979. Comments on breeding systems in neotropical forests. Academic Press, London.",
    ]
    assert [(e.start, e.end) for e in split_entries(lines)] == [(1, 2), (3, 4), (5, 5)]


def test_label_on_a_line_of_its_own_starts_the_entry_below() -> None:
    lines = [
        "1.",
        "Campos GS, Bandeira AC. Zika virus outbreak, Bahia, Brazil. Emerg Infect Dis.",
        "2015;21(10):1885-6.",
        "[2]",
        "Duffy MR, Chen T. Zika virus outbreak on Yap Island. N Engl J Med. 2009;360:2536-43.",
    ]
    entries = split_entries(lines)
    assert [(e.start, e.end, e.label) for e in entries] == [(1, 3, "1"), (4, 5, "[2]")]
    assert entries[0].text.startswith("Campos GS")
    assert entries[1].text.startswith("Duffy MR")


def test_bare_numbers_label_a_list_only_in_sequence() -> None:
    lines = [
        "1 A. Altland and B. D. Simons, Condensed matter field theory",
        "(Cambridge University Press, 2010).",
        "2 E. Fradkin, Field theories of condensed matter physics (Cam-",
        "bridge University Press, 2013).",
        "3 K. Ichiki and S. Ninomiya, Appl. Surf. Sci., 255:",
        "1148 (2008)",
        "4 J. L. Cardy, Nucl. Phys. B 240, 514 (1984).",
    ]
    entries = split_entries(lines)
    assert [(e.start, e.end, e.label) for e in entries] == [
        (1, 2, "1"),
        (3, 4, "2"),
        (5, 6, "3"),
        (7, 7, "4"),
    ]
    assert entries[1].text.endswith("(Cambridge University Press, 2013).")
    assert entries[2].text.endswith("255: 1148 (2008)")


def test_years_at_the_start_of_lines_are_not_labels() -> None:
    lines = [
        "Baker, H. G. 1959. Reproductive methods in flowering plants. Cold Spring Harbor 24: 1-9.",
        "--.",
        "1979. Anthecology: Old testament, new testament. New Zeal. J. Bot. 17: 431-440.",
        "--.",
        "1980. Evolution of dioecy in flowering plants. Ann. Rev. Ecol. Syst. 11: 15-39.",
        "Bawa, K. S. 1974. Breeding systems of tree species. Evolution 28: 85-92.",
    ]
    entries = split_entries(lines)
    assert [(e.start, e.end, e.label) for e in entries] == [
        (1, 1, None),
        (2, 3, None),
        (4, 5, None),
        (6, 6, None),
    ]
    assert "1979. Anthecology" in entries[1].text


def test_page_number_alone_on_a_line_continues_the_entry_above() -> None:
    lines = [
        "Baxter, G. P. et al. (1931). First report of the Committee on Atomic Weights. Journal",
        "of the American Chemical Society 53: 1627-",
        "288.",
        "Bera, J. K. (1999). Names of the heavier elements. Resonance 4 (March): 53-61.",
    ]
    entries = split_entries(lines)
    assert [(e.start, e.end) for e in entries] == [(1, 3), (4, 4)]
    assert entries[0].text.endswith("53: 1627-288.")


# A column of an author-year list as text copied out of a PDF: no numbers, no blank lines.
_PDF_COLUMN = [
    "Achinstein, P. (2001). Who really discovered the electron? In Histories of the",
    "Electron: The Birth of Microphysics, ed. J. Buchwald, pp. 403-424. Cambridge:",
    "MIT Press.",
    "Amoretti, M., Amsler, C. and Bonomi, G. (2002). Production and detection of cold anti-",
    "hydrogen atoms. Nature 419: 456-459. Available at https://www.nature.com/articles/",
    "nature01096 and in the author's archive.",
    "——. (2004). Antihydrogen production temperature dependence. Physics Letters B",
    "578: 23-32.",
    "Armbruster, P. (1985). On the production of heavy elements by cold fusion: the",
    "elements 106 to 109. Annual Review of Nuclear and Particle Science 35: 135-194.",
    "Bera, J. K. (1999). Names of the heavier elements. Resonance 4: 53-61.",
    "Childs, P. E. (1998). From hydrogen to meitnerium: naming the chemical elements. In",
    "Chemical Nomenclature, ed. K. Thurlow, pp. 27-66. Dordrecht: Kluwer Academic. doi:",
    "10.1007/978-94-011-4958-7_3",
    "Fields, P. R., Friedman, A. M. and Milsted, J. (1957). Production of the new element",
    "102. Physical Review 107: 1460-1462.",
]


def test_wrapped_author_year_column_splits_where_entries_start() -> None:
    entries = split_entries(_PDF_COLUMN)
    assert [(e.start, e.end) for e in entries] == [
        (1, 3),
        (4, 6),
        (7, 8),
        (9, 10),
        (11, 11),
        (12, 14),
        (15, 16),
    ]


def test_wrapped_column_mends_hyphenation_urls_and_keeps_the_dash_repeater() -> None:
    entries = split_entries(_PDF_COLUMN)
    assert "cold antihydrogen atoms" in entries[1].text
    # the entry goes on after a URL broken over two lines
    assert "https://www.nature.com/articles/nature01096 and in the author's archive." in (
        entries[1].text
    )
    assert entries[2].text.startswith("——. (2004).")
    assert entries[5].text.endswith("Kluwer Academic. doi:10.1007/978-94-011-4958-7_3")
    assert "hydrogen to meitnerium" in entries[5].text


def test_numbering_goes_on_after_a_lost_number_and_a_bare_number_alone() -> None:
    lines = [
        "1. A. Ali and C. Greub, Phys. Rev. D 57 (1998), 2996.",
        "2. M. Beneke and M. Neubert, Nucl. Phys. B 675 (2003), 333.",
        "3",
        "F. Ruffini et al., talk given at the Flavor Physics and CP violation conference,",
        "arXiv:1107.5760.",
        "5. A. Powell et al., talk given at PANIC 2011, MIT, July 2011.",
        "6. A. Ali, G. Kramer and C. D. Lu, Phys. Rev. D 58 (1998), 094009.",
    ]
    entries = split_entries(lines)
    assert [(e.start, e.end, e.label) for e in entries] == [
        (1, 1, "1"),
        (2, 2, "2"),
        (3, 5, "3"),
        (6, 6, "5"),
        (7, 7, "6"),
    ]


def test_line_break_hyphen_kept_for_a_compound_the_list_prints_whole() -> None:
    lines = [
        "1. Arlot, S. (2010). A survey of cross-validation procedures for model selec-",
        "   tion. Statistics Surveys, 4, 40-79.",
        "2. Bawa, K. S. (1979). Breeding systems in a tropical wet forest: a long-",
        "   term study of self-",
        "   fertilization and out-crossing. New Zeal. J. Bot. 17: 521-524.",
        "3. Doe, A. (2019). Cross-validation for plant breeders: a long-term view. J, 2, 5-6.",
    ]
    entries = split_entries(lines)
    assert "model selection. Statistics" in entries[0].text
    assert "a long-term study of self-fertilization" in entries[1].text
