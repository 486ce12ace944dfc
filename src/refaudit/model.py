"""The domain: frozen values that flow through parse -> resolve -> check -> report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How serious a finding is; ordered INFO < WARNING < ERROR."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


@dataclass(frozen=True, slots=True)
class Author:
    """One author as printed or registered. Organisations have `literal` set and no family."""

    family: str
    given: str = ""
    literal: str = ""

    @property
    def display(self) -> str:
        if self.literal:
            return self.literal
        return f"{self.family}, {self.given}".strip(", ")


@dataclass(frozen=True, slots=True)
class ParsedFields:
    """Fields read from one printed reference. Every field may be missing."""

    authors: tuple[Author, ...] = ()
    et_al: bool = False  # the printed list was truncated ("et al.", "...")
    year: int | None = None
    year_suffix: str = ""  # "a" in 2019a
    year_note: str = ""  # "n.d.", "in press"
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # as printed, e.g. "747-757" or "1-"
    article_number: str | None = None
    doi: str | None = None  # normalised with normalize_doi()
    doi_raw: str | None = None  # as printed, when it is not a valid DOI
    url: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    arxiv: str | None = None
    publisher: str | None = None
    type: str | None = None  # "journal-article", "book", "chapter", "web", ... when guessable
    isbn: str | None = None  # digits (and X) only, e.g. "0674802373"
    accessed: str | None = None  # access date as ISO 8601 ("2017-02-16"), when printed
    short_doi: str | None = None  # a shortDOI as printed, e.g. "10/cqjskf"


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of a reference list (or one record of a .bib file)."""

    n: int  # 1-based position in the list
    line: int  # 1-based line of the original file where the entry starts
    raw: str  # the entry's text, continuation lines joined
    fields: ParsedFields
    label: str | None = None  # "1", "[1]", "Smith2020" (bib key) ... as printed
    end_line: int | None = None
    key: str | None = None  # citation key, for .bib input
    list_name: str | None = None  # the list it belongs to, as headed ("References", "Notes")


@dataclass(frozen=True, slots=True)
class Citation:
    """One place in the text that cites one or more entries."""

    line: int
    text: str  # the citation as printed: "(Pokorny et al., 2017)", "[1, 3]"
    sentence: str  # the sentence it stands in
    references: tuple[int, ...]  # the `n` of each entry it cites
    kind: str = "author-year"  # author-year | narrative | numeric | footnote
    names: tuple[str, ...] = ()  # surnames as cited, for author-year citations
    year: str | None = None  # year as cited ("2019a"), for author-year citations
    unresolved: tuple[str, ...] = ()  # cited labels/keys that matched no entry


@dataclass(frozen=True, slots=True)
class IgnoreMarker:
    """An inline `refaudit: ignore[...]` marker: silences selectors on `line` and the next."""

    line: int
    selectors: tuple[str, ...]  # empty tuple means everything


@dataclass(frozen=True, slots=True)
class Document:
    """An input read and understood: its text, reference list and citations."""

    path: str  # as given on the command line ("-" for stdin)
    format: str  # text | markdown | html | docx | bibtex
    lines: tuple[str, ...]  # normalised text, one item per line of the original file
    references: tuple[Reference, ...] = ()
    citations: tuple[Citation, ...] = ()
    heading_line: int | None = None  # line of the references heading, if any
    list_start: int | None = None  # first line of the list
    list_end: int | None = None  # last line of the list
    ignores: tuple[IgnoreMarker, ...] = ()
    problems: tuple[tuple[int, str], ...] = ()  # (line, message): blocks that could not be read
    parse_timeout: float | None = None  # the budget (s) parsing exceeded; nothing was extracted


@dataclass(frozen=True, slots=True)
class Update:
    """An editorial update linked to a work: retraction, correction, new version ..."""

    type: str  # retraction | correction | expression_of_concern | withdrawal | new_version ...
    doi: str
    source: str = ""  # publisher | retraction-watch
    date: str = ""  # ISO date, possibly partial


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation of a work to another (Crossref `relation`): is-preprint-of, has-preprint ..."""

    type: str
    id: str
    id_type: str = "doi"


@dataclass(frozen=True, slots=True)
class Work:
    """A registered work, normalised from Crossref JSON or CSL-JSON."""

    doi: str
    title: str = ""
    authors: tuple[Author, ...] = ()
    year: int | None = None  # from `issued`
    issued: str = ""  # ISO date, possibly partial ("2018", "2018-06")
    published_print: str = ""
    published_online: str = ""
    container: str = ""
    short_container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    article_number: str = ""
    type: str = ""  # Crossref type: journal-article, posted-content, book-chapter ...
    publisher: str = ""
    abstract: str = ""  # plain text, markup removed
    abstract_source: str = ""  # where the abstract came from, when not the record itself
    subjects: tuple[str, ...] = ()
    issn: tuple[str, ...] = ()
    url: str = ""
    updated_by: tuple[Update, ...] = ()
    update_to: tuple[Update, ...] = ()
    relations: tuple[Relation, ...] = ()
    agency: str = "crossref"  # crossref | datacite | medra ... or the source: arxiv, openalex ...
    isbn: tuple[str, ...] = ()  # for books found by ISBN (Open Library), which have no DOI


class ResolutionStatus(str, Enum):
    VERIFIED = "verified"  # DOI given and it fits the entry
    MATCHED = "matched"  # found by bibliographic search
    DOI_MISMATCH = "doi-mismatch"  # the given DOI belongs to another work
    UNKNOWN_DOI = "unknown-doi"  # the given DOI is registered nowhere
    NOT_FOUND = "not-found"  # no acceptable candidate
    ERROR = "error"  # this reference failed after retries
    SKIPPED = "skipped"  # not resolved (offline run, nothing to search with)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A work considered for an entry, with its score and the fields that agreed."""

    work: Work
    score: float  # refaudit's validation score, 0..1
    search_score: float | None = None  # the service's relevance score
    agreed: tuple[str, ...] = ()
    disagreed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    """What resolving one reference gave: the work it describes, or why none."""

    status: ResolutionStatus
    method: str | None = None  # doi | search | doi+search
    doi: str | None = None  # DOI of the accepted work
    score: float | None = None
    work: Work | None = None
    printed_work: Work | None = None  # for doi-mismatch: the work the printed DOI belongs to
    candidates: tuple[Candidate, ...] = ()  # runner-ups / rejected candidates
    agreed: tuple[str, ...] = ()
    message: str = ""
    # A bug in refaudit while resolving this reference ("TypeError: ..."): the status is then
    # SKIPPED, and the internal-error rule reports it; empty when resolving ran normally.
    internal_error: str = ""


def registered_work(resolution: Resolution | None) -> Work | None:
    """The registered work the reference describes, when resolution accepted one."""
    if resolution is None or resolution.status not in (
        ResolutionStatus.VERIFIED,
        ResolutionStatus.MATCHED,
        ResolutionStatus.DOI_MISMATCH,
    ):
        return None
    return resolution.work


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found."""

    code: str
    rule: str
    severity: Severity
    message: str
    line: int
    path: str = ""
    reference: int | None = None
    expected: str | None = None
    found: str | None = None
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything known about one document after the audit."""

    document: Document
    resolutions: tuple[Resolution | None, ...] = ()  # index i belongs to references[i]
    findings: tuple[Finding, ...] = ()

    def resolution_for(self, n: int) -> Resolution | None:
        if 0 < n <= len(self.resolutions):
            return self.resolutions[n - 1]
        return None


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """An input that could not be read (missing, binary, a symlink loop ...) and why."""

    path: str
    message: str  # one line naming the file and the problem


@dataclass(frozen=True, slots=True)
class AuditResult:
    documents: tuple[DocumentResult, ...] = ()
    offline: bool = True
    unreachable: bool = False  # the services could not be reached at all
    notes: tuple[str, ...] = field(default_factory=tuple)
    skipped: tuple[SkippedInput, ...] = ()  # inputs not read; the others were still audited

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for d in self.documents for f in d.findings)
