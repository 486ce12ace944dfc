"""Author lists aligned to the raw entry: compound surnames, full names in the family field."""

from __future__ import annotations

from refaudit.check.authors import align_authors
from refaudit.check.evidence import RawEntry
from refaudit.model import Author


def test_a_compound_surname_part_that_is_another_authors_name_shows_nothing() -> None:
    registered = [Author("Tan-Perl Roe"), Author("Kai-Ming Perl"), Author("Lo-Shan Dunn")]
    raw = "Tan-Perl Roe, Lo-Shan Dunn. (1999). A title of some length. J. Imag., 4, 1-9."
    printed = [Author("Roe", "Tan-Perl"), Author("Dunn", "Lo-Shan")]
    result = align_authors(RawEntry(raw), printed, registered, et_al=False)
    assert result.problems == ("missing Kai-Ming Perl",)


def test_a_compound_surname_printed_misspelt_is_named() -> None:
    registered = [Author("Garcia-Folgado", "L."), Author("Marsh", "B.")]
    raw = "Garcia-Flogado, L., & Marsh, B. (2018). A title. J. Imag., 53, 7."
    printed = [Author("Garcia-Flogado", "L."), Author("Marsh", "B.")]
    result = align_authors(RawEntry(raw), printed, registered, et_al=False)
    assert result.problems == ("'Garcia-Flogado' should be 'Garcia-Folgado'",)


def test_a_compound_surname_printed_in_part_is_still_the_author() -> None:
    registered = [Author("García Márquez", "Gabriel"), Author("Marsh", "B.")]
    raw = "García, G., & Marsh, B. (1970). A title. J. Imag., 3, 7."
    printed = [Author("García", "G."), Author("Marsh", "B.")]
    assert align_authors(RawEntry(raw), printed, registered, et_al=False).problems == ()
