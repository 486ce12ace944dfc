"""Author lists: where they end and how they split."""

from __future__ import annotations

from refaudit.extract.names import parse_author_segment, scan_authors


def test_apa_list_with_ellipsis_and_last_author() -> None:
    found = scan_authors("Wagner, M., Wymer, J., ... & Doblin, R. (2018). Title")
    assert found is not None
    assert [a.family for a in found.authors] == ["Wagner", "Wymer", "Doblin"]
    assert found.et_al


def test_initials_first_list_with_particle() -> None:
    found = scan_authors("A. Cau, R. Kuiper, and W.-P. de Roever. Formalising Dijkstra's")
    assert found is not None
    assert [(a.given, a.family) for a in found.authors][-1] == ("W.-P.", "de Roever")
    assert found.style == "initials-family"


def test_hyphenated_surname_is_one_family_name() -> None:
    authors, _ = parse_author_segment("Fauvel, B., Strika-Bruneau, L., & Piolino, P.")
    assert [a.family for a in authors] == ["Fauvel", "Strika-Bruneau", "Piolino"]


def test_organisation_becomes_literal() -> None:
    authors, et_al = parse_author_segment("American Psychiatric Association.")
    assert authors[0].literal == "American Psychiatric Association"
    assert not et_al


def test_et_al_after_ampersand() -> None:
    authors, et_al = parse_author_segment("Pagni, B., & et al.")
    assert [a.family for a in authors] == ["Pagni"] and et_al


def test_prose_does_not_start_with_names() -> None:
    assert scan_authors("the results were clear and convincing") is None


def test_mc_surnames_bare_initials_and_two_word_surnames_are_read_whole() -> None:
    scan = scan_authors("J. McCarthy. Circumscription. Artificial Intelligence, 13, 1980.")
    assert scan is not None and scan.authors[0].family == "McCarthy"
    authors, _ = parse_author_segment("Merleau-Ponty, M")
    assert (authors[0].family, authors[0].given) == ("Merleau-Ponty", "M")
    authors, _ = parse_author_segment("Rainey, S., & Guillott Miller, L.")
    assert [a.family for a in authors] == ["Rainey", "Guillott Miller"]


def test_a_single_vancouver_name_is_not_the_given_names_of_a_title_word() -> None:
    scan = scan_authors("Ortiz B. Some effects of heat. Lancet. 2010;376:1-2.")
    assert scan is not None
    assert [(a.family, a.given.rstrip(".")) for a in scan.authors] == [("Ortiz", "B")]
    full = scan_authors("Maria B. Ortiz. Effects of heat. Lancet.")
    assert full is not None and full.authors[0].family == "Ortiz"


def test_hyphenated_bare_initials_stay_with_their_surname() -> None:
    scan = scan_authors("Wang F-C, Lee GK-L. A lattice model. Phys Rev B. 2016;93:1.")
    assert scan is not None
    assert [(a.family, a.given) for a in scan.authors] == [("Wang", "F-C"), ("Lee", "GK-L")]
