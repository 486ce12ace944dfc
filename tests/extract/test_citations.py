from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from refaudit.extract import read_document
from refaudit.extract.citations import find_citations
from refaudit.model import Author, Citation, ParsedFields, Reference

ARTICLES = Path(__file__).parents[2] / "fixtures" / "articles"


def ref(n: int, family: str, year: int | None, *more: str, label: str | None = None,
        suffix: str = "", given: str = "J.") -> Reference:  # fmt: skip
    authors = (Author(family, given), *(Author(m, "K.") for m in more))
    fields = ParsedFields(authors=authors, year=year, year_suffix=suffix)
    return Reference(
        n=n, line=100 + n, raw=f"{family} ({year}). Title.", fields=fields, label=label
    )


REFS = (
    ref(1, "Pokorny", 2017, "Preller", "Kometer"),
    ref(2, "Mason", 2019, "Kuypers"),
    ref(3, "Mithoefer", 2018, "Mithoefer", "Feduccia"),
    ref(4, "Smith", 2020, suffix="a"),
    ref(5, "Smith", 2020, suffix="b"),
    ref(6, "van der Berg", 2015),
)


def cite(text: str, refs: tuple[Reference, ...] = REFS) -> tuple[Citation, ...]:
    return find_citations(text.split("\n"), refs, None)


def links(text: str, refs: tuple[Reference, ...] = REFS) -> list[tuple[int, ...]]:
    return [c.references for c in cite(text, refs)]


def test_parenthetical_and_narrative_author_year_citations_link_by_surname_and_year() -> None:
    found = cite("A study by Pokorny et al. (2017) found it (Mithoefer et al., 2018).")
    assert [(c.text, c.references, c.kind) for c in found] == [
        ("Pokorny et al. (2017)", (1,), "narrative"),
        ("(Mithoefer et al., 2018)", (3,), "author-year"),
    ]
    assert found[0].names == ("Pokorny",) and found[0].year == "2017"
    assert (
        found[0].sentence == "A study by Pokorny et al. (2017) found it (Mithoefer et al., 2018)."
    )


def test_a_group_of_citations_gives_one_citation_per_work() -> None:
    found = cite("Both agree (Mason & Kuypers, 2019; Mithoefer et al., 2018).")
    assert [(c.text, c.references) for c in found] == [
        ("Mason & Kuypers, 2019", (2,)),
        ("Mithoefer et al., 2018", (3,)),
    ]
    assert found[0].names == ("Mason", "Kuypers")


def test_other_author_year_shapes() -> None:
    assert links("Mason and colleagues (2019) said so.") == [(2,)]
    assert links("Mason and Kuypers 2019 said so.") == [(2,)]
    assert links("As argued (see e.g. Pokorny, 2017, p. 5).") == [(1,)]
    assert links("Smith (2020b) and (Smith, 2020a) differ.") == [(5,), (4,)]
    assert links("Earlier work (van der Berg, 2015) agrees.") == [(6,)]
    assert links("Pokorny et al.'s (2017) study.") == [(1,)]


def test_a_cited_year_that_differs_links_to_the_author_s_entry_with_the_printed_year() -> None:
    (c,) = cite("Mason et al. (2018) reported it.")
    assert c.references == (2,) and c.year == "2018" and c.unresolved == ()


def test_a_citation_with_no_entry_is_unresolved() -> None:
    (c,) = cite("This is known (Carhart-Harris et al., 2018).")
    assert c.references == () and c.unresolved == ("Carhart-Harris et al. 2018",)


def test_years_in_prose_are_not_citations() -> None:
    assert cite("In 2019, the study began. By March 2020 it ended (in 2021).") == ()
    assert cite("Sales rose (Summer 2019) and (Table 2, 2018).") == ()
    assert cite("The Lancet Psychiatry 2018 issue was late.") == ()


def test_numeric_citations_link_to_labels() -> None:
    numbered = tuple(ref(i, f"Author{'abcdef'[i]}", 2000 + i, label=str(i)) for i in range(1, 6))
    assert links("Shown before [1], twice [1, 3] and often [2-4].", numbered) == [
        (1,), (1, 3), (2, 3, 4)
    ]  # fmt: skip
    assert links("Shown [2–5].", numbered) == [(2, 3, 4, 5)]
    (c,) = cite("Shown [7].", numbered)
    assert c.kind == "numeric" and c.unresolved == ("[7]",)
    assert links("It was seen (3).", numbered) == [(3,)]
    assert links("Steps: (1) mix and (2) stir. See Table (2). In [2019] too.", numbered) == []


def test_superscript_like_numbers_are_read_only_in_numbered_documents() -> None:
    numbered = tuple(ref(i, f"Author{'abcdef'[i]}", 2000 + i, label=str(i)) for i in range(1, 6))
    assert links("Empathy rises.1,2 Then it falls.3", numbered) == [(1, 2), (3,)]
    assert links("Empathy rises.1,2 Then it falls.3") == []


def test_footnote_references_link_to_footnote_entries() -> None:
    notes = (ref(1, "Smith", 2020, label="[^1]"), ref(2, "Jones", 2019, label="[^note]"))
    assert links("Claim[^1] and another[^note] and a stray[^9].", notes) == [(1,), (2,), ()]


def test_loose_narrative_mentions_need_the_year_or_a_first_name() -> None:
    refs = (ref(1, "Zeifman", 2025, given="R."), ref(2, "Fauvel", 2023, "Strika-Bruneau"))
    found = cite(
        "A groundbreaking 2025 preprint by Richard Zeifman and colleagues found it. "
        "A 2023 study by Fauvel, Strika-Bruneau, and Piolino agrees.",
        refs,
    )
    assert [(c.text, c.references) for c in found] == [
        ("Richard Zeifman and colleagues", (1,)),
        ("Fauvel, Strika-Bruneau, and Piolino", (2,)),
    ]
    assert links("Fauvel said so.", refs) == []


def test_reference_list_lines_are_not_searched() -> None:
    lines = ["Intro (Mason & Kuypers, 2019).", "References", "Mason, N. (2019). (Mason, 2019)."]
    found = find_citations(lines, REFS, (3, 3))
    assert [c.line for c in found] == [1]


def test_citations_in_wrapped_paragraphs_keep_their_own_line() -> None:
    lines = [
        "Several studies have provided empirical evidence for the capacity of",
        "psychedelics to increase empathy (Pokorny et al.,",
        "2017).",
    ]
    (c,) = find_citations(lines, REFS, None)
    assert c.line == 2 and c.references == (1,)
    assert c.sentence.startswith("Several studies") and c.sentence.endswith("2017).")


def test_example_article_links_the_cited_entries_only() -> None:
    doc = read_document(str(ARTICLES / "psychedelic-empathy-compassion.txt"))
    cited = {n for c in doc.citations for n in c.references}
    names = {r.n: r.fields.authors[0].family for r in doc.references}
    assert {names[n] for n in cited} == {"Pokorny", "Mason", "Mithoefer"}
    assert all(not c.unresolved for c in doc.citations)
    pokorny = next(c for c in doc.citations if "Pokorny" in c.text)
    assert "controlled use of LSD" in pokorny.sentence


def test_every_entry_of_the_self_compassion_article_is_linked_to_its_mention() -> None:
    doc = read_document(str(ARTICLES / "psilocybin-self-compassion.txt"))
    by_ref = {n: c for c in doc.citations for n in c.references}
    assert sorted(by_ref) == [r.n for r in doc.references] == [1, 2, 3]
    assert "Zeifman" in by_ref[1].text
    assert "Agin-Liebes" in by_ref[2].text and "Psychology of Addictive" in by_ref[2].sentence
    assert by_ref[3].text.startswith("Fauvel")


def test_a_one_megabyte_line_does_not_hang() -> None:
    line = ("Pokorny et al. (2017) said (Smith, 2020a) [1] 2019 ab. " * 20_000)[:1_000_000]
    started = time.process_time()  # CPU time: a loaded machine must not fail the test
    found = find_citations([line], REFS, None)
    assert time.process_time() - started < 20
    assert found and all(c.line == 1 for c in found)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), max_size=12))
def test_every_citation_lies_inside_the_text(lines: list[str]) -> None:
    for c in find_citations(lines, REFS, None):
        assert 1 <= c.line <= len(lines)
        assert set(c.references) <= {r.n for r in REFS}


def test_organisation_authors_and_author_page_citations() -> None:
    who = Reference(
        n=1,
        line=10,
        raw="World Health Organization. (2020). Report.",
        fields=ParsedFields(authors=(Author("", literal="World Health Organization"),), year=2020),
    )
    refs = (who, ref(2, "Pokorny", 2017))
    assert links("The World Health Organization (2020) warned.", refs) == [(1,)]
    assert links("It warned (World Health Organization, 2020; WHO, 2020).", refs) == [(1,), (1,)]
    found = cite("As argued (Pokorny 750) and (Chicago 2017, 45) and (Pokorny 2017: 12).", refs)
    assert [(c.references, c.year) for c in found] == [((2,), None), ((), "2017"), ((2,), "2017")]
