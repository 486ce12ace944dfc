"""extract_references() on whole articles: the list is found, split and parsed."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from refaudit.extract.references import extract_references, parse_reference

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def _lines(name: str) -> list[str]:
    return (ARTICLES / name).read_text(encoding="utf-8").splitlines()


def test_list_without_references_heading_yields_six_entries() -> None:
    found = extract_references(_lines("psychedelic-empathy-compassion.txt"))
    assert len(found.references) == 6
    assert (found.start, found.end) == (51, 61)
    assert [r.line for r in found.references] == [51, 53, 55, 57, 59, 61]
    assert [r.label for r in found.references] == ["1", "2", "3", "4", "5", "6"]


def test_prose_and_chrome_after_the_list_are_not_entries() -> None:
    found = extract_references(_lines("psychedelic-empathy-compassion.txt"))
    raws = " ".join(r.raw for r in found.references)
    assert "views0 comments" not in raws
    assert "bottom of page" not in raws
    assert "While the potential" not in raws
    assert "Reach out" not in raws


def test_psychedelic_entries_have_their_fields() -> None:
    refs = extract_references(_lines("psychedelic-empathy-compassion.txt")).references
    expected = [
        (
            "Pokorny",
            2017,
            "Effect of Psilocybin on Empathy and Moral Decision-Making",
            "International Journal of Neuropsychopharmacology",
            "20",
            "9",
            "747-757",
        ),
        (
            "Mason",
            2019,
            "Sub-Acute Effects of Psilocybin on Empathy, Creative Thinking, and "
            "Subjective Well-Being",
            "Journal of Psychoactive Drugs",
            "51",
            "2",
            "123-134",
        ),
        ("Mithoefer", 2018, None, "The Lancet Psychiatry", "5", "6", "486-497"),
        (
            "Carhart-Harris",
            2018,
            "Psilocybin with psychological support for treatment-resistant "
            "depression: six-month follow-up",
            "Psychopharmacology",
            "235",
            "2",
            "399-408",
        ),
        (
            "Timmermann",
            2019,
            "Neural correlates of the DMT experience assessed with multivariate EEG",
            "Scientific Reports",
            "9",
            "1",
            "1-",
        ),
        ("Preller", 2017, None, "Current Biology", "27", "3", "451-457"),
    ]
    for ref, (family, year, title, container, volume, issue, pages) in zip(
        refs, expected, strict=True
    ):
        f = ref.fields
        assert f.authors[0].family == family
        assert f.year == year
        if title:
            assert f.title == title
        assert f.container == container
        assert (f.volume, f.issue, f.pages) == (volume, issue, pages)
    assert refs[2].fields.title is not None
    assert refs[2].fields.title.startswith("3, 4-methylenedioxymethamphetamine (MDMA)-assisted")
    assert refs[2].fields.et_al and refs[2].fields.authors[-1].family == "Doblin"
    assert [a.family for a in refs[0].fields.authors] == [
        "Pokorny",
        "Preller",
        "Kometer",
        "Dziobek",
        "Vollenweider",
    ]


def test_list_under_references_heading_ends_before_disclaimer() -> None:
    found = extract_references(_lines("psilocybin-self-compassion.txt"))
    assert found.heading_line == 21
    assert len(found.references) == 3
    assert found.end == 24
    assert [r.fields.doi for r in found.references] == [
        "10.21203/rs.3.rs-7420529/v1",
        "10.1037/adb0000935",
        "10.1037/cns0000283",
    ]
    zeifman = found.references[0].fields
    assert zeifman.et_al and zeifman.year == 2025 and zeifman.authors[0].family == "Zeifman"
    assert found.references[2].fields.authors[1].family == "Strika-Bruneau"


def test_markdown_list_under_hash_heading_with_footnote_definitions() -> None:
    lines = [
        "# Title",
        "",
        "Text citing a source.[^1]",
        "",
        "## References",
        "",
        "[^1]: Smith, J. (2020). A study of things. *Journal of Stuff*, 12(3), 45-67.",
        "[^2]: Doe, A., & Roe, B. (2019). Another study. Nature, 5, 1-10.",
    ]
    found = extract_references(lines)
    assert found.heading_line == 5
    assert [r.label for r in found.references] == ["[^1]", "[^2]"]
    assert found.references[0].fields.container == "Journal of Stuff"
    assert found.references[1].fields.authors[1].family == "Roe"


def test_document_without_a_list_gives_an_empty_result() -> None:
    found = extract_references(["Just some prose.", "", "More prose without any citations."])
    assert found.references == ()
    assert found.start is None and found.heading_line is None


def test_parse_reference_is_reexported() -> None:
    assert parse_reference("Smith, J. (2020). Title. Journal, 1(2), 3-4.").year == 2020


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=30))
def test_arbitrary_text_never_raises_and_lines_stay_inside(lines: list[str]) -> None:
    lines = [x.replace("\r", " ").replace("\n", " ") for x in lines]
    start = time.perf_counter()
    found = extract_references(lines)
    assert time.perf_counter() - start < 2.0
    for ref in found.references:
        assert 1 <= ref.line <= (ref.end_line or ref.line) <= len(lines)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "References",
                "",
                "1. Smith, J. (2020). T. J, 1(2), 3-4.",
                "Prose line here.",
                "Doe AB, Roe C. Title. Lancet. 2019;3:1-9.",
                '[2] A. B. Cee, "T," in Proc., 2001.',
                "bottom of page",
                "   - Smith, J. 2001. x",
                "Ge-",
                "netic stuff (1999).",
            ]
        ),
        max_size=25,
    )
)
def test_reference_like_shuffles_keep_line_numbers_valid(lines: list[str]) -> None:
    found = extract_references(lines)
    for ref in found.references:
        assert 1 <= ref.line <= (ref.end_line or ref.line) <= len(lines)
        assert ref.raw.strip()


def test_one_megabyte_single_line_is_fast() -> None:
    line = ("Smith, J. (2020). Title, vol. 1, pp. 2-3 " * 30000)[:1_000_000]
    start = time.process_time()  # CPU time: a loaded machine must not fail the test
    extract_references(["References", line])
    parse_reference(line)
    assert time.process_time() - start < 5.0
