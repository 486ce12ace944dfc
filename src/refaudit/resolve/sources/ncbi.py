"""NCBI's PMC id converter: a PubMed id or PMCID -> its DOI (then resolved at Crossref)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from refaudit.doi import normalize_doi
from refaudit.resolve.http import HttpClient, HttpFailure, Pool

TOOL = "refaudit"
_PMID = re.compile(r"^\d{1,9}$")
_PMCID = re.compile(r"^PMC\d{1,9}$", re.I)


def normalize_pmid(text: str) -> str | None:
    s = re.sub(r"^(?:PMID:?\s*)", "", text.strip(), flags=re.I)
    if not _PMID.match(s):
        return None
    return s.lstrip("0") or None


def normalize_pmcid(text: str) -> str | None:
    s = text.strip().replace(" ", "")
    return s.upper() if _PMCID.match(s) else None


def doi_for(client: HttpClient, ncbi_url: str, identifier: str, mailto: str = "") -> str | None:
    """The DOI NCBI records for a PMID or PMCID, or None when it has none (or no such id)."""
    url = f"{ncbi_url.rstrip('/')}/"
    params = {"ids": identifier, "format": "json", "tool": TOOL}
    if mailto:
        params["email"] = mailto
    response = client.get(url, params=params, pool=Pool.NCBI)
    data = response.data if isinstance(response.data, Mapping) else None
    if response.status != 200 or data is None:
        if response.status in (400, 404):
            return None
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    if data.get("status") not in ("ok", None):
        return None
    for record in data.get("records") or []:
        if isinstance(record, Mapping) and record.get("status") != "error":
            doi = normalize_doi(str(record.get("doi") or ""))
            if doi:
                return doi
    return None
