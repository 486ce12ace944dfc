import logging
import socket
import threading
import time
from pathlib import Path

import pytest

from refaudit.resolve.http import (
    Gate,
    HttpClient,
    HttpFailure,
    NotCached,
    Pool,
    RateLimiter,
    build_session,
    parse_retry_after,
    user_agent,
)
from tests.fakeserver import Fault, FixtureServer

WORK = "/works/10.1093%2Fijnp%2Fpyx047"


def _client(settings) -> HttpClient:
    return HttpClient(settings, backoff=0.01)


def test_user_agent_with_and_without_mailto() -> None:
    assert user_agent("a@b.org").endswith("(https://github.com/refaudit/refaudit; mailto:a@b.org)")
    assert "mailto" not in user_agent("")


def test_polite_request_carries_mailto_and_user_agent(server: FixtureServer, make_settings) -> None:
    _client(make_settings(server.url)).get(server.url + WORK)
    seen = server.seen[-1]
    assert seen.query["mailto"] == ["tests@example.org"]
    assert "mailto:tests@example.org" in seen.headers["User-Agent"]


def test_retry_after_is_honoured_on_429(server: FixtureServer, make_settings) -> None:
    server.fail(WORK, Fault(429, headers=(("Retry-After", "0"),)))
    client = _client(make_settings(server.url, use_cache=False))
    assert client.get(server.url + WORK).status == 200
    assert client.stats.retries == 1


def test_429_without_retry_after_backs_off(server: FixtureServer, make_settings) -> None:
    server.fail(WORK, Fault(429), Fault(429))
    client = _client(make_settings(server.url, use_cache=False))
    assert client.get(server.url + WORK).status == 200
    assert server.count(WORK) == 3


def test_503_then_success(server: FixtureServer, make_settings) -> None:
    server.fail(WORK, Fault(503, "Service Unavailable"))
    assert _client(make_settings(server.url, use_cache=False)).get(server.url + WORK).data


def test_persistent_503_gives_up_within_the_retry_budget(
    server: FixtureServer, make_settings
) -> None:
    server.fail(WORK, *[Fault(503)] * 200)
    client = _client(make_settings(server.url, use_cache=False, max_retry_time=0.3))
    with pytest.raises(HttpFailure, match="HTTP 503"):
        client.get(server.url + WORK)


def test_read_timeout_is_retried_when_the_host_answers_others(
    server: FixtureServer, make_settings
) -> None:
    server.fail(WORK, Fault(200, delay=0.6))
    client = _client(make_settings(server.url, use_cache=False, timeout=0.3))
    other = threading.Timer(0.1, client.get, args=(server.url + "/works/10.1037%2Fcns0000283",))
    other.start()  # answered while the first request waits
    assert client.get(server.url + WORK).status == 200
    other.join()
    assert client.stats.retries == 1


def test_hung_host_costs_one_timeout_not_one_per_retry(
    server: FixtureServer, make_settings
) -> None:
    server.hang = True
    client = _client(make_settings(server.url, use_cache=False, timeout=0.3, max_retry_time=30))
    started = time.monotonic()
    with pytest.raises(HttpFailure, match="no answer"):
        client.get(server.url + WORK)
    assert time.monotonic() - started < 0.6
    assert server.count() == 1


def test_connection_refused_fails_fast_as_unreachable(make_settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    client = _client(make_settings(url, use_cache=False, max_retry_time=5))
    with pytest.raises(HttpFailure) as info:
        client.get(url + WORK)
    assert info.value.unreachable or "Connection" in str(info.value)


def test_truncated_body_is_retried(server: FixtureServer, make_settings) -> None:
    server.fail(WORK, Fault(200, '{"status": "ok", "mess', truncate=True))
    client = _client(make_settings(server.url))
    assert client.get(server.url + WORK).data["status"] == "ok"


def test_html_page_with_200_is_not_cached_and_retried(server: FixtureServer, make_settings) -> None:
    page = Fault(200, "<html><body>Maintenance</body></html>", content_type="text/html")
    server.fail(WORK, page)
    client = _client(make_settings(server.url))
    assert client.get(server.url + WORK).data["message"]["DOI"] == "10.1093/ijnp/pyx047"
    assert _client(make_settings(server.url)).get(server.url + WORK).from_cache


def test_non_json_body_that_stays_bad_fails(server: FixtureServer, make_settings) -> None:
    server.fail(WORK, *[Fault(200, "not json")] * 100)
    client = _client(make_settings(server.url, max_retry_time=0.2))
    with pytest.raises(HttpFailure, match="not JSON"):
        client.get(server.url + WORK)


def test_redirect_is_followed(server: FixtureServer, make_settings) -> None:
    server.fail("/old", Fault(301, headers=(("Location", WORK),)))
    assert _client(make_settings(server.url)).get(server.url + "/old").data["status"] == "ok"


def test_very_large_body_is_refused(server: FixtureServer, make_settings, monkeypatch) -> None:
    monkeypatch.setattr("refaudit.resolve.http.MAX_BODY", 1000)
    server.fail(WORK, Fault(200, '{"a": "' + "x" * 5000 + '"}', content_type="application/json"))
    with pytest.raises(HttpFailure, match="larger than"):
        _client(make_settings(server.url)).get(server.url + WORK)


def test_404_is_cached_and_second_request_hits_the_cache(
    server: FixtureServer, make_settings
) -> None:
    url = server.url + "/works/10.1371%2Fnotarealdoi"
    first = _client(make_settings(server.url)).get(url)
    second = _client(make_settings(server.url)).get(url)
    assert (first.status, second.status, second.from_cache) == (404, 404, True)
    assert server.count("/works/") == 1


def test_refresh_ignores_stored_answers(server: FixtureServer, make_settings) -> None:
    _client(make_settings(server.url)).get(server.url + WORK)
    again = _client(make_settings(server.url, refresh=True)).get(server.url + WORK)
    assert not again.from_cache and server.count(WORK) == 2


def test_offline_miss_sends_nothing(server: FixtureServer, make_settings) -> None:
    with pytest.raises(NotCached):
        _client(make_settings(server.url, offline=True)).get(server.url + WORK)
    assert server.count() == 0


def test_no_cache_is_a_plain_session(make_settings) -> None:
    session = build_session(make_settings("http://x", use_cache=False))
    assert not hasattr(session, "cache")


def test_corrupt_cache_is_rebuilt_with_a_warning(
    server: FixtureServer, make_settings, tmp_path: Path, caplog
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "http_cache.sqlite").write_bytes(b"this is not a database" * 100)
    with caplog.at_level(logging.WARNING):
        client = _client(make_settings(server.url))
    assert "corrupt" in caplog.text
    assert client.get(server.url + WORK).status == 200


def test_server_rate_headers_lower_the_limits(server: FixtureServer, make_settings) -> None:
    client = _client(make_settings(server.url, mailto=""))
    server.fail(
        WORK,
        Fault(
            200,
            "{}",
            content_type="application/json",
            headers=(
                ("x-rate-limit-limit", "2"),
                ("x-rate-limit-interval", "1s"),
                ("x-concurrency-limit", "1"),
            ),
        ),
    )
    client.get(server.url + WORK)
    assert client.limiters[Pool.SINGLE].rate == pytest.approx(2.0)
    assert client.gates[Pool.SINGLE].limit == 1


def test_cache_hits_do_not_wait_for_the_rate_limiter(server: FixtureServer, make_settings) -> None:
    _client(make_settings(server.url)).get(server.url + WORK)
    client = _client(make_settings(server.url))
    client.limiters[Pool.SINGLE].lower(rate=0.001)  # a network request would wait ~1000 s
    assert client.get(server.url + WORK).from_cache


def test_gate_never_lets_more_than_its_limit_through() -> None:
    gate = Gate(3)
    limiter = RateLimiter(1000.0, gate)
    threads = []

    def work() -> None:
        limiter.acquire()
        threading.Event().wait(0.01)
        limiter.release()

    for _ in range(20):
        threads.append(threading.Thread(target=work))
        threads[-1].start()
    for t in threads:
        t.join()
    assert gate.max_in_flight == 3


def test_retry_after_as_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("soon") is None
