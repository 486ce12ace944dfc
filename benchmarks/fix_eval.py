"""`refaudit fix` keeps the author's text: how many tokens it changes outside the wrong fields.

Usage: .venv/bin/python benchmarks/fix_eval.py [--src DIR]
(`--src` runs another checkout's src/ tree through the same Python API, for the "before".)

Two inputs, resolved against the recorded answers of fixtures/crossref (no network):
1. the planted-error article of tests/export/test_inplace.py (one wrong value per entry: year,
   surname, pages, volume, DOI of another work, title word, venue, missing DOI): for each
   entry, the tokens changed that belong neither to the wrong value nor to the right one;
2. the example articles of fixtures/articles: tokens removed and added per changed entry.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.export.test_inplace import PLANTED, token_changes, tokens  # noqa: E402

_RUN = """
import json, sys
from refaudit.audit import audit, read_documents
from refaudit.export.fix import fix_document
from refaudit.settings import Settings
path, base = sys.argv[1], sys.argv[2]
settings = Settings(crossref_url=base, doi_url=base, use_cache=False)
result = audit(read_documents([path], None), settings)
original = open(path, encoding="utf-8").read()
print(json.dumps(fix_document(result.documents[0], original=original)))
"""


def _fix(path: Path, src: Path) -> str:
    base = f"file:{ROOT / 'fixtures' / 'crossref'}"
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        [sys.executable, "-c", _RUN, str(path), base],
        capture_output=True, text=True, env=env, check=True, timeout=600,
    )  # fmt: skip
    return str(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    entries = [f"{i}. {entry}" for i, (entry, _, _) in enumerate(PLANTED, start=1)]
    text = "\n".join(["# Draft", "", "## References", "", *entries]) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "planted.md"
        article.write_text(text, encoding="utf-8")
        fixed = _fix(article, args.src).splitlines()[4:]
    outside = 0
    right = 0
    for (_, wrong, good), old, new in zip(PLANTED, entries, fixed, strict=True):
        removed, added = token_changes(old, new)
        allowed = Counter(tokens(wrong)) + Counter(tokens(good))
        extra = sum((Counter(removed) + Counter(added) - allowed).values())
        outside += extra
        right += good in new and (not wrong or len(wrong) <= 3 or wrong not in new)
        print(f"planted {old[:32]}...: {extra} tokens changed outside the wrong field")
    print(f"planted: {right}/{len(PLANTED)} fixed, {outside} tokens changed outside wrong fields")
    for path in sorted((ROOT / "fixtures" / "articles").glob("*.txt")):
        original = path.read_text(encoding="utf-8").splitlines()
        new = _fix(path, args.src).splitlines()
        changed = [(a, b) for a, b in zip(original, new, strict=False) if a != b]
        gone = sum(len(token_changes(a, b)[0]) for a, b in changed)
        added = sum(len(token_changes(a, b)[1]) for a, b in changed)
        print(f"{path.name}: {len(changed)} lines changed, {gone} tokens removed, {added} added")


if __name__ == "__main__":
    main()
