"""Compound entries: one printed entry holding several works is cut into one entry per work."""

from __future__ import annotations

from refaudit.extract import build_document
from refaudit.extract.compound import compound_pieces
from refaudit.extract.entries import split_entries


def test_lettered_compound_entry_gives_one_entry_per_work_with_its_lines() -> None:
    lines = [
        "[1] a) P. Quill, R. Stone, Chem. Lett. 2011, 40, 12-19; b) T. Amber,",
        "K. Vale, Org. Lett. 2012, 14, 300-305.",
        "[2] M. North, J. Chem. Phys. 2001, 9, 77-80.",
    ]
    entries = split_entries(lines)
    assert [(e.start, e.end, e.label) for e in entries] == [
        (1, 1, "[1]"),
        (1, 2, "[1]"),
        (3, 3, "[2]"),
    ]
    assert entries[0].text == "P. Quill, R. Stone, Chem. Lett. 2011, 40, 12-19"
    assert entries[1].text == "T. Amber, K. Vale, Org. Lett. 2012, 14, 300-305."


def test_parenthesised_letters_with_pdf_spacing_cut_the_entry() -> None:
    text = [
        "(a) R. Lind et H. Moss. Bull. Soc. Chim. Fr. 347 (1979); (b) J. Pérez,",
        "H. Moss. Can. J. Chem. 64, 597 (1986); c )A. Roth, Synth. Comm. 17, 1971 (1987).",
    ]
    pieces = compound_pieces(text)
    assert [(p.first_line, p.last_line) for p in pieces] == [(0, 0), (0, 1), (1, 1)]


def test_works_joined_by_semicolons_are_cut_where_names_follow() -> None:
    lines = [
        "[4] A. Vorn and B. Quist, Z. Phys. C 29, 637 (1985); C. D. Lemm,",
        "Phys. Rev. D 41, 142 (1990); 53, 1349 (1996); E. Fahl, Nucl. Phys. B 9, 1 (1999).",
        "[5] G. Hart, Phys. Lett. B 7, 8 (2003).",
    ]
    entries = split_entries(lines)[:3]
    assert [(e.start, e.end) for e in entries] == [(1, 1), (1, 2), (2, 2)]
    # "53, 1349 (1996)" names nobody: an erratum or second part of the work before it
    assert entries[1].text == "C. D. Lemm, Phys. Rev. D 41, 142 (1990); 53, 1349 (1996)"
    assert {e.label for e in entries} == {"[4]"}


def test_semicolons_between_authors_or_inside_a_citation_do_not_cut() -> None:
    assert not compound_pieces(["Smith, J.; Doe, K. Title of work. J. Am. Chem. Soc. 2010, 1, 2."])
    assert not compound_pieces(["Roe A, Poe B. A trial. N Engl J Med. 2000;342(25):1887-1892."])
    assert not compound_pieces(["Lowe K. A cohort. Lancet 2017; 390: 2050-62."])
    # the same work in the journal's second edition: a venue, not names, after the semicolon
    assert not compound_pieces(["A. Sinz, Angew. Chem. 2018, 57, 6390; Angew. Chem. 2018, 130, 1."])


def test_letters_out_of_sequence_are_text() -> None:
    assert not compound_pieces(["J. Roe, Plant types (c) and (d). Bot. J. 2001, 3, 4."])


def test_a_citation_of_a_compound_entry_cites_every_work_in_it() -> None:
    lines = [
        "Cross-linking was reviewed before [1], and again later [2].",
        "",
        "References",
        "",
        "[1] a) P. Quill, R. Stone, Chem. Lett. 2011, 40, 12-19; b) T. Amber,",
        "K. Vale, Org. Lett. 2012, 14, 300-305.",
        "[2] M. North, J. Chem. Phys. 2001, 9, 77-80.",
    ]
    doc = build_document("x.txt", "text", lines)
    assert [r.raw[:8] for r in doc.references] == ["P. Quill", "T. Amber", "M. North"]
    first = next(c for c in doc.citations if c.text == "[1]")
    assert first.references == (1, 2)


def test_the_list_heading_is_not_an_entry() -> None:
    lines = ["References", "Roe, A. 2001. One work. J. Bot. 1: 2-3.", "Poe, B. 2002. Two. J. 4: 5."]
    assert [e.start for e in split_entries(lines)] == [2, 3]
