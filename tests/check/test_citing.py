"""Citation rules: the in-text citations against the reference list."""

from __future__ import annotations

from dataclasses import replace

from refaudit.check.citing import (
    CitationYearMismatch,
    MissingReference,
    UncitedReference,
    short_citation,
)
from tests.check.factories import (
    FULL_FIELDS,
    PRINTED_POKORNY,
    make_citation,
    make_context,
    make_reference,
    run,
)


def test_short_citation_forms() -> None:
    assert short_citation(PRINTED_POKORNY) == "Pokorny et al. (2017)"
    two = make_reference(authors=("Mason, N. L.", "Kuypers, K."), year=2019, year_suffix="a")
    assert short_citation(two) == "Mason & Kuypers (2019a)"


def test_uncited_reference_when_citations_link() -> None:
    refs = [
        make_reference(1, **FULL_FIELDS),
        make_reference(2, **{**FULL_FIELDS, "title": "Other"}),
    ]
    ctx = make_context(refs, citations=[make_citation("As shown (Smith, 2020).", 1)])
    [f] = run(UncitedReference, ctx)
    assert f.reference == 2 and "not cited" in f.message


def test_uncited_reference_silent_when_no_citation_links() -> None:
    refs = [make_reference(1, **FULL_FIELDS), make_reference(2, **FULL_FIELDS)]
    assert run(UncitedReference, make_context(refs)) == []


def test_missing_reference_reports_each_unresolved_label() -> None:
    c = make_citation("As (Doe, 2001) said.", line=7, text="(Doe, 2001)", unresolved=("Doe 2001",))
    [f] = run(MissingReference, make_context([make_reference(**FULL_FIELDS)], citations=[c]))
    assert f.line == 7 and "Doe 2001" in f.message


def test_missing_reference_silent_without_list() -> None:
    c = make_citation("As (Doe, 2001) said.", unresolved=("Doe 2001",))
    assert run(MissingReference, make_context((), citations=[c])) == []


def test_citation_year_mismatch() -> None:
    c = make_citation("Pokorny et al. (2016) found", 1, text="Pokorny et al. (2016)", year="2016")
    [f] = run(CitationYearMismatch, make_context([PRINTED_POKORNY], citations=[c]))
    assert f.expected == "2017" and f.found == "2016" and f.line == 3


def test_citation_year_match_and_suffix() -> None:
    same = make_citation("Pokorny (2017)", 1, year="2017")
    assert run(CitationYearMismatch, make_context([PRINTED_POKORNY], citations=[same])) == []
    ref = make_reference(1, **FULL_FIELDS, year_suffix="a")
    wrong = make_citation("Smith (2020b)", 1, year="2020b")
    [f] = run(CitationYearMismatch, make_context([ref], citations=[wrong]))
    assert f.fix == "2020a"


CONCATO_RAW = (
    "John Concato, Nirav Shah. Randomized trials and observational studies. "
    "N Engl J Med. 2000;342(25):1887-1892."
)


def test_citation_whose_name_and_year_the_entry_prints_is_neither_missing_nor_uncited() -> None:
    # The parse took the first page for the year, so the linker could not tie them.
    concato = make_reference(1, raw=CONCATO_RAW, authors=("Concato, J.",), year=1887)
    other = make_reference(2, **FULL_FIELDS)
    unlinked = make_citation("As shown (Concato 2000).", text="(Concato 2000)")
    unlinked = replace(unlinked, unresolved=("Concato 2000",))
    linked = make_citation("Smith (2020) found it.", 2, year="2020")
    ctx = make_context([concato, other], citations=[unlinked, linked])
    assert run(MissingReference, ctx) == []
    assert run(UncitedReference, ctx) == []


def test_cited_year_printed_in_the_entry_is_no_year_mismatch() -> None:
    concato = make_reference(1, raw=CONCATO_RAW, authors=("Concato, J.",), year=1887)
    cite = make_citation("(Concato, 2000)", 1, year="2000")
    assert run(CitationYearMismatch, make_context([concato], citations=[cite])) == []


def test_many_unmatched_citations_are_one_finding() -> None:
    refs = [make_reference(1, **FULL_FIELDS)]
    cites = [
        replace(make_citation(f"See [{n}].", text=f"[{n}]"), unresolved=(f"[{n}]",))
        for n in range(2, 12)
    ]
    [f] = run(MissingReference, make_context(refs, citations=cites))
    assert "10 citations" in f.message and "incomplete" in f.message


def test_reading_list_gets_one_note_not_a_warning_per_entry() -> None:
    refs = [make_reference(n, **{**FULL_FIELDS, "title": f"Study {n}"}) for n in range(1, 13)]
    ctx = make_context(refs, citations=[make_citation("Smith (2020) showed it.", 1)])
    [f] = run(UncitedReference, ctx)
    assert f.severity.value == "info" and "11 of the 12 entries" in f.message


def test_a_year_no_entry_of_that_name_has_is_one_finding_without_a_fix_year() -> None:
    first = make_reference(
        1,
        raw="Quill, A. (2007). One title. J. Imag., 3, 1-9.",
        authors=("Quill, A.",),
        year=2007,
        title="One title",
    )
    second = make_reference(
        2,
        raw="Quill, A., & Marsh, B. (2005). Two. J. Imag., 2, 1-9.",
        authors=("Quill, A.", "Marsh, B."),
        year=2005,
        title="Two",
    )
    cite = make_citation("As Quill (2006) argued.", 1, 2, text="Quill (2006)", year="2006")
    [f] = run(CitationYearMismatch, make_context([first, second], citations=[cite]))
    assert f.reference is None and "2006" in f.message and "1 (2007)" in f.message
    assert f.fix is not None and "2007" not in f.fix


def test_uncited_entries_of_a_further_reading_list_are_information() -> None:
    cited = make_reference(
        1,
        raw="Quill, A. (2007). One. J. Imag., 3, 1-9.",
        authors=("Quill, A.",),
        year=2007,
        title="One",
    )
    extra = make_reference(
        2,
        raw="Marsh, B. (2005). Two. J. Imag., 2, 1-9.",
        authors=("Marsh, B.",),
        year=2005,
        title="Two",
    )
    plain = make_reference(
        3,
        raw="Dunn, C. (2001). Three. J. Imag., 1, 1-9.",
        authors=("Dunn, C.",),
        year=2001,
        title="Three",
    )
    cited, plain = (replace(r, list_name="References") for r in (cited, plain))
    extra = replace(extra, list_name="Further reading")
    cite = make_citation("As Quill (2007) argued.", 1, text="Quill (2007)", year="2007")
    found = run(UncitedReference, make_context([cited, extra, plain], citations=[cite]))
    assert [(f.reference, f.severity.value) for f in found] == [(2, "info"), (3, "warning")]
