"""Author lists compared surname by surname: particles, initials, truncation and order."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from refaudit.check.evidence import RawEntry
from refaudit.compare import fold
from refaudit.model import Author

_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos"}
    | {"das", "ten", "ter", "bin", "al", "el", "zu", "vom", "st", "mac"}
)
_MAX_LISTED = 20


def _surname_tokens(a: Author) -> list[str]:
    tokens = fold(a.literal or a.family).split()
    core = [t for t in tokens if t not in _PARTICLES]
    return core or tokens


def initials(given: str) -> str:
    """'Katrin H.' -> 'KH'; 'Jean-Paul' -> 'JP'; diacritics folded."""
    return "".join(t[0] for t in fold(given).split() if t).upper()


def surname_relation(printed: Author, registered: Author) -> str:
    """'same', 'close' (a misspelling) or 'different'."""
    if printed.literal or registered.literal:
        p = fold(printed.literal or f"{printed.given} {printed.family}")
        r = fold(registered.literal or f"{registered.given} {registered.family}")
        if p == r or (p and r and (p in r or r in p)) or fuzz.ratio(p, r) >= 90:
            return "same"
        return "different"
    pt, rt = _surname_tokens(printed), _surname_tokens(registered)
    pk, rk = "".join(pt), "".join(rt)
    if not pk or not rk:
        return "different"
    if pk == rk or set(pt) <= set(rt) or set(rt) <= set(pt):
        return "same"
    if min(len(pk), len(rk)) >= 4 and fuzz.ratio(pk, rk) >= 80:
        return "close"
    return "different"


def format_authors(authors: Sequence[Author], et_al: bool = False) -> str:
    """'Pokorny, T., Preller, K. H., ... Vollenweider, F. X.' (20 listed at most)."""

    def one(a: Author) -> str:
        if a.literal:
            return a.literal
        ini = " ".join(f"{c}." for c in initials(a.given))
        return f"{a.family}, {ini}" if ini else a.family

    if len(authors) > _MAX_LISTED:
        shown = [one(a) for a in authors[: _MAX_LISTED - 1]]
        text = ", ".join(shown) + ", ... " + one(authors[-1])
    else:
        text = ", ".join(one(a) for a in authors)
    return text + (", et al." if et_al else "")


@dataclass(frozen=True, slots=True)
class AuthorProblems:
    """What differs between two author lists, and whether the first author is wrong."""

    problems: tuple[str, ...]
    first_wrong: bool


def _keys(a: Author) -> list[str]:
    """The folded words that must be printed for this registered author to be there."""
    if a.literal:
        return [w for w in fold(a.literal).split() if len(w) > 2][:4] or fold(a.literal).split()
    return _surname_tokens(a)


def _name_words(authors: Sequence[Author]) -> set[str]:
    words: set[str] = set()
    for a in authors:
        words.update(fold(f"{a.literal} {a.family} {a.given}").split())
    return words


def _close_span(entry: RawEntry, key: str, size: int) -> str | None:
    """A run of `size` printed words that is a misspelling of the surname `key`."""
    tokens = entry.tokens
    best: tuple[float, str] | None = None
    for i in range(len(tokens) - size + 1):
        span = "".join(tokens[i : i + size])
        if len(span) < 4 or span == key:
            continue
        ratio = fuzz.ratio(span, key)
        if ratio >= 80 and (best is None or ratio > best[0]):
            best = (ratio, " ".join(tokens[i : i + size]))
    return best[1] if best else None


def _display(span: str, printed: Sequence[Author]) -> str:
    for p in printed:
        if fold(p.literal or p.family) == span:
            return p.literal or p.family
    return span


_ELLIPSIS = re.compile(r"\.\.\.|…")


def _after_omission(
    entry: RawEntry, printed: Sequence[Author], people: Sequence[Author]
) -> str | None:
    """APA's omission ("first authors, ..., last author"): the name after it must be the
    registered last author."""
    at = _ELLIPSIS.search(entry.raw)
    named = [p for p in printed if p.family]
    if at is None or len(named) < 2 or len(people) <= len(named):
        return None
    last = named[-1]
    tail = RawEntry(entry.raw[at.end() :])
    if not tail.has_words(last.family) or surname_relation(last, people[-1]) == "same":
        return None
    if not any(surname_relation(last, r) == "same" for r in people[:-1]):
        return None
    final = people[-1].literal or people[-1].family
    return f"the author after the omission should be the last author '{final}', not '{last.family}'"


def _present(
    entry: RawEntry, a: Author, others: frozenset[str] = frozenset()
) -> tuple[bool, list[str]]:
    """Whether the registered author's surname is printed, and the words that showed it.

    `others` are the name words of the other registered authors: a part of a compound
    surname that is also another author's name ("Leong" of "Ban-Leong Ooi" for "Mook-Seng
    Leong") shows nothing.
    """
    keys = _keys(a)
    if keys and all(f" {k} " in entry.folded for k in keys):
        return True, keys
    if len(keys) >= 2:
        # A compound surname printed in part: "García" for "García Márquez"; not when the
        # whole surname is printed misspelt ("Regueiro-Flogueira" for "Regueiro-Folgueira").
        part = [k for k in keys if len(k) >= 4 and k not in others and f" {k} " in entry.folded]
        if part and _close_span(entry, "".join(keys), len(keys)) is None:
            return True, part
    return False, keys


def _first_position(entry: RawEntry, a: Author) -> int:
    keys = _keys(a)
    return entry.folded.find(f" {keys[0]} ") if keys else -1


def align_authors(
    entry: RawEntry,
    printed: Sequence[Author],
    registered: Sequence[Author],
    et_al: bool,
) -> AuthorProblems:
    """The differences between the registered authors and what the entry prints.

    Judged from the raw text, not from the parsed names: a registered author is there when
    the surname's words are printed (any case, diacritics, particles, given-name order); a
    parse that split "Gil León, José Mauricio" wrongly makes no difference.
    """
    truncated = et_al or entry.truncated_authors
    people = [a for a in registered if a.family or a.literal]
    limit = len(people)
    problems: list[str] = []
    first_wrong = False
    cursor = 0
    found_positions: list[int] = []
    out_of_order = False
    seen: set[str] = set()
    gap_allowed = truncated and _ELLIPSIS.search(entry.raw) is not None
    keyed = [
        _present(entry, a, frozenset(_name_words([o for o in people if o is not a])))
        for a in people
    ]
    # Later authors the entry shows: a surname that an earlier author shares proves nothing,
    # nor one that is another author's given name ("Huang" of "Chang, Huang-Chou et al.").
    given = [set(fold(a.given).split()) for a in people]
    present_at = [
        i
        for i, (ok, keys) in enumerate(keyed)
        if ok
        and keys != []
        and all(keyed[j][1] != keys for j in range(i))
        and not any(set(keys) <= g for j, g in enumerate(given) if j != i)
    ]

    def reportable(i: int) -> bool:
        # A full list must print every author; a truncated one ("et al.", "A, B, ... Z")
        # only those before a later author it prints (the last author after an omission
        # does not count: APA prints it after "...").
        if not truncated or i == 0:
            return True
        return any(j > i and j < len(people) - 1 for j in present_at)

    for i, a in enumerate(people):
        present, keys = keyed[i]
        phrase = " ".join(keys)
        if present:
            at = entry.folded.find(f" {phrase} ", cursor)
            if at < 0:
                at = entry.folded.find(f" {keys[0]} ", cursor)
            if at >= 0:
                found_positions.append(at)
                cursor = at + 1
            elif phrase in seen:
                # A second author of the same surname, printed once: absent, not misplaced.
                if reportable(i):
                    problems.append(f"missing {a.family}")
            elif not a.literal and (not truncated or present_at[-1] > i):
                out_of_order = True
            seen.add(phrase)
            continue
        if a.literal or not reportable(i):
            # Inside a truncation an absent author is the style's; an organisation may be
            # printed in another form.
            continue
        close = _close_span(entry, "".join(keys), len(keys))
        if close is not None:
            problems.append(f"'{_display(close, printed)}' should be '{a.family}'")
        else:
            problems.append(f"missing {a.family}")
            first_wrong = first_wrong or i == 0
    if out_of_order:
        problems.append("the authors are in another order than registered")
        first_at = _first_position(entry, people[0]) if people else -1
        others = [_first_position(entry, a) for a in people[1:limit]]
        first_wrong = first_wrong or first_at < 0 or any(0 <= p < first_at for p in others)
    omission = _after_omission(entry, printed, people) if gap_allowed else None
    if omission:
        problems.append(omission)
    registered_words = _name_words(people)
    last_found = max(found_positions, default=-1)
    for p in printed:
        if p.literal or not p.family:
            continue
        words = _surname_tokens(p)
        if not words or set(words) <= registered_words or not entry.has_words(p.family):
            continue
        # Only a name printed among the registered authors is an extra author; names after
        # them (editors, translators) or a parse of other text are not.
        if entry.folded.find(f" {' '.join(words)} ") > last_found:
            continue
        if any(surname_relation(p, r) != "different" for r in people):
            continue
        problems.append(f"'{p.family}' is not an author of the work")
    missing = [x for x in problems if x.startswith("missing ")]
    if len(missing) > 1:
        names = [x.removeprefix("missing ") for x in missing]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        problems = [x for x in problems if not x.startswith("missing ")] + [f"missing {shown}"]
    return AuthorProblems(tuple(problems), first_wrong)
