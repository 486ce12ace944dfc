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
    m = ACCESSED.search(text)
    if m:
        accessed = iso_date(m.group("date") or m.group("web"))
        text = text[: m.start()] + text[m.end() :]
    i = ISBN.search(text)
    if i:
        isbn = re.sub(r"[\s-]", "", i.group("isbn")).upper()
        text = text[: i.start()] + text[i.end() :]
    genre = None
    g = _GENRE.search(text)
    if g:
        genre = _GENRE_TYPES.get(re.sub(r"\s+", " ", g.group("g").lower()))
        text = text[: g.start()] + text[g.end() :]
    text = re.sub(r"\[\s*(?:online|internet|electronic resource)\s*\]", "", text, flags=re.I)
    text = re.sub(r"<\s*>|\(\s*\)|\[\s*\]", "", text)
    return Pulled(re.sub(r"\s+", " ", text).strip(" ,;"), accessed, isbn, genre)


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
