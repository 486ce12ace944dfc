"""Identity rules: unknown, wrong, missing DOIs; not found; failed resolutions."""

from __future__ import annotations

from dataclasses import replace

from refaudit.check.identity import (
    MissingDoi,
    NotFound,
    ResolutionFailed,
    UnknownDoi,
    WrongDoi,
    describe_work,
)
from refaudit.model import Author, Candidate, ResolutionStatus, Severity
from tests.check.factories import (
    POKORNY,
    PRELLER,
    PRINTED_POKORNY,
    make_context,
    make_reference,
    make_resolution,
    run,
)

S = ResolutionStatus


def test_describe_work_names_first_author_year_title() -> None:
    assert describe_work(PRELLER).startswith('Preller et al. (2017) "The Fabric of Meaning')


def test_describe_work_without_authors_is_anonymous() -> None:
    work = replace(PRELLER, authors=())
    assert describe_work(work).startswith('anonymous (2017) "The Fabric')


def test_describe_work_with_two_and_one_authors() -> None:
    two = replace(PRELLER, authors=(Author("Ng"), Author("", literal="WHO")))
    assert describe_work(two).startswith("Ng & WHO (2017)")
    assert describe_work(replace(PRELLER, authors=(Author("Ng"),))).startswith("Ng (2017)")


def test_unknown_doi_fires_only_for_unknown_status() -> None:
    ref = make_reference(title="T", doi="10.1093/ijnp/pyx074")
    [f] = run(UnknownDoi, make_context([ref], [make_resolution(None, S.UNKNOWN_DOI)]))
    assert f.found == "10.1093/ijnp/pyx074" and f.severity is Severity.ERROR
    assert run(UnknownDoi, make_context([ref], [make_resolution(POKORNY)])) == []


def test_unknown_doi_gives_searched_work_as_fix() -> None:
    ref = make_reference(title="T", doi="10.1093/ijnp/pyx074")
    ctx = make_context([ref], [make_resolution(POKORNY, S.UNKNOWN_DOI)])
    [f] = run(UnknownDoi, ctx)
    assert f.fix == "https://doi.org/10.1093/ijnp/pyx047"


def test_wrong_doi_names_the_other_work_and_the_right_doi() -> None:
    ref = make_reference(title=POKORNY.title, doi=PRELLER.doi)
    res = make_resolution(POKORNY, S.DOI_MISMATCH, printed_work=PRELLER)
    [f] = run(WrongDoi, make_context([ref], [res]))
    assert "Preller et al. (2017)" in f.message
    assert f.found == PRELLER.doi and f.fix == "https://doi.org/10.1093/ijnp/pyx047"


def test_wrong_doi_without_found_work_has_no_fix() -> None:
    ref = make_reference(title="T", doi=PRELLER.doi)
    res = make_resolution(None, S.DOI_MISMATCH, printed_work=PRELLER)
    [f] = run(WrongDoi, make_context([ref], [res]))
    assert f.fix is None and "not found" in f.message
    assert run(WrongDoi, make_context([ref], [make_resolution(PRELLER)])) == []


def test_not_found_names_only_agreeing_candidates_and_offers_no_fix() -> None:
    ref = make_reference(title="Psilocybin and empathy in mice", volume="20", container="J")
    agreeing = Candidate(work=POKORNY, score=0.8, agreed=("title", "year"))
    unrelated = Candidate(work=PRELLER, score=0.31, agreed=("year",))
    res = make_resolution(None, S.NOT_FOUND, candidates=(unrelated, agreeing))
    [f] = run(NotFound, make_context([ref], [res]))
    assert f.severity is Severity.WARNING and f.fix is None
    assert "Pokorny" in f.message and "Preller" not in f.message and "0.31" not in f.message


def test_not_found_without_a_printed_title_is_information() -> None:
    ref = make_reference(authors=("Smith, J.",), year=2001, container="J Chem", volume="20")
    [f] = run(NotFound, make_context([ref], [make_resolution(None, S.NOT_FOUND)]))
    assert f.severity is Severity.INFO


def test_not_found_skips_web_pages_and_softens_books() -> None:
    web = make_reference(1, title="Blog post", url="https://example.org/post")
    book = make_reference(2, title="A book", container="Wiley")
    res = make_resolution(None, S.NOT_FOUND)
    [f] = run(NotFound, make_context([web, book], [res, res]))
    assert f.reference == 2 and f.severity is Severity.INFO


def test_missing_doi_for_matched_entry_without_doi() -> None:
    [f] = run(MissingDoi, make_context([PRINTED_POKORNY], [make_resolution(POKORNY, S.MATCHED)]))
    assert f.fix == "https://doi.org/10.1093/ijnp/pyx047" and f.severity is Severity.INFO


def test_missing_doi_silent_when_doi_printed() -> None:
    ref = make_reference(title=POKORNY.title, doi=POKORNY.doi)
    assert run(MissingDoi, make_context([ref], [make_resolution(POKORNY, S.VERIFIED)])) == []


def test_resolution_failed_reports_the_service_message() -> None:
    res = make_resolution(None, S.ERROR, message="HTTP 503 after 5 attempts")
    [f] = run(ResolutionFailed, make_context([PRINTED_POKORNY], [res]))
    assert "503" in f.message
    assert run(ResolutionFailed, make_context([PRINTED_POKORNY], [None])) == []


def test_not_found_with_a_candidate_agreeing_on_all_locators_is_information() -> None:
    ref = make_reference(
        authors=("Xu, Z. G.",), year=1984, title="Journal of Heat Transfer", volume="106"
    )
    near = Candidate(work=POKORNY, score=0.4, agreed=("author", "year", "volume", "page"))
    [f] = run(
        NotFound, make_context([ref], [make_resolution(None, S.NOT_FOUND, candidates=(near,))])
    )
    assert f.severity is Severity.INFO and POKORNY.doi in f.message and f.fix is None


def test_unknown_doi_with_a_typo_names_the_candidate_whose_title_agrees() -> None:
    ref = make_reference(title=POKORNY.title, doi="10.1093/ijnp/pyx047x9")
    near = Candidate(work=POKORNY, score=0.4, agreed=("title", "year"))
    far = Candidate(work=PRELLER, score=0.5, agreed=("title", "year"))
    res = make_resolution(None, S.UNKNOWN_DOI, candidates=(far, near))
    [f] = run(UnknownDoi, make_context([ref], [res]))
    assert f.fix == "https://doi.org/10.1093/ijnp/pyx047"


def test_unknown_doi_names_no_candidate_whose_title_disagrees() -> None:
    ref = make_reference(title="Another title", doi="10.1093/ijnp/pyx047x9")
    near = Candidate(work=POKORNY, score=0.4, agreed=("year",))
    res = make_resolution(None, S.UNKNOWN_DOI, candidates=(near,))
    [f] = run(UnknownDoi, make_context([ref], [res]))
    assert f.fix == "remove the DOI or correct it"


def test_editorial_matter_that_is_not_found_is_not_reported() -> None:
    ref = make_reference(title="Imaginary Spectrum - Front cover", container="Imag.", volume="41")
    res = make_resolution(None, S.NOT_FOUND)
    assert run(NotFound, make_context([ref], [res])) == []


def test_not_found_whose_title_is_only_the_venue_and_numbers_is_information() -> None:
    # A style without titles: the parse took the journal (and the volume) for the title.
    ref = make_reference(
        raw="(2) Lam, T. H.; Vo, N. Reports in Optics 2014, 12.",
        authors=("Lam, T. H.", "Vo, N."),
        year=2014,
        title="Reports in Optics. , 12",
        container="Reports in Optics",
        volume="12",
    )
    [f] = run(NotFound, make_context([ref], [make_resolution(None, S.NOT_FOUND)]))
    assert f.severity is Severity.INFO
    titled = replace(ref, fields=replace(ref.fields, title="Optics of thin gold films"))
    [g] = run(NotFound, make_context([titled], [make_resolution(None, S.NOT_FOUND)]))
    assert g.severity is Severity.WARNING
