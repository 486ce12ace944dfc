"""Export the example articles and ../shared/wild offline into one .bib, and measure what other
tools make of it: entries read vs exported, duplicate and bare-year keys, unreadable blocks,
biber data-model warnings and bibtex warnings (when those programs are installed).

Usage: .venv/bin/python benchmarks/export_eval.py [--src DIR]
(`--src` runs another checkout's src/ tree, to measure before a change.)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "export_eval"
INPUTS = sorted((ROOT / "fixtures" / "articles").glob("*")) + sorted(
    p for p in (ROOT.parent / "shared" / "wild").glob("*") if p.name != "README.md"
)


def _refaudit(args: list[str], src: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(src))
    return subprocess.run(
        [sys.executable, "-m", "refaudit", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=OUT,
        timeout=1800,
        check=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in INPUTS]
    parsed = _refaudit(["parse", "--format", "json", *files], args.src)
    read = 0
    if parsed.stdout.strip():
        data = json.loads(parsed.stdout)
        docs = data.get("documents", data) if isinstance(data, dict) else data
        read = sum(len(d.get("references", [])) for d in docs)
    bib = OUT / "all.bib"
    proc = _refaudit(["export", "--offline", "--to", "bibtex", "-o", str(bib), *files], args.src)
    text = bib.read_text(encoding="utf-8") if bib.exists() else ""
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    keys = [e.key for e in library.entries]
    # bibtexparser keeps only the first entry of a repeated key; the others are failed blocks.
    dup = [b for b in library.failed_blocks if isinstance(b, DuplicateBlockKeyBlock)]
    bare = [k for k in keys if re.fullmatch(r"\d{4}\w*|nd\w*", k)]
    anon = [k for k in keys if k.startswith("anon")]
    print(f"inputs: {len(files)} documents; export exit {proc.returncode}")
    print(f"entries read (parse): {read}; exported: {len(keys) + len(dup)}")
    print(
        f"duplicate keys: {len(dup)}; keys without a name: bare year {len(bare)}, anon {len(anon)}"
    )
    print(f"other unreadable blocks: {len(library.failed_blocks) - len(dup)}")
    types = Counter(e.entry_type for e in library.entries)
    print("entry types: " + ", ".join(f"{t} {n}" for t, n in types.most_common()))
    if shutil.which("biber"):
        b = subprocess.run(
            ["biber", "--tool", "--validate-datamodel", "--output-directory", str(OUT), bib.name],
            cwd=OUT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        warns = [line for line in b.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
        kinds = Counter(re.sub(r"Entry '[^']*' \([^)]*\): ", "", w)[:70] for w in warns)
        print(f"biber: exit {b.returncode}, {len(warns)} warnings/errors")
        for kind, n in kinds.most_common(8):
            print(f"  {n:4d}  {kind}")
    if shutil.which("bibtex"):
        aux = OUT / "all_cite.aux"
        aux.write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{all}\n", encoding="utf-8")
        t = subprocess.run(
            ["bibtex", aux.stem], cwd=OUT, capture_output=True, text=True, timeout=600, check=False
        )
        blg = (OUT / "all_cite.blg").read_text(encoding="utf-8", errors="replace")
        errors = re.search(r"\((?:There (?:was|were) )?(\d+) error", blg)
        print(
            f"bibtex: exit {t.returncode}, {blg.count('Warning--')} warnings, "
            f"{errors.group(1) if errors else 0} errors"
        )


if __name__ == "__main__":
    main()
