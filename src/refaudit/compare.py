"""Pure text comparison shared by matching and checks: titles, names, pages, years."""

from __future__ import annotations

import html
import re
import unicodedata

from rapidfuzz import fuzz

from refaudit.model import ParsedFields

_TAGS = re.compile(r"<[^>]+>")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
# British -> American spellings that differ only by a suffix pattern.
_SPELLING = (
    (re.compile(r"(\w{3,})is(e|ed|es|ing|ation|ations)\b"), r"\1iz\2"),
    (re.compile(r"(\w{2,})our\b"), r"\1or"),
    (re.compile(r"(\w{3,})tre\b"), r"\1ter"),
    (re.compile(r"\bana?emia"), "anemia"),
    (re.compile(r"\bo?estrogen"), "estrogen"),
    (re.compile(r"\bpa?ediatric"), "pediatric"),
    (re.compile(r"\bhaem"), "hem"),
    (re.compile(r"\bfo?etal"), "fetal"),
)


def strip_markup(text: str) -> str:
    """Remove HTML/JATS tags and entities: '<i>E. coli</i> &amp;' -> 'E. coli &'."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", text))).strip()


def fold(text: str) -> str:
    """Lower-case, strip diacritics and markup; keep letters, digits and single spaces."""
    text = strip_markup(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("đ", "d")
    text = _NON_WORD.sub(" ", text.lower().replace("_", " "))
    return _SPACE.sub(" ", text).strip()


def normalize_title(text: str) -> str:
    """A title folded for comparison: case, punctuation, markup, diacritics, UK/US spelling."""
    folded = fold(text)
    for pattern, repl in _SPELLING:
        folded = pattern.sub(repl, folded)
    return folded


def title_similarity(a: str, b: str) -> float:
    """0..1 similarity of two titles after normalisation (token order matters little)."""
    na, nb = normalize_title(a), normalize_title(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return max(fuzz.ratio(na, nb), fuzz.token_sort_ratio(na, nb)) / 100.0


def title_prefix_match(printed: str, registered: str) -> bool:
    """True when the printed title is the registered main title (subtitle dropped) or vice versa."""
    p, r = normalize_title(printed), normalize_title(registered)
    return bool(p and r) and (r.startswith(p) or p.startswith(r)) and min(len(p), len(r)) >= 12


def name_key(name: str) -> str:
    """A surname folded for comparison: 'Müller-Lüdenscheidt' -> 'mullerludenscheidt'."""
    return fold(name).replace(" ", "")


def expand_pages(pages: str) -> tuple[str, str]:
    """(first, last) page with abbreviated ends expanded: '1181-97' -> ('1181', '1197')."""
    s = pages.strip().replace("–", "-").replace("—", "-").replace("‐", "-")
    s = re.sub(r"\s*-+\s*", "-", s)
    first, _, last = s.partition("-")
    first, last = first.strip(), last.strip()
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def year_of(date: str) -> int | None:
    """The year of an ISO date ('2018-06-01', '2018') or None."""
    m = re.match(r"^(\d{4})", date or "")
    return int(m.group(1)) if m else None


def fields_text(fields: ParsedFields) -> str:
    """Parsed fields as one line in a citation's usual order (for search and validation)."""
    names = ", ".join(a.family or a.literal for a in fields.authors if a.family or a.literal)
    parts = [
        names,
        f"({fields.year})" if fields.year else "",
        fields.title or "",
        fields.container or "",
        fields.volume or "",
        f"({fields.issue})" if fields.issue else "",
        fields.pages or fields.article_number or "",
    ]
    return " ".join(p for p in parts if p)
