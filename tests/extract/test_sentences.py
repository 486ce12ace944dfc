"""The citing sentence: whole, never cut at abbreviations, initials or decimal numbers."""

from __future__ import annotations

import pytest

from refaudit.extract.sentences import pysbd_sentences, regex_sentences

TEXT = (
    "Earlier work exists. In a cohort study, Moreau et al. [4] found that 1.5 mg vs. 3 mg "
    "(Fig. 2) changed e.g. sleep. A. B. Lindqvist et al. (2011) agreed. Then came more [5]."
)


@pytest.mark.parametrize("split", [pysbd_sentences, regex_sentences])
def test_sentences_are_not_cut_at_et_al_fig_vs_or_decimals(split: object) -> None:
    spans = split(TEXT)  # type: ignore[operator]
    sentences = [TEXT[a:b].strip() for a, b in spans]
    assert sentences == [
        "Earlier work exists.",
        "In a cohort study, Moreau et al. [4] found that 1.5 mg vs. 3 mg (Fig. 2) changed "
        "e.g. sleep.",
        "A. B. Lindqvist et al. (2011) agreed.",
        "Then came more [5].",
    ]


def test_a_run_longer_than_any_sentence_is_cut_into_bounded_pieces() -> None:
    from refaudit.extract.sentences import Paragraph

    text = "Seen in " + "[1], " * 3000 + "and more."
    para = Paragraph(text, [0], [1])
    pieces = {para.sentence_index(i): para.sentence_at(i) for i in range(len(text))}
    assert max(len(p) for p in pieces.values()) <= 1000
    # The pieces still cover the text: nothing is lost between them.
    assert sum(len(p) + 1 for p in pieces.values()) >= len(text)


def test_a_long_real_sentence_is_kept_whole() -> None:
    from refaudit.extract.sentences import Paragraph

    sentence = "We found " + ", ".join(f"effect {i} in cohort {i}" for i in range(60)) + " [2]."
    assert 1000 < len(sentence) < 2000
    para = Paragraph(sentence + " Then more.", [0], [1])
    assert para.sentence_at(10) == sentence
