"""Answer `file:DIR` base URLs from a folder of recorded answers, without a server.

`--crossref-url file:fixtures/crossref --doi-url file:fixtures/crossref` runs refaudit on
recorded Crossref and doi.org answers (the README's offline demo, an air-gapped check). Only
imported when such a URL is used. Layout (as in fixtures/crossref): works/{doi}.json (Crossref
records), handles/{doi}.json (Handle API answers), csl/{doi}.json (CSL-JSON of other agencies),
doiRA/{doi}.json; any other path is read as the file DIR/{path} (with .json or .xml added).
DOIs in file names are percent-encoded whole. Searches rank the recorded works by the words
they share with the query.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from refaudit.errors import ConfigError

if TYPE_CHECKING:
    from refaudit.resolve.http import HttpResponse

CSL_JSON = "application/vnd.citationstyles.csl+json"
NOT_FOUND = "Resource not found."
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "into",
        "that",
        "this",
        "are",
        "was",
        "were",
        "its",
        "their",
        "of",
        "in",
        "on",
        "to",
        "a",
        "an",
    ]
)
_folders: dict[str, Folder] = {}
_folders_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Answer:
    """One recorded answer: status, body, content type, and a redirect target if any."""

    status: int
    body: bytes
    content_type: str = "application/json"
    location: str = ""
    headers: tuple[tuple[str, str], ...] = ()


def tokens(text: str) -> list[str]:
    """Lower-case words without accents, stop words and words under 3 letters."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return [t for t in re.findall(r"[a-z0-9]+", text) if len(t) > 2 and t not in _STOP]


def _bag(message: dict[str, Any]) -> set[str]:
    parts = [*message.get("title", []), *message.get("container-title", [])]
    parts += [str(a.get("family", a.get("name", ""))) for a in message.get("author", [])]
    for key in ("volume", "page", "article-number"):
        parts.append(str(message.get(key, "")))
    issued = (message.get("issued", {}).get("date-parts") or [[None]])[0]
    parts.append(str(issued[0] if issued else ""))
    return set(tokens(" ".join(parts)))


def _json(data: Any, status: int = 200, content_type: str = "application/json") -> Answer:
    return Answer(status, json.dumps(data).encode("utf-8"), content_type)


def as_csl(message: dict[str, Any]) -> dict[str, Any]:
    """A Crossref message as CSL-JSON, the way Crossref's transform serves it."""
    csl = dict(message)
    for key in ("title", "container-title", "short-container-title"):
        value = csl.get(key)
        if isinstance(value, list):
            csl[key] = value[0] if value else ""
    csl["type"] = {"journal-article": "article-journal"}.get(str(csl.get("type")), csl.get("type"))
    return csl


@dataclass
class Folder:
    """A folder of recorded answers, routed like api.crossref.org, doi.org and the others."""

    root: Path
    works: dict[str, dict[str, Any]] = field(default_factory=dict)
    _bags: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        folder = self.root / "works"
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            data = json.loads(path.read_text(encoding="utf-8"))
            doi = str(data["message"]["DOI"]).lower()
            self.works[doi] = data
            self._bags[doi] = _bag(data["message"])

    def search(self, query: str, rows: int) -> dict[str, Any]:
        """A work-list ranked by the words shared with the query, scored like Crossref's."""
        wanted = set(tokens(query))
        ranked: list[tuple[float, dict[str, Any]]] = []
        for doi, data in self.works.items():
            overlap = len(wanted & self._bags[doi])
            if overlap:
                ranked.append((overlap * 7.5 / max(1, len(wanted)) ** 0.5, data["message"]))
        ranked.sort(key=lambda item: -item[0])
        items = [{**msg, "score": round(score, 3)} for score, msg in ranked[:rows]]
        return {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": len(ranked),
                "items": items,
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": query},
            },
        }

    def _stored(self, kind: str, doi: str) -> Path | None:
        path = self.root / kind / f"{quote(doi, safe='')}.json"
        return path if path.is_file() else None

    def answer(self, path: str, query: dict[str, list[str]]) -> Answer:
        """The recorded answer to GET `path`?`query` (path still percent-encoded)."""
        if path in ("/works", "/works/"):
            terms = (query.get("query.bibliographic") or query.get("query") or [""])[0]
            try:
                rows = int((query.get("rows") or ["20"])[0])
            except ValueError:
                rows = -1
            if not terms or not 0 <= rows <= 1000:
                return _json(_validation_failure(rows), 400)
            return _json(self.search(terms, rows))
        if path.startswith("/works/"):
            doi = unquote(path[len("/works/") :]).lower()
            transform = re.match(r"^(.*)/transform(?:/.*)?$", doi)
            if transform and transform.group(1) in self.works:
                message = self.works[transform.group(1)]["message"]
                return _json(as_csl(message), content_type=CSL_JSON)
            if doi in self.works:
                return _json(self.works[doi])
            return Answer(404, NOT_FOUND.encode(), "text/plain")
        if path.startswith("/api/handles/"):
            doi = unquote(path[len("/api/handles/") :]).lower()
            stored = self._stored("handles", doi)
            if stored is not None:
                return Answer(200, stored.read_bytes())
            if doi in self.works:
                return _json({"responseCode": 1, "handle": doi, "values": []})
            return _json({"responseCode": 100, "handle": doi}, 404)
        if path.startswith("/doiRA/"):
            doi = unquote(path[len("/doiRA/") :]).lower()
            stored = self._stored("doiRA", doi)
            if stored is not None:
                return Answer(200, stored.read_bytes())
            agency = "Crossref" if doi in self.works else None
            if agency is None and self._stored("csl", doi) is not None:
                agency = "DataCite"
            if agency is None:
                return _json([{"DOI": doi, "status": "DOI does not exist"}])
            return _json([{"DOI": doi, "RA": agency}])
        if path.startswith("/crosscite/"):
            stored = self._stored("csl", unquote(path[len("/crosscite/") :]).lower())
            if stored is not None:
                return Answer(200, stored.read_bytes(), CSL_JSON)
        if path.startswith(("/10.", "/10%2")):
            doi = unquote(path[1:]).lower()
            if doi in self.works:
                target = f"/works/{quote(doi, safe='')}/transform"
            elif self._stored("csl", doi) is not None:
                target = f"/crosscite/{quote(doi, safe='')}"
            else:
                page = self.root / "doi-not-found.html"
                html = page.read_bytes() if page.is_file() else b"<html>DOI Not Found</html>"
                return Answer(404, html, "text/html;charset=utf-8")
            return Answer(302, b"", "text/html;charset=utf-8", location=target)
        return self._file(path)

    def _file(self, path: str) -> Answer:
        parts = [p for p in path.split("/") if p]
        if not parts or any(unquote(p) in (".", "..") for p in parts):
            return Answer(404, NOT_FOUND.encode(), "text/plain")
        base = self.root.joinpath(*parts[:-1])
        for suffix, kind in (("", ""), (".json", "application/json"), (".xml", "application/xml")):
            candidate = base / f"{parts[-1]}{suffix}"
            if candidate.is_file():
                content_type = kind or (
                    "application/json" if candidate.suffix == ".json" else "application/xml"
                )
                return Answer(200, candidate.read_bytes(), content_type)
        return Answer(404, NOT_FOUND.encode(), "text/plain")


def _validation_failure(rows: int) -> dict[str, Any]:
    return {
        "status": "failed",
        "message-type": "validation-failure",
        "message": [
            {
                "value": str(rows),
                "message": "Integer specified as rows must be a positive integer less than 1000.",
                "type": "integer-not-valid",
            }
        ],
    }


def folder_of(base_url: str) -> Path:
    """The folder a `file:DIR` base URL names; ConfigError when it is not one."""
    folder = Path(unquote(base_url.removeprefix("file://").removeprefix("file:")))
    if not folder.is_dir():
        raise ConfigError(
            f"{folder}: not a folder of recorded answers",
            hint="--crossref-url file:DIR needs DIR/works/*.json as in fixtures/crossref",
        )
    return folder


def _split(url: str) -> tuple[Path, str]:
    """(folder, path inside it) of a file: URL whose folder part was opened before."""
    rest = url.removeprefix("file://").removeprefix("file:")
    with _folders_lock:
        roots = sorted(_folders, key=len, reverse=True)
    for root in roots:
        if rest.startswith(root):
            return Path(root), "/" + rest[len(root) :].lstrip("/")
    raise ConfigError(f"{url}: not inside a folder of recorded answers")


def open_folder(base_url: str) -> Folder:
    """Load (once per process) the folder a `file:` base URL names."""
    folder = folder_of(base_url)
    key = base_url.removeprefix("file://").removeprefix("file:").rstrip("/")
    with _folders_lock:
        if key not in _folders:
            _folders[key] = Folder(folder)
        return _folders[key]


def get(url: str, query: dict[str, str], headers: dict[str, str] | Any) -> HttpResponse:
    """Answer a GET on a `file:` URL the way the service would (redirects followed)."""
    from refaudit.resolve.http import HttpResponse, json_body

    split = urlsplit(url)
    root, path = _split(split.scheme + ":" + split.path if split.scheme else url)
    with _folders_lock:
        folder = _folders[str(root)]
    params = {k: [v] for k, v in query.items()}
    answer = folder.answer(path, params)
    for _ in range(5):
        if not answer.location:
            break
        path = answer.location
        answer = folder.answer(path, {})
    text = answer.body.decode("utf-8", errors="replace")
    data = json_body(text)
    return HttpResponse(
        status=answer.status,
        text=text,
        headers={"content-type": answer.content_type},
        url=f"file://recorded{path}",  # the path tells the agency, as at doi.org
        data=data,
    )
