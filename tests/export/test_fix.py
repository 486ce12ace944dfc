from __future__ import annotations

from dataclasses import replace

import pytest

from refaudit.errors import ConfigError
from refaudit.export.fix import (
    detect_style,
    entry_prefix,
    fix_document,
    format_authors,
    unified_diff,
)
from refaudit.model import (
    Document,
    DocumentResult,
    Finding,
    ParsedFields,
    Reference,
    Resolution,
    ResolutionStatus,
    Severity,
)
from tests.export.factories import work

ARTICLE = "\n".join(
    (
        "Intro text citing Pokorny et al. (2017) and Timmermann et al. (2019).",
        "",
        "References",
        "",
        "  1. Pokorny, T., Preller, K. H., Kometer, M., Dziobek, I., & Vollenweider, F. X."
        " (2017). Effect of Psilocybin on Empathy and Moral Decision-Making. International"
        " Journal of Neuropsychopharmacology, 20(9), 747–757.",
        "",
        "  2. Timmermann, C., Roseman, L., Schartner, M., ... & Carhart-Harris, R. L. (2019)."
        " Neural correlates of the DMT experience assessed with multivariate EEG. Scientific"
        " Reports, 9(1), 1-",
        "",
        "  3. Nobody, A. (2001). Not in any registry. Journal of Nothing, 1, 1-2.",
        "",
        "Closing prose (2017) stays as it is.",
    )
)


def _result(findings_for: tuple[int, ...] = (1, 2, 3), rule: str = "missing-doi") -> DocumentResult:
    lines = tuple(ARTICLE.splitlines())
    refs, resolutions = [], []
    for n, (line, index) in enumerate(((5, 0), (7, 4), (9, None)), start=1):
        raw = lines[line - 1].strip()
        refs.append(Reference(n, line, raw, ParsedFields(year=int(raw.split("(")[1][:4]))))
        if index is None:
            resolutions.append(Resolution(ResolutionStatus.NOT_FOUND))
        else:
            resolutions.append(Resolution(ResolutionStatus.VERIFIED, work=work(index)))
    findings = tuple(
        Finding("RA101", rule, Severity.WARNING, "m", refs[n - 1].line, reference=n)
        for n in findings_for
    )
    doc = Document("draft.md", "markdown", lines, tuple(refs))
    return DocumentResult(doc, tuple(resolutions), findings)


def _changed_lines(old: str, new: str) -> set[int]:
    a, b = old.splitlines(), new.splitlines()
    assert len(a) == len(b)
    return {i + 1 for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y}


def test_fix_touches_only_resolved_reference_lines() -> None:
    new = fix_document(_result(), original=ARTICLE)
    assert _changed_lines(ARTICLE, new) == {5, 7}
    assert new.endswith("stays as it is.")  # no newline added where there was none


def test_fix_adds_doi_keeps_label_and_completes_truncated_entry() -> None:
    lines = fix_document(_result(), original=ARTICLE).splitlines()
    assert lines[4].startswith("  1. Pokorny, T., ")
    assert lines[4].endswith("20(9), 747–757. https://doi.org/10.1093/ijnp/pyx047")
    # missing-doi adds the DOI and nothing else: the author's omission and cut range stay
    assert lines[6] == ARTICLE.splitlines()[6] + ". https://doi.org/10.1038/s41598-019-51974-4"


def test_only_entries_with_selected_findings_are_fixed() -> None:
    doc = _result(findings_for=(2,), rule="missing-doi")
    assert _changed_lines(ARTICLE, fix_document(doc, original=ARTICLE)) == {7}
    assert fix_document(doc, select=("year-mismatch",), original=ARTICLE) == ARTICLE
    assert _changed_lines(ARTICLE, fix_document(doc, select=("RA1",), original=ARTICLE)) == {7}


def test_style_is_detected_from_the_entries() -> None:
    apa = ["1. Smith, J., & Doe, A. (2010). Title. Journal, 1(2), 3–4."]
    vancouver = ["1. Smith J, Doe A. Title. J Med. 2010;1(2):3-4."]
    harvard = ["Smith, J. and Doe, A. (2010) 'Title', Journal, 1(2), pp. 3–4."]
    ieee = ['[1] J. Smith and A. Doe, "Title," Journal, vol. 1, no. 2, pp. 3–4, 2010.']
    assert detect_style(apa) == "apa"
    assert detect_style(vancouver) == "vancouver"
    assert detect_style(harvard) == "harvard"
    assert detect_style(ieee) == "ieee"


def test_unparsed_entry_is_rewritten_whole_in_the_explicit_style(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from refaudit.export import cslstyle

    monkeypatch.setattr(cslstyle, "available", lambda: False)  # refaudit's own formatter
    unparsed = _result(rule="unparsed-reference")
    new = fix_document(unparsed, style="vancouver", original=ARTICLE).splitlines()
    assert new[4].startswith("  1. Pokorny T, Preller KH, Kometer M, Dziobek I, Vollenweider FX.")
    assert "2017;20(9):747–57." in new[4]
    ieee = fix_document(unparsed, style="ieee", original=ARTICLE).splitlines()
    assert ieee[6].startswith("  2. C. Timmermann et al., ")
    assert "Art. no. 16324" in ieee[6]


def test_unknown_style_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        fix_document(_result(), style="chicago")


def test_entry_prefix_keeps_indentation_and_labels() -> None:
    assert entry_prefix("  1. Smith") == "  1. "
    assert entry_prefix("1.Zeifman, R.") == "1."
    assert entry_prefix("[12] J. Smith") == "[12] "
    assert entry_prefix("- Smith, J. (2010)") == "- "


def test_apa_author_list_joins_with_ampersand() -> None:
    authors = work(1).authors
    assert format_authors(authors[:2], "apa") == "Mason, N. L., & Mischler, E."


def test_unified_diff_names_both_sides_and_is_empty_for_equal_texts() -> None:
    diff = unified_diff("a\nb\n", "a\nc\n", "draft.md")
    assert diff.startswith("--- a/draft.md\n+++ b/draft.md\n")
    assert "-b\n+c\n" in diff
    assert unified_diff("same\n", "same\n", "x") == ""


def test_bib_files_are_not_fixed_in_place() -> None:
    result = _result()
    bib = DocumentResult(replace(result.document, format="bibtex"), result.resolutions)
    with pytest.raises(ConfigError):
        fix_document(bib)


def test_unified_diff_of_an_absolute_path_has_git_like_headers() -> None:
    diff = unified_diff("a\n", "b\n", "/tmp/draft.md")
    assert diff.startswith("--- a/tmp/draft.md\n+++ b/tmp/draft.md\n")
