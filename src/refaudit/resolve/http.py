"""The one HTTP factory: polite session, timeouts, retries, rate limits and the on-disk cache."""

from __future__ import annotations

import email.utils
import json
import logging
import random
import re
import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from refaudit import __version__
from refaudit.settings import Settings

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/refaudit/refaudit"
CACHE_FILE = "http_cache.sqlite"
FOUND_TTL = timedelta(days=30)
NOT_FOUND_TTL = timedelta(days=1)  # a DOI may be registered tomorrow
MAX_BODY = 16 * 1024 * 1024  # bytes; bigger answers are refused, not parsed
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 30.0  # seconds, one wait
CONNECT_FAILURES_BEFORE_GIVING_UP = 3  # per host, while it has never answered


class Pool:
    """Names of the rate-limit pools (Crossref counts single records and queries apart)."""

    SINGLE = "single"
    QUERY = "query"
    DOI = "doi"  # doi.org: no published limit, kept modest


@dataclass(frozen=True, slots=True)
class Limits:
    """Requests per second and requests in flight allowed in one pool."""

    rate: float
    concurrency: int


# Crossref's published limits since December 2025 (https://www.crossref.org/documentation/retrieve-metadata/rest-api/access-and-authentication/).
POLITE_LIMITS = {
    Pool.SINGLE: Limits(10.0, 3),
    Pool.QUERY: Limits(3.0, 3),
    Pool.DOI: Limits(5.0, 2),
}
PUBLIC_LIMITS = {
    Pool.SINGLE: Limits(5.0, 1),
    Pool.QUERY: Limits(1.0, 1),
    Pool.DOI: Limits(5.0, 1),
}
# Requests start a little further apart than the limit so that network jitter never lets a
# server's sliding one-second window count one request too many.
SPACING_MARGIN = 1.05


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


@dataclass(slots=True)
class Stats:
    """Counters for one client: requests that went to the network, cache hits, retries."""

    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    answered: int = 0  # network requests that got any HTTP answer


def user_agent(mailto: str) -> str:
    """`refaudit/<version> (<project url>; mailto:<addr>)`, without the mailto part when empty."""
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"refaudit/{__version__} ({PROJECT_URL}{contact})"


class Gate:
    """A semaphore whose limit can be lowered while in use; remembers its peak use."""

    def __init__(self, limit: int) -> None:
        self._cond = threading.Condition()
        self._limit = limit
        self._in_flight = 0
        self.max_in_flight = 0

    @property
    def limit(self) -> int:
        return self._limit

    def acquire(self) -> None:
        with self._cond:
            while self._in_flight >= self._limit:
                self._cond.wait()
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify()

    def lower(self, limit: int) -> None:
        with self._cond:
            if 0 < limit < self._limit:
                self._limit = limit


class RateLimiter:
    """Start requests no faster than `rate` per second, holding a slot of a shared Gate."""

    def __init__(self, rate: float, gate: Gate) -> None:
        self._lock = threading.Lock()
        self._interval = SPACING_MARGIN / rate
        self._next_start = 0.0
        self.gate = gate

    @property
    def rate(self) -> float:
        return SPACING_MARGIN / self._interval

    def acquire(self) -> None:
        # The in-flight slot first: a start time reserved while waiting for a slot could
        # otherwise bunch up with later requests and break the server's one-second window.
        self.gate.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self._interval
        if start > now:
            time.sleep(start - now)

    def release(self) -> None:
        self.gate.release()

    def lower(self, rate: float | None = None, concurrency: int | None = None) -> None:
        """Lower (never raise) the limits, e.g. from a server's x-rate-limit headers."""
        if rate is not None and rate > 0:
            with self._lock:
                self._interval = max(self._interval, SPACING_MARGIN / rate)
        if concurrency is not None:
            self.gate.lower(concurrency)


def _parse_interval(text: str) -> float | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", text or "")
    if not m:
        return None
    value = float(m.group(1))
    return value * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[m.group(2) or "s"]


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _open_cached_session(settings: Settings) -> requests.Session:
    from filelock import FileLock
    from requests_cache import CachedSession
    from requests_cache.backends.sqlite import SQLiteCache

    folder = Path(settings.cache_dir).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / CACHE_FILE
    # One process at a time opens (and possibly rebuilds) the file; SQLite's WAL mode and a
    # busy timeout make the reads and writes that follow safe between processes.
    with FileLock(str(folder / (CACHE_FILE + ".lock")), timeout=60):
        for attempt in (1, 2):
            try:
                backend = SQLiteCache(db_path, wal=True, busy_timeout=30_000)
                with backend.responses.connection() as con:
                    con.execute("SELECT count(*) FROM responses").fetchone()
                    con.execute("PRAGMA quick_check").fetchone()
                break
            except sqlite3.DatabaseError as exc:
                if attempt == 2:
                    raise
                message = f"the cache {db_path} is corrupt ({exc}); rebuilding it"
                log.warning(message)
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db_path) + suffix).unlink(missing_ok=True)
    return CachedSession(
        backend=backend,
        expire_after=FOUND_TTL,
        allowable_codes=(200, 404),
        ignored_parameters=("mailto",),
        match_headers=("Accept",),
        stale_if_error=False,
    )


def build_session(settings: Settings) -> requests.Session:
    """The one Session: cached on disk unless `use_cache` is off, with the polite user agent."""
    session: requests.Session
    if settings.use_cache:
        try:
            session = _open_cached_session(settings)
        except (OSError, sqlite3.DatabaseError) as exc:
            message = f"cannot use the cache in {settings.cache_dir} ({exc}); running without it"
            log.warning(message)
            session = requests.Session()
    else:
        session = requests.Session()
    session.headers["User-Agent"] = user_agent(settings.mailto)
    return session


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
        self.session = session if session is not None else build_session(settings)
        self.backoff = backoff
        self.cached = hasattr(self.session, "cache")
        limits = POLITE_LIMITS if settings.mailto else PUBLIC_LIMITS
        # Single records and queries share one in-flight budget at Crossref.
        crossref = Gate(limits[Pool.SINGLE].concurrency)
        self.gates = {"crossref": crossref, "doi": Gate(limits[Pool.DOI].concurrency)}
        self.limiters = {
            Pool.SINGLE: RateLimiter(limits[Pool.SINGLE].rate, crossref),
            Pool.QUERY: RateLimiter(limits[Pool.QUERY].rate, crossref),
            Pool.DOI: RateLimiter(limits[Pool.DOI].rate, self.gates["doi"]),
        }
        self.stats = Stats()
        self._lock = threading.Lock()
        self._hosts: dict[str, list[int]] = {}  # host -> [answers, consecutive connect failures]
        self._timeout = (min(settings.timeout, 10.0), settings.timeout)

    def close(self) -> None:
        self.session.close()

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
        truncated body) is never kept in the cache and is retried like a 503.
        """
        query = dict(params or {})
        if self.settings.mailto and pool != Pool.DOI:
            query["mailto"] = self.settings.mailto
        if self.cached and not self.settings.refresh:
            hit = self._from_cache(url, query, headers)
            if hit is not None:
                if not (expect_json and hit.status == 200 and hit.data is None):
                    return hit
                self._forget(hit.cache_key, url)
        if self.settings.offline:
            raise NotCached(f"offline and not cached: {url}")
        return self._fetch(url, query, headers, pool, expect_json)

    # -- cache -------------------------------------------------------------------------

    def _from_cache(
        self, url: str, query: Mapping[str, str], headers: Mapping[str, str] | None
    ) -> HttpResponse | None:
        try:
            response = self.session.get(
                url,
                params=query,
                headers=dict(headers or {}),
                only_if_cached=True,  # type: ignore[call-arg]
                timeout=self._timeout,
            )
        except (sqlite3.DatabaseError, requests.RequestException, ValueError) as exc:
            log.warning("cache lookup failed for %s: %s", url, exc)
            return None
        # A miss under only_if_cached is a made-up 504 that carries no cache key.
        if not getattr(response, "from_cache", False) or not getattr(response, "cache_key", ""):
            return None
        with self._lock:
            self.stats.cache_hits += 1
        return _read(response, from_cache=True)

    def _store_not_found(self, response: requests.Response) -> None:
        key = getattr(response, "cache_key", None)
        if not self.cached or not key:
            return
        try:
            expires = datetime.now(timezone.utc) + NOT_FOUND_TTL
            self.session.cache.save_response(response, key, expires)  # type: ignore[attr-defined]
        except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
            log.warning("cannot shorten the cache lifetime of %s: %s", response.url, exc)

    def _forget(self, key: str, url: str) -> None:
        if self.cached and key:
            try:
                self.session.cache.delete(key)  # type: ignore[attr-defined]
            except (sqlite3.DatabaseError, KeyError) as exc:
                log.warning("cannot drop a bad cached answer for %s: %s", url, exc)

    # -- network -----------------------------------------------------------------------

    def _fetch(
        self,
        url: str,
        query: Mapping[str, str],
        headers: Mapping[str, str] | None,
        pool: str,
        expect_json: bool,
    ) -> HttpResponse:
        host = urlsplit(url).netloc
        limiter = self.limiters[pool]
        started = time.monotonic()
        attempt = 0
        while True:
            self._check_reachable(host, url)
            wait: float | None = None
            problem = ""
            limiter.acquire()
            try:
                with self._lock:
                    self.stats.requests += 1
                extra: dict[str, Any] = {"force_refresh": True} if self.cached else {}
                response = self.session.get(
                    url, params=query, headers=dict(headers or {}), timeout=self._timeout, **extra
                )
            except requests.ConnectionError as exc:
                connect = not isinstance(exc, requests.ReadTimeout) and _is_connect_error(exc)
                self._note_host(host, answered=False, connect_failure=connect)
                problem = f"{type(exc).__name__}: {exc}"
            except requests.Timeout as exc:
                self._note_host(host, answered=True, connect_failure=False)
                problem = f"timed out after {self.settings.timeout:g} s ({type(exc).__name__})"
            except requests.RequestException as exc:  # truncated body, bad chunking, ...
                self._note_host(host, answered=True, connect_failure=False)
                problem = f"{type(exc).__name__}: {exc}"
            else:
                self._note_host(host, answered=True, connect_failure=False)
                self._obey_headers(pool, response)
                if response.status_code in RETRY_STATUSES:
                    problem = f"HTTP {response.status_code} from {url}"
                    wait = parse_retry_after(response.headers.get("Retry-After"))
                    response.close()
                else:
                    result = self._accept(response)
                    if not (expect_json and result.status == 200 and result.data is None):
                        return result
                    self._forget(result.cache_key, url)
                    problem = f"the answer from {url} is not JSON ({result.content_type})"
            finally:
                limiter.release()
            attempt += 1
            if wait is None:
                wait = min(MAX_BACKOFF, self.backoff * 2 ** (attempt - 1))
                wait = random.uniform(wait / 2, wait)  # jitter spreads the retries of threads
            if time.monotonic() - started + wait > self.settings.max_retry_time:
                with self._lock:
                    self.stats.failures += 1
                raise HttpFailure(f"{problem} (gave up after {attempt} attempts)")
            with self._lock:
                self.stats.retries += 1
            log.info("retrying %s in %.2f s: %s", url, wait, problem)
            time.sleep(wait)

    def _accept(self, response: requests.Response) -> HttpResponse:
        length = response.headers.get("content-length", "")
        if (length.isdigit() and int(length) > MAX_BODY) or len(response.content) > MAX_BODY:
            self._forget(getattr(response, "cache_key", ""), response.url)
            raise HttpFailure(f"answer from {response.url} is larger than {MAX_BODY} bytes")
        if response.status_code == 404:
            self._store_not_found(response)
        return _read(response, from_cache=False)

    def _obey_headers(self, pool: str, response: requests.Response) -> None:
        h = response.headers
        rate: float | None = None
        limit = h.get("x-rate-limit-limit", "")
        interval = _parse_interval(h.get("x-rate-limit-interval", "1s"))
        if limit.strip().isdigit() and interval:
            rate = int(limit) / interval
        concurrency_text = h.get("x-concurrency-limit", "").strip()
        concurrency = int(concurrency_text) if concurrency_text.isdigit() else None
        if rate is not None or concurrency is not None:
            self.limiters[pool].lower(rate, concurrency)

    def _note_host(self, host: str, *, answered: bool, connect_failure: bool) -> None:
        with self._lock:
            state = self._hosts.setdefault(host, [0, 0])
            if answered:
                state[0] += 1
                state[1] = 0
                self.stats.answered += 1
            elif connect_failure:
                state[1] += 1

    def _check_reachable(self, host: str, url: str) -> None:
        with self._lock:
            answers, failures = self._hosts.get(host, [0, 0])
        if answers == 0 and failures >= CONNECT_FAILURES_BEFORE_GIVING_UP:
            raise HttpFailure(f"cannot connect to {host}", unreachable=True)

    def max_in_flight(self) -> int:
        """The most requests this client ever had in flight at once towards one service."""
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


def _read(response: requests.Response, *, from_cache: bool) -> HttpResponse:
    headers = {k.lower(): v for k, v in response.headers.items()}
    if response.encoding is None and "json" in headers.get("content-type", ""):
        response.encoding = "utf-8"
    text = response.text
    data: Any = None
    if text.lstrip()[:1] in ("{", "["):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
    return HttpResponse(
        status=response.status_code,
        text=text,
        headers=headers,
        url=response.url,
        from_cache=from_cache,
        data=data,
        cache_key=str(getattr(response, "cache_key", "") or ""),
    )
