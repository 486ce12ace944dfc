"""DOI matching on ../shared/xref: refaudit's parse + resolve against a local Crossref stand-in.

Modes:
  strings     each string of strings.jsonl parsed as one entry (as `refaudit lookup` / check do)
              and resolved; DOI precision and recall per style, excluded strings (their records
              removed from the index), real strings, bare renderings
  structured  structured.jsonl matched from its fields (targets absent from the index: they must
              match nothing), and structured entries built from the index's own records of the
              generated strings' targets (recall)
  cli         `refaudit check` (the real command line, in process) on lists of 100 strings:
              exit codes, internal errors, entries found per list, time

Usage: .venv/bin/python benchmarks/xref_eval.py strings [--per-style 20 | --full] [--seed 1]
       .venv/bin/python benchmarks/xref_eval.py structured [--per-style N | --full]
       .venv/bin/python benchmarks/xref_eval.py cli [--lists 10 | --full]

The stand-in announces no rate limit and the client's pools are widened (in this process only):
the figures measure matching, not Crossref's limits. Writes details to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from xref_standin import serve

ROOT = Path(__file__).resolve().parents[1]
XREF = ROOT.parent / "shared" / "xref"
OUT = ROOT / "benchmarks" / "out"


def unthrottle() -> None:
    """Lift refaudit's Crossref pool limits in this process: the stand-in is local."""
    from refaudit.resolve import http

    for table in (http.POLITE_LIMITS, http.PUBLIC_LIMITS):
        for pool in list(table):
            table[pool] = http.Limits(2000.0, 8)


def load_strings() -> list[dict[str, Any]]:
    with (XREF / "strings.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def group_of(row: dict[str, Any]) -> str:
    style = row["style"] or "real"
    if row["kind"] == "real":
        return "real (target)" if row["doi"] else "real (null target)"
    if row.get("bare"):
        return "bare"
    if row.get("excluded"):
        return f"excluded {style}"
    return style


def excluded_dois(rows: Sequence[dict[str, Any]]) -> set[str]:
    return {r["doi"].lower() for r in rows if r.get("excluded") and r["doi"]}


def sample(
    rows: Sequence[dict[str, Any]], per_group: int | None, seed: int
) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[group_of(r)].append(r)
    rng = random.Random(seed)
    chosen: list[dict[str, Any]] = []
    for name in sorted(groups):
        items = groups[name]
        chosen.extend(items if per_group is None else rng.sample(items, min(per_group, len(items))))
    return chosen


def settings_for(url: str) -> Any:
    from refaudit.settings import Settings

    return Settings(crossref_url=url, doi_url=url, use_cache=False, mailto="bench@example.org")


@contextmanager
def stand_in(exclude: set[str]) -> Iterator[str]:
    with serve(XREF / "records", exclude=exclude) as url:
        yield url


@dataclass
class Tally:
    total: int = 0  # strings
    with_target: int = 0  # strings whose target is in the index
    predicted: int = 0  # strings that matched some DOI
    correct: int = 0
    wrong: int = 0

    def row(self, name: str) -> str:
        p = self.correct / self.predicted if self.predicted else float("nan")
        r = self.correct / self.with_target if self.with_target else float("nan")
        none = 1 - self.predicted / self.total if self.total else float("nan")
        return (
            f"{name:38s} {self.total:6d} {self.with_target:6d} {self.predicted:6d} "
            f"{self.correct:6d} {self.wrong:5d} {p:7.4f} {r:7.4f} {none:8.4f}"
        )


HEADER = (
    f"{'group':38s} {'n':>6s} {'target':>6s} {'match':>6s} {'right':>6s} {'wrong':>5s} "
    f"{'P':>7s} {'R':>7s} {'nothing':>8s}"
)


def resolve_refs(url: str, refs: Sequence[Any]) -> list[Any]:
    from refaudit.resolve import Resolver

    with Resolver(settings_for(url)) as resolver:
        return list(resolver.resolve(refs))


def accepted_doi(resolution: Any) -> str | None:
    from refaudit.model import registered_work

    work = registered_work(resolution)
    return work.doi.lower() if work is not None else None


def run_strings(args: argparse.Namespace) -> int:
    from refaudit.extract.fields import parse_reference
    from refaudit.model import Reference

    rows = load_strings()
    chosen = sample(rows, None if args.full else args.per_style, args.seed)
    gone = excluded_dois(rows)
    started = time.perf_counter()
    refs = [
        Reference(n=i + 1, line=1, raw=r["ref_string"], fields=parse_reference(r["ref_string"]))
        for i, r in enumerate(chosen)
    ]
    parsed = time.perf_counter() - started
    with stand_in(gone) as url:
        resolutions = resolve_refs(url, refs)
    took = time.perf_counter() - started
    tallies: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    details: list[dict[str, Any]] = []
    for row, res in zip(chosen, resolutions, strict=True):
        name = group_of(row)
        target = (row["doi"] or "").lower() or None
        accept = {target, *(d.lower() for d in row.get("alt_dois", []))} - {None}
        in_index = (
            target is not None
            and target not in gone
            and not row.get("bare")
            and row["kind"] == "generated"
        )
        got = accepted_doi(res)
        for t in (tallies[name], *((overall,) if in_index else ())):
            t.total += 1
            t.with_target += in_index
            t.predicted += got is not None
            t.correct += got is not None and got in accept and in_index
            # a bare rendering that still finds its own target is no error
            t.wrong += got is not None and (got not in accept or not (in_index or row.get("bare")))
        if (got is not None and got not in accept) or (in_index and got is None):
            details.append(
                {
                    "group": name,
                    "string": row["ref_string"],
                    "target": target,
                    "got": got,
                    "status": res.status.value,
                    "score": res.score,
                    "candidates": [(c.work.doi, c.score) for c in res.candidates[:3]],
                }
            )
    print(HEADER)
    for name in sorted(tallies):
        print(tallies[name].row(name))
    print(overall.row("ALL generated, target in index"))
    print(f"{len(chosen)} strings, parse {parsed:.1f} s, total {took:.1f} s")
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "xref_strings_errors.jsonl"
    out.write_text("".join(json.dumps(d) + "\n" for d in details), encoding="utf-8")
    print(f"errors: {out.relative_to(ROOT)}")
    return 0


def _structured_ref(n: int, ref: dict[str, Any]) -> Any:
    from refaudit.extract.structured import reference_from_fields

    return reference_from_fields(n, ref)


def _from_record(message: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """A structured reference as a depositor would give it, from one indexed record."""
    out: dict[str, str] = {}
    authors = [a for a in message.get("author") or [] if a.get("family")]
    if authors:
        first = authors[0]
        out["author"] = (
            first["family"]
            if rng.random() < 0.5
            else f"{first['family']} {first.get('given', '')[:1]}"
        )
    year = (message.get("issued") or {}).get("date-parts", [[None]])[0][0]
    if year:
        out["year"] = str(year)
    if message.get("container-title"):
        out["journal-title"] = message["container-title"][0]
    for key in ("volume", "issue"):
        if message.get(key):
            out[key] = message[key]
    if message.get("page"):
        out["first-page"] = message["page"].split("-")[0]
    if message.get("title") and rng.random() < 0.5:
        out["article-title"] = message["title"][0]
    return out


def run_structured(args: argparse.Namespace) -> int:
    rows = [json.loads(line) for line in (XREF / "structured.jsonl").open(encoding="utf-8")]
    rng = random.Random(args.seed)
    if not args.full:
        rows = rng.sample(rows, min(len(rows), args.per_style * 10))
    strings = load_strings()
    targets = sorted(
        {r["doi"].lower() for r in strings if r["kind"] == "generated" and not r.get("excluded")}
    )
    if not args.full:
        targets = rng.sample(targets, min(len(targets), args.per_style * 10))
    gone = excluded_dois(strings)
    records: list[tuple[str, dict[str, str]]] = []
    for doi in targets:
        path = XREF / "records" / (doi.replace("/", "_") + ".json")
        if path.is_file():
            records.append((doi, _from_record(json.loads(path.read_text()), rng)))
    refs = [_structured_ref(i + 1, r["reference"]) for i, r in enumerate(rows)]
    built = [_structured_ref(len(refs) + i + 1, f) for i, (_, f) in enumerate(records)]
    started = time.perf_counter()
    with stand_in(gone) as url:
        res = resolve_refs(url, [*refs, *built])
    took = time.perf_counter() - started
    real = Tally()
    for _row, r in zip(rows, res[: len(refs)], strict=True):
        got = accepted_doi(r)
        real.total += 1
        real.predicted += got is not None
        real.wrong += got is not None
    synth = Tally()
    misses: list[dict[str, Any]] = []
    for (doi, fields), r in zip(records, res[len(refs) :], strict=True):
        got = accepted_doi(r)
        synth.total += 1
        synth.with_target += 1
        synth.predicted += got is not None
        synth.correct += got == doi
        synth.wrong += got is not None and got != doi
        if got != doi:
            misses.append({"fields": fields, "target": doi, "got": got, "status": r.status.value})
    print(HEADER)
    print(real.row("structured.jsonl (targets not indexed)"))
    print(synth.row("structured from indexed records"))
    print(f"{len(refs) + len(built)} entries in {took:.1f} s")
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "xref_structured_errors.jsonl"
    out.write_text("".join(json.dumps(d) + "\n" for d in misses), encoding="utf-8")
    return 0


def run_cli(args: argparse.Namespace) -> int:
    from typer.testing import CliRunner

    from refaudit.cli import app

    rows = load_strings()
    rng = random.Random(args.seed)
    order = list(range(len(rows)))
    rng.shuffle(order)
    lists = [order[i : i + 100] for i in range(0, len(order), 100)]
    if not args.full:
        lists = lists[: args.lists]
    codes: Counter[int] = Counter()
    internal = 0
    entries: list[int] = []
    started = time.perf_counter()
    runner = CliRunner()
    with stand_in(excluded_dois(rows)) as url, tempfile.TemporaryDirectory() as tmp:
        for k, chunk in enumerate(lists):
            path = Path(tmp) / f"list{k:03d}.txt"
            # numbered, one a line: unnumbered lists of mixed styles are split less reliably
            body = "\n".join(f"{n}. {rows[i]['ref_string']}" for n, i in enumerate(chunk, 1))
            path.write_text(f"References\n\n{body}\n", encoding="utf-8")
            result = runner.invoke(
                app,
                [
                    "check",
                    str(path),
                    "--format",
                    "json",
                    "--no-cache",
                    "--quiet",
                    "--crossref-url",
                    url,
                    "--doi-url",
                    url,
                    "--mailto",
                    "bench@example.org",
                ],
            )
            codes[result.exit_code] += 1
            try:
                report = json.loads(result.stdout)
            except ValueError:
                print(f"list {k}: exit {result.exit_code}: {result.output[-300:]}")
                continue
            docs = report.get("documents", [])
            found = [f for d in docs for f in d.get("findings", [])] + [
                f for d in docs for r in d.get("references", []) for f in r.get("findings", [])
            ]
            internal += len(
                {
                    (f.get("reference"), f.get("line"))
                    for f in found
                    if f.get("rule") == "internal-error"
                }
            )
            entries.append(sum(len(d.get("references", [])) for d in docs))
    took = time.perf_counter() - started
    print(f"lists: {len(lists)} of 100 strings, {took:.1f} s")
    print(f"exit codes: {dict(sorted(codes.items()))}")
    print(f"internal-error findings: {internal}")
    if entries:
        mid = sorted(entries)[len(entries) // 2]
        print(f"entries read per list: min {min(entries)}, median {mid}, max {max(entries)}")
    return 0 if set(codes) <= {0, 1} and internal == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("strings", "structured", "cli"))
    parser.add_argument("--per-style", type=int, default=20)
    parser.add_argument("--lists", type=int, default=10)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    unthrottle()
    return {"strings": run_strings, "structured": run_structured, "cli": run_cli}[args.mode](args)


if __name__ == "__main__":
    raise SystemExit(main())
