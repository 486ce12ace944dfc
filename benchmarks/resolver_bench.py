"""Resolver benchmark: 300 references against a local server with Crossref-like limits.

The server answers with 100 ms latency and enforces 10 requests/s with 3 in flight (429 when
exceeded). Run: `.venv/bin/python benchmarks/resolver_bench.py [--references 300]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.replay import FixtureServer

from refaudit.model import Author, ParsedFields, Reference
from refaudit.resolve import Resolver
from refaudit.settings import Settings

RATE, CONCURRENCY, LATENCY = 10, 3, 0.1


def _work(n: int) -> dict[str, object]:
    return {
        "status": "ok",
        "message-type": "work",
        "message-version": "1.0.0",
        "message": {
            "DOI": f"10.5555/bench.{n}",
            "type": "journal-article",
            "title": [f"Benchmark study number {n} of reference resolution"],
            "author": [{"given": "Ada", "family": f"Author{n}", "sequence": "first"}],
            "issued": {"date-parts": [[2020]]},
            "container-title": ["Journal of Benchmarks"],
            "volume": "1",
            "page": f"{n}-{n + 9}",
        },
    }


def _reference(n: int) -> Reference:
    doi = f"10.5555/bench.{n}"
    title = f"Benchmark study number {n} of reference resolution"
    raw = f"Author{n}, A. (2020). {title}. Journal of Benchmarks, 1, {n}-{n + 9}. https://doi.org/{doi}"
    fields = ParsedFields(
        authors=(Author(f"Author{n}", "A."),), year=2020, title=title, volume="1", doi=doi
    )
    return Reference(n=n, line=n, raw=raw, fields=fields)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--references", type=int, default=300)
    args = parser.parse_args()
    count = args.references
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "fixtures"
        (root / "works").mkdir(parents=True)
        for n in range(1, count + 1):
            path = root / "works" / f"{quote(f'10.5555/bench.{n}', safe='')}.json"
            path.write_text(json.dumps(_work(n)), encoding="utf-8")
        refs = [_reference(n) for n in range(1, count + 1)]
        with FixtureServer(root, latency=LATENCY, rate=RATE, concurrency=CONCURRENCY) as server:
            settings = Settings(
                crossref_url=server.url,
                doi_url=server.url,
                cache_dir=str(Path(tmp) / "cache"),
                mailto="bench@example.org",
            )
            floor = (count - RATE) / RATE + LATENCY if count > RATE else LATENCY
            started = time.perf_counter()
            with Resolver(settings) as resolver:
                first = resolver.resolve(refs)
                stats = resolver.stats
            cold = time.perf_counter() - started
            statuses = {r.status.value for r in first}
            print(f"references:           {count}")
            print(f"floor at {RATE}/s, {CONCURRENCY} in flight: {floor:.2f} s")
            print(
                f"first run:            {cold:.2f} s ({cold / floor:.2f}x floor),",
                f"statuses {statuses}",
            )
            print(f"requests sent:        {stats.requests}, retries {stats.retries}")
            print(
                f"server saw:           {server.count()} requests,",
                f"max {server.max_in_flight} in flight, {server.too_many} answered 429",
            )
            server.reset()
            started = time.perf_counter()
            with Resolver(settings) as resolver:
                resolver.resolve(refs)
                warm_stats = resolver.stats
            warm = time.perf_counter() - started
            print(
                f"second run (cache):   {warm:.2f} s, {warm_stats.requests} requests,",
                f"{server.count()} seen by the server",
            )
            ok = (
                cold <= 1.3 * floor
                and server.too_many == 0
                and warm < 2.0
                and server.count() == 0
                and statuses == {"verified"}
            )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
