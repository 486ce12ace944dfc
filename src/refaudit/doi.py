"""The one DOI form used everywhere: normalize_doi(), validity, and finding DOIs in text."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

# A DOI as printed: prefix 10.NNNN(.NNNN)*/suffix. The suffix may contain almost anything
# (SICI DOIs hold <, >, ;, (, ), [, ]), but printed text wraps it in punctuation we strip.
DOI_PATTERN = re.compile(r"10\.\d{4,9}(?:\.\d+)*/\S+", re.IGNORECASE)
_PREFIXES = re.compile(r"^(?:https?://)?(?:(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_TRAILING = ".,;:'\"»”’>"
_VALID = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/[^\s]+$")


def _balance_brackets(doi: str) -> str:
    # Drop a closing bracket that has no opening partner inside the DOI: "(doi:10.1/x)".
    for opening, closing in (("(", ")"), ("[", "]"), ("<", ">")):
        while doi.endswith(closing) and doi.count(closing) > doi.count(opening):
            doi = doi[:-1]
    return doi


def normalize_doi(text: str) -> str | None:
    """Return the canonical lower-case DOI in `text` (a bare DOI, doi: or URL form), or None."""
    s = unquote(text.strip())
    s = _PREFIXES.sub("", s)
    m = DOI_PATTERN.search(s)
    if not m:
        return None
    doi = m.group(0)
    prev = None
    while prev != doi:
        prev = doi
        doi = doi.rstrip(_TRAILING)
        doi = _balance_brackets(doi)
    doi = doi.lower()
    return doi if is_valid_doi(doi) else None


def is_valid_doi(doi: str) -> bool:
    """True when `doi` is syntactically a DOI: 10.<registrant>/<non-empty suffix>."""
    return bool(_VALID.match(doi)) and not doi.endswith("/")


def quote_doi(doi: str) -> str:
    """The DOI percent-encoded whole, for use as one URL path segment."""
    return quote(doi, safe="")


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"
