"""Author lists compared surname by surname: particles, initials, truncation and order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

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


def compare_authors(
    printed: Sequence[Author], registered: Sequence[Author], et_al: bool
) -> AuthorProblems:
    """The differences between a printed and a registered author list."""
    head = list(printed)
    problems: list[str] = []
    if et_al and len(head) >= 2 and len(registered) > len(head):
        # APA 6/7 truncation: the first authors, "...", then the last author.
        last = head[-1]
        if surname_relation(last, registered[-1]) == "same":
            if surname_relation(last, registered[len(head) - 1]) != "same":
                head = head[:-1]
        elif any(surname_relation(last, r) == "same" for r in registered[len(head) :]):
            head = head[:-1]
            final = registered[-1].literal or registered[-1].family
            problems.append(
                f"the author after the omission should be the last author '{final}', "
                f"not '{last.literal or last.family}'"
            )
    used: set[int] = set()
    matched: list[int] = []
    first_wrong = False
    for i, p in enumerate(head):
        found: tuple[int, str] | None = None
        for wanted in ("same", "close"):
            # Prefer the expected position, then any free position.
            order = [i, *range(len(registered))] if i < len(registered) else range(len(registered))
            for j in order:
                if j not in used and surname_relation(p, registered[j]) == wanted:
                    found = (j, wanted)
                    break
            if found:
                break
        label = p.literal or p.family
        if found is None:
            problems.append(f"'{label}' is not an author of the work")
            first_wrong = first_wrong or i == 0
            continue
        j, how = found
        used.add(j)
        matched.append(j)
        r = registered[j]
        if how == "close":
            problems.append(f"'{label}' should be '{r.family}'")
        elif not (p.literal or r.literal):
            pi, ri = initials(p.given), initials(r.given)
            if pi and ri and pi[0] != ri[0]:
                problems.append(
                    f"'{label}, {p.given}' has other initials than '{r.family}, {r.given}'"
                )
        if i == 0 and j != 0:
            first_wrong = True
    if matched != sorted(matched):
        problems.append("the authors are in another order than registered")
    # With "et al." the registered authors after the last printed one may be left out.
    limit = max(matched, default=-1) if et_al else len(registered)
    missing = [r for j, r in enumerate(registered) if j not in used and j < limit]
    if missing:
        names = ", ".join(a.literal or a.family for a in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        problems.append(f"missing {names}{more}")
    return AuthorProblems(tuple(problems), first_wrong)
