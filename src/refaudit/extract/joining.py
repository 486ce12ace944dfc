"""Joining the wrapped lines of one entry: line-break hyphens mended or kept, URLs and DOIs
broken across lines put back together."""

from __future__ import annotations

import re
from collections.abc import Sequence

URLISH = re.compile(r"(?:https?://|www\.|doi\.org/|doi:|\b10\.\d{4,9}/)\S*$", re.I)
DOI_TAIL = re.compile(r"^[\w.\-/()<>;:#?=&%+~]*[\d/._-][\w.\-/()<>;:#?=&%+~]*$")


def _ends_urlish(text: str) -> bool:
    """URLISH.search(text), looking only at the last word: a match cannot span a space."""
    return bool(URLISH.search(text, text.rfind(" ") + 1))


# Words that keep their hyphen at a line break ("self-" + "fertilization"); syllables TeX also
# breaks at ("re-", "co-", "anti-", "high-" in "high-er") are mended unless the list prints the
# compound unbroken elsewhere.
_HYPHEN_PREFIXES = frozenset(["self", "cross", "well"])
_COMPOUND = re.compile(r"([^\W\d_]+)-([^\W\d_]+)")
_LAST_WORD = re.compile(r"([^\W\d_]+)-$")


def compounds_of(texts: Sequence[str]) -> frozenset[str]:
    """Hyphenated words printed inside a line of the list: the spelling the list uses."""
    return frozenset(
        f"{m.group(1)}-{m.group(2)}".lower()
        for t in texts
        if "-" in t
        for m in _COMPOUND.finditer(t)
    )


def _real_hyphen(text: str, part: str, compounds: frozenset[str]) -> bool:
    """Whether the hyphen ending `text` belongs to the word ("cross-" + "validation")."""
    head = _LAST_WORD.search(text)
    tail = re.match(r"[^\W\d_]+", part)
    if head is None or tail is None:
        return False
    word = head.group(1).lower()
    return word in _HYPHEN_PREFIXES or f"{word}-{tail.group(0).lower()}" in compounds


def join_lines(parts: list[str], compounds: frozenset[str] = frozenset()) -> str:
    """Join wrapped lines: mend hyphenated words and broken DOIs/URLs, keep real hyphens
    (a known prefix, or a compound the list prints unbroken elsewhere)."""
    text = ""
    for part in parts:
        if not text:
            text = part
            continue
        if text.endswith("-") and not text.endswith(("--", " -")):
            before = text[-2:-1]
            if _ends_urlish(text) or (before.isdigit() and part[:1].isdigit()):
                text += part
            elif (
                before.islower() and part[:1].islower() and not _real_hyphen(text, part, compounds)
            ):
                text = text[:-1] + part
            else:
                text += part
        elif (
            # a URL broken after a separator goes on in the next line's first word
            text.endswith(("/", "_", "=", "?", "&", "#"))
            and _ends_urlish(text)
            and part[:1].isalnum()
            and not part[:1].isupper()
        ) or (
            " " not in part
            and _ends_urlish(text)
            and (text.endswith(("/", ".", "_", "=")) or DOI_TAIL.match(part))
        ):
            text += part
        else:
            text += " " + part
    return text
