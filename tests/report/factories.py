"""A small hand-built AuditResult covering every case the reporters must show, and fake rules."""

from __future__ import annotations

from collections.abc import Iterator

from refaudit.check.base import Rule, RuleContext
from refaudit.model import (
    AuditResult,
    Author,
    Candidate,
    Citation,
    Document,
    DocumentResult,
    Finding,
    ParsedFields,
    Reference,
    Resolution,
    ResolutionStatus,
    Severity,
    Work,
)

ARTICLE = "docs/article.md"
DRAFT = "chapters/intro, draft.md"


class _FakeRule(Rule):
    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        return iter(())


def _rule(code: str, name: str, severity: Severity, summary: str) -> type[Rule]:
    doc = (
        f"{summary}\n\nWhat it checks:\n    The {name} condition.\n\nWhy it matters:\n"
        f"    Readers follow references.\n\nExample:\n    An entry with {name}.\n\n"
        "Fix:\n    Correct the entry."
    )
    attrs: dict[str, object] = {
        "code": code,
        "name": name,
        "severity": severity,
        "summary": summary,
        "__doc__": doc,
    }
    return type(f"Rule{code}", (_FakeRule,), attrs)


RULES: tuple[type[Rule], ...] = (
    _rule("RA001", "missing-reference", Severity.ERROR, "A citation has no entry in the list."),
    _rule("RA005", "incomplete-reference", Severity.WARNING, "An entry is truncated."),
    _rule("RA201", "wrong-doi", Severity.ERROR, "The printed DOI belongs to another work."),
    _rule("RA202", "not-found", Severity.WARNING, "No registered work matches the entry."),
    _rule("RA203", "missing-doi", Severity.INFO, "The work has a DOI the entry does not print."),
    _rule("RA301", "title-mismatch", Severity.ERROR, "The printed title differs."),
    _rule("RA501", "claim-mismatch", Severity.WARNING, "The citing sentence does not fit."),
)


def _f(
    path: str,
    code: str,
    rule: str,
    severity: Severity,
    message: str,
    line: int,
    reference: int | None = None,
    *,
    expected: str | None = None,
    found: str | None = None,
    fix: str | None = None,
) -> Finding:
    return Finding(code, rule, severity, message, line, path, reference, expected, found, fix)


def _ref(n: int, line: int, raw: str, fields: ParsedFields) -> Reference:
    return Reference(n=n, line=line, raw=raw, fields=fields, label=f"{n}.")


OKAFOR = Work(
    doi="10.5555/jss.2019.045",
    title="Sleep and memory consolidation in adolescents",
    authors=(Author("Okafor", "Adaeze"), Author("Lindqvist", "Bo")),
    year=2019,
    issued="2019-03",
    published_print="2019-03",
    published_online="2018-11-20",
    container="Journal of Sleep Studies",
    volume="12",
    issue="3",
    pages="45-60",
    type="journal-article",
    publisher="Example Press",
    abstract="We followed 120 adolescents for a year.",
    url="https://doi.org/10.5555/jss.2019.045",
)
RIGHT = Work(
    doi="10.5555/cog.2020.7",
    title="Attention restoration in urban parks",
    authors=(Author("Marchetti", "Lucia"),),
    year=2020,
    container="Cognition and Environment",
    volume="4",
    article_number="e107",
    type="journal-article",
)
PRINTED = Work(doi="10.5555/cog.2020.8", title="Noise exposure and blood pressure", year=2020)
TEAM = Work(
    doi="10.5555/ws.2021.3",
    title="Walking, sleep and mood: a diary study",
    authors=(Author("", literal="Wellbeing Study Group"),),
    year=2021,
    container="Health Diaries",
    volume="9",
    pages="1-12",
)


def article() -> DocumentResult:
    refs = (
        _ref(
            1,
            20,
            "1. Okafor, A., & Lindqvist, B. (2019). Sleep and memory consolidation in "
            "adolescents. Journal of Sleep Studies, 12(3), 45-60. "
            "https://doi.org/10.5555/jss.2019.045",
            ParsedFields(
                authors=(Author("Okafor", "A."), Author("Lindqvist", "B.")),
                year=2019,
                title="Sleep and memory consolidation in adolescents",
                container="Journal of Sleep Studies",
                volume="12",
                issue="3",
                pages="45-60",
                doi="10.5555/jss.2019.045",
            ),
        ),
        _ref(
            2,
            21,
            "2. Marchetti, L. (2020). Attention restoration in urban parks. Cognition and "
            "Environment, 4, e107. doi:10.5555/cog.2020.8",
            ParsedFields(
                authors=(Author("Marchetti", "L."),),
                year=2020,
                title="Attention restoration in urban parks",
                container="Cognition and Environment",
                volume="4",
                article_number="e107",
                doi="10.5555/cog.2020.8",
            ),
        ),
        _ref(
            3,
            22,
            "3. Brandt, K., Osei, F., & Tanaka, H. (2022). Quantum gardening for the mind. "
            "Journal of Imaginary Results, 1(1), 1-9.",
            ParsedFields(
                authors=(Author("Brandt", "K."), Author("Osei", "F."), Author("Tanaka", "H.")),
                year=2022,
                title="Quantum gardening for the mind",
                container="Journal of Imaginary Results",
                volume="1",
                issue="1",
                pages="1-9",
            ),
        ),
        _ref(
            4,
            23,
            "4. Wellbeing Study Group. (2021). Walking, sleep and mood. Health Diaries, 9, 1-12.",
            ParsedFields(
                authors=(Author("", literal="Wellbeing Study Group"),),
                year=2021,
                title="Walking, sleep and mood",
                container="Health Diaries",
                volume="9",
                pages="1-12",
            ),
        ),
        _ref(
            5,
            24,
            "5. Haddad, R. (2018). Light at night. Chronobiology Letters, 3, 88-",
            ParsedFields(
                authors=(Author("Haddad", "R."),),
                year=2018,
                title="Light at night",
                container="Chronobiology Letters",
                volume="3",
                pages="88-",
            ),
        ),
    )
    citations = (
        Citation(3, "(Okafor & Lindqvist, 2019)", "Sleep helps (Okafor & Lindqvist, 2019).", (1,)),
        Citation(5, "Marchetti (2020)", "Marchetti (2020) studied parks.", (2,), kind="narrative"),
        Citation(7, "(Brandt et al., 2022; Haddad, 2018)", "Light matters.", (3, 5)),
        Citation(9, "(Wellbeing Study Group, 2021)", "Walking helps mood.", (4,)),
        Citation(11, "(Nguyen, 2021)", "Diet matters too.", (), unresolved=("Nguyen 2021",)),
    )
    resolutions = (
        Resolution(ResolutionStatus.VERIFIED, "doi", OKAFOR.doi, 0.98, OKAFOR),
        Resolution(
            ResolutionStatus.DOI_MISMATCH,
            "doi+search",
            RIGHT.doi,
            0.91,
            RIGHT,
            printed_work=PRINTED,
        ),
        Resolution(
            ResolutionStatus.NOT_FOUND,
            "search",
            candidates=(
                Candidate(Work(doi="10.5555/jir.2021.2", title="Gardening and mood"), 0.41),
                Candidate(Work(doi="10.5555/qb.2019.5", title="Quantum biology"), 0.22),
            ),
        ),
        Resolution(ResolutionStatus.MATCHED, "search", TEAM.doi, 0.87, TEAM),
        None,
    )
    p = ARTICLE
    findings = (
        _f(
            p,
            "RA001",
            "missing-reference",
            Severity.ERROR,
            "(Nguyen, 2021) cites no entry of the reference list",
            11,
        ),
        _f(
            p,
            "RA201",
            "wrong-doi",
            Severity.ERROR,
            "DOI 10.5555/cog.2020.8 belongs to another work: Noise exposure and blood pressure",
            21,
            2,
            expected=RIGHT.doi,
            found=PRINTED.doi,
            fix="replace the DOI with 10.5555/cog.2020.7",
        ),
        _f(
            p,
            "RA202",
            "not-found",
            Severity.WARNING,
            "no registered work matches this entry; nearest: Gardening and mood "
            "(10.5555/jir.2021.2)",
            22,
            3,
        ),
        _f(
            p,
            "RA301",
            "title-mismatch",
            Severity.WARNING,
            "the title is cut short: [-Walking, sleep and mood-] {+Walking, sleep and mood: "
            "a diary study+}",
            23,
            4,
            expected=TEAM.title,
            found="Walking, sleep and mood",
            fix=TEAM.title,
        ),
        _f(
            p,
            "RA203",
            "missing-doi",
            Severity.INFO,
            "the work has a DOI the entry does not print",
            23,
            4,
            fix="add https://doi.org/10.5555/ws.2021.3",
        ),
        _f(
            p,
            "RA005",
            "incomplete-reference",
            Severity.WARNING,
            "the page range stops at 88-",
            24,
            5,
            found="88-",
        ),
    )
    lines = tuple(f"line {i}" for i in range(1, 25))
    document = Document(
        path=p,
        format="markdown",
        lines=lines,
        references=refs,
        citations=citations,
        heading_line=18,
        list_start=20,
        list_end=24,
    )
    return DocumentResult(document, resolutions, findings)


def draft() -> DocumentResult:
    ref = _ref(
        1,
        6,
        "[1] A. Okafor and B. Lindqvist, Sleep and memory consolidation in adolescents, "
        "J. Sleep Stud., vol. 12, no. 3, pp. 45-60, 2019.",
        ParsedFields(
            authors=(Author("Okafor", "A."), Author("Lindqvist", "B.")),
            year=2019,
            title="Sleep and memory consolidation in adolescents",
            container="J. Sleep Stud.",
            volume="12",
            issue="3",
            pages="45-60",
        ),
    )
    citation = Citation(2, "[1]", "Naps in adults improve memory [1].", (1,), kind="numeric")
    finding = _f(
        DRAFT,
        "RA501",
        "claim-mismatch",
        Severity.WARNING,
        "the sentence says adults, the work studies adolescents:\n"
        "abstract: We followed 120 adolescents for a year.",
        2,
        1,
        expected="adolescents",
        found="adults",
    )
    resolution = Resolution(ResolutionStatus.MATCHED, "search", OKAFOR.doi, 0.95, OKAFOR)
    document = Document(
        path=DRAFT,
        format="text",
        lines=("Intro", "Naps in adults improve memory [1].", "", "", "References", "[1] ..."),
        references=(ref,),
        citations=(citation,),
        heading_line=5,
    )
    return DocumentResult(document, (resolution,), (finding,))


def audit_result() -> AuditResult:
    """Two documents: every resolution status worth showing, findings of every severity."""
    return AuditResult(documents=(article(), draft()), offline=False)


def empty_result() -> AuditResult:
    """A clean run over one document that has no reference list."""
    doc = Document(path="empty.txt", format="text", lines=("Nothing cited here.",))
    return AuditResult(documents=(DocumentResult(doc),), offline=True)
