"""Pathological inputs parse in bounded time: each shape once made a pattern or loop blow up.

Bounds are in CPU time (stable on a loaded machine), loose, and far below what each shape took
before.
"""

from __future__ import annotations

import time
from pathlib import Path

from refaudit.extract import read_document
from refaudit.extract.bibtex import decode_latex
from refaudit.extract.names import scan_authors

ARTICLE = (
    "Practice builds empathy (Smith, 2020), as Doe and Roe (2019) found [2].\n\n"
    "References\n\n"
    "1. Smith, J. (2020). Practice and empathy. Journal of Tests, 4(2), 10-20.\n"
    "2. Doe, A., & Roe, B. (2019). A second study of things. Science Letters, 7, 1-9.\n"
)


def parse_seconds(path: Path, data: bytes) -> float:
    path.write_bytes(data)
    start = time.process_time()
    read_document(str(path), budget=None)
    return time.process_time() - start


def test_a_run_of_initials_is_linear(tmp_path: Path) -> None:
    # "A. B. C. ..." once took minutes: two ways to match each space between initials.
    run = "A. B. C. " * 5000
    start = time.process_time()
    scan_authors(run)
    scan_authors(run[:-1] + "Smith")
    assert time.process_time() - start < 1.0
    assert parse_seconds(tmp_path / "initials.md", (ARTICLE + run + "\n").encode()) < 3.0


def test_initials_still_split_as_before() -> None:
    found = scan_authors("T. H. Pokorny, W.-P. de Roever, and J. K.  Rowling (2020)")
    assert found is not None
    assert [(a.family, a.given) for a in found.authors][:2] == [
        ("Pokorny", "T. H."),
        ("de Roever", "W.-P."),
    ]


def bib(n: int) -> str:
    return "\n".join(
        f"@article{{key{i},\n  author = {{Smith, John and Doe, Jane}},\n"
        f"  title = {{A {{Study}} of thing {i}}},\n  journal = {{Journal {i % 7}}},\n"
        f"  year = {{{1950 + i % 70}}},\n  pages = {{{i}--{i + 9}}},\n  doi = {{10.1000/x{i}}}\n}}"
        for i in range(n)
    )


def test_a_large_bib_file_is_linear(tmp_path: Path) -> None:
    # 2,000 entries took 23 s: every field went through pylatexenc's parser.
    path = tmp_path / "big.bib"
    seconds = parse_seconds(path, bib(2000).encode())
    assert seconds < 3.0
    doc = read_document(str(path), budget=None)
    assert len(doc.references) == 2000
    assert doc.references[5].fields.title == "A Study of thing 5"


def test_plain_latex_values_decode_as_pylatexenc_would() -> None:
    assert decode_latex("1--9") == "1–9"
    assert decode_latex("a---b") == "a—b"
    assert decode_latex("-{-}x") == "--x"
    assert decode_latex("Jane~Doe {and} {LSD}") == "Jane Doe and LSD"
    assert decode_latex('M{\\"u}ller') == "Müller"
    assert decode_latex("``quoted''") == "“quoted”"


def test_nested_brackets_long_words_and_headings_are_fast(tmp_path: Path) -> None:
    shapes = {
        "nested.md": ARTICLE + "(" * 10_000 + "x" + ")" * 10_000,
        "open.md": ARTICLE + "[" * 20_000,
        "words.txt": ("".join(ARTICLE.split()) + "\n") * 200,
        "headings.txt": "".join(f"# Heading {i}\nReferences\n" for i in range(4000)),
        "comments.md": "".join(f"<!-- {line} -->\n" for line in ARTICLE.splitlines()) * 300,
        "dois.md": ARTICLE + "10.1000/" * 6000,
        "etal.md": ARTICLE + "et al. " * 6000,
    }
    for name, text in shapes.items():
        assert parse_seconds(tmp_path / name, text.encode()) < 3.0, name
