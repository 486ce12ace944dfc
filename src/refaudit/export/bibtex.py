"""BibTeX from registered metadata (parsed fields, marked unverified, otherwise).

Article numbers go to `eid` (the biblatex field for an electronic identifier), never to
`pages`: `pages = {16324}` would claim a page range. For .bib input the user's keys, unknown
fields, @string macros, @comment blocks and unreadable blocks (as % comments) are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace

from pylatexenc.latexencode import unicode_to_latex

from refaudit.compare import expand_pages, fold, name_key, normalize_title
from refaudit.export import ExportItem
from refaudit.export.record import (
    UNVERIFIED_KEYWORD,
    UNVERIFIED_NOTE,
    ExportRecord,
    build_records,
)
from refaudit.extract.bibtex import VERBATIM_FIELDS, BibBlock, BibField, read_blocks
from refaudit.extract.bibtex import parse_authors as _parse_bib_authors
from refaudit.model import Author, Document

ENTRY_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book-section": "incollection",
    "book-part": "incollection",
    "book": "book",
    "posted-content": "misc",
    "dataset": "misc",
    "web": "online",
    "dissertation": "phdthesis",
    "report": "techreport",
}
# Fields refaudit writes from the record, in output order; a user's other fields follow.
OWN_FIELDS = (
    "author",
    "title",
    "journal",
    "booktitle",
    "howpublished",
    "organization",
    "year",
    "volume",
    "number",
    "pages",
    "eid",
    "publisher",
    "institution",
    "school",
    "issn",
    "doi",
    "url",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "note",
    "keywords",
)
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "{": "",
    "}": "",
}
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0308": '"',
    "\u0303": "~",
    "\u0304": "=",
    "\u0307": ".",
    "\u0327": "c",
    "\u030c": "v",
    "\u0306": "u",
    "\u030a": "r",
    "\u0328": "k",
    "\u030b": "H",
    "\u0323": "d",
}
_LETTERS = {
    "ß": r"{\ss}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "–": "--",
    "—": "---",
    "\u00a0": "~",
}
_WORD = re.compile(r"[^\W_]+")
_AND_WORD = re.compile(r"(?<![\w{])(and)(?![\w}])", re.I)
# Where the publisher goes, by entry type: BibTeX and biblatex define `publisher` only on
# these (`institution` on reports, `school` on theses); on @article and @misc it is dropped.
PUBLISHER_FIELD = {
    "book": "publisher",
    "incollection": "publisher",
    "inproceedings": "publisher",
    "techreport": "institution",
    "phdthesis": "school",
}
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
_OLD_ARXIV = re.compile(r"^([a-z][a-z.-]+)/\d{7}(?:v\d+)?$", re.I)


def arxiv_id(r: ExportRecord) -> str:
    """The arXiv identifier of a record that is an arXiv preprint, else ''. A journal article
    that also names its arXiv version is not a preprint (it keeps @article, with `eprint`)."""
    m = _ARXIV_DOI.match(r.doi)
    if m:
        return r.arxiv or m.group(1)
    if r.arxiv and (r.type in ("posted-content", "") or "arxiv" in r.container.lower()):
        return r.arxiv
    return ""


# biblatex's data model: the fields each type must have (besides a date), and the types that
# define volume, number, pages and eid. A record lacking a mandatory field gets the type that
# asks for no more than it has; locators on a type without them go to `note`.
_NEEDS_AUTHOR = frozenset({"article", "book", "incollection", "inproceedings"})
_NEEDS_INSTITUTION = frozenset({"phdthesis", "techreport"})
_NO_LOCATORS = frozenset({"misc", "online"})


def bib_type(r: ExportRecord) -> str:
    """The entry type: arXiv preprints @misc; a parsed entry of unknown type with a container
    and a volume, issue or pages @article (what such an entry is); otherwise by type, as long
    as the record has what biblatex's data model asks of that type (else @misc)."""
    if arxiv_id(r):
        return "misc"
    if r.type in ENTRY_TYPES:
        kind = ENTRY_TYPES[r.type]
    elif not r.type and r.container and (r.volume or r.issue or r.pages or r.article_number):
        kind = "article"
    else:
        kind = "misc"
    if kind in _NEEDS_AUTHOR and not r.authors:
        return "misc"  # an anonymous work: biblatex's @misc asks only for a title
    if kind in ("article", "incollection", "inproceedings") and not r.container:
        return "misc"  # no journal or book title to name
    if kind in _NEEDS_INSTITUTION and not r.publisher:
        return "misc"  # a thesis or report without its university or institution
    if kind == "online" and not (r.url or r.doi or r.arxiv):
        return "misc"
    return kind


def _locator_note(r: ExportRecord) -> str:
    """Volume, issue and pages as words, for a type that has no fields for them."""
    bits = [
        f"vol. {r.volume}" if r.volume else "",
        f"no. {r.issue}" if r.issue else "",
        (f"pp. {_pages(r.pages)}" if "-" in r.pages else f"p. {r.pages}") if r.pages else "",
        f"art. {r.article_number}" if r.article_number else "",
    ]
    return ", ".join(b for b in bits if b)


def primary_class(identifier: str) -> str:
    """The arXiv category when the identifier names it ('hep-th/9901001' -> 'hep-th')."""
    m = _OLD_ARXIV.match(identifier)
    return m.group(1) if m else ""


def _ascii_char(c: str) -> str:
    if c in _LETTERS:
        return _LETTERS[c]
    decomposed = unicodedata.normalize("NFD", c)
    base, marks = decomposed[0], decomposed[1:]
    if base.isascii() and marks and all(m in _ACCENTS for m in marks):
        out = base
        for m in marks:
            accent = _ACCENTS[m]
            out = f"\\{accent}{out}" if not accent.isalpha() else f"\\{accent}{{{out}}}"
        return "{" + out + "}"
    encoded = str(unicode_to_latex(c, non_ascii_only=True))
    return encoded if encoded.isascii() else "?"


def escape(text: str, *, ascii: bool = False) -> str:
    """Plain text as a BibTeX value body: specials escaped, stray braces dropped, optionally
    non-ASCII as LaTeX ({\\"a})."""
    out = []
    for c in text:
        if c in _SPECIAL:
            out.append(_SPECIAL[c])
        elif ascii and not c.isascii():
            out.append(_ascii_char(c))
        else:
            out.append(c)
    return "".join(out)


def _needs_protection(word: str) -> bool:
    # Acronyms (LSD, EEG, HT2A) and inner capitals (McDonald, iPhone): styles would lower them.
    return any(c.isupper() for c in word[1:])


def protect_title(title: str, *, ascii: bool = False) -> str:
    """Escape a title and brace the words a BibTeX style would wrongly lower-case."""
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(title):
        out.append(escape(title[pos : m.start()], ascii=ascii))
        word = escape(m.group(0), ascii=ascii)
        out.append("{" + word + "}" if _needs_protection(m.group(0)) else word)
        pos = m.end()
    out.append(escape(title[pos:], ascii=ascii))
    return "".join(out)


def _name(author: Author, ascii: bool) -> str:
    if author.literal:
        return "{" + escape(author.literal, ascii=ascii) + "}"
    family = escape(author.family, ascii=ascii)
    if " " in author.family and author.family[:1].isupper():
        family = "{" + family + "}"  # "Le Guin" stays one surname
    given = escape(author.given, ascii=ascii)
    # BibTeX splits names at "and" in any case: a name word "And" is braced.
    family, given = (_AND_WORD.sub(r"{\1}", part) for part in (family, given))
    return f"{family}, {given}" if given else family


def format_authors(authors: Sequence[Author], et_al: bool, ascii: bool) -> str:
    names = [_name(a, ascii) for a in authors]
    if et_al:
        names.append("others")
    return " and ".join(names)


def _pages(pages: str) -> str:
    first, last = expand_pages(pages)
    return f"{first}--{last}" if last else first


def _record_fields(r: ExportRecord, ascii: bool) -> dict[str, str]:
    """Field name -> value expression (braced) for one record."""
    kind = r.type
    preprint = arxiv_id(r)
    entry_type = bib_type(r)
    values: dict[str, str] = {}

    def put(name: str, value: str, render: Callable[[str], str] | None = None) -> None:
        if value:
            body = render(value) if render else escape(value, ascii=ascii)
            values[name] = "{" + body + "}"

    if r.authors:
        values["author"] = "{" + format_authors(r.authors, r.et_al, ascii) + "}"
    put("title", r.title, lambda t: protect_title(t, ascii=ascii))
    if preprint:
        pass  # an arXiv preprint: eprint and archivePrefix say where, no journal
    elif entry_type in ("inproceedings", "incollection"):
        put("booktitle", r.container)
    elif entry_type == "online":
        put("organization", r.container)  # biblatex's field for a site; no howpublished
    elif entry_type == "misc":
        put("howpublished", r.container or (r.publisher if kind == "book" else ""))
    elif entry_type == "article":
        put("journal", r.container)
    if r.year:
        values["year"] = f"{{{r.year}}}"
    if entry_type not in _NO_LOCATORS:
        put("volume", r.volume)
        put("number", r.issue)
        put("pages", r.pages, _pages)
        put("eid", r.article_number)
    if entry_type in PUBLISHER_FIELD:
        put(PUBLISHER_FIELD[entry_type], r.publisher)
    put("issn", ", ".join(r.issn))
    put("doi", r.doi, lambda v: v)
    put("url", r.url, lambda v: v)
    eprint = preprint or r.arxiv
    if eprint:
        put("eprint", eprint, lambda v: v)
        values["archiveprefix"] = "{arXiv}"
        put("primaryclass", primary_class(eprint), lambda v: v)
    notes = ["Preprint"] if kind == "posted-content" or preprint else []
    if entry_type in _NO_LOCATORS and _locator_note(r):
        notes.append(_locator_note(r))
    if entry_type == "misc" and ENTRY_TYPES.get(kind) in _NEEDS_INSTITUTION:
        notes.append("Thesis" if kind == "dissertation" else "Report")
    if not r.verified:
        notes.append(UNVERIFIED_NOTE)
    put("note", ". ".join(notes))
    if not r.verified:
        values["keywords"] = "{" + UNVERIFIED_KEYWORD + "}"
    return values


def _equivalent(name: str, ours: str, theirs: str) -> bool:
    """True when the user's decoded value says what ours says (so their spelling is kept)."""
    if name == "author":
        a, _ = _parse_bib_authors(ours)
        b, _ = _parse_bib_authors(theirs)
        return [(name_key(x.literal or x.family), fold(x.given)) for x in a] == [
            (name_key(x.literal or x.family), fold(x.given)) for x in b
        ]
    if name == "title":
        return normalize_title(ours) == normalize_title(theirs)
    if name == "pages":
        return expand_pages(ours) == expand_pages(theirs)
    return fold(ours) == fold(theirs)


def _strip_marker(raw: str, marker: str) -> str:
    """The value expression without refaudit's marker; empty when nothing else was in it."""
    if marker not in raw:
        return raw
    body = raw[1:-1] if raw[:1] in '{"' else raw
    cleaned = re.sub(r"[.;,]?\s*" + re.escape(marker), "", body).strip(" .;,")
    return "{" + cleaned + "}" if cleaned else ""


def _ascii_field(f: BibField) -> BibField:
    if f.raw.isascii():
        return f
    if f.name in VERBATIM_FIELDS:
        return replace(f, raw="{" + f.value + "}")
    if f.name in ("author", "editor"):
        authors, et_al = _parse_bib_authors(f.raw[1:-1] if f.raw[:1] in '{"' else f.raw)
        return replace(f, raw="{" + format_authors(authors, et_al, True) + "}")
    return replace(f, raw="{" + escape(f.value, ascii=True) + "}")


def _merge(r: ExportRecord, block: BibBlock, ascii: bool) -> list[tuple[str, str]]:
    """Fields for a .bib entry: ours where verified (the user's spelling when equivalent),
    every field of theirs refaudit does not own, the unverified marker otherwise."""
    if ascii:
        block = replace(block, fields=tuple(_ascii_field(f) for f in block.fields))
    theirs = {f.name: f for f in block.fields}
    out: list[tuple[str, str]] = []
    if r.verified:
        ours = _record_fields(r, ascii)
        for name in OWN_FIELDS:
            mine = theirs.get(name)
            if name in ("note", "keywords") and mine is not None:
                raw = _strip_marker(_strip_marker(mine.raw, UNVERIFIED_NOTE), UNVERIFIED_KEYWORD)
                if raw:
                    out.append((name, raw))
            elif name in ours:
                keep = mine is not None and _equivalent(
                    name, _plain(name, ours[name]), _user_plain(name, mine.raw, mine.value)
                )
                out.append((name, mine.raw if keep and mine is not None else ours[name]))
            elif mine is not None:
                out.append((name, mine.raw))
        out.extend((f.name, f.raw) for f in block.fields if f.name not in OWN_FIELDS)
        return out
    for f in block.fields:
        raw = f.raw
        if f.name == "note" and UNVERIFIED_NOTE not in f.value:
            raw = "{" + escape(f.value) + ". " + UNVERIFIED_NOTE + "}"
        if f.name == "keywords" and UNVERIFIED_KEYWORD not in f.value:
            raw = "{" + escape(f.value) + ", " + UNVERIFIED_KEYWORD + "}"
        out.append((f.name, raw))
    if "note" not in theirs:
        out.append(("note", "{" + UNVERIFIED_NOTE + "}"))
    if "keywords" not in theirs:
        out.append(("keywords", "{" + UNVERIFIED_KEYWORD + "}"))
    return out


def _plain(name: str, braced: str) -> str:
    body = braced[1:-1]
    return body if name == "author" else body.replace("{", "").replace("}", "")


def _user_plain(name: str, raw: str, value: str) -> str:
    if name == "author":
        return raw[1:-1] if raw.startswith(("{", '"')) else raw
    return value


def _entry_type(r: ExportRecord, block: BibBlock | None) -> str:
    mapped = bib_type(r)
    if r.verified and arxiv_id(r):
        return mapped
    if block is not None and (not r.verified or mapped == "misc"):
        return block.entry_type or mapped
    return mapped


def render_entry(entry_type: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    """One entry, fields in the given order, two-space indent, no trailing comma."""
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}"


def _comment_out(block: BibBlock) -> str:
    # Every '@' goes: BibTeX and bibtexparser would start an entry at '@type{' even in a comment.
    lines = [f"% refaudit: unreadable block from line {block.line}, kept as a comment, @ as (at):"]
    lines.extend(("% " + line.replace("@", "(at)")).rstrip() for line in block.raw.splitlines())
    return "\n".join(lines)


def to_bibtex(
    items: Sequence[ExportItem],
    *,
    ascii: bool = False,
    key_format: str | None = None,
    document: Document | None = None,
    taken: set[str] | None = None,
) -> str:
    """BibTeX for the items. With `document` read from a .bib file, its other blocks (macros,
    comments, preamble, unreadable blocks as comments) are written back in file order."""
    records = build_records(
        [(i.reference, i.resolution, i.key) for i in items], key_format=key_format, taken=taken
    )
    blocks = (
        read_blocks("\n".join(document.lines))
        if document is not None and document.format == "bibtex"
        else ()
    )
    by_line = {b.line: b for b in blocks if b.kind in ("entry", "duplicate")}
    rendered: dict[int, str] = {}
    chunks: list[str] = []
    for item, r in zip(items, records, strict=True):
        block = by_line.get(item.reference.line) if blocks else None
        if block is not None:
            fields = _merge(r, block, ascii)
        else:
            fields = list(_record_fields(r, ascii).items())
        text = render_entry(_entry_type(r, block), r.key, fields)
        if block is not None:
            rendered[block.line] = text
        else:
            chunks.append(text)
    if blocks:
        chunks = []
        for b in blocks:
            if b.kind in ("entry", "duplicate"):
                if b.line in rendered:
                    chunks.append(rendered[b.line])
            elif b.kind == "failed":
                chunks.append(_comment_out(b))
            elif b.raw:
                chunks.append(b.raw)
    return "\n\n".join(chunks) + "\n" if chunks else ""
