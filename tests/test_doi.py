"""DOIs are data, never syntax: the DOI syntax rules, and one path segment per DOI."""

from __future__ import annotations

import pytest

from refaudit.doi import is_valid_doi, normalize_doi, quote_doi


@pytest.mark.parametrize(
    "text",
    [
        "10.1234/../../__stats",
        "10.1234/?a=b",
        "10.1234/./x",
        "10.1234/x#frag",
        "10.1234/",
        "10.1234/a\\b",
        "10.12/abc",  # registrant codes have at least four digits
    ],
)
def test_text_that_breaks_the_doi_syntax_is_no_doi(text: str) -> None:
    assert normalize_doi(text) is None


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("https://doi.org/10.1234/abc?utm_source=x", "10.1234/abc"),
        ("doi:10.1093/ijnp/pyx047.", "10.1093/ijnp/pyx047"),
        (
            "10.1002/(SICI)1097-4636(199908)46:2<236::AID-JBM13>3.0.CO;2-N",
            "10.1002/(sici)1097-4636(199908)46:2<236::aid-jbm13>3.0.co;2-n",
        ),
        ("10.48550/arXiv.2201.06719", "10.48550/arxiv.2201.06719"),
    ],
)
def test_valid_dois_are_kept(text: str, doi: str) -> None:
    assert normalize_doi(text) == doi
    assert is_valid_doi(doi)


def test_a_doi_is_quoted_into_one_path_segment() -> None:
    quoted = quote_doi("10.1002/(sici)1097-4636(199908)46:2<236::aid-jbm13>3.0.co;2-n")
    assert "/" not in quoted and "<" not in quoted and ";" not in quoted
