"""The abstract sources (Europe PMC, PubMed E-utilities, OpenAlex) against a local server
serving answers in their documented shapes, and the audit that asks them for the claim check."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from refaudit.audit import audit, read_documents
from refaudit.model import ParsedFields, Reference, Resolution, ResolutionStatus, Work
from refaudit.resolve import Resolver
from refaudit.resolve.http import HttpClient, HttpFailure
from refaudit.resolve.sources import europepmc, openalex, pubmed
from refaudit.resolve.sources.texts import find_text
from refaudit.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
DOI = "10.5555/refaudit.anxiety.2020"


def _body(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _json(name: str) -> Any:
    return json.loads(_body(name))


def _settings(httpserver: HTTPServer, tmp_path: Path, **overrides: Any) -> Settings:
    url = httpserver.url_for("").rstrip("/")
    values: dict[str, Any] = {
        "crossref_url": url + "/crossref",
        "doi_url": url + "/doi",
        "europepmc_url": url + "/europepmc",
        "pubmed_url": url + "/eutils",
        "openalex_url": url + "/openalex",
        "cache_dir": str(tmp_path / "cache"),
        "mailto": "tests@example.org",
        "timeout": 2.0,
        "max_retry_time": 1.0,
        "use_cache": False,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def client(httpserver: HTTPServer, tmp_path: Path) -> Callable[..., HttpClient]:
    def make(**overrides: Any) -> HttpClient:
        return HttpClient(_settings(httpserver, tmp_path, **overrides), backoff=0.01)

    return make


def test_europepmc_core_result_gives_abstract_and_mesh(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/europepmc/search").respond_with_json(_json("europepmc-core.json"))
    text = europepmc.fetch_text(client(), httpserver.url_for("/europepmc"), doi=DOI)
    assert text is not None and text.source == "europepmc"
    assert text.abstract.startswith("Background Late-life anxiety is common. Methods We")
    assert "<h4>" not in text.abstract and "escitalopram 10 mg" in text.abstract
    assert text.subjects == ("Aged", "Anxiety Disorders", "Citalopram", "late-life anxiety", "SSRI")
    args = httpserver.log[-1][0].args
    assert args["query"] == f'DOI:"{DOI}"' and args["resultType"] == "core"
    assert args["format"] == "json"


def test_europepmc_keeps_only_the_record_of_this_work(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/europepmc/search").respond_with_json(_json("europepmc-core.json"))
    base = httpserver.url_for("/europepmc")
    assert europepmc.fetch_text(client(), base, doi="10.5555/another.work") is None
    by_pmid = europepmc.fetch_text(client(), base, pmid="31234567")
    assert by_pmid is not None
    assert httpserver.log[-1][0].args["query"] == "EXT_ID:31234567 AND SRC:MED"


def test_europepmc_429_is_retried_and_5xx_is_a_failure(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_ordered_request("/europepmc/search").respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request("/europepmc/search").respond_with_json(
        _json("europepmc-core.json")
    )
    c = client()
    assert europepmc.fetch_text(c, httpserver.url_for("/europepmc"), doi=DOI) is not None
    assert c.stats.retries == 1
    httpserver.clear()
    httpserver.expect_request("/europepmc/search").respond_with_data("Bad Gateway", status=502)
    with pytest.raises(HttpFailure, match="502"):
        europepmc.fetch_text(client(max_retry_time=0.2), httpserver.url_for("/europepmc"), doi=DOI)


def test_pubmed_finds_the_pmid_then_the_structured_abstract(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/eutils/esearch.fcgi").respond_with_json(
        _json("pubmed-esearch.json")
    )
    httpserver.expect_request("/eutils/efetch.fcgi").respond_with_data(
        _body("pubmed-efetch.xml"), content_type="text/xml"
    )
    c, base = client(), httpserver.url_for("/eutils")
    pmid = pubmed.pmid_for_doi(c, base, DOI, "tests@example.org")
    assert pmid == "31234567"
    search = httpserver.log[-1][0].args
    assert search["term"] == f"{DOI}[doi]" and search["db"] == "pubmed"
    assert (search["tool"], search["email"]) == ("refaudit", "tests@example.org")
    text = pubmed.fetch_text(c, base, pmid, "tests@example.org")
    assert text is not None and text.source == "pubmed"
    assert text.abstract == (
        "BACKGROUND Late-life anxiety is common. METHODS We randomly assigned 212 adults aged 65 "
        "years or older to escitalopram 10 mg or placebo for 12 weeks. RESULTS Escitalopram "
        "reduced anxiety scores more than placebo."
    )
    assert text.subjects == ("Aged", "Anxiety Disorders", "late-life anxiety")
    assert pubmed.parse_pubmed_xml(_body("pubmed-efetch.xml"), "99999999") is None


def test_pubmed_unknown_doi_and_broken_xml(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/eutils/esearch.fcgi").respond_with_json(
        _json("pubmed-esearch-none.json")
    )
    assert pubmed.pmid_for_doi(client(), httpserver.url_for("/eutils"), "10.5555/x") is None
    with pytest.raises(HttpFailure, match="broken XML"):
        pubmed.parse_pubmed_xml("<PubmedArticleSet><PubmedArticle>", "1")


def test_openalex_rebuilds_the_abstract_from_its_inverted_index(
    httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request(f"/openalex/works/doi:{DOI}").respond_with_json(
        _json("openalex-work.json")
    )
    text = openalex.fetch_text(client(), httpserver.url_for("/openalex"), doi=DOI)
    assert text is not None and text.source == "openalex"
    assert text.abstract == (
        "We randomly assigned 212 adults aged 65 years or older to escitalopram. "
        "Escitalopram reduced anxiety."
    )
    assert text.subjects == ("Anxiety Disorders", "Late-life anxiety")
    assert openalex.rebuild_abstract({"b": [1], "a": [0], "bad": ["x"]}) == "a b"
    assert openalex.rebuild_abstract(None) == ""


def test_sources_are_asked_in_turn_and_pubmed_skipped_after_europepmc(
    httpserver: HTTPServer, client: Callable[..., HttpClient], tmp_path: Path
) -> None:
    httpserver.expect_request("/europepmc/search").respond_with_json(_json("europepmc-empty.json"))
    httpserver.expect_request(f"/openalex/works/doi:{DOI}").respond_with_json(
        _json("openalex-work.json")
    )
    settings = _settings(httpserver, tmp_path, sources=("all",))
    found = find_text(HttpClient(settings, backoff=0.01), settings, DOI)
    assert found is not None and found.source == "openalex"
    asked = [r.path for r, _ in httpserver.log]
    assert asked == ["/europepmc/search", f"/openalex/works/doi:{DOI}"]  # no PubMed


def test_a_failing_source_hands_over_to_the_next(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/europepmc/search").respond_with_data("down", status=503)
    httpserver.expect_request("/eutils/esearch.fcgi").respond_with_json(
        _json("pubmed-esearch.json")
    )
    httpserver.expect_request("/eutils/efetch.fcgi").respond_with_data(
        _body("pubmed-efetch.xml"), content_type="text/xml"
    )
    settings = _settings(httpserver, tmp_path, sources=("europepmc", "pubmed"), max_retry_time=0.2)
    found = find_text(HttpClient(settings, backoff=0.01), settings, DOI)
    assert found is not None and found.source == "pubmed"


def test_no_source_is_asked_against_a_stand_in_unless_given_its_own_url(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    url = httpserver.url_for("").rstrip("/")
    settings = Settings(crossref_url=url, doi_url=url, cache_dir=str(tmp_path), use_cache=False)
    assert find_text(HttpClient(settings), settings, DOI) is None
    assert httpserver.log == []


def test_resolver_adds_text_only_to_works_without_an_abstract(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/europepmc/search").respond_with_json(_json("europepmc-core.json"))
    settings = _settings(httpserver, tmp_path, sources=("europepmc",))
    bare = Resolution(ResolutionStatus.VERIFIED, work=Work(doi=DOI, title="T"), doi=DOI)
    has = Work(doi="10.5555/other", title="U", abstract="Already here.")
    kept = Resolution(ResolutionStatus.VERIFIED, work=has, doi=has.doi)
    unresolved = Resolution(ResolutionStatus.NOT_FOUND)
    refs = [Reference(n, n, "x", ParsedFields()) for n in (1, 2, 3)]
    with Resolver(settings, backoff=0.01) as resolver:
        out = resolver.add_texts(refs, [bare, kept, unresolved])
    assert out[0].work is not None and out[0].work.abstract_source == "europepmc"
    assert "Citalopram" in out[0].work.subjects and out[0].work.title == "T"
    assert out[1] is kept and out[2] is unresolved
    assert len(httpserver.log) == 1


ARTICLE = """Anxiety in later life

Sertraline reduced late-life anxiety in a randomised trial [1].

References

1. Okafor N, Lindgren M. Drug treatment of generalised anxiety in older adults: a randomised
trial. J Late-Life Psychiatry. 2020;12(3):201-209. doi:10.5555/refaudit.anxiety.2020
"""


def _audit(httpserver: HTTPServer, tmp_path: Path, sources: tuple[str, ...]) -> list[Any]:
    httpserver.expect_request(f"/crossref/works/{DOI}").respond_with_json(
        _json("crossref-no-abstract.json")
    )
    httpserver.expect_request("/europepmc/search").respond_with_json(_json("europepmc-core.json"))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    settings = _settings(
        httpserver, tmp_path, sources=sources, select=("claim-mismatch", "claim-text-missing")
    )
    result = audit(read_documents([str(article)]), settings)
    return list(result.documents[0].findings)


def test_claim_check_reads_the_abstract_europepmc_gives(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    [f] = _audit(httpserver, tmp_path, ("europepmc",))
    assert f.rule == "claim-mismatch" and f.found == "Sertraline"
    # MeSH files escitalopram under its racemate: the record's subject terms say citalopram.
    assert (f.expected or "").lower() == "citalopram" and 'subject terms: "Citalopram"' in f.message


def test_without_the_sources_the_claim_check_says_it_had_no_text(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    [f] = _audit(httpserver, tmp_path, ("none",))
    assert f.rule == "claim-text-missing" and f.severity.value == "info"
    assert "1 of 1 cited works" in f.message and "[1]" in f.message
    assert not [r for r, _ in httpserver.log if r.path.startswith("/europepmc")]


def test_claim_check_quotes_the_abstract_openalex_rebuilt(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(f"/openalex/works/doi:{DOI}").respond_with_json(
        _json("openalex-work.json")
    )
    [f] = _audit(httpserver, tmp_path, ("openalex",))
    assert f.rule == "claim-mismatch" and (f.expected or "").lower() == "escitalopram"
    assert "abstract sentence 1" in f.message
