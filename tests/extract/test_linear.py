"""Parsing time grows linearly with the input: twice the input, at most ~2.5 times the CPU time.

Each shape once made a document-level pattern or loop quadratic. Times are CPU seconds, the
best of two runs, with a small absolute slack so that timer noise on tiny inputs cannot fail a
test; a quadratic shape takes four times as long when doubled and fails by a wide margin.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from refaudit.extract import read_document
from refaudit.model import ParsedFields

ARTICLE = (
    "Practice builds empathy (Smith, 2020), as Doe and Roe (2019) found [2].\n\n"
    "References\n\n"
    "1. Smith, J. (2020). Practice and empathy. Journal of Tests, 4(2), 10-20.\n"
    "2. Doe, A., & Roe, B. (2019). A second study of things. Science Letters, 7, 1-9.\n"
)
SLACK = 0.15


def cpu_seconds(path: Path, data: bytes) -> float:
    path.write_bytes(data)
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        read_document(str(path), budget=None)
        best = min(best, time.process_time() - start)
    return best


def assert_linear(tmp_path: Path, suffix: str, make: Callable[[int], str], n: int) -> None:
    once = cpu_seconds(tmp_path / f"once{suffix}", make(n).encode())
    twice = cpu_seconds(tmp_path / f"twice{suffix}", make(2 * n).encode())
    assert twice < 2.5 * once + SLACK, (once, twice)


def test_a_sentence_of_thousands_of_mentions_is_linear(tmp_path: Path) -> None:
    # Each mention of a listed surname searched its whole sentence for the year: mentions x length.
    def make(n: int) -> str:
        return "Intro text.\n\n" + "as Smith argued and " * n + "\n\n" + ARTICLE.split("\n\n", 1)[1]

    assert_linear(tmp_path, ".txt", make, 1500)


def _docx(paragraphs: list[str]) -> bytes:
    import io

    import docx

    document = docx.Document()  # the default template: ~160 styles, as Word writes them
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_a_docx_parses_about_as_fast_as_its_text(tmp_path: Path) -> None:
    # Each paragraph's style lookup scanned every style of the document: 10 KB took seconds.
    paragraphs = [f"Paragraph {i} says that practice builds empathy." for i in range(400)]
    paragraphs += ARTICLE.splitlines()
    as_text = cpu_seconds(tmp_path / "doc.txt", "\n".join(paragraphs).encode())
    as_docx = cpu_seconds(tmp_path / "doc.docx", _docx(paragraphs))
    assert as_docx < 2 * as_text + 0.2, (as_text, as_docx)


def test_a_bib_file_is_linear_in_its_entries(tmp_path: Path) -> None:
    def make(n: int) -> str:
        return "\n".join(
            f"@article{{key{i},\n  author = {{Smith, John and Doe, Jane and Roe, R{i % 9}}},\n"
            f"  title = {{A {{Study}} of thing {i}}},\n  journal = {{Journal {i % 7}}},\n"
            f"  year = {{{1950 + i % 70}}},\n  pages = {{{i}--{i + 9}}},\n"
            f"  doi = {{10.1000/x{i}}}\n}}"
            for i in range(n)
        )

    assert_linear(tmp_path, ".bib", make, 1000)


def test_one_long_line_of_prose_is_linear(tmp_path: Path) -> None:
    sentence = (
        "As van der Berg and Smith (2020) argued, practice builds empathy; Doe et al. 2019 "
        "disagree (Roe & Poe, 2018, p. 4), and the Lancet Group said so in 2021. "
    )

    def make(n: int) -> str:
        return ARTICLE.split("\n\n", 1)[0] + " " + sentence * n + "\n\n" + ARTICLE

    assert_linear(tmp_path, ".txt", make, 1200)


def test_every_particle_can_start_a_surname() -> None:
    # _SURNAME_START is PARTICLE flattened for speed: the two must not drift apart.
    from refaudit.extract.citations import _SURNAME_START
    from refaudit.extract.linking import PARTICLE

    words = re.findall(r"\[(\w)(\w)\](\w+)|(St)", PARTICLE)
    assert len(words) > 20
    for upper, lower, rest, saint in words:
        for word in [upper + rest, lower + rest] if upper else [saint]:
            match = _SURNAME_START.match(f"{word} Smith")
            assert match is not None and match.start() == 0, word


def test_an_entry_printed_again_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import refaudit.extract.references as references

    calls: list[str] = []
    real = references.parse_reference

    def counting(raw: str) -> ParsedFields:
        calls.append(raw)
        return real(raw)

    monkeypatch.setattr(references, "parse_reference", counting)
    entries = [e.split(". ", 1)[1] for e in ARTICLE.split("References\n\n", 1)[1].splitlines()]
    lines = ["Text (Smith, 2020).", "", "References", "", *(entries * 30)]
    found = references.extract_references(lines)
    assert len(found.references) == 60
    assert len(calls) == len(set(calls)) == 2  # each distinct entry text parsed once
    assert found.references[0].fields == found.references[2].fields
    assert found.references[0].fields.year == 2020


def test_an_unclosed_markdown_image_is_fast(tmp_path: Path) -> None:
    # `(?:[^()\s]+|...)*` backtracked exponentially on "![x](" and a long word without ")".
    text = ARTICLE + "\nSee ![figure](" + "a" * 40 + " here.\n"
    start = time.process_time()
    read_document(str(tmp_path / "x.md"), text.encode(), budget=None)
    assert time.process_time() - start < 2.0
