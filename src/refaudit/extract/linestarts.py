"""Which lines of a hard-wrapped list (text out of a PDF) start an entry: a small line CRF."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pycrfsuite

from refaudit.extract.names import scan_authors

MODEL_NAME = "entry_starts.model"
START, INSIDE = "B", "I"

_YEAR = re.compile(r"(?<![\d/])(?:1[5-9]\d\d|20\d\d)[a-z]?(?!\d)|\bn\.\s?d\.|\bin press\b", re.I)
_REPEATER = re.compile(
    r"^\s*(?:[-–—_]{1,}\s*[.,;:&]?\s*$|[-–—_]{2,}|[-–—]\s*[,.&]|9\s+[.,]?\s*\d{4})"
)
_LABEL = re.compile(
    r"^\s*(?:\[[^\]\s]{1,12}\]|\(\d{1,4}\)|(?!(?:1[5-9]\d\d|20\d\d)\b)\d{1,4}[.)]?(?=\s|[^\W\d_]))"
)
_DASHES = re.compile(r"^\s*[-–—_~9]{1,}\s*[.,;:&~]*\s*$")
_URL = re.compile(r"(?:https?://|www\.|doi\.org/|doi:\s?|\b10\.\d{4,9}/)\S*$", re.I)
_PAGES = re.compile(r"\d+\s*[-–]+\s*\d+[.)]?$")
_OPEN_END = re.compile(
    r"(?:[,;:&(\[]|\b(?:and|in|of|the|for|on|by|to|with|from|at|a|an|und|et|pp\.|vol\.|no\.))$",
    re.I,
)
_SHAPE_RUN = re.compile(r"(.)\1+")


def _shape(token: str) -> str:
    out = []
    for c in token[:8]:
        out.append("d" if c.isdigit() else "X" if c.isupper() else "x" if c.isalpha() else c)
    return _SHAPE_RUN.sub(r"\1", "".join(out))


def _first_class(text: str) -> str:
    c = text[:1]
    if not c:
        return "none"
    if c.isupper():
        return "U"
    if c.isalpha():
        return "l"
    if c.isdigit():
        return "d"
    return "p" + c


def _end_class(text: str) -> str:
    t = text.rstrip()
    if not t:
        return "none"
    if _URL.search(t, t.rfind(" ") + 1):
        return "url"
    c = t[-1]
    if c == "-" and t[-2:-1].isalpha():
        return "hyphen"
    if _PAGES.search(t):
        return "pages"
    if c == "." and t[-2:-1].isdigit():
        return "num."
    if c == "." and re.search(r"(?:^|\s)[A-Z]\.$", t):
        return "initial."
    if c.isdigit():
        return "digit"
    if c.isalpha():
        return "alpha"
    return c


def _bin(value: float) -> str:
    return str(min(12, max(0, int(value * 10))))


def _line_own(text: str, width: int) -> tuple[list[str], dict[str, str]]:
    """A line's own attributes, and the few it lends to its neighbours."""
    words = text.split()
    w1 = words[0] if words else ""
    w2 = words[1] if len(words) > 1 else ""
    first = _first_class(text)
    end = _end_class(text)
    size = _bin(len(text) / max(width, 1))
    f = [f"first={first}", f"s1={_shape(w1)}", f"s2={_shape(w2)}", f"end={end}", f"len={size}"]
    core = w1.strip("\"'“”()[],.;:").lower()
    if len(core) <= 4 and core.isalpha():
        f.append(f"w1={core}")
    if w1.isupper() and len(w1.strip(",.")) > 1:
        f.append("upper1")
    alone = bool(_DASHES.match(text))
    if _REPEATER.match(text):
        f.append("repeater_alone" if alone else "repeater")
    if _LABEL.match(text):
        f.append("label")
    year = _YEAR.search(text)
    if year:
        f.append("year")
        f.append(f"yearpos={min(4, year.start() // 20)}")
    names = "no"
    if first == "U" or first == "l":
        scan = scan_authors(text[:200])
        if scan is not None and scan.end <= 150:
            names = "many" if len(scan.authors) >= 2 else "one"
            if year and year.start() <= scan.end + 30:
                names += "+year"
    f.append(f"names={names}")
    if _OPEN_END.search(text):
        f.append("open_end")
    lend = {
        "end": end,
        "len": size,
        "names": names,
        "first": first,
        "year": "y" if year else "n",
        "alone": "y" if alone else "n",
    }
    return f, lend


def line_features(texts: Sequence[str], blanks: Sequence[bool], width: int) -> list[list[str]]:
    """CRF attributes per line: the line itself, the line above and the line below."""
    own = [_line_own(t, width) for t in texts]
    out: list[list[str]] = []
    n = len(texts)
    for i, (feats, _) in enumerate(own):
        f = list(feats)
        if blanks[i]:
            f.append("blank_before")
        if i == 0:
            f.append("p:edge")
        else:
            p = own[i - 1][1]
            f += [f"p:end={p['end']}", f"p:len={p['len']}", f"p:names={p['names']}"]
            f.append(f"pe|f={p['end']}|{own[i][1]['first']}")
            f.append(f"pl|n={p['len']}|{own[i][1]['names']}")
            f.append(f"pe|n={p['end']}|{own[i][1]['names']}")
            f.append(f"pn|pe={p['names']}|{p['end']}")
            f.append(f"p:year={p['year']}")
            if p["alone"] == "y":
                f.append("p:repeater_alone")
        if i == 1:
            f.append("p2:edge")
        elif i > 1:
            q = own[i - 2][1]
            f += [f"p2:names={q['names']}", f"p2:year={q['year']}"]
            f.append(f"py|p2y={own[i - 1][1]['year']}|{q['year']}")
        if i + 1 >= n:
            f.append("n:edge")
        else:
            q = own[i + 1][1]
            f += [f"n:first={q['first']}", f"n:names={q['names']}", f"n:len={q['len']}"]
        out.append(f)
    return out


def _tagger() -> pycrfsuite.Tagger | None:
    from refaudit.extract.crf import load_tagger

    return load_tagger(MODEL_NAME)


def entry_starts(texts: Sequence[str], blanks: Sequence[bool], width: int) -> list[bool] | None:
    """Whether each line starts an entry; None when no model is installed."""
    tagger = _tagger()
    if tagger is None or not texts:
        return None
    labels = tagger.tag(line_features(texts, blanks, width))
    return [label == START for label in labels]
