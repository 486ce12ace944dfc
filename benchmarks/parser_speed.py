"""Parse a 5,000-entry reference list end to end; print time and peak memory (< 5 s, < 300 MB).

Entries are the gold references of ../shared/eval (cycled to 5,000), numbered and wrapped in an
article with a References heading, so finding, splitting and parsing are all measured.
Time is measured in a cold first pass (model loading included) without tracemalloc, whose
allocation hooks slow Python code about threefold; a second pass under tracemalloc gives the peak
Python memory. Every entry must be found: the script fails when any is lost.
Run: .venv/bin/python benchmarks/parser_speed.py [--n 5000]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from refaudit.extract.references import extract_references


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(Path(__file__).resolve().parents[2] / "shared/eval"))
    ap.add_argument("--n", type=int, default=5000)
    args = ap.parse_args(argv)
    raws: list[str] = []
    for name in ("anystyle_core", "parscit_cora", "grobid_citation_train"):
        path = Path(args.eval_dir) / f"{name}.jsonl"
        raws += [json.loads(x)["raw"] for x in path.read_text(encoding="utf-8").splitlines() if x]
    lines = ["An article.", "", "References", ""]
    lines += [f"{i + 1}. {raws[i % len(raws)]}" for i in range(args.n)]
    start = time.perf_counter()
    cpu0 = time.process_time()
    found = extract_references(lines)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    tracemalloc.start()
    extract_references(lines)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(
        f"{len(found.references)} entries found of {args.n}: wall {wall:.2f} s, cpu {cpu:.2f} s, "
        f"peak Python memory {peak / 1e6:.1f} MB (tracemalloc), max RSS {rss:.0f} MB\n"
    )
    ok = wall < 5 and rss < 300 and len(found.references) == args.n
    sys.stdout.write("within target\n" if ok else "OUTSIDE TARGET (all entries, < 5 s, < 300 MB)\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
