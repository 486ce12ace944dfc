"""doi.org: does a DOI exist outside Crossref (Handle API), and its CSL-JSON record if so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from refaudit.compare import strip_markup, year_of
from refaudit.doi import normalize_doi, quote_doi
from refaudit.model import Work
from refaudit.resolve.crossref import BadAnswer, authors_from, date_from_parts
from refaudit.resolve.http import HttpClient, Pool

CSL_JSON = "application/vnd.citationstyles.csl+json"
HANDLE_EXISTS = 1
HANDLE_NOT_FOUND = 100

# Where doi.org's content negotiation lands tells which agency registered the DOI.
_AGENCY_HOSTS = (
    ("crosscite", "datacite"),
    ("datacite", "datacite"),
    ("crossref", "crossref"),
    ("medra", "medra"),
    ("jalc", "jalc"),
    ("kisti", "kisti"),
    ("airiti", "airiti"),
    ("cnki", "cnki"),
    ("op.europa", "op"),
)


@dataclass(frozen=True, slots=True)
class HandleAnswer:
    """What the Handle API says about a DOI."""

    exists: bool
    response_code: int | None = None


def handle(client: HttpClient, doi_url: str, doi: str) -> HandleAnswer:
    """Ask `{doi_url}/api/handles/{doi}` whether the DOI is registered with any agency."""
    url = f"{doi_url.rstrip('/')}/api/handles/{quote_doi(doi)}"
    response = client.get(url, pool=Pool.DOI)
    code = response.data.get("responseCode") if isinstance(response.data, Mapping) else None
    if response.status == 200 and code == HANDLE_EXISTS:
        return HandleAnswer(True, code)
    if response.status == 404 or code == HANDLE_NOT_FOUND:
        return HandleAnswer(False, code if isinstance(code, int) else None)
    raise BadAnswer(f"unexpected answer from {url}: HTTP {response.status}, code {code}")


def agency_of(final_url: str) -> str:
    """The registration agency guessed from the host that served the CSL-JSON, or "other"."""
    split = urlsplit(final_url)
    host = split.netloc.lower()
    # Mirrors and test servers put the agency's host name in the first path segment.
    first_segment = split.path.strip("/").split("/")[0].lower()
    for place in (host, first_segment):
        for marker, agency in _AGENCY_HOSTS:
            if marker in place:
                return agency
    return "other"


def fetch_csl(client: HttpClient, doi_url: str, doi: str) -> Work | None:
    """The DOI's metadata by content negotiation as CSL-JSON, or None when doi.org has none."""
    url = f"{doi_url.rstrip('/')}/{quote_doi(doi)}"
    response = client.get(url, headers={"Accept": CSL_JSON}, pool=Pool.DOI)
    if response.status == 404:
        return None
    if response.status != 200 or not isinstance(response.data, Mapping):
        raise BadAnswer(f"unexpected answer from {url}: HTTP {response.status}")
    return work_from_csl(response.data, agency_of(response.url), fallback_doi=doi)


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return strip_markup(str(value)) if isinstance(value, str | int | float) else ""


def work_from_csl(csl: Mapping[str, Any], agency: str = "other", fallback_doi: str = "") -> Work:
    """Normalise a CSL-JSON item (DataCite, mEDRA, Crossref transform) into a Work."""
    issued = date_from_parts(csl.get("issued"))
    published_print = date_from_parts(csl.get("published-print"))
    published_online = date_from_parts(csl.get("published-online"))
    raw_doi = str(csl.get("DOI") or fallback_doi)
    subjects = csl.get("subject") or csl.get("categories")
    issn = csl.get("ISSN")
    return Work(
        doi=normalize_doi(raw_doi) or raw_doi.lower(),
        title=_text(csl.get("title")),
        authors=authors_from(csl.get("author")),
        year=year_of(issued),
        issued=issued,
        published_print=published_print,
        published_online=published_online,
        container=_text(csl.get("container-title")),
        short_container=_text(csl.get("container-title-short")),
        volume=_text(csl.get("volume")),
        issue=_text(csl.get("issue")),
        pages=_text(csl.get("page")).replace("–", "-"),
        article_number=_text(csl.get("number") or csl.get("article-number")),
        type=_text(csl.get("type")),
        publisher=_text(csl.get("publisher")),
        abstract=_text(csl.get("abstract")),
        subjects=tuple(s for s in subjects if isinstance(s, str))
        if isinstance(subjects, list)
        else (),
        issn=tuple(s for s in issn if isinstance(s, str))
        if isinstance(issn, list)
        else ((issn,) if isinstance(issn, str) else ()),
        url=_text(csl.get("URL")),
        agency=agency,
    )
