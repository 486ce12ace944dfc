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
