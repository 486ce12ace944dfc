"""snap_boundaries(): CRF label boundaries moved to the punctuation that marks them."""

from __future__ import annotations

from refaudit.extract.crfspans import snap_boundaries


def _snap(tagged: str) -> list[str]:
    pairs = [t.rsplit("/", 1) for t in tagged.split()]
    return snap_boundaries([w for w, _ in pairs], [lab for _, lab in pairs])


def test_title_word_before_the_journal_joins_the_journal() -> None:
    got = _snap("nanocomposites./title RSC/title Adv/container 73146/pages")
    assert got == ["title", "container", "container", "pages"]


def test_two_title_words_after_the_last_comma_join_the_journal() -> None:
    got = _snap("cultura/title participativa”,/title Comunicação/title E/title Sociedade/container")
    assert got == ["title", "title", "container", "container", "container"]


def test_a_title_opening_article_leaves_the_authors() -> None:
    got = _snap("Koizuka,/author I./author A/author Study/title of/title Ears./title")
    assert got == ["author", "author", "title", "title", "title", "title"]


def test_a_surname_without_a_stop_stays_an_author() -> None:
    got = _snap("D./author C./author White/author Antarctic/container Science/container")
    assert got == ["author", "author", "author", "container", "container"]


def test_a_title_without_a_stop_before_its_journal_is_left_alone() -> None:
    tagged = "rates,/title on/title pregnancy/title rates/title Fertil/container Steril/container"
    assert _snap(tagged) == ["title"] * 4 + ["container"] * 2


def test_a_lower_case_title_word_is_not_moved_into_the_journal() -> None:
    got = _snap("couplings,/title andduality/title Nucl/container .Phys/container")
    assert got == ["title", "title", "container", "container"]


def test_boundary_after_et_al_without_a_period_stays_after_it() -> None:
    got = _snap("Han/author Y,/author et/author al/author Simultaneous/title modification/title")
    assert got == ["author"] * 4 + ["title"] * 2


def test_a_pdf_stop_glued_to_the_next_word_is_a_boundary() -> None:
    got = _snap("Joshi/author ,Phys/container .Rev/container")
    assert got == ["author", "container", "container"]
