"""find_reference_list(): headings, trailing runs, and where the list ends."""

from __future__ import annotations

import pytest

from refaudit.extract.sections import (
    find_reference_list,
    is_reference_heading,
    is_reference_like,
    reference_score,
)


@pytest.mark.parametrize(
    "line",
    [
        "References",
        "REFERENCES:",
        "## Bibliography",
        "Works Cited",
        "Literature cited",
        "**Sources**",
        "Further Reading",
        "7. References",
        "Notes",
    ],
)
def test_reference_headings_are_recognised(line: str) -> None:
    assert is_reference_heading(line)


@pytest.mark.parametrize("line", ["References to the past are common in this essay.", "Methods"])
def test_other_lines_are_not_headings(line: str) -> None:
    assert not is_reference_heading(line)


def test_entries_score_higher_than_prose_and_chrome() -> None:
    entry = "Mason, N. L., & Kuypers, K. P. C. (2019). Sub-Acute Effects. J Drugs, 51(2), 123-134."
    prose = (
        "While the potential of this therapy is compelling and backed by a growing body of "
        "research, more work is needed to fully understand the mechanisms at play and the "
        "ethical implications of this approach for the people who are involved in it."
    )
    assert is_reference_like(entry)
    assert not is_reference_like(prose)
    assert not is_reference_like("11 views0 comments")
    assert reference_score(entry) > reference_score(prose)


def test_heading_list_ends_at_disclaimer() -> None:
    lines = [
        "Some prose.",
        "References",
        "1.Smith, J. (2020). T. Journal, 1(2), 3-4. https://doi.org/10.1/x",
        "2.Doe, A. (2019). U. Journal, 2(1), 5-6.",
        "Disclaimer: this article is not medical advice and has not been reviewed.",
    ]
    found = find_reference_list(lines)
    assert found is not None
    assert (found.heading_line, found.start, found.end) == (2, 3, 4)


def test_trailing_run_without_heading() -> None:
    lines = [
        "Intro prose that is long enough to be a paragraph of the article text itself.",
        "",
        "Topic heading",
        "",
        "Smith, J. (2020). T. Journal, 1(2), 3-4.",
        "",
        "Doe, A., & Roe, B. (2019). U. Journal, 2(1), 5-6.",
        "",
        "bottom of page",
    ]
    found = find_reference_list(lines)
    assert found is not None
    assert found.heading_line is None
    assert [e.start for e in found.entries] == [5, 7]


def test_intro_line_after_heading_is_skipped() -> None:
    lines = [
        "Bibliography",
        "The following works were consulted:",
        "Smith, J. (2020). T. Journal, 1(2), 3-4.",
        "Doe, A. (2019). U. Journal, 2(1), 5-6.",
    ]
    found = find_reference_list(lines)
    assert found is not None and found.start == 3


def test_no_list_returns_none() -> None:
    assert find_reference_list(["Hello.", "", "Nothing to see here."]) is None


def test_numbered_list_keeps_an_odd_entry_whose_number_carries_on() -> None:
    odd = (
        "A caveat of the calculation is that the lattice operator may not play exactly the same "
        "role as in the theory, thus the computed ratio may deviate from the prediction of it "
        "and this is something that we would have to look at in more detail in a later work."
    )
    refs = [f"Smith, J. ({2000 + k}). Title {k}. Journal, {k}(2), 3-4." for k in range(1, 7)]
    lines = ["References", *(f"{k}. {t}" for k, t in enumerate(refs[:3], 1)), f"4. {odd}"]
    lines += [f"{k}. {t}" for k, t in enumerate(refs[3:], 5)]
    found = find_reference_list(lines)
    assert found is not None
    assert [e.label for e in found.entries] == [str(k) for k in range(1, 8)]


def test_numbered_list_of_five_thousand_entries_is_kept_whole() -> None:
    lines = ["References"]
    lines += [
        f"{k}. Doe, A. ({1900 + k % 120}). Work {k}. Journal, {k}, 1-9." for k in range(1, 5001)
    ]
    found = find_reference_list(lines)
    assert found is not None
    assert len(found.entries) == 5000
    assert found.end == 5001
