"""Train the reference-token CRF (src/refaudit/data/reference_crf.model) on renders and gold.

Training data: the training renders of benchmarks/out/renders.jsonl (benchmarks/render_refs.py;
a seeded sample of --renders of them) and the gold of ../shared/eval (anystyle_core,
parscit_cora, grobid_citation_train) less its held-out fifth (crc32(id) % 5 == 0, is_test()).
Each string is labelled on the text the parser really tags: the entry after clean_entry() and
with its identifiers pulled out (_pull_ids()), tokens aligned to the labelled original.
Run: nice -n 10 .venv/bin/python benchmarks/train_parser_crf.py [--renders 12000] [--iterations 120]
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
import time
import zlib
from pathlib import Path

import pycrfsuite

from refaudit.extract.crf import MODEL_NAME, features, fold_label, tokenize
from refaudit.extract.fields import _pull_ids, clean_entry, normalise_text

ROOT = Path(__file__).resolve().parents[1]
GOLD_SETS = ("anystyle_core", "parscit_cora", "grobid_citation_train")
# Gold strings are fewer than renders but are the real thing: each counts this many times.
GOLD_WEIGHT = 2


def is_test(record_id: str) -> bool:
    """The fixed held-out split of the gold: one record in five, by a stable hash of its id."""
    return zlib.crc32(record_id.encode("utf-8")) % 5 == 0


def _char_labels(raw: str, segments: list[list[str]]) -> tuple[str, list[str]] | None:
    text = normalise_text(raw)
    chars = ["other"] * len(text)
    pos = 0
    for label, seg in segments:
        seg_text = normalise_text(seg)
        if not seg_text:
            continue
        at = text.find(seg_text, pos)
        if at < 0:
            return None
        for k in range(at, at + len(seg_text)):
            chars[k] = fold_label(label)
        pos = at + len(seg_text)
    return text, chars


def _token_label(text: str, chars: list[str], start: int, end: int) -> str:
    inside = [chars[k] for k in range(start, end) if text[k].isalnum()]
    return max(set(inside), key=inside.count) if inside else chars[start]


def labelled_tokens(raw: str, segments: list[list[str]]) -> tuple[list[str], list[str]] | None:
    """Tokens of the text the parser tags (identifiers removed) and their gold labels.

    None when the segments cannot be placed in `raw` or nothing is left to tag.
    """
    placed = _char_labels(raw, segments)
    if placed is None:
        return None
    text, chars = placed
    orig = tokenize(text)
    orig_labels = [_token_label(text, chars, t.start, t.end) for t in orig]
    tagged = tokenize(_pull_ids(clean_entry(raw)).text)
    if not tagged:
        return None
    words = [t.text for t in tagged]
    labels: list[str | None] = [None] * len(words)
    matcher = difflib.SequenceMatcher(None, [t.text for t in orig], words, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            labels[b + k] = orig_labels[a + k]
    # A token changed by the cleaning ("(2019)." after a DOI was cut) takes a neighbour's label.
    for i, lab in enumerate(labels):
        if lab is None:
            labels[i] = labels[i - 1] if i and labels[i - 1] else None
    for i in range(len(labels) - 1, -1, -1):
        if labels[i] is None:
            labels[i] = labels[i + 1] if i + 1 < len(labels) and labels[i + 1] else "other"
    return words, [lab or "other" for lab in labels]


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").split("\n") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared/eval"))
    ap.add_argument("--renders-file", default=str(ROOT / "benchmarks/out/renders.jsonl"))
    ap.add_argument("--renders", type=int, default=12000, help="training renders sampled")
    ap.add_argument("--iterations", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=str(ROOT / "src/refaudit/data" / MODEL_NAME))
    args = ap.parse_args(argv)
    trainer = pycrfsuite.Trainer(verbose=False)
    counts = {"gold": 0, "renders": 0, "skipped": 0}

    def add(rec: dict[str, object], weight: int, kind: str) -> None:
        segments = rec["segments"]
        assert isinstance(segments, list)
        got = labelled_tokens(str(rec["raw"]), segments)
        if got is None:
            counts["skipped"] += 1
            return
        words, labels = got
        feats = features(tokenize(" ".join(words)))
        for _ in range(weight):
            trainer.append(feats, labels[: len(feats)])
        counts[kind] += 1

    for name in GOLD_SETS:
        for rec in _read(Path(args.eval_dir) / f"{name}.jsonl"):
            if not is_test(str(rec["id"])):
                add(rec, GOLD_WEIGHT, "gold")
    renders_path = Path(args.renders_file)
    if renders_path.is_file():
        train = [r for r in _read(renders_path) if r.get("split") == "train"]
        random.Random(args.seed).shuffle(train)
        for rec in train[: args.renders]:
            add(rec, 1, "renders")
    else:
        sys.stderr.write(f"no renders at {renders_path}: run benchmarks/render_refs.py first\n")
    trainer.set_params(
        {"c1": 0.1, "c2": 0.01, "max_iterations": args.iterations, "feature.minfreq": 3}
    )
    t0 = time.perf_counter()
    trainer.train(args.out)
    size = Path(args.out).stat().st_size
    sys.stdout.write(
        f"trained on {counts['gold']} gold and {counts['renders']} rendered references"
        f" ({counts['skipped']} skipped) in {time.perf_counter() - t0:.0f}s;"
        f" model {size / 1e6:.1f} MB at {args.out}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
