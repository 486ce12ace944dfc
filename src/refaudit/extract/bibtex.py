"""Read a BibTeX file (bibtexparser v2) into a Document, keeping every block for re-export."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    Entry,
    ExplicitComment,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)
from pylatexenc.latex2text import LatexNodes2Text

from refaudit.doi import normalize_doi
from refaudit.model import Author, Document, ParsedFields, Reference

# bibtexparser logs parse failures itself; refaudit reports them as problems instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

# Fields whose value is taken verbatim: LaTeX decoding would eat '%' in URLs, '_' in keys ...
VERBATIM_FIELDS = frozenset(
    {"url", "doi", "file", "eprint", "pdf", "pmid", "pmcid", "isbn", "issn"}
)
MONTHS = {
    m: str(i)
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
ENTRY_TYPES = {
    "article": "journal-article",
    "inproceedings": "proceedings-article",
    "conference": "proceedings-article",
    "incollection": "book-chapter",
    "inbook": "book-chapter",
    "book": "book",
    "phdthesis": "dissertation",
    "mastersthesis": "dissertation",
    "thesis": "dissertation",
    "techreport": "report",
    "report": "report",
    "online": "web",
    "electronic": "web",
    "www": "web",
    "dataset": "dataset",
    "unpublished": "posted-content",
}
_DECODER = LatexNodes2Text()
_SPACE = re.compile(r"\s+")
# What LaTeX decoding can change besides braces: macros, math, specials, dashes, quotes.
_LATEX_SYNTAX = re.compile(r"[\\$%&#^_`]|''")
# Anything decode_latex changes at all (most values of a plain .bib have none of it).
_ANY_CHANGE = re.compile(r"[\\$%&#^_`{}~]|--|''|\s(?<! )|\s\s")
# In this order: "-{-}" is no dash ligature, so dashes are read before braces go.
_PLAIN = (
    ("---", "—"),
    ("--", "–"),
    ("~", "\u00a0"),
    ("{", ""),
    ("}", ""),
)


@dataclass(frozen=True, slots=True)
class BibField:
    """One field of an entry: its lower-case name, the value as written, and decoded."""

    name: str
    raw: str  # the value expression as written: {..}, "..", 2020, macro # "x"
    value: str  # macros resolved, enclosing removed, LaTeX decoded (except verbatim fields)


@dataclass(frozen=True, slots=True)
class BibBlock:
    """One block of a .bib file, in file order."""

    kind: str  # entry | duplicate | string | comment | preamble | failed
    line: int  # 1-based start line
    raw: str  # the block's source text
    key: str = ""
    entry_type: str = ""
    fields: tuple[BibField, ...] = ()

    def field(self, name: str) -> str | None:
        for f in self.fields:
            if f.name == name:
                return f.value
        return None


def _split_concat(raw: str) -> list[str]:
    """Split a value expression on '#' outside braces and quotes."""
    if "#" not in raw:
        return [raw.strip()]
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, c in enumerate(raw):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quoted = not quoted
        elif c == "#" and depth == 0 and not quoted:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return [p.strip() for p in parts]


def evaluate(raw: str, macros: dict[str, str]) -> str:
    """The string a value expression stands for: enclosing removed, macros expanded."""
    out: list[str] = []
    for part in _split_concat(raw.strip()):
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        else:
            out.append(macros.get(part.lower(), MONTHS.get(part.lower(), part)))
    return "".join(out)


def decode_latex(text: str) -> str:
    """Plain Unicode for a LaTeX string: M{\\"u}ller -> Müller, {LSD} -> LSD, \\& -> &."""
    if not _ANY_CHANGE.search(text):
        return text.strip()
    if not _LATEX_SYNTAX.search(text):
        # Nothing for pylatexenc to do but braces, dashes, quotes and ties; it costs ~0.5 ms
        # a call, too much for the fields of a 10,000-entry file.
        for latex, plain in _PLAIN:
            text = text.replace(latex, plain)
        return _SPACE.sub(" ", text).strip()
    return _decode_with_pylatexenc(text)


@functools.lru_cache(maxsize=4096)
def _decode_with_pylatexenc(text: str) -> str:
    try:
        decoded = str(_DECODER.latex_to_text(text))
    except Exception:  # pylatexenc raises on odd input; a rough strip beats losing the field
        decoded = text.replace("{", "").replace("}", "")
    return _SPACE.sub(" ", decoded).strip()


def _decoded(name: str, text: str) -> str:
    if name in VERBATIM_FIELDS:
        return _SPACE.sub(" ", text.replace("{", "").replace("}", "")).strip()
    return decode_latex(text)


def _entry_block(kind: str, entry: Entry, raw: str, line: int, macros: dict[str, str]) -> BibBlock:
    fields = tuple(
        BibField(
            f.key.lower(), str(f.value), _decoded(f.key.lower(), evaluate(str(f.value), macros))
        )
        for f in entry.fields
    )
    return BibBlock(kind, line, raw, entry.key, entry.entry_type.lower(), fields)


def read_blocks(text: str) -> tuple[BibBlock, ...]:
    """Every block of a .bib text in file order; unreadable blocks are kept as 'failed'."""
    library = bibtexparser.parse_string(  # type: ignore[attr-defined]
        text, parse_stack=[]
    )
    macros: dict[str, str] = {}
    blocks: list[BibBlock] = []
    for b in library.blocks:
        line = (b.start_line or 0) + 1
        raw = str(b.raw or "").rstrip()
        if isinstance(b, String):
            value = evaluate(str(b.value), macros)
            macros[str(b.key).lower()] = value
            field = BibField(str(b.key).lower(), str(b.value), value)
            blocks.append(BibBlock("string", line, raw, str(b.key), fields=(field,)))
        elif isinstance(b, Entry):
            blocks.append(_entry_block("entry", b, raw, line, macros))
        elif isinstance(b, DuplicateBlockKeyBlock):
            entry = b.ignore_error_block
            if isinstance(entry, Entry):
                blocks.append(_entry_block("duplicate", entry, raw, line, macros))
            else:
                blocks.append(BibBlock("failed", line, raw))
        elif isinstance(b, ParsingFailedBlock):
            blocks.append(BibBlock("failed", line, raw))
        elif isinstance(b, Preamble):
            blocks.append(BibBlock("preamble", line, raw))
        elif isinstance(b, ExplicitComment | ImplicitComment):
            blocks.append(BibBlock("comment", line, raw))
        else:
            blocks.append(BibBlock("failed", line, raw))
    return tuple(blocks)


def parse_authors(value: str) -> tuple[tuple[Author, ...], bool]:
    """Authors of a BibTeX name list (still LaTeX) and whether it ended with 'and others'."""
    authors: list[Author] = []
    et_al = False
    for name in split_multiple_persons_names(value):
        name = name.strip()
        if not name:
            continue
        if name.lower() == "others":
            et_al = True
            continue
        if name.startswith("{") and name.endswith("}") and name.count("{") == 1:
            authors.append(Author(family="", literal=decode_latex(name[1:-1])))
            continue
        authors.append(_person(name))
    return tuple(authors), et_al


@functools.lru_cache(maxsize=8192)
def _person(name: str) -> Author:
    """One BibTeX name (still LaTeX) as an Author; a .bib names the same people again and again."""
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except ValueError:
        return Author(family=decode_latex(name))
    family = decode_latex(" ".join([*parts.von, *parts.last]))
    given = decode_latex(" ".join(parts.first))
    if parts.jr:
        given = f"{given}, {decode_latex(' '.join(parts.jr))}".strip(", ")
    return Author(family=family, given=given)


def _first(block: BibBlock, *names: str) -> str | None:
    for n in names:
        v = block.field(n)
        if v:
            return v
    return None


def _raw_evaluated(block: BibBlock, name: str, macros: dict[str, str]) -> str | None:
    for f in block.fields:
        if f.name == name:
            return evaluate(f.raw, macros)
    return None


def _type(block: BibBlock) -> str | None:
    if block.entry_type == "misc" and (block.field("eprint") or block.field("arxiv")):
        return "posted-content"
    return ENTRY_TYPES.get(block.entry_type)


def fields_of(block: BibBlock, macros: dict[str, str]) -> ParsedFields:
    """ParsedFields for one entry block."""
    author_raw = _raw_evaluated(block, "author", macros) or _raw_evaluated(block, "editor", macros)
    authors, et_al = parse_authors(author_raw) if author_raw else ((), False)
    year_text = _first(block, "year", "date") or ""
    m = re.search(r"\b(\d{4})([a-z]?)\b", year_text)
    doi_text = block.field("doi")
    doi = normalize_doi(doi_text) if doi_text else None
    arxiv = block.field("arxiv")
    if not arxiv and (block.field("archiveprefix") or "").lower() == "arxiv":
        arxiv = block.field("eprint")
    pages = block.field("pages")
    return ParsedFields(
        authors=authors,
        et_al=et_al,
        year=int(m.group(1)) if m else None,
        year_suffix=m.group(2) if m else "",
        year_note="" if m else year_text,
        title=block.field("title"),
        container=_first(block, "journal", "journaltitle", "booktitle"),
        volume=block.field("volume"),
        issue=_first(block, "number", "issue"),
        pages=re.sub(r"\s*[-–—]+\s*", "-", pages) if pages else None,
        article_number=block.field("eid"),
        doi=doi,
        doi_raw=doi_text if doi_text and not doi else None,
        url=block.field("url"),
        pmid=block.field("pmid"),
        pmcid=block.field("pmcid"),
        arxiv=arxiv,
        publisher=_first(block, "publisher", "institution", "school", "organization"),
        type=_type(block),
    )


def macros_of(blocks: tuple[BibBlock, ...]) -> dict[str, str]:
    """The @string macros of a file, names lower-cased, values expanded."""
    return {f.name: f.value for b in blocks if b.kind == "string" for f in b.fields}


def _problem(block: BibBlock, first_entry_line: dict[str, int]) -> str:
    if block.kind == "duplicate":
        first = first_entry_line.get(block.key)
        where = f" (first at line {first})" if first else ""
        return f"duplicate citation key {block.key!r}{where}"
    head = block.raw.splitlines()[0].strip() if block.raw else ""
    return f"unreadable BibTeX block {head[:60]!r}: unbalanced braces, quotes or a missing comma?"


def read_bib(path: str, text: str) -> Document:
    """A .bib file as a Document: one Reference per entry, unreadable blocks as problems."""
    blocks = read_blocks(text)
    macros = macros_of(blocks)
    references: list[Reference] = []
    problems: list[tuple[int, str]] = []
    first_entry_line: dict[str, int] = {}
    for b in blocks:
        if b.kind == "entry":
            first_entry_line.setdefault(b.key, b.line)
    for b in blocks:
        if b.kind in ("duplicate", "failed"):
            problems.append((b.line, _problem(b, first_entry_line)))
        if b.kind not in ("entry", "duplicate"):
            continue
        references.append(
            Reference(
                n=len(references) + 1,
                line=b.line,
                raw=b.raw,
                fields=fields_of(b, macros),
                label=b.key,
                end_line=b.line + b.raw.count("\n"),
                key=b.key,
            )
        )
    lines = tuple(text.splitlines())
    return Document(
        path=path,
        format="bibtex",
        lines=lines,
        references=tuple(references),
        list_start=references[0].line if references else None,
        list_end=references[-1].end_line if references else None,
        problems=tuple(problems),
    )
