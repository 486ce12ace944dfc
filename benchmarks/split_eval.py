"""Entry splitting on GROBID's reference-segmenter gold (lines as printed out of PDFs).

An entry is correct when its (first line, last line) equals a gold entry's; precision, recall and
F1 over all documents of a split. The split is by document: one in five held out (crc32 of the
document id % 5 == 0, the same rule as train_parser_crf.is_test()); the splitter is tuned on
"train" only, "test" is the figure that says how it generalises.
Two readings of the same lines:
  splitter  split_entries() on all lines of the document (a heading line counts as an entry)
  pipeline  find_reference_lists(), as `refaudit parse` reads a plain-text document: headings,
            running heads and notes that cite nothing are left out, entries of every list kept
"separable" rows leave out the gold entries that share a line with another (GROBID splits
"[3] a) ...; b) ..." and "...(1997); D. Colladay, ..." into works that start mid-line, which no
line splitter can reproduce) and the found entries touching those lines.
Run: .venv/bin/python benchmarks/split_eval.py [--eval-dir ../shared/eval] [--errors N] [--kinds]
`--errors N` prints the N documents of the train split with the most errors, line by line
(G: a gold entry starts here, F: the splitter starts one); `--kinds` counts the train split's
errors by kind (mid-line, missed start, false start, wrong end).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from refaudit.extract.entries import split_entries
from refaudit.extract.lists import find_reference_lists

Spans = set[tuple[int, int]]


def is_test(doc_id: str) -> bool:
    """The held-out fifth of the documents, by a stable hash of the document id."""
    return zlib.crc32(doc_id.encode("utf-8")) % 5 == 0


def splitter(lines: Sequence[str]) -> Spans:
    return {(e.start, e.end) for e in split_entries(lines)}


def pipeline(lines: Sequence[str]) -> Spans:
    return {(e.start, e.end) for s in find_reference_lists(lines) for e in s.entries}


READERS: dict[str, Callable[[Sequence[str]], Spans]] = {"splitter": splitter, "pipeline": pipeline}


def gold_spans(doc: dict[str, object]) -> Spans:
    entries = doc["entries"]
    assert isinstance(entries, list)
    return {(int(e["line_start"]), int(e["line_end"])) for e in entries}


def shared_lines(gold: Spans) -> set[int]:
    """Lines of gold entries that share a line with another entry (two works on one line)."""
    spans = sorted(gold)
    out: set[int] = set()
    for k, (a, b) in enumerate(spans):
        for c, d in spans[k + 1 :]:
            if c > b:
                break
            out |= set(range(a, b + 1)) | set(range(c, d + 1))
    return out


def scores(
    docs: Iterable[dict[str, object]],
    read: Callable[[Sequence[str]], Spans],
    separable: bool = False,
) -> tuple[float, float, float, int, float]:
    """(precision, recall, F1, gold entries, CPU seconds) of `read` over `docs`.

    `separable`: only entries a line splitter can get right: gold entries sharing a line with
    another, and found entries touching their lines, are left out of the counts.
    """
    tp = predicted = gold_n = 0
    cpu = 0.0
    for doc in docs:
        lines = [str(x) for x in doc["lines"]]  # type: ignore[attr-defined]
        started = time.process_time()
        found = read(lines)
        cpu += time.process_time() - started
        gold = gold_spans(doc)
        if separable:
            shared = shared_lines(gold)
            gold = {g for g in gold if g[0] not in shared}
            found = {f for f in found if not shared & set(range(f[0], f[1] + 1))}
        tp += len(found & gold)
        predicted += len(found)
        gold_n += len(gold)
    p = tp / predicted if predicted else 0.0
    r = tp / gold_n if gold_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), gold_n, cpu


def show_errors(docs: Sequence[dict[str, object]], n: int) -> list[str]:
    """The `n` documents with the most wrong or missed spans, each line marked G/F."""
    ranked = []
    for doc in docs:
        lines = [str(x) for x in doc["lines"]]  # type: ignore[attr-defined]
        found, gold = splitter(lines), gold_spans(doc)
        ranked.append((len(found ^ gold), doc, lines, found, gold))
    ranked.sort(key=lambda r: -r[0])
    out: list[str] = []
    for wrong, doc, lines, found, gold in ranked[:n]:
        out.append(f"===== {doc['doc']}: {wrong} wrong spans")
        starts_g = {a for a, _ in gold}
        starts_f = {a for a, _ in found}
        for i, line in enumerate(lines, 1):
            mark = ("G" if i in starts_g else " ") + ("F" if i in starts_f else " ")
            flag = "  <--" if (i in starts_g) != (i in starts_f) else ""
            out.append(f"{mark} {line[:110]}{flag}")
    return out


def error_kinds(docs: Sequence[dict[str, object]]) -> list[str]:
    """The splitter's errors by kind over `docs`: a gold entry sharing a line with another
    not found (mid-line), a gold start line the splitter does not start (missed start), a start
    it makes where gold has none (false start), and spans that start right but end wrong."""
    kinds = {"mid-line": 0, "missed start": 0, "false start": 0, "wrong end": 0}
    for doc in docs:
        lines = [str(x) for x in doc["lines"]]  # type: ignore[attr-defined]
        found, gold = splitter(lines), gold_spans(doc)
        shared = shared_lines(gold)
        starts_g, starts_f = {a for a, _ in gold}, {a for a, _ in found}
        for a, _ in gold - found:
            if a in shared:
                kinds["mid-line"] += 1
            elif a not in starts_f:
                kinds["missed start"] += 1
            else:
                kinds["wrong end"] += 1
        kinds["false start"] += len({a for a, _ in found - gold if a not in starts_g})
    return ["errors by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.items())]


def load(path: Path) -> list[dict[str, object]]:
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(Path(__file__).resolve().parents[2] / "shared/eval"))
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--kinds", action="store_true", help="the train split's errors by kind")
    args = ap.parse_args(argv)
    docs = load(Path(args.eval_dir) / "grobid_refseg_train.jsonl")
    parts = {
        "train": [d for d in docs if not is_test(str(d["doc"]))],
        "test": [d for d in docs if is_test(str(d["doc"]))],
        "all": docs,
    }
    out = [f"{'reader, split':<30}{'docs':>6}{'entries':>9}{'P':>8}{'R':>8}{'F1':>8}{'cpu s':>8}"]
    for separable in (False, True):
        for reader, read in READERS.items():
            for split, part in parts.items():
                p, r, f1, n, cpu = scores(part, read, separable)
                name = f"{reader} {split}" + (" separable" if separable else "")
                out.append(f"{name:<30}{len(part):>6}{n:>9}{p:>8.1%}{r:>8.1%}{f1:>8.1%}{cpu:>8.2f}")
    if args.kinds:
        out += error_kinds(parts["train"])
    if args.errors:
        out += show_errors(parts["train"], args.errors)
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
