"""Replay recorded Crossref and doi.org answers from a folder over loopback HTTP.

Serves `--crossref-url file:DIR` (a demo or an air-gapped check against recorded answers) and
the test suite, so the real session, retry, rate-limit and cache code runs against it.

Routes: GET /works/{doi}, GET /works?query.bibliographic=..., GET /api/handles/{doi},
GET /{doi} (content negotiation). Faults can be queued per path, and the server can enforce
a rate and concurrency limit (answering 429 when exceeded) and add latency.
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

CSL_JSON = "application/vnd.citationstyles.csl+json"
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "into",
        "that",
        "this",
        "are",
        "was",
        "were",
        "its",
        "their",
        "of",
        "in",
        "on",
        "to",
        "a",
        "an",
    ]
)


@dataclass(frozen=True)
class Fault:
    """A canned misbehaviour for one request: a status, a slow answer, a cut body, a redirect."""

    status: int = 200
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds before answering (read timeouts)
    truncate: bool = False  # promise more bytes than are sent, then close
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


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return [t for t in re.findall(r"[a-z0-9]+", text) if len(t) > 2 and t not in _STOP]


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
    ) -> None:
        self.root = Path(root)
        self.latency = latency
        self.limits = _Limits(rate, interval, concurrency)
        self.seen: list[Seen] = []
        self.faults: dict[str, deque[Fault]] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.too_many = 0  # 429s the server answered because a limit was exceeded
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._works = self._load_works()

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
            self.max_in_flight = 0
            self.too_many = 0

    # -- data --------------------------------------------------------------------------

    def _load_works(self) -> dict[str, dict[str, Any]]:
        works: dict[str, dict[str, Any]] = {}
        folder = self.root / "works"
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            data = json.loads(path.read_text(encoding="utf-8"))
            works[str(data["message"]["DOI"]).lower()] = data
        return works

    def _bag(self, message: dict[str, Any]) -> set[str]:
        parts = [*message.get("title", []), *message.get("container-title", [])]
        parts += [a.get("family", a.get("name", "")) for a in message.get("author", [])]
        for key in ("volume", "page", "article-number"):
            parts.append(str(message.get(key, "")))
        issued = message.get("issued", {}).get("date-parts", [[None]])[0][0]
        parts.append(str(issued or ""))
        return set(_tokens(" ".join(parts)))

    def search(self, query: str, rows: int) -> dict[str, Any]:
        """A work-list ranked by token overlap with the query, scored like Crossref's."""
        wanted = set(_tokens(query))
        ranked: list[tuple[float, dict[str, Any]]] = []
        for data in self._works.values():
            overlap = len(wanted & self._bag(data["message"]))
            if overlap:
                ranked.append((overlap * 7.5 / max(1, len(wanted)) ** 0.5, data["message"]))
        ranked.sort(key=lambda item: -item[0])
        items = [{**msg, "score": round(score, 3)} for score, msg in ranked[:rows]]
        return {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": len(ranked),
                "items": items,
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": query},
            },
        }


class _Handler(BaseHTTPRequestHandler):
    owner: FixtureServer
    _released: bool
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # keep test output quiet

    def do_GET(self) -> None:
        server = self.owner
        split = urlsplit(self.path)
        path, query = split.path, parse_qs(split.query)
        with server._lock:
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
            server.seen.append(Seen(path, query, dict(self.headers.items())))
            limited = self._over_limit(server)
            fault = server.faults[path].popleft() if server.faults.get(path) else None
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

    def _over_limit(self, server: FixtureServer) -> bool:
        limits = server.limits
        now = time.monotonic()
        over = limits.concurrency is not None and server.in_flight > limits.concurrency
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
        server = self.owner
        if path in ("/works", "/works/"):
            terms = (query.get("query.bibliographic") or query.get("query") or [""])[0]
            try:
                rows = int((query.get("rows") or ["20"])[0])
            except ValueError:
                rows = -1
            if not terms or not 0 <= rows <= 1000:
                return self._json(_validation_failure(rows), 400)
            return self._json(server.search(terms, rows))
        if path.startswith("/works/"):
            doi = unquote(path[len("/works/") :]).lower()
            transform = re.match(r"^(.*)/transform(?:/.*)?$", doi)
            if transform and transform.group(1) in server._works:
                message = server._works[transform.group(1)]["message"]
                return self._json(_as_csl(message), content_type=CSL_JSON)
            if doi in server._works:
                return self._json(server._works[doi])
            return self._send(404, "Resource not found.", "text/plain", self._pool_headers())
        if path.startswith("/api/handles/"):
            doi = unquote(path[len("/api/handles/") :]).lower()
            stored = server.root / "handles" / f"{quote(doi, safe='')}.json"
            if stored.is_file():
                return self._json(json.loads(stored.read_text(encoding="utf-8")))
            if doi in server._works:
                return self._json({"responseCode": 1, "handle": doi, "values": []})
            return self._json({"responseCode": 100, "handle": doi}, 404)
        if path.startswith("/crosscite/"):
            doi = unquote(path[len("/crosscite/") :]).lower()
            stored = server.root / "csl" / f"{quote(doi, safe='')}.json"
            if stored.is_file():
                return self._send(200, stored.read_bytes(), CSL_JSON)
        if path.startswith("/10."):
            doi = unquote(path[1:]).lower()
            if doi in server._works:
                target = f"/works/{quote(doi, safe='')}/transform"
            elif (server.root / "csl" / f"{quote(doi, safe='')}.json").is_file():
                target = f"/crosscite/{quote(doi, safe='')}"
            else:
                page = server.root / "doi-not-found.html"
                html = page.read_bytes() if page.is_file() else b"<html>DOI Not Found</html>"
                return self._send(404, html, "text/html;charset=utf-8")
            return self._send(302, "", "text/html;charset=utf-8", {"Location": target})
        return self._send(404, "Resource not found.", "text/plain")


def _validation_failure(rows: int) -> dict[str, Any]:
    return {
        "status": "failed",
        "message-type": "validation-failure",
        "message": [
            {
                "value": str(rows),
                "message": "Integer specified as rows must be a positive integer less than 1000.",
                "type": "integer-not-valid",
            }
        ],
    }


def _as_csl(message: dict[str, Any]) -> dict[str, Any]:
    csl = dict(message)
    for key in ("title", "container-title", "short-container-title"):
        value = csl.get(key)
        if isinstance(value, list):
            csl[key] = value[0] if value else ""
    csl["type"] = {"journal-article": "article-journal"}.get(str(csl.get("type")), csl.get("type"))
    return csl


def iter_dois(root: Path) -> Iterator[str]:
    """The DOIs of the works in a fixture folder."""
    for path in sorted((root / "works").glob("*.json")):
        yield unquote(path.stem)
