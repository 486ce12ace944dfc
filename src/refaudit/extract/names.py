"""Author lists as printed: find where a list of names ends and split it into Authors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from refaudit.model import Author

_U = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_UP = f"[{_U}]"
_PARTICLE = (
    r"(?:[vV]an|[vV]on|[dD]e|[dD]er|[dD]en|[dD]el|[dD]ella|[dD]ei|[dD]i|[dD]a|[dD]as|[dD]os|"
    r"[dD]u|[lL]e|[lL]a|[tT]en|[tT]er|[vV]ander|[aA]l|[eE]l|[bB]in|[bB]en|[sS]t\.|[dD]')"
)
# One surname token: capitalised, may hold apostrophes and hyphens (O'Brien, Carhart-Harris).
_FAMILY_TOKEN = rf"(?:{_UP}['’]?[\w'’]*(?:-{_UP}?[\w'’]+)*)"
_FAMILY = rf"(?:(?:{_PARTICLE}\s+){{0,3}}|[dD]'|[oO]')?{_FAMILY_TOKEN}"
# Separators between initials are written so that each text has one way to match: an
# ambiguous one ("\s?-?\s?" for one space) backtracks exponentially on runs of initials.
_INIT_DOT = rf"(?:{_UP}[a-z]?\.(?:(?:\s*-\s?|\s+)?{_UP}[a-z]?\.)*)"
_INIT_BARE = rf"(?:{_UP}{{1,3}}(?:-{_UP}{{1,2}})?(?![\w'’-]))"
_GIVEN = rf"(?:{_UP}[a-zß-öø-ÿ]+(?:-{_UP}?[a-zß-öø-ÿ]+)?)"
_GIVENS = rf"(?:{_GIVEN}(?:\s+(?:{_GIVEN}|{_UP}\.))*)"
_SUFFIX = r"(?:,?\s+(?:Jr|Sr|II|III|IV)\.?)?"
_END = r"(?=[\s,.;:&(\[]|$)"
_NOT_INITIAL = rf"(?!{_UP}{_END})"  # a lone capital is an initial, never a surname

_UNITS = {
    # Pokorny, T. H. / Neff, Kristin D.
    "apa": re.compile(
        rf"(?P<family>{_FAMILY}(?:\s(?!{_UP}{{1,3}}{_END}){_FAMILY_TOKEN})?),\s*(?P<given>{_INIT_DOT}|{_GIVENS}(?:\s+{_INIT_DOT})?|{_UP}{{1,3}}\.?(?![\w'’-]))"
        rf"{_SUFFIX}{_END}"
    ),
    # Pokorny TH
    "vancouver": re.compile(rf"(?P<family>{_FAMILY})\s+(?P<given>{_INIT_BARE}){_SUFFIX}{_END}"),
    # Heidegger M.
    "family-initials": re.compile(rf"(?P<family>{_FAMILY})\s+(?P<given>{_INIT_DOT}){_END}"),
    # T. H. Pokorny / W.-P. de Roever
    "initials-family": re.compile(
        # Initials after a given name only: directly after initials they would split one run
        # of initials in every possible way (quadratic).
        rf"(?P<given>{_INIT_DOT}(?:\s+{_GIVEN}(?:\s*{_INIT_DOT})?)?)(?:(?<=\.)\s*|\s+)"
        rf"(?P<family>{_NOT_INITIAL}{_FAMILY}){_SUFFIX}{_END}"
    ),
    # Richard Zeifman
    "given-family": re.compile(
        rf"(?P<given>{_GIVENS})\s+(?P<family>(?!{_UP}{{1,3}}{_END}){_FAMILY}){_SUFFIX}{_END}"
    ),
}
_FORMATS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("apa", ("apa",)),
    ("vancouver", ("vancouver",)),
    ("family-initials", ("family-initials",)),
    ("initials-family", ("initials-family",)),
    ("apa", ("given-family", "initials-family")),  # MLA: Smith, John, and Jane Doe
    ("given-family", ("given-family", "initials-family")),
)
_SEP = re.compile(
    r"\s*(?:,\s*(?:(?:&|and|und|y|et)\s+)?|;\s*(?:(?:&|and)\s+)?|\s(?:&|and|und)\s+|&\s*)"
)
_ETAL = re.compile(r"\s*,?\s*(?:&\s*|and\s+)?(?:et\.?\s*al\b\.?|and\s+others\b|et\s+alii\b)", re.I)
_ELLIPSIS = re.compile(r"\s*,?\s*(?:\.\s?\.\s?\.|…)\s*(?:&\s*)?")
_ORG_CLEAN = re.compile(r"^[\s,.;:]+|[\s,;:]+$")
_ORG_WORDS = re.compile(
    r"\b(?:Organi[sz]ation|Association|Institutes?|Society|Council|Agency|Department|Centre|Center"
    r"|University|Committee|Foundation|Group|Board|Office|Ministry|Commission|Network|Consortium"
    r"|Collaboration|Services?|Trust|Bank|Union|Federation|Academy|Administration|Alliance|Inc"
    r"|Ltd|Corporation|Company|Bureau|Authority|Institut|Team|Project|Panel|Programme|Program"
    r"|Nations|Government|College|School|Hospital|Clinic|Registry|Survey|Working)\b",
    re.I,
)
# Every name pattern starts with a capital, a particle or "d'"/"o'": a cheap test first.
_MAY_START = re.compile(rf"{_UP}|[a-z]")
_ENDS_CLEAN = re.compile(r"\s*(?:[.,;:(\[\d]|$)")
_EDS = re.compile(r"\s*\(?\b(?:eds?|editors?|hrsg|coord)\b\.?\)?\.?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class AuthorScan:
    """The author list found at the start of a string: where it ends and what it holds."""

    end: int  # offset just after the last name (or "et al.")
    authors: tuple[Author, ...]
    et_al: bool
    style: str  # which name pattern matched: apa, vancouver, initials-family ...


def _author(m: re.Match[str]) -> Author:
    family = m.group("family").strip()
    given = " ".join(m.group("given").split())  # whitespace runs to one space, stripped
    return Author(family=family, given=given)


def _scan_format(text: str, first: str, rest: tuple[str, ...], m: re.Match[str]) -> AuthorScan:
    authors = [_author(m)]
    pos = m.end()
    et_al = False
    while True:
        e = _ETAL.match(text, pos)
        if e:
            return AuthorScan(e.end(), tuple(authors), True, first)
        ell = _ELLIPSIS.match(text, pos)
        sep = ell or _SEP.match(text, pos)
        if not sep or sep.end() == pos:
            break
        nxt = None
        for name in rest:
            nxt = _UNITS[name].match(text, sep.end())
            if nxt:
                break
        if not nxt:
            if ell:
                return AuthorScan(ell.end(), tuple(authors), True, first)
            break
        et_al = et_al or bool(ell)
        authors.append(_author(nxt))
        pos = nxt.end()
    return AuthorScan(pos, tuple(authors), et_al, first)


def scan_authors(text: str) -> AuthorScan | None:
    """Find the list of personal names that starts `text`; None when it does not start with one."""
    best: AuthorScan | None = None
    best_key = (0, False, 0)
    if not text[:1] or not _MAY_START.match(text):
        return None
    # The first name of each pattern, matched once: two formats start with the same one.
    heads: dict[str, re.Match[str] | None] = {}
    for first, rest in _FORMATS:
        if first not in heads:
            heads[first] = _UNITS[first].match(text)
        m = heads[first]
        if m is None:
            continue
        found = _scan_format(text, first, rest, m)
        # A list of names ends at punctuation or a year, not in the middle of a phrase: "Brown A.
        # Some trial" is Brown A, not the given names "Brown A." of a "Some".
        clean = bool(_ENDS_CLEAN.match(text, found.end))
        key = (len(found.authors), clean, found.end)
        if best is None or key > best_key:
            best, best_key = found, key
    return best


def parse_author_segment(segment: str) -> tuple[tuple[Author, ...], bool]:
    """Split a text known to hold only the authors ("Smith, J., & Doe, K.") into Authors.

    A segment that is not a list of personal names is one organisation (Author.literal).
    """
    seg = _EDS.sub("", segment.strip())
    seg = _ORG_CLEAN.sub("", seg)
    if not seg:
        return (), False
    found = scan_authors(seg)
    if found and not (len(found.authors) == 1 and _ORG_WORDS.search(seg)):
        tail = seg[found.end :].strip(" ,.;:")
        if not tail or _ETAL.fullmatch(" " + tail) or len(tail) <= 3:
            return found.authors, found.et_al
    et_al = bool(_ETAL.search(seg))
    literal = _ETAL.sub("", seg).strip(" ,.;:")
    literal = re.sub(r"\s*\((?:eds?|editors?)\.?\)$", "", literal, flags=re.I)
    if not literal:
        return (), et_al
    return (Author(family="", literal=literal),), et_al
