"""refaudit's Markdown layout map (regular expressions, extract/formats.py) against
markdown-it-py with the footnote plugin, on the Markdown articles of ../shared/wild and the
example articles: CPU time per document, and how many headings each finds.

Usage: .venv/bin/python benchmarks/markdown_eval.py [--repeat N]
Needs `pip install markdown-it-py mdit-py-plugins` (markdown-it-py comes with rich; the plugin
is not a dependency of refaudit). CPU time (time.process_time), not wall time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from refaudit.extract.formats import markdown_layout

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT.parent / "shared" / "wild"


def _cpu(fn: object, repeat: int) -> float:
    start = time.process_time()
    for _ in range(repeat):
        fn()  # type: ignore[operator]
    return (time.process_time() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    md = MarkdownIt("commonmark").use(footnote_plugin).enable("table")
    files = sorted(WILD.glob("*.md"))
    ours_total = theirs_total = 0.0
    ours_headings = theirs_headings = footnotes = size = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.splitlines()
        size += len(text)
        ours_total += _cpu(lambda lines=lines: markdown_layout(lines), args.repeat)
        theirs_total += _cpu(lambda text=text: md.parse(text), args.repeat)
        _, headings = markdown_layout(lines)
        ours_headings += sum(1 for level in headings.values() if level <= 6)
        tokens = md.parse(text)
        theirs_headings += sum(1 for t in tokens if t.type == "heading_open")
        footnotes += sum(1 for t in tokens if t.type == "footnote_open")
    print(f"{len(files)} Markdown documents, {size / 1e6:.2f} MB, repeat {args.repeat}")
    print(f"refaudit markdown_layout: {ours_total * 1000:.1f} ms CPU in all")
    print(f"markdown-it-py + footnote (tokens only): {theirs_total * 1000:.1f} ms CPU in all")
    print(
        f"headings: refaudit {ours_headings}, markdown-it {theirs_headings}; footnotes {footnotes}"
    )


if __name__ == "__main__":
    main()
