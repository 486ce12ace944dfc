"""Resolver benchmark: cold and warm runs against a loopback stand-in with Crossref's limits.

1. The example articles (fixtures/articles/*.txt) resolved against fixtures/crossref served with
   100 ms latency and Crossref's polite-pool limits per pool (single records 10/s with 3 in
   flight, lists 3/s with 3 in flight; 429 when exceeded). The floor is the time the announced
   limits allow for the requests the run needed: per pool (n - 1) / rate + latency, pools
   overlapping. The warm rerun is the whole `refaudit check` process on the cached answers.
2. N synthetic references with DOIs (default 300), cold vs floor and warm.
3. A warm `refaudit check` of one document listing M synthetic references (default 1,000),
   its cache filled first from an unlimited stand-in.
4. `python -X importtime -c "import refaudit.cli"` (the import cost of every command).

Wall times on a loaded machine are pessimistic: the CLI runs also report their CPU time
(user + sys of the child process).

Run: `.venv/bin/python benchmarks/resolver_bench.py [--references 300] [--list 1000]
[--skip-synthetic]`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
# RESOLVER_BENCH_SRC=DIR measures another source tree (an older commit's src/, for "before").
sys.path.insert(0, os.environ.get("RESOLVER_BENCH_SRC") or str(ROOT / "src"))
sys.path.insert(1, str(ROOT))

from tests.replay import FixtureServer  # noqa: E402

from refaudit.audit import read_documents  # noqa: E402
from refaudit.model import Author, ParsedFields, Reference  # noqa: E402
from refaudit.resolve import Resolver  # noqa: E402
from refaudit.settings import Settings  # noqa: E402

LATENCY = 0.1
# Subprocesses (import time, the warm CLI run) use the measured source tree too.
SUB_ENV = {**os.environ, "PYTHONPATH": os.environ.get("RESOLVER_BENCH_SRC") or str(ROOT / "src")}
POOLS = {"single": (10, 3), "query": (3, 3), "doi": (5, 2)}


def _floor(seen: dict[str, int]) -> float:
    return max(
        ((n - 1) / POOLS[pool][0] + LATENCY for pool, n in seen.items() if n > 0), default=0.0
    )


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
    raw = f"Author{n}, A. (2020). {title}. Journal of Benchmarks, 1, {n}-{n + 9}. doi:{doi}"
    fields = ParsedFields(
        authors=(Author(f"Author{n}", "A."),), year=2020, title=title, volume="1", doi=doi
    )
    return Reference(n=n, line=n, raw=raw, fields=fields)


def _cli(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one `refaudit` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "refaudit", *args],
        capture_output=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def _warm_cli(args: list[str], env: dict[str, str], runs: int = 3) -> tuple[float, float]:
    """Best (wall, CPU) of `runs` processes."""
    times = [_cli(args, env) for _ in range(runs)]
    return min(t[0] for t in times), min(t[1] for t in times)


def import_time() -> float:
    """Seconds `import refaudit.cli` takes (best of 3), from -X importtime."""
    best = float("inf")
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import refaudit.cli"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=SUB_ENV,
        ).stderr
        total = re.findall(r"\|\s*(\d+)\s*\|\s*refaudit\.cli$", out, re.M)
        best = min(best, int(total[-1]) / 1e6)
    return best


def articles(tmp: Path) -> bool:
    paths = sorted(str(p) for p in (ROOT / "fixtures" / "articles").glob("*.txt"))
    refs = [r for d in read_documents(paths) for r in d.references]
    cache = tmp / "articles-cache"
    with FixtureServer(
        ROOT / "fixtures" / "crossref", latency=LATENCY, pool_limits=POOLS
    ) as server:
        settings = Settings(
            crossref_url=server.url,
            doi_url=server.url,
            cache_dir=str(cache),
            mailto="bench@example.org",
        )
        started = time.monotonic()
        with Resolver(settings) as resolver:
            resolver.resolve(refs)
        cold = time.monotonic() - started
        # The time before the first request is the HTTP stack's import, not scheduling.
        first = (server.first_arrival or started) - started
        floor = _floor(server.pool_seen)
        seen = dict(server.pool_seen)
        print(f"example articles:     {len(paths)} articles, {len(refs)} references")
        print(f"  requests per pool:  {seen}, {server.too_many} answered 429")
        print(f"  cold resolve:       {cold:.2f} s vs floor {floor:.2f} s ({cold / floor:.2f}x)")
        scheduled = cold - first
        print(
            f"  from the first request: {scheduled:.2f} s ({scheduled / floor:.2f}x the floor;"
            f" the first left {first:.2f} s after the start)"
        )
        env = {**SUB_ENV, "REFAUDIT_CACHE_DIR": str(cache)}
        args = [
            "check",
            *paths,
            "--quiet",
            "--crossref-url",
            server.url,
            "--doi-url",
            server.url,
            "--mailto",
            "bench@example.org",
            "--fail-on",
            "never",
        ]
        warm, cpu = _warm_cli(args, env)
        print(f"  warm rerun (CLI):   {warm:.2f} s wall, {cpu:.2f} s CPU (target 0.3 s), best of 3")
    return cold <= 1.1 * floor and server.too_many == 0


def _fixtures(root: Path, count: int) -> Path:
    (root / "works").mkdir(parents=True, exist_ok=True)
    for n in range(1, count + 1):
        path = root / "works" / f"{quote(f'10.5555/bench.{n}', safe='')}.json"
        path.write_text(json.dumps(_work(n)), encoding="utf-8")
    return root


def warm_list(tmp: Path, count: int) -> bool:
    """A warm `refaudit check` of one document listing `count` references with DOIs."""
    root = _fixtures(tmp / "list-fixtures", count)
    lines = ["# A long review", "", "As shown before [1].", "", "## References", ""]
    for n in range(1, count + 1):
        ref = _reference(n)
        lines.append(f"{n}. {ref.raw.replace('doi:', 'https://doi.org/')}")
    document = tmp / "long-list.md"
    document.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**SUB_ENV, "REFAUDIT_CACHE_DIR": str(tmp / "list-cache")}
    with FixtureServer(root) as server:  # no limits: this only fills the cache
        args = [
            "check",
            str(document),
            "--quiet",
            "--crossref-url",
            server.url,
            "--doi-url",
            server.url,
            "--mailto",
            "bench@example.org",
            "--fail-on",
            "never",
        ]
        _cli(args, env)
        server.reset()
        warm, cpu = _warm_cli(args, env)
        asked = server.count()
    print(f"warm list (CLI):      {count} references in one document")
    print(f"  warm run:           {warm:.2f} s wall, {cpu:.2f} s CPU (target 2 s), best of 3")
    print(f"  requests seen:      {asked}")
    return cpu < 2.0 and asked == 0


def synthetic(tmp: Path, count: int) -> bool:
    root = _fixtures(tmp / "fixtures", count)
    refs = [_reference(n) for n in range(1, count + 1)]
    with FixtureServer(root, latency=LATENCY, pool_limits=POOLS) as server:
        settings = Settings(
            crossref_url=server.url,
            doi_url=server.url,
            cache_dir=str(tmp / "cache"),
            mailto="bench@example.org",
        )
        started = time.perf_counter()
        with Resolver(settings) as resolver:
            first = resolver.resolve(refs)
        cold = time.perf_counter() - started
        floor = _floor(server.pool_seen)
        statuses = {r.status.value for r in first}
        print(f"synthetic:            {count} references with DOIs")
        print(f"  cold:               {cold:.2f} s vs floor {floor:.2f} s ({cold / floor:.2f}x)")
        print(f"  statuses {statuses}; {server.too_many} answered 429")
        server.reset()
        started = time.perf_counter()
        with Resolver(settings) as resolver:
            resolver.resolve(refs)
        warm = time.perf_counter() - started
        print(f"  warm (resolve):     {warm:.2f} s, {server.count()} requests seen")
    return cold <= 1.1 * floor and server.too_many == 0 and statuses == {"verified"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--references", type=int, default=300)
    parser.add_argument("--list", type=int, default=1000, help="references in the warm list")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    print(f"import refaudit.cli:  {import_time() * 1000:.0f} ms (best of 3)")
    with tempfile.TemporaryDirectory() as tmp:
        ok = articles(Path(tmp))
        if not args.skip_synthetic:
            ok = synthetic(Path(tmp), args.references) and ok
        if args.list:
            ok = warm_list(Path(tmp), args.list) and ok
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
