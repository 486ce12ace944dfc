"""Train the line CRF that says where entries start in a hard-wrapped list (entry_starts.model).

Training sequences (fixed seed), none from the held-out documents of split_eval.is_test():
  1. the train documents of ../shared/eval/grobid_refseg_train.jsonl, a line labelled B when a
     gold entry starts on it (a second work starting inside a line, "...; b) ...", stays I:
     the splitter keeps such compound entries whole), lines outside every entry B;
  2. the same documents with their labels ("[12]", "12.", "12") taken off, so the model learns
     unnumbered lists from them too;
  3. synthetic lists: reference strings of the other gold sets (AnyStyle, Cora, GROBID citations)
     in random runs, wrapped at random widths, words hyphenated at some line ends, repeated
     authors printed as a dash.
Writes src/refaudit/data/entry_starts.model (~100 KB).
Run: nice -n 10 .venv/bin/python benchmarks/train_split_crf.py [--synthetic 600] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
from pathlib import Path

import pycrfsuite

from refaudit.extract.linestarts import INSIDE, MODEL_NAME, START, line_features

sys.path.insert(0, str(Path(__file__).resolve().parent))
from split_eval import is_test

ROOT = Path(__file__).resolve().parent.parent
_LABEL = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]?)\s*")
_WORD = re.compile(r"^[^\W\d_]{7,}[,.;:]?$")

Sequence_ = tuple[list[str], list[str]]


def _load(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _width(lines: list[str]) -> int:
    lengths = sorted(len(x) for x in lines) or [80]
    return max(20, lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 10 else lengths[-1])


def gold_sequence(doc: dict[str, object]) -> Sequence_:
    lines = [str(x).strip() for x in doc["lines"]]  # type: ignore[attr-defined]
    entries = sorted(
        (int(e["line_start"]), int(e["line_end"]))
        for e in doc["entries"]  # type: ignore[attr-defined]
    )
    labels = [START] * len(lines)
    covered_to = 0
    for start, end in entries:
        for n in range(start, end + 1):
            if n != start or start <= covered_to:
                labels[n - 1] = INSIDE
        covered_to = max(covered_to, end)
    return lines, labels


def unlabelled(lines: list[str], labels: list[str]) -> Sequence_ | None:
    """The list with its numbers taken off (a label alone on its line: the line dropped)."""
    starts = [b for b, lab in zip(lines, labels, strict=True) if lab == START and b]
    if sum(1 for b in starts if _LABEL.match(b)) < 0.6 * max(len(starts), 1):
        return None
    out_lines: list[str] = []
    out_labels: list[str] = []
    carry = False
    for line, lab in zip(lines, labels, strict=True):
        if lab == START and _LABEL.match(line):
            rest = _LABEL.sub("", line, count=1).strip()
            if not rest:
                carry = True
                continue
            line = rest
        out_lines.append(line)
        out_labels.append(START if carry else lab)
        carry = False
    return out_lines, out_labels


def synthetic(raws: list[str], rng: random.Random) -> Sequence_:
    """A run of reference strings wrapped like a PDF column."""
    picked = sorted(rng.sample(raws, rng.randint(8, 40)))
    width = rng.randint(45, 120)
    hyphenate = rng.random() < 0.6
    dash = rng.choice(["——.", "---.", "--", "-", "—"])
    lines: list[str] = []
    labels: list[str] = []
    previous_first = ""
    for raw in picked:
        text = " ".join(raw.split())
        first = text.split(",", 1)[0]
        if first == previous_first and rng.random() < 0.7 and "," in text:
            text = dash + text[len(first) :]
        previous_first = first
        wrapped = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
        if hyphenate:
            for k in range(len(wrapped) - 1):
                head, _, tail = wrapped[k + 1].partition(" ")
                if _WORD.match(head) and rng.random() < 0.3:
                    cut = rng.randint(3, len(head.rstrip(",.;:")) - 3)
                    wrapped[k] += " " + head[:cut] + "-"
                    wrapped[k + 1] = head[cut:] + (" " + tail if tail else "")
        wrapped = [w for w in wrapped if w]
        lines += wrapped
        labels += [START] + [INSIDE] * (len(wrapped) - 1)
    return lines, labels


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared/eval"))
    ap.add_argument("--synthetic", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--out", default=str(ROOT / "src/refaudit/data" / MODEL_NAME))
    args = ap.parse_args(argv)
    base = Path(args.eval_dir)
    rng = random.Random(args.seed)
    sequences: list[Sequence_] = []
    for doc in _load(base / "grobid_refseg_train.jsonl"):
        if is_test(str(doc["doc"])):
            continue
        lines, labels = gold_sequence(doc)
        sequences.append((lines, labels))
        bare = unlabelled(lines, labels)
        if bare is not None:
            sequences.append(bare)
    raws: list[str] = []
    for name in ("anystyle_core", "parscit_cora", "grobid_citation_train"):
        raws += [str(r["raw"]) for r in _load(base / f"{name}.jsonl") if str(r["raw"]).strip()]
    sequences += [synthetic(raws, rng) for _ in range(args.synthetic)]
    trainer = pycrfsuite.Trainer(verbose=False)
    for lines, labels in sequences:
        blanks = [False] * len(lines)
        trainer.append(line_features(lines, blanks, _width(lines)), labels)
    trainer.set_params(
        {"c1": 0.05, "c2": 0.01, "max_iterations": args.iterations, "feature.minfreq": 2}
    )
    trainer.train(args.out)
    n_lines = sum(len(s[0]) for s in sequences)
    sys.stdout.write(f"{len(sequences)} sequences, {n_lines} lines -> {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
