"""Text evidence: how much of a registered record an entry prints, in points for and against.

Search-based matching with validation, as Crossref describes it, checks each candidate's
fields against the reference string itself, not only against what a parser made of it: so an
entry printed without a title (`J. Chem. Phys. 119, 880 (2003)`), with words run together or
with a mis-parsed title can still be validated, and near-duplicates (a chapter and its book,
two papers of one team, one title in two years) are told apart by the fields they do not
share. Each field of the record found in the entry's text earns points in proportion to how
much it identifies the work (a long title more than a one-word one, a page number more than
an issue number); a field the entry prints differently costs points. The total is compared
with a threshold chosen on development data (benchmarks/xref_eval.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from refaudit.compare import expand_pages, fold, title_similarity, year_of
from refaudit.model import ParsedFields, Work

_TOKEN = re.compile(r"[0-9a-z]+")
_PLACEHOLDER = re.compile(r"&\w+;|n/?a|anon(?:ymous)?|\W*", re.IGNORECASE)  # names that name nobody
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d{2}|20\d{2})(?!\d)")
_GLUED = re.compile(r"[a-z]+|[0-9]+")
# Words that identify nothing in a title or a journal name.
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "its",
        "their",
        "is",
        "are",
        "la",
        "le",
        "les",
        "de",
        "des",
        "du",
        "der",
        "die",
        "das",
        "und",
        "el",
        "los",
        "en",
    ]
)

TITLE_MAX = 5.0  # a long title found whole
FIRST_AUTHOR = 2.5
OTHER_AUTHORS = 1.0
YEAR = 1.5
VOLUME = 1.5
ISSUE = 0.5
FIRST_PAGE = 2.0
LAST_PAGE = 0.5
NOISY = 0.6  # share of a number's points when it is found only with one misread character
MISSPELT = 0.8  # share of a word's weight when it is found with one letter wrong
TITLE_NUMBER = 1.0  # a number of the registered title that the entry does not print
CONTAINER = 2.0
CONTRADICTION = {
    "year": 2.5,
    "volume": 2.0,
    "issue": 1.0,
    "page": 2.0,
    "author": 1.5,
    "title": 3.0,
    "container-as-title": 2.0,
}


@dataclass(frozen=True, slots=True)
class Text:
    """An entry's text prepared once for comparing with many candidates."""

    tokens: frozenset[str]  # with the parts of words glued to numbers ("soil78": soil, 78)
    sequence: str  # the tokens in order, space-separated, with spaces at both ends
    squashed: str  # all tokens run together: survives words split or joined by noise
    head: str  # the first 200 characters, folded (where authors are printed)
    years: frozenset[int]
    joined_years: frozenset[int]  # years found only once digits split by a space are joined
    numbers: tuple[tuple[str, int], ...]  # how often each token occurs (a number may be two)
    rejoined: frozenset[str]  # tokens once digits split by a space are joined ("1 943": 1943)


@lru_cache(maxsize=256)
def prepare(raw: str) -> Text:
    folded = fold(raw)
    words = _TOKEN.findall(folded)
    parts = [p for w in words if not w.isdigit() and not w.isalpha() for p in _GLUED.findall(w)]
    return Text(
        tokens=frozenset(words) | frozenset(parts),
        sequence=f" {' '.join(p for w in words for p in _GLUED.findall(w))} ",
        squashed="".join(words),
        head=" ".join(_TOKEN.findall(fold(raw[:200]))),
        years=frozenset(int(y) for y in _YEAR.findall(raw)),
        joined_years=frozenset(int(y) for y in _YEAR.findall(re.sub(r"(?<=\d) (?=\d)", "", raw))),
        numbers=tuple(Counter(w for w in words if w.isdigit()).items()),
        rejoined=frozenset(_TOKEN.findall(fold(re.sub(r"(?<=\d) (?=\d)", "", raw)))),
    )


@dataclass(frozen=True, slots=True)
class TextEvidence:
    """Points for and against one candidate, field by field."""

    parts: tuple[tuple[str, float], ...]

    @property
    def points(self) -> float:
        return sum(value for _, value in self.parts)

    def part(self, name: str) -> float:
        return sum(value for field, value in self.parts if field == name)


def _words(text: str) -> list[str]:
    return [w for w in _TOKEN.findall(fold(text)) if w not in _STOP]


def _coverage(words: list[str], text: Text, abbreviations: bool = False) -> float:
    """Share of `words` found in the text (as tokens, or, for names of journals, as the
    abbreviations ISO 4 makes of them: 'chem' for 'chemical')."""
    if not words:
        return 0.0
    found = 0.0
    for w in words:
        if w in text.tokens:
            found += 1
        elif abbreviations and any(
            (len(t) >= 3 and w.startswith(t)) or (t == w[0] and len(w) > 3)
            for t in text.tokens
            if t[0] == w[0] and not t.isdigit()
        ):
            found += 0.8
        elif _misspelt(w, text):
            found += MISSPELT
    exact = found / len(words)
    squashed = "".join(words)
    # Noise: words split, joined or misspelt. (partial_ratio aligns the shorter string within
    # the longer: an entry shorter than the title would be found inside the title instead.)
    if exact < 0.9 and len(squashed) >= 12 and len(text.squashed) >= 0.9 * len(squashed):
        exact = max(exact, fuzz.partial_ratio(squashed, text.squashed) / 100.0 - 0.05)
    return min(1.0, exact)


def _misspelt(word: str, text: Text) -> bool:
    """`word` printed with one letter wrong, missing or added ("Teamher" for "Teacher")."""
    if len(word) < 5 or word.isdigit():
        return False
    return any(
        Levenshtein.distance(word, t, score_cutoff=1) <= 1
        for t in text.tokens
        if abs(len(t) - len(word)) <= 1 and not t.isdigit()
    )


def _title(fields: ParsedFields, text: Text, work: Work) -> tuple[str, float] | None:
    words = _words(work.title)
    if not words:
        return None
    # Words the title shares with the container are the container's evidence, not the title's.
    shared = set(_words(work.container)) if work.container else set()
    own = [w for w in words if w not in shared]
    weight = min(TITLE_MAX, 1.0 + 0.6 * len(set(own or words)))
    # A title made of the container's words, printed once, is mostly the container's evidence.
    if not own and max(text.sequence.count(f" {w} ") for w in words) < 2:
        weight /= 2
    cover = _coverage(own, text) if own and len(own) < len(words) else _coverage(words, text)
    if cover >= 0.6:
        # "Figure 2.7" is not "Figure 3.1", "Kapitel 5" not "Kapitel 9": the numbers of a
        # title tell apart the items of a series whose words are the same.
        numbers = {w for w in words if w.isdigit()}
        missing = [
            n
            for n in numbers
            if n not in text.tokens and n not in text.rejoined and not near_number(n, text)
        ]
        return ("title", weight * cover - TITLE_NUMBER * min(2, len(missing)))
    printed = fields.title or ""
    if cites_container(fields, text, work):
        return None  # the entry names the book, not the chapter: see resolve/match.py
    lettered = [w for w in _words(printed) if len(w) >= 3 and w.isalpha()]
    if len(lettered) >= 3 and title_similarity(printed, work.title) < 0.5:
        main = work.title.split(":")[0]
        if (
            title_similarity(printed, main) < 0.5
            and _coverage(_lettered(printed), _prepared(work)) < 0.5
        ):
            return ("title", -CONTRADICTION["title"])
    return None


def _lettered(text: str) -> list[str]:
    """The words of `text` that are words: no numbers, no initials (a title the parser read
    with the entry's volume and pages in it)."""
    return [w for w in _words(text) if len(w) > 1 and not w.isdigit()]


def cites_container(fields: ParsedFields, text: Text, work: Work) -> bool:
    """The entry's title is the name of the book this part of a book belongs to, and the entry
    prints no page of the part: it may cite the book itself."""
    printed = fields.title or ""
    first_page = _plain(expand_pages(work.pages)[0]) if work.pages else ""
    return bool(
        work.type not in ("journal-article", "proceedings-article")
        and printed
        and work.container
        and not (first_page and first_page in text.tokens)
        and title_similarity(printed, work.container) >= 0.85
    )


def _prepared(work: Work) -> Text:
    return prepare(
        " ".join([work.title, work.container, *(a.family or a.literal for a in work.authors)])
    )


def _surname_found(name: str, text: Text) -> float:
    if _PLACEHOLDER.fullmatch(name.strip()):
        return 0.0
    words = _TOKEN.findall(fold(name))
    if not words:
        return 0.0
    if all(w in text.tokens for w in words):
        return 1.0
    joined = "".join(words)
    if len(joined) >= 4 and joined in text.squashed:
        return 1.0
    if len(joined) >= 5 and fuzz.partial_ratio(joined, text.head.replace(" ", "")) >= 85:
        return 0.6
    return 0.0


def _surname_near(name: str, text: Text) -> bool:
    """A surname printed with a typo or two ("RaUhavaX" for Raghavan): not evidence for the
    record, but no evidence against it either."""
    joined = "".join(_TOKEN.findall(fold(name)))
    if len(joined) < 4:
        return False
    return max(fuzz.ratio(joined, w) for w in text.head.split() or [""]) >= 70 or (
        len(joined) >= 6 and fuzz.partial_ratio(joined, text.head.replace(" ", "")) >= 70
    )


def _authors(fields: ParsedFields, text: Text, work: Work) -> list[tuple[str, float]]:
    names = [a.family or a.literal for a in work.authors if a.family or a.literal]
    names = [n for n in names if not _PLACEHOLDER.fullmatch(n.strip())]
    if not names:
        return []
    first = _surname_found(names[0], text)
    out: list[tuple[str, float]] = []
    if first:
        out.append(("author", FIRST_AUTHOR * first))
    elif (
        any(a.family or a.literal for a in fields.authors)
        and not any(_surname_found(n, text) for n in names[1:4])
        and not _surname_near(names[0], text)
    ):
        out.append(("author", -CONTRADICTION["author"]))
    others = names[1:10]
    if others:
        share = sum(_surname_found(n, text) for n in others) / len(others)
        out.append(("authors", OTHER_AUTHORS * share))
    return out


def _year(text: Text, work: Work) -> tuple[str, float] | None:
    registered = {
        y for y in (work.year, year_of(work.published_print), year_of(work.published_online)) if y
    }
    if not registered:
        return None
    # Years printed inside the registered title are not the entry's year.
    in_title = {int(y) for y in _YEAR.findall(work.title)}
    printed = text.years - in_title
    if not printed:
        joined = text.joined_years - in_title
        if joined & registered:
            return ("year", YEAR * 0.75)
        misread = any(near_number(str(y), text) for y in registered)
        return ("year", YEAR * NOISY) if misread else None
    if printed & registered:
        return ("year", YEAR)
    if any(abs(p - r) <= 1 for p in printed for r in registered):
        return ("year", YEAR / 2)  # online and print a year apart
    return ("year", -CONTRADICTION["year"])


def _plain(value: str | None) -> str:
    return "".join(_TOKEN.findall(fold(value or "")))


def _number(
    name: str, registered: str, printed: str | None, text: Text, points: float
) -> tuple[str, float] | None:
    reg = _plain(registered)
    if not reg:
        return None
    words = _TOKEN.findall(fold(registered))
    # "40-2459" is two tokens of the entry
    if reg in text.tokens or (len(words) > 1 and f" {' '.join(words)} " in text.sequence):
        return (name, points if len(reg) >= 2 else points / 2)
    if near_number(reg, text):
        return (name, points * NOISY)
    if printed and _plain(printed) and _plain(printed) != reg:
        candidates = {_plain(printed)} | {
            t
            for t in text.tokens | text.rejoined
            if len(reg) <= len(t) <= len(reg) + 1 and not t.isdigit() and not t.isalpha()
        }
        if any(garbled(t, reg) for t in candidates):
            return None  # printed with a letter for a digit: noise, neither for nor against
        return (name, -CONTRADICTION.get(name, 0.0))
    return None


def garbled(printed: str, registered: str) -> bool:
    """`printed` is `registered` with one character misread as a letter or one letter
    inserted ("2w" for "28", "w288" for "s288", "f67" for "67")."""
    if len(printed) == len(registered):
        wrong = [(a, b) for a, b in zip(printed, registered, strict=True) if a != b]
        return len(wrong) == 1 and not (wrong[0][0].isdigit() and wrong[0][1].isdigit())
    if len(printed) == len(registered) + 1:
        return any(
            printed[i].isalpha() and printed[:i] + printed[i + 1 :] == registered
            for i in range(len(printed))
        )
    return False


def near_number(number: str, text: Text) -> bool:
    """`number` printed with one character misread as a letter ("20l1", "K79"), one letter
    inserted ("11e5") or split by a space ("1 943"): OCR and typing noise."""
    if len(number) < 3 or not number.isdigit():
        return False
    if number in text.rejoined:
        return True
    for token in text.tokens | text.rejoined:
        if len(token) == len(number):
            wrong = [(a, b) for a, b in zip(token, number, strict=True) if a != b]
            if len(wrong) == 1 and wrong[0][0].isalpha():
                return True
        elif (
            len(token) == len(number) + 1
            and not token.isdigit()
            and any(
                token[i].isalpha() and token[:i] + token[i + 1 :] == number
                for i in range(len(token))
            )
        ):
            return True
    return False


def _pages(fields: ParsedFields, text: Text, work: Work) -> list[tuple[str, float]]:
    first, last = expand_pages(work.pages) if work.pages else ("", "")
    halves = work.pages.split("-")
    if len(halves) == 4 and halves[:2] == halves[2:]:  # "26-6092-26-6092": one hyphenated page
        first = last = "-".join(halves[:2])
    first = first or work.article_number
    printed = expand_pages(fields.pages)[0] if fields.pages else fields.article_number
    out: list[tuple[str, float]] = []
    found = _number("page", first, printed, text, FIRST_PAGE)
    same = _plain(first) == _plain(work.volume) and _plain(first).isdigit()
    if found is not None and found[1] > 0 and same and dict(text.numbers).get(_plain(first), 0) < 2:
        found = None  # the one number printed is the volume
    if found is None:
        return out
    out.append(found)
    lasts = _plain(last)
    if found[1] > 0 and lasts and lasts != _plain(first) and lasts in text.tokens:
        out.append(("last-page", LAST_PAGE))
    return out


def _container(text: Text, work: Work) -> tuple[str, float] | None:
    names = [n for n in (work.container, work.short_container) if n]
    best = 0.0
    for name in names:
        words = _words(name)
        if words:
            cover = _coverage(words, text, abbreviations=True)
            weight = CONTAINER if len(words) >= 2 else CONTAINER * 0.75
            best = max(best, weight * cover if cover >= 0.6 else 0.0)
    return ("container", best) if best else None


def _issue(fields: ParsedFields) -> str | None:
    """The printed issue when it can contradict a record: a short number (a parser may take a
    split year or a page for the issue)."""
    issue = (fields.issue or "").strip()
    return issue if issue.isdigit() and len(issue) <= 3 and issue != fields.volume else None


def text_evidence(fields: ParsedFields, raw: str, work: Work) -> TextEvidence:
    """The points the entry's text and parsed fields give `work`, field by field."""
    text = prepare(raw)
    parts: list[tuple[str, float]] = []
    for item in (
        _title(fields, text, work),
        _year(text, work),
        _number("volume", work.volume, fields.volume, text, VOLUME),
        _number("issue", work.issue, _issue(fields), text, ISSUE),
        _container(text, work),
    ):
        if item is not None:
            parts.append(item)
    parts.extend(_authors(fields, text, work))
    parts.extend(_pages(fields, text, work))
    return TextEvidence(tuple(parts))


# Words of an entry that name no field of a work: labels, "n.d.", editors' marks, page marks.
_FILLER = frozenset(
    ["nd", "ed", "eds", "editor", "editors", "edn", "edition", "pp", "p", "vol", "no", "in"]
) | frozenset(  # months and seasons: the date of an issue, which records hold as numbers
    _TOKEN.findall(
        "january february march april may june july august september october november "
        "december jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall "
        "winter"
    )
)


def _record_text(work: Work) -> Text:
    names = [n for a in work.authors for n in (a.family, a.given, a.literal) if n]
    return prepare(
        " ".join(
            [
                work.title,
                work.container,
                work.short_container,
                *names,
                work.volume,
                work.issue,
                work.pages,
                work.article_number,
                work.publisher,
                *(str(y) for y in (work.year, year_of(work.published_print)) if y),
                *(str(y) for y in (year_of(work.published_online),) if y),
            ]
        )
    )


def _misread(word: str, record: Text) -> bool:
    """A word of the entry that is a word or number of the record with noise in it."""
    if any(c.isdigit() for c in word):
        return any(near_number(n, prepare(word)) for n in record.tokens if n.isdigit())
    return len(word) >= 4 and fuzz.partial_ratio(word, record.squashed) >= 80


def explained(raw: str, work: Work) -> float:
    """Share of the entry's words (by length) that are words of the record: 1.0 when the entry
    prints nothing the record does not hold. A thin entry (a journal, a year and a volume) is
    evidence for a record only when it says nothing else."""
    text = prepare(raw)
    record = _record_text(work)
    total = found = 0.0
    for word in text.sequence.split():
        if word in _STOP or word in _FILLER or len(word) == 1:
            continue
        weight = float(len(word))
        total += weight
        if word in record.tokens or (len(word) >= 4 and word in record.squashed):
            found += weight
        elif _misread(word, record):
            found += weight * NOISY
    return found / total if total else 0.0
