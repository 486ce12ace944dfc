"""arXiv API (`/query?id_list=`, Atom): an arXiv id -> Work, with its journal version if known."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from refaudit.doi import normalize_doi
from refaudit.model import Author, Relation, Work
from refaudit.resolve.http import HttpClient, HttpFailure, Pool

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
# New-style ids (2007-): 1706.03762, 2201.06719v2; old-style: hep-th/9901001, math.GT/0309136.
_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(v\d+)?(?![\d])")
_OLD = re.compile(r"\b([a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?\b")
_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#\s]|$)", re.I)
_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)


def normalize_arxiv(text: str) -> str | None:
    """The bare arXiv id (no version) in an id, `arXiv:` form, URL or arXiv DOI, or None."""
    s = text.strip()
    doi = _DOI.match(s)
    if doi:
        s = doi.group(1)
    url = _URL.search(s)
    if url:
        s = url.group(1)
    s = re.sub(r"^arxiv:\s*", "", s, flags=re.I)
    for pattern in (_NEW, _OLD):
        m = pattern.search(s)
        if m:
            return m.group(1)
    return None


def _text(node: ElementTree.Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def _author(name: str) -> Author:
    parts = name.split()
    if len(parts) < 2:
        return Author(family=name)
    return Author(family=parts[-1], given=" ".join(parts[:-1]))


def parse_feed(xml: str, arxiv_id: str) -> Work | None:
    """The entry for `arxiv_id` in an arXiv Atom feed, None when the feed has none."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise HttpFailure(f"arXiv answered a broken feed: {exc}") from None
    for entry in root.findall(f"{ATOM}entry"):
        ident = _text(entry.find(f"{ATOM}id"))
        if "/api/errors" in ident or not ident:
            continue
        if normalize_arxiv(ident) != arxiv_id:
            continue
        published = _text(entry.find(f"{ATOM}published"))[:10]
        journal_doi = normalize_doi(_text(entry.find(f"{ARXIV}doi")))
        journal_ref = _text(entry.find(f"{ARXIV}journal_ref"))
        relations = (Relation("is-preprint-of", journal_doi),) if journal_doi else ()
        if journal_ref and not journal_doi:
            relations = (Relation("is-preprint-of", journal_ref, id_type="journal-ref"),)
        category = entry.find(f"{ARXIV}primary_category")
        return Work(
            doi=f"10.48550/arxiv.{arxiv_id.lower()}",
            title=_text(entry.find(f"{ATOM}title")),
            authors=tuple(
                _author(_text(a.find(f"{ATOM}name"))) for a in entry.findall(f"{ATOM}author")
            ),
            year=int(published[:4]) if published[:4].isdigit() else None,
            issued=published,
            published_online=published,
            container="arXiv",
            type="posted-content",
            publisher="arXiv",
            abstract=_text(entry.find(f"{ATOM}summary")),
            subjects=(category.get("term", ""),) if category is not None else (),
            url=f"https://arxiv.org/abs/{arxiv_id}",
            relations=relations,
            agency="arxiv",
        )
    return None


def fetch(client: HttpClient, arxiv_url: str, arxiv_id: str) -> Work | None:
    """arXiv's record of `arxiv_id` (bare, no version), or None when arXiv has no such paper."""
    url = f"{arxiv_url.rstrip('/')}/query"
    response = client.get(
        url, params={"id_list": arxiv_id, "max_results": "1"}, pool=Pool.ARXIV, expect_json=False
    )
    if response.status == 400:  # arXiv's answer to a malformed id
        return None
    if response.status != 200:
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    return parse_feed(response.text, arxiv_id)
