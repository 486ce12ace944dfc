"""A loopback stand-in for Crossref and doi.org serving a folder of recorded answers.

For the tests and the benchmarks (not part of the package): the real session, retry,
rate-limit and cache code runs against it. The routes are refaudit.resolve.recorded's (the
`file:` reader), so a folder answers the same over HTTP and as `file:DIR`. Faults can be queued
per path, a path can hang (accept and never answer), and the server can enforce a rate and
concurrency limit (answering 429 when exceeded) and add latency.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from refaudit.resolve.recorded import Answer, Folder, tokens

_tokens = tokens  # for the benchmarks that rank like the stand-in


@dataclass(frozen=True)
class Fault:
    """A canned misbehaviour for one request: a status, a slow answer, a cut body, a redirect."""

    status: int = 200
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds before answering (read timeouts)
    truncate: bool = False  # promise more bytes than are sent, then close
    hang: bool = False  # accept the request and never answer (until the server stops)
    content_type: str = "text/plain"


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class _Limits:
    rate: int | None = None  # requests per `interval`
    interval: float = 1.0
    concurrency: int | None = None
    arrivals: deque[float] = field(default_factory=deque)


class FixtureServer:
    """Serve a fixture folder (works/, handles/, csl/) like api.crossref.org and doi.org."""

    def __init__(
        self,
        root: Path,
        *,
        latency: float = 0.0,
        rate: int | None = None,
        concurrency: int | None = None,
        interval: float = 1.0,
        pool_limits: dict[str, tuple[int, int]] | None = None,
    ) -> None:
        self.root = Path(root)
        self.latency = latency
        self.limits = _Limits(rate, interval, concurrency)
        # Per pool, as Crossref counts them: "single" (/works/{doi}), "query" (/works?...),
        # "doi" (everything else): (requests per interval, requests in flight).
        self.pool_limits = {
            name: _Limits(r, interval, c) for name, (r, c) in (pool_limits or {}).items()
        }
        self.pool_in_flight: dict[str, int] = {}
        self.pool_seen: dict[str, int] = {}
        self.seen: list[Seen] = []
        self.faults: dict[str, deque[Fault]] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.too_many = 0  # 429s the server answered because a limit was exceeded
        self.first_arrival: float | None = None  # monotonic time the first request came in
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.folder = Folder(self.root)
        self._works = self.folder.works
        self._stopping = threading.Event()
        self.hang = False  # accept every request and never answer
        self.always: Fault | None = None  # answer every request with this fault

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> str:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.request_queue_size = 64
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FixtureServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- test controls -----------------------------------------------------------------

    def fail(self, path: str, *faults: Fault) -> None:
        """Answer the next requests for `path` (e.g. '/works/10.1093%2Fijnp%2Fpyx047')."""
        with self._lock:
            self.faults.setdefault(path, deque()).extend(faults)

    def count(self, prefix: str = "/") -> int:
        with self._lock:
            return sum(1 for s in self.seen if s.path.startswith(prefix))

    def reset(self) -> None:
        with self._lock:
            self.seen.clear()
            self.pool_seen.clear()
            self.max_in_flight = 0
            self.too_many = 0
            self.first_arrival = None

    def search(self, query: str, rows: int) -> dict[str, Any]:
        return self.folder.search(query, rows)


def _pool_of(path: str) -> str:
    if path in ("/works", "/works/"):
        return "query"
    return "single" if path.startswith("/works/") else "doi"


class _Handler(BaseHTTPRequestHandler):
    owner: FixtureServer
    _released: bool
    _pool: str = "doi"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # keep test output quiet

    def do_GET(self) -> None:
        server = self.owner
        split = urlsplit(self.path)
        path, query = split.path, parse_qs(split.query)
        self._pool = _pool_of(path)
        with server._lock:
            if server.first_arrival is None:
                server.first_arrival = time.monotonic()
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
            server.pool_in_flight[self._pool] = server.pool_in_flight.get(self._pool, 0) + 1
            server.pool_seen[self._pool] = server.pool_seen.get(self._pool, 0) + 1
            server.seen.append(Seen(path, query, dict(self.headers.items())))
            limited = self._over_limit(server)
            fault = server.faults[path].popleft() if server.faults.get(path) else None
            if fault is None and server.hang:
                fault = Fault(hang=True)
            elif fault is None and server.always is not None:
                fault = server.always
        self._released = False
        try:
            if server.latency:
                time.sleep(server.latency)
            if limited:
                self._send(429, "Too many requests", "text/plain")
            elif fault is not None:
                self._fault(fault)
            else:
                self._route(path, query)
        finally:
            self._release()

    def _release(self) -> None:
        # The request stops counting as in flight once its answer is ready to go out, as it
        # would at a real server; a client may start its next request as soon as it has read it.
        if not self._released:
            self._released = True
            with self.owner._lock:
                self.owner.in_flight -= 1
                self.owner.pool_in_flight[self._pool] -= 1

    def _over_limit(self, server: FixtureServer) -> bool:
        now = time.monotonic()
        over = False
        checks = [(server.limits, server.in_flight)]
        if self._pool in server.pool_limits:
            checks.append((server.pool_limits[self._pool], server.pool_in_flight[self._pool]))
        for limits, in_flight in checks:
            over = over or (limits.concurrency is not None and in_flight > limits.concurrency)
            if limits.rate is not None:
                while limits.arrivals and now - limits.arrivals[0] >= limits.interval:
                    limits.arrivals.popleft()
                limits.arrivals.append(now)
                over = over or len(limits.arrivals) > limits.rate
        if over:
            server.too_many += 1
        return over

    # -- answers -----------------------------------------------------------------------

    def _polite(self) -> bool:
        return "mailto" in self.path or "mailto:" in self.headers.get("User-Agent", "")

    def _pool_headers(self) -> dict[str, str]:
        if self._polite():
            return {
                "x-api-pool": "polite",
                "x-rate-limit-limit": "10",
                "x-rate-limit-interval": "1s",
                "x-concurrency-limit": "3",
            }
        return {
            "x-api-pool": "public",
            "x-rate-limit-limit": "5",
            "x-rate-limit-interval": "1s",
            "x-concurrency-limit": "1",
        }

    def _send(
        self,
        status: int,
        body: str | bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        truncate: bool = False,
    ) -> int:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._release()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data) * 2 if truncate else len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        return status

    def _fault(self, fault: Fault) -> int:
        if fault.hang:
            self._release()
            self.owner._stopping.wait()
            self.close_connection = True
            return 0
        if fault.delay:
            time.sleep(fault.delay)
        return self._send(
            fault.status,
            fault.body,
            fault.content_type,
            dict(fault.headers),
            truncate=fault.truncate,
        )

    def _json(self, data: Any, status: int = 200, content_type: str = "application/json") -> int:
        headers = self._pool_headers()
        return self._send(status, json.dumps(data), content_type, headers)

    def _route(self, path: str, query: dict[str, list[str]]) -> int:
        answer: Answer = self.owner.folder.answer(path, query)
        headers = dict(answer.headers)
        if path.startswith("/works"):
            headers.update(self._pool_headers())
        if answer.location:
            headers["Location"] = answer.location
        return self._send(answer.status, answer.body, answer.content_type, headers)


def iter_dois(root: Path) -> Iterator[str]:
    """The DOIs of the works in a fixture folder."""
    for path in sorted((root / "works").glob("*.json")):
        yield unquote(path.stem)
