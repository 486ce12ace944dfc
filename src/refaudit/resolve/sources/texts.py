"""The text of a cited work from the sources that hold abstracts (Europe PMC, PubMed,
OpenAlex), asked in turn when Crossref's record has none."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from refaudit.resolve.http import HttpClient, HttpFailure, NotCached
from refaudit.settings import Settings

log = logging.getLogger(__name__)
TEXT_SOURCES = ("europepmc", "pubmed", "openalex")  # the order they are asked in


@dataclass(frozen=True, slots=True)
class CitedText:
    """A work's abstract (plain text) and subject terms, and the source that gave them."""

    abstract: str
    subjects: tuple[str, ...] = ()
    source: str = ""


def find_text(
    client: HttpClient, settings: Settings, doi: str, pmid: str | None = None
) -> CitedText | None:
    """The first abstract an enabled source has for the work (by DOI, or by its PMID).

    PubMed is skipped when Europe PMC, which holds every PubMed record, answered that it has
    no abstract. A source that fails is logged and the next one asked: the text helps a
    check and is never worth failing the reference for.
    """
    europe_answered = False
    for name in TEXT_SOURCES:
        if not settings.source_enabled(name):
            continue
        if name == "pubmed" and europe_answered:
            continue
        try:
            found = _ask(name, client, settings, doi, pmid)
        except NotCached:
            continue
        except HttpFailure as exc:
            log.info("%s: no text for %s (%s)", name, doi or pmid, exc)
            continue
        if found is not None and found.abstract:
            return found
        europe_answered = europe_answered or name == "europepmc"
    return None


def _ask(
    name: str, client: HttpClient, settings: Settings, doi: str, pmid: str | None
) -> CitedText | None:
    if name == "europepmc":
        from refaudit.resolve.sources import europepmc

        return europepmc.fetch_text(client, settings.europepmc_url, doi=doi, pmid=pmid)
    if name == "pubmed":
        from refaudit.resolve.sources import pubmed

        ident = pmid or (
            pubmed.pmid_for_doi(client, settings.pubmed_url, doi, settings.mailto) if doi else None
        )
        return (
            pubmed.fetch_text(client, settings.pubmed_url, ident, settings.mailto)
            if ident
            else None
        )
    from refaudit.resolve.sources import openalex

    return openalex.fetch_text(client, settings.openalex_url, doi=doi, pmid=pmid)
