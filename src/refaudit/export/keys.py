"""Citation keys: stable, unique, `pokorny2017effect` form, configurable with a format string."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii

from refaudit.compare import fold
from refaudit.errors import ConfigError
from refaudit.model import Author

DEFAULT_KEY_FORMAT = "{author}{year}{title}"
KEY_FIELDS = ("author", "Author", "authors", "year", "title", "Title", "shorttitle")

# Words a key never starts its title part with (articles, prepositions, conjunctions).
STOP_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "and",
        "or",
        "for",
        "to",
        "with",
        "from",
        "by",
        "at",
        "as",
        "into",
        "onto",
        "about",
        "over",
        "under",
        "between",
        "through",
        "towards",
        "toward",
        "via",
        "is",
        "are",
        "be",
        "do",
        "does",
        "der",
        "die",
        "das",
        "le",
        "la",
        "les",
        "el",
        "los",
        "de",
        "du",
        "des",
        "un",
        "une",
    )
)
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_\-:.]+")


@dataclass(frozen=True, slots=True)
class KeySource:
    """What a key is built from; `user_key` (a .bib entry's own key) wins when given."""

    authors: tuple[Author, ...] = ()
    year: int | None = None
    title: str | None = None
    user_key: str | None = None


def validate_key_format(key_format: str) -> None:
    """Raise ConfigError when the format names a field refaudit does not know."""
    try:
        parsed = list(string.Formatter().parse(key_format))
    except ValueError as exc:
        raise ConfigError(f"bad --key-format {key_format!r}: {exc}") from exc
    names = [name for _, name, _, _ in parsed if name is not None]
    unknown = [n for n in names if n not in KEY_FIELDS]
    if unknown or not names:
        raise ConfigError(
            f"bad --key-format {key_format!r}",
            hint="use fields " + ", ".join(f"{{{f}}}" for f in KEY_FIELDS),
        )


def _latin(text: str) -> str:
    """Folded and transliterated to ASCII: 'Müller' -> 'muller', '王' -> 'wang', 'Иванов' ->
    'ivanov' (anyascii, so any script gives a readable key)."""
    return fold(anyascii(fold(text)).lower())


def _ascii_word(text: str) -> str:
    return _latin(text).replace(" ", "")


def _surname(author: Author) -> str:
    if author.literal:
        words = [w for w in _latin(author.literal).split() if w not in STOP_WORDS]
        return words[0] if words else ""
    return _ascii_word(author.family)


def _title_words(title: str | None) -> list[str]:
    words = _latin(title or "").split()
    return [w for w in words if w not in STOP_WORDS and not w.isdigit()]


def base_key(source: KeySource, key_format: str = DEFAULT_KEY_FORMAT) -> str:
    """The key before collision suffixes: 'pokorny2017effect' for the default format."""
    surnames = [s for s in (_surname(a) for a in source.authors) if s]
    author = surnames[0] if surnames else "anon"
    words = _title_words(source.title)
    title = words[0] if words else ""
    values = {
        "author": author,
        "Author": author.capitalize(),
        "authors": "".join(surnames[:3]) if surnames else "anon",
        "year": str(source.year) if source.year else "nd",
        "title": title,
        "Title": title.capitalize(),
        "shorttitle": "".join(words[:3]),
    }
    key = _KEY_UNSAFE.sub("", key_format.format(**values))
    return key or "ref"


def _suffixes() -> list[str]:
    letters = string.ascii_lowercase
    return list(letters) + [a + b for a in letters for b in letters]


def make_keys(
    sources: Sequence[KeySource],
    key_format: str | None = None,
    taken: set[str] | None = None,
) -> tuple[str, ...]:
    """One unique key per source, in order. User keys are kept (a repeated one gets a suffix);
    generated keys that collide get a, b, c ... in list order. `taken` holds the keys already
    given in this run (several documents exported together); the new keys are added to it."""
    fmt = key_format or DEFAULT_KEY_FORMAT
    validate_key_format(fmt)
    if taken is None:
        taken = set()
    keys: list[str | None] = [None] * len(sources)
    for i, src in enumerate(sources):
        if src.user_key and src.user_key not in taken:
            keys[i] = src.user_key
            taken.add(src.user_key)
    bases = [
        base_key(s, fmt) if keys[i] is None and not s.user_key else (s.user_key or "")
        for i, s in enumerate(sources)
    ]
    counts = Counter(b for i, b in enumerate(bases) if keys[i] is None)
    for i, base in enumerate(bases):
        if keys[i] is not None:
            continue
        key = base
        if counts[base] > 1 or base in taken:
            key = next(base + s for s in _suffixes() if base + s not in taken)
        keys[i] = key
        taken.add(key)
    return tuple(k or "ref" for k in keys)
