"""The orchestrator and library API: extract -> resolve -> check, returning an AuditResult."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from refaudit.check import run_checks, select_rules
from refaudit.check.base import Rule, RuleContext
from refaudit.errors import InputError, ResolverError
from refaudit.model import (
    AuditResult,
    Document,
    DocumentResult,
    Reference,
    Resolution,
    SkippedInput,
)
from refaudit.settings import Settings

if TYPE_CHECKING:
    from refaudit.resolve import Resolver

Progress = Callable[[int], None]
# The entries of a document whose cited work's text (abstract) a check needs.
TextsWanted = Callable[[Document], Collection[int]]


def read_documents(
    paths: Sequence[str],
    stdin: bytes | None = None,
    errors: list[InputError] | None = None,
    *,
    keep: str | None = None,
) -> list[Document]:
    """Read every input (files, directories recursed, "-" for stdin) into Documents.

    With an `errors` list, an input that cannot be read (missing, a symlink loop, binary, or
    one that the parser failed on) is recorded there with its `path` and the others are still
    read; without one, the first such input raises. With `keep` (the cache folder), unchanged
    documents parsed by an earlier run are read from there.
    """
    from pathlib import Path

    from refaudit.extract import expand_paths, read_document

    folder = Path(keep).expanduser() if keep else None
    documents: list[Document] = []
    for path in expand_paths(paths, errors):
        try:
            data = stdin if path == "-" else None
            documents.append(read_document(path, data, keep=folder))
        except InputError as exc:
            if exc.path is None:
                exc.path = path
            if errors is None:
                raise
            errors.append(exc)
        except Exception as exc:  # a parser bug on one input must not lose the others
            failure = InputError(
                f"{path}: could not be parsed ({type(exc).__name__}: {exc})",
                hint="this is a bug in refaudit; please report it with the file",
                path=path,
            )
            if errors is None:
                raise
            errors.append(failure)
    return documents


def resolve_documents(
    documents: Sequence[Document],
    settings: Settings,
    progress: Progress | None = None,
    texts_wanted: TextsWanted | None = None,
) -> tuple[list[tuple[Resolution | None, ...]], str | None]:
    """Resolve every reference of every document in one concurrent batch.

    With `texts_wanted`, the works of the entries it names are given an abstract from the
    abstract sources where their record has none. Returns the resolutions per document and,
    when the services could not be reached at all, the reason (the caller still runs the
    offline checks).
    """
    from refaudit.resolve import Resolver

    refs: list[Reference] = [r for d in documents for r in d.references]
    empty: list[tuple[Resolution | None, ...]] = [
        tuple(None for _ in d.references) for d in documents
    ]
    if not refs:
        return empty, None
    try:
        with Resolver(settings) as resolver:
            flat = resolver.resolve(refs, progress)
            if texts_wanted is not None:
                flat = _with_texts(resolver, documents, flat, texts_wanted)
    except ResolverError as exc:
        return empty, exc.message
    out: list[tuple[Resolution | None, ...]] = []
    i = 0
    for d in documents:
        out.append(tuple(flat[i : i + len(d.references)]))
        i += len(d.references)
    return out, None


def _with_texts(
    resolver: Resolver,
    documents: Sequence[Document],
    flat: tuple[Resolution, ...],
    texts_wanted: TextsWanted,
) -> tuple[Resolution, ...]:
    """`flat` with the abstracts of the wanted entries' works added (see Resolver.add_texts)."""
    at: list[int] = []
    i = 0
    for d in documents:
        wanted = set(texts_wanted(d))
        at.extend(i + k for k, r in enumerate(d.references) if r.n in wanted)
        i += len(d.references)
    if not at:
        return flat
    refs = [r for d in documents for r in d.references]
    enriched = resolver.add_texts([refs[k] for k in at], [flat[k] for k in at])
    out = list(flat)
    for k, res in zip(at, enriched, strict=True):
        out[k] = res
    return tuple(out)


def check_document(
    document: Document,
    resolutions: tuple[Resolution | None, ...],
    rules: Sequence[type[Rule]],
    settings: Settings,
    offline: bool,
) -> DocumentResult:
    """Run the selected rules (minus this file's per-file ignores) over one document."""
    per_file = settings.ignores_for(document.path)
    if per_file:
        allowed = set(select_rules(settings.select, per_file))
        chosen = [r for r in rules if r in allowed]
    else:
        chosen = list(rules)
    ctx = RuleContext(
        document=document,
        resolutions=resolutions,
        offline=offline,
        vocabulary_files=settings.vocabulary,
    )
    from refaudit.extract.budget import ParseTimeout, budget_for, time_budget

    # Checking has the document's budget too: a hostile document gets a parse-timeout
    # finding (its reading rules only) and the other documents of the run go on.
    seconds = budget_for(sum(len(line) + 1 for line in document.lines))
    try:
        with time_budget(seconds):
            return DocumentResult(document, resolutions, run_checks(ctx, chosen))
    except ParseTimeout:
        stopped = replace(document, parse_timeout=seconds)
        ctx = replace(ctx, document=stopped)
        from refaudit.check.reading import RULES as READING

        reading = [r for r in chosen if r in READING]
        return DocumentResult(stopped, resolutions, run_checks(ctx, reading))


def audit(
    documents: Sequence[Document],
    settings: Settings,
    *,
    resolve: bool | None = None,
    progress: Progress | None = None,
    skipped: Sequence[InputError] = (),
) -> AuditResult:
    """Audit already-read documents: resolve their references (unless offline), then check.

    `skipped` are the inputs that could not be read: the result lists them and says why.
    """
    rules = select_rules(settings.select, settings.ignore)
    # Offline runs still resolve: the resolver answers from the cache and sends nothing.
    do_resolve = True if resolve is None else resolve
    unreachable: str | None = None
    if do_resolve:
        per_doc, unreachable = resolve_documents(
            documents, settings, progress, _texts_wanted(rules, settings)
        )
    else:
        per_doc = [tuple(None for _ in d.references) for d in documents]
    offline = settings.offline or not do_resolve or unreachable is not None
    results = tuple(
        check_document(d, res, rules, settings, offline)
        for d, res in zip(documents, per_doc, strict=True)
    )
    gone = tuple(SkippedInput(e.path or "", e.message) for e in skipped)
    result = AuditResult(documents=results, offline=offline, skipped=gone)
    notes = tuple(f"skipped {s.message}" for s in gone)
    if unreachable is not None:
        result = replace(result, unreachable=True, notes=(unreachable, *notes))
    elif notes:
        result = replace(result, notes=notes)
    return result


def _texts_wanted(rules: Sequence[type[Rule]], settings: Settings) -> TextsWanted | None:
    """What the selected rules need the cited works' text for (the claim check's entries)."""
    from refaudit.check.claims import ClaimMismatch, entries_needing_text

    if ClaimMismatch not in rules:
        return None
    return lambda document: entries_needing_text(document, settings.vocabulary)


def audit_paths(paths: Sequence[str], settings: Settings) -> AuditResult:
    """Library convenience: read `paths` and audit them."""
    return audit(read_documents(paths), settings)
