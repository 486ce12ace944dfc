"""The CRF's token features: the fast paths give the values the shipped model was trained on."""

from __future__ import annotations

import re

import pytest

from refaudit.extract import crf

_RUN = re.compile(r"(.)\1{2,}")

ENTRIES = [
    "Smith, J. A., & O'Brien, K. (2019). Self-compassion in practice. J. Clin. Psychol., 75(3), "
    "401-415. https://doi.org/10.1002/jclp.22345",
    'WANG X, Müller-Lüdenscheidt ß, et al. "Ååå ÉÉÉ" Zeitschrift 1999;12:e0123456 [PMID 1234567]',
    "T. H. Pokorny, Proc. IEEE Conf. ..., vol. 3, no. 12, pp. 1111--2222, Mar. 2020. ISBN 978-0",
    "“Quoted title?” Nature 521.7553 (2015): 436–444. Web. 16 Feb. 2017.",
    "A",
]


def _reference_shape(tok: str) -> str:
    """The token shape as first written (every char mapped, then one regex collapse)."""
    chars = []
    for c in tok[:12]:
        if c.isdigit():
            chars.append("d")
        elif c.isupper():
            chars.append("X")
        elif c.isalpha():
            chars.append("x")
        else:
            chars.append(c)
    return _RUN.sub(r"\1\1", "".join(chars))[:8]


@pytest.mark.parametrize(
    "tok",
    [t for e in ENTRIES for t in e.split()]
    + ["xxxx...----", "aaaAAA111", "ÄÄÄÄxx", "ßßß", "1111111111111", "---", "..", "Xx", "٣٣٣٣"],
)
def test_shape_matches_the_general_collapse(tok: str) -> None:
    # ASCII digits only: the fast path maps 0-9, str.isdigit() also takes other scripts' digits,
    # which the non-ASCII branch handles the original way.
    assert crf._shape(tok) == _reference_shape(tok)


def test_features_unchanged_with_a_cold_cache_and_the_reference_shape(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tokens = [crf.tokenize(e) for e in ENTRIES]
    fast = [crf.features(t) for t in tokens]
    again = [crf.features(t) for t in tokens]  # served from the per-token cache
    uncached = crf._token_features.__wrapped__
    monkeypatch.setattr(crf, "_shape", _reference_shape)
    monkeypatch.setattr(crf, "_token_features", uncached)
    slow = [crf.features(t) for t in tokens]
    assert fast == again == slow
    assert all(len(f) == len(t) for f, t in zip(fast, tokens, strict=True))
    assert any("shape=Xx" in item for item in fast[0][0])
