"""Parse one printed reference into ParsedFields: identifiers, authors, year, title, venue."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from refaudit.doi import normalize_doi
from refaudit.extract import crf, crfspans, fieldrules
from refaudit.extract.names import parse_author_segment, scan_authors
from refaudit.model import Author, ParsedFields

# Fields taken from the CRF when it labels them; the rules keep the others (chosen by measurement,
# see benchmarks/parser_eval.py).
MAX_ENTRY_CHARS = 4000
HYBRID_CRF_FIELDS = ("title", "container", "volume", "issue", "pages", "article_number")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_SPACE = re.compile(r"\s+")
_LABEL = re.compile(
    r"^\s*(?:\[\^?[\w-]{1,12}\]:?|\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)](?!\d)|[-*•·▪◦]\s)\s*"
)
# Identifiers. A DOI printed with a stray space ("10.1037/ adb0000935") is mended first.
_DOI_SPACE = re.compile(r"(10\.\d{4,9}/)\s+(?=\w)|(doi\.)\s+(org/)", re.I)
_DOI_ANY = re.compile(
    r"(?:https?://)?(?:dx\.)?doi\.org/\S+|\bdoi\s*:?\s*10\.\S+|\b10\.\d{4,9}(?:\.\d+)*/\S+", re.I
)
_DOI_BROKEN = re.compile(r"\bdoi\s*:?\s*(10[.\d]*/?\S*)", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_PMID = re.compile(r"\bPMID\s*:?\s*(\d{4,9})\b", re.I)
_PMCID = re.compile(r"\b(?:PMCID\s*:?\s*)?(PMC\d{4,9})\b", re.I)
_ARXIV = re.compile(
    r"\barxiv\s*[:/]?\s*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
    re.I,
)
_ACCESS = re.compile(
    r"\s*(?:\[?(?:Retrieved|Accessed|Available|Viewed|Consulted|Cited)\b[^.\[\]]{0,80}?"
    r"(?:from|at|on|:)?\s*(?=$|[.\]])\]?|\bAvailable (?:online )?(?:at|from):?\s*$)",
    re.I,
)
# The words one of which _ACCESS needs (lower case).
_ACCESS_WORDS = ("retrieved", "accessed", "available", "viewed", "consulted", "cited")
_HTTP = re.compile(r"https?://", re.I)
_ID_LABEL_END = re.compile(r"\s*\b(?:doi|DOI|URL|PMID)\s*:?\s*$")
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_PAREN_YEAR = re.compile(
    rf"\(\s*(?:(?P<year>{_YEAR})(?:[/-]\d{{2,4}})?(?P<suffix>[a-z])?(?:,\s*[^()]{{1,30}})?|"
    r"(?P<note>n\.\s?d\.|in press|forthcoming|under review|submitted|no date))\s*\)",
    re.I,
)
_BARE_YEAR = re.compile(
    rf"^\s*[.,:]?\s*(?:(?P<year>{_YEAR})(?P<suffix>[a-z])?|(?P<note>n\.\s?d\.|in press))"
    r"(?=[.,;:\s]|$)[.,:]?",
    re.I,
)
_ANY_YEAR = re.compile(rf"(?<![\d/.-])(?P<year>{_YEAR})(?P<suffix>[a-z])?(?![\d])")
_ABBREV = frozenset(
    [
        "vs",
        "v",
        "e.g",
        "i.e",
        "al",
        "et",
        "no",
        "vol",
        "pp",
        "p",
        "ed",
        "eds",
        "st",
        "dr",
        "mr",
        "mrs",
        "ms",
        "jr",
        "sr",
        "inc",
        "co",
        "corp",
        "ltd",
        "dept",
        "univ",
        "proc",
        "j",
        "int",
        "natl",
        "nat",
        "acad",
        "sci",
        "rev",
        "res",
        "med",
        "am",
        "soc",
        "conf",
        "symp",
        "trans",
        "lett",
        "phys",
        "chem",
        "biol",
    ]
)
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"'”’]?\s+(?=[\"“‘'(\[]?[\w])")
_QUOTED = re.compile(r"^\s*[\"“”‘'«]\s*(?P<title>.+?)\s*[,.]?\s*[\"”’'»]\s*[,.:;]?\s*")
_IN_PREFIX = re.compile(r"^\s*(?:In|Dans|En)\s*:?\s+", re.I)
_EDITORS = re.compile(r"^(?P<eds>.{0,200}?)\((?:eds?|hrsg|coord|editors?)\.?\)\s*[,:.]?\s*", re.I)
_EDITORS_WORD = re.compile(r"^(?P<eds>.{0,200}?),?\s+(?:eds?\.|editors?),\s*", re.I)
_PAGES = r"(?:[A-Za-z]{0,2}\d+[A-Za-z]?(?:\s*-\s*(?:[A-Za-z]{0,2}\d+[A-Za-z]?)?)?)"
_LOCATORS = (
    # APA / Vancouver: 20(9), 747-757   or   2017;20(9):747-57
    re.compile(
        rf"(?P<vol>\b\d+[A-Z]?)\s*\((?P<iss>[^()]{{1,24}})\)\s*(?:[,:]\s*(?:pp?\.\s*)?(?P<pages>{_PAGES}))?"
    ),
    # Vancouver without issue: 2017;20:747-57 ; Harvard/biology: 79:115-126 ; 20: e0123
    re.compile(rf"(?P<vol>\b\d+[A-Z]?)\s*:\s*(?P<pages>{_PAGES})(?!\d)"),
    # IEEE / MLA / Chicago: vol. 20, no. 9, pp. 747-757
    re.compile(
        rf"\b(?:vol(?:ume)?\.?|bd\.|t\.)\s*(?P<vol>\d+[A-Z]?)"
        rf"(?:\s*[,(]?\s*(?:no|nr|n°|num|issue|iss|h|heft)\.?\s*(?P<iss>\d+[\w/-]*)\)?)?"
        rf"(?:\s*[,:]?\s*(?:pp?\.|pages?|s\.)\s*(?P<pages>{_PAGES}))?",
        re.I,
    ),
    # Nature / Cora: Journal 20, 747-757 (2017)
    re.compile(r"(?P<vol>\b\d{1,4}[A-Z]?),\s*(?:pp?\.\s*)?(?P<pages>\d+\s*-\s*\d+)(?!\d)"),
)
_ISSUE_ONLY = re.compile(r"\b(?:no|nr|n°|num|issue|iss)\.?\s*(?P<iss>\d+[\w/-]*)", re.I)
_PAGES_ONLY = re.compile(
    rf"(?:\bpp?\.|\bpages?\b|\bS\.)\s*(?P<pages>{_PAGES})|(?P<range>(?<![\w/.])\d+\s*-\s*\d+(?![\w/]))",
    re.I,
)
_ARTICLE_NO = re.compile(
    r"\b(?:Article|Art\.|Paper|Artikel)\s*(?:No\.?|number)?\s*:?\s*(?P<n>[A-Za-z]?\d+)\b|"
    r"(?<![\w.-])(?P<e>e\d{3,})\b",
    re.I,
)
_PUBLISHER = re.compile(
    r"(?:^|[.,]\s+)(?P<place>[A-Z][\w .'-]{1,40}?(?:,\s*[A-Z]{2,}[\w .]*)?)\s*:\s*"
    r"(?P<pub>[A-Z][^.:;()]{1,80}?)\s*(?:[.,]|$)"
)
_PUBLISHER_WORD = re.compile(
    r"(?P<pub>[A-Z][\w&.' -]{0,60}?(?:Press|Publishers?|Publishing|Verlag|Books|Wiley|Springer"
    r"|Elsevier|Routledge|Sage|Éditions|Editions|Gallimard|Ltd\.?|Inc\.?))(?=[.,;]|$)"
)
_TYPE_HINTS = (
    (re.compile(r"thesis|dissertation|th[èe]se|diplomarbeit", re.I), "thesis"),
    (re.compile(r"research square|biorxiv|medrxiv|psyarxiv|arxiv|preprint|ssrn", re.I), "preprint"),
    (
        re.compile(r"proceedings|\bproc\.|conference|symposium|workshop|congress", re.I),
        "paper-conference",
    ),
    (re.compile(r"technical report|tech\. rep|working paper|report no", re.I), "report"),
)


@dataclass(frozen=True, slots=True)
class _Ids:
    text: str
    doi: str | None
    doi_raw: str | None
    url: str | None
    pmid: str | None
    pmcid: str | None
    arxiv: str | None
    isbn: str | None = None
    accessed: str | None = None
    short_doi: str | None = None
    genre: str | None = None


def normalise_text(raw: str) -> str:
    """Dashes folded to "-", all whitespace to single spaces."""
    return _SPACE.sub(" ", raw.translate(_DASHES).replace("\u00a0", " ")).strip()


def clean_entry(raw: str) -> str:
    """Whitespace and dashes normalised, numbering label and Markdown emphasis removed."""
    text = re.sub(r"(\*\*|__|\*(?=\S)|(?<=\S)\*)", "", raw)
    text = normalise_text(text)
    return _LABEL.sub("", text, count=1).strip()


def _pull_ids(text: str) -> _Ids:
    # Each pattern needs a word or character that most entries lack: a cheap `in` test on the
    # lower-cased text first (the patterns are case-insensitive) skips its search.
    text = fieldrules.mend_printed_doi(text)
    low = text.lower()
    if "10." in text or "doi." in low:
        text = _DOI_SPACE.sub(
            lambda m: (m.group(1) or "") + (m.group(2) or "") + (m.group(3) or ""), text
        )
        low = text.lower()  # after every change: a cut can bring two pieces together
    doi = doi_raw = url = short_doi = None
    short = fieldrules.SHORT_DOI.search(text) if "10/" in text else None
    if short:
        short_doi = (short.group(1) or short.group(2)).lower()
        url = f"https://doi.org/{short_doi}"
        text = text[: short.start()] + text[short.end() :]
        low = text.lower()
    m = _DOI_ANY.search(text) if "10." in text or "doi.org/" in low else None
    if m:
        printed = fieldrules.cut_doi_tail(m.group(0))
        doi = normalize_doi(printed)
        if doi is None:
            doi_raw = printed.rstrip(".,;")
        elif _HTTP.match(printed):
            url = printed.rstrip(".,;)")
        text = text[: m.start()] + m.group(0)[len(printed) :] + text[m.end() :]
        if doi is not None:
            text = _drop_copies(text, doi)
        low = text.lower()
    elif "doi" in low:
        b = _DOI_BROKEN.search(text)
        if b:
            doi_raw = b.group(0).rstrip(".,;")
            text = text[: b.start()] + text[b.end() :]
            low = text.lower()
    pmid = pmcid = arxiv = None
    for pattern, word in ((_PMID, "pmid"), (_PMCID, "pmc"), (_ARXIV, "arxiv")):
        found = pattern.search(text) if word in low else None
        if not found:
            continue
        value = found.group(1)
        if pattern is _PMID:
            pmid = value
        elif pattern is _PMCID:
            pmcid = value.upper()
        else:
            arxiv = value
        text = text[: found.start()] + text[found.end() :]
        low = text.lower()
    u = _URL.search(text) if "http" in low or "www." in low else None
    if u:
        if url is None:
            url = u.group(0).rstrip(".,;)]")
        text = text[: u.start()] + text[u.end() :]
    pulled = fieldrules.pull_access_and_isbn(text)
    text = pulled.text
    if any(word in text.lower() for word in _ACCESS_WORDS):
        text = _ACCESS.sub("", text)
    text = _ID_LABEL_END.sub("", text.strip())
    text = _SPACE.sub(" ", text).strip(" ,;")
    return _Ids(
        text,
        doi,
        doi_raw,
        url,
        pmid,
        pmcid,
        arxiv,
        pulled.isbn,
        pulled.accessed,
        short_doi,
        pulled.genre,
    )


def _drop_copies(text: str, doi: str) -> str:
    """`text` without further printings of `doi` (NLM prints it as a link and as "doi:")."""
    for m in reversed(list(_DOI_ANY.finditer(text))):
        printed = fieldrules.cut_doi_tail(m.group(0))
        if normalize_doi(printed) == doi:
            text = text[: m.start()] + m.group(0)[len(printed) :] + text[m.end() :]
    return text


def _split_sentence(text: str) -> tuple[str, str]:
    """Split at the first sentence end that is not an abbreviation or an initial."""
    for m in _SENTENCE_END.finditer(text):
        before = text[: m.start()].rstrip("\"'”’")
        word = re.search(r"([\w.]+)[.?!]$", before)
        if before.endswith("."):
            token = word.group(1) if word else ""
            if re.fullmatch(r"[A-Z]", token) or token.lower().rstrip(".") in _ABBREV:
                continue
            if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]|\d+(?:st|nd|rd|th|e|er)", token):
                continue
        return before.rstrip(" .").strip(), text[m.end() :].strip()
    return text.rstrip(" .").strip(), ""


# A number after these is a page, volume or issue, not a year: "342(25):1887", "pp. 2050".
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:\d\)?\s*:\s*|\bpp?\.\s*|\b(?:vol|no|nr|issue)\.?\s*|\d\s*,\s*|[-–]\s*)$", re.I
)
_RANGE_AFTER = re.compile(r"\s*-\s*\d")
_VANCOUVER_AFTER = re.compile(r"(?:\s+[A-Z][a-z]{2}[a-z.]*(?:\s+\d{1,2})?)?\s*;\s*\d")


def _find_year(text: str) -> tuple[re.Match[str] | None, str]:
    m = _PAREN_YEAR.search(text)
    if m:
        return m, "paren"
    last = fallback = None
    for cand in _ANY_YEAR.finditer(text):
        fallback = cand
        before, after = text[max(0, cand.start() - 12) : cand.start()], text[cand.end() :]
        if _NOT_A_YEAR_BEFORE.search(before) or (_RANGE_AFTER.match(after) and before.strip()):
            continue  # a page, a range's first page, a volume or an issue number
        if _VANCOUVER_AFTER.match(after):
            return cand, "bare"  # 2017;390:2050-62 - the year Vancouver prints before the volume
        last = cand  # otherwise the last year printed is the one
    return last or fallback, "bare"


def _year_fields(m: re.Match[str] | None) -> tuple[int | None, str, str]:
    if m is None:
        return None, "", ""
    groups = m.groupdict()
    note = groups.get("note") or ""
    if note:
        return None, "", "n.d." if note.lower().replace(" ", "").startswith("n.d") else note.lower()
    year = groups.get("year")
    return (int(year) if year else None), (groups.get("suffix") or ""), ""


def _normalise_pages(pages: str) -> str:
    pages = _SPACE.sub("", pages.translate(_DASHES))
    return re.sub(r"-+", "-", pages).strip(".,")


def _locators(text: str) -> tuple[str | None, str | None, str | None, str | None, int]:
    """(volume, issue, pages, article number, offset where the locators start) in `text`."""
    vol = iss = pages = art = None
    start = len(text)
    for pattern in _LOCATORS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            v = groups.get("vol")
            if v and re.fullmatch(_YEAR, v) and not groups.get("pages") and not groups.get("iss"):
                continue
            if v and re.fullmatch(_YEAR, v) and groups.get("iss") and not groups.get("pages"):
                continue
            if groups.get("iss") and re.fullmatch(rf"{_YEAR}[a-z]?", groups["iss"].strip()):
                continue
            vol, iss, pages = v, groups.get("iss"), groups.get("pages")
            start = m.start()
            break
        if vol:
            break
    if iss is None:
        m2 = _ISSUE_ONLY.search(text)
        if m2:
            iss = m2.group("iss")
            start = min(start, m2.start())
    if pages is None:
        for m3 in _PAGES_ONLY.finditer(text):
            value = m3.group("pages") or m3.group("range")
            if m3.group("range") and _is_year_range(value):
                continue
            pages = value
            start = min(start, m3.start())
            break
    a = _ARTICLE_NO.search(text)
    if a:
        art = a.group("n") or a.group("e")
        start = min(start, a.start())
    if pages:
        pages = _normalise_pages(pages)
        if art is None and "-" not in pages and (pages[:1].lower() == "e" or len(pages) >= 5):
            art, pages = pages, None
    if iss:
        iss = iss.strip()
    return vol, iss, pages, art, start


def _is_year_range(value: str) -> bool:
    parts = [p.strip() for p in value.split("-")]
    return len(parts) == 2 and all(re.fullmatch(_YEAR, p) for p in parts)


def _strip_editors(text: str) -> str:
    text = _IN_PREFIX.sub("", text)
    m = _EDITORS.match(text) or _EDITORS_WORD.match(text)
    if m and len(m.group("eds")) < 200:
        text = text[m.end() :]
    return text


# A volume or issue left open at the end ("Review 93(September", "Bulletin (August") and editors.
_CONTAINER_TAIL = re.compile(r"(?:\s*\d*\s*\([^()]*|,\s*eds?\.\s.*)$", re.I)
_CONTAINER_LEAD = re.compile(r"^\s*(?:paper |poster )?presented at (?:the )?", re.I)


def _clean_container(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\(\s*pp?\..*$", "", text)
    text = _CONTAINER_TAIL.sub("", _CONTAINER_LEAD.sub("", text))
    text = re.sub(r"[\s,.:;(\[]+$", "", text).strip(" ,.;:")
    text = re.sub(r"^[\s,.:;)\]]+", "", text)
    return text or None


def _title_and_rest(body: str) -> tuple[str | None, str]:
    q = _QUOTED.match(body)
    if q:
        return q.group("title").strip(" ,."), body[q.end() :]
    title, rest = _split_sentence(body)
    if not rest:
        # No sentence break: "Title, Journal 12(3), 45-67" -> cut at the locators.
        _, _, _, _, start = _locators(body)
        head = body[:start]
        if "," in head and start < len(body):
            title, _, rest_head = (
                head.rpartition(",") if head.count(",") == 1 else head.partition(",")
            )
            return title.strip(" ,.") or None, rest_head + body[start:]
    return (title or None), rest


def _container(rest: str) -> tuple[str | None, str]:
    """The container at the start of `rest` (after the title) and what follows it."""
    rest = _strip_editors(rest.strip(" ,.;:"))
    if not rest:
        return None, ""
    _, _, _, _, start = _locators(rest)
    year = _ANY_YEAR.search(rest)
    cut = start
    if year and year.start() < cut:
        cut = year.start()
    head = rest[:cut]
    sentence, _ = _split_sentence(head)
    container = _clean_container(sentence)
    if container and re.fullmatch(r"[\d\W]*", container):
        container = None
    return container, rest[len(sentence) :] if sentence else rest


def _publisher(text: str) -> str | None:
    m = _PUBLISHER.search(text)
    if m and not re.search(r"\d", m.group("place")):
        return m.group("pub").strip(" ,.")
    w = _PUBLISHER_WORD.search(text)
    return w.group("pub").strip(" ,.") if w else None


def _guess_type(raw: str, fields: dict[str, object]) -> str | None:
    for pattern, kind in _TYPE_HINTS:
        if pattern.search(raw):
            return kind
    if re.search(r"\(eds?\.\)|\beds?\.,|\bIn:?\s+[A-Z]", raw) and fields.get("container"):
        return "chapter"
    if fields.get("container") and (
        fields.get("volume") or fields.get("pages") or fields.get("doi")
    ):
        return "journal-article"
    if fields.get("publisher") and not fields.get("container"):
        return "book"
    if fields.get("url") and not fields.get("container"):
        return "web"
    return None


def _span_year(span: str) -> tuple[int | None, str, str]:
    m = re.search(rf"(?<!\d)({_YEAR})([a-z])?(?!\d)", span)
    if m:
        return int(m.group(1)), m.group(2) or "", ""
    if re.search(r"n\.\s?d", span, re.I):
        return None, "", "n.d."
    if re.search(r"in press", span, re.I):
        return None, "", "in press"
    return None, "", ""


def _span_pages(span: str) -> tuple[str | None, str | None]:
    s = re.sub(r"^\s*(?:pp?\.|pages?|S\.)\s*", "", span, flags=re.I).strip(" .,;:()")
    m = re.match(_PAGES, s)
    if not m:
        return None, None
    pages = _normalise_pages(m.group(0))
    if "-" not in pages and (pages[:1].lower() == "e" or len(pages) >= 5):
        return None, pages
    return pages, None


_UNOPENED_CLOSE = re.compile(r"^(?P<title>[^\"“”]{3,}?)[,.]?[\"”]\s*[,.:;]?\s+\S")
_EDS_LEAD = re.compile(r"^\s*\(?(?:eds?|editors?)\.?\)?[,.:]?\s+", re.I)


def _clean_title(span: str) -> str | None:
    """A title span without its quotes, a leading "eds." or what follows its closing quote."""
    span = _EDS_LEAD.sub("", span.strip(" .,;:\"“”'‘’"))
    m = _UNOPENED_CLOSE.match(span)
    if m:
        span = m.group("title")
    return span.strip(" .,;:\"“”'‘’") or None


def crf_fields(text: str) -> dict[str, object]:
    """Fields read from the CRF's token labels of `text` (an entry with identifiers removed)."""
    sp = crfspans.spans(text)
    out: dict[str, object] = {}
    if not sp:
        return out
    if "author" in sp:
        out["authors"], out["et_al"] = parse_author_segment(sp["author"][0])
    if "date" in sp:
        out["year"], out["year_suffix"], out["year_note"] = _span_year(" ".join(sp["date"]))
    if "title" in sp:
        out["title"] = _clean_title(sp["title"][0])
    if "container" in sp:
        out["container"] = _clean_container(_IN_PREFIX.sub("", sp["container"][0]).strip(' "“”'))
    if "volume" in sp:
        v = sp["volume"][0]
        m = re.search(r"\d+[A-Z]?", v)
        out["volume"] = m.group(0) if m else None
        iss = re.search(r"\(([^()]{1,20})\)", v)
        if iss:
            out["issue"] = iss.group(1).strip()
    if "issue" in sp:
        m = re.search(r"\d+[\w/-]*", sp["issue"][0])
        out["issue"] = m.group(0) if m else out.get("issue")
    if "pages" in sp:
        out["pages"], out["article_number"] = _span_pages(sp["pages"][0])
    if "publisher" in sp:
        out["publisher"] = sp["publisher"][0].strip(" .,;:") or None
    return out


_MONTHS = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
# What trails a title but belongs to the book's apparatus: translator, editor, edition, volumes.
_TITLE_TAIL = re.compile(
    r"[.,;]\s+(?:(?:Translated|Edited|Revised|Compiled|Introduced)\s+(?:by|and)\b"
    r"|Trans\.\s|Traduction\b|Übersetzt\b"
    r"|(?:Revised|Rev\.|Second|Third|New|\d+(?:st|nd|rd|th)\.?)\s+(?:ed\.|edn\.?|edition)"
    r"|\d+\s+vols?\b\.?|vols?\.\s*[\dIVXivx]+\b).*$"
    r"|\s*\([^()]*\b(?:ed\.|edn\b|edition|vols?\b|trans\.)[^()]*\)$",
    re.I,
)
# What trails a container: a special-issue note, an editor, a printed date.
_CONTAINER_TRAIL = re.compile(
    r"(?:[,:.]\s+Special Issue\b.*"
    r"|[.,]\s+(?:Ed\.|Eds\.|Edited by)\s.*"
    rf"|,?\s+(?:\d{{1,2}}\s+)?(?:{_MONTHS})(?:\s+\d{{1,2}}|\s*\(\d{{1,2}}\))?"
    r"|,\s*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
    r"|,?\s+N\.\s?p\b\.?"  # MLA's "no publisher"
    r"|,?\s+vol(?:ume)?\.?\s*[IVXLC\d]+"  # a volume of a collection
    r"|,\s+pp?)$",
    re.I,
)
# A venue printed in quotes after the title's end (Italian style): ..., “Journal of X”, 45/4
_QUOTED_VENUE = re.compile(
    r"^(?:[^“”\"]{1,80}?,\s+)?[“\"]?(?P<venue>[^“”\"]{3,120})[”\"](?:[,.;:]\s*\S*)?$"
)
# A title running on past its closing quote ("Title?’, Journal") or ending with "(2008)".
_PAST_QUOTE = re.compile(r"(?P<keep>.*?[^\s])[’”\"]\s*[,.]\s+\S.*$")
_TITLE_YEAR = re.compile(r"\s*\(\s*(?:1[5-9]\d\d|20\d\d)[a-z]?\s*\)$")
_OPENERS = {"’": "‘", "”": "“", '"': '"'}
# A span ending in a function word was cut short ("Neural Networks: A", "Review of").
_CUT_SHORT = re.compile(r"(?:\b(?:a|an|the|of|and|for|in|on|to|with|from|by|at)|[&:,-])$", re.I)


def _tidy(fields: ParsedFields) -> ParsedFields:
    """Drop a book's apparatus from the title and a date or editor from the container."""
    title, container = fields.title, fields.container
    if title:
        q = _PAST_QUOTE.match(title)
        if q and _OPENERS[title[len(q.group("keep"))]] not in q.group("keep"):
            title = q.group("keep")
        cut = _TITLE_YEAR.sub("", _TITLE_TAIL.sub("", title))
        title = _clean_title(cut) if len(cut) >= 3 else title
    if container:
        quoted = _QUOTED_VENUE.search(container)
        if quoted:
            container = quoted.group("venue")  # Adjustment, “Journal of Abnormal Psychology”, 45
        after = re.split(r"[’”\"]\s*[,.]\s+", container)
        if len(after) > 1 and container[:1].islower():
            container = after[-1]
        cut = _CONTAINER_TRAIL.sub("", container).strip(" ,.;:")
        container = cut if len(cut) >= 3 else container
    if (title, container) == (fields.title, fields.container):
        return fields
    return replace(fields, title=title, container=container)


def parse_reference(raw: str) -> ParsedFields:
    """Parse one printed reference (any common style) into its fields; never raises."""
    # No reference runs to thousands of characters: read only the start of a runaway "entry".
    raw = raw[:MAX_ENTRY_CHARS]
    text = clean_entry(raw)
    legal = fieldrules.parse_legal(text)
    if legal is not None:
        return legal
    ids = _pull_ids(text)
    fields = _parse_hybrid(raw, ids)
    informal = fieldrules.title_first(ids.text)
    if informal is not None and (
        not fields.authors
        or (_author_in(fields, informal[0]) and not _author_in(fields, _lead(informal[0])))
        or (informal[2] and fields.authors[0].family != informal[1].family)
    ):
        rest, author, et_al, year, suffix = informal
        sub = _parse_hybrid(rest, replace(ids, text=rest))
        fields = replace(
            fields,
            authors=(author,),
            et_al=et_al,
            year=year,
            year_suffix=suffix,
            title=sub.title or rest.strip(" ."),
            container=sub.container if sub.title else None,
        )
    org = fieldrules.organisation_lead(ids.text)
    if org is not None and (not fields.authors or _author_in(fields, org[0])):
        sub = _parse_hybrid(org[1], replace(ids, text=org[1]))
        if sub.title:
            fields = replace(sub, authors=(Author(family="", literal=org[0]),), et_al=False)
    fields = fieldrules.tidy_fields(fields, ids.text)
    if (
        fields.publisher
        and fields.container
        and re.search(
            re.escape(fields.container) + r"\s*:\s*" + re.escape(fields.publisher), ids.text
        )
    ):
        fields = replace(fields, container=None, type=fields.type or "book")  # Place: Publisher
    if fields.accessed and not (fields.volume or fields.pages or fields.type):
        fields = replace(fields, type="web")
    return fields


def _lead(text: str) -> str:
    """The first four words of `text`: where an author list printed first would be."""
    return " ".join(text.split()[:4])


def _author_in(fields: ParsedFields, text: str) -> bool:
    """Whether the parsed first author is only a word of `text` (a title or organisation)."""
    first = fields.authors[0] if fields.authors else None
    if first is None or first.literal == text:
        return False
    name = first.family or first.literal
    return bool(name) and re.search(rf"\b{re.escape(name)}\b", text) is not None


def _parse_hybrid(raw: str, ids: _Ids) -> ParsedFields:
    """The rules' parse with the CRF's fields where the CRF measures better."""
    rules = _parse_rules(raw, ids)
    if not crf.model_available():
        return rules
    learned = crf_fields(ids.text)
    if not learned:
        return _tidy(rules)
    merged = {k: v for k, v in learned.items() if k in HYBRID_CRF_FIELDS and v not in (None, ())}
    crf_authors = learned.get("authors")
    if (not rules.authors or _implausible_literal(rules.authors)) and crf_authors:
        merged["authors"], merged["et_al"] = crf_authors, learned.get("et_al", False)
    if rules.volume and (rules.pages or rules.article_number):
        # The structured locator patterns (20(9), 747-757) beat the CRF where they match.
        for name in ("volume", "issue", "pages", "article_number"):
            merged.pop(name, None)
    crf_title = merged.get("title")
    if (
        isinstance(crf_title, str)
        and rules.title
        and rules.title.startswith(crf_title)
        and re.fullmatch(r"(?:\s+[A-Z0-9][A-Z0-9-]+){1,2}", rules.title[len(crf_title) :])
    ):
        # The CRF sometimes leaves an upper-case last word (an acronym) out of the title.
        merged["title"] = rules.title
    for name in ("title", "container"):
        learned_span, rule_span = merged.get(name), getattr(rules, name)
        if (
            isinstance(learned_span, str)
            and rule_span
            and len(rule_span) > len(learned_span)
            and rule_span.startswith(learned_span)
            and _CUT_SHORT.search(learned_span)
        ):
            merged[name] = rule_span
    crf_container = merged.get("container")
    if (
        isinstance(crf_container, str)
        and rules.container
        and rules.container.endswith(crf_container)
        and re.fullmatch(r"[A-Z][a-z]+ ", rules.container[: -len(crf_container)])
    ):
        merged["container"] = rules.container
    return _tidy(replace(rules, **merged))  # type: ignore[arg-type]


def parse_reference_rules(raw: str) -> ParsedFields:
    """Parse one printed reference with the hand-written rules only."""
    raw = raw[:MAX_ENTRY_CHARS]
    return _parse_rules(raw, _pull_ids(clean_entry(raw)))


def _parse_rules(raw: str, ids: _Ids) -> ParsedFields:
    text = ids.text
    authors: tuple[Author, ...] = ()
    et_al = False
    year_m, year_kind = _find_year(text)
    body = text
    scan = scan_authors(text)
    if (
        year_m is not None
        and year_kind == "paren"
        and year_m.start() < 400
        and (
            scan is None
            or scan.end >= year_m.start() - 3
            or not text[: year_m.start()].count(". ") > 1
        )
    ):
        # Author-date (APA, Harvard): everything before the year is the author list.
        authors, et_al = parse_author_segment(text[: year_m.start()])
        body = text[year_m.end() :].lstrip(" .,:")
        if scan is not None and _implausible_literal(authors):
            # The year in parentheses came late (after the title): the names are the scan's.
            authors, et_al = scan.authors, scan.et_al
            body = _remove_span(text[scan.end :], text, year_m).lstrip(" .,:;")
    elif scan is not None:
        authors, et_al = scan.authors, scan.et_al
        body = text[scan.end :]
        after = _BARE_YEAR.match(body)
        if after:
            year_m = after
            body = body[after.end() :]
        body = body.lstrip(" .,:;")
    year, suffix, note = _year_fields(year_m)
    if year_m is not None and year_m.re is _ANY_YEAR and year_m.string is text:
        body = _remove_span(body, text, year_m)
    title, rest = _title_and_rest(body)
    container, tail = _container(rest)
    vol, iss, pages, art, _ = _locators(tail if container else rest)
    publisher = _publisher(rest) if not (vol or pages) else None
    if container and publisher and container.endswith(publisher):
        container = container[: -len(publisher)].strip(" ,.:") or None
    if container and re.fullmatch(r"[A-Z][\w .'-]{1,40}", container) and publisher:
        container = None
    values: dict[str, object] = {
        "container": container,
        "volume": vol,
        "pages": pages,
        "doi": ids.doi,
        "url": ids.url,
        "publisher": publisher,
    }
    return ParsedFields(
        authors=authors,
        et_al=et_al,
        year=year,
        year_suffix=suffix,
        year_note=note,
        title=title,
        container=container,
        volume=vol,
        issue=iss,
        pages=pages,
        article_number=art,
        doi=ids.doi,
        doi_raw=ids.doi_raw,
        url=ids.url,
        pmid=ids.pmid,
        pmcid=ids.pmcid,
        arxiv=ids.arxiv,
        publisher=publisher,
        type=ids.genre or _guess_type(raw, values),
        isbn=ids.isbn,
        accessed=ids.accessed,
        short_doi=ids.short_doi,
    )


def _implausible_literal(authors: tuple[Author, ...]) -> bool:
    """An organisation "author" too long or too sentence-like to be one (a title swallowed)."""
    if len(authors) != 1 or not authors[0].literal:
        return False
    literal = authors[0].literal
    return len(literal.split()) > 8 or bool(re.search(r"[\"“”‘’]|\w\w\. \S+ \S+ \S+", literal))


def _remove_span(body: str, text: str, m: re.Match[str]) -> str:
    """Drop a bare year found in `text` from `body` (a suffix of `text`) when it lies inside."""
    offset = len(text) - len(body)
    s, e = m.start() - offset, m.end() - offset
    if s < 0:
        return body
    before = body[:s].rstrip(" ,.;(")
    after = body[e:].lstrip(").")
    return f"{before}. {after}".strip(" .") if after.strip() else before
