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
# Characters that are URL or shell syntax, never part of a registered DOI's suffix as printed:
# a "?" or "#" starts a query or fragment, the others are not allowed unescaped in a URL.
_FORBIDDEN = frozenset('?#"\\{}|^`')
_URL_FORM = re.compile(r"^(?:https?://)?(?:dx\.)?doi\.org/", re.IGNORECASE)


def _balance_brackets(doi: str) -> str:
    # Drop a closing bracket that has no opening partner inside the DOI: "(doi:10.1/x)".
    for opening, closing in (("(", ")"), ("[", "]"), ("<", ">")):
        while doi.endswith(closing) and doi.count(closing) > doi.count(opening):
            doi = doi[:-1]
    return doi


def normalize_doi(text: str) -> str | None:
    """Return the canonical lower-case DOI in `text` (a bare DOI, doi: or URL form), or None."""
    s = unquote(text.strip())
    if _URL_FORM.match(s):
        # In a URL the query and the fragment are not part of the DOI.
        s = re.split(r"[?#]", s, maxsplit=1)[0]
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
    """True when `doi` follows the DOI syntax: 10.<registrant>/<suffix>.

    The suffix is printable, holds no whitespace, control character or URL syntax (`?`, `#`,
    quotes, backslash, braces), and no path segment of it is "." or ".." (which a URL would
    collapse, sending the request elsewhere).
    """
    if not _VALID.match(doi) or doi.endswith("/"):
        return False
    suffix = doi.split("/", 1)[1]
    if any(c in _FORBIDDEN or not c.isprintable() for c in suffix):
        return False
    return not any(segment in (".", "..") for segment in suffix.split("/"))


def quote_doi(doi: str) -> str:
    """The DOI percent-encoded whole, for use as one URL path segment."""
    return quote(doi, safe="")


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"
