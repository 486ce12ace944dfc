"""Reversed direction: the citing clause and the abstract sentence about the same outcome say
opposite things (increased vs decreased, reduced vs did not reduce, associated vs not
associated, effective vs ineffective, superior vs non-inferior)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refaudit.check.claims.vocabulary import fold_token, prepare_text

UP, DOWN, NOT_UP, NOT_DOWN = "up", "down", "not-up", "not-down"
CHANGED, UNCHANGED = "changed", "unchanged"
LINKED, NOT_LINKED, SUPERIOR, NON_INFERIOR = "linked", "not-linked", "superior", "non-inferior"
EFFECTIVE, INEFFECTIVE = "effective", "ineffective"
OPPOSITE = {
    UP: {DOWN, NOT_UP, UNCHANGED},
    DOWN: {UP, NOT_DOWN, UNCHANGED},
    NOT_UP: {UP},
    NOT_DOWN: {DOWN},
    CHANGED: {UNCHANGED},
    UNCHANGED: {UP, DOWN, CHANGED},
    LINKED: {NOT_LINKED},
    NOT_LINKED: {LINKED},
    EFFECTIVE: {INEFFECTIVE},
    INEFFECTIVE: {EFFECTIVE},
    SUPERIOR: {NON_INFERIOR},
    NON_INFERIOR: {SUPERIOR},
}
SAYS = {
    UP: "an increase",
    DOWN: "a decrease",
    NOT_UP: "no increase",
    NOT_DOWN: "no decrease",
    CHANGED: "a change",
    UNCHANGED: "no change",
    LINKED: "an association",
    NOT_LINKED: "no association",
    EFFECTIVE: "an effect",
    INEFFECTIVE: "no effect",
    SUPERIOR: "superiority",
    NON_INFERIOR: "non-inferiority",
}
_NEGATED = {UP: NOT_UP, DOWN: NOT_DOWN, CHANGED: UNCHANGED, LINKED: NOT_LINKED}
_NEGATED |= {EFFECTIVE: INEFFECTIVE, SUPERIOR: NON_INFERIOR}

_SUFFIX = r"(?:e|es|ed|ing|ion|ions|tion|tions|ation|ement|ements|ment|y|ies|ied|s)?$"
_WORDS = (
    (
        UP,
        r"(?:increas|rais|elevat|enhanc|improv|promot|boost|augment|up-?regulat|accelerat"
        r"|stimulat|amplif|potentiat|exacerbat)" + _SUFFIX + r"|higher$|greater$",
    ),
    (
        DOWN,
        r"(?:decreas|reduc|diminish|attenuat|inhibit|suppress|impair|down-?regulat|declin"
        r"|lessen|curtail|deactivat|inactivat|abolish|abrogat|prevent|halt|block)"
        + _SUFFIX
        + r"|lower(?:s|ed|ing)?$|fewer$|slow(?:s|ed)?$",
    ),
    (CHANGED, r"(?:alter|affect|chang|influenc|modif|modulat)" + _SUFFIX),
    (
        LINKED,
        r"(?:associat|correlat|link|relat|involv|implicat)(?:e|es|ed|ion|ionship)?$"
        r"|relationship$",
    ),
    (NOT_LINKED, r"(?:unrelated|uncorrelated|unassociated|uninvolved|unlinked)$"),
    (EFFECTIVE, r"(?:effective|efficacious|beneficial)$"),
    (INEFFECTIVE, r"(?:ineffective|inefficacious|useless)$"),
    (NON_INFERIOR, r"non-?inferior(?:ity)?$"),
    (SUPERIOR, r"superior(?:ity)?$"),
)
_ANY_DIRECTION = re.compile("|".join(f"(?P<d{i}>{p})" for i, (_, p) in enumerate(_WORDS)))
_NEGATION = frozenset("not no never neither nor without unable fail fails failed nt".split())  # noqa: SIM905
_NEGATION |= frozenset("lack lacks lacked cannot incapable".split())  # noqa: SIM905
_STOP = (
    frozenset(
        """the and of in on with for to by from that this these those was were is are be been has
    have had which than its their our we after during between among also both all most may
    can could would will significantly greatly markedly strongly compared versus vs found
    showed shown show shows reported report concluded demonstrated demonstrate indicates
    indicate suggest suggests suggested evidence work earlier established according notably
    whereas while there it as at an or but into such other when where who whom per each
    study studies result results effect effects patients participants group groups use used
    treatment more less larger smaller does did do""".split()  # noqa: SIM905
    )
    | _NEGATION
)
# A direction stated against a comparator ("lower than warfarin", "compared with placebo")
# depends on which side is which: such sentences are left alone, in the text and the abstract.
_COMPARATIVE = re.compile(
    r"\b(?:than|compared (?:with|to)|in comparison (?:with|to)|versus|vs|relative to)\b", re.I
)
# A question or an aim ("to determine whether X reduces Y") states no finding.
_UNSTATED = re.compile(
    r"\b(?:whether|if|hypothesi[sz]ed|hypothesis|aims?|aimed|objectives?|purpose|to (?:determine|"
    r"assess|evaluate|investigate|examine|test|explore|compare))\b",
    re.I,
)
# Either: the sentence is left alone (one pass over it instead of two).
_UNSAID = re.compile(f"{_COMPARATIVE.pattern}|{_UNSTATED.pattern}", re.I)
_CLAUSE_MARKS = frozenset(",;:")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
# Words (a hyphenated compound is one), clause marks; brackets are dropped, not boundaries:
# "diastolic blood pressure (DBP) is associated with" keeps its subject.
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[,;:]")
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
    # The first direction whose pattern matches: the alternatives are tried in that order.
    m = _ANY_DIRECTION.match(token.lower())
    return _WORDS[int(m.lastgroup[1:])][0] if m is not None and m.lastgroup else None


@lru_cache(maxsize=65536)
def _content_of(token: str) -> tuple[str, ...]:
    """The content words a token stands for: a compound gives its parts and its joined form
    ("T-cell" -> cell, tcell; "birth-weight" -> birth, weight, birthweight)."""
    t = token.lower()
    if t in _STOP or _polarity(t) is not None:
        return ()
    parts = [p for p in re.split(r"[-']", t) if p]
    forms = {fold_token(p) for p in parts if len(p) >= 3 and p not in _STOP}
    if len(parts) > 1:
        forms.add(fold_token("".join(parts)))
    return tuple(f for f in forms if len(f) >= 3)


def _window(tokens: list[str], i: int, step: int, size: int) -> list[str]:
    out: list[str] = []
    j = i + step
    while 0 <= j < len(tokens) and len(out) < size:
        if tokens[j] in _CLAUSE_MARKS:
            break
        out.append(tokens[j])
        j += step
    return out


def statements(text: str) -> list[Statement]:
    """Every direction `text` states, sentence by sentence (comparisons left out)."""
    prepared = prepare_text(text)
    out: list[Statement] = []
    for number, sentence in enumerate(_SENTENCE_END.split(prepared), start=1):
        if _UNSAID.search(sentence):
            continue
        tokens = _WORD.findall(sentence)
        polar = {t: d for t in set(tokens) if (d := _polarity(t)) is not None}
        if not polar:
            continue
        for i, token in enumerate(tokens):
            direction = polar.get(token)
            if direction is None:
                continue
            before = _window(tokens, i, -1, 3)
            if {t.lower().replace("n't", " nt").split()[-1] for t in before} & _NEGATION:
                direction = _NEGATED.get(direction, direction)
            around = _window(tokens, i, -1, BEFORE) + _window(tokens, i, 1, AFTER)
            words = frozenset(w for t in around for w in _content_of(t))
            if words:
                out.append(Statement(direction, words, number, sentence.strip()))
    return out


@dataclass(frozen=True, slots=True)
class Reversal:
    said: Statement
    found: Statement


def reversal(clause: list[Statement], abstract_statements: list[Statement]) -> Reversal | None:
    """The abstract statement about the same outcome as one of the clause's statements that
    states the opposite direction, when the best-matching abstract statement is an opposite
    one (and none as close agrees)."""
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
