"""A local Crossref + doi.org stand-in serving a folder of Crossref work messages on loopback.

Built for the benchmarks (not shipped): it serves `../shared/xref/records/*.json` (or any
folder of `message` objects, one work per file) in exactly the shapes of the recorded answers
in `../shared/crossref/`:

- `GET /works/{doi}`: `{"status":"ok","message-type":"work",...}`, or a 404 with the plain-text
  body `Resource not found.`;
- `GET /works/{doi}/agency`: the `work-agency` answer;
- `GET /works?query.bibliographic=...&rows=N`: a `work-list` whose items carry a relevance
  `score` from BM25 over every bibliographic field (title, subtitle, authors, editors,
  container, year, volume, issue, pages), as Crossref's Elasticsearch index does; `rows` above
  1000 or not a positive integer is a 400 `validation-failure`;
- `GET /api/handles/{doi}`: doi.org's handle answer (`responseCode` 1, or 100 with HTTP 404).

Keys starting with `_` (annotations of the corpus) are never served. Records can be removed
(`exclude`) to test "not in the index", and rate-limit headers can be announced.

Library use:

    with serve(Path("../shared/xref/records"), exclude={"10.1001/x"}) as url:
        ...  # point crossref_url and doi_url at `url`

Command line: `python benchmarks/xref_standin.py --records DIR [--port N]` serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

K1 = 1.2  # Elasticsearch's BM25 defaults
B = 0.75
MAX_ROWS = 1000
_TOKEN = re.compile(r"[0-9a-z]+")


def tokens(text: str) -> list[str]:
    """Lower-cased, accent-folded alphanumeric tokens (like Elasticsearch's standard analyser)."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return _TOKEN.findall(folded)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def bibliographic_text(message: Mapping[str, Any]) -> str:
    """Every field Crossref indexes for `query.bibliographic`, as one text."""
    parts: list[str] = []
    for key in ("title", "subtitle", "container-title", "short-container-title"):
        parts.extend(_strings(message.get(key)))
    for key in ("author", "editor"):
        for person in message.get(key) or []:
            if isinstance(person, Mapping):
                for name in ("given", "family", "name"):
                    if isinstance(person.get(name), str):
                        parts.append(person[name])
    for key in ("volume", "issue", "page", "article-number"):
        if isinstance(message.get(key), str):
            parts.append(message[key])
    for key in ("issued", "published-print", "published-online"):
        date = message.get(key)
        if isinstance(date, Mapping):
            for row in date.get("date-parts") or []:
                if isinstance(row, list) and row and isinstance(row[0], int):
                    parts.append(str(row[0]))
                    break
    return " ".join(parts)


class Bm25Index:
    """An inverted index with precomputed BM25 weights: query -> best documents with scores."""

    def __init__(self, documents: Iterable[tuple[str, str]]) -> None:
        lengths: dict[str, int] = {}
        counts: dict[str, Counter[str]] = {}
        for key, text in documents:
            words = tokens(text)
            lengths[key] = len(words)
            counts[key] = Counter(words)
        n = max(1, len(lengths))
        average = sum(lengths.values()) / n if lengths else 1.0
        frequency: Counter[str] = Counter()
        for bag in counts.values():
            frequency.update(bag.keys())
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for key, bag in counts.items():
            norm = K1 * (1 - B + B * lengths[key] / (average or 1.0))
            for word, tf in bag.items():
                idf = math.log(1 + (n - frequency[word] + 0.5) / (frequency[word] + 0.5))
                self.postings[word].append((key, idf * tf * (K1 + 1) / (tf + norm)))

    def search(self, query: str, rows: int) -> tuple[list[tuple[str, float]], int]:
        """The `rows` best (key, score) pairs, best first, and how many documents matched."""
        scores: dict[str, float] = defaultdict(float)
        for word, times in Counter(tokens(query)).items():
            for key, weight in self.postings.get(word, ()):
                scores[key] += weight * times
        best = heapq.nsmallest(rows, scores.items(), key=lambda item: (-item[1], item[0]))
        return best, len(scores)


def load_records(folder: Path, exclude: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
    """DOI (lower case) -> work message without the corpus's `_` keys, minus `exclude`."""
    removed = {d.lower() for d in exclude}
    works: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, Mapping) and isinstance(data.get("message"), Mapping):
            data = data["message"]  # a whole /works/{doi} answer
        if not isinstance(data, Mapping) or not isinstance(data.get("DOI"), str):
            continue
        doi = data["DOI"].lower()
        if doi in removed:
            continue
        works[doi] = {k: v for k, v in data.items() if not k.startswith("_")}
    return works


@dataclass(frozen=True)
class RateLimits:
    """What the stand-in announces in `x-rate-limit-*` and `x-concurrency-limit` headers."""

    limit: int = 50
    interval: str = "1s"
    concurrency: int = 5
    pool: str = "polite"


class StandIn:
    """The loopback server: `start()` returns its base URL, `stop()` ends it."""

    def __init__(
        self,
        records: Path | Mapping[str, dict[str, Any]],
        *,
        exclude: Iterable[str] = (),
        limits: RateLimits | None = None,
        port: int = 0,
    ) -> None:
        if isinstance(records, Path):
            self.works = load_records(records, exclude)
        else:
            removed = {d.lower() for d in exclude}
            self.works = {k.lower(): dict(v) for k, v in records.items() if k not in removed}
        self.index = Bm25Index((doi, bibliographic_text(m)) for doi, m in self.works.items())
        self.limits = limits
        self.requests: Counter[str] = Counter()  # route -> count
        self._lock = threading.Lock()
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        stand_in = self

        class Handler(_Handler):
            server_state = stand_in

        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the stand-in is not running")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def count(self, route: str) -> int:
        with self._lock:
            return self.requests[route]

    def work_list(self, query: str, rows: int) -> dict[str, Any]:
        hits, total = self.index.search(query, rows)
        items = [{**self.works[doi], "score": round(score, 6)} for doi, score in hits]
        return {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": total,
                "items": items,
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": query},
            },
        }


class _Handler(BaseHTTPRequestHandler):
    server_state: StandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query)
        state = self.server_state
        if path.startswith("/api/handles/"):
            self._count("handles")
            self._handle(path.removeprefix("/api/handles/"))
        elif path == "/works":
            self._count("search")
            self._search(query)
        elif path.startswith("/works/") and path.endswith("/agency"):
            self._count("agency")
            doi = path.removeprefix("/works/").removesuffix("/agency").lower()
            if doi in state.works:
                agency = {"DOI": doi, "agency": {"id": "crossref", "label": "Crossref"}}
                self._json({"status": "ok", "message-type": "work-agency", **_v(agency)})
            else:
                self._text(404, "Resource not found.")
        elif path.startswith("/works/"):
            self._count("work")
            message = state.works.get(path.removeprefix("/works/").lower())
            if message is None:
                self._text(404, "Resource not found.")
            else:
                self._json({"status": "ok", "message-type": "work", **_v(message)})
        else:
            self._count("other")
            self._text(404, "Resource not found.")

    def _count(self, route: str) -> None:
        with self.server_state._lock:
            self.server_state.requests[route] += 1

    def _search(self, query: dict[str, list[str]]) -> None:
        text = " ".join(query.get("query.bibliographic", []) + query.get("query", []))
        rows_text = (query.get("rows") or ["20"])[0]
        if not rows_text.isdigit() or not 0 < int(rows_text) <= MAX_ROWS:
            failure = {
                "type": "integer-not-valid",
                "value": rows_text,
                "message": f"Integer specified as {rows_text} but must be a positive integer"
                " less than or equal to 1000. ",
            }
            body = {"status": "failed", "message-type": "validation-failure", "message": [failure]}
            self._json(body, 400)
            return
        self._json(self.server_state.work_list(text, int(rows_text)))

    def _handle(self, doi: str) -> None:
        if doi.lower() in self.server_state.works:
            value = {
                "index": 1,
                "type": "URL",
                "data": {"format": "string", "value": f"https://example.org/{doi}"},
                "ttl": 86400,
                "timestamp": "2020-01-01T00:00:00Z",
            }
            self._json({"responseCode": 1, "handle": doi, "values": [value]})
        else:
            self._json({"responseCode": 100, "handle": doi}, 404)

    def _headers(self) -> dict[str, str]:
        limits = self.server_state.limits
        if limits is None:
            return {}
        return {
            "x-rate-limit-limit": str(limits.limit),
            "x-rate-limit-interval": limits.interval,
            "x-concurrency-limit": str(limits.concurrency),
            "x-api-pool": limits.pool,
        }

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        for name, value in self._headers().items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: Any, status: int = 200) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _text(self, status: int, text: str) -> None:
        self._send(status, text.encode(), "text/plain")


def _v(message: Any) -> dict[str, Any]:
    return {"message-version": "1.0.0", "message": message}


@contextmanager
def serve(
    records: Path | Mapping[str, dict[str, Any]],
    *,
    exclude: Iterable[str] = (),
    limits: RateLimits | None = None,
) -> Iterator[str]:
    """Serve `records` (a folder, or DOI -> message) on loopback for the block; yields the URL."""
    server = StandIn(records, exclude=exclude, limits=limits)
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1].parent / "shared" / "xref" / "records"
    parser.add_argument("--records", type=Path, default=default, help="folder of work messages")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--exclude", type=Path, help="file of DOIs (one a line) not to serve")
    parser.add_argument("--announce", action="store_true", help="send x-rate-limit headers")
    args = parser.parse_args()
    exclude = args.exclude.read_text().split() if args.exclude else []
    server = StandIn(
        args.records,
        exclude=exclude,
        limits=RateLimits() if args.announce else None,
        port=args.port,
    )
    print(f"{len(server.works)} works at {server.start()} (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
