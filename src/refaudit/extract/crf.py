"""A CRF that labels the tokens of one reference (author, title, container ...); trained offline."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import pycrfsuite

MODEL_NAME = "reference_crf.model"
MAX_TOKENS = 400  # a longer "reference" is not one; tag only its start
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?:1[5-9]\d\d|20\d\d)[a-z]?")
_RANGE = re.compile(r"[A-Za-z]?\d+[-–]+[A-Za-z]?\d*")
_CUES = frozenset(
    [
        "in",
        "pp",
        "p",
        "vol",
        "vols",
        "no",
        "nos",
        "issue",
        "ed",
        "eds",
        "editor",
        "editors",
        "edited",
        "by",
        "press",
        "university",
        "journal",
        "proceedings",
        "proc",
        "conference",
        "conf",
        "trans",
        "review",
        "retrieved",
        "available",
        "accessed",
        "doi",
        "http",
        "https",
        "www",
        "thesis",
        "dissertation",
        "report",
        "technical",
        "and",
        "et",
        "al",
        "chapter",
        "pages",
        "page",
        "volume",
        "number",
        "art",
        "article",
        "from",
    ]
)
# Gold labels folded into the few the parser uses.
LABEL_MAP = {
    "journal": "container",
    "container-title": "container",
    "collection-title": "collection",
    "arxiv": "id",
    "pmid": "id",
    "pmcid": "id",
    "isbn": "id",
    "issn": "id",
    "doi": "id",
    "url": "url",
    "citation-number": "number",
    "translator": "editor",
    "director": "author",
    "producer": "author",
}
KEEP = frozenset(
    [
        "author",
        "editor",
        "date",
        "title",
        "container",
        "volume",
        "issue",
        "pages",
        "publisher",
        "location",
        "url",
        "id",
        "number",
        "note",
        "genre",
        "edition",
        "collection",
        "institution",
        "other",
    ]
)


class Token(NamedTuple):
    """One whitespace-delimited token of a reference and its place in the text."""

    text: str
    start: int
    end: int


def fold_label(label: str) -> str:
    """A gold segment label mapped onto the CRF's label set."""
    mapped = LABEL_MAP.get(label, label)
    return mapped if mapped in KEEP else "other"


def tokenize(text: str) -> list[Token]:
    found = itertools.islice(_TOKEN.finditer(text), MAX_TOKENS)
    return [Token(m.group(0), m.start(), m.end()) for m in found]


_SHAPE = re.compile(r"(.)\1{2,}")
_INITIAL = re.compile(r"[A-ZÀ-Þ]\.?")
_INITIALS = re.compile(r"(?:[A-Z]\.-?){1,3}")
_VOLISSUE = re.compile(r"\d+\(\w+\)")
_STRIP = "\"'“”‘’()[]{},.;:!?"


_SHAPE_TABLE = str.maketrans(
    {
        **{c: "d" for c in "0123456789"},
        **{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"},
    }
)


# The common runs collapsed with literal replacements (done in C); the general pattern, whose
# template is expanded in Python for every match, only where another run is left.
_COMMON_RUNS = tuple((re.compile(c * 3 + "+"), c * 2) for c in "xXd")


def _collapse(shape: str) -> str:
    """Runs of three or more of one character cut to two ("Xxxxx" -> "Xxx")."""
    for run, pair in _COMMON_RUNS:
        if pair in shape:
            shape = run.sub(pair, shape)
    return _SHAPE.sub(r"\1\1", shape) if _SHAPE.search(shape) else shape


def _shape(tok: str) -> str:
    head = tok[:12]
    if head.isascii():
        return _collapse(head.translate(_SHAPE_TABLE))[:8]
    chars = []
    for c in head:
        if c.isdigit():
            chars.append("d")
        elif c.isupper():
            chars.append("X")
        elif c.isalpha():
            chars.append("x")
        else:
            chars.append(c)
    return _collapse("".join(chars))[:8]


_QUOTE_OPEN = '"“‘«„'
_QUOTE_CLOSE = '"”’»'
# A word whose final period ends a sentence: not an initial ("J.") nor a short abbreviation.
_SENTENCE_WORD = re.compile(r".*[^\W\d_]{3,}[\"”’)]?|.*\d[)\]]?")


@dataclass(frozen=True, slots=True)
class _TokenFeatures:
    """A token's own attributes and the ones it lends its neighbours, built once per string."""

    own: tuple[str, ...]
    year: bool
    opens: bool  # opens a quotation
    closes: bool  # closes one
    ends_sentence: bool  # its final period ends a sentence (not an initial or abbreviation)
    prev2: tuple[str, ...]  # seen from two tokens later
    prev1: tuple[str, ...]  # seen from the next token
    next1: tuple[str, ...]  # seen from the previous token
    next2: tuple[str, ...]  # seen from two tokens earlier


@lru_cache(maxsize=100_000)
def _token_features(tok: str) -> _TokenFeatures:
    """The attributes of one token and its neighbour views (cached: tokens repeat a lot)."""
    core = tok.strip(_STRIP)
    word = core.lower() if len(core) < 25 else "<long>"
    shape = _shape(tok)
    last = tok[-1:]
    f = [f"w={word}", f"shape={shape}", f"first={tok[:1]}", f"last={last}"]
    if word in _CUES:
        f.append(f"cue={word}")
    # Cheap tests guard the regular expressions: most tokens are plain words.
    year = 4 <= len(core) <= 5 and core[:1] in "12" and bool(_YEAR.fullmatch(core))
    if year:
        f.append("year")
    if (len(core) <= 2 or "." in tok) and (
        _INITIAL.fullmatch(core) or _INITIALS.fullmatch(tok.rstrip(",;"))
    ):
        f.append("initial")
    if core.isupper() and len(core) > 1:
        f.append("upper")
    if core[:1].isupper():
        f.append("cap")
    if core.isdigit():
        f.append(f"digits={min(len(core), 5)}")
    if ("-" in core or "–" in core) and _RANGE.fullmatch(core):
        f.append("range")
    if "(" in tok and _VOLISSUE.search(tok):
        f.append("volissue")
    if tok[:1] in "\"“‘'«":
        f.append("qopen")
    if tok.rstrip(",.;:")[-1:] in "\"”’'»":
        f.append("qclose")
    if tok.startswith(("http", "www.")) or "doi" in word:
        f.append("link")
    opens = tok[:1] in _QUOTE_OPEN
    return _TokenFeatures(
        tuple(f),
        year,
        opens,
        tok.rstrip(",.;:!?)")[-1:] in _QUOTE_CLOSE and (len(tok) > 1 or not opens),
        tok.endswith((".", "?", "!")) and _SENTENCE_WORD.fullmatch(tok[:-1]) is not None,
        (f"-2:w={word}",),
        (f"-1:w={word}", f"-1:shape={shape}", f"-1:last={last}"),
        (f"1:w={word}", f"1:shape={shape}", f"1:last={last}"),
        (f"2:w={word}",),
    )


_SENT = tuple(f"sent={k}" for k in range(5))
_POS = tuple(f"pos={k}" for k in range(10))
_IDX = tuple(f"idx={k}" for k in range(7))


def features(tokens: Sequence[Token]) -> list[tuple[str, ...]]:
    """CRF attributes per token: the token itself, its neighbours and its position."""
    own = [_token_features(t.text) for t in tokens]
    n = len(own)
    last = n - 1
    out: list[tuple[str, ...]] = []
    seen_year = False
    quoted = False
    sentence = 0
    for i, tf in enumerate(own):
        state = [_POS[min(9, i * 10 // n)], _IDX[min(i, 6)], _SENT[sentence]]
        if seen_year:
            state.append("after_year")
        if quoted or tf.opens:
            state.append("in_quote")
        seen_year = seen_year or tf.year
        if tf.opens:
            quoted = True
        if quoted and tf.closes:
            quoted = False
        if tf.ends_sentence and sentence < 4:
            sentence += 1
        out.append(
            tf.own
            + tuple(state)
            + (own[i - 2].prev2 if i >= 2 else _EDGE_M2)
            + (own[i - 1].prev1 if i >= 1 else _EDGE_M1)
            + (own[i + 1].next1 if i < last else _EDGE_P1)
            + (own[i + 2].next2 if i + 1 < last else _EDGE_P2)
        )
    return out


_EDGE_M2, _EDGE_M1, _EDGE_P1, _EDGE_P2 = ("-2:edge",), ("-1:edge",), ("1:edge",), ("2:edge",)


def _tagger() -> pycrfsuite.Tagger | None:
    return load_tagger(MODEL_NAME)


@lru_cache(maxsize=4)
def load_tagger(model_name: str) -> pycrfsuite.Tagger | None:
    """The shipped CRF model `model_name` of refaudit/data, opened once; None if absent."""
    path = resources.files("refaudit").joinpath("data").joinpath(model_name)
    if not path.is_file():
        return None
    tagger = pycrfsuite.Tagger()
    with resources.as_file(path) as real:
        tagger.open(str(real))
    return tagger


def model_available() -> bool:
    return _tagger() is not None


def tag(text: str) -> list[tuple[Token, str]]:
    """Each token of `text` with its predicted label; empty when no model is installed."""
    tagger = _tagger()
    tokens = tokenize(text)
    if tagger is None or not tokens:
        return []
    labels = tagger.tag(features(tokens))
    return list(zip(tokens, labels, strict=True))


def spans(text: str) -> dict[str, list[str]]:
    """The text of each run of same-labelled tokens, grouped by label, in order."""
    out: dict[str, list[str]] = {}
    run: list[Token] = []
    label = ""
    for tok, lab in [*tag(text), (Token("", len(text), len(text)), "")]:
        if lab != label and run:
            out.setdefault(label, []).append(text[run[0].start : run[-1].end])
            run = []
        label = lab
        run.append(tok)
    return out
