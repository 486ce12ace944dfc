"""Claim check, term by term: every type of term, roles, broader terms, codes and numbers."""

from __future__ import annotations

from refaudit.check.claims import ClaimMismatch, load_vocabulary
from refaudit.check.claims.matching import terms_in
from refaudit.check.claims.patterns import pattern_mentions, stem_class
from refaudit.model import Finding
from tests.check.factories import (
    make_citation,
    make_context,
    make_reference,
    make_resolution,
    make_work,
)


def judge(sentence: str, title: str, abstract: str = "") -> list[Finding]:
    """Findings for `sentence` citing one resolved work with this title and abstract."""
    work = make_work(title=title, abstract=abstract, authors=("Okafor, B.",), year=2019)
    ref = make_reference(1, authors=("Okafor, B.",), year=2019, title=title)
    citation = make_citation(sentence, 1)
    return list(ClaimMismatch().check(make_context([ref], [make_resolution(work)], [citation])))


def found(sentence: str, title: str, abstract: str = "") -> list[str]:
    return [f.found or "" for f in judge(sentence, title, abstract)]


def test_sibling_drug_is_flagged_even_when_another_term_matches() -> None:
    title = "Valsartan and cardiovascular outcomes in heart failure"
    assert found("Candesartan improved heart failure outcomes (Okafor, 2019).", title) == [
        "Candesartan"
    ]
    assert found("Valsartan improved heart failure outcomes (Okafor, 2019).", title) == []


def test_inn_stems_give_the_class_and_the_class_covers_its_members() -> None:
    assert stem_class("telmisartan") == "arb" and stem_class("gefitinib") == "kinase_inhibitor"
    assert stem_class("apricot") == ""
    title = "Telmisartan lowers blood pressure in older adults"
    assert (
        found("An angiotensin receptor blocker lowered blood pressure (Okafor, 2019).", title) == []
    )


def test_a_broader_term_does_not_cover_a_member_when_the_work_names_a_sibling() -> None:
    abstract = "We studied oral anticoagulants. Patients received apixaban or placebo."
    sentence = "Dabigatran reduced stroke (Okafor, 2019)."
    assert found(sentence, "Anticoagulation after stroke", abstract) == ["Dabigatran"]
    assert found(sentence, "Anticoagulation after stroke", "We studied anticoagulants.") == []


def test_organisms_compare_within_their_role() -> None:
    abstract = "Mice were infected with HIV-1 and followed for 8 weeks."
    assert (
        found("HIV-1 replicated in mice (Okafor, 2019).", "HIV-1 in humanised mice", abstract) == []
    )
    assert found("Guinea pigs were infected (Okafor, 2019).", "HIV-1 in mice", abstract) == [
        "Guinea pigs"
    ]
    title = "Klebsiella pneumoniae colonisation in neonates"
    assert found("Pseudomonas aeruginosa colonised the gut (Okafor, 2019).", title) == [
        "Pseudomonas aeruginosa"
    ]


def test_conditions_by_list_by_ending_and_by_spelling() -> None:
    title = "Haemorrhage after tonsillectomy in type 2 diabetes"
    assert (
        found("Hemorrhage followed tonsillectomy in type 2 diabetes (Okafor, 2019).", title) == []
    )
    assert found("Bleeding was rare in type 1 diabetes (Okafor, 2019).", title) == [
        "type 1 diabetes"
    ]
    assert found("Ulcerative colitis flared (Okafor, 2019).", "Sarcoidosis and nephritis") == [
        "Ulcerative colitis"
    ]


def test_populations_and_age_ranges() -> None:
    title = "Sleep in adolescents aged 13 to 17 years"
    assert found("Sleep improved in older adults (Okafor, 2019).", title) == ["older adults"]
    assert found("Sleep improved in people aged 40 to 60 (Okafor, 2019).", title) == [
        "aged 40 to 60"
    ]
    assert found("Sleep improved in adolescents aged 13 to 17 (Okafor, 2019).", title) == []


def test_study_design_is_judged_against_the_design_the_title_gives() -> None:
    title = "Exercise and falls: a prospective cohort study"
    abstract = "Unlike randomized trials, cohort studies follow people for long periods."
    assert found(
        "A randomised trial (Okafor, 2019) linked exercise to fewer falls.", title, abstract
    ) == ["randomised trial"]
    meta = "Exercise and falls: a systematic review and meta-analysis"
    sentence = "A meta-analysis of randomized trials (Okafor, 2019) linked exercise to fewer falls."
    assert found(sentence, meta, "We pooled 12 randomized trials.") == []
    assert found("A phase 3 trial (Okafor, 2019) reduced falls.", meta) == ["phase 3 trial"]


def test_codes_by_shape_and_class() -> None:
    kinds = {(m.term, m.role) for m in pattern_mentions("XQ-4471, BRAF V600E, clone 7H12, IL-2")}
    assert kinds == {("xq4471", "code"), ("v600e", "mutation"), ("7h12", "clone")}
    abstract = "The vaccine candidate ZX-0917 was given twice. ZX-0917 elicited antibodies."
    assert found("ZX-0971 elicited antibodies (Okafor, 2019).", "A vaccine trial", abstract) == [
        "ZX-0971"
    ]
    assert found("ZX 0917 elicited antibodies (Okafor, 2019).", "A vaccine trial", abstract) == []


def test_numbers_compare_within_their_unit_and_allow_rounding_and_conversion() -> None:
    abstract = "Patients took 500 mg twice daily; 31.6% responded, about 3 per 1,000 had seizures."
    title = "A trial of levetiracetam"
    assert found("A dose of 0.5 g helped (Okafor, 2019).", title, abstract) == []
    assert found("About 32% responded to 500 mg (Okafor, 2019).", title, abstract) == []
    assert found("Seizures affected 1 in 330 (Okafor, 2019).", title, abstract) == []
    assert found("A dose of 250 mg helped (Okafor, 2019).", title, abstract) == ["250 mg"]
    assert found("Seizures affected 1 in 30 (Okafor, 2019).", title, abstract) == ["1 in 30"]
    assert found("In 12 weeks, 31.6% responded (Okafor, 2019).", title, abstract) == []


def test_message_quotes_both_sides_and_the_abstract_sentence() -> None:
    abstract = "Background matters. Adults with asthma received montelukast for a year."
    [f] = judge("Zafirlukast eased asthma in adults (Okafor, 2019).", "Asthma care", abstract)
    assert '"Zafirlukast"' in f.message and '"montelukast"' in f.message
    assert "abstract sentence 2" in f.message and f.severity.value == "warning"
    assert f.expected == "montelukast" and f.found == "Zafirlukast"


def test_no_text_means_no_guess() -> None:
    assert found("Zafirlukast eased asthma (Okafor, 2019).", "") == []


def test_words_are_matched_whole_and_joined_only_where_the_text_joins_them() -> None:
    vocab = load_vocabulary()
    kinds = {(m.kind, m.term) for m in terms_in(vocab, "In patients, post traumatic stress")}
    assert ("population", "hospital") not in kinds and ("condition", "ptsd") in kinds
    assert ("organism", "rat") not in {(m.kind, m.term) for m in terms_in(vocab, "high rates")}
