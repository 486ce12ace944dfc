"""`fix` edits in place: only the wrong value's tokens change, everything else stays as printed."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from refaudit.cli import main
from refaudit.export.fix import fix_document
from refaudit.export.printed import Printed
from refaudit.model import (
    Author,
    Document,
    DocumentResult,
    Finding,
    ParsedFields,
    Reference,
    Resolution,
    ResolutionStatus,
    Severity,
    Work,
)

ROOT = Path(__file__).resolve().parents[2]
RECORDED = f"file:{ROOT / 'fixtures' / 'crossref'}"

# Entries of the example works with one planted error each: (entry, wrong, right).
PLANTED = (
    (
        "Pokorny, T., Preller, K. H., Kometer, M., Dziobek, I., & Vollenweider, F. X. (2016)."
        " Effect of psilocybin on empathy and moral decision-making. *International Journal of"
        " Neuropsychopharmacology*, *20*(9), 747–757. https://doi.org/10.1093/ijnp/pyx047",
        "2016",
        "2017",
    ),
    (
        "Mason, N. L., Mischlor, E., Uthaug, M. V., & Kuypers, K. P. C. (2019). Sub-acute effects"
        " of psilocybin on empathy, creative thinking, and subjective well-being. *Journal of"
        " Psychoactive Drugs*, *51*(2), 123–134. https://doi.org/10.1080/02791072.2019.1580804",
        "Mischlor",
        "Mischler",
    ),
    (
        "Carhart-Harris, R. L., Bolstridge, M., Day, C. M. J., Rucker, J., Watts, R., Erritzoe,"
        " D. E., ... & Nutt, D. J. (2018). Psilocybin with psychological support for"
        " treatment-resistant depression: Six-month follow-up. *Psychopharmacology*, *235*(2),"
        " 399–418. https://doi.org/10.1007/s00213-017-4771-x",
        "418",
        "408",
    ),
    (
        "Timmermann, C., Roseman, L., Schartner, M., Milliere, R., Williams, L. T. J., Erritzoe,"
        " D., ... & Carhart-Harris, R. L. (2019). Neural correlates of the DMT experience assessed"
        " with multivariate EEG. *Scientific Reports*, *8*(1), Article 16324."
        " https://doi.org/10.1038/s41598-019-51974-4",
        "8",
        "9",
    ),
    (
        "Preller, K. H., Herdener, M., Pokorny, T., Planzer, A., Kraehenmann, R., Stämpfli, P.,"
        " ... & Vollenweider, F. X. (2017). The fabric of meaning and subjective effects in"
        " LSD-induced states depend on serotonin 2A receptor activation. *Current Biology*,"
        " *27*(3), 451–457. https://doi.org/10.1093/ijnp/pyx047",
        "10.1093/ijnp/pyx047",
        "10.1016/j.cub.2016.12.030",
    ),
    (
        "Fauvel, B., Strika-Bruneau, L., & Piolino, P. (2023). Changes in self-rumination and"
        " self-compassion mediate the effect of psychedelic experiences on increases in"
        " depression, anxiety, and stress. *Psychology of Consciousness: Theory, Research, and"
        " Practice*, *10*(1), 88–102. https://doi.org/10.1037/cns0000283",
        "increases",
        "decreases",
    ),
    (
        "Agin-Liebes, G., Nielson, E. M., Zingman, M., Kim, K., Haas, A., Owens, L. T., Rogers,"
        " U., & Bogenschutz, M. (2024). Reports of self-compassion and affect regulation in"
        " psilocybin-assisted therapy for alcohol use disorder: An interpretive phenomenological"
        " analysis. *Journal of Substance Abuse Treatment*, *38*(1), 101–113."
        " https://doi.org/10.1037/adb0000935",
        "Journal of Substance Abuse Treatment",
        "Psychology of Addictive Behaviors",
    ),
    (
        "Zeifman, R., Danias, G., Agin-Liebes, G., Pagni, B., et al. (2025). Psychedelic therapy,"
        " positive emotional experiences, and the central role of self-compassion."
        " *Research Square*.",
        "",
        "https://doi.org/10.21203/rs.3.rs-7420529/v1",
    ),
)


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text)


def token_changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """The tokens removed from `old` and added in `new` (everything else is identical)."""
    a, b = tokens(old), tokens(new)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return removed, added


def assert_only_field_changed(old: str, new: str, wrong: str, right: str) -> None:
    removed, added = token_changes(old, new)
    assert not Counter(removed) - Counter(tokens(wrong)), (removed, old, new)
    assert not Counter(added) - Counter(tokens(right)), (added, old, new)
    assert right in new
    if len(wrong) > 3 and wrong not in right:
        assert wrong not in new


def test_fix_changes_only_the_planted_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    prose = "Empathy rose after psilocybin (Pokorny et al., 2016), see Mason et al. (2019)."
    entries = [f"{i}. {entry}" for i, (entry, _, _) in enumerate(PLANTED, start=1)]
    text = "\n".join(["# Draft", "", prose, "", "## References", "", *entries]) + "\n"
    article = tmp_path / "draft.md"
    article.write_text(text, encoding="utf-8")
    args = ["fix", str(article), "--crossref-url", RECORDED, "--doi-url", RECORDED, "--no-cache"]
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 1  # a diff to apply
    with pytest.raises(SystemExit):
        main([*args, "--write"])
    capsys.readouterr()
    fixed = article.read_text(encoding="utf-8").splitlines()
    assert len(fixed) == len(text.splitlines())
    assert fixed[2] == prose.replace("2016", "2017")  # the citation follows its entry's year
    for (_, wrong, right), old, new in zip(PLANTED, entries, fixed[6:], strict=True):
        assert_only_field_changed(old, new, wrong, right)
    assert (tmp_path / "draft.md.bak").read_text(encoding="utf-8") == text


def test_fix_of_the_example_articles_adds_and_corrects_only_what_is_wrong(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    path = ROOT / "fixtures" / "articles" / "psychedelic-empathy-compassion.txt"
    with pytest.raises(SystemExit):
        main(["fix", str(path), "--crossref-url", RECORDED, "--doi-url", RECORDED, "--no-cache"])
    diff = capsys.readouterr().out.splitlines()
    old = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    new = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert len(old) == len(new) == 6
    for before, after in zip(old, new, strict=True):
        removed, added = token_changes(before, after)
        assert after.startswith(before.rstrip(" -")[:60])
        # the wrong last authors after the omission and the cut page range, nothing else
        assert set(removed) <= set(tokens("Taylor, D. Seifritz, E. 1-"))
        assert "https" in added  # every entry gains its DOI, in the list's URL form
    assert "... & Nutt, D. J. (2018)" in new[3]  # the omission is kept, the last author fixed
    assert "Scientific Reports, 9(1), Article 16324." in new[4]


# --- unit cases, each with a finding shaped as its rule gives it ---------------------------


def _fix(
    lines: list[str],
    work: Work,
    *findings: Finding,
    fields: ParsedFields | None = None,
    end: int = 2,
) -> str:
    """Fix entry 1, printed on lines 2..end of `lines`."""
    raw = " ".join(line.strip() for line in lines[1:end])
    ref = Reference(1, 2, raw, fields or ParsedFields(), end_line=end)
    doc = Document("draft.md", "markdown", tuple(lines), (ref,))
    result = DocumentResult(doc, (Resolution(ResolutionStatus.VERIFIED, work=work),), findings)
    return fix_document(result, original="\n".join(lines) + "\n")


def _finding(rule: str, found: str | None, expected: str | None, fix: str | None = None) -> Finding:
    return Finding(
        "RA300",
        rule,
        Severity.WARNING,
        "m",
        1,
        reference=1,
        expected=expected,
        found=found,
        fix=fix or expected,
    )


WORK = Work(
    doi="10.5555/x.2010.1",
    title="Effect of Nicotine on Memory in Mice: A Randomised Trial",
    authors=(
        Author("Smith", "John"),
        Author("Doe", "Anna"),
        Author("Brown", "Karl Heinz"),
        Author("Roe", "Bea"),
    ),
    year=2010,
    container="Journal of Things",
    short_container="J Things",
    volume="12",
    issue="3",
    pages="1234-1265",
)


def test_title_word_is_replaced_in_the_printed_case_and_markup_survives() -> None:
    line = "1. Smith, J. (2010). Effect of *caffeine* on memory in *mice*: A randomised trial."
    printed = "Effect of caffeine on memory in mice: A randomised trial"
    new = _fix(["References", line], WORK, _finding("title-mismatch", printed, WORK.title))
    assert new.splitlines()[1] == line.replace("caffeine", "nicotine")


def test_vancouver_author_inserted_in_its_form_and_short_page_range_kept_short() -> None:
    line = "1. Smith J, Doe A, Roe B. Effect of nicotine on memory in mice. J Things."
    line += " 2010;12(3):1234-56."
    fields = ParsedFields(
        authors=(Author("Smith", "J"), Author("Doe", "A"), Author("Roe", "B")),
        title="Effect of nicotine on memory in mice",
    )
    new = _fix(
        ["References", line],
        WORK,
        _finding("author-mismatch", "Smith, J., Doe, A., Roe, B.", "x"),
        _finding("locator-mismatch", "1234-56", "1234-1265", "pages 1234-1265"),
        fields=fields,
    ).splitlines()[1]
    assert new == line.replace("Doe A, Roe B", "Doe A, Brown KH, Roe B").replace("-56.", "-65.")


def test_ieee_misspelt_surname_keeps_initials_and_quotes() -> None:
    line = '[1] J. Smyth, A. Doe, K. H. Brown, and B. Roe, "Effect of nicotine," J. Things, 2010.'
    fields = ParsedFields(
        authors=(
            Author("Smyth", "J."),
            Author("Doe", "A."),
            Author("Brown", "K. H."),
            Author("Roe", "B."),
        ),
        title="Effect of nicotine",
    )
    new = _fix(
        ["References", line], WORK, _finding("author-mismatch", "Smyth", "x"), fields=fields
    ).splitlines()[1]
    assert new == line.replace("Smyth", "Smith")


def test_year_with_suffix_and_entry_over_two_lines() -> None:
    lines = [
        "References",
        "1. Smith, J., Doe, A., et al. (2011a). Effect of nicotine on memory",
        "   in mice. *Journal of Things*, 12(3), 1234–1265.",
    ]
    new = _fix(lines, WORK, _finding("year-mismatch", "2011", "2010"), end=3).splitlines()
    assert new[1:] == [lines[1].replace("2011a", "2010a"), lines[2]]


def test_wrong_doi_replaced_in_link_text_and_target_only() -> None:
    line = "1. Smith, J. (2010). Title. [https://doi.org/10.5555/Y.9](https://doi.org/10.5555/Y.9)"
    new = _fix(["References", line], WORK, _finding("wrong-doi", "10.5555/y.9", WORK.doi))
    assert new.splitlines()[1] == line.replace("10.5555/Y.9", WORK.doi)


def test_truncated_author_list_stays_truncated() -> None:
    line = "1. Smith, J., Doe, A., et al. (2010). Effect of nicotine on memory in mice."
    fields = ParsedFields(authors=(Author("Smith", "J."), Author("Doe", "A.")), et_al=True)
    new = _fix(["References", line], WORK, _finding("author-mismatch", "x", "y"), fields=fields)
    assert new.splitlines()[1] == line


def test_missing_doi_follows_the_list_form() -> None:
    line = "1. Smith J, Doe A. Effect of nicotine. J Things. 2010;12(3):1234-65"
    new = _fix(
        ["References", line, "2. Other A. Other. J Other. 2001;1:1-2. doi:10.5555/o.1"],
        WORK,
        _finding("missing-doi", None, WORK.doi),
    )
    assert new.splitlines()[1] == line + ". doi:10.5555/x.2010.1"


def test_printed_view_drops_markup_and_maps_back() -> None:
    entry = Printed("Doe, A. *The* [Journal of\n  Stuff](http://x.org), **3**, 45-67.")
    assert entry.view == "Doe, A. The Journal of Stuff, 3, 45-67."
    where = entry.find_words("journal of stuff")
    assert where is not None
    s, e = entry.span(*where)
    assert entry.text[s:e] == "Journal of\n  Stuff"
