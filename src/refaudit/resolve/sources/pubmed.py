"""PubMed through NCBI's E-utilities: a DOI -> its PMID (`esearch`), a PMID -> its abstract and
MeSH headings (`efetch`, PubMed XML). Asked only for the text of a cited work."""

from __future__ import annotations

from collections.abc import Mapping
from xml.etree import ElementTree

from refaudit.resolve.http import HttpClient, HttpFailure, Pool
from refaudit.resolve.sources.texts import CitedText

TOOL = "refaudit"


def _identify(params: dict[str, str], mailto: str) -> dict[str, str]:
    # NCBI asks every E-utilities caller for `tool` and `email`.
    params["tool"] = TOOL
    if mailto:
        params["email"] = mailto
    return params


def pmid_for_doi(client: HttpClient, eutils_url: str, doi: str, mailto: str = "") -> str | None:
    """The PMID PubMed records for `doi`, None when PubMed has none (or several)."""
    url = f"{eutils_url.rstrip('/')}/esearch.fcgi"
    params = _identify({"db": "pubmed", "term": f"{doi}[doi]", "retmode": "json"}, mailto)
    response = client.get(url, params=params, pool=Pool.PUBMED)
    data = response.data if isinstance(response.data, Mapping) else None
    if response.status == 400:
        return None
    if response.status != 200 or data is None:
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    result = data.get("esearchresult")
    if not isinstance(result, Mapping):
        # E-utilities report a bad request as {"error": ...} with HTTP 200.
        return None
    ids = [str(i) for i in result.get("idlist") or [] if str(i).isdigit()]
    return ids[0] if len(ids) == 1 else None


def _text(node: ElementTree.Element) -> str:
    return " ".join("".join(node.itertext()).split())


def parse_pubmed_xml(xml: str, pmid: str) -> CitedText | None:
    """The abstract and MeSH headings of `pmid` in an efetch PubmedArticleSet, None without one.

    A structured abstract's sections (`AbstractText Label="RESULTS"`) are joined in order,
    each led by its label, as PubMed shows them.
    """
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise HttpFailure(f"PubMed answered broken XML: {exc}") from None
    for article in root.iter("PubmedArticle"):
        citation = article.find("MedlineCitation")
        if citation is None or (citation.findtext("PMID") or "").strip() != pmid:
            continue
        parts = []
        for section in citation.iterfind("Article/Abstract/AbstractText"):
            body = _text(section)
            label = (section.get("Label") or "").strip()
            if body:
                parts.append(f"{label} {body}" if label and label.upper() != "UNLABELLED" else body)
        mesh = tuple(
            _text(d) for d in citation.iterfind("MeshHeadingList/MeshHeading/DescriptorName")
        )
        keywords = tuple(_text(k) for k in citation.iterfind("KeywordList/Keyword"))
        if parts:
            return CitedText(" ".join(parts), tuple(s for s in (*mesh, *keywords) if s), "pubmed")
        return None
    return None


def fetch_text(
    client: HttpClient, eutils_url: str, pmid: str, mailto: str = ""
) -> CitedText | None:
    """PubMed's abstract of `pmid`, None when it has none (or no such PMID)."""
    url = f"{eutils_url.rstrip('/')}/efetch.fcgi"
    params = _identify({"db": "pubmed", "id": pmid, "retmode": "xml"}, mailto)
    response = client.get(url, params=params, pool=Pool.PUBMED, expect_json=False)
    if response.status in (400, 404):
        return None
    if response.status != 200:
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    return parse_pubmed_xml(response.text, pmid)
