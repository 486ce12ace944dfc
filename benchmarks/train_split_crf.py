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
`--cv 5` trains nothing: it prints the splitter's F1 over the train documents, each fold scored
by a model trained without it (choose settings with it, never with the held-out documents).
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


def _train(sequences: list[Sequence_], out: str, args: argparse.Namespace) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for lines, labels in sequences:
        trainer.append(line_features(lines, [False] * len(lines), _width(lines)), labels)
    trainer.set_params(
        {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "feature.minfreq": 2}
    )
    trainer.train(out)


def _doc_sequences(doc: dict[str, object]) -> list[Sequence_]:
    lines, labels = gold_sequence(doc)
    bare = unlabelled(lines, labels)
    return [(lines, labels)] + ([bare] if bare is not None else [])


def cross_validate(
    docs: list[dict[str, object]], extra: list[Sequence_], args: argparse.Namespace
) -> str:
    """Splitter F1 on the train documents, each fold scored by a model trained without it."""
    import tempfile

    from split_eval import scores, splitter

    from refaudit.extract import linestarts

    totals = {False: [0.0, 0.0], True: [0.0, 0.0]}
    for fold in range(args.cv):
        held = [d for k, d in enumerate(docs) if k % args.cv == fold]
        rest = [s for k, d in enumerate(docs) if k % args.cv != fold for s in _doc_sequences(d)]
        with tempfile.TemporaryDirectory() as tmp:
            path = str(Path(tmp) / "fold.model")
            _train(rest + extra, path, args)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            linestarts._tagger.cache_clear()
            original = linestarts._tagger
            linestarts._tagger = lambda t=tagger: t  # type: ignore[assignment]
            try:
                for separable in (False, True):
                    _, _, f1, n, _ = scores(held, splitter, separable)
                    totals[separable][0] += f1 * n
                    totals[separable][1] += n
            finally:
                linestarts._tagger = original
    f1s = {k: v[0] / v[1] for k, v in totals.items()}
    return f"{args.cv}-fold on train documents: F1 {f1s[False]:.1%}, separable {f1s[True]:.1%}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared/eval"))
    ap.add_argument("--synthetic", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--cv", type=int, default=0, help="k-fold figure on the train documents only")
    ap.add_argument("--out", default=str(ROOT / "src/refaudit/data" / MODEL_NAME))
    args = ap.parse_args(argv)
    base = Path(args.eval_dir)
    rng = random.Random(args.seed)
    docs = [d for d in _load(base / "grobid_refseg_train.jsonl") if not is_test(str(d["doc"]))]
    raws: list[str] = []
    for name in ("anystyle_core", "parscit_cora", "grobid_citation_train"):
        raws += [str(r["raw"]) for r in _load(base / f"{name}.jsonl") if str(r["raw"]).strip()]
    extra = [synthetic(raws, rng) for _ in range(args.synthetic)]
    if args.cv:
        sys.stdout.write(cross_validate(docs, extra, args) + "\n")
        return 0
    sequences = [s for d in docs for s in _doc_sequences(d)] + extra
    _train(sequences, args.out, args)
    n_lines = sum(len(s[0]) for s in sequences)
    sys.stdout.write(f"{len(sequences)} sequences, {n_lines} lines -> {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
