"""Property: odd Crossref records (no authors, editors only, organisations, no title, several
titles, no year, [[null]] dates, markup in titles, huge author lists) go through matching,
every rule, every report format and every export without an exception or internal error."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refaudit.check import all_rules, run_checks
from refaudit.check.base import RuleContext
from refaudit.export import FORMATS as EXPORTS
from refaudit.export import export
from refaudit.export.fix import fix_document
from refaudit.extract.fields import parse_reference
from refaudit.model import (
    AuditResult,
    Document,
    DocumentResult,
    Reference,
    Resolution,
    ResolutionStatus,
)
from refaudit.report import FORMATS, render
from refaudit.resolve import match
from refaudit.resolve.crossref import work_from_message

RAW = "Smith, J., & Ngata, T. (2019). Growth of fish in cold water. J. Fish Biol., 12(3), 45-67."

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
person = st.one_of(
    st.fixed_dictionaries({"family": names}, optional={"given": names, "sequence": names}),
    st.fixed_dictionaries({"name": names}),  # an organisation
    st.fixed_dictionaries({"given": names}),  # a mononym
    st.fixed_dictionaries({}),
)
people = st.one_of(
    st.lists(person, max_size=4),
    st.lists(person, min_size=300, max_size=600),  # consortium papers
)
titles = st.one_of(
    st.just([]),
    st.lists(names, min_size=1, max_size=3),
    st.just(["<i>In vivo</i> growth of <mml:math><mml:mi>β</mml:mi></mml:math> cells"]),
    st.just(["Growth of fish in cold water", "Croissance des poissons"]),
)
dates = st.one_of(
    st.just({"date-parts": [[None]]}),
    st.just({"date-parts": []}),
    st.just({"date-parts": [[2019, 5]]}),
    st.just({"date-parts": [["2019"]]}),
    st.just({}),
    st.just("2019"),
)
records = st.fixed_dictionaries(
    {"DOI": st.just("10.5555/odd.1")},
    optional={
        "type": st.sampled_from(["journal-article", "book", "book-chapter", "component", ""]),
        "title": titles,
        "subtitle": titles,
        "author": people,
        "editor": people,
        "container-title": titles,
        "issued": dates,
        "published-print": dates,
        "published-online": dates,
        "volume": names,
        "issue": names,
        "page": st.one_of(names, st.just("45-67"), st.just("e1001")),
        "article-number": names,
        "relation": st.just({"is-preprint-of": [{"id": "10.5555/x", "id-type": "doi"}]}),
        "updated-by": st.just([{"type": "retraction", "DOI": "10.5555/r"}]),
    },
)


def _document(ref: Reference) -> Document:
    lines = ("Text (Smith & Ngata, 2019).", "", "References", "", RAW)
    return Document(
        path="a.txt",
        format="text",
        lines=lines,
        references=(ref,),
        heading_line=3,
        list_start=5,
        list_end=5,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=records, status=st.sampled_from(list(ResolutionStatus)))
def test_odd_records_pass_through_every_stage(
    message: dict[str, Any], status: ResolutionStatus
) -> None:
    work = work_from_message(message)
    ref = Reference(n=1, line=5, raw=RAW, fields=parse_reference(RAW))
    best, rest = match.choose(ref.fields, ref.raw, [(work, 12.0)])
    assert best is None or best.work.doi == work.doi
    match.is_other_work(ref.fields, ref.raw, work)
    resolution = Resolution(
        status=status, doi=work.doi, work=work, printed_work=work, candidates=rest
    )
    doc = _document(ref)
    ctx = RuleContext(document=doc, resolutions=(resolution,), offline=False)
    findings = run_checks(ctx, all_rules())
    assert not [f for f in findings if f.rule == "internal-error"], findings
    result = AuditResult(documents=(DocumentResult(doc, (resolution,), findings),), offline=False)
    for fmt in FORMATS:
        assert isinstance(render(result, fmt, rules=all_rules(), width=100, color=False), str)
    for to in EXPORTS:
        assert isinstance(export(result.documents[0], to), str)
    fix_document(result.documents[0])
