"""Small hand-built audit results mirroring the two example articles' references."""

from __future__ import annotations

from refaudit.model import (
    Author,
    Document,
    DocumentResult,
    ParsedFields,
    Reference,
    Resolution,
    ResolutionStatus,
    Work,
)

# (doi, type, title, authors "Family|Given; ...", container, volume, issue, pages,
#  article number, online date, print date, publisher)
WORKS = (
    (
        "10.1093/ijnp/pyx047",
        "journal-article",
        "Effect of Psilocybin on Empathy and Moral Decision-Making",
        "Pokorny|Thomas; Preller|Katrin H.; Kometer|Michael; Dziobek|Isabel; Vollenweider|Franz X.",
        "International Journal of Neuropsychopharmacology",
        "20",
        "9",
        "747-757",
        "",
        "2017-06-16",
        "2017-09-01",
        "Oxford University Press (OUP)",
    ),
    (
        "10.1080/02791072.2019.1580804",
        "journal-article",
        "Sub-Acute Effects of Psilocybin on Empathy, Creative Thinking, and Subjective Well-Being",
        "Mason|Natasha L.; Mischler|Elisabeth; Uthaug|Malin V.; Kuypers|Kim P. C.",
        "Journal of Psychoactive Drugs",
        "51",
        "2",
        "123-134",
        "",
        "2019-02-26",
        "2019",
        "Informa UK Limited",
    ),
    (
        "10.1016/s2215-0366(18)30135-4",
        "journal-article",
        "3,4-methylenedioxymethamphetamine (MDMA)-assisted psychotherapy for post-traumatic"
        " stress disorder in military veterans, firefighters, and police officers: a"
        " randomised, double-blind, dose-response, phase 2 clinical trial",
        "Mithoefer|Michael C.; Mithoefer|Ann T.; Feduccia|Allison A.; Jerome|Lisa;"
        " Wagner|Mark; Wymer|Joy; Holland|Julie; Hamilton|Scott; Yazar-Klosinski|Berra;"
        " Emerson|Amy; Doblin|Rick",
        "The Lancet Psychiatry",
        "5",
        "6",
        "486-497",
        "",
        "2018-05",
        "2018-06",
        "Elsevier BV",
    ),
    (
        "10.1007/s00213-017-4771-x",
        "journal-article",
        "Psilocybin with psychological support for treatment-resistant depression:"
        " six-month follow-up",
        "Carhart-Harris|R. L.; Bolstridge|M.; Day|C. M. J.; Rucker|J.; Watts|R.;"
        " Erritzoe|D. E.; Kaelen|M.; Giribaldi|B.; Bloomfield|M.; Pilling|S.; Rickard|J. A.;"
        " Forbes|B.; Feilding|A.; Taylor|D.; Curran|H. V.; Nutt|D. J.",
        "Psychopharmacology",
        "235",
        "2",
        "399-408",
        "",
        "2017-11-08",
        "2018-02",
        "Springer Science and Business Media LLC",
    ),
    (
        "10.1038/s41598-019-51974-4",
        "journal-article",
        "Neural correlates of the DMT experience assessed with multivariate EEG",
        "Timmermann|Christopher; Roseman|Leor; Schartner|Michael; Milliere|Raphael;"
        " Williams|Luke T. J.; Erritzoe|David; Muthukumaraswamy|Suresh; Ashton|Michael;"
        " Bendrioua|Adam; Kaur|Okdeep; Turton|Samuel; Nour|Matthew M.; Day|Camilla M.;"
        " Leech|Robert; Nutt|David J.; Carhart-Harris|Robin L.",
        "Scientific Reports",
        "9",
        "1",
        "",
        "16324",
        "2019-11",
        "",
        "Springer Science and Business Media LLC",
    ),
    (
        "10.1016/j.cub.2016.12.030",
        "journal-article",
        "The Fabric of Meaning and Subjective Effects in LSD-Induced States Depend on"
        " Serotonin 2A Receptor Activation",
        "Preller|Katrin H.; Herdener|Marcus; Pokorny|Thomas; Planzer|Amanda;"
        " Kraehenmann|Rainer; Stämpfli|Philipp; Liechti|Matthias E.; Seifritz|Erich;"
        " Vollenweider|Franz X.",
        "Current Biology",
        "27",
        "3",
        "451-457",
        "",
        "2017-01-26",
        "2017-02",
        "Elsevier BV",
    ),
    (
        "10.21203/rs.3.rs-7420529/v1",
        "posted-content",
        "Psychedelic Therapy, Positive Emotional Experiences, and the Central Role of"
        " Self-Compassion",
        "Zeifman|Richard J.; Danias|G.; Agin-Liebes|Gabrielle; Pagni|Broc",
        "Research Square",
        "",
        "",
        "",
        "",
        "2025-08-22",
        "",
        "Research Square Platform LLC",
    ),
    (
        "10.1037/adb0000935",
        "journal-article",
        "Reports of self-compassion and affect regulation in psilocybin-assisted therapy for"
        " alcohol use disorder: An interpretive phenomenological analysis",
        "Agin-Liebes|Gabrielle; Nielson|Elizabeth M.; Zingman|Marissa; Kim|Kelley;"
        " Haas|Alexandra; Owens|Lindsey T.; Rogers|Ursula; Bogenschutz|Michael",
        "Psychology of Addictive Behaviors",
        "38",
        "1",
        "101-113",
        "",
        "2023-06-05",
        "2024-02",
        "American Psychological Association (APA)",
    ),
    (
        "10.1037/cns0000283",
        "journal-article",
        "Changes in self-rumination and self-compassion mediate the effect of psychedelic"
        " experiences on decreases in depression, anxiety, and stress",
        "Fauvel|Baptiste; Strika-Bruneau|Laurène; Piolino|Pascale",
        "Psychology of Consciousness: Theory, Research, and Practice",
        "10",
        "1",
        "88-102",
        "",
        "2021",
        "2023-03",
        "American Psychological Association (APA)",
    ),
)


def authors(spec: str) -> tuple[Author, ...]:
    out = []
    for part in spec.split(";"):
        family, _, given = part.strip().partition("|")
        out.append(Author(family=family, given=given))
    return tuple(out)


def work(i: int) -> Work:
    """The registered work for seed reference `i` (0-based)."""
    doi, kind, title, names, cont, vol, iss, pages, artno, online, printed, pub = WORKS[i]
    dates = sorted(d for d in (online, printed) if d)
    return Work(
        doi=doi,
        title=title,
        authors=authors(names),
        year=int(dates[0][:4]),
        issued=dates[0],
        published_online=online,
        published_print=printed,
        container=cont,
        volume=vol,
        issue=iss,
        pages=pages,
        article_number=artno,
        type=kind,
        publisher=pub,
        url=f"https://doi.org/{doi}",
    )


def reference(n: int, w: Work, *, line: int | None = None, year: int | None = None) -> Reference:
    """A printed entry as the parser would give it: first three authors and et al."""
    fields = ParsedFields(
        authors=w.authors[:3],
        et_al=len(w.authors) > 3,
        year=year or w.year,
        title=w.title,
        container=w.container,
        volume=w.volume or None,
        issue=w.issue or None,
    )
    return Reference(
        n=n,
        line=line or n,
        raw=f"{w.authors[0].family} ({w.year}). {w.title}.",
        fields=fields,
        label=str(n),
    )


def verified(works: tuple[Work, ...], path: str = "draft.md") -> DocumentResult:
    """A DocumentResult listing `works` as printed entries, each verified against its work."""
    refs = tuple(reference(n, w) for n, w in enumerate(works, start=1))
    resolutions = tuple(
        Resolution(ResolutionStatus.VERIFIED, method="doi", doi=w.doi, score=1.0, work=w)
        for w in works
    )
    doc = Document(path=path, format="markdown", lines=(), references=refs)
    return DocumentResult(document=doc, resolutions=resolutions)


def seed_result(indices: tuple[int, ...] = tuple(range(len(WORKS)))) -> DocumentResult:
    """A DocumentResult with every chosen seed reference verified against its work."""
    return verified(tuple(work(i) for i in indices))
