"""A CRF that labels the tokens of one reference (author, title, container ...); trained offline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycrfsuite  # type: ignore[import-untyped]

MODEL_NAME = "reference_crf.model"
MAX_TOKENS = 400  # a longer "reference" is not one; tag only its start
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?:1[5-9]\d\d|20\d\d)[a-z]?")
_RANGE = re.compile(r"[A-Za-z]?\d+[-–]+[A-Za-z]?\d*")
_CUES = frozenset(
    "in pp p vol vols no nos issue ed eds editor editors edited by press university journal"
    " proceedings proc conference conf trans review retrieved available accessed doi http"
    " https www thesis dissertation report technical and et al chapter pages page volume"
    " number art article from".split()
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
    "author editor date title container volume issue pages publisher location url id number"
    " note genre edition collection institution other".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    """One whitespace-delimited token of a reference and its place in the text."""

    text: str
    start: int
    end: int


def fold_label(label: str) -> str:
    """A gold segment label mapped onto the CRF's label set."""
    mapped = LABEL_MAP.get(label, label)
    return mapped if mapped in KEEP else "other"


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)][:MAX_TOKENS]


def _shape(tok: str) -> str:
    s = re.sub(r"[A-ZÀ-Þ]", "X", tok)
    s = re.sub(r"[a-zß-ÿ]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)


def _token_features(tok: str) -> dict[str, str | float]:
    core = tok.strip("\"'“”‘’()[]{},.;:!?")
    word = core.lower()
    f: dict[str, str | float] = {
        "w": word if len(word) < 25 else "<long>",
        "shape": _shape(tok)[:8],
        "first": tok[:1],
        "last": tok[-1:],
    }
    if word in _CUES:
        f["cue"] = word
    if _YEAR.fullmatch(core):
        f["year"] = 1.0
    if re.fullmatch(r"[A-ZÀ-Þ]\.?", core) or re.fullmatch(r"(?:[A-Z]\.-?){1,3}", tok.rstrip(",;")):
        f["initial"] = 1.0
    if core.isupper() and len(core) > 1:
        f["upper"] = 1.0
    if core[:1].isupper():
        f["cap"] = 1.0
    if core.isdigit():
        f["digits"] = float(min(len(core), 5))
    if _RANGE.fullmatch(core):
        f["range"] = 1.0
    if re.search(r"\d+\(\w+\)", tok):
        f["volissue"] = 1.0
    if tok[:1] in "\"“‘'«":
        f["qopen"] = 1.0
    if tok.rstrip(",.;:")[-1:] in "\"”’'»":
        f["qclose"] = 1.0
    if tok.startswith("http") or tok.startswith("www.") or "doi" in word:
        f["link"] = 1.0
    return f


def features(tokens: Sequence[Token]) -> list[dict[str, str | float]]:
    """CRF features per token: the token itself, its neighbours and its position."""
    own = [_token_features(t.text) for t in tokens]
    n = len(tokens)
    out: list[dict[str, str | float]] = []
    seen_year = False
    for i, f in enumerate(own):
        feats = dict(f)
        feats["pos"] = f"{min(9, i * 10 // max(n, 1))}"
        feats["idx"] = f"{min(i, 6)}"
        if seen_year:
            feats["after_year"] = 1.0
        if "year" in f:
            seen_year = True
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                g = own[j]
                feats[f"{d}:w"] = str(g["w"])
                feats[f"{d}:shape"] = str(g["shape"])
                feats[f"{d}:last"] = str(g["last"])
            else:
                feats[f"{d}:edge"] = 1.0
        out.append(feats)
    return out


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger | None:
    path = resources.files("refaudit").joinpath("data").joinpath(MODEL_NAME)
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
