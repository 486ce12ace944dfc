"""Terms of a citing sentence against the terms of the cited work: covered, or contradicted."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from refaudit.check.claims.patterns import pattern_mentions, stem_class, values_agree
from refaudit.check.claims.vocabulary import (
    Mention,
    Vocabulary,
    fold_words,
    key,
    longest,
    prepare_text,
)

# Words of an abstract sentence that speaks of other work rather than of this one.
_BACKGROUND = re.compile(
    r"\b(?:unlike|earlier (?:work|stud)|previous(?:ly)? (?:work|stud|report)|prior (?:work|stud)"
    r"|in contrast to|has been (?:shown|reported)|have been (?:shown|reported))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")


def terms_in(
    vocab: Vocabulary, text: str, kinds: Collection[str] | None = None
) -> tuple[Mention, ...]:
    """Vocabulary and pattern terms of `text` (of `kinds`, or all); of overlapping ones of a
    kind, the longest."""
    return _terms_in(vocab, text, None if kinds is None else frozenset(kinds))


# A run asks for the terms of one text more than once (an abstract cited in several
# sentences, or typed again for more kinds, the work cited by several documents): typing is
# most of the claim check's time, so each is typed once.
@lru_cache(maxsize=4096)
def _terms_in(vocab: Vocabulary, text: str, kinds: frozenset[str] | None) -> tuple[Mention, ...]:
    listed = list(_listed_terms(vocab, text))
    found = listed + pattern_mentions(text, kinds)
    by_kind: dict[str, list[Mention]] = {}
    for m in found:
        by_kind.setdefault(m.kind, []).append(m)
    kept = [m for ms in by_kind.values() for m in longest(ms)]
    # A term inside a longer term of another kind is part of its name ("bovine" in "bovine
    # spongiform encephalopathy", "Staphylococcus aureus" in "Staphylococcus aureus infection").
    inside = _inside_another_kind(kept)
    kept = [m for k, m in enumerate(kept) if k not in inside]
    return tuple(sorted(kept, key=lambda m: m.start))


@lru_cache(maxsize=4096)
def _listed_terms(vocab: Vocabulary, text: str) -> tuple[Mention, ...]:
    """The vocabulary's terms of `text`, whatever the kinds asked for."""
    return vocab.find(text)


def _inside_another_kind(mentions: Sequence[Mention]) -> set[int]:
    """The positions of the mentions that lie inside a longer mention of another kind.

    One sweep by start: a mention can only lie inside one that starts no later and has not
    ended before it starts (the few still open), never inside any of the others."""
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    inside: set[int] = set()
    open_: list[Mention] = []
    g = 0
    while g < len(order):
        start = mentions[order[g]].start
        h = g
        while h < len(order) and mentions[order[h]].start == start:
            h += 1
        open_ = [o for o in open_ if o.end >= start] + [mentions[k] for k in order[g:h]]
        for k in order[g:h]:
            m = mentions[k]
            if any(
                o.kind != m.kind and m.end <= o.end and o.end - o.start > m.end - m.start
                for o in open_
            ):
                inside.add(k)
        g = h
    return inside


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one cited work is about: terms of its title and subjects, and of its abstract."""

    strong: tuple[Mention, ...]  # in the title(s) or subjects
    abstract: tuple[Mention, ...]
    title: str
    abstract_text: str
    folded: str  # title, subjects and abstract as fold_words gives them
    has_text: bool  # an abstract, or at least a title, to judge by

    kinds: frozenset[str] | None = None  # the kinds looked for (None: all)

    @classmethod
    def build(
        cls,
        vocab: Vocabulary,
        titles: Iterable[str],
        abstract: str,
        kinds: frozenset[str] | None = None,
        folded: str | None = None,
    ) -> Evidence:
        """The terms of the work's texts; shape-found terms only of `kinds` when given (the
        kinds of the sentences citing the work: finding the others would be wasted time).
        `folded` is `folded_text(titles, abstract)` when the caller has it already."""
        heads = [t for t in titles if t]
        strong_text = ". ".join(heads)
        return cls(
            terms_in(vocab, strong_text, kinds),
            terms_in(vocab, abstract, kinds),
            heads[0] if heads else "",
            abstract,
            folded if folded is not None else folded_text(heads, abstract),
            bool(abstract or heads),
            kinds,
        )

    def all(self, kind: str) -> list[Mention]:
        return [m for m in (*self.strong, *self.abstract) if m.kind == kind]

    def named(self, kind: str, role: str) -> list[Mention]:
        """Mentions of `kind` and `role` that show what the work is about.

        A term of the title or subjects does; one of the abstract does unless the only
        sentences naming it speak of other work ("unlike earlier studies in mice").
        """
        out = [m for m in self.strong if m.kind == kind and m.role == role]
        seen = {m.term for m in out}
        for m in self.abstract:
            if m.kind != kind or m.role != role or m.term in seen:
                continue
            if not _BACKGROUND.search(self._sentence_of(m)):
                out.append(m)
                seen.add(m.term)
        return out

    def _sentence_of(self, m: Mention) -> str:
        starts = _sentence_starts(self.abstract_text)
        begin = max(s for s in starts if s <= m.start)
        after = [s for s in starts if s > m.start]
        return self.abstract_text[begin : after[0] if after else len(self.abstract_text)]

    def where(self, m: Mention) -> str:
        """'title "..."' or 'abstract sentence N: "..."' for a mention of this work."""
        if m in self.strong:
            if m.text.lower() in prepare_text(self.title).lower() or not self.title:
                return f'title "{self.title}"'
            return f'subject terms: "{m.text}"'
        starts = _sentence_starts(self.abstract_text)
        number = sum(1 for s in starts if s <= m.start)
        return f'abstract sentence {number}: "{snippet(self.abstract_text, m.start, m.end)}"'


@lru_cache(maxsize=256)
def _sentence_starts(text: str) -> tuple[int, ...]:
    """Where each sentence of `text` starts."""
    return (0, *(x.end() for x in _SENTENCE_END.finditer(text)))


def folded_text(titles: Iterable[str], abstract: str) -> str:
    """The work's title(s), subjects and abstract as `Evidence.folded` holds them."""
    return fold_words(". ".join(t for t in titles if t) + " . " + abstract)


def named_as_written(said: Mention, folded: str) -> bool:
    """Whether the work's folded text has the sentence's term word for word, which makes it
    covered (see `covered`) and never contradicted: no need to type the work's terms for it.
    Numbers, age ranges and designs are judged otherwise."""
    if said.kind in ("number", "design") or said.role == "age-range":
        return False
    words = fold_words(said.text)
    return bool(words.strip()) and words in folded


def snippet(text: str, start: int, end: int, width: int = 50) -> str:

    prepared = prepare_text(text)
    a, b = max(0, start - width), min(len(prepared), end + width)
    # Widen to whole words so the quote never starts or ends inside one.
    while a > 0 and not prepared[a - 1].isspace():
        a -= 1
    while b < len(prepared) and not prepared[b].isspace():
        b += 1
    return ("…" if a else "") + prepared[a:b].strip() + ("…" if b < len(prepared) else "")


def _classes(m: Mention) -> set[str]:
    out = {m.term}
    if m.kind == "substance":
        cls = stem_class(m.text)
        if cls:
            out.add(cls)
    return out


def compatible(vocab: Vocabulary, a: Mention, b: Mention) -> bool:
    """One term, a synonym, or one includes the other (a statin covers atorvastatin)."""
    if a.kind != b.kind:
        return False
    if a.kind == "number" or a.role == "age-range":
        return values_agree(a, b)
    if vocab.compatible(a.kind, a.term, b.term):
        return True
    # A drug known by its INN stem is covered by its class (or a broader one), not by siblings.
    for x, y in ((a, b), (b, a)):
        cls = stem_class(x.text) if x.kind == "substance" else ""
        if cls and (y.term == cls or cls in vocab.narrower.get((y.kind, y.term), frozenset())):
            return True
    if (a.kind, a.term) in vocab.displays and (b.kind, b.term) in vocab.displays:
        return False
    # A term found by its shape (colitis) and a longer name ending in it (ulcerative colitis).
    ka, kb = key(a.text), key(b.text)
    return len(min(ka, kb, key=len)) >= 5 and (ka.endswith(kb) or kb.endswith(ka))


def broader(vocab: Vocabulary, general: Mention, specific: Mention) -> bool:
    """Whether `general` is a strictly broader term than `specific` (a statin, atorvastatin)."""
    if general.term == specific.term:
        return False
    narrow = vocab.narrower.get((general.kind, general.term), frozenset())
    return bool(_classes(specific) & (narrow | {general.term}))


def covered(vocab: Vocabulary, said: Mention, ev: Evidence) -> bool:
    """Whether the work names the sentence's term (or a synonym, broader or narrower term).

    A broader term of the work does not cover the sentence's term when the work also names
    another term under it: "anticoagulants ... warfarin" does not cover "heparin".
    """
    has = ev.all(said.kind)
    matches = [m for m in has if compatible(vocab, said, m)]
    if matches:
        if not all(broader(vocab, m, said) for m in matches):
            return True
        siblings = [
            m
            for m in has
            if m.role == said.role
            and not compatible(vocab, said, m)
            and any(broader(vocab, b, m) for b in matches)
        ]
        if not siblings:
            return True
    if said.kind in ("number",) or said.role == "age-range":
        return False
    words = fold_words(said.text)
    if words.strip() and words in ev.folded:
        return True
    if said.kind == "code":
        return said.term in ev.folded.replace(" ", "")
    if said.kind == "condition" and not any(c.isdigit() for c in said.text):
        # Every word of the name in the work ("cancers of the kidney" for "kidney cancer").
        content = [w for w in fold_words(said.text).split() if len(w) >= 3]
        if content and all(f" {w} " in ev.folded for w in content):
            return True
    if said.kind == "condition" and ("condition", said.term) not in vocab.displays:
        # A condition found by its ending (lupus nephritis): its head word is enough.
        return fold_words(said.text.split()[-1]) in ev.folded
    return False


def design_of_work(ev: Evidence) -> list[Mention]:
    """The work's own design: the designs its title names (its abstract may name others)."""
    return [m for m in ev.strong if m.kind == "design"]


def contradicted(
    vocab: Vocabulary, said: Mention, sentence_terms: tuple[Mention, ...], ev: Evidence
) -> Mention | None:
    """The work's term that the sentence's term contradicts, or None."""
    if said.kind == "design":
        own = design_of_work(ev)
        if own:
            if any(compatible(vocab, s, o) for s in sentence_terms for o in own):
                return None
            return own[0]
    if covered(vocab, said, ev):
        return None
    named = [m for m in ev.named(said.kind, said.role) if not compatible(vocab, said, m)]
    return named[0] if named else None
