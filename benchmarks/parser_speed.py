"""Parse a 5,000-entry reference list end to end; print time and peak memory (< 5 s, < 300 MB).

Entries are the gold references of ../shared/eval (cycled to 5,000), numbered and wrapped in an
article with a References heading, so finding, splitting and parsing are all measured.
Time is measured in a cold first pass (model loading included) without tracemalloc, whose
allocation hooks slow Python code about threefold; a second pass under tracemalloc gives the peak
Python memory. Every entry must be found: the script fails when any is lost.

`--shapes` times instead whole documents read from files (read_document, no budget) in CPU
seconds (process_time, best of `--repeat`), made from the example articles the way fuzz_eval.py
mutates them: a 1 MB document (an article repeated), a 1 MB single line, an article plus a
5,000-entry list, an article with its list repeated 50 times, 1 MB of prose without citations,
a 10,000-entry .bib, and the CRF models' load time. The files go to benchmarks/out/shapes/.
Run: .venv/bin/python benchmarks/parser_speed.py [--n 5000] | [--shapes [--repeat 3]]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from refaudit.extract.references import extract_references

SHARED = Path(__file__).resolve().parents[2] / "shared"
OUT = Path(__file__).resolve().parent / "out" / "shapes"
# CPU-second targets of issue 15 (and issue 9 for the model load).
TARGETS = {"1mb-line.txt": 1.0, "bib-10000.bib": 3.0, "model-load": 0.2}
DOCUMENT_TARGET = 2.0  # any 1 MB document


def _bib(n: int) -> str:
    return "\n".join(
        f"@article{{key{i},\n  author = {{Smith, John and Doe, J{i % 26:c}ne}},\n"
        f"  title = {{A {{Study}} of thing {i}}},\n  journal = {{Journal {i % 7}}},\n"
        f"  year = {{{1950 + i % 70}}},\n  volume = {{{i % 40}}},\n"
        f"  pages = {{{i}--{i + 9}}},\n  doi = {{10.1000/x{i}}}\n}}\n"
        for i in range(n)
    )


def _to_mb(text: str) -> str:
    return ((text + "\n") * (1_000_000 // max(1, len(text)) + 1))[:1_000_000]


def build_shapes(articles: Path) -> dict[str, str]:
    """The documents to time, by file name."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(articles.glob("*.txt"))]
    text = texts[0]
    lines = text.split("\n")
    tail = "\n".join(lines[len(lines) * 2 // 3 :])
    entries = [ln for ln in tail.split("\n") if len(ln) > 30]
    numbered = "\n".join(f"{i + 1}. {entries[i % len(entries)]}" for i in range(5000))
    # Prose only: the lines above each article's list, citations and brackets taken out.
    prose_lines: list[str] = []
    for t in texts:
        for ln in t.split("\n"):
            if ln.strip().lower() in ("references", "bibliography"):
                break
            prose_lines.append(ln)
    prose = re.sub(r"\([^()]*\d{4}[^()]*\)|\[[^\]]*\]", "", "\n".join(prose_lines))
    return {
        "1mb-document.txt": _to_mb(text),
        "1mb-line.txt": ((" ".join(text.split()) + " ") * 200)[:1_000_000],
        "5000-entries.txt": text + "\n\nReferences\n\n" + numbered + "\n",
        "list-repeated-50.txt": text + ("\n" + tail) * 50,
        "1mb-prose.txt": _to_mb(prose),
        "bib-10000.bib": _bib(10_000),
    }


def run_shapes(articles: Path, repeat: int) -> int:
    import subprocess

    from refaudit.extract import read_document

    OUT.mkdir(parents=True, exist_ok=True)
    ok = True
    read_document("warm-up.txt", b"Text (Smith, 2020).\nReferences\nSmith, J. (2020). A. J, 1.\n")
    for name, body in build_shapes(articles).items():
        path = OUT / name
        path.write_text(body, encoding="utf-8")
        best = float("inf")
        refs = 0
        for _ in range(repeat):
            cpu0 = time.process_time()
            doc = read_document(str(path), budget=None)
            best = min(best, time.process_time() - cpu0)
            refs = len(doc.references)
        size = path.stat().st_size
        target = TARGETS.get(name, DOCUMENT_TARGET * max(size, 1_000_000) / 1_000_000)
        ok = ok and best < target
        sys.stdout.write(
            f"{name:24} {size / 1e6:5.2f} MB {refs:6d} refs  cpu {best:6.2f} s  "
            f"(target < {target:.1f} s)\n"
        )
    code = (
        "import time; from refaudit.extract.crf import load_tagger; c = time.process_time(); "
        "load_tagger('reference_crf.model'); load_tagger('entry_starts.model'); "
        "print(time.process_time() - c)"
    )
    load = min(
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeat)
    )
    ok = ok and load < TARGETS["model-load"]
    sys.stdout.write(f"{'model-load':24} {'':8} {'':11} cpu {load:6.2f} s  (target < 0.2 s)\n")
    sys.stdout.write("within target\n" if ok else "OUTSIDE TARGET\n")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(Path(__file__).resolve().parents[2] / "shared/eval"))
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--shapes", action="store_true", help="time whole 1 MB documents instead")
    ap.add_argument("--repeat", type=int, default=1, help="with --shapes: best of N")
    ap.add_argument("--articles", default=str(SHARED / "articles"))
    args = ap.parse_args(argv)
    if args.shapes:
        return run_shapes(Path(args.articles), args.repeat)
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
