"""Journal and container names compared up to case, subtitle and ISO 4/NLM abbreviation."""

from __future__ import annotations

from rapidfuzz import fuzz

from refaudit.compare import fold, strip_markup

_VENUE_STOP = frozenset({"the", "of", "and", "for", "in", "on", "a", "an", "und", "der", "die"})


def _venue_words(name: str) -> list[str]:
    words = fold(strip_markup(name).replace("&", " and ")).split()
    return [w for w in words if w not in _VENUE_STOP]


def _abbreviates(word: str, full: str) -> bool:
    """'natl' abbreviates 'national': same first letter, letters in order."""
    if word == full:
        return True
    if word[0] != full[0] or len(word) > len(full):
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
    return fuzz.ratio(" ".join(p), " ".join(r)) >= 92
