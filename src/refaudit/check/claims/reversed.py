"""Claim rule (RA503): the citing clause states the opposite direction of the abstract
sentence about the same outcome."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from refaudit.check.base import Rule, RuleContext, fitting_work
from refaudit.check.citing import short_citation
from refaudit.check.claims.clauses import clause_spans
from refaudit.check.claims.direction import SAYS, Statement, reversal, statements
from refaudit.check.claims.vocabulary import prepare_text
from refaudit.model import Citation, Finding, Severity

_QUOTE = 160  # characters of a quoted sentence


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1].rsplit(" ", 1)[0] + " …"


class ClaimReversed(Rule):
    """The citing sentence states the opposite direction of what the cited work found.

    What it checks:
    Each clause that cites one work, against the sentences of that work's abstract. A
    direction is a word that says which way something goes (increased, reduced, higher,
    inhibits, associated with, superior), turned round by a negation just before it (did
    not reduce, no association, failed to improve), with the content words around it: what
    changes. Reported only when the abstract sentence that shares the most of those words
    (at least three, and half of the clause's) states the opposite direction, and no equally
    close one agrees; both are quoted. Clauses citing several works at once, and works
    without an abstract, are not judged.

    Why it matters:
    A citation that says a treatment reduced an outcome when the cited trial found it
    increased (or found no effect) turns the evidence round; it is the most damaging kind
    of miscitation and the one a reader is least likely to check.

    Example:
    "Memory T cells diminish the early production of inflammatory chemokines in the lung
    [4]", where the abstract of [4] says memory T cells "enhance production of ...
    inflammatory cytokines and chemokines in the lung".

    Fix:
    Read the cited work's results: correct the direction in the sentence, or cite a work
    that found what the sentence says.
    """

    code = "RA503"
    name = "claim-reversed"
    severity = Severity.WARNING
    summary = "The citing sentence states the opposite direction of the cited work's finding"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        doc = ctx.document
        if not doc.citations or not doc.references:
            return
        refs = {r.n: r for r in doc.references}
        by_sentence: dict[str, list[Citation]] = {}
        for c in doc.citations:
            by_sentence.setdefault(c.sentence, []).append(c)
        known: dict[int, list[Statement]] = {}
        reported: set[tuple[int, str]] = set()
        for sentence, group in by_sentence.items():
            prepared = prepare_text(sentence)
            spans = clause_spans(sentence, [c.text for c in group])
            cited: dict[tuple[int, int], set[int]] = {}
            for c, span in zip(group, spans, strict=True):
                cited.setdefault(span, set()).update(n for n in c.references if n in refs)
            for c, span in zip(group, spans, strict=True):
                works = cited[span]
                if len(works) != 1:
                    continue
                [n] = works
                if (n, sentence) in reported:
                    continue
                work = fitting_work(ctx, refs[n])
                if work is None or not work.abstract:
                    continue
                said = statements(prepared[span[0] : span[1]])
                if not said:
                    continue
                if n not in known:
                    # The title's statements count too (numbered 0): an agreeing title wins.
                    titled = [replace(t, sentence=0) for t in statements(work.title)]
                    known[n] = titled + statements(work.abstract)
                found = reversal(said, known[n])
                if found is None:
                    continue
                reported.add((n, sentence))
                said_one, there = found.said, found.found
                where = f"abstract sentence {there.sentence}" if there.sentence else "title"
                message = (
                    f'the sentence states {SAYS[said_one.direction]}: "{_quote(said_one.text)}"; '
                    f"{short_citation(refs[n])} states {SAYS[there.direction]} "
                    f'({where}: "{_quote(there.text)}")'
                )
                yield self.finding(
                    ctx,
                    message,
                    c.line,
                    reference=n,
                    expected=SAYS[there.direction],
                    found=SAYS[said_one.direction],
                )
