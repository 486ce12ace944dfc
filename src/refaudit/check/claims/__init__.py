"""Claim rule (RA501): is each term the citing sentence gives the cited work one it names?"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache

from refaudit.check.base import Rule, RuleContext, fitting_work
from refaudit.check.citing import short_citation
from refaudit.check.claims.clauses import clause_spans
from refaudit.check.claims.matching import (
    Evidence,
    contradicted,
    covered,
    folded_text,
    named_as_written,
    snippet,
    terms_in,
)
from refaudit.check.claims.vocabulary import (
    Mention,
    Vocabulary,
    fold_words,
    load_vocabulary,
    prepare_text,
)
from refaudit.compare import name_key
from refaudit.errors import ConfigError
from refaudit.model import Citation, Document, Finding, Reference, Severity

__all__ = [
    "RULES",
    "ClaimMismatch",
    "ClaimTextMissing",
    "Mention",
    "Vocabulary",
    "entries_needing_text",
    "load_vocabulary",
    "prepare_text",
]


@lru_cache(maxsize=4096)
def sentence_mentions(vocabulary_files: tuple[str, ...], sentence: str) -> tuple[Mention, ...]:
    """The typed terms of a citing sentence (kept: the audit asks before resolving, the
    rules again when checking)."""
    return terms_in(load_vocabulary(vocabulary_files), sentence)


def entries_needing_text(document: Document, vocabulary_files: Sequence[str]) -> set[int]:
    """The entries cited by a sentence that names a specific term: the claim check judges
    them by their work's text, so an abstract is worth fetching where the record has none."""
    files = tuple(vocabulary_files)
    try:
        return {
            n
            for c in document.citations
            if sentence_mentions(files, c.sentence)
            for n in c.references
        }
    except ConfigError:  # a broken vocabulary file is reported when the rules run
        return set()


def evidence_for(
    vocab: Vocabulary,
    ctx: RuleContext,
    ref: Reference,
    kinds: frozenset[str] | None = None,
    folded: str | None = None,
) -> Evidence:
    """The work's registered title, subjects and abstract, plus the printed title."""
    titles, abstract = _texts_of(ctx, ref)
    return Evidence.build(vocab, titles, abstract, kinds, folded)


def _texts_of(ctx: RuleContext, ref: Reference) -> tuple[list[str], str]:
    """The work's registered title, the printed title and the subjects; and the abstract."""
    work = fitting_work(ctx, ref)
    titles = [ref.fields.title or ""]
    abstract = ""
    if work is not None:
        titles.insert(0, work.title)
        titles.extend(work.subjects)
        abstract = work.abstract
    return titles, abstract


_CANDIDATES = 3  # entries read in full when looking for one that fits the sentence better


def _authors_overlap(a: Reference, b: Reference) -> bool:
    keys = {name_key(x.family or x.literal) for x in a.fields.authors}
    return any(name_key(x.family or x.literal) in keys for x in b.fields.authors)


class ClaimMismatch(Rule):
    """The sentence that cites a work gives it a term the work does not name.

    What it checks:
    Each citing sentence against the cited work's title, abstract and subjects (offline, or
    when the work was not resolved, against the printed title). Every specific term of the
    sentence is typed: drug or substance (generic and brand names, classes, names found by
    their WHO INN stem such as -statin or -mab), organism (host or microbe), population or
    care setting, condition, study design, product or compound code (AZD9291, mRNA-1273),
    mutation, number with its unit, age range. A term is reported when the work never names
    it (nor a synonym, spelling variant, broader or narrower term) while it names another
    term of the same type and role; other terms of the sentence that do match never silence
    it. A term that another work cited in the same sentence names is not reported. A study
    design is judged against the design the work's title gives, when it gives one. When
    another entry of the list fits the sentence, it is suggested. The terms come from
    documented vocabulary files that users can extend (`vocabulary` in the configuration).

    Why it matters:
    Citing a psilocybin study for a claim about LSD, a mouse study for a finding in rats or
    a cohort study as a randomised trial misleads readers even when the reference itself is
    impeccable; it is the most common trace of a citation moved to the wrong place or written
    from memory.

    Example:
    "Pokorny et al. (2017) found that controlled use of LSD increased emotional empathy",
    where Pokorny et al. (2017) is "Effect of Psilocybin on Empathy and Moral
    Decision-Making" and the list also has Preller et al. (2017), an LSD study.

    Fix:
    Check the cited work: cite the one that supports the sentence (the suggested entry, if
    any), or correct the sentence to say what the cited work found.
    """

    code = "RA501"
    name = "claim-mismatch"
    severity = Severity.WARNING
    summary = "The citing sentence gives the cited work a term it does not name"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        doc = ctx.document
        if not doc.citations or not doc.references:
            return
        vocab = load_vocabulary(tuple(ctx.vocabulary_files))
        self._texts: dict[int, str] = {}
        self._folded: dict[int, str] = {}
        refs = {r.n: r for r in doc.references}
        sentence_terms: dict[str, tuple[Mention, ...]] = {}
        wanted: dict[int, set[str]] = {}  # per entry, the kinds its citing sentences name
        files = tuple(ctx.vocabulary_files)
        for c in doc.citations:
            if c.sentence not in sentence_terms:
                sentence_terms[c.sentence] = sentence_mentions(files, c.sentence)
            for n in c.references:
                wanted.setdefault(n, set()).update(m.kind for m in sentence_terms[c.sentence])
        evidence: dict[int, Evidence] = {}
        self._wanted = wanted

        def ev(n: int) -> Evidence:
            kinds = frozenset(wanted.get(n, ()))
            have = evidence.get(n)
            if have is None or not kinds <= (have.kinds or frozenset()):
                # Built again with the kinds a sentence asks for that were not looked for.
                if have is not None and have.kinds:
                    kinds |= have.kinds
                evidence[n] = evidence_for(vocab, ctx, refs[n], kinds, self._folded_of(ctx, n))
            return evidence[n]

        reported: set[tuple[int, str, str]] = set()
        for c, mentions, others in self._clauses(doc.citations, sentence_terms, refs):
            for n in dict.fromkeys(c.references):
                if n not in refs:
                    continue
                pair = self._check_pair(ctx, vocab, c, refs[n], mentions, others - {n}, ev)
                for finding in pair:
                    k = (n, finding.found or "", c.sentence)
                    if k not in reported:
                        reported.add(k)
                        yield finding

    @staticmethod
    def _clauses(
        citations: Sequence[Citation],
        sentence_terms: Mapping[str, tuple[Mention, ...]],
        refs: Mapping[int, Reference],
    ) -> Iterator[tuple[Citation, tuple[Mention, ...], set[int]]]:
        """Each citation with the terms of its clause and the entries cited in that clause.

        A sentence citing works in different clauses gives each only its clause's terms; the
        works cited together (`[3,4]`, or in one clause) are judged together: a term one of
        them names is not reported for the others."""
        by_sentence: dict[str, list[Citation]] = {}
        for c in citations:
            by_sentence.setdefault(c.sentence, []).append(c)
        for sentence, group in by_sentence.items():
            terms = sentence_terms[sentence]
            if not terms:
                continue
            spans = clause_spans(sentence, [c.text for c in group])
            cited: dict[tuple[int, int], set[int]] = {}
            for c, span in zip(group, spans, strict=True):
                cited.setdefault(span, set()).update(n for n in c.references if n in refs)
            for c, (a, b) in zip(group, spans, strict=True):
                mentions = tuple(m for m in terms if a <= m.start and m.end <= b)
                if mentions:
                    yield c, mentions, cited[(a, b)]

    def _folded_of(self, ctx: RuleContext, n: int) -> str:
        """The entry's work's texts folded (Evidence.folded), computed once per entry."""
        folded = self._folded.get(n)
        if folded is None:
            ref = next(r for r in ctx.document.references if r.n == n)
            folded = self._folded[n] = folded_text(*_texts_of(ctx, ref))
        return folded

    def _check_pair(
        self,
        ctx: RuleContext,
        vocab: Vocabulary,
        citation: Citation,
        ref: Reference,
        mentions: tuple[Mention, ...],
        others: set[int],
        ev: Callable[[int], Evidence],
    ) -> Iterator[Finding]:
        folded = self._folded_of(ctx, ref.n)
        if all(named_as_written(m, folded) for m in mentions):
            return  # every term is the work's own: typing the work's terms would change nothing
        work_ev = ev(ref.n)
        seen: set[tuple[str, str]] = set()
        for said in mentions:
            if (said.kind, said.term) in seen:
                continue
            seen.add((said.kind, said.term))
            named = contradicted(vocab, said, mentions, work_ev)
            if named is None:
                continue
            if any(covered(vocab, said, ev(o)) for o in others):
                continue
            yield self._finding(ctx, vocab, citation, ref, said, named, work_ev, mentions, ev)

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
        better = self._better_entries(ctx, vocab, ref, said, mentions, ev)
        suggestion = " or ".join(short_citation(b) for b in better)
        kind_label = vocab.descriptions.get(said.kind, said.kind)
        message = (
            f'the sentence says "{said.text}" ({kind_label}); {short_citation(ref)} names '
            f'"{named.text}" and never "{said.text}" ({work_ev.where(named)}); sentence: '
            f'"{snippet(citation.sentence, said.start, said.end)}"'
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

    def _candidates(
        self,
        ctx: RuleContext,
        vocab: Vocabulary,
        cited: Reference,
        said: Mention,
        mentions: tuple[Mention, ...],
    ) -> list[Reference]:
        """The few entries worth reading in full: their text has the sentence's words."""
        shown = vocab.display(said.kind, said.term)
        words = {fold_words(said.text), fold_words(shown)} - {"  ", " "}
        others = [fold_words(m.text) for m in mentions if m is not said]
        ranked: list[tuple[int, int, Reference]] = []
        for other in ctx.document.references:
            if other.n == cited.n:
                continue
            text = self._texts.get(other.n)
            if text is None:
                own = self._folded_of(ctx, other.n)
                text = self._texts[other.n] = own + fold_words(other.raw)
            if any(w in text for w in words):
                ranked.append((-sum(w in text for w in others), other.n, other))
        return [r for _, _, r in sorted(ranked)[:_CANDIDATES]]

    @staticmethod
    def _bonus(cited: Reference, other: Reference) -> float:
        """A better entry by the same authors or of the same year is the likelier one."""
        score = 0.5 if _authors_overlap(cited, other) else 0.0
        if cited.fields.year and cited.fields.year == other.fields.year:
            score += 0.25
        return score

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
        for other in self._candidates(ctx, vocab, cited, said, mentions):
            self._wanted.setdefault(other.n, set()).update(m.kind for m in mentions)
            folded = self._folded_of(ctx, other.n)
            if all(named_as_written(m, folded) for m in mentions):
                # Every term of the sentence is the entry's own: it fits, no typing needed.
                scored.append((len(mentions) + self._bonus(cited, other), other))
                continue
            other_ev = ev(other.n)
            if not covered(vocab, said, other_ev):
                continue
            score = 0.0
            contradicted_any = False
            for m in mentions:
                if covered(vocab, m, other_ev):
                    score += 1
                elif contradicted(vocab, m, mentions, other_ev) is not None:
                    contradicted_any = True
            if contradicted_any:
                continue
            scored.append((score + self._bonus(cited, other), other))
        if not scored:
            return []
        best = max(s for s, _ in scored)
        return [r for s, r in scored if s == best][:2]


class ClaimTextMissing(Rule):
    """The claim check had no abstract for some cited works: it judged them by title only.

    What it checks:
    Once per document, the entries whose citing sentences name specific terms (a drug, an
    organism, a design, a number ...) but whose work has no abstract: neither Crossref's
    record nor the abstract sources (Europe PMC, PubMed, OpenAlex) gave one, the entry was
    not resolved, or the run was offline. The claim check judged those sentences by the
    title alone (or by nothing) and never guesses what the rest of the work says; this
    finding says how many, and which.

    Why it matters:
    A silent claim check means "nothing contradicts the sentence" only where it had the
    work's text to read. Knowing which citations it could not read tells you which ones
    still need a human look.

    Example:
    Three entries of a review are cited for a drug or a population, and their records
    carry no abstract: "the claim check had no abstract for 3 of 12 cited works ... [2],
    [7], [9]".

    Fix:
    Nothing is wrong in the document. Check those citations against the works by hand, or
    let refaudit ask the abstract sources (`--sources`, and not `--offline`).
    """

    code = "RA502"
    name = "claim-text-missing"
    severity = Severity.INFO
    summary = "The claim check had no abstract for some cited works (a count per document)"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        doc = ctx.document
        if not doc.citations or not doc.references:
            return
        files = tuple(ctx.vocabulary_files)
        refs = {r.n: r for r in doc.references}
        first_line: dict[int, int] = {}
        for c in doc.citations:
            if not sentence_mentions(files, c.sentence):
                continue
            for n in c.references:
                if n in refs:
                    first_line.setdefault(n, c.line)
        if not first_line:
            return
        titled: list[int] = []
        bare: list[int] = []
        for n in sorted(first_line):
            work = fitting_work(ctx, refs[n])
            if work is not None and work.abstract:
                continue
            has_title = bool((work.title if work is not None else "") or refs[n].fields.title)
            (titled if has_title else bare).append(n)
        missing = titled + bare
        if not missing:
            return
        parts = []
        if titled:
            parts.append("judged by title only: " + _entries(titled))
        if bare:
            parts.append("not judged (no title either): " + _entries(bare))
        message = (
            f"the claim check had no abstract for {len(missing)} of {len(first_line)} cited "
            "works whose citing sentences name specific terms; " + "; ".join(parts)
        )
        yield self.finding(ctx, message, min(first_line[n] for n in missing))


def _entries(numbers: Sequence[int]) -> str:
    return ", ".join(f"[{n}]" for n in numbers)


from refaudit.check.claims.reversed import ClaimReversed  # noqa: E402

RULES: tuple[type[Rule], ...] = (ClaimMismatch, ClaimTextMissing, ClaimReversed)
