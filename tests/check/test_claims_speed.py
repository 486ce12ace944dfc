"""Claim check's fast paths give what the plain definitions give (terms found, folded words)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from refaudit.check.claims import load_vocabulary
from refaudit.check.claims.matching import _inside_another_kind, terms_in
from refaudit.check.claims.patterns import stem_drugs, suffix_conditions
from refaudit.check.claims.vocabulary import Mention, fold_token, fold_words, prepare_text

_KINDS = st.sampled_from(["substance", "organism", "condition"])


@st.composite
def _mentions(draw: st.DrawFn) -> list[Mention]:
    out = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, 40))
        end = start + draw(st.integers(0, 15))
        out.append(Mention(draw(_KINDS), "t", "x", start, end))
    return out


@given(_mentions())
def test_inside_another_kind_is_the_all_pairs_definition(mentions: list[Mention]) -> None:
    brute = {
        k
        for k, m in enumerate(mentions)
        if any(
            o.kind != m.kind
            and o.start <= m.start
            and m.end <= o.end
            and o.end - o.start > m.end - m.start
            for o in mentions
        )
    }
    assert _inside_another_kind(mentions) == brute


def test_a_term_inside_a_longer_one_of_another_kind_is_dropped() -> None:
    vocab = load_vocabulary(())
    text = "Cattle with bovine spongiform encephalopathy were culled."
    kinds = {m.kind for m in terms_in(vocab, text) if m.text == "bovine"}
    assert "organism" not in kinds


@given(st.text(alphabet="aeiousrzntocAEOU", min_size=1, max_size=14))
def test_fold_token_skips_only_rules_that_cannot_apply(token: str) -> None:
    t = token.lower()
    t = re.sub(r"ae", "e", t)
    t = re.sub(r"oe(?=[a-z])", "e", t)
    t = re.sub(r"our\b", "or", t)
    t = re.sub(r"(?<=[a-z]{3})is(?=e|ed|es|ing|ation)", "iz", t)
    t = re.sub(r"(?<=[^\W\d_]{3})s$", "", t)
    assert fold_token(token) == t


def test_accents_go_but_other_letters_stay() -> None:
    assert prepare_text("naïve Ørsted café – x") == "naive Ørsted cafe - x"
    assert fold_words("Haemorrhage, tumour") == " hemorrhage tumor "


def test_words_found_by_ending_are_found_at_each_place() -> None:
    text = "Atorvastatin with colitis; later atorvastatin and Colitis again (pre-colitis)."
    drugs = [(m.start, m.text) for m in stem_drugs(text)]
    assert drugs == [(0, "Atorvastatin"), (33, "atorvastatin")]
    conditions = [m.text for m in suffix_conditions(text)]
    assert conditions == ["colitis", "Colitis"]
