"""Candidate validation: does a registered work fit a printed entry, and how sure are we.

Modelled on Crossref's search-based matching with validation: the search engine proposes,
field comparisons decide. Each compared field gives a 0..1 agreement; the score is their
weighted mean over the fields both sides have. A candidate is accepted only when

- its title agrees (similarity >= MIN_TITLE after normalisation, or the printed title is the
  registered main title without its subtitle, or the reverse),
- its score is >= ACCEPT_SCORE,
- first author or year agrees (a title alone is not enough: many titles are generic), unless
  neither could be compared and the title is near-identical (>= SOLE_TITLE), and
- first author and year do not both disagree, and
- it is not an editorial notice (correction, retraction ...) unless the entry cites one.

The thresholds were set on fixtures/crossref: every example reference (parsed, and as raw
text only) must clear them against its own record while each look-alike (same first author and
similar title but another study, a correction notice, a made-up entry's near neighbours) stays
below; genuine matches score >= 0.9 there, the closest look-alike 0.66. Precision first: a
wrong match is worse than "not found". A calibration on a larger gold set is still to do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from refaudit.compare import (
    expand_pages,
    fields_text,
    fold,
    name_key,
    normalize_title,
    title_prefix_match,
    title_similarity,
    year_of,
)
from refaudit.model import Candidate, ParsedFields, Work
from refaudit.resolve.evidence import (
    CONTRADICTION,
    cites_container,
    explained,
    prepare,
    text_evidence,
)

MIN_TITLE = 0.80
ACCEPT_SCORE = 0.85
SOLE_TITLE = 0.95
OTHER_WORK_TITLE = 0.50  # below this the DOI's record is another work
MIN_RAW_TITLE = 25  # characters of a registered title needed to look for it in the raw entry
ACCEPT_POINTS = 5.5  # text-evidence points needed (benchmarks/xref_eval.py)
MARGIN = 1.5  # over the runner-up
# Chosen on a sample of the development strings (benchmarks/xref_eval.py, seed 1):
THIN_POINTS = 2.5  # fewer points suffice for an entry the record explains ...
THIN_MARGIN = 2.0  # ... when no other candidate comes near it
EXPLAINED = 0.8  # share of the entry's words the record must hold (evidence.explained)
CLOSE_MARGIN = 1.0  # a smaller lead suffices when the record explains the entry whole
CLOSE_EXPLAINED = 0.95
EXPLAINED_GAP = 0.05  # ... or when the runner-up explains that much less of the entry:
GAP_LEAD_FULL = 0.1  # then this lead suffices at ACCEPT_POINTS,
GAP_LEAD_THIN = 1.0  # and this one at THIN_POINTS
NOTICE_PENALTY = 4.0
WEIGHTS = {"title": 0.6, "author": 0.2, "year": 0.1, "volume": 0.05, "page": 0.05}

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d{2}|20\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Per-field agreement of one printed entry with one registered work."""

    title: float
    fields: tuple[tuple[str, float], ...]  # (field, agreement 0..1) for fields both sides have

    @property
    def score(self) -> float:
        total = sum(WEIGHTS[name] for name, _ in self.fields)
        return sum(WEIGHTS[name] * value for name, value in self.fields) / total if total else 0.0

    def agreement(self, name: str) -> float | None:
        return next((value for field, value in self.fields if field == name), None)

    @property
    def agreed(self) -> tuple[str, ...]:
        return tuple(name for name, value in self.fields if value >= _AGREE[name])

    @property
    def disagreed(self) -> tuple[str, ...]:
        return tuple(name for name, value in self.fields if value < _AGREE[name])


_AGREE = {"title": MIN_TITLE, "author": 0.99, "year": 0.69, "volume": 0.99, "page": 0.99}


def _title_agreement(printed: str | None, raw: str, work: Work) -> float:
    registered = work.title
    if not registered:
        return 0.0
    main = registered.split(":")[0]
    best = 0.0
    if printed:
        best = max(title_similarity(printed, registered), title_similarity(printed, main))
        if title_prefix_match(printed, registered):
            best = max(best, 0.95)
    # The parser may have cut the title wrongly: a long registered title found verbatim in the
    # entry's text counts too.
    norm = normalize_title(registered)
    if len(norm) >= MIN_RAW_TITLE and raw:
        contained = fuzz.partial_ratio(norm, normalize_title(raw)) / 100.0
        if contained >= 0.9:
            best = max(best, contained * 0.98)
    return best


def _surnames(work: Work) -> list[str]:
    return [name_key(a.family or a.literal) for a in work.authors if a.family or a.literal]


def _author_agreement(fields: ParsedFields, raw: str, work: Work) -> float | None:
    registered = _surnames(work)
    if not registered:
        return None
    printed = [name_key(a.family or a.literal) for a in fields.authors if a.family or a.literal]
    if printed:
        first = printed[0]
        if first == registered[0]:
            return 1.0
        # Compound surnames: "Yazar-Klosinski" printed as "Klosinski", particles dropped ...
        if len(first) >= 4 and (first in registered[0] or registered[0] in first):
            return 1.0
        if first in registered:
            return 0.5
        # A misspelt first author ("Peetemrans" for "Peetermans") is still that author.
        return 0.8 if len(first) >= 5 and fuzz.ratio(first, registered[0]) >= 80 else 0.0
    # No parsed authors: look for the registered first author near the start of the entry.
    head = f" {fold(raw[:200])} "
    return 1.0 if f" {fold(work.authors[0].family or work.authors[0].literal)} " in head else None


def _year_agreement(fields: ParsedFields, raw: str, work: Work) -> float | None:
    registered = {
        y
        for y in (
            work.year,
            year_of(work.issued),
            year_of(work.published_print),
            year_of(work.published_online),
        )
        if y
    }
    if not registered:
        return None
    printed = {fields.year} if fields.year else {int(y) for y in _YEAR.findall(raw)}
    if not printed:
        return None
    if printed & registered:
        return 1.0
    if any(abs(p - r) <= 1 for p in printed for r in registered):
        return 0.7
    return 0.0


def _plain(value: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (value or "").lower())


def _page_agreement(fields: ParsedFields, work: Work) -> float | None:
    printed = _plain(expand_pages(fields.pages)[0] if fields.pages else fields.article_number)
    registered = {
        _plain(expand_pages(work.pages)[0]) if work.pages else "",
        _plain(work.article_number),
    } - {""}
    if not printed or not registered:
        return None
    stripped = {r.lstrip("e") for r in registered}
    return 1.0 if printed in registered or printed.lstrip("e") in stripped else 0.0


def compare_work(fields: ParsedFields, raw: str, work: Work) -> Evidence:
    """How far each field of the printed entry agrees with the registered work."""
    title = _title_agreement(fields.title, raw, work)
    compared: list[tuple[str, float]] = [("title", title)]
    author = _author_agreement(fields, raw, work)
    if author is not None:
        compared.append(("author", author))
    year = _year_agreement(fields, raw, work)
    if year is not None:
        compared.append(("year", year))
    if _plain(fields.volume) and _plain(work.volume):
        compared.append(("volume", float(_plain(fields.volume) == _plain(work.volume))))
    page = _page_agreement(fields, work)
    if page is not None:
        compared.append(("page", page))
    return Evidence(title=title, fields=tuple(compared))


def acceptable(evidence: Evidence) -> bool:
    """The acceptance rule documented at the top of this module."""
    if evidence.title < MIN_TITLE or evidence.score < ACCEPT_SCORE:
        return False
    author, year = evidence.agreement("author"), evidence.agreement("year")
    if author is None and year is None:
        return evidence.title >= SOLE_TITLE
    if author is not None and year is not None and author < 0.5 and year < 0.5:
        return False
    return (author is not None and author >= 0.99) or (year is not None and year >= 0.69)


def candidate(
    fields: ParsedFields, raw: str, work: Work, search_score: float | None = None
) -> Candidate:
    """The work scored against the entry, with the fields that agreed and disagreed."""
    cand = _scored(fields, raw, work, search_score)[1]
    points = text_evidence(fields, search_text(raw) or fields_text(fields), work).points
    return replace(cand, score=max(cand.score, points_to_score(points)))


def _scored(
    fields: ParsedFields, raw: str, work: Work, search_score: float | None
) -> tuple[Evidence, Candidate]:
    evidence = compare_work(fields, raw, work)
    cand = Candidate(
        work=work,
        score=round(evidence.score, 4),
        search_score=search_score,
        agreed=evidence.agreed,
        disagreed=evidence.disagreed,
    )
    return evidence, cand


@dataclass(frozen=True, slots=True)
class Ranked:
    """One candidate with its text-evidence points and whether the entry contradicts it."""

    points: float
    candidate: Candidate
    against: bool  # some field of the entry contradicts the record
    identifies: bool  # the entry prints the record's title or venue, not only names and years
    titled: bool = False  # the entry prints the record's own title


def rank(
    fields: ParsedFields, raw: str, hits: Iterable[tuple[Work, float | None]]
) -> tuple[str, list[Ranked]]:
    """The entry's search text and its candidates, best first, each DOI once."""
    text = search_text(raw) or fields_text(fields)
    pairs = list(hits)
    # When the book an entry names is itself a candidate, its chapters are not what it cites.
    book = bool(fields.title) and any(
        title_similarity(fields.title or "", w.title) >= 0.85 for w, _ in pairs
    )
    ranked: list[Ranked] = []
    seen: set[str] = set()
    for work, search_score in pairs:
        if work.doi in seen:
            continue
        seen.add(work.doi)
        evidence = compare_work(fields, raw, work)
        found = text_evidence(fields, text, work)
        points = found.points + _type_bonus(fields, work)
        against = any(value < 0 for _, value in found.parts)
        if book and cites_container(fields, prepare(text), work):
            points -= CONTRADICTION["container-as-title"]
            against = True
        if is_notice(work.title) and _prints_other_title(fields, text):
            points -= NOTICE_PENALTY
            against = True
        cand = Candidate(
            work=work,
            score=points_to_score(points),
            search_score=search_score,
            agreed=evidence.agreed,
            disagreed=evidence.disagreed,
        )
        identifies = found.part("title") > 0 or found.part("container") > 0
        titled = found.part("title") > 0
        ranked.append(Ranked(points, cand, against, identifies, titled))
    ranked = _parts_over_wholes(ranked)
    ranked.sort(key=lambda item: item.points, reverse=True)
    return text, ranked


def _parts_over_wholes(ranked: list[Ranked]) -> list[Ranked]:
    """An entry that prints a chapter's own title as well as its book's cites the chapter: the
    book (a candidate whose title is that chapter's container) loses the points of its title."""
    parts = [
        r.candidate.work.container
        for r in ranked
        if r.candidate.work.container and r.titled and r.points > 0
    ]
    out: list[Ranked] = []
    for r in ranked:
        work = r.candidate.work
        whole = not work.container and any(title_similarity(work.title, c) >= 0.9 for c in parts)
        if whole:
            points = r.points - CONTRADICTION["container-as-title"]
            cand = replace(r.candidate, score=points_to_score(points))
            r = Ranked(points, cand, True, r.identifies, r.titled)
        out.append(r)
    return out


def accepts(text: str, ranked: Sequence[Ranked]) -> bool:
    """The acceptance rule for the best of `ranked` (documented in `choose`)."""
    if not ranked:
        return False
    top = ranked[0]
    # Points are sums of decimals: a lead of 0.99999... is a lead of 1.
    lead = round(top.points - (ranked[1].points if len(ranked) > 1 else 0.0), 6)
    if top.points >= ACCEPT_POINTS and lead >= MARGIN:
        return True
    whole = explained(text, top.candidate.work)
    if top.points >= ACCEPT_POINTS and lead >= CLOSE_MARGIN and whole >= CLOSE_EXPLAINED:
        return True  # a rival near it, but the entry prints nothing this record lacks
    if lead > 0 and whole >= CLOSE_EXPLAINED and not top.against and top.identifies:
        # The runner-up lacks words the entry prints ("Proceedings of ...", a year) that
        # the best holds: a smaller lead suffices.
        rival = explained(text, ranked[1].candidate.work) if len(ranked) > 1 else 0.0
        if whole - rival >= EXPLAINED_GAP and (
            (top.points >= ACCEPT_POINTS and lead >= GAP_LEAD_FULL)
            or (top.points >= THIN_POINTS and lead >= GAP_LEAD_THIN)
        ):
            return True
    # A thin entry (a journal, year and volume; a book's title and a year) that the record
    # explains whole, with nothing against it and no rival near it.
    return (
        top.points >= THIN_POINTS
        and lead >= THIN_MARGIN
        and not top.against
        and whole >= EXPLAINED
        and top.identifies
    )


def choose(
    fields: ParsedFields, raw: str, hits: Iterable[tuple[Work, float | None]], keep: int = 3
) -> tuple[Candidate | None, tuple[Candidate, ...]]:
    """The best acceptable candidate (or None) and up to `keep` runner-ups, best first.

    Candidates are ranked by their text evidence (resolve/evidence.py). The best is accepted
    when its points reach ACCEPT_POINTS and no other candidate comes within MARGIN of it (two
    records the entry fits equally well: the entry cannot tell them apart, so neither is
    claimed), and it is not an editorial notice unless the entry cites one. An entry that
    prints little (no title: a journal, a year, a volume) is accepted with fewer points
    (THIN_POINTS) when the record explains nearly all it prints (EXPLAINED), nothing in it
    contradicts the record, and no other candidate comes within THIN_MARGIN.
    """
    text, ranked = rank(fields, raw, hits)
    best = ranked[0].candidate if accepts(text, ranked) else None
    rest = [r.candidate for r in ranked if r.candidate is not best]
    return best, tuple(rest[:keep])


def _prints_other_title(fields: ParsedFields, text: str) -> bool:
    """The entry prints a title that is not an editorial notice's (an entry without a title
    cannot say whether it cites the notice or the article)."""
    title = fields.title or ""
    words = [w for w in fold(title).split() if len(w) >= 3 and w.isalpha()]
    return len(words) >= 2 and not is_notice(title) and not is_notice(text)


def points_to_score(points: float) -> float:
    """Text-evidence points as a 0..1 score: 0.5 at the acceptance threshold."""
    return round(1.0 / (1.0 + math.exp(-(points - ACCEPT_POINTS) / 2.0)), 4)


_NOTICE = re.compile(
    r"^(?:correction|erratum|corrigendum|retraction|retracted|notice of retraction|"
    r"expression of concern|withdrawal|withdrawn|addendum)\b"
)


def is_notice(title: str) -> bool:
    """True for the title of an editorial notice ("Correction to ...", "Retraction: ...")."""
    return bool(_NOTICE.match(fold(title)))


def _type_bonus(fields: ParsedFields, work: Work) -> float:
    # A preprint and its published version share title and authors: prefer the version whose
    # kind and venue the entry names.
    container = fold(fields.container or "")
    is_preprint = work.type in ("posted-content", "article") and not work.container
    if work.type == "posted-content" or is_preprint:
        named = container and fold(work.container or work.publisher) in container
        return 0.1 if named else -0.1
    if container and work.container and fold(work.container) == container:
        return 0.1
    return 0.0


def is_other_work(fields: ParsedFields, raw: str, work: Work) -> bool:
    """True when the record clearly is not the work the entry describes (a wrong DOI)."""
    evidence = compare_work(fields, raw, work)
    author, year = evidence.agreement("author"), evidence.agreement("year")
    title_known = bool(fields.title and len(normalize_title(fields.title).split()) >= 3)
    if title_known:
        return evidence.title < OTHER_WORK_TITLE
    return author is not None and year is not None and author < 0.5 and year < 0.5


# A list label at the start of an entry: "[1]", "(1)", "1.", "1 " before an initial, a label
# glued to the first word ("1Journal of ...") or to a year ("12014 IEEE ..."). Never a year
# itself ("2014. Humanitarian assistance").
_LABEL = re.compile(
    r"^\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}\.(?!\d)|\d{1,3}(?=\s+[A-Z]\.)|\d{1,3}(?=[A-Z][A-Za-z])"
    r"|\d{1,2}(?=(?:1[5-9]\d\d|20\d\d)(?!\d)))\s*"
)


def search_text(raw: str, remove: Sequence[str] = ()) -> str:
    """The entry's text for a bibliographic query: without DOIs, URLs and list labels."""
    text = re.sub(r"(?:https?://|www\.)\S+", " ", raw, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:doi:\s*)?10\.\d{4,9}/\S+", " ", text, flags=re.IGNORECASE)
    text = re.sub(
        r"\b(?:doi|available (?:at|from)|retrieved from)\s*:?\s*(?=\s|$)",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    text = _LABEL.sub("", text)
    for item in remove:
        text = text.replace(item, " ")
    return re.sub(r"\s+", " ", text).strip(" .,;")
