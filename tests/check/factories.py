"""Small builders for rule tests, and hand-written works of the example articles' references."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from refaudit.check.base import Rule, RuleContext
from refaudit.model import (
    Author,
    Candidate,
    Citation,
    Document,
    Finding,
    ParsedFields,
    Reference,
    Resolution,
    ResolutionStatus,
    Work,
)


def authors(*names: str) -> tuple[Author, ...]:
    """'Pokorny, T.' -> Author('Pokorny', 'T.'); a name without comma is an organisation."""
    out = []
    for name in names:
        if "," in name:
            family, given = name.split(",", 1)
            out.append(Author(family.strip(), given.strip()))
        else:
            out.append(Author("", literal=name))
    return tuple(out)


def render(f: ParsedFields) -> str:
    """The entry as an APA-like line printing exactly the parsed fields (the raw text the
    parse came from, for rules that look for evidence in the entry's own text)."""
    names = [a.literal or f"{a.family}, {a.given}".strip(", ") for a in f.authors]
    if f.et_al and len(names) >= 7:  # APA 6/7 truncation: first authors, ..., last author
        who = ", ".join(names[:-1]) + ", ... " + names[-1]
    else:
        who = ", ".join(names) + (", et al." if f.et_al else "")
    year = f"{f.year}{f.year_suffix}" if f.year else f.year_note or "n.d."
    parts = [f"{who} ({year})." if who else f"({year})."]
    if f.title:
        parts.append(f"{f.title}.")
    locator = ", ".join(
        p
        for p in (
            f.container,
            (f.volume or "") + (f"({f.issue})" if f.issue else ""),
            f.pages or f.article_number,
        )
        if p
    )
    if locator:
        parts.append(f"{locator}.")
    if f.doi:
        parts.append(f"https://doi.org/{f.doi}")
    return " ".join(parts)


def with_fields(ref: Reference, **changes: Any) -> Reference:
    """The entry with some parsed fields changed, and its raw text printing them."""
    names = changes.pop("authors", None)
    if names and isinstance(names[0], str):
        names = authors(*names)
    if names is not None:
        changes["authors"] = tuple(names)
    parsed = replace(ref.fields, **changes)
    return replace(ref, fields=parsed, raw=render(parsed))


def make_reference(n: int = 1, line: int | None = None, raw: str = "", **fields: Any) -> Reference:
    """A parsed entry; `authors` may be given as strings ('Pokorny, T.'). Without `raw`, the
    raw text is rendered from the fields."""
    names = fields.pop("authors", ())
    if names and isinstance(names[0], str):
        names = authors(*names)
    parsed = ParsedFields(authors=tuple(names), **fields)
    return Reference(
        n=n, line=line if line is not None else 10 + n, raw=raw or render(parsed), fields=parsed
    )


def make_work(doi: str = "10.1234/example", **kw: Any) -> Work:
    names = kw.pop("authors", ())
    if names and isinstance(names[0], str):
        names = authors(*names)
    kw.setdefault("type", "journal-article")
    return Work(doi=doi, authors=tuple(names), **kw)


def make_resolution(
    work: Work | None,
    status: ResolutionStatus = ResolutionStatus.VERIFIED,
    **kw: Any,
) -> Resolution:
    return Resolution(status=status, work=work, doi=work.doi if work else None, **kw)


def make_citation(sentence: str, *refs: int, line: int = 3, text: str = "", **kw: Any) -> Citation:
    return Citation(line=line, text=text or sentence[:20], sentence=sentence, references=refs, **kw)


def make_context(
    references: tuple[Reference, ...] | list[Reference] = (),
    resolutions: tuple[Resolution | None, ...] | list[Resolution | None] | None = None,
    citations: tuple[Citation, ...] | list[Citation] = (),
    *,
    offline: bool = False,
    vocabulary_files: tuple[str, ...] = (),
    **doc: Any,
) -> RuleContext:
    refs = tuple(references)
    # Resolutions are given in the order of `references`; the context indexes them by `n`.
    slots: list[Resolution | None] = [None] * max((r.n for r in refs), default=0)
    for ref, resolution in zip(refs, resolutions or (), strict=False):
        slots[ref.n - 1] = resolution
    res = tuple(slots)
    document = Document(
        path="article.md",
        format=doc.pop("format", "markdown"),
        lines=(),
        references=refs,
        citations=tuple(citations),
        **doc,
    )
    return RuleContext(
        document=document, resolutions=res, offline=offline, vocabulary_files=vocabulary_files
    )


def run(rule: type[Rule], ctx: RuleContext) -> list[Finding]:
    """Every finding of `rule` in the context."""
    return list(rule().check(ctx))


# A complete journal-article entry, as parsed fields for make_reference.
FULL_FIELDS: dict[str, Any] = {
    "authors": ("Smith, J.",),
    "year": 2020,
    "title": "A study of things",
    "container": "Journal of Things",
    "volume": "3",
    "pages": "1-10",
}


def candidate(work: Work, score: float) -> Candidate:
    return Candidate(work=work, score=score)


# Works of the example articles, written from the verified facts of their references.
POKORNY = make_work(
    "10.1093/ijnp/pyx047",
    title="Effect of Psilocybin on Empathy and Moral Decision-Making",
    authors=(
        "Pokorny, Thomas",
        "Preller, Katrin H.",
        "Kometer, Michael",
        "Dziobek, Isabel",
        "Vollenweider, Franz X.",
    ),
    year=2017,
    issued="2017-06-16",
    published_online="2017-06-16",
    published_print="2017-09-01",
    container="International Journal of Neuropsychopharmacology",
    short_container="Int J Neuropsychopharmacol",
    volume="20",
    issue="9",
    pages="747-757",
    abstract=(
        "We investigated the acute effect of psilocybin (0.215 mg/kg p.o.) in healthy human "
        "subjects on different facets of empathy and hypothetical moral decision-making. "
        "Psilocybin significantly increased emotional, but not cognitive empathy compared "
        "with placebo."
    ),
)
MASON = make_work(
    "10.1080/02791072.2019.1580804",
    title="Sub-Acute Effects of Psilocybin on Empathy, Creative Thinking, and Subjective "
    "Well-Being",
    authors=("Mason, Natasha L.", "Mischler, Elisabeth", "Uthaug, Malin V.", "Kuypers, Kim P. C."),
    year=2019,
    issued="2019-02-26",
    published_online="2019-02-26",
    published_print="2019",
    container="Journal of Psychoactive Drugs",
    short_container="J Psychoactive Drugs",
    volume="51",
    issue="2",
    pages="123-134",
)
MITHOEFER = make_work(
    "10.1016/s2215-0366(18)30135-4",
    title="3,4-methylenedioxymethamphetamine (MDMA)-assisted psychotherapy for post-traumatic "
    "stress disorder in military veterans, firefighters, and police officers: a randomised, "
    "double-blind, dose-response, phase 2 clinical trial",
    authors=(
        "Mithoefer, Michael C.",
        "Mithoefer, Ann T.",
        "Feduccia, Allison A.",
        "Jerome, Lisa",
        "Wagner, Mark",
        "Wymer, Joy",
        "Holland, Julie",
        "Hamilton, Scott",
        "Yazar-Klosinski, Berra",
        "Emerson, Amy",
        "Doblin, Rick",
    ),
    year=2018,
    issued="2018-05",
    published_online="2018-05",
    published_print="2018-06",
    container="The Lancet Psychiatry",
    short_container="Lancet Psychiatry",
    volume="5",
    issue="6",
    pages="486-497",
)
CARHART_HARRIS = make_work(
    "10.1007/s00213-017-4771-x",
    title="Psilocybin with psychological support for treatment-resistant depression: "
    "six-month follow-up",
    authors=(
        "Carhart-Harris, R. L.",
        "Bolstridge, M.",
        "Day, C. M. J.",
        "Rucker, J.",
        "Watts, R.",
        "Erritzoe, D. E.",
        "Kaelen, M.",
        "Giribaldi, B.",
        "Bloomfield, M.",
        "Pilling, S.",
        "Rickard, J. A.",
        "Forbes, B.",
        "Feilding, A.",
        "Taylor, D.",
        "Curran, H. V.",
        "Nutt, D. J.",
    ),
    year=2017,
    issued="2017-11-08",
    published_online="2017-11-08",
    published_print="2018-02",
    container="Psychopharmacology",
    short_container="Psychopharmacology",
    volume="235",
    issue="2",
    pages="399-408",
)
TIMMERMANN = make_work(
    "10.1038/s41598-019-51974-4",
    title="Neural correlates of the DMT experience assessed with multivariate EEG",
    authors=(
        "Timmermann, Christopher",
        "Roseman, Leor",
        "Schartner, Michael",
        "Milliere, Raphael",
        "Williams, Luke T. J.",
        "Erritzoe, David",
        "Muthukumaraswamy, Suresh",
        "Ashton, Michael",
        "Bendrioua, Adam",
        "Kaur, Okdeep",
        "Turton, Samuel",
        "Nour, Matthew M.",
        "Day, Camilla M.",
        "Leech, Robert",
        "Nutt, David J.",
        "Carhart-Harris, Robin L.",
    ),
    year=2019,
    issued="2019-11",
    published_online="2019-11",
    container="Scientific Reports",
    short_container="Sci Rep",
    volume="9",
    issue="1",
    article_number="16324",
)
PRELLER = make_work(
    "10.1016/j.cub.2016.12.030",
    title="The Fabric of Meaning and Subjective Effects in LSD-Induced States Depend on "
    "Serotonin 2A Receptor Activation",
    authors=(
        "Preller, Katrin H.",
        "Herdener, Marcus",
        "Pokorny, Thomas",
        "Planzer, Amanda",
        "Kraehenmann, Rainer",
        "Stämpfli, Philipp",
        "Liechti, Matthias E.",
        "Seifritz, Erich",
        "Vollenweider, Franz X.",
    ),
    year=2017,
    issued="2017-01-26",
    published_online="2017-01-26",
    published_print="2017-02",
    container="Current Biology",
    short_container="Curr Biol",
    volume="27",
    issue="3",
    pages="451-457",
)
AGIN_LIEBES = make_work(
    "10.1037/adb0000935",
    title="Reports of self-compassion and affect regulation in psilocybin-assisted therapy for "
    "alcohol use disorder: An interpretive phenomenological analysis",
    authors=(
        "Agin-Liebes, Gabrielle",
        "Nielson, Elizabeth M.",
        "Zingman, Marissa",
        "Kim, Kelley",
        "Haas, Alexandra",
        "Owens, Lindsey T.",
        "Rogers, Ursula",
        "Bogenschutz, Michael",
    ),
    year=2023,
    issued="2023-06-05",
    published_online="2023-06-05",
    published_print="2024-02",
    container="Psychology of Addictive Behaviors",
    short_container="Psychol Addict Behav",
    volume="38",
    issue="1",
    pages="101-113",
)


# The empathy article's entries as the parser reads them (numbering as printed).
PRINTED_POKORNY = make_reference(
    1,
    authors=("Pokorny, T.", "Preller, K. H.", "Kometer, M.", "Dziobek, I.", "Vollenweider, F. X."),
    year=2017,
    title="Effect of Psilocybin on Empathy and Moral Decision-Making",
    container="International Journal of Neuropsychopharmacology",
    volume="20",
    issue="9",
    pages="747–757",
)
PRINTED_MASON = make_reference(
    2,
    authors=("Mason, N. L.", "Mischler, E.", "Uthaug, M. V.", "Kuypers, K. P. C."),
    year=2019,
    title="Sub-Acute Effects of Psilocybin on Empathy, Creative Thinking, and Subjective "
    "Well-Being",
    container="Journal of Psychoactive Drugs",
    volume="51",
    issue="2",
    pages="123–134",
)
PRINTED_MITHOEFER = make_reference(
    3,
    authors=(
        "Mithoefer, M. C.",
        "Mithoefer, A. T.",
        "Feduccia, A. A.",
        "Jerome, L.",
        "Wagner, M.",
        "Wymer, J.",
        "Doblin, R.",
    ),
    et_al=True,
    year=2018,
    title="3, 4-methylenedioxymethamphetamine (MDMA)-assisted psychotherapy for post-traumatic "
    "stress disorder in military veterans, firefighters, and police officers: a randomised, "
    "double-blind, dose-response, phase 2 clinical trial",
    container="The Lancet Psychiatry",
    volume="5",
    issue="6",
    pages="486-497",
)
PRINTED_CARHART_HARRIS = make_reference(
    4,
    authors=(
        "Carhart-Harris, R. L.",
        "Bolstridge, M.",
        "Day, C. M. J.",
        "Rucker, J.",
        "Watts, R.",
        "Erritzoe, D. E.",
        "Taylor, D.",
    ),
    et_al=True,
    year=2018,
    title="Psilocybin with psychological support for treatment-resistant depression: six-month "
    "follow-up",
    container="Psychopharmacology",
    volume="235",
    issue="2",
    pages="399-408",
)
PRINTED_TIMMERMANN = make_reference(
    5,
    authors=(
        "Timmermann, C.",
        "Roseman, L.",
        "Schartner, M.",
        "Milliere, R.",
        "Williams, L. T. J.",
        "Erritzoe, D.",
        "Carhart-Harris, R. L.",
    ),
    et_al=True,
    year=2019,
    title="Neural correlates of the DMT experience assessed with multivariate EEG",
    container="Scientific Reports",
    volume="9",
    issue="1",
    pages="1-",
)
PRINTED_PRELLER = make_reference(
    6,
    authors=(
        "Preller, K. H.",
        "Herdener, M.",
        "Pokorny, T.",
        "Planzer, A.",
        "Kraehenmann, R.",
        "Stampfli, P.",
        "Seifritz, E.",
    ),
    et_al=True,
    year=2017,
    title="The fabric of meaning and subjective effects in LSD-induced states depend on "
    "serotonin 2A receptor activation",
    container="Current Biology",
    volume="27",
    issue="3",
    pages="451-457",
)
PRINTED_AGIN_LIEBES = make_reference(
    2,
    authors=(
        "Agin-Liebes, G.",
        "Nielson, E. M.",
        "Zingman, M.",
        "Kim, K.",
        "Haas, A.",
        "Owens, L. T.",
        "Rogers, U.",
        "Bogenschutz, M.",
    ),
    year=2023,
    title="Reports of Self-Compassion and Affect Regulation in Psilocybin-Assisted Therapy for "
    "Alcohol Use Disorder: An Interpretive Phenomenological Analysis",
    container="Psychology of Addictive Behaviors",
    volume="38",
    issue="1",
    pages="101–113",
    doi="10.1037/adb0000935",
)
EMPATHY_ENTRIES = (
    PRINTED_POKORNY,
    PRINTED_MASON,
    PRINTED_MITHOEFER,
    PRINTED_CARHART_HARRIS,
    PRINTED_TIMMERMANN,
    PRINTED_PRELLER,
)
EMPATHY_WORKS = (POKORNY, MASON, MITHOEFER, CARHART_HARRIS, TIMMERMANN, PRELLER)
POKORNY_SENTENCE = (
    "For example, a study by Pokorny et al. (2017) found that controlled use of LSD increased "
    "emotional empathy in healthy participants."
)
MASON_SENTENCE = (
    "Similarly, a study by Mason et al. (2019) reported increases in the personality trait of "
    "openness (associated with empathy) following psilocybin-assisted psychotherapy for "
    "depression."
)
MITHOEFER_SENTENCE = (
    "Research on MDMA-assisted psychotherapy for PTSD has also reported increased empathy and "
    "compassion towards self and others as an outcome of treatment (Mithoefer et al., 2018)."
)
