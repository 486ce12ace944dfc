"""Reversed direction: the citing clause and the abstract sentence about the same outcome say
opposite things (increased vs decreased, reduced vs did not reduce, associated vs not
associated, superior vs non-inferior)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refaudit.check.claims.vocabulary import fold_token, prepare_text

UP, DOWN, NOT_UP, NOT_DOWN = "up", "down", "not-up", "not-down"
LINKED, NOT_LINKED, SUPERIOR, NON_INFERIOR = "linked", "not-linked", "superior", "non-inferior"
OPPOSITE = {
    UP: {DOWN, NOT_UP},
    DOWN: {UP, NOT_DOWN},
    NOT_UP: {UP},
    NOT_DOWN: {DOWN},
    LINKED: {NOT_LINKED},
    NOT_LINKED: {LINKED},
    SUPERIOR: {NON_INFERIOR},
    NON_INFERIOR: {SUPERIOR},
}
SAYS = {
    UP: "an increase",
    DOWN: "a decrease",
    NOT_UP: "no increase",
    NOT_DOWN: "no decrease",
    LINKED: "an association",
    NOT_LINKED: "no association",
    SUPERIOR: "superiority",
    NON_INFERIOR: "non-inferiority",
}

_UP = re.compile(
    r"(?:increas|rais|elevat|enhanc|improv|promot|boost|augment|upregulat|up-regulat|accelerat"
    r"|stimulat|amplif)(?:e|es|ed|ing|ement|ements|ation|y|ies|ied)?$|higher$|greater$"
)
_DOWN = re.compile(
    r"(?:decreas|reduc|diminish|attenuat|inhibit|suppress|impair|downregulat|down-regulat"
    r"|declin|lessen|curtail)(?:e|es|ed|ing|ion|ions|tion|tions|ment)?$|lower(?:s|ed|ing)?$|fewer$"
    r"|slow(?:s|ed)?$"
)
_NEGATION = frozenset(
    [
        "not",
        "no",
        "never",
        "neither",
        "nor",
        "without",
        "unable",
        "fail",
        "fails",
        "failed",
        "lack",
        "lacked",
        "cannot",
        "nt",
    ]
)
_LINK = re.compile(r"^(?:associat\w*|correlat\w*|linked|related|relationship)$")
_UNLINKED = re.compile(r"^(?:unrelated|uncorrelated|unassociated|independent)$")
_STOP = frozenset(
    [
        "the",
        "and",
        "of",
        "in",
        "on",
        "with",
        "for",
        "to",
        "by",
        "from",
        "that",
        "this",
        "these",
        "those",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "which",
        "than",
        "its",
        "their",
        "our",
        "we",
        "after",
        "during",
        "between",
        "among",
        "also",
        "both",
        "all",
        "most",
        "may",
        "can",
        "could",
        "would",
        "will",
        "significantly",
        "greatly",
        "markedly",
        "strongly",
        "compared",
        "versus",
        "vs",
        "found",
        "showed",
        "shown",
        "show",
        "shows",
        "reported",
        "report",
        "concluded",
        "demonstrated",
        "demonstrate",
        "indicates",
        "indicate",
        "suggest",
        "suggests",
        "suggested",
        "evidence",
        "work",
        "earlier",
        "established",
        "according",
        "notably",
        "whereas",
        "while",
        "there",
        "it",
        "as",
        "at",
        "an",
        "or",
        "but",
        "into",
        "such",
        "other",
        "when",
        "where",
        "who",
        "whom",
        "per",
        "each",
        "study",
        "studies",
        "result",
        "results",
        "effect",
        "effects",
        "patients",
        "participants",
        "group",
        "groups",
        "use",
        "used",
        "treatment",
        "associated",
        "association",
        "correlated",
        "related",
        "more",
        "less",
        "larger",
        "smaller",
    ]
)
# A direction stated against a comparator ("lower than warfarin", "compared with placebo")
# depends on which side is which: such sentences are left alone, in the text and the abstract.
_COMPARATIVE = re.compile(
    r"\b(?:than|compared (?:with|to)|in comparison (?:with|to)|versus|vs|relative to)\b", re.I
)
_CLAUSE_END = re.compile(r"[,;:()\[\]]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[,;:()\[\]]")
BEFORE, AFTER = 5, 6  # words around the direction word that name what changes
MIN_SHARED = 3


@dataclass(frozen=True, slots=True)
class Statement:
    """One direction a text states, with the content words around it (what changes)."""

    direction: str
    words: frozenset[str]
    sentence: int  # the sentence's number in its text (1-based)
    text: str  # the sentence


@lru_cache(maxsize=65536)
def _polarity(token: str) -> str | None:
    t = token.lower()
    if t in ("non-inferior", "noninferior", "non-inferiority", "noninferiority"):
        return NON_INFERIOR
    if t in ("superior", "superiority"):
        return SUPERIOR
    if _UNLINKED.match(t):
        return NOT_LINKED
    if _LINK.match(t):
        return LINKED
    if _UP.match(t):
        return UP
    if _DOWN.match(t):
        return DOWN
    return None


def _negate(direction: str) -> str:
    return {UP: NOT_UP, DOWN: NOT_DOWN, LINKED: NOT_LINKED, SUPERIOR: NON_INFERIOR}.get(
        direction, direction
    )


def _content(tokens: list[str]) -> set[str]:
    out = set()
    for t in tokens:
        if _CLAUSE_END.fullmatch(t):
            continue
        f = fold_token(t.lower())
        if len(f) >= 3 and f not in _STOP and _polarity(t) is None:
            out.add(f)
    return out


def _window(tokens: list[str], i: int, step: int, size: int) -> list[str]:
    out: list[str] = []
    j = i + step
    while 0 <= j < len(tokens) and len(out) < size:
        if _CLAUSE_END.fullmatch(tokens[j]):
            break
        out.append(tokens[j])
        j += step
    return out


def statements(text: str) -> list[Statement]:
    """Every direction `text` states, sentence by sentence."""
    prepared = prepare_text(text)
    out: list[Statement] = []
    for number, sentence in enumerate(_SENTENCE_END.split(prepared), start=1):
        if _COMPARATIVE.search(sentence):
            continue
        tokens = _WORD.findall(sentence)
        lowered = [t.lower().replace("n't", " nt") for t in tokens]
        for i, token in enumerate(tokens):
            direction = _polarity(token)
            if direction is None:
                continue
            before = _window(tokens, i, -1, BEFORE)
            near = {w.split()[-1] for w in lowered[max(0, i - 3) : i]}
            if near & _NEGATION or any(w.endswith(" nt") for w in lowered[max(0, i - 3) : i]):
                direction = _negate(direction)
            words = _content(before) | _content(_window(tokens, i, 1, AFTER))
            if words:
                out.append(Statement(direction, frozenset(words), number, sentence.strip()))
    return out


@dataclass(frozen=True, slots=True)
class Reversal:
    said: Statement
    found: Statement


def reversal(clause: list[Statement], abstract_statements: list[Statement]) -> Reversal | None:
    """The abstract statement about the same outcome as one of the clause's statements that
    states the opposite direction, when the best-matching abstract statement is an opposite one."""
    for said in clause:
        best: list[tuple[int, Statement]] = []
        for st in abstract_statements:
            shared = len(said.words & st.words)
            if shared >= MIN_SHARED and 2 * shared >= len(said.words):
                best.append((shared, st))
        if not best:
            continue
        top = max(s for s, _ in best)
        leaders = [st for s, st in best if s == top]
        if all(st.direction in OPPOSITE[said.direction] for st in leaders):
            return Reversal(said, leaders[0])
    return None
