"""Linking author-year and numbered citations to entries: surname patterns, entry keys, index."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from refaudit.compare import name_key
from refaudit.model import Reference

# Regex pieces for surnames, shared with the citation patterns.
UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0391-\u03a9\u0410-\u042f"
LETTER = r"[^\W\d_]"
PARTICLE = (
    r"(?:(?:[Vv]an|[Vv]on|[Dd]e|[Dd]er|[Dd]en|[Dd]i|[Dd]u|[Dd]a|[Dd]el|[Dd]ella|[Dd]os|[Dd]as"
    r"|[Ll]a|[Ll]e|[Tt]en|[Tt]er|[Vv]om|[Zz]u|St\.?|[Aa]l|[Ee]l|[Bb]in|[Ii]bn)\s+)"
)
SURNAME = rf"{PARTICLE}{{0,3}}[{UPPER}](?:{LETTER}|['’\-‐](?={LETTER}))*"


@dataclass(slots=True)
class EntryIndex:
    """Entries keyed by first-author surname, label and position."""

    references: Sequence[Reference]
    by_name: dict[str, list[Reference]] = field(default_factory=dict)
    by_label: dict[str, int] = field(default_factory=dict)
    # The works of a compound entry ("[3] a) ...; b) ..."): one label, several references.
    siblings: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        previous: str | None = None
        for ref in self.references:
            for key in _entry_keys(ref):
                self.by_name.setdefault(key, []).append(ref)
            label = label_key(ref.label) if ref.label else None
            if label:
                first = self.by_label.setdefault(label, ref.n)
                if first != ref.n and label == previous:
                    self.siblings[first] = (*self.siblings.get(first, (first,)), ref.n)
            previous = label

    def works(self, n: int) -> tuple[int, ...]:
        """The references entry `n`'s label stands for: `n`, or every work of its compound."""
        return self.siblings.get(n, (n,))

    @property
    def numbered(self) -> bool:
        return any(k.isdigit() for k in self.by_label)

    def number(self, k: int) -> int | None:
        if self.numbered:
            return self.by_label.get(str(k))
        return k if 1 <= k <= len(self.references) else None


def label_key(label: str) -> str:
    """A reference label as citations write it: '[12]', '12.' and '(12)' -> '12'."""
    return re.sub(r"[\[\]().:\s]", "", label).lower()


@lru_cache(maxsize=4096)
def _surname_keys(name: str) -> frozenset[str]:
    bare = re.sub(rf"^{PARTICLE}+", "", name.strip())
    return frozenset({name_key(name), name_key(bare)} - {""})


def _entry_keys(ref: Reference) -> frozenset[str]:
    authors = ref.fields.authors
    if authors:
        first = authors[0]
        if first.literal:
            words = re.findall(r"[^\W\d_]+", first.literal)
            acronym = "".join(w[0] for w in words if w[0].isupper())
            keys = {name_key(first.literal)}
            if len(acronym) >= 2:
                keys.add(acronym.lower())
            paren = re.search(r"\(([A-Z]{2,})\)", first.literal)
            if paren:
                keys.add(paren.group(1).lower())
            return frozenset(keys)
        return _surname_keys(first.family)
    # Unparsed entry: its first name-like word, if any, still lets citations find it.
    head = re.sub(r"^\s*(?:\[?\d+[.)\]]?\s*)", "", ref.raw)
    m = re.match(rf"\s*({SURNAME})", head)
    return _surname_keys(m.group(1)) if m else frozenset()


def _second_key(ref: Reference) -> frozenset[str]:
    authors = ref.fields.authors
    if len(authors) > 1 and authors[1].family:
        return _surname_keys(authors[1].family)
    return frozenset()


def _year_parts(year: str) -> tuple[int | None, str, bool]:
    """(year, suffix, undated) from '2019a', 'n.d.', 'in press'."""
    m = re.match(r"(\d{4})([a-z]?)", year)
    if m:
        return int(m.group(1)), m.group(2), False
    return None, "", True


def _candidates(index: EntryIndex, name: str) -> list[Reference]:
    candidates: list[Reference] = []
    for key in _surname_keys(name):
        for ref in index.by_name.get(key, ()):
            if ref not in candidates:
                candidates.append(ref)
    return candidates


def link(
    index: EntryIndex, names: Sequence[str], et_al: bool, year: str
) -> tuple[tuple[int, ...], bool]:
    """Entries an author-year citation points to, and whether it matched on the name at all."""
    if not names:
        return (), False
    candidates = _candidates(index, names[0])
    if not candidates and " " in names[0].strip():
        # "(Richard D. Morey & Lakens, 2016)": given names or initials before the surname
        candidates = _candidates(index, names[0].split()[-1])
    if not candidates:
        return (), False
    if not year:  # an author-page citation (MLA) names no year
        return tuple(r.n for r in candidates), True
    cited, suffix, undated = _year_parts(year)
    exact = [
        r
        for r in candidates
        if (undated and r.fields.year is None) or (cited is not None and r.fields.year == cited)
    ]
    if suffix:
        exact = [r for r in exact if r.fields.year_suffix in (suffix, "")] or exact
        with_suffix = [r for r in exact if r.fields.year_suffix == suffix]
        exact = with_suffix or exact
    if len(names) >= 2 and not et_al:
        second = _surname_keys(names[1])
        exact = [r for r in exact if _second_key(r) & second] or exact
    if et_al and len(exact) > 1:
        exact = [r for r in exact if len(r.fields.authors) >= 3 or r.fields.et_al] or exact
    if exact:
        return tuple(r.n for r in exact), True
    if cited is None:
        return (), True
    # The author is listed, the year is not: link to the closest year (a citation-year mismatch).
    dated = [r for r in candidates if r.fields.year is not None]
    near = [r for r in dated if abs((r.fields.year or 0) - cited) <= 2]
    if near:
        best = min(abs((r.fields.year or 0) - cited) for r in near)
        return tuple(r.n for r in near if abs((r.fields.year or 0) - cited) == best), True
    undated_refs = [r for r in candidates if r.fields.year is None]
    if undated_refs:
        return tuple(r.n for r in undated_refs), True
    return (), True
