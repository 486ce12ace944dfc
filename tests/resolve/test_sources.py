"""Every source beyond Crossref against a local server serving recorded-shape answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from refaudit.model import Author, ParsedFields, Reference, ResolutionStatus
from refaudit.resolve import Resolver
from refaudit.resolve.http import HttpClient, HttpFailure
from refaudit.resolve.sources import arxiv, datacite, dblp, ncbi, openalex, openlibrary
from refaudit.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


def _body(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _json(name: str) -> Any:
    return json.loads(_body(name))


@pytest.fixture
def client(tmp_path: Path) -> Callable[..., HttpClient]:
    def make(**overrides: Any) -> HttpClient:
        values: dict[str, Any] = {
            "cache_dir": str(tmp_path / "cache"),
            "mailto": "tests@example.org",
            "timeout": 2.0,
            "max_retry_time": 3.0,
            "use_cache": False,
        }
        values.update(overrides)
        return HttpClient(Settings(**values), backoff=0.01)

    return make


def test_doira_names_the_agency_and_an_unknown_doi(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/doiRA/10.5061/dryad.8515").respond_with_json(
        _json("doira-datacite.json")
    )
    httpserver.expect_request("/doiRA/10.9999/no.such.doi").respond_with_json(
        _json("doira-unknown.json")
    )
    c = client()
    assert datacite.agency(c, httpserver.url_for(""), "10.5061/dryad.8515") == "datacite"
    assert datacite.agency(c, httpserver.url_for(""), "10.9999/no.such.doi") is None


def test_datacite_record_becomes_a_work(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/dois/10.5061/dryad.8515").respond_with_json(
        _json("datacite-dryad.json")
    )
    work = datacite.fetch(client(), httpserver.url_for(""), "10.5061/dryad.8515")
    raw_uri = httpserver.log[-1][0].environ.get("REQUEST_URI") or httpserver.log[-1][0].environ.get(
        "RAW_URI"
    )
    assert raw_uri == "/dois/10.5061%2Fdryad.8515"  # the DOI is one path segment
    assert work is not None
    assert work.title.startswith("Data from: A new malaria agent")
    assert work.authors[0] == Author("Ollomo", "Benjamin")
    assert work.authors[2].literal.startswith("Centre International")
    assert (work.year, work.type, work.publisher, work.agency) == (
        2011,
        "dataset",
        "Dryad",
        "datacite",
    )


def test_datacite_404_is_none(httpserver: HTTPServer, client: Callable[..., HttpClient]) -> None:
    httpserver.expect_request("/dois/10.5061/nothing").respond_with_json(
        _json("datacite-404.json"), status=404
    )
    assert datacite.fetch(client(), httpserver.url_for(""), "10.5061/nothing") is None


def test_datacite_429_with_retry_after_is_retried(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    path = "/dois/10.5061/dryad.8515"
    httpserver.expect_ordered_request(path).respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request(path).respond_with_json(_json("datacite-dryad.json"))
    c = client()
    assert datacite.fetch(c, httpserver.url_for(""), "10.5061/dryad.8515") is not None
    assert c.stats.retries == 1


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("arXiv:1706.03762v5", "1706.03762"),
        ("https://arxiv.org/abs/1706.03762", "1706.03762"),
        ("https://arxiv.org/pdf/2201.06719v2.pdf", "2201.06719"),
        ("10.48550/arXiv.1706.03762", "1706.03762"),
        ("arXiv:hep-th/9901001", "hep-th/9901001"),
        ("no identifier here 2017", None),
    ],
)
def test_arxiv_ids_are_normalised(text: str, ident: str | None) -> None:
    assert arxiv.normalize_arxiv(text) == ident


def test_arxiv_entry_with_its_journal_reference(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request(
        "/api/query", query_string={"id_list": "1706.03762", "max_results": "1"}
    ).respond_with_data(_body("arxiv-1706.03762.xml"), content_type="application/atom+xml")
    work = arxiv.fetch(client(), httpserver.url_for("/api"), "1706.03762")
    assert work is not None
    assert work.title == "Attention Is All You Need"
    assert work.doi == "10.48550/arxiv.1706.03762"
    assert work.authors[0] == Author("Vaswani", "Ashish") and work.year == 2017
    assert work.relations[0].type == "is-preprint-of"
    assert work.relations[0].id.startswith("Advances in Neural Information Processing")


def test_arxiv_error_feed_is_no_work(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/api/query").respond_with_data(
        _body("arxiv-error.xml"), content_type="application/atom+xml"
    )
    assert arxiv.fetch(client(), httpserver.url_for("/api"), "1234.56789") is None


def test_arxiv_broken_feed_is_a_failure_not_a_finding(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/api/query").respond_with_data("<feed><entr", status=200)
    with pytest.raises(HttpFailure):
        arxiv.fetch(client(), httpserver.url_for("/api"), "1706.03762")


def test_ncbi_converts_a_pmid_to_its_doi_politely(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/").respond_with_json(_json("ncbi-pmid.json"))
    doi = ncbi.doi_for(client(), httpserver.url_for("/"), "28575424", "tests@example.org")
    assert doi == "10.1093/ijnp/pyx047"
    request = httpserver.log[-1][0]
    assert request.args["ids"] == "28575424" and request.args["tool"] == "refaudit"
    assert request.args["email"] == "tests@example.org"


def test_ncbi_unknown_and_error_answers_are_no_doi(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_ordered_request("/").respond_with_json(_json("ncbi-unknown.json"))
    httpserver.expect_ordered_request("/").respond_with_json(_json("ncbi-error.json"))
    c = client()
    assert ncbi.doi_for(c, httpserver.url_for("/"), "99999999999") is None
    assert ncbi.doi_for(c, httpserver.url_for("/"), "1") is None


@pytest.mark.parametrize(
    ("text", "isbn"),
    [
        ("978-0-262-03384-8", "9780262033848"),
        ("ISBN 0-262-03384-4", "0262033844"),
        ("978-0-262-03384-9", None),  # wrong check digit
        ("12345", None),
    ],
)
def test_isbns_are_checked(text: str, isbn: str | None) -> None:
    assert openlibrary.normalize_isbn(text) == isbn


def test_open_library_book_by_isbn(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request(
        "/api/books",
        query_string={"bibkeys": "ISBN:9780262033848", "format": "json", "jscmd": "data"},
    ).respond_with_json(_json("openlibrary-book.json"))
    work = openlibrary.fetch(client(), httpserver.url_for(""), "9780262033848")
    assert work is not None and work.type == "book" and work.year == 2009
    assert work.authors[0] == Author("Cormen", "Thomas H.") and work.publisher == "MIT Press"
    assert "0262033844" in work.isbn and work.doi == ""


def test_open_library_unknown_isbn_is_none(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/api/books").respond_with_json({})
    assert openlibrary.fetch(client(), httpserver.url_for(""), "9780262033848") is None


def test_openalex_search_results_with_scores(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/works").respond_with_json(_json("openalex-works.json"))
    hits = openalex.search(client(), httpserver.url_for(""), "attention is all you need / ?x=1")
    assert [w.doi for w, _ in hits] == ["10.5555/3295222.3295349", ""]
    first, score = hits[0]
    assert score == pytest.approx(1732.4) and first.pages == "5998-6008"
    assert first.container == "Neural Information Processing Systems"
    request = httpserver.log[-1][0]
    assert request.args["search"] == "attention is all you need / ?x=1"  # one query value
    assert request.args["mailto"] == "tests@example.org"


def test_openalex_429_then_answer(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_ordered_request("/works").respond_with_json(
        _json("openalex-429.json"), status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request("/works").respond_with_json(_json("openalex-works.json"))
    assert openalex.search(client(), httpserver.url_for(""), "attention")


def test_openalex_persistent_5xx_is_a_failure(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/works").respond_with_data("Bad Gateway", status=502)
    with pytest.raises(HttpFailure, match="502"):
        openalex.search(client(max_retry_time=0.2), httpserver.url_for(""), "attention")


def test_dblp_hits_with_one_or_several_authors(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/search/publ/api").respond_with_json(_json("dblp-search.json"))
    hits = dblp.search(client(), httpserver.url_for(""), "attention is all you need")
    (nips, _), (note, _) = hits
    assert nips.title == "Attention is All you Need" and nips.type == "proceedings-article"
    assert nips.authors[2] == Author("Wang", "Wei")  # the homonym number dropped
    assert note.authors == (Author("Author", "Solo"),)
    assert note.doi == "10.48550/arxiv.2101.00001"


def _settings(url: str, tmp_path: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "crossref_url": url + "/crossref",
        "doi_url": url + "/doi",
        "cache_dir": str(tmp_path / "cache"),
        "mailto": "tests@example.org",
        "timeout": 2.0,
        "max_retry_time": 2.0,
    }
    values.update(extra)
    return Settings(**values)


def test_resolver_asks_datacite_for_a_doi_crossref_does_not_have(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/crossref/works/10.5061/dryad.8515").respond_with_data(
        "Resource not found.", status=404
    )
    httpserver.expect_request("/doi/doiRA/10.5061/dryad.8515").respond_with_json(
        _json("doira-datacite.json")
    )
    httpserver.expect_request("/datacite/dois/10.5061/dryad.8515").respond_with_json(
        _json("datacite-dryad.json")
    )
    settings = _settings(url, tmp_path, datacite_url=url + "/datacite")
    raw = (
        "Ollomo, B. (2011). Data from: A new malaria agent in African hominids. Dryad. "
        "doi:10.5061/dryad.8515"
    )
    ref = Reference(1, 1, raw, ParsedFields(doi="10.5061/dryad.8515", year=2011))
    with Resolver(settings, backoff=0.01) as resolver:
        result = resolver.resolve_one(ref)
    assert result.status is ResolutionStatus.VERIFIED
    assert result.work is not None and result.work.agency == "datacite"


def test_resolver_follows_a_pmid_to_crossref(httpserver: HTTPServer, tmp_path: Path) -> None:
    url = httpserver.url_for("").rstrip("/")
    crossref_record = Path(__file__).resolve().parents[2] / "fixtures" / "crossref" / "works"
    record = json.loads((crossref_record / "10.1093%2Fijnp%2Fpyx047.json").read_text())
    httpserver.expect_request("/ncbi/").respond_with_json(_json("ncbi-pmid.json"))
    httpserver.expect_request("/crossref/works/10.1093/ijnp/pyx047").respond_with_json(record)
    settings = _settings(url, tmp_path, ncbi_url=url + "/ncbi")
    raw = "Pokorny T, et al. Effect of psilocybin on empathy. PMID: 28575424"
    fields = ParsedFields(pmid="28575424", authors=(Author("Pokorny", "T"),))
    with Resolver(settings, backoff=0.01) as resolver:
        result = resolver.resolve_one(Reference(1, 1, raw, fields))
    assert result.status is ResolutionStatus.VERIFIED and result.method == "pmid+doi"
    assert result.doi == "10.1093/ijnp/pyx047"


def test_sources_left_at_their_defaults_are_off_against_a_stand_in(tmp_path: Path) -> None:
    stand_in = Settings(crossref_url="http://127.0.0.1:9", cache_dir=str(tmp_path))
    assert not stand_in.source_enabled("openalex")
    assert Settings(cache_dir=str(tmp_path)).source_enabled("openalex")
    chosen = Settings(crossref_url="http://127.0.0.1:9", sources=("openalex",))
    assert chosen.source_enabled("openalex") and not chosen.source_enabled("dblp")
    assert not Settings(sources=("none",)).source_enabled("arxiv")


def test_an_arxiv_preprint_with_a_journal_version_gets_an_info_finding(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    from refaudit.check import run_checks, select_rules
    from refaudit.check.base import RuleContext
    from refaudit.model import Document

    url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/arxiv/query").respond_with_data(
        _body("arxiv-1706.03762.xml"), content_type="application/atom+xml"
    )
    settings = _settings(url, tmp_path, arxiv_url=url + "/arxiv")
    raw = "Vaswani, A., & Shazeer, N. (2017). Attention is all you need. arXiv:1706.03762"
    fields = ParsedFields(
        authors=(Author("Vaswani", "A."), Author("Shazeer", "N.")),
        year=2017,
        title="Attention is all you need",
        arxiv="1706.03762",
    )
    ref = Reference(1, 3, raw, fields)
    with Resolver(settings, backoff=0.01) as resolver:
        result = resolver.resolve_one(ref)
    assert result.status is ResolutionStatus.VERIFIED and result.method == "arxiv"
    doc = Document(path="a.md", format="markdown", lines=("", "", raw), references=(ref,))
    ctx = RuleContext(document=doc, resolutions=(result,), offline=False)
    found = [f for f in run_checks(ctx, select_rules()) if f.rule == "preprint-has-publication"]
    assert len(found) == 1 and found[0].severity.value == "info"
    assert "Advances in Neural Information Processing Systems 30" in found[0].message
    assert found[0].fix is None


def test_an_entry_crossref_cannot_find_is_found_in_the_second_index(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("").rstrip("/")
    empty = {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": {"facets": {}, "total-results": 0, "items": [], "items-per-page": 10},
    }
    httpserver.expect_request("/crossref/works").respond_with_json(empty)
    httpserver.expect_request("/openalex/works").respond_with_json(_json("openalex-works.json"))
    httpserver.expect_request("/dblp/search/publ/api").respond_with_json(_json("dblp-search.json"))
    settings = _settings(url, tmp_path, openalex_url=url + "/openalex", dblp_url=url + "/dblp")
    raw = (
        "Vaswani, A., Shazeer, N. (2017). Attention is all you need. In Advances in Neural "
        "Information Processing Systems 30 (pp. 5998-6008)."
    )
    fields = ParsedFields(
        authors=(Author("Vaswani", "A."), Author("Shazeer", "N.")),
        year=2017,
        title="Attention is all you need",
        container="Advances in Neural Information Processing Systems",
        volume="30",
        pages="5998-6008",
    )
    with Resolver(settings, backoff=0.01) as resolver:
        result = resolver.resolve_one(Reference(1, 1, raw, fields))
    assert result.status is ResolutionStatus.MATCHED
    assert result.work is not None and result.work.title.lower() == "attention is all you need"
    asked = {r.path for r, _ in httpserver.log}
    assert {"/crossref/works", "/openalex/works", "/dblp/search/publ/api"} <= asked


def test_a_failing_second_index_makes_the_entry_unchecked_not_not_found(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("").rstrip("/")
    empty = {"status": "ok", "message-type": "work-list", "message": {"items": []}}
    httpserver.expect_request("/crossref/works").respond_with_json(empty)
    httpserver.expect_request("/openalex/works").respond_with_data("oops", status=503)
    settings = _settings(url, tmp_path, openalex_url=url + "/openalex", max_retry_time=0.3)
    raw = "Nobody, A. (2020). A work that no index holds at all anywhere. Journal X, 1, 2-3."
    fields = ParsedFields(authors=(Author("Nobody", "A."),), year=2020, title=raw[19:62])
    with Resolver(settings, backoff=0.01) as resolver:
        result = resolver.resolve_one(Reference(1, 1, raw, fields))
    assert result.status is ResolutionStatus.ERROR
