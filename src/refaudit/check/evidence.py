"""Where the registered record shows in an entry's own text: the evidence metadata rules need.

A parse may cut an entry at the wrong full stop or take a page for a year; the raw text does
not lie. These functions align a registered value to the raw entry in every equivalent form
(case, diacritics, markup, Greek letters, spelling, abbreviations), so that a rule reports a
difference only when the registered value is absent from what the author printed and the
value it quotes is present.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from refaudit.check.base import RuleContext, described_pairs
from refaudit.compare import expand_pages, fold, normalize_title, strip_markup
from refaudit.model import Reference, Work

_GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "µ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "ο": "omicron",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "ς": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
}
_GREEK_RE = re.compile("|".join(_GREEK))
# Where a main title ends and its subtitle begins.
_SUBTITLE = re.compile(r"\s*(?:[:?!.;]|\s[-–—]\s|--)\s*")
_ISSUE_WORDS = re.compile(
    r"\b(?:suppl(?:ement)?|supp|pt|part|spec(?:ial)?|no|nos|iss(?:ue)?|num(?:ber)?|nr)\b\.?",
    re.I,
)
_ET_AL = re.compile(r"\bet\.?\s*al\b|\band\s+others\b|\.\.\.|…|\bet\s+coll\b|\bu\.\s*a\.", re.I)


def title_key(text: str) -> str:
    """A title folded to letters and digits only: case, markup, Greek letters, spelling."""
    text = _GREEK_RE.sub(lambda m: _GREEK[m.group(0)], strip_markup(text).lower())
    return normalize_title(text.replace("&", " and ")).replace(" ", "")


def main_title(title: str) -> str:
    """The title before its subtitle separator ('A: b' -> 'A'); the whole title if none."""
    parts = _SUBTITLE.split(strip_markup(title).strip(), maxsplit=1)
    return parts[0] if parts and parts[0] else title


def number_tokens(text: str) -> list[str]:
    """The numbers of a locator, zeros stripped: '2 Suppl' -> ['2'], 'Pt 1-2' -> ['1', '2']."""
    return [t.lstrip("0") or "0" for t in re.findall(r"\d+", text)]


@dataclass(frozen=True)
class RawEntry:
    """One entry's printed text, with the lookups the rules need."""

    raw: str

    @cached_property
    def folded(self) -> str:
        return f" {fold(_GREEK_RE.sub(lambda m: _GREEK[m.group(0)], self.raw.lower()))} "

    @cached_property
    def titled(self) -> str:
        return title_key(self.raw)

    @cached_property
    def tokens(self) -> list[str]:
        return self.folded.split()

    def has_words(self, phrase: str) -> bool:
        """The phrase occurs as whole words (case, diacritics and punctuation ignored)."""
        key = fold(phrase)
        return bool(key) and f" {key} " in self.folded

    def has_title(self, title: str, printed: str = "") -> bool:
        """The title, or its main title, is printed in the entry (in any equivalent form).

        The main title alone counts when the parsed title `printed` is that main title or
        something else; not when it is the main title followed by other words (a subtitle
        cut short or changed).
        """
        key = title_key(title)
        if len(key) >= 6 and key in self.titled:
            return True
        if key and len(key) < 6 and self.has_words(strip_markup(title)):
            return True  # a short title ("Notes", "Power"): as whole words only
        main = title_key(main_title(title))
        if len(main) < 12 or main == key or main not in self.titled:
            return False
        p = title_key(printed)
        return not (p.startswith(main) and p != main)

    def count_number(self, value: str, outside: Sequence[str] = ()) -> int:
        """How often the number is printed as a number of its own, outside `outside`."""
        text = self.raw
        for part in outside:
            if part:
                text = text.replace(part, " ")
        value = value.strip().lstrip("0") or "0"
        if not value.isalnum():
            return text.count(value)
        found = re.finditer(rf"(?<![\w]){re.escape(value)}(?![\w])", text, re.I)
        return sum(1 for m in found if not text[max(0, m.start() - 1) : m.start()].isalpha())

    def has_number(self, value: str, outside: Sequence[str] = ()) -> bool:
        """The number (a volume, a page) is printed as a number of its own, outside `outside`."""
        return self.count_number(value, outside) > 0

    def _standalone(self, value: str) -> re.Pattern[str]:
        parts = re.split(r"\s*[-‐‑–—]+\s*", value.strip())
        v = r"\s*[-‐‑–—]+\s*".join(re.escape(p) for p in parts)
        return re.compile(rf"(?<![\w\-‐‑–—]){v}(?![\w\-‐‑–—])", re.I)

    def has_standalone(self, value: str) -> bool:
        """The printed value stands in the text on its own (not glued to a word or a date)."""
        return bool(self._standalone(value).search(self.raw))

    def without_range(self, value: str) -> str:
        """The raw text with the printed range `value` blanked."""
        return self._standalone(value).sub(" ", self.raw)

    def has_year(self, year: int, outside: Sequence[str] = (), times: int = 1) -> bool:
        """The year is printed as a year (not inside a page range, an identifier or a title),
        at least `times` times (2 where a volume of the same number is printed too)."""
        text = self.raw
        for part in outside:
            if part:
                text = text.replace(part, " ")
        text = re.sub(r"(?:https?://|doi:\s*|\b10\.\d{4,9}/)\S+", " ", text, flags=re.I)
        found = re.findall(rf"(?<![\d\w/.\-–]){year}(?![\d\-–])", text)
        return len(found) >= times

    @cached_property
    def truncated_authors(self) -> bool:
        """The author list is cut ("et al.", "...", "and others")."""
        return bool(_ET_AL.search(self.raw))


def printed_issue(entry: RawEntry, volume: str) -> str | None:
    """The issue printed right after the volume ("58(4)", "58.4", "58, no. 4"), if any."""
    if not volume.strip():
        return None
    v = re.escape(volume.strip())
    m = re.search(
        rf"(?<![\w.]){v}\s*(?:\(\s*([\w\s-]{{1,12}}?)\s*\)|\.(\d{{1,4}})(?![\d-])|,\s*no\.?\s*(\d{{1,4}}))",
        entry.raw,
        re.I,
    )
    if m is None:
        return None
    issue = next(g for g in m.groups() if g)
    return None if re.fullmatch(r"1[5-9]\d\d|20\d\d", issue) else issue


def printed_volume(entry: RawEntry, issue: str) -> str | None:
    """The volume printed right before the issue ("15(12)", "15.12"), if any: for a parse
    that missed the volume."""
    if not issue.strip().isdigit():
        return None
    i = re.escape(issue.strip())
    pattern = rf"(?<![\w.(\-–])(\d{{1,4}})(?:\s*\(\s*{i}\s*\)|\.{i})(?![\w.\-–])"
    m = re.search(pattern, entry.raw)
    if m is None or re.fullmatch(r"1[5-9]\d\d|20\d\d", m.group(1)):
        return None
    return m.group(1)


def issue_numbers_equal(printed: str, registered: str) -> bool:
    """'2 Suppl' == '2', 'Pt 1' == '1', 'Spec No' issues compare by their numbers."""
    p, r = number_tokens(printed), number_tokens(registered)
    if p and r:
        return p == r or set(p) <= set(r) or set(r) <= set(p)
    a = fold(_ISSUE_WORDS.sub(" ", printed))
    b = fold(_ISSUE_WORDS.sub(" ", registered))
    return a == b or not a or not b


def pages_in_raw(entry: RawEntry, pages: str, article_number: str) -> bool:
    """The registered first page or article number is printed in the entry."""
    firsts = [v for v in (expand_pages(pages)[0] if pages else "", article_number) if v]
    return any(entry.has_number(v) for v in firsts)


def phrase_forms(names: Iterable[str]) -> list[str]:
    """Distinct non-empty names, markup removed."""
    out: list[str] = []
    for name in names:
        clean = strip_markup(name).strip()
        if clean and clean not in out:
            out.append(clean)
    return out


def titles_equivalent(printed: str, registered: str) -> bool:
    """Same title up to case, punctuation, markup, Greek letters, spelling and subtitle.

    A title printed without its subtitle (cut at the subtitle's separator), or with a
    subtitle the registry lacks, is the same title; a title cut anywhere else is not.
    """
    p, r = title_key(printed), title_key(registered)
    if not p or not r:
        return False
    if p == r:
        return True
    main_r, main_p = title_key(main_title(registered)), title_key(main_title(printed))
    if len(p) >= 12 and p == main_r:
        return True
    return len(r) >= 12 and main_p == r


def shown_pairs(ctx: RuleContext) -> Iterator[tuple[Reference, Work]]:
    """Entries with their works, where the record shows in the entry's text at all.

    A record whose title and authors are both absent from the entry is not this entry's
    (a DOI that the matcher could not tell for wrong); comparing it field by field would
    only list its differences.
    """
    for ref, work in described_pairs(ctx):
        entry = RawEntry(ref.raw)
        names = [a.literal or a.family for a in work.authors if a.literal or a.family]
        if not work.title and not names:
            continue
        shown = (
            (work.title and entry.has_title(work.title))
            or any(entry.has_words(n) for n in names[:5])
            or (ref.fields.title and titles_equivalent(ref.fields.title, work.title))
            or (work.title and _overlap(entry, work.title) >= 0.6)
        )
        if shown:
            yield ref, work


def _overlap(entry: RawEntry, title: str) -> float:
    """The share of the title's words printed in the entry."""
    words = [w for w in fold(title).split() if len(w) > 3]
    return sum(f" {w} " in entry.folded for w in words) / len(words) if words else 0.0
