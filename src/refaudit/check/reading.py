"""Offline rule RA100: a document that could not be parsed within its time budget."""

from __future__ import annotations

from collections.abc import Iterator

from refaudit.check.base import Rule, RuleContext
from refaudit.model import Finding, Severity


class ParseTimeout(Rule):
    """A document whose parsing ran past its time budget, so that nothing of it was checked.

    What it checks:
    Reading the document, finding its reference list and parsing its entries took longer than
    the budget (20 s of CPU time plus 3 s per MB of input); refaudit stopped parsing it and
    went on with the other inputs.

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
                f"parsing stopped after {limit:.0f} s of CPU time (this document's budget); "
                "its references and citations were not checked",
                1,
            )


RULES: tuple[type[Rule], ...] = (ParseTimeout,)
