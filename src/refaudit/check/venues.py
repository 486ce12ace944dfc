"""Journal and container names compared up to case, subtitle and ISO 4/NLM abbreviation."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from refaudit.compare import fold, strip_markup
from refaudit.model import Work

# "Medicine (Baltimore)", "Cancer (Phila)": a place that tells journals of one name apart.
_QUALIFIER = re.compile(r"\s*\([^)]{2,40}\)\s*$")
_LEADING_THE = re.compile(r"^\s*the\s+", re.I)

_VENUE_STOP = frozenset({"the", "of", "and", "for", "in", "on", "a", "an", "und", "der", "die"})


def _venue_words(name: str) -> list[str]:
    words = fold(strip_markup(name).replace("&", " and ")).split()
    return [w for w in words if w not in _VENUE_STOP]


def _abbreviates(word: str, full: str) -> bool:
    """'natl' abbreviates 'national': same first letter, letters in order."""
    if word == full:
        return True
    if not word or word[0] != full[0] or len(word) > len(full):
        return False
    it = iter(full)
    return all(c in it for c in word)


def _abbreviation_of(short: list[str], full: list[str]) -> bool:
    """True when each word of `short` abbreviates one word, or is the acronym of several."""
    memo: dict[tuple[int, int], bool] = {}

    def go(i: int, j: int) -> bool:
        if i == len(short):
            return j == len(full)
        if j == len(full):
            return False
        if (i, j) not in memo:
            word = short[i]
            ok = _abbreviates(word, full[j]) and go(i + 1, j + 1)
            k = len(word)
            if not ok and k >= 2 and j + k <= len(full):
                acronym = "".join(w[0] for w in full[j : j + k])
                ok = acronym == word and go(i + 1, j + k)
            memo[(i, j)] = ok
        return memo[(i, j)]

    return go(0, 0)


@lru_cache(maxsize=1)
def _iso4() -> object | None:
    try:
        from pyiso4.ltwa import Abbreviate  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    abbreviate: object = Abbreviate.create()
    return abbreviate


@lru_cache(maxsize=4096)
def iso4_abbreviation(name: str) -> str:
    """The ISO 4 (LTWA) abbreviation of a journal title: 'Journal of Heat Transfer' -> 'J. Heat
    Transf.'; the name itself when the word list has nothing for it."""
    abbreviate = _iso4()
    if abbreviate is None or not name.strip():
        return name
    try:
        return str(abbreviate(name, remove_part=True))  # type: ignore[operator]
    except Exception:  # the package fails on odd input; the name then stays as it is
        return name


def venue_forms(*names: str, iso4: bool = True) -> list[str]:
    """Every form a journal name is printed in: as registered, without "The", without a place
    qualifier, each side of a subtitle colon, and (with `iso4`) its ISO 4 abbreviation.

    Building the LTWA word table costs seconds, so callers try the cheap forms first."""
    forms: list[str] = []

    def add(name: str) -> None:
        name = strip_markup(name).strip(" .,;")
        if name and name not in forms:
            forms.append(name)

    for name in names:
        if not name:
            continue
        base = strip_markup(name)
        variants = [base, _LEADING_THE.sub("", base), _QUALIFIER.sub("", base)]
        if ":" in base:
            head, _, tail = base.partition(":")
            variants += [head, tail]
        for v in variants:
            add(v)
            if iso4:
                add(iso4_abbreviation(v))
    return forms


def venues_equivalent(printed: str, registered: str) -> bool:
    """Same venue up to case, punctuation, a leading "The", subtitle and ISO 4/NLM abbreviation."""
    p, r = _venue_words(printed), _venue_words(registered)
    if not p or not r:
        return True
    if p == r or "".join(p) == "".join(r):
        return True
    if _abbreviation_of(p, r) or _abbreviation_of(r, p):
        return True
    main_r = _venue_words(registered.split(":")[0])
    main_p = _venue_words(printed.split(":")[0])
    if main_r and main_p and (_abbreviation_of(p, main_r) or _abbreviation_of(main_p, r)):
        return True
    tail_r = _venue_words(registered.split(":")[-1]) if ":" in registered else []
    if tail_r and (p == tail_r or _abbreviation_of(p, tail_r)):
        return True
    p_bare, r_bare = (
        _venue_words(_QUALIFIER.sub("", printed)),
        _venue_words(_QUALIFIER.sub("", registered)),
    )
    if p_bare and r_bare and (p_bare == r_bare or _abbreviation_of(p_bare, r_bare)):
        return True
    if _run_abbreviates(p, r):
        return True
    return fuzz.ratio(" ".join(p), " ".join(r)) >= 92


def _run_abbreviates(printed: list[str], registered: list[str]) -> bool:
    """A publisher's or society's prefix before the name: 'ASME J Heat Transfer'."""
    if len(printed) < 2 or len(registered) < 2:
        return False
    for start in (1, 0):
        for end in (len(printed), len(printed) - 1):
            run = printed[start:end]
            if run and len(printed) - len(run) <= 1 and _abbreviation_of(run, registered):
                return True
    return False


def venue_in_text(words: list[str], name: str) -> bool:
    """The venue `name` is printed somewhere in the entry's folded `words`, possibly
    abbreviated ('J Natl Cancer Inst' for 'Journal of the National Cancer Institute')."""
    wanted = _venue_words(name)
    if not wanted:
        return False
    content = [w for w in words if w not in _VENUE_STOP]
    n = len(wanted)
    joined = " ".join(content)
    if f" {' '.join(wanted)} " in f" {joined} ":
        return True
    for size in range(max(1, n - 1), n + 2):
        for i in range(0, len(content) - size + 1):
            window = content[i : i + size]
            if max(len(w) for w in window) < 3:
                continue
            if n == 1 and len(window[0]) < 3:
                continue
            if _abbreviation_of(window, wanted):
                return True
    return False


def work_venues(work: Work, iso4: bool = True) -> list[str]:
    """The registered names of the work's venue, in every printed form (ISO 4 with `iso4`)."""
    return venue_forms(work.container, work.short_container, iso4=iso4)
