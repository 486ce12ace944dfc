"""Correct a document's reference list: in place, and in the list's own style when rewriting.

`fix_document` changes only what a finding shows to be wrong, in the entry's own text
(`refaudit.export.inplace`): the author's markup, case, subtitles, "et al.", page-range form
and punctuation stay. Only an entry that could not be parsed, matched with confidence, is
rewritten whole: in the list's CSL style when citeproc-py is installed (`cslstyle`, the
`styles` extra), else by `format_entry`, a small formatter of our own for four styles (apa,
vancouver, harvard, ieee) detected from the other entries. Only reference-list lines change,
and the in-text citations of an entry whose year was corrected.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from refaudit.compare import expand_pages
from refaudit.errors import ConfigError
from refaudit.export import cslstyle
from refaudit.export.inplace import Habits, entry_edits
from refaudit.export.printed import Printed, apply_edits
from refaudit.export.record import chosen_date, normalize_type
from refaudit.model import (
    Author,
    DocumentResult,
    Finding,
    Reference,
    Resolution,
    ResolutionStatus,
    Work,
    registered_work,
)

STYLES = ("apa", "vancouver", "harvard", "ieee")

_PREFIX = re.compile(r"^(\s*(?:[-*+]\s+)?(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)](?!\d))?\s*)")
_APA = re.compile(r"\(\d{4}[a-z]?\)\.")
_HARVARD_YEAR = re.compile(r"\(\d{4}[a-z]?\)\s+[^\s.]")
_VANCOUVER_NAMES = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)* [A-Z]{1,3}(?:,|\.)")
_VANCOUVER_DATE = re.compile(r"\b\d{4}(?: [A-Z][a-z]{2})?;\s?\d+|\d{4};")
_IEEE_NAMES = re.compile(r"^(?:[A-Z][a-z]?\.[ -]?)+ ?[A-Z][\w'’-]+")
_IEEE_MARKS = re.compile(r"\bvol\. \d|\bno\. \d|[“\"][^”\"]+,[”\"]")


@dataclass(frozen=True, slots=True)
class Layout:
    """House habits of a list that a rewritten entry keeps."""

    style: str
    dash: str = "–"  # page range dash
    doi_url: bool = True  # https://doi.org/... rather than doi:...
    italic: str = ""  # Markdown emphasis mark used for containers, if any
    curly_quotes: bool = False


def entry_prefix(line: str) -> str:
    """The indentation, list marker and label an entry's first line starts with."""
    m = _PREFIX.match(line)
    return m.group(1) if m else ""


def _style_of(text: str, numbered: bool) -> str | None:
    if _IEEE_MARKS.search(text) and (_IEEE_NAMES.match(text) or numbered):
        return "ieee"
    if _VANCOUVER_NAMES.match(text) and (_VANCOUVER_DATE.search(text) or "et al" in text):
        return "vancouver"
    head = text[:400]
    if _APA.search(head):
        authors = head[: _APA.search(head).start()]  # type: ignore[union-attr]
        if "&" in authors or " and " not in authors:
            return "apa"
        return "harvard"
    if _HARVARD_YEAR.search(head):
        return "harvard"
    return None


def detect_style(lines: Sequence[str]) -> str:
    """The style most entries follow: apa, vancouver, harvard or ieee (apa when unsure)."""
    votes: Counter[str] = Counter()
    for line in lines:
        prefix = entry_prefix(line)
        style = _style_of(line[len(prefix) :].strip(), "[" in prefix)
        if style:
            votes[style] += 1
    return votes.most_common(1)[0][0] if votes else "apa"


def _layout(style: str, raws: Sequence[str]) -> Layout:
    joined = "\n".join(raws)
    en, hyphen = len(re.findall(r"\d–\d", joined)), len(re.findall(r"\d-\d", joined))
    doi_url = "doi.org/" in joined.lower() or (style in ("apa", "harvard") and "doi:" not in joined)
    italic = "*" if re.search(r"(?<!\*)\*[^*\s][^*]*\*", joined) else ""
    return Layout(
        style=style,
        dash="–" if en >= hyphen else "-",
        doi_url=doi_url,
        italic=italic,
        curly_quotes="“" in joined,
    )


def _initials(given: str, *, dots: bool) -> str:
    parts = []
    for word in given.replace(".", ". ").split():
        pieces = [p for p in word.split("-") if p]
        if word.isupper() and word.isalpha() and len(word) <= 3 and not dots:
            parts.append(word)
            continue
        if word.isupper() and word.isalpha() and len(word) <= 3:
            parts.append(" ".join(c + "." for c in word))
            continue
        if dots:
            parts.append("-".join(p[0] + "." for p in pieces))
        else:
            parts.append("".join(p[0] for p in pieces))
    return (" " if dots else "").join(parts)


def _person(a: Author, style: str) -> str:
    if a.literal:
        return a.literal
    if style == "vancouver":
        ini = _initials(a.given, dots=False)
        return f"{a.family} {ini}".strip()
    ini = _initials(a.given, dots=True)
    if style == "ieee":
        return f"{ini} {a.family}".strip()
    if style == "harvard":
        ini = ini.replace(". ", ".")
    return f"{a.family}, {ini}" if ini else a.family


def format_authors(authors: Sequence[Author], style: str) -> str:
    names = [_person(a, style) for a in authors]
    if not names:
        return ""
    if style == "vancouver":
        return ", ".join(names[:6]) + (", et al" if len(names) > 6 else "")
    if style == "ieee":
        if len(names) > 6:
            return names[0] + " et al."
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", and " + names[-1]
    if style == "harvard":
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if len(names) > 20:  # APA 7: first 19, an ellipsis, the last
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _end(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _pages(pages: str, layout: Layout, *, short: bool = False) -> str:
    first, last = expand_pages(pages)
    if not last:
        return first
    if short:  # Vancouver drops the repeated leading digits: 747-57
        i = 0
        while i < len(first) - 1 and i < len(last) and first[i] == last[i]:
            i += 1
        last = last[i:] if len(first) == len(last) else last
    return f"{first}{layout.dash}{last}"


def _doi(work: Work, ref: Reference, layout: Layout) -> str:
    m = re.search(re.escape(work.doi), ref.raw, re.IGNORECASE)
    doi = m.group(0) if m else work.doi
    if layout.doi_url:
        return f"https://doi.org/{doi}"
    return f"doi: {doi}" if layout.style == "ieee" else f"doi:{doi}"


def _it(text: str, layout: Layout) -> str:
    return f"{layout.italic}{text}{layout.italic}" if layout.italic and text else text


def format_entry(work: Work, ref: Reference, layout: Layout) -> str:
    """One entry, without its label, from the registered work."""
    style = layout.style
    year, _ = chosen_date(ref.fields.year, work)
    year_text = (str(year) if year else "n.d.") + (ref.fields.year_suffix if year else "")
    authors = format_authors(work.authors or ref.fields.authors, style)
    kind = normalize_type(work.type)
    container = work.container
    doi = _doi(work, ref, layout) if work.doi else ""
    pages = _pages(work.pages, layout, short=style == "vancouver") if work.pages else ""
    locator = pages or (f"Article {work.article_number}" if work.article_number else "")
    if style == "vancouver":
        journal = work.short_container or container
        src = f"{year_text}"
        if work.volume:
            src += f";{work.volume}" + (f"({work.issue})" if work.issue else "")
        if pages or work.article_number:
            src += f":{pages or work.article_number}"
        head = f"{authors}. {_end(work.title)}"
        if kind == "posted-content":
            head = f"{authors}. {work.title.rstrip('.')} [Preprint]."
        body = f"{head} {journal}. {src}." if journal else f"{head} {src}."
        return f"{body} {doi}".strip()
    if style == "ieee":
        q1, q2 = ("“", "”") if layout.curly_quotes else ('"', '"')
        bits = [f"{authors}, {q1}{work.title.rstrip('.')},{q2} {_it(container, layout)}"]
        if work.volume:
            bits.append(f"vol. {work.volume}")
        if work.issue:
            bits.append(f"no. {work.issue}")
        if pages:
            bits.append(f"pp. {pages}" if layout.dash in pages else f"p. {pages}")
        elif work.article_number:
            bits.append(f"Art. no. {work.article_number}")
        bits.append(year_text)
        if doi:
            bits.append(doi)
        return ", ".join(b for b in bits if b.strip()) + "."
    vol = ""
    if work.volume:
        vol = _it(work.volume, layout) if style == "apa" else work.volume
        vol += f"({work.issue})" if work.issue else ""
    if style == "harvard":
        where = ", ".join(
            b for b in (_it(container, layout), vol, f"pp. {pages}" if pages else locator) if b
        )
        text = f"{authors} ({year_text}) '{work.title.rstrip('.')}'"
        text += f", {where}." if where else "."
        return f"{text} Available at: {doi}." if doi and layout.doi_url else f"{text} {doi}".strip()
    # APA 7
    head = f"{authors} ({year_text}). {_end(work.title)}"
    if kind == "posted-content":
        head = f"{authors} ({year_text}). {work.title.rstrip('.')} [Preprint]."
        return f"{head} {_end(_it(container or work.publisher, layout))} {doi}".strip()
    if kind in ("book-chapter", "book-section", "book-part", "proceedings-article"):
        pp = f" (pp. {pages})" if pages else ""
        tail = f"In {_it(container, layout)}{pp}." if container else ""
        pub = _end(work.publisher) if work.publisher else ""
        return " ".join(b for b in (head, tail, pub, doi) if b)
    if kind == "book":
        pub = _end(work.publisher) if work.publisher else ""
        return " ".join(b for b in (head, pub, doi) if b)
    where = ", ".join(b for b in (_it(container, layout), vol, locator) if b)
    return " ".join(b for b in (head, _end(where) if where else "", doi) if b)


def _selected(finding: Finding, select: Sequence[str]) -> bool:
    for s in select:
        s = s.strip()
        if s.upper() == "ALL" or finding.rule == s.lower():
            return True
        if finding.code.upper().startswith(s.upper()):
            return True
    return False


def _dash_of(raw: str, default: str) -> str:
    if re.search(r"\d–\d", raw):
        return "–"
    return "-" if re.search(r"\d-\d", raw) else default


def _confident(resolution: Resolution | None) -> bool:
    if resolution is None or resolution.work is None:
        return False
    if resolution.status == ResolutionStatus.VERIFIED:
        return True
    return resolution.status == ResolutionStatus.MATCHED and (resolution.score or 0) >= 0.8


def _cited_years(base: list[str], doc: DocumentResult, ref: Reference, old: str, new: str) -> None:
    """The in-text citations of an entry whose year was corrected now cite the new year."""
    for c in doc.document.citations:
        if ref.n not in c.references or c.year is None or not c.year.startswith(old):
            continue
        if 0 < c.line <= len(base) and c.text in base[c.line - 1]:
            fixed = re.sub(rf"(?<!\d){old}(?!\d)", new, c.text)
            base[c.line - 1] = base[c.line - 1].replace(c.text, fixed, 1)


def _csl_style(doc: DocumentResult, forced: str | None) -> str:
    """The CSL style of the list ('' when citeproc-py is absent or no style fits)."""
    if not cslstyle.available():
        return ""
    if forced:
        return forced.lower()
    pairs = []
    for r in doc.document.references:
        res = doc.resolution_for(r.n)
        if _confident(res) and res is not None and res.work is not None:
            pairs.append((r.raw, res.work))
    return cslstyle.detect(pairs) or ""


def _rewrite(
    work: Work, ref: Reference, layout: Layout, csl_style: str, notes: list[str] | None
) -> str:
    """A whole entry from the registered work: by CSL in the list's style when citeproc-py is
    installed and a style fits, else by refaudit's own formatter."""
    if csl_style:
        text = cslstyle.render(work, csl_style)
        if text:
            return text
    if notes is not None and not cslstyle.available():
        notes.append(
            f"line {ref.line}: entry rewritten by refaudit's own {layout.style} formatter"
            " (install refaudit-cli[styles] to render it in the list's CSL style)"
        )
    return format_entry(work, ref, replace(layout, dash=_dash_of(ref.raw, layout.dash)))


def fix_document(
    doc: DocumentResult,
    *,
    style: str | None = None,
    select: Sequence[str] = ("ALL",),
    original: str | None = None,
    notes: list[str] | None = None,
) -> str:
    """The document's text with each selected finding on a resolved entry corrected in place.

    Only the printed span of each wrong value changes (see `refaudit.export.inplace`); an
    entry is rewritten whole, in the list's style, only when it could not be parsed and the
    registered work was matched with confidence. Findings that could not be placed are
    described in `notes`. With `original` (the file's text, line for line the document's
    lines) the result is that text with only the entries' lines changed, so line endings and
    the final newline survive; without it, the document's lines joined with newlines and a
    final newline.
    """
    if style is not None and style.lower() not in STYLES:
        raise ConfigError(f"unknown style {style!r}", hint="use one of: " + ", ".join(STYLES))
    document = doc.document
    if document.format in ("bibtex", "docx"):
        raise ConfigError(
            f"cannot fix a {document.format} file in place",
            hint="use `refaudit export` to write a corrected bibliography",
        )
    base = original.splitlines(keepends=True) if original is not None else []
    if len(base) != len(document.lines):
        base = [line + "\n" for line in document.lines]
    refs = document.references
    firsts = [document.lines[r.line - 1] for r in refs if 0 < r.line <= len(base)]
    chosen = style.lower() if style else detect_style(firsts)
    layout = _layout(chosen, [r.raw for r in refs])
    habits = Habits([r.raw for r in refs], chosen)
    csl_style: str | None = None  # detected once, when an entry is rewritten whole
    # Bottom-up, so earlier line numbers stay valid when an entry changes its line count.
    for ref in sorted(refs, key=lambda r: r.line, reverse=True):
        resolution = doc.resolution_for(ref.n)
        work = registered_work(resolution)
        mine = [f for f in doc.findings if f.reference == ref.n and _selected(f, select)]
        if work is None or not mine or not 0 < ref.line <= len(base):
            continue
        end = min(max(ref.end_line or ref.line, ref.line), len(base))
        block = "".join(base[ref.line - 1 : end])
        body = block.rstrip("\r\n")
        ending = block[len(body) :]
        prefix = entry_prefix(body)
        body = body[len(prefix) :]
        if any(f.rule == "unparsed-reference" for f in mine) and _confident(resolution):
            if csl_style is None:
                csl_style = _csl_style(doc, style)
            new_body = _rewrite(work, ref, layout, csl_style, notes)
        else:
            edits, unplaced = entry_edits(Printed(body), ref, work, mine, habits)
            new_body = apply_edits(body, edits)
            for f in unplaced:
                if notes is not None:
                    notes.append(
                        f"line {ref.line}: {f.rule}: could not find the printed value"
                        f" {f.found!r} in the entry; fix it by hand ({f.fix})"
                    )
            for f in mine:
                if f.rule == "year-mismatch" and f.found and f.expected and f not in unplaced:
                    _cited_years(base, doc, ref, f.found, f.expected)
        if new_body != body:
            base[ref.line - 1 : end] = (prefix + new_body + ending).splitlines(keepends=True)
    return "".join(base)


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff (a/path -> b/path) of two texts; empty when they are equal."""
    diff = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path.lstrip('/')}",  # like git: a/tmp/x.md, not a//tmp/x.md
        tofile=f"b/{path.lstrip('/')}",
    )
    out = []
    for line in diff:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
