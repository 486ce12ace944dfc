"""The one HTTP factory: polite session, timeouts, retries (tenacity), rate limits, the cache.

The HTTP stack (requests, urllib3) is imported when a request must go to the network: a run
that the cache answers completely never loads it.
"""

from __future__ import annotations

import json
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from refaudit.resolve.limits import (
    POLITE_LIMITS,
    PUBLIC_LIMITS,
    Gate,
    Limits,
    Pool,
    RateLimiter,
    SharedSchedule,
    limits_from_headers,
    parse_retry_after,
)
from refaudit.resolve.store import AnswerStore, Stored, request_key
from refaudit.settings import Settings

if TYPE_CHECKING:
    import requests

__all__ = [
    "Gate",
    "HttpClient",
    "HttpFailure",
    "HttpResponse",
    "Limits",
    "NotCached",
    "Pool",
    "RateLimiter",
    "build_session",
    "parse_retry_after",
    "user_agent",
]

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/refaudit/refaudit"
CACHE_FILE = "http_cache.sqlite"
LIMITS_FOLDER = "limits"  # the machine-wide rate-limit schedules, next to the cache
FOUND_TTL = timedelta(days=30)
NOT_FOUND_TTL = timedelta(days=1)  # a DOI may be registered tomorrow
MAX_BODY = 16 * 1024 * 1024  # bytes; bigger answers are refused, not parsed
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 30.0  # seconds, one wait
# A host is given up for the rest of the run after this many connection failures while it has
# never answered, this many failed answers (5xx, 429, broken bodies) in a row for at least
# FAILED_URLS different requests (one broken record is not a broken service), or as many
# time-outs in a row as the requests it may have in flight, or a time-out during which it
# answered nothing at all (the service hangs).
CONNECT_FAILURES_BEFORE_GIVING_UP = 3
FAILED_ANSWERS_BEFORE_GIVING_UP = 6
FAILED_URLS = 3
# Pools whose service takes Crossref's `mailto` parameter (polite pool / identification).
MAILTO_POOLS = frozenset({Pool.SINGLE, Pool.QUERY, Pool.OPENALEX})
# The setting that holds each pool's base URL (its host keys the machine-wide schedule).
POOL_URL_SETTING = {
    Pool.SINGLE: "crossref_url",
    Pool.QUERY: "crossref_url",
    Pool.DOI: "doi_url",
    Pool.DATACITE: "datacite_url",
    Pool.ARXIV: "arxiv_url",
    Pool.NCBI: "ncbi_url",
    Pool.OPENLIBRARY: "openlibrary_url",
    Pool.OPENALEX: "openalex_url",
    Pool.DBLP: "dblp_url",
    Pool.EUROPEPMC: "europepmc_url",
    Pool.PUBMED: "pubmed_url",
}


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """An answer read in full: what the parsers need, and whether the cache gave it."""

    status: int
    text: str
    headers: Mapping[str, str]
    url: str
    from_cache: bool = False
    data: Any = None  # the body parsed as JSON, when it is JSON
    cache_key: str = ""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class HttpFailure(Exception):
    """A request that failed for good: retries used up, unreachable, or a bad answer."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


class NotCached(HttpFailure):
    """Offline run: the answer is not in the cache and the network may not be used."""


class _Transient(Exception):
    """One failed attempt worth retrying; `wait` is the server's Retry-After, if it gave one."""

    def __init__(
        self, problem: str, wait: float | None = None, timed_out_since: float | None = None
    ) -> None:
        super().__init__(problem)
        self.wait = wait
        self.timed_out_since = timed_out_since  # monotonic start of an attempt that hung


@dataclass(slots=True)
class Stats:
    """Counters for one client: requests that went to the network, cache hits, retries."""

    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    answered: int = 0  # network requests that got any HTTP answer


@dataclass(slots=True)
class _Health:
    """What one host did in this run: answers, and the failures in a row since the last one."""

    answers: int = 0
    connect_failures: int = 0
    timeouts: int = 0
    failed_answers: int = 0
    failed_urls: set[str] = field(default_factory=set)  # in the current run of failures
    last_answer: float = 0.0  # monotonic time of the last HTTP answer
    down: str = ""  # why the host is given up for the rest of the run


def user_agent(mailto: str) -> str:
    """`refaudit/<version> (<project url>; mailto:<addr>)`, without the mailto part when empty."""
    from refaudit import __version__

    contact = f"; mailto:{mailto}" if mailto else ""
    return f"refaudit/{__version__} ({PROJECT_URL}{contact})"


def build_session(settings: Settings) -> requests.Session:
    """The one Session, with the polite user agent (the cache sits in front of it)."""
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = user_agent(settings.mailto)
    return session


def _open_store(settings: Settings) -> AnswerStore | None:
    if not settings.use_cache:
        return None
    try:
        return AnswerStore(Path(settings.cache_dir).expanduser() / CACHE_FILE)
    except (OSError, sqlite3.DatabaseError) as exc:
        message = f"cannot use the cache in {settings.cache_dir} ({exc}); running without it"
        log.warning(message)
        return None


def _shared_schedule(settings: Settings, pool: str, slots: int) -> SharedSchedule | None:
    base = str(getattr(settings, POOL_URL_SETTING.get(pool, "crossref_url"), ""))
    if settings.offline or base.startswith("file:"):
        return None
    try:
        folder = Path(settings.cache_dir).expanduser() / LIMITS_FOLDER
        return SharedSchedule(folder, f"{pool}-{urlsplit(base).netloc}", slots)
    except OSError as exc:
        log.warning("no machine-wide rate limit (%s); limiting this process only", exc)
        return None


class HttpClient:
    """Every request of refaudit: cache first, then rate-limited, retried network calls."""

    def __init__(
        self,
        settings: Settings,
        *,
        session: requests.Session | None = None,
        backoff: float = 1.0,
    ) -> None:
        self.settings = settings
        for name in ("crossref_url", "doi_url", *POOL_URL_SETTING.values()):
            value = str(getattr(settings, name))
            if value.startswith("file:"):
                from refaudit.resolve import recorded

                recorded.open_folder(value)  # a ConfigError now rather than per request
        self._session = session
        self.store = _open_store(settings)
        self.backoff = backoff
        self.cached = self.store is not None
        limits = POLITE_LIMITS if settings.mailto else PUBLIC_LIMITS
        # Every pool has its own in-flight budget, so that DOI lookups and searches overlap.
        self.gates = {pool: Gate(limit.concurrency) for pool, limit in limits.items()}
        self.limiters = {
            pool: RateLimiter(
                limit.rate, self.gates[pool], _shared_schedule(settings, pool, limit.concurrency)
            )
            for pool, limit in limits.items()
        }
        self.stats = Stats()
        self._lock = threading.Lock()
        self._hosts: dict[str, _Health] = {}
        self._timeout = (min(settings.timeout, 10.0), settings.timeout)
        self._local = threading.local()  # the current reference's deadline, per thread
        self._session_lock = threading.Lock()

    @property
    def session(self) -> requests.Session:
        """The HTTP session, built on the first request that goes to the network."""
        with self._session_lock:
            if self._session is None:
                self._session = build_session(self.settings)
            return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        if self.store is not None:
            self.store.close()

    @contextmanager
    def reference_budget(self) -> Iterator[None]:
        """The requests made inside (one reference's) share one retry budget: the time spent
        on failed attempts and the waits between them, never the queueing for a slot."""
        previous = getattr(self._local, "spent", None)
        self._local.spent = 0.0
        try:
            yield
        finally:
            self._local.spent = previous

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        pool: str = Pool.SINGLE,
        expect_json: bool = True,
    ) -> HttpResponse:
        """GET `url`; raise HttpFailure when no usable HTTP answer could be had.

        With `expect_json`, a 200 answer whose body is not JSON (an HTML error page, a
        truncated body) is never kept in the cache and is retried like a 503. A `file:` URL
        is answered from a folder of recorded answers, without cache or network.
        """
        query = dict(params or {})
        if url.startswith("file:"):
            from refaudit.resolve import recorded

            return recorded.get(url, query, headers or {})
        if self.settings.mailto and pool in MAILTO_POOLS:
            query["mailto"] = self.settings.mailto
        key = request_key(url, query, headers or {})
        if self.cached and not self.settings.refresh:
            hit = self._from_cache(key)
            if hit is not None:
                if not (expect_json and hit.status == 200 and hit.data is None):
                    return hit
                self._forget(key, url)
        if self.settings.offline:
            raise NotCached(f"offline and not cached: {url}")
        return self._fetch(url, query, headers, pool, expect_json, key)

    # -- cache -------------------------------------------------------------------------

    def _from_cache(self, key: str) -> HttpResponse | None:
        if self.store is None:
            return None
        try:
            stored = self.store.get(key)
        except (sqlite3.DatabaseError, ValueError) as exc:
            log.warning("cache lookup failed for %s: %s", key, exc)
            return None
        if stored is None:
            return None
        with self._lock:
            self.stats.cache_hits += 1
        return HttpResponse(
            status=stored.status,
            text=stored.body,
            headers=stored.headers,
            url=stored.url,
            from_cache=True,
            data=json_body(stored.body),
            cache_key=key,
        )

    def _keep(self, result: HttpResponse) -> None:
        """Store an accepted answer: a record for FOUND_TTL, a 404 for NOT_FOUND_TTL."""
        if self.store is None or result.status not in (200, 404):
            return
        ttl = FOUND_TTL if result.status == 200 else NOT_FOUND_TTL
        answer = Stored(result.status, result.url, result.headers, result.text)
        try:
            self.store.put(result.cache_key, answer, ttl.total_seconds())
        except sqlite3.DatabaseError as exc:
            log.warning("cannot store the answer of %s: %s", result.url, exc)

    def _forget(self, key: str, url: str) -> None:
        if self.store is not None and key:
            try:
                self.store.delete(key)
            except sqlite3.DatabaseError as exc:
                log.warning("cannot drop a bad cached answer for %s: %s", url, exc)

    # -- network -----------------------------------------------------------------------

    def _budget(self) -> float:
        spent = getattr(self._local, "spent", None) or 0.0
        return max(0.0, self.settings.max_retry_time - spent)

    def _spend(self, seconds: float) -> None:
        if getattr(self._local, "spent", None) is not None:
            self._local.spent += seconds

    def _fetch(
        self,
        url: str,
        query: Mapping[str, str],
        headers: Mapping[str, str] | None,
        pool: str,
        expect_json: bool,
        cache_key: str,
    ) -> HttpResponse:
        from tenacity import Retrying, retry_if_exception_type

        host = urlsplit(url).netloc
        limiter = self.limiters[pool]
        budget = self._budget()
        # Built (requests imported) before a start time is taken, not between it and the send.
        self.session  # noqa: B018
        failed: list[float] = []  # seconds each failed attempt took
        last: list[_Transient] = []

        def attempt() -> HttpResponse:
            self._check_reachable(host)
            spent = sum(failed)
            if not limiter.acquire(max_pause=max(0.0, budget - spent)):
                why = f"{last[-1]}; " if last else ""
                raise HttpFailure(f"{why}{host} asked to wait beyond the retry budget")
            started = time.monotonic()
            try:
                self._check_reachable(host)  # it may have gone down while this one waited
                return self._attempt(url, query, headers, pool, expect_json, host, cache_key)
            except _Transient as exc:
                last.append(exc)
                failed.append(time.monotonic() - started)
                raise
            finally:
                limiter.release()

        def wait(state: Any) -> float:
            outcome = state.outcome
            failure = outcome.exception() if outcome is not None else None
            if isinstance(failure, _Transient) and failure.wait is not None:
                limiter.pause(failure.wait)
                return failure.wait
            step = min(MAX_BACKOFF, self.backoff * 2 ** (state.attempt_number - 1))
            return random.uniform(step / 2, step)  # jitter spreads the retries of threads

        def give_up(state: Any) -> bool:
            # The budget counts failed attempts and the waits between them; a time-out is
            # tried again only when the host answered something meanwhile: a hung service
            # must cost one time-out, not one per retry.
            sleeps = (state.idle_for or 0.0) + state.upcoming_sleep
            if sum(failed) + sleeps >= budget:
                return True
            outcome = state.outcome
            failure = outcome.exception() if outcome is not None else None
            with self._lock:
                health = self._hosts.get(host, _Health())
            since = failure.timed_out_since if isinstance(failure, _Transient) else None
            return bool(health.down) or (since is not None and health.last_answer < since)

        def before_sleep(state: Any) -> None:
            with self._lock:
                self.stats.retries += 1
            outcome = state.outcome
            problem = outcome.exception() if outcome is not None else ""
            log.info("retrying %s in %.2f s: %s", url, state.upcoming_sleep, problem)

        retrying = Retrying(
            retry=retry_if_exception_type(_Transient),
            wait=wait,
            stop=give_up,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            result: HttpResponse = retrying(attempt)
        except _Transient as exc:
            self._spend(sum(failed) + (retrying.statistics.get("idle_for") or 0.0))
            with self._lock:
                self.stats.failures += 1
                down = self._hosts.get(host, _Health()).down
            attempts = retrying.statistics.get("attempt_number", 1)
            raise HttpFailure(
                f"{exc} (gave up after {attempts} attempts)", unreachable=bool(down)
            ) from None
        self._spend(sum(failed) + (retrying.statistics.get("idle_for") or 0.0))
        return result

    def _attempt(
        self,
        url: str,
        query: Mapping[str, str],
        headers: Mapping[str, str] | None,
        pool: str,
        expect_json: bool,
        host: str,
        cache_key: str,
    ) -> HttpResponse:
        """One request: its usable answer, or _Transient when it is worth trying again."""
        import requests

        key = f"{url}?{urlencode(sorted(query.items()))}"  # which request failed, for _note
        with self._lock:
            self.stats.requests += 1
        started = time.monotonic()
        try:
            response = self.session.get(
                url, params=query, headers=dict(headers or {}), timeout=self._timeout
            )
        except requests.ConnectionError as exc:
            if isinstance(exc, requests.ReadTimeout) or "timed out" in str(exc):
                self._note(host, pool, "timeout", key, started)
                raise _Transient(
                    f"no answer from {host} within {self.settings.timeout:g} s",
                    timed_out_since=started,
                ) from None
            self._note(host, pool, "connect" if _is_connect_error(exc) else "failed", key)
            raise _Transient(f"{type(exc).__name__}: {exc}") from None
        except requests.Timeout as exc:
            self._note(host, pool, "timeout", key, started)
            raise _Transient(
                f"no answer from {host} within {self.settings.timeout:g} s ({type(exc).__name__})",
                timed_out_since=started,
            ) from None
        except requests.RequestException as exc:  # truncated body, bad chunking, ...
            self._note(host, pool, "failed", key)
            raise _Transient(f"{type(exc).__name__}: {exc}") from None
        self._obey_headers(pool, response)
        if response.status_code in RETRY_STATUSES:
            self._note(host, pool, "failed", key)
            wait = parse_retry_after(response.headers.get("Retry-After"))
            response.close()
            raise _Transient(f"HTTP {response.status_code} from {url}", wait)
        result = _accept(response, cache_key)
        if expect_json and result.status == 200 and result.data is None:
            self._note(host, pool, "failed", key)
            raise _Transient(f"the answer from {url} is not JSON ({result.content_type})")
        self._note(host, pool)
        self._keep(result)
        return result

    def _obey_headers(self, pool: str, response: requests.Response) -> None:
        rate, concurrency = limits_from_headers(response.headers)
        if rate is not None or concurrency is not None:
            self.limiters[pool].lower(rate, concurrency)

    def _note(
        self, host: str, pool: str, outcome: str = "ok", url: str = "", started: float = 0.0
    ) -> None:
        """Record one attempt: ok, failed (5xx, 429, broken), timeout or connect (refused).

        A host is given up for the rest of the run when it keeps failing (see the constants).
        """
        with self._lock:
            health = self._hosts.setdefault(host, _Health())
            if outcome == "timeout":
                health.timeouts += 1
                # Nothing answered while this request waited: the service hangs.
                hung = health.last_answer < started or health.timeouts >= self.gates[pool].limit
                if hung and not health.down:
                    health.down = f"{host} did not answer within {self.settings.timeout:g} s"
                return
            if outcome == "connect":
                health.connect_failures += 1
                if health.answers == 0 and (
                    health.connect_failures >= CONNECT_FAILURES_BEFORE_GIVING_UP
                ):
                    health.down = f"cannot connect to {host}"
                return
            health.answers += 1
            health.timeouts = 0
            health.last_answer = time.monotonic()
            self.stats.answered += 1
            if outcome == "ok":
                health.failed_answers = 0
                health.failed_urls.clear()
                return
            health.failed_answers += 1
            health.failed_urls.add(url)
            if (
                health.failed_answers >= FAILED_ANSWERS_BEFORE_GIVING_UP
                and len(health.failed_urls) >= FAILED_URLS
                and not health.down
            ):
                health.down = (
                    f"{host} failed {health.failed_answers} times in a row "
                    "(5xx, 429 or broken answers)"
                )

    def _check_reachable(self, host: str) -> None:
        with self._lock:
            down = self._hosts.get(host, _Health()).down
        if down:
            raise HttpFailure(down, unreachable=True)

    def max_in_flight(self) -> int:
        """The most requests this client ever had in flight at once in one pool."""
        return max(gate.max_in_flight for gate in self.gates.values())


def _is_connect_error(exc: requests.ConnectionError) -> bool:
    text = f"{exc!r}"
    return any(
        marker in text
        for marker in (
            "NewConnectionError",
            "Connection refused",
            "NameResolutionError",
            "Failed to resolve",
            "ConnectTimeout",
            "Max retries exceeded",
        )
    )


def json_body(text: str) -> Any:
    """The parsed JSON of a body that looks like JSON, else None (HTML, plain text, torn)."""
    if text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _accept(response: requests.Response, cache_key: str) -> HttpResponse:
    length = response.headers.get("content-length", "")
    if (length.isdigit() and int(length) > MAX_BODY) or len(response.content) > MAX_BODY:
        raise HttpFailure(f"answer from {response.url} is larger than {MAX_BODY} bytes")
    return _read(response, cache_key)


def _read(response: requests.Response, cache_key: str) -> HttpResponse:
    headers = {k.lower(): v for k, v in response.headers.items()}
    if response.encoding is None and "json" in headers.get("content-type", ""):
        response.encoding = "utf-8"
    text = response.text
    data = json_body(text)
    return HttpResponse(
        status=response.status_code,
        text=text,
        headers=headers,
        url=response.url,
        data=data,
        cache_key=cache_key,
    )
