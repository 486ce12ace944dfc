"""Reference lists in the wild: entries read per file of ../shared/wild against MANIFEST.md.

For each of the real articles in `../shared/wild/` (the true number of list entries is the
`entries` column of its MANIFEST.md), refaudit reads the file offline exactly as `refaudit parse`
does and the offline rules run (no network). Printed per file: expected and read entries, the
citations found, and the `missing-reference` and `no-reference-list` findings. Totals: files
whose count is exact, entries read (min(read, expected) summed, so an over-count never hides a
loss), and the missing-reference findings in all.

Run: .venv/bin/python benchmarks/wild_eval.py [--wild ../shared/wild] [--show FILE] [--json]
`--show 05` prints the entries and the missing-reference findings of the files matching "05".
Writes benchmarks/out/wild_eval.json (every file's entries and findings).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from refaudit.audit import check_document
from refaudit.check import select_rules
from refaudit.extract import read_document
from refaudit.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
_ROW = re.compile(r"^\|\s*(?P<file>[\w.\-]+\.(?:md|txt|html|rst))\s*\|(?P<rest>.*)$")


def manifest_counts(path: Path) -> dict[str, int]:
    """file name -> true number of entries, from the `entries` column of MANIFEST.md."""
    header: list[str] | None = None
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None and "entries" in cells and "file" in cells:
            header = cells
            continue
        m = _ROW.match(line)
        if header is None or not m:
            continue
        value = cells[header.index("entries")] if len(cells) == len(header) else ""
        number = re.match(r"\d+", value)
        if number:
            counts[m.group("file")] = int(number.group(0))
    return counts


def evaluate(path: Path, expected: int) -> dict[str, object]:
    """Read one file offline and run the offline rules; what was read and found."""
    started = time.perf_counter()
    document = read_document(str(path))
    seconds = time.perf_counter() - started
    settings = Settings(offline=True, use_cache=False)
    rules = select_rules(("ALL",), ())
    result = check_document(
        document, tuple(None for _ in document.references), rules, settings, True
    )
    missing = [f for f in result.findings if f.rule == "missing-reference"]
    no_list = [f for f in result.findings if f.rule == "no-reference-list"]
    return {
        "file": path.name,
        "expected": expected,
        "read": len(document.references),
        "citations": len(document.citations),
        "missing_reference": len(missing),
        "no_reference_list": len(no_list),
        "seconds": round(seconds, 3),
        "entries": [
            {"n": r.n, "line": r.line, "end": r.end_line, "label": r.label, "raw": r.raw[:300]}
            for r in document.references
        ],
        "missing": [f"{f.line}: {f.message}" for f in missing],
        "findings": [f"{f.line}: {f.rule}: {f.message}" for f in result.findings],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wild", default=str(ROOT.parent / "shared" / "wild"))
    ap.add_argument("--show", action="append", default=[], help="print entries of matching files")
    ap.add_argument("--only", default="", help="evaluate only files whose name contains this")
    args = ap.parse_args(argv)
    wild = Path(args.wild)
    counts = manifest_counts(wild / "MANIFEST.md")
    rows = []
    out = [f"{'file':<48}{'expected':>9}{'read':>6}{'cites':>7}{'missing':>8}{'no-list':>8}"]
    for name, expected in sorted(counts.items()):
        if args.only and args.only not in name:
            continue
        row = evaluate(wild / name, expected)
        rows.append(row)
        mark = "" if row["read"] == expected else "  <-"
        out.append(
            f"{name:<48}{expected:>9}{row['read']:>6}{row['citations']:>7}"
            f"{row['missing_reference']:>8}{row['no_reference_list']:>8}{mark}"
        )
        if any(s in name for s in args.show):
            for e in row["entries"]:  # type: ignore[attr-defined]
                out.append(
                    f"    {e['n']:>3} L{e['line']}-{e['end']} [{e['label']}] {e['raw'][:150]}"
                )
            out.extend(f"    ! {m}" for m in row["missing"])  # type: ignore[attr-defined]
    total = sum(int(str(r["expected"])) for r in rows)
    read = sum(min(int(str(r["read"])), int(str(r["expected"]))) for r in rows)
    exact = sum(1 for r in rows if r["read"] == r["expected"])
    missing = sum(int(str(r["missing_reference"])) for r in rows)
    over = sum(max(0, int(str(r["read"])) - int(str(r["expected"]))) for r in rows)
    out.append("")
    out.append(
        f"files exact {exact}/{len(rows)}; entries read {read}/{total} "
        f"({read / max(total, 1):.1%}), {over} extra; missing-reference findings {missing}"
    )
    sys.stdout.write("\n".join(out) + "\n")
    target = ROOT / "benchmarks" / "out"
    target.mkdir(parents=True, exist_ok=True)
    (target / "wild_eval.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
