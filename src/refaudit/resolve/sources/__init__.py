"""The sources beyond Crossref, each a small adapter with its own base URL and rate limit:
DataCite (DOIs of other agencies), arXiv, NCBI (PubMed ids), Open Library (ISBNs), and the
second search indexes OpenAlex and DBLP. Each can be turned off (Settings.source_enabled)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from refaudit.model import Reference, Work
from refaudit.resolve.http import HttpClient
from refaudit.settings import Settings

# Words of a printed entry that place it in computer science, where DBLP is the index.
_COMPUTING = re.compile(
    r"\b(?:proc(?:eedings|\.)|conference|workshop|symposium|IEEE|ACM|LNCS|lecture notes in "
    r"computer science|NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|AAAI|IJCAI|ACL|EMNLP|NAACL|KDD|"
    r"SIGIR|SIGMOD|VLDB|USENIX|arXiv|CoRR|comput\w*|algorithm\w*|neural|learning)\b",
    re.IGNORECASE,
)
_ARXIV_HINT = re.compile(r"arxiv", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class IdentifierHit:
    """What a printed identifier led to: a DOI to resolve at Crossref, or a work found."""

    method: str  # arxiv | pmid | pmcid | isbn
    doi: str | None = None
    work: Work | None = None


class Sources:
    """Ask the other sources for what Crossref cannot answer."""

    def __init__(self, client: HttpClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings

    def on(self, name: str) -> bool:
        return self.settings.source_enabled(name)

    def other_agency(self, doi: str) -> Work | None:
        """The record of a DOI Crossref does not have, from its agency (DataCite)."""
        if not self.on("datacite"):
            return None
        from refaudit.resolve.sources import datacite

        known = doi.startswith("10.48550/")  # arXiv's DOIs are DataCite's
        agency = "datacite" if known else datacite.agency(self.client, self.settings.doi_url, doi)
        if agency != "datacite":
            return None
        return datacite.fetch(self.client, self.settings.datacite_url, doi)

    def by_identifier(self, reference: Reference) -> IdentifierHit | None:
        """Follow an arXiv id or URL, a PMID or PMCID, or an ISBN printed without a DOI."""
        fields, raw = reference.fields, reference.raw
        if self.on("arxiv") and (fields.arxiv or _ARXIV_HINT.search(raw)):
            from refaudit.resolve.sources import arxiv

            ident = arxiv.normalize_arxiv(fields.arxiv or "") or arxiv.normalize_arxiv(raw)
            if ident:
                work = arxiv.fetch(self.client, self.settings.arxiv_url, ident)
                if work is not None:
                    return IdentifierHit("arxiv", work=work)
        if self.on("ncbi") and (fields.pmcid or fields.pmid):
            from refaudit.resolve.sources import ncbi

            for method, value in (("pmcid", fields.pmcid), ("pmid", fields.pmid)):
                ident = (ncbi.normalize_pmcid if method == "pmcid" else ncbi.normalize_pmid)(
                    value or ""
                )
                if ident:
                    doi = ncbi.doi_for(
                        self.client, self.settings.ncbi_url, ident, self.settings.mailto
                    )
                    if doi:
                        return IdentifierHit(method, doi=doi)
        if self.on("openlibrary") and fields.isbn:
            from refaudit.resolve.sources import openlibrary

            isbn = openlibrary.normalize_isbn(fields.isbn)
            if isbn:
                work = openlibrary.fetch(self.client, self.settings.openlibrary_url, isbn)
                if work is not None:
                    return IdentifierHit("isbn", work=work)
        return None

    def search(
        self, query: str, reference: Reference, rows: int = 10
    ) -> tuple[tuple[Work, float | None], ...]:
        """Candidates from the second index (OpenAlex), and DBLP for computing entries."""
        hits: list[tuple[Work, float | None]] = []
        if self.on("openalex"):
            from refaudit.resolve.sources import openalex

            hits.extend(openalex.search(self.client, self.settings.openalex_url, query, rows))
        if self.on("dblp") and _COMPUTING.search(reference.raw):
            from refaudit.resolve.sources import dblp

            hits.extend(dblp.search(self.client, self.settings.dblp_url, query, rows))
        return tuple(hits)
