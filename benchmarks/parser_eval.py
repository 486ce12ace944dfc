"""Measure the reference parser per field and the entry splitter on the gold data in ../shared/eval.

Field accuracy = correct / gold records that have the field (records without it are not counted).
Comparisons, all after refaudit.compare.fold() (case, punctuation, diacritics, spacing ignored):
  first-author surname: fold(first parsed author's family, or literal) == fold(gold surname)
  year:       parsed year == the four-digit year in gold `year`
  title:      fold(parsed title) == fold(gold title)
  container:  fold(parsed container) == fold(gold container-title or journal)
  volume:     parsed volume == the first number in gold volume ("20(9)" -> "20", "Vol. 9" -> "9")
  pages:      (first, last) page of parsed pages or article number == gold's, abbreviated ends
              expanded ("1477-81" == "1477-1481"), "pp." dropped
  doi:        normalize_doi(parsed) == normalize_doi(gold)
Entry splitting on grobid_refseg_train.jsonl: an entry is correct when its (first line, last line)
equals a gold entry's; precision, recall and F1 over all documents.

Parsers: rules (hand-written only), crf (the trained CRF alone), hybrid (what parse_reference()
ships). The CRF is scored on the held-out fifth only (benchmarks/train_parser_crf.py, is_test()).
Renders (--renders, from benchmarks/render_refs.py): the held-out records (split "test"), per style
and per field, with the hybrid parser; "-" where a style does not print the field.
Run: .venv/bin/python benchmarks/parser_eval.py [--eval-dir ../shared/eval] [--renders FILE]
[--split-only] (only the splitting figure; benchmarks/split_eval.py gives it per held-out split)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from refaudit.compare import expand_pages, fold
from refaudit.doi import normalize_doi
from refaudit.extract.entries import split_entries
from refaudit.extract.fields import (
    _pull_ids,
    clean_entry,
    crf_fields,
    parse_reference,
    parse_reference_rules,
)
from refaudit.model import ParsedFields

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_parser_crf import is_test


def parse_crf_only(raw: str) -> ParsedFields:
    """The CRF's fields alone (identifiers from the rules), to compare with the hybrid."""
    rules = parse_reference_rules(raw)
    learned = crf_fields(_pull_ids(clean_entry(raw)).text)
    keep = {k: v for k, v in learned.items() if k in ParsedFields.__dataclass_fields__}
    blank = ParsedFields(doi=rules.doi, url=rules.url)
    return replace(blank, **keep)  # type: ignore[arg-type]


PARSERS: dict[str, Callable[[str], ParsedFields]] = {
    "rules": parse_reference_rules,
    "crf": parse_crf_only,
    "hybrid": parse_reference,
}

FIELDS = ("surname", "year", "title", "container", "volume", "issue", "pages", "doi")
TARGETS = {"surname": 0.95, "year": 0.95, "doi": 0.95, "title": 0.90}


def _first_number(text: str) -> str | None:
    m = re.search(r"\d+", text)
    return m.group(0) if m else None


def _pages_key(text: str) -> tuple[str, str]:
    s = re.sub(r"^\s*(?:pp?\.|pages?)\s*", "", text, flags=re.I).strip(" .,")
    return expand_pages(s)


def _text_key(text: str) -> str:
    """A title or container folded, a line-break hyphen ("manage- ment") closed."""
    return fold(re.sub(r"(\w)- (\w)", r"\1\2", text))


def gold_value(fields: dict[str, object], name: str) -> str | None:
    """The gold value of field `name`, or None when the record lacks it."""

    def get(key: str) -> str | None:
        v = fields.get(key)
        if isinstance(v, list):
            v = v[0] if v else None
        return str(v) if v else None

    if name == "surname":
        return get("first_author_surname")
    if name == "container":
        return get("container-title") or get("journal")
    if name == "issue" and "issue" not in fields and "(" in str(fields.get("volume", "")):
        return None  # AnyStyle has no issue label: "20(9)" is one volume span
    return get(name)


def is_correct(name: str, parsed: ParsedFields, gold: str) -> bool:
    """Whether the parsed field matches the gold value under this script's comparison."""
    if name == "surname":
        if not parsed.authors:
            return False
        first = parsed.authors[0]
        return fold(first.family or first.literal) == fold(gold)
    if name == "year":
        m = re.search(r"\d{4}", gold)
        return parsed.year is not None and m is not None and str(parsed.year) == m.group(0)
    if name == "title":
        return bool(parsed.title) and _text_key(parsed.title or "") == _text_key(gold)
    if name == "container":
        return bool(parsed.container) and _text_key(parsed.container or "") == _text_key(gold)
    if name == "issue":
        return parsed.issue is not None and fold(parsed.issue) == fold(gold)
    if name == "volume":
        return parsed.volume is not None and _first_number(parsed.volume) == _first_number(gold)
    if name == "pages":
        printed = parsed.pages or parsed.article_number
        return printed is not None and _pages_key(printed) == _pages_key(gold)
    if name == "doi":
        return parsed.doi is not None and parsed.doi == normalize_doi(gold)
    raise ValueError(name)


def field_scores(
    records: Iterable[dict[str, object]], parse: Callable[[str], ParsedFields] = parse_reference
) -> dict[str, tuple[int, int]]:
    """Per field: (correct, gold records with the field)."""
    counts = {name: [0, 0] for name in FIELDS}
    for rec in records:
        parsed = parse(str(rec["raw"]))
        gold_fields = rec["fields"]
        assert isinstance(gold_fields, dict)
        for name in FIELDS:
            gold = gold_value(gold_fields, name)
            if gold is None:
                continue
            counts[name][1] += 1
            counts[name][0] += is_correct(name, parsed, gold)
    return {k: (v[0], v[1]) for k, v in counts.items()}


def split_scores(docs: Iterable[dict[str, object]]) -> tuple[float, float, float]:
    """(precision, recall, F1) of entry spans against the gold segmentation."""
    tp = predicted = gold_n = 0
    for doc in docs:
        lines = doc["lines"]
        entries = doc["entries"]
        assert isinstance(lines, list) and isinstance(entries, list)
        found = {(e.start, e.end) for e in split_entries([str(x) for x in lines])}
        gold = {(int(e["line_start"]), int(e["line_end"])) for e in entries}
        tp += len(found & gold)
        predicted += len(found)
        gold_n += len(gold)
    p = tp / predicted if predicted else 0.0
    r = tp / gold_n if gold_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def render_table(rows: list[dict[str, object]]) -> list[str]:
    """Per style, per field accuracy of the hybrid parser on the held-out renders."""
    held_out = [r for r in rows if r.get("split") == "test"]
    by_style: dict[str, list[dict[str, object]]] = {}
    for r in held_out:
        by_style.setdefault(str(r["style"]), []).append(r)
    header = f"{'held-out renders, style':<44}{'n':>5} " + " ".join(f"{f:>9}" for f in FIELDS)
    out = ["", header, "-" * len(header)]
    total = {name: [0, 0] for name in FIELDS}
    for style in sorted(by_style):
        scores = field_scores(by_style[style])
        cells = []
        for f in FIELDS:
            ok, n = scores[f]
            total[f][0] += ok
            total[f][1] += n
            cells.append(f"{ok / n:>9.1%}" if n else f"{'-':>9}")
        out.append(f"{style:<44}{len(by_style[style]):>5} " + " ".join(cells))
    cells = [f"{t[0] / t[1]:>9.1%}" if t[1] else f"{'-':>9}" for t in total.values()]
    out.append(f"{'all styles':<44}{len(held_out):>5} " + " ".join(cells))
    return out


def load(path: Path) -> list[dict[str, object]]:
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(Path(__file__).resolve().parents[2] / "shared/eval"))
    ap.add_argument("--sets", default="anystyle_core,parscit_cora,grobid_citation_train")
    ap.add_argument(
        "--renders", default=str(Path(__file__).resolve().parent / "out" / "renders.jsonl")
    )
    ap.add_argument(
        "--split-only",
        action="store_true",
        help="only the entry-splitting line (benchmarks/split_eval.py has the held-out split)",
    )
    args = ap.parse_args(argv)
    base = Path(args.eval_dir)
    if args.split_only:
        p, r, f1 = split_scores(load(base / "grobid_refseg_train.jsonl"))
        sys.stdout.write(f"entry splitting: precision {p:.1%} recall {r:.1%} F1 {f1:.1%}\n")
        return 0
    header = f"{'set, parser, split':<34}{'n':>6} " + " ".join(f"{f:>10}" for f in FIELDS)
    out = [header, "-" * len(header)]
    for name in filter(None, args.sets.split(",")):
        everything = load(base / f"{name}.jsonl")
        held_out = [r for r in everything if is_test(str(r["id"]))]
        runs = [("rules", "all", everything)] + [(p, "held-out", held_out) for p in PARSERS]
        for parser, split, records in runs:
            scores = field_scores(records, PARSERS[parser])
            cells = [
                f"{(scores[f][0] / scores[f][1] if scores[f][1] else float('nan')):>10.1%}"
                for f in FIELDS
            ]
            label = f"{name} {parser} {split}"
            out.append(f"{label:<34}{len(records):>6} " + " ".join(cells))
        out.append("")
    if args.renders and Path(args.renders).is_file():
        out += render_table(load(Path(args.renders)))
    p, r, f1 = split_scores(load(base / "grobid_refseg_train.jsonl"))
    out.append("")
    out.append(
        f"entry splitting (grobid_refseg_train): precision {p:.1%} recall {r:.1%} F1 {f1:.1%}"
    )
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
