"""In-text citations: find author-year, numeric and footnote citations and link them to entries."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from refaudit.compare import name_key
from refaudit.extract.formats import FOOTNOTE_MARKER
from refaudit.extract.linking import (
    LETTER,
    SURNAME,
    UPPER,
    EntryIndex,
    label_key,
    link,
)
from refaudit.extract.sentences import Paragraph, paragraphs
from refaudit.model import Citation, Reference

_ETAL = (
    r"(?:\s+et\.?\s*al(?:\.|ii\b|\b)|\s+(?:and|&)\s+(?:(?:his|her|their)\s+)?(?:colleagues"
    r"|co-?workers|others|associates|collaborators|team)\b)"
)
_AND = r"(?:&|\band\b)"
# One surname, then a list ("A, B, and C") or a pair ("A & B"): the first surname is matched once,
# not once per form (it was most of the cost on long text).
_NAMES = (
    rf"(?:{SURNAME}(?:(?:,\s*{SURNAME}){{1,6}},?\s*{_AND}\s*{SURNAME}"
    rf"|,?\s*{_AND}\s*{SURNAME})?){_ETAL}?"
)
_YEAR = r"(?:1[6-9]\d\d|20\d\d)(?:[a-z](?![\w]))?|n\.\s?d\.?|in\s+press|forthcoming"
_YEARS = rf"(?:{_YEAR})(?:\s*[,;]\s*(?:{_YEAR}))*"
_LOCATOR = (
    r"(?:\s*,\s*(?:pp?\.?|para\.?|chap\.?|ch\.?|sec\.?|§)\s*[\dA-Za-z–\-]{1,12}"
    r"|\s*[,:]\s*\d{1,5}(?:\s*[–\-]\s*\d{1,5})?)"
)
_POSSESSIVE = r"(?:['’]s?)"

_NARRATIVE = re.compile(
    rf"(?P<names>{_NAMES}){_POSSESSIVE}?\s*\(\s*(?P<years>{_YEARS}){_LOCATOR}?\s*\)"
)
_BARE = re.compile(rf"(?P<names>{_NAMES}){_POSSESSIVE}?,?\s+(?P<years>{_YEAR})\b")
# Where a surname can start: the first character of every match of the name patterns (a capital,
# or a lower-case particle of PARTICLE followed by a space), as one flat pattern: scanning with
# PARTICLE's alternatives at every character took a third of a long line's time.
_SURNAME_START = re.compile(
    rf"[{UPPER}]|(?=[vdltzaebi])(?=(?:van|von|de[rn]?|d[iua]|del(?:la)?|d[oa]s|l[ae]|te[nr]|vom"
    r"|zu|[ae]l|bin|ibn)\s)"
)
# Cheap tests that let most paragraphs skip the costly name patterns.
_HAS_PAREN_YEAR = re.compile(rf"\(\s*(?:{_YEAR})")
_HAS_YEAR = re.compile(rf"\b(?:{_YEAR})")
_GROUP = re.compile(r"\(([^()\n]{1,600})\)")
# The label after a displayed equation: "$$ x = y $$, [31]", "\\tag{31}".
_EQUATION_LABEL = re.compile(
    r"\$(?:\$|(?=\s*[,.;]?\s*\[\d{1,3}\]\s*$))\s*[,.;]?\s*\[(\d{1,3})\]|\\tag\{(\d{1,3})\}"
)
# A passage in double quotes (straight quotes pair up in order).
_QUOTED = re.compile(r'"[^"]{1,3000}"|“[^“”]{1,3000}”')
# The second party of a court case, whose name is no author: "Jacobsen v. Katzer (2008)".
_CASE_PARTY = re.compile(r"\bv(?:s?\.|s)?\s+[`*_]?$")
_PREFIX = (
    r"(?:(?:see(?:\s+also)?|cf\.?|e\.\s?g\.?|i\.\s?e\.?|also|for\s+(?:a\s+)?reviews?|reviewed\s+in"
    r"|for\s+example|as\s+cited\s+in|but\s+see|and|or|as\s+in|in)[,:]?\s+)"
)
_ORG = rf"[{UPPER}][\w\-.’']*(?:\s+(?:(?:of|for|on|in|and|the|&)\s+)?[{UPPER}][\w\-.’']*){{1,7}}"
_PART = re.compile(
    rf"^\s*{_PREFIX}{{0,3}}(?P<names>{_NAMES}|{_ORG}){_POSSESSIVE}?(?:\s*\[[^\]]{{1,20}}\])?,?\s+"
    rf"(?P<years>{_YEARS}){_LOCATOR}?\s*$"
)
# MLA: author and page, no year ("(Pokorny 750)"); a citation only when the author is listed.
_AUTHOR_PAGE = re.compile(
    rf"^\s*{_PREFIX}{{0,3}}(?P<names>{_NAMES})\s+\d{{1,4}}(?:\s*[–\-]\s*\d{{1,4}})?\s*$"
)
_ORG_BEFORE = re.compile(rf"((?:[{UPPER}][\w\-.’']*\s+(?:(?:of|for|on|in|and|the|&)\s+)?){{1,6}})$")
_YEARS_ONLY = re.compile(rf"^\s*(?P<years>{_YEARS}){_LOCATOR}?\s*$")
_YEAR_SPLIT = re.compile(rf"{_YEAR}")
_NUMERIC = re.compile(
    r"\[(?P<nums>\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?:\s*[,;]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*)"
    r"(?:\s*,\s*(?:pp?\.?|ch\.)\s*[\d–\-]{1,12})?\](?![(:{])"
)
_PAREN_NUMERIC = re.compile(
    r"(?<![\w(])\((?P<nums>\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*,\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*)\)"
)
_SUPERSCRIPT = re.compile(
    r"(?<=[a-z]{2})(?P<punct>[.,;:])(?P<nums>\d{1,3}(?:[,–-]\d{1,3})*)(?=\s+[\"“A-Z]|\s*$)"
    r"|(?<=[a-z]{3})(?P<nums2>\d{1,3}(?:[,–-]\d{1,3})*)(?=[.,;:]?(?:\s|$))"
)
# A reStructuredText citation label in the text: [Kar], [Blanco2003].
_LABEL_CITE = re.compile(r"\[(?P<label>[^\W\d_][\w\-.+]{0,40})\](?![(:\[])")
_SUPER_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_UNICODE_SUP = re.compile(
    r"(?:(?<=[^\W\d_]{3})|(?<=[)\].,;:]))[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?:[,⁻–-][⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})*(?=[\s.,;:)]|$)"
)
_TO_DIGITS = str.maketrans(_SUPER_DIGITS + "⁻", "0123456789-")
_RANGE = re.compile(r"(\d+)\s*[-–—]\s*(\d+)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that come before years in prose ("In 2019", "March 2020"), never authors.
_NOT_NAMES = _words(
    """in on at by since from until before after during between the a an about around circa
    through to of for and but or also see summer spring winter fall autumn january february march
    april may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday figure fig
    figures table tables version vol volume issue no number year years page pages chapter section
    appendix published updated accessed retrieved copyright posted edition early late mid ca this
    that these those its their our we it he she they unlike as like when while then now today
    last next until study studies trial trials survey report data released launched founded
    established eq equation step phase stage model class type level grade"""
)
# Words before "(2)" that make it a label, not a citation ("Equation (2)", "Table (1)").
_NOT_NUMBERED = _words(
    """equation equations eq eqs figure fig figs table tab step steps phase stage item option
    line lines panel row column version grade level class type category point criterion
    hypothesis aim question model formula page pages chapter section part"""
)


def _split_names(names: str) -> tuple[tuple[str, ...], bool]:
    """('Mason', 'Kuypers'), et_al from 'Mason & Kuypers' or 'Pokorny et al.'."""
    et_al = re.search(_ETAL, names) is not None
    core = re.sub(_ETAL, "", names)
    parts = re.split(rf"\s*(?:,|{_AND})\s*", core)
    # "Zou's (2007)": the possessive is no part of the name
    bare = (re.sub(r"['’]s?$", "", p.strip()) for p in parts)
    return tuple(n for n in bare if n), et_al


def _plausible_names(names: Sequence[str]) -> bool:
    return bool(names) and names[0].split()[0].lower().strip(".") not in _NOT_NAMES


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    citation: Citation


@dataclass(slots=True)
class _Scanner:
    index: EntryIndex
    para: Paragraph
    equations: frozenset[int] = frozenset()  # numbers labelling displayed equations
    quotes: list[tuple[int, int]] | None = None  # spans of quoted passages, found when needed
    found: list[_Found] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        # Claimed spans never overlap, so only the two neighbours of `start` can collide.
        i = bisect.bisect_left(self.spans, (start, start))
        return all(e <= start or end <= s for s, e in self.spans[max(i - 1, 0) : i + 1])

    def add(self, start: int, end: int, citation: Citation) -> None:
        self.found.append(_Found(start, end, citation))

    def claim(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def quoted(self, start: int) -> bool:
        """Whether `start` lies inside a passage in double quotes."""
        if self.quotes is None:
            self.quotes = [m.span() for m in _QUOTED.finditer(self.para.text)]
        i = bisect.bisect_right(self.quotes, (start, len(self.para.text)))
        return i > 0 and self.quotes[i - 1][0] < start < self.quotes[i - 1][1]

    def author_year(
        self, start: int, end: int, text: str, names_text: str, years: str, kind: str
    ) -> list[Citation]:
        names, et_al = _split_names(names_text)
        # A quoted passage's own citations are the quoted author's: an unlisted one is no
        # missing entry of this article.
        quoted = self.quoted(start)
        out: list[Citation] = []
        for year in [y.group(0) for y in _YEAR_SPLIT.finditer(years)] or [""]:
            refs, _ = link(self.index, names, et_al, year)
            if not refs and not et_al and len(names) > 1:
                refs, _ = link(self.index, (names_text.strip(),), False, year)  # organisation
            label = f"{names_text.strip()} {year}".strip()
            out.append(
                Citation(
                    line=self.para.line_at(start),
                    text=text,
                    sentence=self.para.sentence_at(start),
                    references=refs,
                    kind=kind,
                    names=names,
                    year=year or None,
                    unresolved=() if refs or quoted else (label,),
                )
            )
        return out


def _names_finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for a pattern that starts with a surname, tried only where one
    can start (a capital or a particle): the same matches, without attempting the costly
    pattern at every character of a long paragraph."""
    starts = _surname_starts(text)
    i = 0
    while i < len(starts):
        m = pattern.match(text, starts[i])
        if m is None:
            i += 1
            continue
        yield m
        i = bisect.bisect_left(starts, m.end() if m.end() > m.start() else m.start() + 1, i + 1)


@functools.lru_cache(maxsize=4)
def _surname_starts(text: str) -> list[int]:
    """Where a surname can start in `text`, found once for all the name patterns."""
    return [m.start() for m in _SURNAME_START.finditer(text)]


def _narrative(sc: _Scanner) -> None:
    if not _HAS_PAREN_YEAR.search(sc.para.text):
        return
    text = sc.para.text
    for m in _names_finditer(_NARRATIVE, text):
        names, et_al = _split_names(m.group("names"))
        if not _plausible_names(names):
            continue
        start, names_text = m.start(), m.group("names")
        if _CASE_PARTY.search(text, max(0, start - 8), start):
            sc.claim(start, m.end())  # "Jacobsen v. Katzer (2008)": a court case and its year
            continue
        first_year = _YEAR_SPLIT.search(m.group("years"))
        year = first_year.group(0) if first_year else ""
        org = _ORG_BEFORE.search(text[max(0, start - 120) : start])
        if org and not et_al and len(names) == 1 and not link(sc.index, names, et_al, year)[0]:
            # "World Health Organization (2020)": the author is the whole name, if it is listed.
            prefix = org.group(1)
            for word in re.finditer(r"\S+", prefix):
                longer = prefix[word.start() :] + names_text
                if link(sc.index, (longer,), False, year)[0]:
                    start, names_text = start - len(prefix) + word.start(), longer
                    break
        for c in sc.author_year(
            start, m.end(), text[start : m.end()], names_text, m.group("years"), "narrative"
        ):
            sc.add(start, m.end(), c)
        sc.claim(start, m.end())


def _parenthetical(sc: _Scanner) -> None:
    text = sc.para.text
    if not _HAS_YEAR.search(text):
        return
    for g in _GROUP.finditer(text):
        if not sc.free(g.start(), g.end()):
            continue
        inner = g.group(1)
        parts = inner.split(";")
        offset = g.start(1)
        previous: str | None = None
        hits: list[tuple[int, int, str, str]] = []
        for part in parts:
            m = _PART.match(part)
            page = None if m else _AUTHOR_PAGE.match(part)
            if page and link(sc.index, _split_names(page.group("names"))[0], False, "")[1]:
                hits.append((offset, offset + len(part), page.group("names"), ""))
            elif m:
                previous = m.group("names")
                hits.append((offset, offset + len(part), previous, m.group("years")))
            else:
                y = _YEARS_ONLY.match(part)
                if y and previous is not None:
                    hits.append((offset, offset + len(part), previous, y.group("years")))
            offset += len(part) + 1
        if not hits:
            continue
        single = len(hits) == 1 and len(parts) == 1
        accepted = False
        for start, end, names_text, years in hits:
            names, _ = _split_names(names_text)
            if not _plausible_names(names):
                continue
            shown = g.group(0) if single else text[start:end].strip()
            for c in sc.author_year(start, end, shown, names_text, years, "author-year"):
                sc.add(g.start() if single else start, g.end() if single else end, c)
                accepted = True
        if accepted:
            sc.claim(g.start(), g.end())


def _bare(sc: _Scanner) -> None:
    if not _HAS_YEAR.search(sc.para.text):
        return
    for m in _names_finditer(_BARE, sc.para.text):
        if not sc.free(m.start(), m.end()):
            continue
        names_text = m.group("names")
        names, et_al = _split_names(names_text)
        refs, _ = link(sc.index, names, et_al, m.group("years"))
        shaped = et_al or "&" in names_text
        if not refs and not (shaped and _plausible_names(names)):
            continue
        for c in sc.author_year(
            m.start(), m.end(), m.group(0), names_text, m.group("years"), "narrative"
        ):
            sc.add(m.start(), m.end(), c)
        sc.claim(m.start(), m.end())


def _numbers(spec: str) -> list[int] | None:
    out: list[int] = []
    for piece in re.split(r"\s*[,;]\s*", spec.strip()):
        r = _RANGE.fullmatch(piece)
        if r:
            a, b = int(r.group(1)), int(r.group(2))
            if b < a or b - a > 200:
                return None
            out.extend(range(a, b + 1))
        elif piece.isdigit():
            out.append(int(piece))
        else:
            return None
    if not out or min(out) < 1 or max(out) >= 1000:
        return None
    return out


def _numeric_citation(sc: _Scanner, start: int, text: str, nums: list[int]) -> Citation:
    refs: list[int] = []
    missing: list[str] = []
    for k in nums:
        n = sc.index.number(k)
        if n is None:
            missing.append(str(k))
        else:
            refs += [x for x in sc.index.works(n) if x not in refs]
    return Citation(
        line=sc.para.line_at(start),
        text=text,
        sentence=sc.para.sentence_at(start),
        references=tuple(refs),
        kind="numeric",
        unresolved=tuple(f"[{k}]" for k in missing),
    )


def _numeric(sc: _Scanner) -> None:
    equations = sc.equations
    for m in _NUMERIC.finditer(sc.para.text):
        nums = _numbers(m.group("nums"))
        if nums is None or not sc.free(m.start(), m.end()):
            continue
        if equations and all(k in equations for k in nums):
            continue  # "from [32]": the number of a displayed equation
        sc.add(m.start(), m.end(), _numeric_citation(sc, m.start(), m.group(0), nums))
        sc.claim(m.start(), m.end())


def _paren_numeric(sc: _Scanner) -> None:
    if not sc.index.numbered:
        return
    text = sc.para.text
    for m in _PAREN_NUMERIC.finditer(text):
        nums = _numbers(m.group("nums"))
        if nums is None or not sc.free(m.start(), m.end()):
            continue
        if any(sc.index.number(k) is None for k in nums):
            continue
        before = text[: m.start()].rstrip()
        after = text[m.end() :].lstrip()
        word = re.search(r"(\w+)\.?$", before)
        if (
            not before
            or before[-1] in ":;("
            or (after[:1].isalpha() and after[:1].islower())
            or (word is not None and word.group(1).lower() in _NOT_NUMBERED)
        ):
            continue
        sc.add(m.start(), m.end(), _numeric_citation(sc, m.start(), m.group(0), nums))
        sc.claim(m.start(), m.end())


def _superscript(sc: _Scanner) -> None:
    for m in _SUPERSCRIPT.finditer(sc.para.text):
        spec = m.group("nums") or m.group("nums2")
        nums = _numbers(spec.replace("–", "-"))
        if nums is None or any(sc.index.number(k) is None for k in nums):
            continue
        start = m.start("nums") if m.group("nums") else m.start("nums2")
        if not sc.free(start, m.end()):
            continue
        sc.add(start, m.end(), _numeric_citation(sc, start, spec, nums))
        sc.claim(start, m.end())


def _footnotes(sc: _Scanner) -> None:
    for m in FOOTNOTE_MARKER.finditer(sc.para.text):
        if not sc.free(m.start(), m.end()):
            continue
        key = label_key(m.group("label"))
        labels = sc.index.by_label
        n = labels.get("^" + key)
        if n is None and not any(k.startswith("^") for k in labels):
            n = labels.get(key)  # footnote definitions listed with plain labels
        sc.add(
            m.start(),
            m.end(),
            Citation(
                line=sc.para.line_at(m.start()),
                text=m.group(0),
                sentence=sc.para.sentence_at(m.start()),
                references=sc.index.works(n) if n is not None else (),
                kind="footnote",
                unresolved=() if n is not None else (m.group(0),),
            ),
        )
        sc.claim(m.start(), m.end())


def _labels(sc: _Scanner) -> None:
    """RST citation labels ("[Kar]"), read only where the list is labelled that way."""
    labels = sc.index.by_label
    if not any(k and not k.isdigit() and not k.startswith("^") for k in labels):
        return
    for m in _LABEL_CITE.finditer(sc.para.text):
        key = label_key(m.group("label"))
        if key not in labels or not sc.free(m.start(), m.end()):
            continue
        sc.add(
            m.start(),
            m.end(),
            Citation(
                line=sc.para.line_at(m.start()),
                text=m.group(0),
                sentence=sc.para.sentence_at(m.start()),
                references=sc.index.works(labels[key]),
                kind="numeric",
            ),
        )
        sc.claim(m.start(), m.end())


def _unicode_superscript(sc: _Scanner) -> None:
    """Superscript digits typed as characters: "empathy²", "shown.¹⁻³"."""
    for m in _UNICODE_SUP.finditer(sc.para.text):
        spec = m.group(0).translate(_TO_DIGITS)
        nums = _numbers(spec)
        if nums is None or not sc.free(m.start(), m.end()):
            continue
        sc.add(m.start(), m.end(), _numeric_citation(sc, m.start(), m.group(0), nums))
        sc.claim(m.start(), m.end())


_FIRST_NAME = re.compile(rf"([{UPPER}]{LETTER}+)\s+$")
_NUMBER = re.compile(r"\b\d+\b")


def _mentions(sc: _Scanner, surnames: re.Pattern[str] | None) -> None:
    """Looser narrative mentions: an entry's first author with its year in the same sentence,
    or with a full first name ("a 2025 preprint by Richard Zeifman and colleagues")."""
    if surnames is None:
        return
    text = sc.para.text
    linked_in_sentence: dict[int, set[int]] = {}
    for f in sc.found:
        linked_in_sentence.setdefault(sc.para.sentence_index(f.start), set()).update(
            f.citation.references
        )
    # The numbers of each sentence, found once: a sentence may hold thousands of mentions.
    numbers_in: dict[int, frozenset[str]] = {}
    for m in surnames.finditer(text):
        if not sc.free(m.start(), m.end()):
            continue
        refs = sc.index.by_name.get(name_key(m.group(0)), [])
        if not refs:
            continue
        sentence = sc.para.sentence_at(m.start())
        at = sc.para.sentence_index(m.start())
        if at not in numbers_in:
            numbers_in[at] = frozenset(_NUMBER.findall(sentence))
        before = _FIRST_NAME.search(text[max(0, m.start() - 40) : m.start()])
        by_year = [r for r in refs if r.fields.year and str(r.fields.year) in numbers_in[at]]
        chosen = by_year
        if not chosen and before is not None:
            first = before.group(1)
            by_name = [
                r
                for r in refs
                if r.fields.authors
                and r.fields.authors[0].given[:1].lower() == first[:1].lower()
                and first.lower() not in _NOT_NAMES
            ]
            chosen = by_name if len(by_name) == 1 else []
        already = linked_in_sentence.get(sc.para.sentence_index(m.start()), set())
        chosen = [r for r in chosen if r.n not in already]
        if not chosen:
            continue
        start = m.start()
        if before is not None and before.group(1).lower() not in _NOT_NAMES:
            start = m.start() - len(before.group(0))
        tail = re.match(
            rf"(?:,\s*{SURNAME}){{0,6}},?(?:\s*{_AND}\s*{SURNAME})?{_ETAL}?", text[m.end() :]
        )
        end = m.end() + (len(tail.group(0)) if tail else 0)
        years = {str(r.fields.year) for r in chosen if r.fields.year}
        sc.add(
            start,
            end,
            Citation(
                line=sc.para.line_at(start),
                text=text[start:end],
                sentence=sentence,
                references=tuple(r.n for r in chosen),
                kind="narrative",
                names=(m.group(0),),
                year=years.pop() if len(years) == 1 else None,
            ),
        )
        sc.claim(start, end)
        linked_in_sentence.setdefault(sc.para.sentence_index(m.start()), set()).update(
            r.n for r in chosen
        )


def _equation_numbers(lines: Sequence[str]) -> frozenset[int]:
    """Numbers printed as labels of displayed equations: `$$ ... $$, [31]` or `\\tag{31}`."""
    out: set[int] = set()
    for line in lines:
        if "$" in line or "\\tag" in line:
            out.update(int(m.group(1) or m.group(2)) for m in _EQUATION_LABEL.finditer(line))
    return frozenset(out)


def _surname_pattern(references: Sequence[Reference]) -> re.Pattern[str] | None:
    names: set[str] = set()
    for ref in references:
        if ref.fields.authors and ref.fields.authors[0].family:
            family = ref.fields.authors[0].family.strip()
            if len(family) >= 2:
                names.add(family)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])")


def find_citations(
    lines: Sequence[str],
    references: Sequence[Reference],
    list_span: tuple[int, int] | None,
) -> tuple[Citation, ...]:
    """Every citation in the text outside the reference list, linked to the entries it cites."""
    index = EntryIndex(references)
    surnames = _surname_pattern(references)
    found: list[_Found] = []
    scanners: list[_Scanner] = []
    equations = _equation_numbers(lines)
    for para in paragraphs(lines, list_span):
        sc = _Scanner(index, para, equations)
        _narrative(sc)
        _parenthetical(sc)
        _bare(sc)
        _numeric(sc)
        _paren_numeric(sc)
        _footnotes(sc)
        _labels(sc)
        if sc.index.references and any(ch in sc.para.text for ch in _SUPER_DIGITS):
            _unicode_superscript(sc)
        _mentions(sc, surnames)
        scanners.append(sc)
        found.extend(sc.found)
    if index.numbered and not any(f.citation.kind in ("numeric", "author-year") for f in found):
        # Superscripts flattened to digits are ambiguous; read them only in numbered documents
        # where nothing else cites.
        for sc in scanners:
            before = len(sc.found)
            _superscript(sc)
            found.extend(sc.found[before:])
    ordered = sorted(found, key=lambda f: (f.citation.line, f.start))
    return tuple(f.citation for f in _dedupe(ordered))


def _dedupe(found: Sequence[_Found]) -> Iterator[_Found]:
    seen: set[tuple[int, int, str | None]] = set()
    for f in found:
        key = (f.citation.line, f.start, f.citation.year)
        if key not in seen:
            seen.add(key)
            yield f
