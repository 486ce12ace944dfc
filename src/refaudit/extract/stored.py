"""Parsed documents kept next to the answer cache, so that rereading an unchanged document
neither parses it again nor loads the parser (its patterns, the CRF model, ftfy).

One file per input path holds the document with the hash of the bytes it was parsed from and
a fingerprint of the installed refaudit (its files' sizes and modification times): a changed
document or a changed parser is parsed again. Files are written atomically; an unreadable
one is parsed again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from refaudit.model import Document

log = logging.getLogger(__name__)

FOLDER = "documents"
_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the size and modification time of every file of the refaudit package."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            info = os.stat(os.path.join(root, name))
            digest.update(f"{root}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _file_for(folder: Path, path: str) -> Path:
    name = hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()
    return folder / FOLDER / f"{name[:32]}.pickle"


def _tag(data: bytes) -> str:
    return f"{code_fingerprint()}:{hashlib.sha256(data).hexdigest()}"


def load(folder: Path, path: str, data: bytes) -> Document | None:
    """The document parsed earlier from exactly `data` at `path` by this refaudit, if kept."""
    try:
        with open(_file_for(folder, path), "rb") as fh:
            tag, document = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as exc:  # torn, from another Python, or not ours: parse again
        log.debug("cannot read the parsed document of %s: %s", path, exc)
        return None
    if tag != _tag(data) or not isinstance(document, Document) or document.path != path:
        return None
    return document


def save(folder: Path, path: str, data: bytes, document: Document) -> None:
    """Keep `document` (parsed from `data`) for the next run; failures only cost speed."""
    target = _file_for(folder, path)
    temporary = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as fh:
            temporary = fh.name
            pickle.dump((_tag(data), document), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except (OSError, pickle.PicklingError, TypeError, RecursionError) as exc:
        log.debug("cannot keep the parsed document of %s: %s", path, exc)
        if temporary:
            Path(temporary).unlink(missing_ok=True)
