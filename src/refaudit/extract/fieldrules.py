"""Rules certain enough to override the learned parse: legal citations, access dates, ISBNs,
PubMed dates, supplements, title-first informal entries and organisations as authors."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from refaudit.model import Author, ParsedFields

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_MONTH_NAMES = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "16 Feb. 2017", "March 3, 2020", "2020-03-03", "2020 Mar 3", "3/3/2020" (day first).
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON},?\s+{_YEAR}|{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}}|{_YEAR}\s+{_MON}(?:\s+\d{{1,2}})?|\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR}"
    rf"|{_MON}\s+{_YEAR})"
)
ACCESSED = re.compile(
    rf"\[?\(?\s*(?:(?:last\s+)?(?:accessed|retrieved|viewed|consulted|visited)(?:\s+on)?|cited|"
    rf"date accessed)\s*:?\s*(?P<date>{_DATE})\s*[\])]?,?(?:\s*from\b)?"
    rf"|(?<![\w])Web\.\s*(?P<web>{_DATE})",
    re.I,
)
ISBN = re.compile(
    r"\bISBN(?:-1[03])?\s*:?\s*(?P<isbn>(?:97[89][\s-]?)?\d{1,5}[\s-]?\d{1,7}[\s-]?\d{1,7}[\s-]?[\dXx])"
    r"(?![\w-])",
    re.I,
)
SHORT_DOI = re.compile(
    r"(?:https?://)?(?:dx\.)?doi\.org/(10/[a-z0-9]{3,12})\b|\bdoi:\s*(10/[a-z0-9]{3,12})\b", re.I
)


def iso_date(text: str) -> str | None:
    """A printed date as ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
    year = re.search(_YEAR, text)
    if not year:
        return None
    m = re.fullmatch(rf"\s*({_YEAR})-(\d{{1,2}})-(\d{{1,2}})\s*", text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = re.fullmatch(rf"\s*(\d{{1,2}})[/.](\d{{1,2}})[/.]({_YEAR})\s*", text)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    month = re.search(r"[A-Za-z]{3}", text)
    if not month or month.group(0).lower() not in _MONTH_NAMES:
        return year.group(0)
    rest = text.replace(year.group(0), " ")
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", rest)
    iso = f"{year.group(0)}-{_MONTH_NAMES[month.group(0).lower()]:02d}"
    return f"{iso}-{int(day.group(1)):02d}" if day else iso


_GENRE = re.compile(
    r"\s*\[(?P<g>data ?set|computer software|software|computer program|internet|online|video|"
    r"podcast|blog post|web page|preprint|tweet|press release)\]",
    re.I,
)
_GENRE_TYPES = {
    "data set": "dataset",
    "dataset": "dataset",
    "computer software": "software",
    "software": "software",
    "computer program": "software",
    "web page": "webpage",
    "blog post": "post-weblog",
    "preprint": "preprint",
}


# The words one of which ACCESSED needs (lower case).
_ACCESSED_WORDS = ("accessed", "retrieved", "viewed", "consulted", "visited", "cited", "web.")
_BRACKETED_MEDIUM = re.compile(r"\[\s*(?:online|internet|electronic resource)\s*\]", re.I)
_EMPTY_BRACKETS = re.compile(r"<\s*>|\(\s*\)|\[\s*\]")


@dataclass(frozen=True, slots=True)
class Pulled:
    """What the pre-parse took out of the text: access date and ISBN."""

    text: str
    accessed: str | None
    isbn: str | None
    genre: str | None = None  # "dataset", "software" ... from a bracketed note ("[Data set]")


def pull_access_and_isbn(text: str) -> Pulled:
    """Take an access date and an ISBN out of `text` so no year or page is read from them."""
    accessed = isbn = None
    # Cheap `in` tests on the lower-cased text skip the searches that cannot match.
    low = text.lower()
    m = ACCESSED.search(text) if any(w in low for w in _ACCESSED_WORDS) else None
    if m:
        accessed = iso_date(m.group("date") or m.group("web"))
        text = text[: m.start()] + text[m.end() :]
        low = text.lower()
    i = ISBN.search(text) if "isbn" in low else None
    if i:
        isbn = re.sub(r"[\s-]", "", i.group("isbn")).upper()
        text = text[: i.start()] + text[i.end() :]
    genre = None
    if "[" in text:
        g = _GENRE.search(text)
        if g:
            genre = _GENRE_TYPES.get(re.sub(r"\s+", " ", g.group("g").lower()))
            text = text[: g.start()] + text[g.end() :]
        text = _BRACKETED_MEDIUM.sub("", text)
    if "<" in text or "(" in text or "[" in text:
        text = _EMPTY_BRACKETS.sub("", text)
    return Pulled(" ".join(text.split()).strip(" ,;"), accessed, isbn, genre)


# ---- legal references -----------------------------------------------------------------------

# United States v. Drayton, 536 U.S. 194 (2002) ; Roe v. Wade, 410 U.S. 113, 153 (1973)
_CASE_US = re.compile(
    r"^_?(?P<title>[A-Z][^,()]{0,120}?\sv\.?\s[^,()]{1,120}?)_?,?\s+(?P<vol>\d{1,4})\s+"
    r"(?P<rep>[A-Z][A-Za-z0-9.'\s]{0,24}?)\s+(?P<page>\d{1,5})(?:,\s*\d+(?:-\d+)?)?\s*"
    rf"\((?:[^()]*?\s)?(?P<year>{_YEAR})\)"
)
# _United States v. Drayton_ (2002) 536 U.S. 194 ; Donoghue v Stevenson [1932] AC 562 (HL)
_CASE_YEAR_FIRST = re.compile(
    r"^_?(?P<title>[A-Z][^,()\[\]]{0,120}?\sv\.?\s[^,()\[\]]{1,120}?)_?,?\s+"
    rf"[(\[](?P<year>{_YEAR})[)\]]\s+(?:(?P<vol>\d{{1,4}})\s+)?(?P<rep>[A-Z][A-Za-z0-9.'\s]{{0,24}}?)"
    r"\s+(?P<page>\d{1,5})\b"
)
_STATUTE = re.compile(
    r"\b(?:U\.\s?S\.\s?C\.|C\.\s?F\.\s?R\.|Stat\.|Pub\.\s?L\.|Fed\.\s?Reg\.|§|Statutes? of|"
    rf"(?:Act|Regulations?|Code|Directive|Order)(?: of)? {_YEAR}\b|\b(?:Act|Ordinance) \d{{4}}\b|"
    r"\bc\.\s?\d+\b.*\bAct\b)"
)
_TRAILING_YEAR = re.compile(rf"[(\[](?:[^()\[\]]*?\s)?(?P<year>{_YEAR})[)\]]\.?\s*$")


def parse_legal(text: str) -> ParsedFields | None:
    """Case law and statutes as legal references (title, reporter, volume, page, year)."""
    m = _CASE_US.match(text) or _CASE_YEAR_FIRST.match(text)
    if m:
        return ParsedFields(
            year=int(m.group("year")),
            title=m.group("title").strip(" _*"),
            container=m.group("rep").strip(),
            volume=m.group("vol"),
            pages=m.group("page"),
            type="legal",
        )
    if (
        len(text) < 200
        and _STATUTE.search(text)
        and not re.search(r"\b(?:doi|journal)\b", text, re.I)
    ):
        y = _TRAILING_YEAR.search(text)
        title = re.split(r",\s+(?=Pub\.|\d+\s+(?:Stat|U\.\s?S)|c\.\s?\d)", text)[0]
        title = _TRAILING_YEAR.sub("", title).strip(" .,;_*")
        return ParsedFields(
            year=int(y.group("year")) if y else None, title=title or None, type="legislation"
        )
    return None


# ---- whole-entry patterns -------------------------------------------------------------------

# "Rainbow: Combining Improvements in Deep RL, Hessel et al, 2017."
_TITLE_FIRST = re.compile(
    r"^(?P<title>.{8,}?),\s+(?P<author>(?:[A-Z][a-z]+\s+)?(?:(?:van|von|de|der|le|la|di|da)\s+)?"
    r"[A-Z][\w'’-]+(?:\s+et\.?\s+al\b\.?|\s+(?:and|&)\s+[A-Z][\w'’-]+)?)"
    rf",?\s*\(?(?P<year>{_YEAR})(?P<suffix>[a-z])?\)?\.?\s*$"
)
_ORG_WORDS = re.compile(
    r"\b(?:Organi[sz]ation|Association|Institutes?|Society|Council|Agency|Department|Centre|Center"
    r"|Committee|Foundation|Group|Board|Office|Ministry|Commission|Network|Consortium"
    r"|Collaboration|Collaborators|Services?|Trust|Federation|Academy|Administration|Alliance"
    r"|Corporation|Company|Bureau|Authority|Team|Project|Panel|Programme|Nations|Government"
    r"|Digital|Registry|Survey|Task Force|Working Party)\b"
)
_INITIAL = re.compile(r"(?:^|[\s,])[A-Z]\.?(?=[\s,]|$)|\b[A-Z]{2,3}\b(?=,|\.?$)")
_PUBMED_TAIL = re.compile(
    rf"[.,;]?\s*{_YEAR}(?:\s+{_MON}(?:\s+\d{{1,2}})?)?\s*(?:[;:]\s*[\w()-]*\s*)?$"
)
_SUPPL = re.compile(
    r"(?<![\w.])(?P<vol>\d{1,4})\s*(?:\(\s*(?P<iss1>Supp?l?(?:ement)?\.?\s*\d*[A-Z]?)\s*\)"
    r"|\s(?P<iss2>Supp?l(?:ement)?\.?\s*\d*[A-Z]?))\s*[:,]\s*(?:pp?\.\s*)?"
    r"(?P<pages>[A-Z]?\d+(?:\s*-\s*[A-Z]?\d+)?)"
)


_NOT_A_NAME = re.compile(
    rf"(?:{_MON}|Spring|Summer|Autumn|Fall|Winter|Press|University|Inc|Ltd)$|[A-Z]{{2,}}$"
)


def title_first(text: str) -> tuple[str, Author, bool, int, str] | None:
    """(rest, first author, et al., year, suffix) of an informal title-first entry."""
    if len(text) > 600:
        return None  # an informal entry is short; and the pattern is quadratic in the length
    m = _TITLE_FIRST.match(text)
    if not m or ("," not in m.group("title") and len(m.group("title").split()) < 2):
        return None
    author = m.group("author")
    if _NOT_A_NAME.match(author):
        return None
    et_al = bool(re.search(r"et\.?\s+al", author))
    family = re.split(r"\s+(?:et\.?\s+al|and|&)\b", author)[0].split()[-1]
    return (
        m.group("title"),
        Author(family=family),
        et_al,
        int(m.group("year")),
        m.group("suffix") or "",
    )


def organisation_lead(text: str) -> tuple[str, str] | None:
    """(organisation, rest) when the entry opens with an organisation as author."""
    m = re.match(r"^(?P<org>[^.()\[\]\"“]{3,90}?)\.\s+(?P<rest>\S.*)$", text)
    if not m:
        return None
    org = m.group("org")
    if not _ORG_WORDS.search(org) or _INITIAL.search(org) or len(org.split()) > 12:
        return None
    return org.strip(), m.group("rest")


def tidy_fields(fields: ParsedFields, text: str) -> ParsedFields:
    """Certain corrections to a parse of `text`: PubMed dates, supplements, genre notes."""
    changes: dict[str, object] = {}
    if fields.container and _PUBMED_TAIL.search(fields.container):
        cut = _PUBMED_TAIL.sub("", fields.container).strip(" .,;")
        if len(cut) >= 2:
            changes["container"] = cut
    s = _SUPPL.search(text)
    if s:
        changes["volume"] = s.group("vol")
        changes["issue"] = re.sub(r"\s+", " ", (s.group("iss1") or s.group("iss2")).strip())
        changes["pages"] = re.sub(r"\s+", "", s.group("pages"))
    if fields.title:
        g = _GENRE.search(fields.title)
        if g:
            changes["title"] = (fields.title[: g.start()] + fields.title[g.end() :]).strip(" .,")
            kind = _GENRE_TYPES.get(g.group("g").lower())
            if kind:
                changes["type"] = kind
    if fields.pages and fields.article_number and fields.pages == fields.article_number:
        changes["pages"] = None
    return replace(fields, **changes) if changes else fields  # type: ignore[arg-type]


# ---- DOIs as printed in text copied out of PDFs ---------------------------------------------

# "doi:10 .1088/x", "DOI: 10. 1007/x", "10.1103 /PhysRev": spaces inside a DOI's prefix.
_DOI_PREFIX_SPACED = re.compile(
    r"(?P<lead>\bdoi\s*:?\s*|doi\.\s*org\s*/\s*)?\b10(?P<s1>\s*)\.(?P<s2>\s*)(?P<reg>\d{4,9})"
    r"\s*/\s*",
    re.I,
)
# A piece of a DOI suffix after a space: "113.091601", "/msu300", ".100.228502".
_SUFFIX_PIECE = re.compile(r"[\w./()<>;:\[\]-]+")
_NOT_A_PIECE = re.compile(
    r"(?:https?|www|url|arxiv|pmid|pmcid|isbn|issn|doi|available|accessed)", re.I
)
# What PDFs glue onto a DOI's end: "[doi]", "[pii]", ".URL https", ",arXiv: 1002.2581", "[ hep-th".
_DOI_TAIL = re.compile(
    r"(?:\[(?:doi|pii)\]|\.URL.*|\bURL\b.*|\.(?:PMID|PubMed|PMC)\b.*|,(?=[A-Za-z]).*|\[[^\]]*"
    r"|\([^()]*|\((?:1[5-9]|20)\d\d\))$",
    re.I,
)
_YEAR_PIECE = re.compile(rf"\(?{_YEAR}[a-z]?\)?[.,;]?")
_LETTER_SUFFIX = re.compile(r"[A-Za-z]\w*[\d.]")
_HTTP_SPACED = re.compile(r"\b(https?)\s*:\s*//\s*", re.I)


def _join_suffix(text: str, at: int) -> str:
    """Close the spaces a PDF put inside the DOI suffix starting at `at`."""
    end = at
    while end < len(text) and not text[end].isspace():
        end += 1
    for _ in range(4):
        m = re.match(r"\s+(\S+)", text[end:])
        if not m or end == at:
            break
        prev, piece = text[at:end], m.group(1)
        if (
            _NOT_A_PIECE.match(piece.lstrip("./-"))
            or not _SUFFIX_PIECE.fullmatch(piece)
            or _YEAR_PIECE.fullmatch(piece)
            or prev.endswith(").")
        ):
            break  # a word, a year or a sentence after the DOI
        glued = piece[:1] in "/.-)" or (
            prev[-1:] in "./-(" and bool(re.match(r"\d|[a-z][\w-]*[./\d]", piece))
        )
        if not glued:
            break
        text = text[:end] + text[end + len(m.group(0)) - len(piece) :]
        end += len(piece)
    return text


def mend_printed_doi(text: str) -> str:
    """The text with a DOI broken by PDF spacing made whole again ("doi:10 .1088/ab c" ...)."""
    if "http" in text.lower():
        text = _HTTP_SPACED.sub(lambda m: m.group(1) + "://", text)
    if "10" not in text:
        return text  # no DOI prefix to mend
    for m in _DOI_PREFIX_SPACED.finditer(text):
        lead = m.group("lead") or ""
        if (m.group("s1") or m.group("s2")) and not (lead or _LETTER_SUFFIX.match(text, m.end())):
            continue  # "vol. 10. 2001/2" is no DOI: a spaced prefix needs its "doi:"
        text = f"{text[: m.start()]}{lead}10.{m.group('reg')}/{text[m.end() :]}"
        return _join_suffix(text, m.start() + len(lead))
    return text


def cut_doi_tail(printed: str) -> str:
    """A printed DOI without what a PDF glued onto its end ("[doi]", ".URL", ",arXiv:")."""
    prev = None
    while prev != printed:
        prev = printed
        printed = _DOI_TAIL.sub("", printed.rstrip(".,; "))
    return printed
