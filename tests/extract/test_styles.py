"""One entry per common citation style: first author, year, title and container come out right."""

from __future__ import annotations

import pytest

from refaudit.extract.references import parse_reference

CASES = [
    # Vancouver / NLM: "Surname Initials" authors
    (
        "Walker MP, Stickgold R. Sleep, memory, and plasticity. Annu Rev Psychol. "
        "2006;57:139-66. doi:10.1146/annurev.psych.56.091103.070307",
        ("Walker", "MP", 2006, "Sleep, memory, and plasticity", "Annu Rev Psychol"),
    ),
    (
        "Smith J, Doe A. A made up study of sleep. J Imag Res. 2019;12(3):45-52.",
        ("Smith", "J", 2019, "A made up study of sleep", "J Imag Res"),
    ),
    # AMA
    (
        "Havekes R, Park AJ, Tudor JC, et al. Sleep deprivation causes memory deficits. "
        "eLife. 2016;5:e13424.",
        ("Havekes", "R", 2016, "Sleep deprivation causes memory deficits", "eLife"),
    ),
    # IEEE
    (
        'J. Devlin, M.-W. Chang, K. Lee, and K. Toutanova, "BERT: Pre-training of deep '
        'bidirectional transformers," in Proc. NAACL, 2019, pp. 4171-4186.',
        ("Devlin", "J.", 2019, "BERT: Pre-training of deep bidirectional transformers", None),
    ),
    # Harvard
    (
        "Jones, A. and Brown, B. (2015) Urban heat islands revisited. Climate Research, "
        "62(1), pp. 1-15.",
        ("Jones", "A.", 2015, "Urban heat islands revisited", "Climate Research"),
    ),
    # Chicago author-date
    (
        "Putnam, Robert D. 2000. Bowling Alone: The Collapse and Revival of American "
        "Community. New York: Simon & Schuster.",
        (
            "Putnam",
            "Robert D.",
            2000,
            "Bowling Alone: The Collapse and Revival of American Community",
            None,
        ),
    ),
    # Nature
    (
        "LeCun, Y., Bengio, Y. & Hinton, G. Deep learning. Nature 521, 436-444 (2015).",
        ("LeCun", "Y.", 2015, "Deep learning", "Nature"),
    ),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_style_fields(raw: str, expected: tuple[str, str, int, str, str | None]) -> None:
    family, given, year, title, container = expected
    fields = parse_reference(raw)
    assert fields.authors, raw
    assert fields.authors[0].family == family
    assert fields.authors[0].given.replace(" ", "") == given.replace(" ", "")
    assert fields.year == year
    assert (fields.title or "").rstrip(".") == title
    if container is not None:
        assert fields.container == container
