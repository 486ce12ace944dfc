"""Open Library's books API: an ISBN -> the book as a Work (no DOI; the ISBN identifies it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from refaudit.model import Author, Work
from refaudit.resolve.http import HttpClient, HttpFailure, Pool


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def normalize_isbn(text: str) -> str | None:
    """ISBN-10 or ISBN-13 digits (X for a final 10) when the check digit holds, else None."""
    s = re.sub(r"[\s-]", "", text.strip().upper().removeprefix("ISBN").lstrip(":").strip())
    if re.fullmatch(r"\d{9}[\dX]", s):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(s))
        return s if total % 11 == 0 else None
    if re.fullmatch(r"97[89]\d{10}", s):
        total = sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(s))
        return s if total % 10 == 0 else None
    return None


def _author(name: str) -> Author:
    parts = name.split()
    if len(parts) < 2:
        return Author(family=name)
    return Author(family=parts[-1], given=" ".join(parts[:-1]))


def _names(items: Any) -> list[str]:
    return [
        str(i.get("name") or "").strip()
        for i in (items if isinstance(items, list) else [])
        if isinstance(i, Mapping) and i.get("name")
    ]


def work_from_book(isbn: str, book: Mapping[str, Any]) -> Work:
    """One value of the books API (`jscmd=data`) -> Work of type book."""
    year_match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(book.get("publish_date") or ""))
    identifiers = _map(book.get("identifiers"))
    isbns = [str(v) for key in ("isbn_13", "isbn_10") for v in (identifiers.get(key) or []) if v]
    title = str(book.get("title") or "").strip()
    subtitle = str(book.get("subtitle") or "").strip()
    return Work(
        doi="",
        title=f"{title}: {subtitle}" if subtitle else title,
        authors=tuple(_author(n) for n in _names(book.get("authors"))),
        year=int(year_match.group(1)) if year_match else None,
        issued=year_match.group(1) if year_match else "",
        type="book",
        publisher="; ".join(_names(book.get("publishers"))),
        url=str(book.get("url") or ""),
        isbn=tuple(dict.fromkeys([isbn, *isbns])),
        agency="openlibrary",
    )


def fetch(client: HttpClient, openlibrary_url: str, isbn: str) -> Work | None:
    """The book with this ISBN, or None when Open Library has none."""
    url = f"{openlibrary_url.rstrip('/')}/api/books"
    key = f"ISBN:{isbn}"
    params = {"bibkeys": key, "format": "json", "jscmd": "data"}
    response = client.get(url, params=params, pool=Pool.OPENLIBRARY)
    if response.status == 404:
        return None
    if response.status != 200 or not isinstance(response.data, Mapping):
        raise HttpFailure(f"unexpected answer from {url}: HTTP {response.status}")
    book = response.data.get(key)
    return work_from_book(isbn, book) if isinstance(book, Mapping) else None
