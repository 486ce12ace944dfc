"""Typed terms: the shipped vocabulary files and the user's, merged, and finding terms in text."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any

from refaudit.compare import strip_markup
from refaudit.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# The vocabulary files shipped in refaudit/data (sources and licences: data/VOCABULARY.md).
SHIPPED = (
    "vocabulary.toml",
    "substances.toml",
    "organisms.toml",
    "conditions.toml",
    "populations.toml",
)
_DASHES = re.compile(r"[‐‑‒–—−]")
_SPACED_LOCANTS = re.compile(r"(\d),\s+(\d)")
# British and American spellings fold to one key (haemorrhage, randomised, tumour, oesophagus).
# Each with the letters it needs: a word without them is left alone without running it.
_SPELLING = (
    ("ae", re.compile(r"ae"), "e"),
    ("oe", re.compile(r"oe(?=[a-z])"), "e"),
    ("our", re.compile(r"our\b"), "or"),
    ("is", re.compile(r"(?<=[a-z]{3})is(?=e|ed|es|ing|ation)"), "iz"),
    ("s", re.compile(r"(?<=[^\W\d_]{3})s$"), ""),
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TOKEN = re.compile(r"[^\W_]+")
_SPLIT = re.compile(r"([^\W_]+)")
# Characters between two words that still leave them one word to the lookup.
_JOINERS = " \t"
_MAX_WORDS = 8
# A "re:" synonym compiled as (?<!\w)(?:BODY): does BODY start with a word character?
_WORD_FIRST = re.compile(r"\(\?<!\\w\)\(\?:(?:\(\?:)*[\w]")


@lru_cache(maxsize=4096)
def prepare_text(text: str) -> str:
    """Text as terms are matched in it: no markup or accents, plain hyphens, '3,4-' joined."""
    t = strip_markup(text)
    if not t.isascii():
        t = unicodedata.normalize("NFKD", t)
        # Combining marks are never ASCII: only the other characters need a look.
        t = _NON_ASCII.sub(_drop_combining, t)
    return _SPACED_LOCANTS.sub(r"\1,\2", _DASHES.sub("-", t))


def _drop_combining(m: re.Match[str]) -> str:
    return "" if unicodedata.combining(m.group(0)) else m.group(0)


@lru_cache(maxsize=4096)
def fold_words(text: str) -> str:
    """Lower case, one spelling, no plural endings, single spaces: the form two texts share."""
    words = map(fold_token, _TOKEN.findall(prepare_text(text)))
    return " " + " ".join(filter(None, words)) + " "


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """One word lower-cased, in one spelling, without a plural 's'."""
    t = token.lower()
    for letters, pattern, repl in _SPELLING:
        if letters in t:
            t = pattern.sub(repl, t)
    return t


def _capital_plural(word: str) -> bool:
    """A plural of capitals ("ARBs", "SSRIs"): looked up without its 's'."""
    return word.endswith("s") and word[-2:-1].isupper()


def key(text: str) -> str:
    """The lookup key of a written term: its folded words joined, without spaces or hyphens."""
    return "".join(fold_token(w) for w in _TOKEN.findall(prepare_text(text)))


def _words(text: str, fold: bool) -> str:
    """Words joined as `find` joins them: a space where the text has one, else nothing."""
    cuts = _cuts(text, fold)
    return cuts[-1] if cuts else ""


def _cuts(text: str, fold: bool) -> list[str]:
    """The joined words of `text` after each word ('post', 'posttraumatic', ...)."""
    prepared = prepare_text(text)
    out = ""
    cuts: list[str] = []
    last = -1
    for m in _TOKEN.finditer(prepared):
        if last >= 0:
            gap = prepared[last : m.start()]
            out += " " if gap and not gap.strip(_JOINERS) else ""
        out += fold_token(m.group(0)) if fold else m.group(0)
        cuts.append(out)
        last = m.end()
    return cuts


def lookup_keys(text: str, fold: bool = True) -> set[str]:
    """The keys a synonym is found by: as written, and with hyphens read as spaces."""
    keys = {_words(text, fold), _words(text.replace("-", " "), fold)}
    if not fold:
        keys |= {k[:-1] for k in keys if k.endswith("s") and k[-2:-1].isupper()}
    return {k for k in keys if k}


@dataclass(frozen=True, slots=True)
class Mention:
    """A term found in a text, with the words that matched and where."""

    kind: str
    term: str
    text: str
    start: int
    end: int
    role: str = ""  # terms compare only within a role (a unit, a kind of code, an age range)


@dataclass(frozen=True, slots=True)
class _Index:
    """Every literal synonym by the key of its words, plus the regular-expression synonyms."""

    lookup: Mapping[str, tuple[tuple[str, str], ...]]  # key -> (kind, term) pairs
    capital_lookup: Mapping[str, tuple[tuple[str, str], ...]]
    prefixes: frozenset[str]  # every key cut after one of its words: where to go on reading
    capital_prefixes: frozenset[str]
    regexes: tuple[tuple[str, str, re.Pattern[str]], ...]  # kind, term, pattern
    max_words: int
    combined: re.Pattern[str] | None  # all the patterns as one, group rN for regexes[N]


@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    """Kinds of terms, their synonyms, and which broad terms include which narrower ones.

    Compared and hashed by identity: the terms found in a text are remembered per vocabulary
    (`terms_in`), and a vocabulary is built once per set of files (`load_vocabulary`)."""

    descriptions: Mapping[str, str]
    displays: Mapping[tuple[str, str], str]
    index: _Index
    narrower: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    roles: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def find(self, text: str) -> tuple[Mention, ...]:
        """Every term mentioned in `text`; of overlapping matches of one kind, the longest."""
        prepared = prepare_text(text)
        # [gap, word, gap, word, ..., gap]: the words and what stands between them.
        parts = _SPLIT.split(prepared)
        words = parts[1::2]
        folded = list(map(fold_token, words))
        index = self.index
        prefixes, capital_prefixes = index.prefixes, index.capital_prefixes
        # A term can start only at a word that is the first word of some key (as folded, or
        # as written for the capitalised ones), or at a plural of capitals ("ARBs").
        capital_starts = {w for w in set(words) if w in capital_prefixes or _capital_plural(w)}
        starts = [i for i, f in enumerate(folded) if f in prefixes or words[i] in capital_starts]
        found: dict[str, list[Mention]] = {}
        if starts:
            ends = list(accumulate(map(len, parts)))  # ends[2k + 1]: where word k ends
            n = len(words)
            for i in starts:
                joined = ""
                compact = ""
                for j in range(i, min(n, i + index.max_words)):
                    if j > i:
                        spaced = " " if not parts[2 * j].strip(_JOINERS) else ""
                        joined += spaced
                        compact += spaced
                    joined += folded[j]
                    compact += words[j]
                    more = joined in prefixes
                    more_capital = compact in capital_prefixes
                    plural = compact.endswith("s") and compact[-2:-1].isupper()
                    if not (more or more_capital or plural):
                        break
                    hits = index.lookup.get(joined, ()) if more else ()
                    if plural:
                        hits += index.capital_lookup.get(compact[:-1], ())
                    if more_capital:
                        hits += index.capital_lookup.get(compact, ())
                    for kind, term in hits:
                        start, end = ends[2 * i], ends[2 * j + 1]
                        role = self.roles.get((kind, term), "")
                        mention = Mention(kind, term, prepared[start:end], start, end, role)
                        found.setdefault(kind, []).append(mention)
        if index.combined is not None:
            for m in index.combined.finditer(prepared):
                kind, term, _ = index.regexes[int((m.lastgroup or "r0")[1:])]
                role = self.roles.get((kind, term), "")
                mention = Mention(kind, term, m.group(0), m.start(), m.end(), role)
                found.setdefault(kind, []).append(mention)
        kept = [m for mentions in found.values() for m in longest(mentions)]
        return tuple(sorted(kept, key=lambda m: m.start))

    def compatible(self, kind: str, a: str, b: str) -> bool:
        """Same term, or one includes the other (ssri ~ escitalopram)."""
        return (
            a == b
            or b in self.narrower.get((kind, a), frozenset())
            or a in self.narrower.get((kind, b), frozenset())
        )

    def display(self, kind: str, term: str) -> str:
        return self.displays.get((kind, term), term)


def longest(mentions: list[Mention]) -> list[Mention]:
    """Of overlapping mentions, the longest (then the first)."""
    taken: list[Mention] = []
    for cand in sorted(mentions, key=lambda x: (x.start - x.end, x.start)):
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return taken


def _closure(direct: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            t = todo.pop()
            if t not in seen:
                seen.add(t)
                todo.extend(direct.get(t, ()))
        out[start] = frozenset(seen)
    return out


def _read_toml(source: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"vocabulary file {source}: {exc}") from exc


def _build_index(synonyms: Mapping[str, Mapping[str, list[str]]]) -> _Index:
    lookup: dict[str, list[tuple[str, str]]] = {}
    capital: dict[str, list[tuple[str, str]]] = {}
    regexes: list[tuple[str, str, re.Pattern[str]]] = []
    prefixes: set[str] = set()
    capital_prefixes: set[str] = set()
    longest_words = 1
    for kind, terms in synonyms.items():
        for term, words in terms.items():
            for w in dict.fromkeys(words):
                if w.startswith("re:"):
                    try:
                        pattern = re.compile(rf"(?<!\w)(?:{w[3:]})(?!\w)", re.IGNORECASE)
                    except re.error as exc:
                        raise ConfigError(
                            f"vocabulary: bad pattern for {kind}.{term}: {exc}"
                        ) from exc
                    regexes.append((kind, term, pattern))
                    continue
                longest_words = max(longest_words, len(_TOKEN.findall(prepare_text(w))))
                capitals = sum(c.isupper() for c in w) >= 2
                target = capital if capitals else lookup
                for k in lookup_keys(w, fold=not capitals):
                    if (kind, term) not in target.setdefault(k, []):
                        target[k].append((kind, term))
                for variant in (w, w.replace("-", " ")):
                    (capital_prefixes if capitals else prefixes).update(
                        _cuts(variant, fold=not capitals)
                    )
    return _Index(
        {k: tuple(v) for k, v in lookup.items()},
        {k: tuple(v) for k, v in capital.items()},
        frozenset(prefixes),
        frozenset(capital_prefixes),
        tuple(regexes),
        min(longest_words, _MAX_WORDS),
        _combine(regexes),
    )


def _combine(regexes: list[tuple[str, str, re.Pattern[str]]]) -> re.Pattern[str] | None:
    """All patterns as one (far faster than one pass each); group rN is regexes[N]."""
    if not regexes:
        return None
    body = "|".join(f"(?P<r{i}>{rx.pattern})" for i, (_, _, rx) in enumerate(regexes))
    # Every pattern starts at a word's start: a boundary first lets the engine skip the rest.
    return re.compile(
        rf"\b(?:{body})" if all(_WORD_FIRST.match(rx.pattern) for _, _, rx in regexes) else body,
        re.IGNORECASE,
    )


def _tables(extra_files: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    data = resources.files("refaudit").joinpath("data")
    tables = [(name, _read_toml(name, data.joinpath(name).read_text("utf-8"))) for name in SHIPPED]
    for path in extra_files:
        try:
            with open(path, encoding="utf-8") as fh:
                tables.append((path, _read_toml(path, fh.read())))
        except OSError as exc:
            raise ConfigError(
                f"cannot read vocabulary file {path}: {exc.strerror}",
                hint="check the `vocabulary` setting",
            ) from exc
    return tables


@lru_cache(maxsize=8)
def load_vocabulary(extra_files: tuple[str, ...] = ()) -> Vocabulary:
    """The shipped vocabulary merged with the user's files (kinds, terms, synonyms, includes)."""
    descriptions: dict[str, str] = {}
    synonyms: dict[str, dict[str, list[str]]] = {}
    includes: dict[str, dict[str, set[str]]] = {}
    roles: dict[tuple[str, str], str] = {}
    for source, data in _tables(extra_files):
        for kind, table in data.items():
            if not isinstance(table, dict) or not isinstance(table.get("terms", {}), dict):
                raise ConfigError(f"vocabulary file {source}: [{kind}] must be a table")
            if "description" in table:
                descriptions.setdefault(kind, str(table["description"]))
            for term, words in table.get("terms", {}).items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise ConfigError(
                        f"vocabulary file {source}: {kind}.terms.{term} must be a list of strings"
                    )
                synonyms.setdefault(kind, {}).setdefault(term, []).extend(words or [term])
            for broad, narrow in table.get("includes", {}).items():
                includes.setdefault(kind, {}).setdefault(broad, set()).update(map(str, narrow))
            for role, members in table.get("roles", {}).items():
                roles.update({(kind, str(t)): str(role) for t in members})
    displays = {
        (kind, term): next((w for w in words if not w.startswith("re:")), term)
        for kind, terms in synonyms.items()
        for term, words in terms.items()
    }
    index = _build_index(synonyms)
    for kind in synonyms:
        descriptions.setdefault(kind, kind)
    narrower = {
        (kind, broad): closed
        for kind, direct in includes.items()
        for broad, closed in _closure(direct).items()
    }
    return Vocabulary(descriptions, displays, index, narrower, roles)
