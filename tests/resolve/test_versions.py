"""A printed DOI of another version of the entry's work (a preprint for the journal article,
the book for its chapter) or of the same authors' other paper: one wrong-doi, with the fix."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from refaudit.check import run_checks, select_rules
from refaudit.check.base import RuleContext
from refaudit.extract.fields import parse_reference
from refaudit.model import Document, ParsedFields, Reference, ResolutionStatus, Severity, Work
from refaudit.resolve import Resolver
from refaudit.resolve.versions import other_version, published_version, unseen
from refaudit.settings import Settings
from tests.fakeserver import FixtureServer

VERSIONS = Path(__file__).resolve().parents[2] / "fixtures" / "versions"
S = ResolutionStatus

JOURNAL_WITH_PREPRINT_DOI = (
    "Quill, A., & Marsh, B. (2020). Phonon lifetimes in layered crystals. Journal of "
    "Imaginary Physics, 12(3), 345–356. https://doi.org/10.5555/preprint.quill.2019"
)
UNLINKED_PREPRINT_DOI = (
    "Dunn, C., & Roe, D. (2019). Tidal heating of icy moons in eccentric orbits. Imaginary "
    "Planetary Science, 41(2), 101–117. https://doi.org/10.5555/preprint.dunn.2018"
)
PREPRINT_AS_PREPRINT = (
    "Quill, A., & Marsh, B. (2019). Phonon lifetimes in layered crystals. ImagRxiv. "
    "https://doi.org/10.5555/preprint.quill.2019"
)
CHAPTER_WITH_BOOK_DOI = (
    "Perl, E. (2015). Crystals that never were. In Handbook of Imaginary Matter (pp. 45–67). "
    "Imaginary Press. https://doi.org/10.5555/book.perl.2015"
)
OTHER_REPLY_DOI = (
    "Ng, H., & Okafor, J. (1975). Reply. Imaginary Heart Journal, 90(2), 278–279. "
    "https://doi.org/10.5555/reply.ng.1975a"
)
RIGHT_REPLY_DOI = (
    "Ng, H., & Okafor, J. (1975). Reply. Imaginary Heart Journal, 90(2), 278–279. "
    "https://doi.org/10.5555/reply.ng.1975b"
)


@pytest.fixture
def versions() -> Iterator[FixtureServer]:
    with FixtureServer(VERSIONS) as fake:
        yield fake


def _resolve(server: FixtureServer, settings: Settings, *raws: str) -> tuple[RuleContext, list]:
    refs = [Reference(n=i, line=i, raw=r, fields=parse_reference(r)) for i, r in enumerate(raws, 1)]
    with Resolver(settings, backoff=0.01) as resolver:
        results = resolver.resolve(refs)
    doc = Document(path="a.txt", format="text", lines=tuple(raws), references=tuple(refs))
    ctx = RuleContext(document=doc, resolutions=results, offline=False)
    return ctx, list(results)


@pytest.mark.parametrize(
    ("raw", "printed", "right"),
    [
        (JOURNAL_WITH_PREPRINT_DOI, "10.5555/preprint.quill.2019", "10.5555/journal.quill.2020"),
        (UNLINKED_PREPRINT_DOI, "10.5555/preprint.dunn.2018", "10.5555/journal.dunn.2019"),
        (CHAPTER_WITH_BOOK_DOI, "10.5555/book.perl.2015", "10.5555/chapter.perl.2015.3"),
        (OTHER_REPLY_DOI, "10.5555/reply.ng.1975a", "10.5555/reply.ng.1975b"),
    ],
    ids=["preprint-linked", "preprint-searched", "book-for-chapter", "same-title-other-paper"],
)
def test_a_doi_of_another_version_is_one_wrong_doi_with_the_right_doi(
    versions: FixtureServer,
    make_settings: Callable[..., Settings],
    raw: str,
    printed: str,
    right: str,
) -> None:
    ctx, [result] = _resolve(versions, make_settings(versions.url), raw)
    assert result.status is S.DOI_MISMATCH
    assert result.printed_work is not None and result.printed_work.doi == printed
    assert result.doi == right
    serious = [
        f
        for f in run_checks(ctx, select_rules(("RA1", "RA2", "RA3", "RA4")))
        if f.severity.rank >= Severity.WARNING.rank
    ]
    assert [(f.rule, f.fix) for f in serious] == [("wrong-doi", f"https://doi.org/{right}")]


def test_the_preprints_link_to_its_journal_version_is_followed(
    versions: FixtureServer, make_settings: Callable[..., Settings]
) -> None:
    _resolve(versions, make_settings(versions.url), JOURNAL_WITH_PREPRINT_DOI)
    paths = [s.path for s in versions.seen]
    assert "/works/10.5555%2Fjournal.quill.2020" in paths
    assert not any(p.startswith("/works?") for p in paths)  # no search was needed


@pytest.mark.parametrize("raw", [PREPRINT_AS_PREPRINT, RIGHT_REPLY_DOI])
def test_the_right_version_stays_verified(
    versions: FixtureServer, make_settings: Callable[..., Settings], raw: str
) -> None:
    ctx, [result] = _resolve(versions, make_settings(versions.url), raw)
    assert result.status is S.VERIFIED
    serious = [
        f
        for f in run_checks(ctx, select_rules(("RA2", "RA3")))
        if f.severity.rank >= Severity.WARNING.rank
    ]
    assert serious == []


def test_other_version_reasons() -> None:
    preprint = Work(doi="10.5555/p", title="A study of things", type="posted-content")
    journal = ParsedFields(title="A study of things", container="J. Things", volume="3")
    assert other_version(journal, "...", preprint) == "preprint"
    server = ParsedFields(title="A study of things", container="ImagRxiv")
    assert other_version(server, "...", preprint) is None
    paper = Work(doi="10.5555/q", title="Reply", volume="89", pages="547-548")
    same = ParsedFields(title="Reply", volume="89", pages="547-548")
    assert other_version(same, "Reply. J, 89, 547-548.", paper) is None
    # The registered volume printed after all (the parse took another number): same paper.
    printed = ParsedFields(title="Reply", volume="90", pages="278")
    assert other_version(printed, "Reply. J, 90(89), 278.", paper) is None


def test_published_version_reads_is_preprint_of() -> None:
    from refaudit.model import Relation

    work = Work(doi="10.5555/p", relations=(Relation("is-preprint-of", "10.5555/j"),))
    assert published_version(work) == "10.5555/j"
    assert published_version(Work(doi="10.5555/p")) is None


def test_a_record_whose_title_and_authors_are_both_absent_is_unseen() -> None:
    from refaudit.model import Author

    work = Work(
        doi="10.5555/x",
        title="Abstract: direct synthesis of silylmethanol",
        authors=(Author("Ekwueme", "A."),),
    )
    fields = parse_reference("Khan, M. (1982). Abstract: reactions of esters with acetals. J, 3.")
    assert unseen(fields, "Khan, M. (1982). Abstract: reactions of esters with acetals.", work)
    fields = parse_reference("Ekwueme, A. (1982). Abstract: reactions of esters. J, 3.")
    assert not unseen(fields, "Ekwueme, A. (1982). Abstract: reactions of esters.", work)
