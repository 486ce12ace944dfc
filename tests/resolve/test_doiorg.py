from refaudit.resolve.doiorg import agency_of, fetch_csl, handle, work_from_csl
from refaudit.resolve.http import HttpClient
from tests.fakeserver import FixtureServer


def test_handle_found_for_a_datacite_doi(server: FixtureServer, make_settings) -> None:
    client = HttpClient(make_settings(server.url, use_cache=False))
    answer = handle(client, server.url, "10.48550/arxiv.2201.06719")
    assert answer.exists and answer.response_code == 1


def test_handle_not_found_is_code_100(server: FixtureServer, make_settings) -> None:
    client = HttpClient(make_settings(server.url, use_cache=False))
    answer = handle(client, server.url, "10.1371/notarealdoi")
    assert not answer.exists and answer.response_code == 100


def test_datacite_csl_json_follows_the_redirect(server: FixtureServer, make_settings) -> None:
    client = HttpClient(make_settings(server.url, use_cache=False))
    work = fetch_csl(client, server.url, "10.48550/arxiv.2201.06719")
    assert work is not None
    assert work.doi == "10.48550/arxiv.2201.06719"  # CSL gives it upper-case
    assert work.agency == "datacite"
    assert work.publisher == "arXiv" and work.year == 2022
    assert work.authors[0].family == "Han"
    # the DOI is one path segment, percent-encoded whole
    first = ["10.48550%2Farxiv.2201.06719", "crosscite"]
    assert [s.path.split("/")[1] for s in server.seen] == first
    assert server.seen[0].headers["Accept"] == "application/vnd.citationstyles.csl+json"


def test_unknown_doi_content_negotiation_is_none(server: FixtureServer, make_settings) -> None:
    client = HttpClient(make_settings(server.url, use_cache=False))
    assert fetch_csl(client, server.url, "10.1126/foo") is None


def test_agency_from_the_answering_host() -> None:
    assert agency_of("https://data.crosscite.org/10.48550%2Farxiv.1") == "datacite"
    assert agency_of("https://api.crossref.org/v1/works/10.1%2Fx/transform") == "crossref"
    assert agency_of("https://example.org/x") == "other"


def test_csl_with_string_title_and_container() -> None:
    work = work_from_csl(
        {"DOI": "10.1430/8105", "title": "Un titolo", "container-title": "Rivista", "page": "1–9"},
        "medra",
    )
    assert (work.title, work.container, work.pages, work.agency) == (
        "Un titolo",
        "Rivista",
        "1-9",
        "medra",
    )
