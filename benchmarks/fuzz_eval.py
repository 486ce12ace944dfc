"""Fuzz the command line with >= 2,000 mutated documents: tracebacks, lost documents, parse time.

Builds, in a temporary folder, mutations of the articles of ../shared/wild and ../shared/articles
(truncated, shuffled, random bytes, NUL bytes, invalid UTF-8, UTF-16 without BOM, lone CR,
zero-width and bidi characters, the list repeated 50 times, 1 MB lines, 10,000 nested brackets,
runs of "et al." / "A. B. C." / "10.1000/", a 5,000-entry list, ...) plus odd files (empty, binary
named .txt, a PDF named .md, broken and huge .bib, corrupt .docx, symlink loops, unreadable files,
a FIFO). Then:

1. times `read_document` on every file alone in a worker process (killed and restarted after
   --doc-timeout seconds), so each document's parse time is known;
2. runs `refaudit parse` and `refaudit check --offline` on batches of --batch files (subprocess,
   with --timeout), counting tracebacks and batches that lose a readable document (a file that
   parsed alone but is missing from the batch's JSON report);
3. prints the ten slowest documents (CPU time) with their sizes and their sources' sizes, and
   the slowest per MB; every document's figures go to benchmarks/out/fuzz_eval.json.

A document whose parse exceeds its budget gets a parse-timeout finding: it counts as readable,
and as lost only if a batch's report then leaves it out.

Run: nice -n 10 .venv/bin/python benchmarks/fuzz_eval.py [--sample N] [--seed 1]
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import json
import os
import random
import select
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
OUT = Path(__file__).resolve().parent / "out"
# Per-MB figures count smaller documents as this size: a fixed cost is not a slope.
FLOOR_MB = 0.1
BAD_UTF8 = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]
Mutator = Callable[[str, random.Random], bytes]

WORKER = r"""
import json, sys, time
from refaudit.errors import RefauditError
from refaudit.extract import build_document
from refaudit.extract import read_document
warm = ["Text (Smith, 2020).", "References", "Smith, J. (2020). A title. J. X, 1, 2."]
build_document("warm-up.txt", "text", warm)
for line in sys.stdin:
    path = line.rstrip("\n")
    t0, c0 = time.perf_counter(), time.process_time()
    status, refs = "ok", 0
    try:
        doc = read_document(path)
        refs = len(doc.references)
        if doc.parse_timeout is not None:
            status = "parse-timeout"  # reported with a finding: read, not lost
    except RefauditError as exc:
        status = "error: " + exc.message
    except Exception as exc:
        status = "crash: %s: %s" % (type(exc).__name__, exc)
    out = {
        "path": path,
        "seconds": time.perf_counter() - t0,
        "cpu": time.process_time() - c0,
        "status": status,
        "refs": refs,
    }
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
"""


# ---------------------------------------------------------------- mutations (text -> bytes)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _tail(text: str) -> str:
    """The last third of a document, where the reference list usually is."""
    lines = _lines(text)
    return "\n".join(lines[len(lines) * 2 // 3 :])


def truncated(text: str, rng: random.Random) -> bytes:
    data = _utf8(text)
    return data[: rng.randrange(1, max(2, len(data)))]


def shuffled_lines(text: str, rng: random.Random) -> bytes:
    lines = _lines(text)
    rng.shuffle(lines)
    return _utf8("\n".join(lines))


def shuffled_paragraphs(text: str, rng: random.Random) -> bytes:
    parts = text.split("\n\n")
    rng.shuffle(parts)
    return _utf8("\n\n".join(parts))


def random_bytes(text: str, rng: random.Random) -> bytes:
    data = bytearray(_utf8(text))
    for _ in range(max(1, len(data) // 100)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def nul_bytes(text: str, rng: random.Random) -> bytes:
    data = bytearray(_utf8(text))
    for _ in range(rng.randint(1, 20)):
        data.insert(rng.randrange(len(data)), 0)
    return bytes(data)


def invalid_utf8(text: str, rng: random.Random) -> bytes:
    data = bytearray(_utf8(text))
    for _ in range(rng.randint(1, 50)):
        data[rng.randrange(len(data)) : 0] = rng.choice(
            [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]
        )
    return bytes(data)


def utf16_le(text: str, rng: random.Random) -> bytes:
    return text.encode("utf-16-le")


def utf16_be(text: str, rng: random.Random) -> bytes:
    return text.encode("utf-16-be")


def utf16_bom(text: str, rng: random.Random) -> bytes:
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def cp1252(text: str, rng: random.Random) -> bytes:
    return text.encode("cp1252", errors="replace")


def lone_cr(text: str, rng: random.Random) -> bytes:
    return _utf8(text.replace("\n", "\r"))


def crlf(text: str, rng: random.Random) -> bytes:
    return _utf8(text.replace("\n", "\r\n"))


def zero_width(text: str, rng: random.Random) -> bytes:
    chars = list(text)
    for _ in range(len(chars) // 20):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice("\u200b\u200c\u200d\u2060\ufeff"))
    return _utf8("".join(chars))


def bidi(text: str, rng: random.Random) -> bytes:
    chars = list(text)
    for _ in range(len(chars) // 30):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice("\u202a\u202b\u202d\u202e\u2066"))
    return _utf8("".join(chars))


def list_repeated_50(text: str, rng: random.Random) -> bytes:
    return _utf8(text + ("\n" + _tail(text)) * 50)


def one_mb_line(text: str, rng: random.Random) -> bytes:
    line = " ".join(text.split())
    return _utf8((line + " ") * (1_000_000 // max(1, len(line)) + 1))[:1_000_000]


def one_mb_document(text: str, rng: random.Random) -> bytes:
    return _utf8((text + "\n") * (1_000_000 // max(1, len(text)) + 1))[:1_000_000]


def nested_brackets(text: str, rng: random.Random) -> bytes:
    open_, close = rng.choice([("(", ")"), ("[", "]"), ("{", "}")])
    return _utf8(text + "\n" + open_ * 10_000 + "x" + close * rng.choice([0, 10_000]) + "\n")


def _run(piece: str) -> Mutator:
    def mutate(text: str, rng: random.Random) -> bytes:
        lines = _lines(text)
        at = rng.randrange(len(lines))
        lines.insert(at, piece * rng.randint(2_000, 6_000))
        return _utf8("\n".join(lines))

    mutate.__name__ = "run_" + "".join(c for c in piece if c.isalnum())
    return mutate


def five_thousand_entries(text: str, rng: random.Random) -> bytes:
    entries = [ln for ln in _lines(_tail(text)) if len(ln) > 30] or ["Smith, J. (2020). A title."]
    body = "\n".join(f"{i + 1}. {entries[i % len(entries)]}" for i in range(5000))
    return _utf8(text + "\n\nReferences\n\n" + body + "\n")


def headings(text: str, rng: random.Random) -> bytes:
    lines = [ln for ln in _lines(text) if ln.strip()]
    out = [rng.choice(["# ", "## ", "", "References\n", "Bibliography\n"]) + ln for ln in lines]
    body = "\n".join(out)
    return _utf8((body + "\n") * (110_000 // max(1, len(body)) + 1))


def long_words(text: str, rng: random.Random) -> bytes:
    return _utf8(("".join(text.split()) + "\n") * rng.randint(1, 4))


def html_comments(text: str, rng: random.Random) -> bytes:
    out = [f"<!-- {ln} -->" if rng.random() < 0.8 else f"<!-- {ln}" for ln in _lines(text)]
    body = "\n".join(out)
    return _utf8((body + "\n") * (88_000 // max(1, len(body)) + 1))


def as_html(text: str, rng: random.Random) -> bytes:
    paras = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    return _utf8(f"<html><head><title>t</title></head><body>{paras}</body></html>")


def broken_html(text: str, rng: random.Random) -> bytes:
    tags = ["<div>", "<p", "</span>", "<script>", "<!--", "<![CDATA[", "<li>", "<table><tr><td>"]
    chars = list(text)
    for _ in range(len(chars) // 50):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(tags))
    return _utf8("".join(chars))


def control_chars(text: str, rng: random.Random) -> bytes:
    chars = list(text)
    for _ in range(len(chars) // 40):
        chars.insert(rng.randrange(len(chars) + 1), chr(rng.choice([1, 2, 7, 8, 11, 12, 27, 127])))
    return _utf8("".join(chars))


def astral(text: str, rng: random.Random) -> bytes:
    chars = list(text)
    for _ in range(len(chars) // 30):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice("😀𝔄𝕏\U0010fffd\u0301\u0338"))
    return _utf8("".join(chars))


def no_newlines(text: str, rng: random.Random) -> bytes:
    return _utf8(text.replace("\n", " "))


def blank_lines(text: str, rng: random.Random) -> bytes:
    return _utf8(text.replace("\n", "\n" + "\n" * rng.randint(1, 5)))


def docx(text: str, rng: random.Random) -> bytes:
    from docx import Document

    doc = Document()
    for para in text[: rng.choice([10_000, 30_000])].split("\n"):
        doc.add_paragraph(para)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def corrupt_docx(text: str, rng: random.Random) -> bytes:
    data = docx(text, rng)
    return data[: rng.randrange(10, len(data))]


def docx_without_body(text: str, rng: random.Random) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + text[:200])
    return buf.getvalue()


@dataclass(frozen=True)
class Mutation:
    mutate: Mutator
    suffix: str | None = None  # None keeps the source's suffix


MUTATIONS = [
    Mutation(truncated),
    Mutation(shuffled_lines),
    Mutation(shuffled_paragraphs),
    Mutation(random_bytes),
    Mutation(nul_bytes),
    Mutation(invalid_utf8),
    Mutation(utf16_le),
    Mutation(utf16_be),
    Mutation(utf16_bom),
    Mutation(cp1252),
    Mutation(lone_cr),
    Mutation(crlf),
    Mutation(zero_width),
    Mutation(bidi),
    Mutation(list_repeated_50),
    Mutation(one_mb_line, ".txt"),
    Mutation(one_mb_document),
    Mutation(nested_brackets),
    Mutation(_run("et al. ")),
    Mutation(_run("A. B. C. ")),
    Mutation(_run("10.1000/")),
    Mutation(_run("(Smith, 2020; ")),
    Mutation(_run("[1], ")),
    Mutation(_run("http://x.org/")),
    Mutation(five_thousand_entries),
    Mutation(headings, ".txt"),
    Mutation(long_words),
    Mutation(html_comments, ".md"),
    Mutation(as_html, ".html"),
    Mutation(broken_html, ".html"),
    Mutation(control_chars),
    Mutation(astral),
    Mutation(no_newlines),
    Mutation(blank_lines),
    Mutation(docx, ".docx"),
    Mutation(corrupt_docx, ".docx"),
    Mutation(docx_without_body, ".docx"),
]


# Mutations that keep a document's size (give or take): the ones chained in pairs.
SIZE_KEEPING = (
    truncated,
    shuffled_lines,
    shuffled_paragraphs,
    random_bytes,
    nul_bytes,
    invalid_utf8,
    utf16_le,
    cp1252,
    lone_cr,
    crlf,
    zero_width,
    bidi,
    broken_html,
    control_chars,
    astral,
    no_newlines,
    blank_lines,
)


# Mutations that make large documents (0.1 to 1 MB).
LARGE = (
    one_mb_line,
    one_mb_document,
    five_thousand_entries,
    list_repeated_50,
    headings,
    long_words,
    html_comments,
)


def bib_entries(n: int, rng: random.Random) -> str:
    out = []
    for i in range(n):
        out.append(
            f"@article{{key{i},\n  author = {{Smith, John and Doe, J{i % 26:c}ne}},\n"
            f"  title = {{A {{Study}} of thing {i}}},\n  journal = {{Journal {i % 7}}},\n"
            f"  year = {{{1950 + i % 70}}},\n  volume = {{{i % 40}}},\n"
            f"  pages = {{{i}--{i + 9}}},\n"
            f"  doi = {{10.1000/x{i}}}\n}}\n"
        )
    return "\n".join(out)


def odd_files(folder: Path, rng: random.Random) -> list[Path]:
    """Files no article should be, and paths that are not plain files."""
    made: dict[str, bytes] = {
        "empty.txt": b"",
        "empty.md": b"",
        "empty.bib": b"",
        "empty.docx": b"",
        "binary.txt": bytes(rng.randrange(256) for _ in range(20_000)),
        "zeros.md": b"\0" * 5000,
        "pdf.md": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n"
        + bytes(rng.randrange(256) for _ in range(5000)),
        "png.html": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(3000)),
        "text.docx": b"This is plain text in a .docx file.\n",
        "zip.docx": _zip_of({"a.txt": b"hello"}),
        "broken.bib": b"@article{a,\n title = {Unclosed {brace,\n year = 2020\n",
        "garbage.bib": bytes(rng.randrange(256) for _ in range(5000)),
        "huge.bib": bib_entries(10_000, rng).encode(),
        "bib-braces.bib": b"@misc{x, title = {" + b"{" * 10_000 + b"}" * 10_000 + b"}}\n",
        "bib-at.bib": b"@" * 50_000,
        "bib-nul.bib": bib_entries(20, rng).encode().replace(b"Journal", b"Jou\0rnal"),
    }
    paths = []
    for name, data in made.items():
        p = folder / name
        p.write_bytes(data)
        paths.append(p)
    loop_a, loop_b = folder / "loop-a.txt", folder / "loop-b.txt"
    loop_a.symlink_to(loop_b.name)
    loop_b.symlink_to(loop_a.name)
    dangling = folder / "dangling.md"
    dangling.symlink_to("does-not-exist.md")
    unreadable = folder / "unreadable.md"
    unreadable.write_text("# Title\n\nReferences\n\n1. Smith J. A title. 2020.\n")
    unreadable.chmod(0)
    directory = folder / "folder.md"
    directory.mkdir()
    fifo = folder / "fifo.txt"
    os.mkfifo(fifo)
    return [*paths, loop_a, loop_b, dangling, unreadable, directory, fifo]


def _zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def build_corpus(
    folder: Path, seed: int, compound: int, heavy_every: int, origin: dict[str, int]
) -> tuple[list[Path], list[Path]]:
    """The mutated documents and the odd files; `origin` gets each mutant's source size."""
    rng = random.Random(seed)
    sources = sorted(
        p
        for d in ("wild", "articles")
        for p in (SHARED / d).iterdir()
        if p.suffix in (".md", ".txt") and p.name != "MANIFEST.md"
    )
    paths: list[Path] = []
    for n, src in enumerate(sources):
        text = src.read_text(encoding="utf-8", errors="replace")
        # The large shapes (0.1-1 MB each) on every `heavy_every`-th source only: the same
        # shapes, a corpus small enough to run in minutes; other sources get more mixes.
        heavy = n % heavy_every == 0
        kept = [m for m in MUTATIONS if heavy or m.mutate not in LARGE]
        jobs = [(m.mutate.__name__, [m]) for m in kept]
        cheap = [m for m in MUTATIONS if m.mutate in SIZE_KEEPING]
        for i in range(compound + len(MUTATIONS) - len(kept)):
            pair = rng.sample(cheap, 2)
            jobs.append((f"mix{i}", pair))
        for name, chain in jobs:
            data = chain[0].mutate(text, rng)
            for m in chain[1:]:
                data = m.mutate(data.decode("utf-8", errors="replace"), rng)
            suffix = chain[-1].suffix or src.suffix
            path = folder / f"{src.stem}--{name}{suffix}"
            path.write_bytes(data)
            paths.append(path)
            origin[str(path)] = len(text.encode("utf-8"))
    return paths, odd_files(folder, rng)


# ---------------------------------------------------------------- measuring


def _size(path: str) -> int:
    """The file's size in bytes, read while the temporary folder still exists (0 if none)."""
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0


def time_documents(
    paths: list[Path], timeout: float, env: dict[str, str], log: io.TextIOBase | None = None
) -> dict[str, dict]:
    """Parse each file alone in a worker process; a worker stuck past `timeout` is killed.

    Each result is also written to `log` as it comes, so an interrupted run keeps its figures.
    """
    results: dict[str, dict] = {}
    todo = [str(p) for p in paths if p.name != "fifo.txt"]  # a FIFO blocks open() for ever
    while todo:
        proc = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert proc.stdin is not None and proc.stdout is not None
        while todo:
            path = todo[0]
            proc.stdin.write(path + "\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], timeout)
            line = proc.stdout.readline() if ready else ""
            todo.pop(0)
            if not line:
                proc.kill()
                proc.wait()
                results[path] = {
                    "path": path,
                    "seconds": timeout,
                    "cpu": timeout,
                    "status": "timeout",
                    "refs": 0,
                    "size": _size(path),
                }
                if log is not None:
                    log.write(json.dumps(results[path]) + "\n")
                break
            results[path] = json.loads(line)
            results[path]["size"] = _size(path)
            if log is not None:
                log.write(json.dumps(results[path]) + "\n")
                log.flush()
            if len(results) % 100 == 0:
                sys.stderr.write(f"  {len(results)} documents parsed alone\n")
        else:
            proc.stdin.close()
            proc.wait()
    return results


@dataclass
class BatchOutcome:
    command: str
    exit: int | None
    tracebacks: int
    lost: list[str]
    seconds: float


def run_batch(
    command: list[str], files: list[str], readable: set[str], timeout: float, env: dict[str, str]
) -> BatchOutcome:
    args = [sys.executable, "-m", "refaudit", *command, "--format", "json", "--", *files]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            args, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL
        )
        code: int | None = proc.returncode
        out, err = proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        code = None
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
    seconds = time.perf_counter() - t0
    reported: set[str] = set()
    with contextlib.suppress(ValueError, KeyError, TypeError):
        reported = {d["path"] for d in json.loads(out)["documents"]}
    tracebacks = err.count("Traceback") + err.count("internal error")
    lost = [f for f in files if f in readable and f not in reported]
    return BatchOutcome(command[0], code, tracebacks, lost, seconds)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compound", type=int, default=10, help="random mutation pairs per source")
    ap.add_argument("--heavy-every", type=int, default=4, help="large shapes on every Nth source")
    ap.add_argument("--sample", type=int, default=0, help="only this many files (0: all)")
    ap.add_argument("--batch", type=int, default=60)
    ap.add_argument("--timeout", type=float, default=300, help="wall seconds per batch, plus ...")
    ap.add_argument(
        "--cpu-factor", type=float, default=10, help="... this times its documents' CPU alone"
    )
    ap.add_argument("--doc-timeout", type=float, default=60, help="wall seconds per document alone")
    ap.add_argument("--no-check", action="store_true", help="skip the check --offline batches")
    args = ap.parse_args(argv)
    env = dict(os.environ, REFAUDIT_OFFLINE="1", NO_COLOR="1")
    with tempfile.TemporaryDirectory(prefix="refaudit-fuzz-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        env["REFAUDIT_CACHE_DIR"] = str(Path(tmp) / "cache")
        origin: dict[str, int] = {}
        mutated, odd = build_corpus(folder, args.seed, args.compound, args.heavy_every, origin)
        rng = random.Random(args.seed)
        if args.sample:
            mutated = rng.sample(mutated, max(0, min(len(mutated), args.sample - len(odd))))
        paths = mutated + odd
        # In random order, so that the documents done when a long run is cut are a fair sample.
        rng.shuffle(paths)
        total_mb = sum(p.lstat().st_size for p in paths) / 1e6
        sys.stdout.write(f"{len(paths)} documents ({total_mb:.1f} MB) in {folder}\n")
        t0 = time.perf_counter()
        OUT.mkdir(parents=True, exist_ok=True)
        with (OUT / "fuzz_eval-alone.jsonl").open("w") as log:
            timed = time_documents(paths, args.doc_timeout, env, log)
        sys.stdout.write(f"parsed alone in {time.perf_counter() - t0:.0f} s\n")
        (OUT / "fuzz_eval-batches.jsonl").write_text("")
        # A document over its parse budget is reported with a parse-timeout finding: read.
        readable = {p for p, r in timed.items() if r["status"] in ("ok", "parse-timeout")}
        crashes = [r for r in timed.values() if r["status"].startswith("crash")]
        timeouts = [r for r in timed.values() if r["status"] == "timeout"]
        files = [str(p) for p in paths]
        rng.shuffle(files)
        batches = [files[i : i + args.batch] for i in range(0, len(files), args.batch)]
        commands = [["parse"]] if args.no_check else [["parse"], ["check", "--offline"]]
        outcomes = []
        for cmd in commands:
            for i, b in enumerate(batches):
                # A batch is a hang only past --timeout plus --cpu-factor times the CPU its
                # documents took alone: a loaded machine stretches wall time (4x was seen), and
                # a slow document is no hang.
                alone = sum(timed[f]["cpu"] for f in b if f in timed)
                limit = args.timeout + args.cpu_factor * alone
                outcomes.append(run_batch(cmd, b, readable, limit, env))
                with (OUT / "fuzz_eval-batches.jsonl").open("a") as log:
                    log.write(json.dumps(vars(outcomes[-1])) + "\n")
                sys.stderr.write(f"  {cmd[0]} batch {i + 1}/{len(batches)}\n")
    tracebacks = sum(o.tracebacks for o in outcomes) + len(crashes)
    losing = [o for o in outcomes if o.lost]
    hung = [o for o in outcomes if o.exit is None]
    sys.stdout.write(
        f"documents: {len(paths)}; readable alone: {len(readable)}; "
        f"crashed alone: {len(crashes)}; over {args.doc_timeout:.0f} s alone: {len(timeouts)}\n"
        f"batches: {len(outcomes)} ({len(batches)} x {len(commands)} commands); "
        f"tracebacks: {tracebacks}; batches losing a readable document: {len(losing)} "
        f"({sum(len(o.lost) for o in losing)} documents); batches timed out: {len(hung)}\n"
    )
    for r in crashes[:10]:
        sys.stdout.write(f"  crash: {Path(r['path']).name}: {r['status']}\n")

    timeouts_parse = [r for r in timed.values() if r["status"] == "parse-timeout"]
    sys.stdout.write(f"parse-timeout findings (reported, not lost): {len(timeouts_parse)}\n")

    def per_mb(r: dict) -> float:
        # CPU seconds: on a shared, loaded machine wall time measures the neighbours.
        return float(r["cpu"]) / max(r["size"] / 1e6, FLOOR_MB)

    slow = sorted(timed.values(), key=lambda r: r["cpu"], reverse=True)[:10]
    sys.stdout.write(
        "ten slowest documents (parsed alone; CPU s, wall s, size, source size, CPU s/MB):\n"
    )
    for r in slow:
        source = origin.get(r["path"])
        before = f"{source / 1e3:8.1f} KB" if source is not None else "       -   "
        sys.stdout.write(
            f"  {r['cpu']:7.2f} s {r['seconds']:7.2f} s  {r['size'] / 1e3:8.1f} KB  {before}  "
            f"{per_mb(r):7.2f} s/MB  {Path(r['path']).name}  [{r['status'][:40]}]\n"
        )
    ranked = sorted(timed.values(), key=per_mb, reverse=True)
    worst = per_mb(ranked[0]) if ranked else 0.0
    sys.stdout.write(
        f"slowest per MB (CPU; documents under {FLOOR_MB * 1000:.0f} KB counted as "
        f"{FLOOR_MB * 1000:.0f} KB): {worst:.2f} s/MB"
        + (f" ({Path(ranked[0]['path']).name})" if ranked else "")
        + "\n"
    )
    over = [r for r in ranked if per_mb(r) >= 2]
    sys.stdout.write(f"documents at or over 2 s/MB: {len(over)} of {len(timed)}\n")
    for r in timed.values():
        r["source_size"] = origin.get(r["path"])
    (OUT / "fuzz_eval.json").write_text(json.dumps(sorted(timed.values(), key=per_mb), indent=1))
    ok = tracebacks == 0 and not losing and not hung and worst < 2
    sys.stdout.write(
        "within target\n" if ok else "OUTSIDE TARGET (0 tracebacks, 0 lost, < 2 s/MB)\n"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
