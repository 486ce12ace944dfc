from __future__ import annotations

from refaudit.extract.markers import find_markers, strip_markers
from refaudit.model import IgnoreMarker


def test_markers_in_comments_and_plain_text_are_found_with_their_line() -> None:
    lines = [
        "Intro",
        "<!-- refaudit: ignore[year-mismatch] -->",
        "Smith, J. (2020). Title. refaudit: ignore[year-mismatch, RA3]",
        "refaudit: ignore",
    ]
    assert find_markers(lines) == (
        IgnoreMarker(line=2, selectors=("year-mismatch",)),
        IgnoreMarker(line=3, selectors=("year-mismatch", "RA3")),
        IgnoreMarker(line=4, selectors=()),
    )


def test_lines_without_markers_give_nothing() -> None:
    assert find_markers(["refaudit is a tool", "ignore this"]) == ()


def test_markers_are_removed_from_visible_text() -> None:
    assert strip_markers("Smith (2020). Title. refaudit: ignore[RA3]") == "Smith (2020). Title."
    assert strip_markers("<!-- refaudit: ignore --> Smith") == " Smith"
    assert strip_markers("no marker here") == "no marker here"
