from dataclasses import replace

import pytest

from refaudit.errors import ResolverError
from refaudit.extract.fields import parse_reference
from refaudit.model import ParsedFields, Reference, ResolutionStatus
from refaudit.resolve import Resolver
from refaudit.resolve.match import search_text
from tests.fakeserver import Fault, FixtureServer
from tests.resolve.conftest import EXAMPLE_ENTRIES, MADE_UP_ENTRY


def _refs(entries, *, strip_dois: bool = False, parse: bool = True) -> list[Reference]:
    refs = []
    for n, raw in enumerate(entries, 1):
        text = search_text(raw) + "." if strip_dois else raw
        fields = parse_reference(text) if parse else ParsedFields()
        if strip_dois:
            fields = replace(fields, doi=None, url=None)
        refs.append(Reference(n=n, line=n, raw=text, fields=fields))
    return refs


RAWS = [raw for raw, _ in EXAMPLE_ENTRIES]
DOIS = [doi for _, doi in EXAMPLE_ENTRIES]


def test_example_references_resolve_as_printed(server: FixtureServer, make_settings) -> None:
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        results = resolver.resolve(_refs(RAWS))
    assert [r.doi for r in results] == DOIS
    by_status = {r.doi: r.status for r in results}
    assert by_status["10.1037/adb0000935"] is ResolutionStatus.VERIFIED
    assert by_status["10.1093/ijnp/pyx047"] is ResolutionStatus.MATCHED


@pytest.mark.parametrize("parse", [True, False], ids=["parsed", "raw-text-only"])
def test_example_references_found_by_search_without_dois(
    server: FixtureServer, make_settings, parse: bool
) -> None:
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        results = resolver.resolve(_refs(RAWS, strip_dois=True, parse=parse))
    assert [r.doi for r in results] == DOIS
    assert all(r.status is ResolutionStatus.MATCHED for r in results)
    assert all(r.score is not None and r.score >= 0.85 for r in results)
    assert all("/works/10." not in s.path for s in server.seen)


def test_made_up_reference_is_not_found(server: FixtureServer, make_settings) -> None:
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        result = resolver.resolve(_refs([MADE_UP_ENTRY]))[0]
    assert result.status is ResolutionStatus.NOT_FOUND
    assert result.doi is None and result.candidates  # look-alikes kept, rejected


def test_wrong_doi_is_a_mismatch_with_the_right_work(server: FixtureServer, make_settings) -> None:
    raw = RAWS[0] + " https://doi.org/10.1016/j.cub.2016.12.030"
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        result = resolver.resolve(_refs([raw]))[0]
    assert result.status is ResolutionStatus.DOI_MISMATCH
    assert (
        result.printed_work is not None and result.printed_work.doi == "10.1016/j.cub.2016.12.030"
    )
    assert result.doi == "10.1093/ijnp/pyx047"


def test_unregistered_doi_is_unknown(server: FixtureServer, make_settings) -> None:
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        result = resolver.lookup("10.1371/notarealdoi")
    assert result.status is ResolutionStatus.UNKNOWN_DOI
    assert [s.path for s in server.seen] == [
        "/works/10.1371%2Fnotarealdoi",
        "/api/handles/10.1371%2Fnotarealdoi",
    ]


def test_datacite_doi_is_verified_through_doi_org(server: FixtureServer, make_settings) -> None:
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        result = resolver.lookup("https://doi.org/10.48550/arXiv.2201.06719")
    assert result.status is ResolutionStatus.VERIFIED
    assert result.work is not None and result.work.agency == "datacite"


def test_lookup_by_free_text(server: FixtureServer, make_settings) -> None:
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        result = resolver.lookup(
            "Pokorny 2017 Effect of psilocybin on empathy and moral decision-making"
        )
    assert result.doi == "10.1093/ijnp/pyx047"


def test_second_run_is_served_from_the_cache(server: FixtureServer, make_settings) -> None:
    settings = make_settings(server.url)
    with Resolver(settings, backoff=0.01) as resolver:
        first = resolver.resolve(_refs(RAWS))
    server.reset()
    with Resolver(settings, backoff=0.01) as resolver:
        second = resolver.resolve(_refs(RAWS))
        assert resolver.stats.requests == 0 and resolver.stats.cache_hits > 0
    assert server.count() == 0
    assert [r.doi for r in first] == [r.doi for r in second]


def test_one_failing_reference_does_not_stop_the_others(
    server: FixtureServer, make_settings
) -> None:
    server.fail("/works/10.1037%2Fcns0000283", *[Fault(503)] * 500)
    with Resolver(make_settings(server.url, max_retry_time=0.3), backoff=0.01) as resolver:
        results = resolver.resolve(_refs(RAWS))
    assert results[-1].status is ResolutionStatus.ERROR
    assert "503" in results[-1].message
    assert [r.doi for r in results[:-1]] == DOIS[:-1]


def test_in_flight_never_exceeds_the_polite_limit(server: FixtureServer, make_settings) -> None:
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        resolver.resolve(_refs(RAWS * 3, strip_dois=True))
        assert resolver.stats.max_in_flight <= 3
    assert server.max_in_flight <= 3


def test_public_pool_sends_one_at_a_time(server: FixtureServer, make_settings) -> None:
    with Resolver(make_settings(server.url, mailto=""), backoff=0.01) as resolver:
        resolver.resolve(_refs(RAWS[-3:]))
    assert server.max_in_flight == 1


def test_unreachable_service_raises_resolver_error(make_settings) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with (
        Resolver(make_settings(url, max_retry_time=5), backoff=0.01) as resolver,
        pytest.raises(ResolverError, match="cannot reach") as info,
    ):
        resolver.resolve(_refs(RAWS))
    assert info.value.exit_code == 3 and info.value.hint


def test_offline_without_cache_skips_everything(server: FixtureServer, make_settings) -> None:
    with Resolver(make_settings(server.url, offline=True), backoff=0.01) as resolver:
        results = resolver.resolve(_refs(RAWS))
    assert {r.status for r in results} == {ResolutionStatus.SKIPPED}
    assert server.count() == 0


def test_progress_reports_every_reference(server: FixtureServer, make_settings) -> None:
    seen: list[int] = []
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        resolver.resolve(_refs(RAWS[:4]), progress=seen.append)
    assert sorted(seen) == [1, 2, 3, 4]


def test_a_bug_on_one_reference_is_an_internal_error_resolution_and_the_others_resolve(
    server: FixtureServer, make_settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Resolver.resolve_one

    def flaky(self: Resolver, reference: Reference):  # type: ignore[no-untyped-def]
        if reference.n == 2:
            raise IndexError("tuple index out of range")
        return original(self, reference)

    monkeypatch.setattr(Resolver, "resolve_one", flaky)
    with Resolver(make_settings(server.url), backoff=0.01) as resolver:
        results = resolver.resolve(_refs(RAWS[:3]))
    assert [r.doi for r in results] == [DOIS[0], None, DOIS[2]]
    assert results[1].status is ResolutionStatus.SKIPPED
    assert results[1].internal_error == "IndexError: tuple index out of range"
    assert not results[0].internal_error
