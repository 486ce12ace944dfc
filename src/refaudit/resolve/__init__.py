"""Resolve references against Crossref and doi.org: Reference -> Resolution (all network code)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from types import TracebackType

from refaudit.compare import fields_text
from refaudit.doi import DOI_PATTERN, normalize_doi
from refaudit.errors import ResolverError
from refaudit.model import Candidate, ParsedFields, Reference, Resolution, ResolutionStatus, Work
from refaudit.resolve import crossref, doiorg, match, versions
from refaudit.resolve.http import HttpClient, HttpFailure, NotCached
from refaudit.resolve.sources import IdentifierHit, Sources
from refaudit.settings import Settings

__all__ = ["Resolver", "ResolverStats"]

log = logging.getLogger(__name__)
MIN_QUERY_WORDS = 3
MAX_QUERY_CHARS = 600
MAX_WORKERS = 12  # threads waiting on the rate limiter; the limiter decides what is in flight


@dataclass(frozen=True, slots=True)
class ResolverStats:
    """Requests that went to the network, answers served from the cache, retries, failures."""

    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    max_in_flight: int = 0


class Resolver:
    """Resolves references concurrently within the services' limits; use it as a context manager."""

    def __init__(self, settings: Settings, *, backoff: float = 1.0, rows: int = 10) -> None:
        self.settings = settings
        self.rows = rows
        self.client = HttpClient(settings, backoff=backoff)
        self.sources = Sources(self.client, settings)
        self._lock = threading.Lock()
        self._unreachable: list[str] = []

    def __enter__(self) -> Resolver:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    @property
    def stats(self) -> ResolverStats:
        s = self.client.stats
        return ResolverStats(
            s.requests, s.cache_hits, s.retries, s.failures, self.client.max_in_flight()
        )

    # -- public ------------------------------------------------------------------------

    def resolve(
        self,
        references: Sequence[Reference],
        progress: Callable[[int], None] | None = None,
    ) -> tuple[Resolution, ...]:
        """One Resolution per reference, in order. Raises ResolverError when nothing answered."""
        if not references:
            return ()
        self._unreachable.clear()
        results: list[Resolution | None] = [None] * len(references)
        done = 0

        def run(index: int) -> None:
            nonlocal done
            results[index] = self.resolve_isolated(references[index])
            with self._lock:
                done += 1
                count = done
            if progress is not None:
                progress(count)

        workers = max(1, min(MAX_WORKERS, len(references)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refaudit") as pool:
            for future in [pool.submit(run, i) for i in range(len(references))]:
                future.result()
        final = tuple(r for r in results if r is not None)
        self._raise_if_unreachable(final)
        return final

    def lookup(self, query: str) -> Resolution:
        """Resolve one DOI or one free-text reference, as `refaudit lookup` does."""
        text = query.strip()
        doi = normalize_doi(text)
        bare_doi = doi is not None and len(match.search_text(text)) < 4
        fields = ParsedFields(doi=doi) if bare_doi else _parse(text)
        result = self.resolve_one(Reference(n=1, line=1, raw=text, fields=fields))
        self._raise_if_unreachable((result,))
        return result

    def add_texts(
        self, references: Sequence[Reference], resolutions: Sequence[Resolution]
    ) -> tuple[Resolution, ...]:
        """`resolutions` with an abstract (and subject terms) from Europe PMC, PubMed or
        OpenAlex given to each registered work that has none; one resolution per reference.

        Asked only for the works a check needs the text of; a source that fails leaves the
        work as it was."""
        from refaudit.model import registered_work
        from refaudit.resolve.sources.texts import find_text

        def run(pair: tuple[Reference, Resolution]) -> Resolution:
            reference, resolution = pair
            work = registered_work(resolution)
            if work is None or resolution.work is not work or work.abstract:
                return resolution
            pmid = reference.fields.pmid
            if not (work.doi or pmid):
                return resolution
            try:
                with self.client.reference_budget():
                    found = find_text(self.client, self.settings, work.doi, pmid)
            except Exception:  # the text only helps a check: never lose the resolution for it
                log.debug("text of entry %d failed", reference.n, exc_info=True)
                return resolution
            if found is None:
                return resolution
            subjects = tuple(dict.fromkeys((*work.subjects, *found.subjects)))
            enriched = replace(
                work, abstract=found.abstract, abstract_source=found.source, subjects=subjects
            )
            return replace(resolution, work=enriched)

        pairs = list(zip(references, resolutions, strict=True))
        if not pairs:
            return ()
        workers = max(1, min(MAX_WORKERS, len(pairs)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refaudit") as pool:
            return tuple(pool.map(run, pairs))

    def resolve_isolated(self, reference: Reference) -> Resolution:
        """`resolve_one`, with a bug on this reference turned into a SKIPPED resolution that
        carries `internal_error` (the traceback goes to the debug log), never an exception."""
        try:
            return self.resolve_one(reference)
        except Exception as exc:
            log.debug("resolving entry %d failed", reference.n, exc_info=True)
            text = " ".join(str(exc).split())[:200]
            what = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
            return Resolution(
                status=ResolutionStatus.SKIPPED, message="internal error", internal_error=what
            )

    def resolve_one(self, reference: Reference) -> Resolution:
        """The resolution of one reference; failures become an ERROR or SKIPPED resolution."""
        try:
            with self.client.reference_budget():
                doi = reference.fields.doi or _doi_in(reference.raw)
                if doi:
                    return self._by_doi(reference, doi)
                hit = self.sources.by_identifier(reference)
                if hit is not None:
                    return self._by_identifier(reference, hit)
                return self._by_search(reference)
        except NotCached:
            return Resolution(status=ResolutionStatus.SKIPPED, message="offline: not in the cache")
        except HttpFailure as exc:
            if exc.unreachable:
                with self._lock:
                    self._unreachable.append(str(exc))
            return Resolution(status=ResolutionStatus.ERROR, message=str(exc))

    # -- steps -------------------------------------------------------------------------

    def _by_doi(self, reference: Reference, doi: str) -> Resolution:
        fields, raw = reference.fields, reference.raw
        work = crossref.fetch_work(self.client, self.settings.crossref_url, doi)
        if work is None:
            work = self.sources.other_agency(doi)
        if work is None:
            answer = doiorg.handle(self.client, self.settings.doi_url, doi)
            if answer.exists:
                work = doiorg.fetch_csl(self.client, self.settings.doi_url, doi) or Work(
                    doi=doi, agency="other"
                )
            else:
                found = self._search(reference)
                return Resolution(
                    status=ResolutionStatus.UNKNOWN_DOI,
                    method="doi+search" if found[0] else "doi",
                    doi=found[0].work.doi if found[0] else None,
                    score=found[0].score if found[0] else None,
                    work=found[0].work if found[0] else None,
                    candidates=found[1],
                    agreed=found[0].agreed if found[0] else (),
                    message=f"{doi} is not registered with any DOI agency",
                )
        if match.is_other_work(fields, raw, work) or versions.unseen(fields, raw, work):
            best, rest = self._search(reference)
            return Resolution(
                status=ResolutionStatus.DOI_MISMATCH,
                method="doi+search",
                doi=best.work.doi if best else None,
                score=best.score if best else None,
                work=best.work if best else None,
                printed_work=work,
                candidates=rest,
                agreed=best.agreed if best else (),
                message=f"{doi} is registered for another work: {work.title}",
            )
        reason = versions.other_version(fields, raw, work)
        if reason is not None:
            other = self._other_version(reference, doi, work, reason)
            if other is not None:
                return other
        cand = match.candidate(fields, raw, work)
        printed_something = bool(fields.title or fields.authors or fields.year)
        return Resolution(
            status=ResolutionStatus.VERIFIED,
            method="doi",
            doi=work.doi,
            score=cand.score if printed_something else None,
            work=work,
            agreed=cand.agreed,
        )

    def _other_version(
        self, reference: Reference, doi: str, work: Work, reason: str
    ) -> Resolution | None:
        """The entry's own work when the printed DOI names another version of it (a
        preprint, the whole book) or the same authors' other paper: the preprint's link to
        its journal version, else a search; None when nothing else fits the entry."""
        fields, raw = reference.fields, reference.raw
        best: Candidate | None = None
        rest: tuple[Candidate, ...] = ()
        target = versions.published_version(work) if reason == "preprint" else None
        if target and target != work.doi:
            published = crossref.fetch_work(self.client, self.settings.crossref_url, target)
            if published is not None and not match.is_other_work(fields, raw, published):
                best = match.candidate(fields, raw, published)
        if best is None:
            best, rest = self._search(reference)
        if best is None or best.work.doi == work.doi:
            return None
        return Resolution(
            status=ResolutionStatus.DOI_MISMATCH,
            method="doi+search",
            doi=best.work.doi,
            score=best.score,
            work=best.work,
            printed_work=work,
            candidates=rest,
            agreed=best.agreed,
            message=f"{doi} is registered for another version ({reason}): {work.title}",
        )

    def _by_identifier(self, reference: Reference, hit: IdentifierHit) -> Resolution:
        """An arXiv id, PMID/PMCID or ISBN printed without a DOI, followed to its work."""
        if hit.doi:
            found = self._by_doi(reference, hit.doi)
            return replace(found, method=f"{hit.method}+doi") if found.method == "doi" else found
        work = hit.work
        if work is None or match.is_other_work(reference.fields, reference.raw, work):
            return self._by_search(reference)
        cand = match.candidate(reference.fields, reference.raw, work)
        return Resolution(
            status=ResolutionStatus.VERIFIED,
            method=hit.method,
            doi=work.doi or None,
            score=cand.score,
            work=work,
            agreed=cand.agreed,
        )

    def _by_search(self, reference: Reference) -> Resolution:
        if len(match.search_text(reference.raw).split()) < MIN_QUERY_WORDS:
            return Resolution(status=ResolutionStatus.SKIPPED, message="nothing to search with")
        best, rest = self._search(reference)
        if best is None:
            return Resolution(
                status=ResolutionStatus.NOT_FOUND,
                method="search",
                candidates=rest,
                message="no registered work fits this entry",
            )
        return Resolution(
            status=ResolutionStatus.MATCHED,
            method="search",
            doi=best.work.doi,
            score=best.score,
            work=best.work,
            candidates=rest,
            agreed=best.agreed,
        )

    def _search(self, reference: Reference) -> tuple[Candidate | None, tuple[Candidate, ...]]:
        # Structured input (a .bib entry, a deposit's fields) is searched by its fields.
        text = fields_text(reference.fields) if reference.key else reference.raw
        query = match.search_text(text)[:MAX_QUERY_CHARS]
        if len(query.split()) < MIN_QUERY_WORDS:
            return None, ()
        hits = crossref.search(self.client, self.settings.crossref_url, query, self.rows)
        found = [(h.work, h.score) for h in hits]
        best, rest = match.choose(reference.fields, text, found)
        if best is None:  # a second index, for what Crossref cannot find
            extra = self.sources.search(query, reference, self.rows)
            if extra:
                best, rest = match.choose(reference.fields, text, [*found, *extra])
        return best, rest

    def _raise_if_unreachable(self, results: Sequence[Resolution]) -> None:
        if self.settings.offline or not self._unreachable:
            return
        if all(r.status is ResolutionStatus.ERROR for r in results):
            raise ResolverError(
                f"cannot reach {self.settings.crossref_url}: {self._unreachable[0]}",
                hint="check the network connection and proxy settings, or run with --offline",
            )


def _doi_in(raw: str) -> str | None:
    found = DOI_PATTERN.search(raw)
    return normalize_doi(found.group(0)) if found else None


def _parse(text: str) -> ParsedFields:
    try:
        from refaudit.extract.fields import parse_reference
    except ImportError:  # the parser is optional for resolving: search works on raw text
        return ParsedFields(doi=normalize_doi(text))
    return parse_reference(text)
