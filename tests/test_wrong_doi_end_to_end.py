"""A wrong printed DOI end to end: one wrong-doi finding with the right DOI, nothing else."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from refaudit.cli import main
from tests.fakeserver import FixtureServer

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = """Empathy and psychedelics

Psilocybin raised emotional empathy (Pokorny et al., 2017), and LSD changed the meaning
of music (Preller et al., 2017).

References

Pokorny, T., Preller, K. H., Kometer, M., Dziobek, I., & Vollenweider, F. X. (2017). Effect of
Psilocybin on Empathy and Moral Decision-Making. International Journal of
Neuropsychopharmacology, 20(9), 747-757. https://doi.org/10.1016/j.cub.2016.12.030

Preller, K. H., Herdener, M., Pokorny, T., Planzer, A., Kraehenmann, R., Stämpfli, P.,
Liechti, M. E., Seifritz, E., & Vollenweider, F. X. (2017). The Fabric of Meaning and
Subjective Effects in LSD-Induced States Depend on Serotonin 2A Receptor Activation. Current
Biology, 27(3), 451-457. https://doi.org/10.1016/j.cub.2016.12.030
"""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = FixtureServer(ROOT / "fixtures" / "crossref")
    url = server.start()
    yield url
    server.stop()


def test_neighbours_doi_is_one_wrong_doi_finding_with_the_right_doi(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    base_url: str,
) -> None:
    monkeypatch.setenv("REFAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REFAUDIT_CROSSREF_URL", base_url)
    monkeypatch.setenv("REFAUDIT_DOI_URL", base_url)
    article = tmp_path / "article.md"
    article.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["check", str(article), "--format", "json", "--quiet", "--fail-on", "never"])
    report = json.loads(capsys.readouterr()[0])
    findings = report["documents"][0]["findings"]
    first = [f for f in findings if f["reference"] == 1 and f["severity"] != "info"]
    assert [f["rule"] for f in first] == ["wrong-doi"], first
    assert first[0]["fix"] == "https://doi.org/10.1093/ijnp/pyx047"
    assert not [f for f in findings if f["rule"] == "duplicate-reference"]
