"""Precision of the checks: clean renders stay silent, planted errors are found once.

1. Clean renders: citeproc renders of `../shared/xref/records` in many styles
   (`../shared/xref/strings.jsonl`, kind "generated") are parsed, resolved against a local
   stand-in serving the same records, and checked; every warning and error on these correct
   references is a false alarm (counted per style, each one listed in the output file).
2. Planted errors: one error planted per entry of an APA/Vancouver-like render (year +-1 and
   off by more, misspelt / missing author, swapped author order, wrong / truncated title,
   wrong journal, wrong volume / issue / pages, truncated pages, DOI of the neighbouring paper,
   made-up DOI, made-up entry). Recall at warning level with the expected rule and fix; and
   the entries with any other warning.

Run: `.venv/bin/python benchmarks/precision_eval.py [--records 120] [--seed 7]`
Writes `benchmarks/out/precision_eval.json` with every false alarm and every miss.
The stand-in is `benchmarks/xref_standin.py` when present, else an equivalent loopback
server built on the tests' replay server (tests/replay.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# PRECISION_EVAL_SRC=DIR measures another source tree (e.g. an older commit's src/, for the
# "before" figure) with the same sample and the same plants.
sys.path.insert(0, os.environ.get("PRECISION_EVAL_SRC") or str(ROOT / "src"))
sys.path.insert(1, str(ROOT))  # tests/replay.py: the loopback stand-in

from tests.replay import FixtureServer, _tokens  # noqa: E402

from refaudit.check import run_checks, select_rules  # noqa: E402
from refaudit.check.base import RuleContext  # noqa: E402
from refaudit.compare import fold  # noqa: E402
from refaudit.extract.fields import parse_reference  # noqa: E402
from refaudit.model import Document, Finding, Reference, Resolution, Severity  # noqa: E402
from refaudit.resolve import Resolver, http  # noqa: E402
from refaudit.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared" / "xref"
OUT = ROOT / "benchmarks" / "out"
CLEAN_STYLES = (
    "apa",
    "chicago-author-date",
    "modern-language-association",
    "harvard3",
    "ieee",
    "american-chemical-society",
    "american-institute-of-physics",
    "elsevier-without-titles",
)
# Planted errors go into styles that print titles: without a title no search can confirm the
# work, and the clean run already measures those styles.
PLANT_STYLES = ("apa", "chicago-author-date", "modern-language-association", "ieee", "harvard3")
# Rules about the reference list against its registered works; the citation rules need an
# article text around the list, which renders do not have.
SELECT = ("RA101", "RA102", "RA103", "RA104", "RA108", "RA2", "RA3", "RA4")


# --- the stand-in ----------------------------------------------------------------------------


class _RecordServer(FixtureServer):
    """Serves the xref records (message-only files) as /works/{doi} and as a search index."""

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        self._records = records
        super().__init__(ROOT / "benchmarks" / "out" / "nonexistent")

    def _load_works(self) -> dict[str, dict[str, Any]]:
        return {
            doi: {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": m}
            for doi, m in self._records.items()
        }

    def _bag(self, message: dict[str, Any]) -> set[str]:
        return _cached_bag(str(message["DOI"]).lower(), self)

    def search(self, query: str, rows: int) -> dict[str, Any]:
        wanted = set(_tokens(query))
        counts: Counter[str] = Counter()
        for token in wanted:
            for doi in _index(self).get(token, ()):
                counts[doi] += 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:rows]
        items = [
            {**self._records[doi], "score": round(n * 7.5 / max(1, len(wanted)) ** 0.5, 3)}
            for doi, n in ranked
        ]
        return {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {"total-results": len(counts), "items": items, "items-per-page": rows},
        }


@cache
def _index(server: _RecordServer) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for doi, data in server._works.items():
        for token in FixtureServer._bag(server, data["message"]):
            index[token].append(doi)
    return index


@cache
def _cached_bag(doi: str, server: _RecordServer) -> set[str]:
    return FixtureServer._bag(server, server._works[doi]["message"])


def load_records() -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    for path in sorted((SHARED / "records").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        message = {k: v for k, v in data.items() if not k.startswith("_")}
        records[str(message["DOI"]).lower()] = message
    return records


@dataclass
class StandIn:
    url: str
    stop: Callable[[], None]


def start_standin(records: dict[str, dict[str, Any]]) -> StandIn:
    """The shared stand-in (benchmarks/xref_standin.py, BM25 like Crossref's index) when
    present, else refaudit's own replay server over the same records."""
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import xref_standin

        server = xref_standin.StandIn(records)
        return StandIn(server.start(), server.stop)
    except (ImportError, AttributeError):
        fallback = _RecordServer(records)
        url = fallback.start()
        return StandIn(url, fallback.stop)


def _fast_limits() -> None:
    # The stand-in is on loopback: Crossref's published limits would only make this slow.
    for pool in (http.Pool.SINGLE, http.Pool.QUERY, http.Pool.DOI):
        http.POLITE_LIMITS[pool] = http.Limits(1000.0, 8)


# --- running refaudit ----------------------------------------------------------------------


def audit(strings: list[str], url: str, path: str) -> tuple[list[Finding], list[Resolution]]:
    refs = [
        Reference(n=i + 1, line=i + 1, raw=s, fields=parse_reference(s))
        for i, s in enumerate(strings)
    ]
    settings = Settings(mailto="bench@example.org", crossref_url=url, doi_url=url, use_cache=False)
    with Resolver(settings, backoff=0.01) as resolver:
        resolutions = list(resolver.resolve(refs))
    document = Document(path=path, format="text", lines=tuple(strings), references=tuple(refs))
    ctx = RuleContext(document=document, resolutions=tuple(resolutions), offline=False)
    return list(run_checks(ctx, select_rules(SELECT))), resolutions


def _serious(f: Finding) -> bool:
    return f.severity.rank >= Severity.WARNING.rank


# --- clean renders -----------------------------------------------------------------------


def clean_strings(records: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """doi -> style -> render, for clean styles, non-excluded sets and non-bare strings."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    with (SHARED / "strings.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            doi = (d.get("doi") or "").lower()
            if (
                d["kind"] != "generated"
                or d["style"] not in CLEAN_STYLES
                or d.get("excluded")
                or d.get("bare")
                or doi not in records
            ):
                continue
            out[doi].setdefault(d["style"], d["ref_string"])
    return out


_SYNTHETIC_KINDS = frozenset({"webpage", "report", "software", "dataset"})


def citeproc_renders(path: Path, records: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """doi -> style -> render from benchmarks/render_refs.py's output (52 CSL styles), without
    the renders it added noise to, for the records the stand-in serves."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            doi = str(d["id"]).split("|")[0].lower()
            # render_refs.py turns some journal records into web pages, reports, software
            # and datasets with made-up publishers: those renders do not describe the
            # registered work the stand-in serves, so they are no correct references of it.
            if d.get("noise") or doi not in records or d.get("type") in _SYNTHETIC_KINDS:
                continue
            out[doi].setdefault(d["style"], d["raw"])
    return out


def run_clean(
    sample: list[str],
    renders: dict[str, dict[str, str]],
    url: str,
    styles: tuple[str, ...] = CLEAN_STYLES,
) -> dict[str, Any]:
    per_style: dict[str, Any] = {}
    for style in styles:
        dois = [d for d in sample if style in renders[d]]
        strings = [renders[d][style] for d in dois]
        if not strings:
            continue
        findings, resolutions = audit(strings, url, style)
        serious = [f for f in findings if _serious(f)]
        statuses = Counter(r.status.value for r in resolutions)
        per_style[style] = {
            "entries": len(strings),
            "warnings": sum(f.severity is Severity.WARNING for f in serious),
            "errors": sum(f.severity is Severity.ERROR for f in serious),
            "by_rule": dict(Counter(f.rule for f in serious)),
            "resolutions": dict(statuses),
            "false_alarms": [
                {
                    "rule": f.rule,
                    "severity": f.severity.value,
                    "message": f.message,
                    "entry": strings[(f.reference or 1) - 1],
                    "doi": dois[(f.reference or 1) - 1],
                }
                for f in serious
            ],
        }
    return per_style


# --- planted errors ------------------------------------------------------------------------


@dataclass
class Plant:
    kind: str
    text: str
    rule: str | tuple[str, ...]
    fix: str | None  # a value the fix must contain (folded); None: no fix expected


def _title(m: dict[str, Any]) -> str:
    return str((m.get("title") or [""])[0])


def _find(text: str, value: str, avoid: str = "") -> int:
    """Index of `value` in `text` (case-insensitive, whole token), outside `avoid`."""
    lo = text.lower()
    skip = (lo.find(avoid.lower()), len(avoid)) if avoid else (-1, 0)
    for m in re.finditer(rf"(?<![\w]){re.escape(value.lower())}(?![\w])", lo):
        if skip[0] >= 0 and skip[0] <= m.start() < skip[0] + skip[1]:
            continue
        return m.start()
    return -1


def _blank(text: str, part: str) -> str:
    """`text` with `part` overwritten by spaces (same length, so indexes stay valid)."""
    return text.replace(part, " " * len(part)) if part else text


def _swap(text: str, at: int, old: str, new: str) -> str:
    return text[:at] + new + text[at + len(old) :]


def _misspell(word: str) -> str:
    if len(word) < 5:
        return word + word[-1]
    i = len(word) // 2
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def plants(doi: str, text: str, m: dict[str, Any], other: dict[str, Any]) -> Iterator[Plant]:
    """Every error that can be planted in this render of record `m`."""
    title = _title(m)
    year = str(((m.get("issued") or {}).get("date-parts") or [[None]])[0][0] or "")
    authors = [a for a in m.get("author", []) if a.get("family")]
    container = str((m.get("container-title") or [""])[0])
    if year and (at := _find(_blank(text, container), year, title)) >= 0:
        yield Plant("year+1", _swap(text, at, year, str(int(year) + 1)), "year-mismatch", year)
        yield Plant("year-6", _swap(text, at, year, str(int(year) - 6)), "year-mismatch", year)
    if authors and len(authors[0]["family"]) >= 4:
        fam = authors[0]["family"]
        if (at := _find(text, fam, title)) >= 0:
            typo = _misspell(text[at : at + len(fam)])
            yield Plant("author-misspelt", _swap(text, at, fam, typo), "author-mismatch", fam)
    if len(authors) >= 3:
        a2, a3 = authors[1]["family"], authors[2]["family"]
        i2, i3 = _find(text, a2, title), _find(text, a3, title)
        if 0 < i2 < i3 and a2.lower() not in a3.lower():
            start = i2
            before = re.search(r"(?:[A-Z][\w.]*[\s.-]+){1,3}$", text[max(0, i2 - 12) : i2])
            if before and re.match(r"[A-Z]", authors[1].get("given", "") or "-"):
                start = i2 - len(before.group(0))
            before3 = re.search(r"(?:[A-Z][\w.]*[\s.-]+){1,3}$", text[max(0, i3 - 12) : i3])
            end = i3 - len(before3.group(0)) if before3 and start < i2 else i3
            if start < end:
                yield Plant("author-missing", text[:start] + text[end:], "author-mismatch", a2)
    if len(authors) >= 2:
        a1, a2 = authors[0]["family"], authors[1]["family"]
        i1, i2 = _find(text, a1, title), _find(text, a2, title)
        if 0 <= i1 < i2 and fold(a1) != fold(a2):
            swapped = text[:i1] + text[i2 : i2 + len(a2)] + text[i1 + len(a1) : i2]
            swapped += text[i1 : i1 + len(a1)] + text[i2 + len(a2) :]
            yield Plant("author-order", swapped, "author-mismatch", a1)
    words = title.split()
    if len(words) >= 6 and (at := text.find(title)) >= 0:
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        changed = [*words[:longest], "Placebo", *words[longest + 1 :]]
        yield Plant(
            "title-wrong", _swap(text, at, title, " ".join(changed)), "title-mismatch", title
        )
        head = " ".join(words[: max(3, len(words) // 2)])
        cut = head.rstrip(":;,.")
        # A cut at the subtitle's separator leaves the main title, which is the same title
        # (issue 10, item 2): no error to plant there.
        at_subtitle = re.match(r"\s*[:;.?!–—]|\s+-\s", title[len(head) :])
        if not re.search(r"[:?.]$", head) and not at_subtitle:
            yield Plant(
                "title-truncated",
                _swap(text, at, title, cut),
                ("title-mismatch", "incomplete-reference"),
                title,
            )
    other_container = str((other.get("container-title") or [""])[0])
    journal = m.get("type") == "journal-article"
    differs = bool(container and other_container) and fold(container) != fold(other_container)
    if journal and differs and (at := text.find(container)) >= 0:
        yield Plant(
            "venue-wrong",
            _swap(text, at, container, other_container),
            "venue-mismatch",
            container,
        )
    for key, bump in (("volume", 3), ("issue", 2)):
        value = str(m.get(key) or "")
        if value.isdigit() and (at := _find(text, value, title)) >= 0:
            yield Plant(
                f"{key}-wrong",
                _swap(text, at, value, str(int(value) + bump)),
                "locator-mismatch",
                value,
            )
    page = str(m.get("page") or "")
    first, _, last = page.partition("-")
    if first.isdigit() and (at := _find(text, first, title)) >= 0:
        yield Plant(
            "pages-wrong", _swap(text, at, first, str(int(first) + 40)), "locator-mismatch", first
        )
        if last.isdigit() and (at := text.find(page.replace("-", "–"))) >= 0:
            yield Plant(
                "pages-truncated",
                _swap(text, at, page.replace("-", "–"), f"{first}–"),
                "incomplete-reference",
                page.split("-")[0],
            )
    if str(other.get("DOI")):
        yield Plant(
            "doi-neighbour",
            f"{text} https://doi.org/{other['DOI']}",
            "wrong-doi",
            doi,
        )
    yield Plant("doi-madeup", f"{text} https://doi.org/{doi}x9", "unknown-doi", doi)


def madeup(rng: random.Random, n: int) -> Plant:
    words = ["quantum", "lattice", "willow", "sediment", "harmonic", "turbine", "orchid"]
    words += ["cobalt", "migration", "verbal", "ferment", "glacier", "protocol", "lantern"]
    title = " ".join(rng.sample(words, 6)).capitalize()
    text = (
        f"Zyxwerth, Q., & Plimbat, R. ({rng.randint(1990, 2020)}). {title}. "
        f"Journal of Improbable Findings, {rng.randint(2, 80)}({rng.randint(1, 6)}), "
        f"{n}01–{n}09."
    )
    return Plant("made-up-entry", text, "not-found", None)


def _neighbour(doi: str, records: dict[str, dict[str, Any]], rng: random.Random) -> str:
    m = records[doi]
    container = fold(str((m.get("container-title") or [""])[0]))
    same = [
        d
        for d, o in records.items()
        if d != doi and fold(str((o.get("container-title") or [""])[0])) == container
    ]
    pool = same or list(records)
    return rng.choice(sorted(pool))


def run_planted(
    sample: list[str],
    renders: dict[str, dict[str, str]],
    records: dict[str, dict[str, Any]],
    url: str,
    rng: random.Random,
) -> dict[str, Any]:
    cases: list[tuple[str, Plant]] = []
    kinds_seen: Counter[str] = Counter()
    for i, doi in enumerate(sample):
        style = PLANT_STYLES[i % len(PLANT_STYLES)]
        text = renders[doi].get(style) or renders[doi].get("apa")
        if not text:
            continue
        other = records[_neighbour(doi, records, rng)]
        options = list(plants(doi, text, records[doi], other))
        if not options:
            continue
        # Prefer the kinds planted least so far, so that every kind gets entries.
        options.sort(key=lambda p: (kinds_seen[p.kind], rng.random()))
        chosen = options[0]
        kinds_seen[chosen.kind] += 1
        cases.append((doi, chosen))
    for n in range(max(3, len(sample) // 15)):
        cases.append(("", madeup(rng, n + 1)))
    findings, _ = audit([p.text for _, p in cases], url, "planted")
    by_entry: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.reference is not None and _serious(f):
            by_entry[f.reference].append(f)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    for n, (doi, plant) in enumerate(cases, start=1):
        wanted = (plant.rule,) if isinstance(plant.rule, str) else plant.rule
        got = by_entry.get(n, [])
        hit = [f for f in got if f.rule in wanted]
        fix_ok = any(
            (plant.fix is None and f.fix is None)
            or (plant.fix is not None and f.fix is not None and fold(plant.fix) in fold(f.fix))
            for f in hit
        )
        others = [f for f in got if f.rule not in wanted]
        c = per_kind[plant.kind]
        c["planted"] += 1
        c["found"] += bool(hit)
        c["found_with_fix"] += bool(hit) and fix_ok
        c["other_warnings"] += bool(others)
        if not (hit and fix_ok) or others:
            misses.append(
                {
                    "kind": plant.kind,
                    "doi": doi,
                    "entry": plant.text,
                    "findings": [f"{f.rule}: {f.message} [fix {f.fix}]" for f in got],
                }
            )
    total = Counter[str]()
    for c in per_kind.values():
        total.update(c)
    return {
        "per_kind": {k: dict(v) for k, v in sorted(per_kind.items())},
        "total": dict(total),
        "recall_with_fix": round(total["found_with_fix"] / max(1, total["planted"]), 3),
        "recall": round(total["found"] / max(1, total["planted"]), 3),
        "entries_with_other_warnings": total["other_warnings"],
        "misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=120, help="records sampled")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-clean", action="store_true")
    parser.add_argument("--no-planted", action="store_true")
    parser.add_argument(
        "--renders",
        type=Path,
        help="clean renders from benchmarks/render_refs.py's output (e.g. benchmarks/out/"
        "renders.jsonl: 52 CSL styles) instead of the xref strings' 8 styles",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    records = load_records()
    renders = clean_strings(records)
    eligible = sorted(d for d, r in renders.items() if len(r) >= 6)
    sample = rng.sample(eligible, min(args.records, len(eligible)))
    _fast_limits()
    standin = start_standin(records)
    report: dict[str, Any] = {"records": len(sample), "seed": args.seed}
    try:
        if not args.no_clean and args.renders:
            many = citeproc_renders(args.renders, records)
            picked = rng.sample(sorted(many), min(args.records, len(many)))
            styles = tuple(sorted({s for d in picked for s in many[d]}))
            report["clean"] = run_clean(picked, many, standin.url, styles)
        elif not args.no_clean:
            report["clean"] = run_clean(sample, renders, standin.url)
        if not args.no_planted:
            report["planted"] = run_planted(sample, renders, records, standin.url, rng)
    finally:
        standin.stop()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "precision_eval.json").write_text(
        json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    if "clean" in report:
        print("clean renders: warnings / errors per style (target 0)")
        for style, r in report["clean"].items():
            print(
                f"  {style:32} {r['entries']:4} entries  {r['warnings']:3} warnings  "
                f"{r['errors']:3} errors  {r['by_rule']}"
            )
        total = sum(r["warnings"] + r["errors"] for r in report["clean"].values())
        entries = sum(r["entries"] for r in report["clean"].values())
        print(f"  total {total} warnings+errors on {entries} correct references")
    if "planted" in report:
        p = report["planted"]
        print("planted errors: found with the expected rule (and fix) / planted")
        for kind, c in p["per_kind"].items():
            print(
                f"  {kind:18} {c.get('found_with_fix', 0):3} ({c.get('found', 0)}) / "
                f"{c['planted']:3}   other warnings on {c.get('other_warnings', 0)}"
            )
        print(
            f"  recall with fix {p['recall_with_fix']}, with rule {p['recall']}; "
            f"entries with another warning: {p['entries_with_other_warnings']}"
        )
    print(f"({time.monotonic() - started:.0f} s; details in {OUT / 'precision_eval.json'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
