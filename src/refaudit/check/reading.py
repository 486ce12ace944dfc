"""Offline rules on reading: RA100 (parse time budget), RA109 (unreadable .bib blocks)."""

from __future__ import annotations

from collections.abc import Iterator

from refaudit.check.base import Rule, RuleContext
from refaudit.model import Finding, Severity


class ParseTimeout(Rule):
    """A document whose parsing ran past its time budget, so that nothing of it was checked.

    What it checks:
    Reading the document, finding its reference list and parsing its entries, or checking
    them, took longer than the budget (20 s of CPU time plus 3 s per MB of input, for each);
    refaudit stopped there and went on with the other inputs.

    Why it matters:
    None of the document's references or citations were checked: a clean report would be
    false reassurance. Articles parse in well under a second, so the input is most likely not
    an article (a data dump, a generated file) or has a pathological shape.

    Example:
    A 15 MB file of one line of nested brackets, or a log pasted into a Markdown file.

    Fix:
    Check the file holds the article you meant; otherwise cut it down to the text and its
    reference list, or convert it to plain text, and run refaudit again.
    """

    code = "RA100"
    name = "parse-timeout"
    severity = Severity.ERROR
    summary = "A document whose parsing ran past its time budget; nothing of it was checked"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        limit = ctx.document.parse_timeout
        if limit is not None:
            yield self.finding(
                ctx,
                f"reading or checking stopped after {limit:.0f} s of CPU time (this "
                "document's budget); its references and citations were not checked",
                1,
            )


class BibBlockProblem(Rule):
    """A block of a .bib file that could not be read, or an entry reusing an earlier key.

    What it checks:
    Every block of a BibTeX file is read; a block with unbalanced braces or quotes, a missing
    comma or no key, and an entry whose citation key an earlier entry already has, are
    reported at their line.

    Why it matters:
    An unreadable block is not checked and not exported as an entry, and BibTeX or Biber
    stop or skip at it too; with a repeated key, LaTeX cites only one of the two entries.
    Passing over it in silence would report a clean file that is not.

    Example:
    `@article{smith2020, title = {Oops, year = 2020}` (the title's brace is never closed),
    or two entries both keyed `smith2020`.

    Fix:
    Close the brace or quote, add the missing comma, or give the second entry its own key.
    """

    code = "RA109"
    name = "bib-block-problem"
    severity = Severity.ERROR
    summary = "A .bib block that could not be read, or an entry reusing an earlier key"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for line, message in ctx.document.problems:
            yield self.finding(ctx, message, line)


RULES: tuple[type[Rule], ...] = (ParseTimeout, BibBlockProblem)
