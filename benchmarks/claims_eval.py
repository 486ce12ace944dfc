"""Claim check (RA501 claim-mismatch) on citing sentences written against real abstracts.

Reads `../shared/claims` (articles dev-NN.md, records/*.json, truth.json, items.jsonl), serves the
records from a local Crossref stand-in, audits every article with the claim rule and compares the
findings with truth.json per entry. Prints, per label and kind: contradictions found
(`contradiction-term` per type, `contradiction-other`), and false alarms on `consistent` sentences;
then the same for the reversed-direction rule (claim-reversed) on a separate line, and both rules
together. `--speed` times the warm run in CPU seconds (time.process_time: the machine is shared),
each run with refaudit's in-process memos emptied, and the vocabularies' load on its own.

Run: `.venv/bin/python benchmarks/claims_eval.py [--articles dev-01.md,dev-02.md]`
Writes `benchmarks/out/claims_eval.json` with every miss and every false alarm.
The stand-in is `benchmarks/xref_standin.py`.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from refaudit.audit import audit, check_document, read_documents, resolve_documents  # noqa: E402
from refaudit.check import select_rules  # noqa: E402
from refaudit.check.claims import load_vocabulary  # noqa: E402
from refaudit.resolve import http  # noqa: E402
from refaudit.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared" / "claims"
OUT = ROOT / "benchmarks" / "out"
TYPES = ("substance", "organism", "population", "condition", "design", "code", "number")


def start_standin(folder: Path) -> tuple[str, Callable[[], None]]:
    """The shared loopback Crossref stand-in (benchmarks/xref_standin.py) serving `folder`."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import xref_standin

    server = xref_standin.StandIn(folder)
    return server.start(), server.stop


def _fast_limits() -> None:
    # The stand-in is on loopback: Crossref's published limits would only make this slow.
    for pool in (http.Pool.SINGLE, http.Pool.QUERY, http.Pool.DOI):
        http.POLITE_LIMITS[pool] = http.Limits(1000.0, 8)


def run(articles: list[str], url: str, rules: tuple[str, ...]) -> tuple[dict[str, Any], float]:
    settings = Settings(
        mailto="bench@example.org",
        crossref_url=url,
        doi_url=url,
        use_cache=False,
        select=rules,
    )
    docs = read_documents([str(SHARED / a) for a in articles])
    t0 = time.perf_counter()
    result = audit(docs, settings)
    elapsed = time.perf_counter() - t0
    found: dict[str, Any] = {}
    for dr in result.documents:
        name = Path(dr.document.path).name
        found[name] = [
            {"n": f.reference, "message": f.message, "line": f.line, "rule": f.rule}
            for f in dr.findings
            if f.rule in ("claim-mismatch", "claim-reversed")
        ]
    return found, elapsed


def _forget() -> None:
    """Empty refaudit's in-process memos (lru_cache), as a fresh process has them; the loaded
    models and vocabularies stay (loaded once per process: timed apart, see `vocabulary_load`)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("refaudit"):
            continue
        for value in list(vars(module).values()):
            fn = getattr(value, "__wrapped__", None)
            if not hasattr(value, "cache_clear") or fn is None:
                continue
            if "load" in fn.__name__ or not inspect.signature(fn).parameters:
                continue
            value.cache_clear()


def vocabulary_load() -> float:
    """CPU seconds to load the shipped vocabularies (the first claim check of a process)."""
    load_vocabulary.cache_clear()
    t0 = time.process_time()
    load_vocabulary(())
    return time.process_time() - t0


def speed(articles: list[str], url: str, rounds: int = 5) -> tuple[float, float, float]:
    """CPU seconds (best of `rounds`) of a warm run (read, parse, check; the resolutions
    already at hand) with every rule, with every rule but the claim rules, and of the claim
    rules alone on the parsed documents. Every run starts with refaudit's memos empty, so
    that no run reuses what an earlier one found."""
    settings = Settings(mailto="bench@example.org", crossref_url=url, doi_url=url, use_cache=False)
    paths = [str(SHARED / a) for a in articles]
    resolved, _ = resolve_documents(read_documents(paths), settings)
    load_vocabulary(())
    claim_rules = ("claim-mismatch", "claim-text-missing", "claim-reversed")
    arms = {
        "all": select_rules(("ALL",), ()),
        "without": select_rules(("ALL",), claim_rules),
        "claims": select_rules(claim_rules, ()),
    }
    best = dict.fromkeys(arms, float("inf"))
    order = list(arms)
    for k in range(rounds):
        for arm in order[k % 3 :] + order[: k % 3]:  # each arm first in turn
            rules = arms[arm]
            _forget()
            gc.collect()
            docs = read_documents(paths) if arm == "claims" else []
            t0 = time.process_time()
            for doc, res in zip(docs or read_documents(paths), resolved, strict=True):
                check_document(doc, res, rules, settings, offline=False)
            best[arm] = min(best[arm], time.process_time() - t0)
    return best["all"], best["without"], best["claims"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", default="", help="comma-separated article files")
    parser.add_argument("--data", default="", help="the claims folder (../shared/claims)")
    parser.add_argument("--speed", action="store_true", help="also time audits with/without it")
    args = parser.parse_args()
    global SHARED
    SHARED = Path(args.data) if args.data else SHARED
    truth = json.loads((SHARED / "truth.json").read_text(encoding="utf-8"))
    items = {
        json.loads(line)["id"]: json.loads(line)
        for line in (SHARED / "items.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    wanted = [a for a in args.articles.split(",") if a]
    articles = [a["file"] for a in truth["articles"] if not wanted or a["file"] in wanted]
    _fast_limits()
    url, stop = start_standin(SHARED / "records")
    try:
        found, elapsed = run(articles, url, ("claim-mismatch", "claim-reversed"))
        timing = speed(articles, url) if args.speed else None
        loading = vocabulary_load() if args.speed else None
    finally:
        stop()
    totals: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    by_rule: Counter[tuple[str, str]] = Counter()  # (rule or "both", label): entries found
    misses: list[dict[str, Any]] = []
    alarms: list[dict[str, Any]] = []
    for article in truth["articles"]:
        if article["file"] not in articles:
            continue
        by_n: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for f in found.get(article["file"], []):
            by_n[f["n"]].append(f)
        for ref in article["references"]:
            label, kind = ref.get("label", ""), ref.get("kind", "")
            key = (label, kind if label != "contradiction-other" else "all")
            totals[key] += 1
            got = by_n.get(ref["n"], [])
            for rule in {g["rule"] for g in got}:
                by_rule[(rule, label)] += 1
            if got:
                by_rule[("both", label)] += 1
            got = [g for g in got if g["rule"] == "claim-mismatch"]
            item = items.get(ref.get("item", ""), {})
            row = {
                "article": article["file"],
                "n": ref["n"],
                "kind": kind,
                "sentence": item.get("sentence", ""),
                "detail": item.get("detail", ""),
                "findings": [g["message"] for g in got],
            }
            if ref["expected"]:
                if got:
                    hits[key] += 1
                else:
                    misses.append(row)
            elif got:
                hits[key] += 1
                alarms.append(row)
    print(f"claim-mismatch on {len(articles)} articles ({elapsed:.1f} s)")
    print(f"{'label':<22} {'kind':<12} {'found':>7} {'of':>4} {'rate':>6}")
    term_hits = term_total = 0
    for label in ("contradiction-term", "contradiction-other", "consistent"):
        kinds = sorted({k for lab, k in totals if lab == label})
        for kind in kinds:
            n, h = totals[(label, kind)], hits[(label, kind)]
            print(f"{label:<22} {kind:<12} {h:>7} {n:>4} {h / n if n else 0:>6.2f}")
            if label == "contradiction-term":
                term_hits, term_total = term_hits + h, term_total + n
    cons = sum(n for (lab, _), n in totals.items() if lab == "consistent")
    false = sum(h for (lab, _), h in hits.items() if lab == "consistent")
    other = hits[("contradiction-other", "all")], totals[("contradiction-other", "all")]
    print(
        f"contradiction-term: {term_hits}/{term_total}; contradiction-other: {other[0]}/{other[1]}"
    )
    print(f"false alarms: {false}/{cons} consistent ({false / cons if cons else 0:.1%})")
    labels = ("contradiction-term", "contradiction-other", "consistent")
    n_label = {lab: sum(n for (lb, _), n in totals.items() if lb == lab) for lab in labels}
    for rule in ("claim-reversed", "both"):
        shown = "claim-reversed (reversed direction)" if rule == "claim-reversed" else "both rules"
        parts = [f"{lab} {by_rule[(rule, lab)]}/{n_label[lab]}" for lab in labels[:2]]
        parts.append(f"false alarms {by_rule[(rule, 'consistent')]}/{n_label['consistent']}")
        print(f"{shown}: " + ", ".join(parts))
    if timing is not None:
        with_claims, without, alone = timing
        print(
            f"all rules: {with_claims:.2f} s CPU; without the claim rules: {without:.2f} s CPU "
            f"(+{(with_claims - without) / without:.0%}); the claim rules alone: {alone:.2f} s "
            f"CPU ({alone / without:.0%} of the run without them); vocabularies loaded in "
            f"{loading or 0:.2f} s CPU"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "claims_eval.json").write_text(
        json.dumps({"misses": misses, "false_alarms": alarms}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
