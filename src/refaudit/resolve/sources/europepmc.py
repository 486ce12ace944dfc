"""Europe PMC's REST search (`/search?query=DOI:...&resultType=core`): a work's abstract
(`abstractText`), MeSH headings and keywords, by DOI or PMID."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from refaudit.compare import strip_markup
from refaudit.doi import normalize_doi
from refaudit.resolve.http import HttpClient, HttpFailure, Pool
from refaudit.resolve.sources.texts import CitedText


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text_of(result: Mapping[str, Any]) -> CitedText | None:
    """The abstract and subject terms of one `resultType=core` result, None without abstract."""
    abstract = strip_markup(str(result.get("abstractText") or ""))
    if not abstract:
        return None
    mesh = [
        str(h.get("descriptorName") or "")
        for h in _list(_map(result.get("meshHeadingList")).get("meshHeading"))
        if isinstance(h, Mapping)
    ]
    keywords = [str(k) for k in _list(_map(result.get("keywordList")).get("keyword"))]
    subjects = tuple(s.strip() for s in (*mesh, *keywords) if s and s.strip())
    return CitedText(abstract, subjects, "europepmc")


def fetch_text(
    client: HttpClient, europepmc_url: str, *, doi: str = "", pmid: str | None = None
) -> CitedText | None:
    """Europe PMC's abstract of the work with `doi` (or `pmid`), None when it has none."""
    if pmid:
        query = f"EXT_ID:{pmid} AND SRC:MED"
    elif doi:
        query = f'DOI:"{doi}"'
    else:
        return None
    url = f"{europepmc_url.rstrip('/')}/search"
    params = {"query": query, "resultType": "core", "format": "json", "pageSize": "5"}
    response = client.get(url, params=params, pool=Pool.EUROPEPMC)
    if response.status in (400, 404):
        return None
    if response.status != 200 or not isinstance(response.data, Mapping):
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    wanted = normalize_doi(doi) if doi else None
    for result in _list(_map(response.data.get("resultList")).get("result")):
        if not isinstance(result, Mapping):
            continue
        # The search is by field, but only the record of this very work will do.
        same = (pmid and str(result.get("pmid") or "") == pmid) or (
            wanted and normalize_doi(str(result.get("doi") or "")) == wanted
        )
        if same:
            return text_of(result)
    return None
