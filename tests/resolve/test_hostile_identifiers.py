"""Identifiers and search strings are data: each reaches the service as exactly one path segment
or one query value, whatever characters it holds, in every source."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from pytest_httpserver import HTTPServer

from refaudit.model import ParsedFields, Reference
from refaudit.resolve import crossref, doiorg
from refaudit.resolve.http import HttpClient, HttpFailure
from refaudit.resolve.sources import (
    Sources,
    arxiv,
    datacite,
    dblp,
    ncbi,
    openalex,
    openlibrary,
)
from refaudit.settings import Settings

HOSTILE = "../../x?a=b&c=d#e %2E%2E/;,"


@pytest.fixture
def client(tmp_path: Path) -> Callable[..., HttpClient]:
    def make(**overrides: Any) -> HttpClient:
        values: dict[str, Any] = {
            "cache_dir": str(tmp_path / "cache"),
            "timeout": 2.0,
            "max_retry_time": 1.0,
            "use_cache": False,
        }
        values.update(overrides)
        return HttpClient(Settings(**values), backoff=0.01)

    return make


def _requests(httpserver: HTTPServer) -> list[tuple[str, dict[str, list[str]]]]:
    """(raw path, query) of every request the server saw, as sent on the wire."""
    out = []
    for request, _ in httpserver.log:
        raw = request.environ.get("REQUEST_URI") or request.environ.get("RAW_URI") or ""
        parts = urlsplit(raw)
        out.append((parts.path, parse_qs(parts.query, keep_blank_values=True)))
    return out


def _call(fn: Callable[[], object]) -> None:
    with contextlib.suppress(HttpFailure):  # the answer does not matter here: the request does
        fn()


QUERY_SOURCES = {
    # name: (call with the hostile value, endpoint path, the parameter holding it)
    "arxiv": (lambda c, u: arxiv.fetch(c, u, HOSTILE), "/query", "id_list"),
    "ncbi": (lambda c, u: ncbi.doi_for(c, u, HOSTILE), "/", "ids"),
    "openlibrary": (lambda c, u: openlibrary.fetch(c, u, HOSTILE), "/api/books", "bibkeys"),
    "openalex": (lambda c, u: openalex.search(c, u, HOSTILE), "/works", "search"),
    "dblp": (lambda c, u: dblp.search(c, u, HOSTILE), "/search/publ/api", "q"),
    "crossref-search": (lambda c, u: crossref.search(c, u, HOSTILE), "/works", None),
}


@pytest.mark.parametrize("name", sorted(QUERY_SOURCES))
def test_a_hostile_identifier_is_one_query_value(
    name: str, httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    call, path, key = QUERY_SOURCES[name]
    httpserver.expect_request(re.compile(".*")).respond_with_json({}, status=404)
    _call(lambda: call(client(), httpserver.url_for("")))
    seen = _requests(httpserver)
    assert seen, "no request was made"
    for raw_path, query in seen:
        assert raw_path == path  # no other path of the service
        values = [v for vs in query.values() for v in vs]
        holders = [k for k, vs in query.items() if any(HOSTILE in v for v in vs)]
        assert len(holders) == 1, query  # the whole value, in exactly one parameter
        assert key is None or holders == [key]
        assert "b&c" not in "".join(query) and not any(v == "b" for v in values)


DOI = "10.1234/" + HOSTILE
PATH_SOURCES = {
    "crossref-work": (lambda c, u: crossref.fetch_work(c, u, DOI), "/works/"),
    "doi-handle": (lambda c, u: doiorg.handle(c, u, DOI), "/api/handles/"),
    "doi-csl": (lambda c, u: doiorg.fetch_csl(c, u, DOI), "/"),
    "datacite-agency": (lambda c, u: datacite.agency(c, u, DOI), "/doiRA/"),
    "datacite-work": (lambda c, u: datacite.fetch(c, u, DOI), "/dois/"),
}


@pytest.mark.parametrize("name", sorted(PATH_SOURCES))
def test_a_hostile_doi_is_one_path_segment(
    name: str, httpserver: HTTPServer, client: Callable[..., HttpClient]
) -> None:
    call, prefix = PATH_SOURCES[name]
    httpserver.expect_request(re.compile(".*")).respond_with_data("Resource not found.", 404)
    _call(lambda: call(client(), httpserver.url_for("")))
    seen = _requests(httpserver)
    assert seen, "no request was made"
    for raw_path, query in seen:
        assert raw_path.startswith(prefix)
        segment = raw_path[len(prefix) :]
        assert "/" not in segment and "?" not in segment and "#" not in segment
        assert not any(HOSTILE in v for vs in query.values() for v in vs)


@pytest.mark.parametrize(
    "fields",
    [
        ParsedFields(arxiv=HOSTILE),
        ParsedFields(pmid=HOSTILE),
        ParsedFields(pmcid="PMC" + HOSTILE),
        ParsedFields(isbn="978" + HOSTILE),
    ],
    ids=["arxiv", "pmid", "pmcid", "isbn"],
)
def test_an_identifier_that_is_no_identifier_is_never_requested(
    fields: ParsedFields, httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(re.compile(".*")).respond_with_json({})
    url = httpserver.url_for("")
    settings = Settings(
        cache_dir=str(tmp_path / "cache"),
        use_cache=False,
        arxiv_url=url,
        ncbi_url=url,
        openlibrary_url=url,
        sources=("arxiv", "ncbi", "openlibrary"),
    )
    sources = Sources(HttpClient(settings, backoff=0.01), settings)
    reference = Reference(n=1, line=1, raw="A. Author. A title. 2020.", fields=fields)
    assert sources.by_identifier(reference) is None
    assert httpserver.log == []
