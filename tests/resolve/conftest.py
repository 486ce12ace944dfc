"""Shared fixtures for resolver tests: a local fixture server and settings pointing at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from refaudit.settings import Settings
from tests.fakeserver import FIXTURES, FixtureServer

# The 9 references of the two example articles as printed, with the DOI each must resolve to.
EXAMPLE_ENTRIES = (
    (
        "Pokorny, T., Preller, K. H., Kometer, M., Dziobek, I., & Vollenweider, F. X. (2017). "
        "Effect of Psilocybin on Empathy and Moral Decision-Making. International Journal of "
        "Neuropsychopharmacology, 20(9), 747–757.",
        "10.1093/ijnp/pyx047",
    ),
    (
        "Mason, N. L., Mischler, E., Uthaug, M. V., & Kuypers, K. P. C. (2019). Sub-Acute Effects "
        "of Psilocybin on Empathy, Creative Thinking, and Subjective Well-Being. Journal of "
        "Psychoactive Drugs, 51(2), 123–134.",
        "10.1080/02791072.2019.1580804",
    ),
    (
        "Mithoefer, M. C., Mithoefer, A. T., Feduccia, A. A., Jerome, L., Wagner, M., Wymer, J., "
        "... & Doblin, R. (2018). 3, 4-methylenedioxymethamphetamine (MDMA)-assisted psychotherapy "
        "for post-traumatic stress disorder in military veterans, firefighters, and police "
        "officers: a randomised, double-blind, dose-response, phase 2 clinical trial. The Lancet "
        "Psychiatry, 5(6), 486-497.",
        "10.1016/s2215-0366(18)30135-4",
    ),
    (
        "Carhart-Harris, R. L., Bolstridge, M., Day, C. M. J., Rucker, J., Watts, R., Erritzoe, "
        "D. E., ... & Taylor, D. (2018). Psilocybin with psychological support for "
        "treatment-resistant depression: six-month follow-up. Psychopharmacology, 235(2), 399-408.",
        "10.1007/s00213-017-4771-x",
    ),
    (
        "Timmermann, C., Roseman, L., Schartner, M., Milliere, R., Williams, L. T. J., Erritzoe, "
        "D., ... & Carhart-Harris, R. L. (2019). Neural correlates of the DMT experience assessed "
        "with multivariate EEG. Scientific Reports, 9(1), 1-",
        "10.1038/s41598-019-51974-4",
    ),
    (
        "Preller, K. H., Herdener, M., Pokorny, T., Planzer, A., Kraehenmann, R., Stampfli, P., "
        "... & Seifritz, E. (2017). The fabric of meaning and subjective effects in LSD-induced "
        "states depend on serotonin 2A receptor activation. Current Biology, 27(3), 451-457.",
        "10.1016/j.cub.2016.12.030",
    ),
    (
        "Zeifman, R., Danias, G., Agin-Liebes, G., Pagni, B., & et al. (2025). Psychedelic "
        "Therapy, Positive Emotional Experiences, and the Central Role of Self-Compassion. "
        "Research Square. https://doi.org/10.21203/rs.3.rs-7420529/v1",
        "10.21203/rs.3.rs-7420529/v1",
    ),
    (
        "Agin-Liebes, G., Nielson, E. M., Zingman, M., Kim, K., Haas, A., Owens, L. T., Rogers, "
        "U., & Bogenschutz, M. (2023). Reports of Self-Compassion and Affect Regulation in "
        "Psilocybin-Assisted Therapy for Alcohol Use Disorder: An Interpretive Phenomenological "
        "Analysis. Psychology of Addictive Behaviors, 38(1), 101–113. "
        "https://doi.org/10.1037/adb0000935",
        "10.1037/adb0000935",
    ),
    (
        "Fauvel, B., Strika-Bruneau, L., & Piolino, P. (2023). Changes in self-rumination and "
        "self-compassion mediate the effect of psychedelic experiences on decreases in "
        "depression, anxiety, and stress. Psychology of Consciousness: Theory, Research, and "
        "Practice, 10(1), 88–102. https://doi.org/10.1037/cns0000283",
        "10.1037/cns0000283",
    ),
)

# Plausible authors, title and journal that exist nowhere.
MADE_UP_ENTRY = (
    "Lindqvist, A., & Moreau, P. (2021). Psilocybin-induced empathy gains in chronic pain "
    "patients: a randomized trial. Journal of Psychedelic Pain Research, 4(2), 55-67."
)


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer(FIXTURES) as fake:
        yield fake


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings pointing at a server, with a private cache and short timeouts."""

    def make(url: str, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "crossref_url": url,
            "doi_url": url,
            "cache_dir": str(tmp_path / "cache"),
            "mailto": "tests@example.org",
            "timeout": 2.0,
            "max_retry_time": 2.0,
        }
        values.update(overrides)
        return Settings(**values)

    return make
