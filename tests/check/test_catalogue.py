"""The rule catalogue: documentation, codes, names and selection."""

from __future__ import annotations

import re

import pytest

from refaudit.check import all_rules, find_rule, select_rules
from refaudit.check.base import DOC_SECTIONS, Rule
from refaudit.errors import ConfigError
from refaudit.model import Severity

RULES = all_rules()

EXPECTED = {
    "RA100": "parse-timeout",
    "RA101": "no-reference-list",
    "RA102": "unparsed-reference",
    "RA103": "incomplete-reference",
    "RA104": "duplicate-reference",
    "RA105": "uncited-reference",
    "RA106": "missing-reference",
    "RA107": "citation-year-mismatch",
    "RA108": "invalid-doi",
    "RA109": "bib-block-problem",
    "RA199": "internal-error",
    "RA201": "unknown-doi",
    "RA202": "wrong-doi",
    "RA203": "not-found",
    "RA204": "missing-doi",
    "RA205": "resolution-failed",
    "RA301": "title-mismatch",
    "RA302": "author-mismatch",
    "RA303": "year-mismatch",
    "RA304": "venue-mismatch",
    "RA305": "locator-mismatch",
    "RA401": "retracted-work",
    "RA402": "editorial-notice",
    "RA403": "preprint-has-publication",
    "RA501": "claim-mismatch",
    "RA502": "claim-text-missing",
    "RA503": "claim-reversed",
}


def test_catalogue_has_every_issue_rule_with_its_code() -> None:
    assert {r.code: r.name for r in RULES} == EXPECTED


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_has_documentation_sections_and_metadata(rule: type[Rule]) -> None:
    sections = rule.sections()
    assert set(sections) == set(DOC_SECTIONS)
    assert all(sections[s].strip() for s in DOC_SECTIONS)
    assert re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)*", rule.name)
    assert re.fullmatch(r"RA\d{3}", rule.code)
    assert isinstance(rule.severity, Severity)
    assert rule.summary and "\n" not in rule.summary


def test_network_rules_are_the_resolution_families() -> None:
    offline = {r.code[:3] for r in RULES if not r.needs_network}
    online = {r.code[:3] for r in RULES if r.needs_network}
    assert offline == {"RA1", "RA5"} and online == {"RA2", "RA3", "RA4"}


def test_issue_default_severities() -> None:
    severity = {r.name: r.severity for r in RULES}
    assert severity["unknown-doi"] is Severity.ERROR
    assert severity["wrong-doi"] is Severity.ERROR
    assert severity["not-found"] is Severity.WARNING
    assert severity["missing-doi"] is Severity.INFO
    assert severity["retracted-work"] is Severity.ERROR
    assert severity["editorial-notice"] is Severity.WARNING
    assert severity["preprint-has-publication"] is Severity.INFO
    assert severity["claim-mismatch"] is Severity.WARNING
    assert severity["venue-mismatch"] is Severity.WARNING
    assert severity["locator-mismatch"] is Severity.WARNING


def test_selection_by_code_name_prefix_and_all() -> None:
    assert [r.name for r in select_rules(["RA301"])] == ["title-mismatch"]
    assert [r.code for r in select_rules(["retracted-work"])] == ["RA401"]
    assert {r.code for r in select_rules(["RA4"])} == {"RA401", "RA402", "RA403"}
    assert select_rules(["ALL"]) == RULES
    ra1 = [r for r in RULES if r.code.startswith("RA1")]
    assert len(select_rules(["ALL"], ignore=["RA1", "claim-mismatch"])) == len(RULES) - len(ra1) - 1


def test_unknown_selector_raises_config_error() -> None:
    with pytest.raises(ConfigError):
        select_rules(["title-mismatchh"])
    with pytest.raises(ConfigError):
        select_rules(["ALL"], ignore=["RA9"])


def test_find_rule_by_name_or_code() -> None:
    found = find_rule("ra501")
    assert found is not None and found.name == "claim-mismatch"
    assert find_rule("nonexistent") is None
