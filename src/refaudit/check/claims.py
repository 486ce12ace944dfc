"""Claim rule (RA501): does the sentence that cites a work name what the work is about?"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from refaudit.check.base import Rule, RuleContext, fitting_work
from refaudit.check.citing import short_citation
from refaudit.compare import name_key, strip_markup
from refaudit.errors import ConfigError
from refaudit.model import Citation, Finding, Reference, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_DASHES = re.compile(r"[‐‑‒–—−]")
_SPACED_LOCANTS = re.compile(r"(\d),\s+(\d)")
_SNIPPET = 50


def prepare_text(text: str) -> str:
    """Text as terms are matched in it: no markup or accents, plain hyphens, '3,4-' joined."""
    t = unicodedata.normalize("NFKD", strip_markup(text))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return _SPACED_LOCANTS.sub(r"\1,\2", _DASHES.sub("-", t))


def _compile(synonym: str) -> re.Pattern[str]:
    if synonym.startswith("re:"):
        return re.compile(rf"(?<!\w)(?:{synonym[3:]})(?!\w)", re.IGNORECASE)
    tokens = [t for t in re.split(r"[\s\-]+", prepare_text(synonym).strip()) if t]
    body = r"[\s\-]*".join(re.escape(t) for t in tokens)
    capitals = sum(c.isupper() for c in synonym) >= 2
    return re.compile(rf"(?<!\w){body}(?:e?s)?(?!\w)", 0 if capitals else re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a kind, with every way of writing it."""

    kind: str
    id: str
    display: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """A term found in a text, with the words that matched and where."""

    kind: str
    term: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Kinds of terms, their synonyms, and which broad terms include which narrower ones."""

    descriptions: Mapping[str, str]
    terms: tuple[Term, ...]
    narrower: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def find(self, text: str) -> tuple[Mention, ...]:
        """Every term mentioned in `text`; of overlapping matches of one kind, the longest."""
        prepared = prepare_text(text)
        found: dict[str, list[Mention]] = {}
        for term in self.terms:
            for pattern in term.patterns:
                for m in pattern.finditer(prepared):
                    mention = Mention(term.kind, term.id, m.group(0), m.start(), m.end())
                    found.setdefault(term.kind, []).append(mention)
        kept: list[Mention] = []
        for mentions in found.values():
            taken: list[Mention] = []
            for cand in sorted(mentions, key=lambda x: (x.start - x.end, x.start)):
                if all(cand.end <= t.start or cand.start >= t.end for t in taken):
                    taken.append(cand)
            kept.extend(taken)
        return tuple(sorted(kept, key=lambda m: m.start))

    def compatible(self, kind: str, a: str, b: str) -> bool:
        """Same term, or one includes the other (ssri ~ escitalopram)."""
        return (
            a == b
            or b in self.narrower.get((kind, a), frozenset())
            or a in self.narrower.get((kind, b), frozenset())
        )


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


@lru_cache(maxsize=8)
def load_vocabulary(extra_files: tuple[str, ...] = ()) -> Vocabulary:
    """The shipped vocabulary merged with the user's files (kinds, terms, synonyms, includes)."""
    shipped = resources.files("refaudit").joinpath("data/vocabulary.toml").read_text("utf-8")
    tables = [("vocabulary.toml", _read_toml("vocabulary.toml", shipped))]
    for path in extra_files:
        try:
            with open(path, encoding="utf-8") as fh:
                tables.append((path, _read_toml(path, fh.read())))
        except OSError as exc:
            raise ConfigError(
                f"cannot read vocabulary file {path}: {exc.strerror}",
                hint="check the `vocabulary` setting",
            ) from exc
    descriptions: dict[str, str] = {}
    synonyms: dict[tuple[str, str], list[str]] = {}
    includes: dict[str, dict[str, set[str]]] = {}
    for source, data in tables:
        for kind, table in data.items():
            if not isinstance(table, dict) or not isinstance(table.get("terms", {}), dict):
                raise ConfigError(f"vocabulary file {source}: [{kind}] must be a table")
            descriptions.setdefault(kind, str(table.get("description", kind)))
            for term, words in table.get("terms", {}).items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise ConfigError(
                        f"vocabulary file {source}: {kind}.terms.{term} must be a list of strings"
                    )
                synonyms.setdefault((kind, term), []).extend(words)
            for broad, narrow in table.get("includes", {}).items():
                includes.setdefault(kind, {}).setdefault(broad, set()).update(map(str, narrow))
    terms = []
    for (kind, term), words in synonyms.items():
        try:
            patterns = tuple(_compile(w) for w in dict.fromkeys(words))
        except re.error as exc:
            raise ConfigError(f"vocabulary: bad pattern for {kind}.{term}: {exc}") from exc
        display = next((w for w in words if not w.startswith("re:")), term)
        terms.append(Term(kind, term, display, patterns))
    narrower = {
        (kind, broad): closed
        for kind, direct in includes.items()
        for broad, closed in _closure(direct).items()
    }
    return Vocabulary(descriptions, tuple(terms), narrower)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one entry's work is about: terms in its titles and subjects, and in its abstract."""

    strong: tuple[Mention, ...]  # in the title(s) or subjects
    abstract: tuple[Mention, ...]
    title: str
    abstract_text: str

    def terms(self, kind: str) -> set[str]:
        return {m.term for m in (*self.strong, *self.abstract) if m.kind == kind}

    def named(self, kind: str) -> list[Mention]:
        """Mentions that show what the work is about: in a title, or twice in the abstract."""
        out = [m for m in self.strong if m.kind == kind]
        counts: dict[str, int] = {}
        for m in self.abstract:
            if m.kind == kind:
                counts[m.term] = counts.get(m.term, 0) + 1
        seen = {m.term for m in out}
        for m in self.abstract:
            if m.kind == kind and counts[m.term] >= 2 and m.term not in seen:
                out.append(m)
                seen.add(m.term)
        return out


def evidence_for(vocab: Vocabulary, ctx: RuleContext, ref: Reference) -> Evidence:
    """The work's registered title, subjects and abstract, plus the printed title."""
    work = fitting_work(ctx, ref)
    titles = [ref.fields.title or ""]
    abstract = ""
    if work is not None:
        titles.insert(0, work.title)
        titles.extend(work.subjects)
        abstract = work.abstract
    strong = ". ".join(t for t in titles if t)
    return Evidence(vocab.find(strong), vocab.find(abstract), titles[0], abstract)


def _snippet(text: str, start: int, end: int) -> str:
    prepared = prepare_text(text)
    a, b = max(0, start - _SNIPPET), min(len(prepared), end + _SNIPPET)
    # Widen to whole words so the quote never starts or ends inside one.
    while a > 0 and not prepared[a - 1].isspace():
        a -= 1
    while b < len(prepared) and not prepared[b].isspace():
        b += 1
    return ("…" if a else "") + prepared[a:b].strip() + ("…" if b < len(prepared) else "")


def _authors_overlap(a: Reference, b: Reference) -> bool:
    keys = {name_key(x.family or x.literal) for x in a.fields.authors}
    return any(name_key(x.family or x.literal) in keys for x in b.fields.authors)


class ClaimMismatch(Rule):
    """The sentence that cites a work names something the work is not about.

    What it checks:
    Each citing sentence against the cited work's title, abstract and subjects (offline, or
    when the work was not resolved, against the printed title). A term of the sentence is
    reported when it is one of a kind (substance or drug, organism, population, condition,
    study design, blinding) that the work never mentions, while the work's title, subjects or
    abstract (twice) names another term of that kind. Synonyms and abbreviations count as the
    same term (MDMA, 3,4-methylenedioxymethamphetamine, ecstasy), and a broad term covers its
    members (an SSRI covers escitalopram). To keep correct sentences silent, nothing is
    reported for a kind when the sentence also names a term the work has, or when another
    work cited in the same sentence has the term. When another entry of the list fits the
    sentence, it is suggested. The terms come from a documented vocabulary file that users
    can extend (`vocabulary` in the configuration).

    Why it matters:
    Citing a psilocybin study for a claim about LSD, or a trial in patients for a finding in
    healthy volunteers, misleads readers even when the reference itself is impeccable; it is
    the most common trace of a citation moved to the wrong place or written from memory.

    Example:
    "Pokorny et al. (2017) found that controlled use of LSD increased emotional empathy",
    where Pokorny et al. (2017) is "Effect of Psilocybin on Empathy and Moral
    Decision-Making" and the list also has Preller et al. (2017), an LSD study.

    Fix:
    Cite the work that supports the sentence (the suggested entry, if any), or correct the
    sentence to say what the cited work found.
    """

    code = "RA501"
    name = "claim-mismatch"
    severity = Severity.WARNING
    summary = "The citing sentence names something the cited work is not about"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        doc = ctx.document
        if not doc.citations or not doc.references:
            return
        vocab = load_vocabulary(tuple(ctx.vocabulary_files))
        refs = {r.n: r for r in doc.references}
        evidence: dict[int, Evidence] = {}

        def ev(n: int) -> Evidence:
            if n not in evidence:
                evidence[n] = evidence_for(vocab, ctx, refs[n])
            return evidence[n]

        by_sentence: dict[str, set[int]] = {}
        for c in doc.citations:
            by_sentence.setdefault(c.sentence, set()).update(n for n in c.references if n in refs)
        reported: set[tuple[int, str, str]] = set()
        for c in doc.citations:
            mentions = vocab.find(c.sentence)
            if not mentions:
                continue
            for n in dict.fromkeys(c.references):
                if n not in refs:
                    continue
                for finding in self._check_pair(ctx, vocab, c, refs[n], mentions, by_sentence, ev):
                    key = (n, finding.found or "", c.sentence)
                    if key not in reported:
                        reported.add(key)
                        yield finding

    def _check_pair(
        self,
        ctx: RuleContext,
        vocab: Vocabulary,
        citation: Citation,
        ref: Reference,
        mentions: tuple[Mention, ...],
        by_sentence: Mapping[str, set[int]],
        ev: Callable[[int], Evidence],
    ) -> Iterator[Finding]:
        work_ev = ev(ref.n)
        others = by_sentence.get(citation.sentence, set()) - {ref.n}
        for kind in dict.fromkeys(m.kind for m in mentions):
            said = [m for m in mentions if m.kind == kind]
            said_terms = {m.term for m in said}
            if self._covered(vocab, kind, said_terms, work_ev.terms(kind)):
                continue
            named = work_ev.named(kind)
            if not named:
                continue
            if any(self._covered(vocab, kind, said_terms, ev(o).terms(kind)) for o in others):
                continue
            yield self._finding(ctx, vocab, citation, ref, said[0], named[0], work_ev, mentions, ev)

    @staticmethod
    def _covered(vocab: Vocabulary, kind: str, said: Iterable[str], has: set[str]) -> bool:
        return any(vocab.compatible(kind, s, h) for s in said for h in has)

    def _finding(
        self,
        ctx: RuleContext,
        vocab: Vocabulary,
        citation: Citation,
        ref: Reference,
        said: Mention,
        named: Mention,
        work_ev: Evidence,
        mentions: tuple[Mention, ...],
        ev: Callable[[int], Evidence],
    ) -> Finding:
        if named in work_ev.strong:
            where = f'title "{work_ev.title}"'
        else:
            where = f'abstract "{_snippet(work_ev.abstract_text, named.start, named.end)}"'
        better = self._better_entries(ctx, vocab, ref, said, mentions, ev)
        suggestion = " or ".join(short_citation(b) for b in better)
        kind_label = vocab.descriptions.get(said.kind, said.kind)
        message = (
            f'the sentence names the {kind_label} "{said.text}" but {short_citation(ref)} is '
            f'about "{named.text}" ({where}); sentence: '
            f'"{_snippet(citation.sentence, said.start, said.end)}"'
        )
        if suggestion:
            message += f"; {suggestion} mention{'s' if len(better) == 1 else ''} {said.text}"
        return self.finding(
            ctx,
            message,
            citation.line,
            reference=ref.n,
            expected=named.text,
            found=said.text,
            fix=f"cite {suggestion} instead?" if suggestion else None,
        )

    def _better_entries(
        self,
        ctx: RuleContext,
        vocab: Vocabulary,
        cited: Reference,
        said: Mention,
        mentions: tuple[Mention, ...],
        ev: Callable[[int], Evidence],
    ) -> list[Reference]:
        scored: list[tuple[float, Reference]] = []
        for other in ctx.document.references:
            if other.n == cited.n:
                continue
            other_ev = ev(other.n)
            if not self._covered(vocab, said.kind, [said.term], other_ev.terms(said.kind)):
                continue
            score = 0.0
            contradicted = False
            for kind in {m.kind for m in mentions}:
                has = other_ev.terms(kind)
                terms = {m.term for m in mentions if m.kind == kind}
                if self._covered(vocab, kind, terms, has):
                    score += 1
                elif other_ev.named(kind):
                    contradicted = True
            if contradicted:
                continue
            if _authors_overlap(cited, other):
                score += 0.5
            if cited.fields.year and cited.fields.year == other.fields.year:
                score += 0.25
            scored.append((score, other))
        if not scored:
            return []
        best = max(s for s, _ in scored)
        return [r for s, r in scored if s == best][:2]


RULES: tuple[type[Rule], ...] = (ClaimMismatch,)
