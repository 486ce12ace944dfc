"""Property tests: generated and mutated documents go through every stage without an exception.

Reading, parsing, offline checking, every report format and every export format; valid JSON
where JSON is promised; CPU time bounded by size. Examples are few (a loaded 2-core CI) and
deadlines off: the time bound is asserted explicitly, in CPU time.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refaudit.audit import audit, read_documents
from refaudit.check import select_rules
from refaudit.errors import InputError
from refaudit.export import export
from refaudit.extract.fields import parse_reference
from refaudit.report import FORMATS, render
from refaudit.settings import Settings

ARTICLE = """# Empathy and practice

Practice builds empathy (Smith & Doe, 2020; Roe et al., 2019a), as Lee (2018) found [1, 3].
Others disagree [2-3].

## References

1. Smith, J., & Doe, A. (2020). Practice and empathy. Journal of Tests, 4(2), 10-20. https://doi.org/10.1000/xyz.1
2. Roe, B., Poe, C., & Moe, D. (2019a). A second study: of things. Science Letters, 7, e1234.
3. Lee K. Heuristics for the lost. Nature. 2018;561(7):1-9. doi:10.1000/abc
4. World Health Organization. (2021). Report on reports (WHO/2021/1). Geneva: WHO.
"""
BIB = """@article{smith2020,
  author = {Smith, John and Doe, A.},
  title = {Practice and {Empathy}},
  journal = {Journal of Tests}, year = 2020, volume = {4}, pages = {10--20},
  doi = {10.1000/xyz.1}
}
@string{jt = "Journal of Tests"}
@book{lee2018, author = {Lee, K.}, title = {Heuristics}, publisher = jt # " Press", year = {2018}}
"""
SUFFIXES = (".txt", ".md", ".html", ".bib", ".docx", ".markdown")
PIECES = (
    "et al. ",
    "A. B. C. ",
    "10.1000/",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<!--",
    "-->",
    "<p>",
    "\u200b",
    "\u202e",
    "\r",
    "\x00",
    "References\n",
    "1. ",
    "https://",
    "@article{",
    "\ufffd",
    "Ã©",
)
RULES = select_rules()


def _docx(text: str) -> bytes:
    body = "".join(
        f"<w:p><w:r><w:t>{line.replace('&', '&amp;').replace('<', '&lt;')}</w:t></w:r></w:p>"
        for line in text.splitlines()
    )
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body>')
    return buf.getvalue()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A document: a fixture cut, shuffled and sprinkled with hostile pieces, in some format."""
    suffix = draw(st.sampled_from(SUFFIXES))
    base = BIB if suffix == ".bib" else ARTICLE
    lines = base.splitlines()
    if draw(st.booleans()):
        lines = draw(st.permutations(lines))
    text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(PIECES)) * draw(st.integers(1, 300))
        text = text[:at] + piece + text[at:]
    text = text + draw(st.text(max_size=200))
    encoding = draw(st.sampled_from(["utf-8", "utf-16-le", "utf-16", "cp1252", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if suffix == ".docx" and draw(st.booleans()):
        data = _docx(text)
    return suffix, data


def run_everything(path: Path) -> None:
    """Read, parse, check offline, render every format, export every format: no exception."""
    errors: list[InputError] = []
    documents = read_documents([str(path)], None, errors)
    assert len(documents) + len(errors) == 1
    for exc in errors:
        assert exc.message.startswith(str(path)) and "\n" not in exc.message
    result = audit(documents, Settings(offline=True), resolve=False, skipped=errors)
    for fmt in FORMATS:
        text = render(result, fmt, rules=RULES, width=80)
        assert isinstance(text, str)
        if fmt in ("json", "sarif"):
            json.loads(text)
    for doc in result.documents:
        for to in ("bibtex", "csl-json", "ris"):
            out = export(doc, to)
            if to == "csl-json":
                assert isinstance(json.loads(out), list)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutated())
def test_mutated_documents_go_through_every_stage(
    tmp_path: Path, document: tuple[str, bytes]
) -> None:
    suffix, data = document
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(data)
    start = time.process_time()
    run_everything(path)
    # Generous: ~20 KB at most, parsed and rendered in well under a second when unloaded.
    assert time.process_time() - start < 5 + len(data) / 10_000


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_random_bytes_are_a_document_or_one_input_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    run_everything(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.text(max_size=40), st.sampled_from(PIECES)), min_size=1, max_size=30).map(
        "".join
    )
)
def test_any_reference_string_parses_quickly(raw: str) -> None:
    start = time.process_time()
    fields = parse_reference(raw)
    assert time.process_time() - start < 2
    assert fields.year is None or 1000 <= fields.year <= 2100


def test_odd_files_in_one_batch_are_skipped_and_the_article_read(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text(ARTICLE, encoding="utf-8")
    odd = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 8,
        "pdf.md": b"%PDF-1.7\n" + bytes(range(256)) * 4,
        "broken.bib": b"@article{x, title = {unclosed",
        "corrupt.docx": _docx(ARTICLE)[:200],
        "huge.bib": BIB.encode() * 100,
    }
    for name, data in odd.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "loop1.txt").symlink_to("loop2.txt")
    (tmp_path / "loop2.txt").symlink_to("loop1.txt")
    paths = [str(tmp_path / n) for n in [*odd, "loop1.txt"]] + [str(article)]
    errors: list[InputError] = []
    documents = read_documents(paths, None, errors)
    assert str(article) in [d.path for d in documents]
    assert {e.path for e in errors} >= {
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "loop1.txt"),
    }
    assert len(documents) + len(errors) == len(paths)
    for path in paths:
        run_everything(Path(path))
