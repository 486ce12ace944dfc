"""The on-disk cache of answers: one SQLite table of (request key -> status, headers, body).

It is read with the standard library only, so that a run the cache answers completely never
imports the HTTP stack. SQLite's WAL mode and a busy timeout make reads and writes safe
between processes; a file that is not a database is rebuilt with a warning.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 30.0  # seconds another process may hold the write lock
# Parameters that identify the caller, not the request: not part of the key.
IGNORED_PARAMETERS = frozenset({"mailto", "email", "tool"})
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, status INTEGER NOT NULL, "
    "url TEXT NOT NULL, headers TEXT NOT NULL, body TEXT NOT NULL, expires REAL NOT NULL)"
)


@dataclass(frozen=True, slots=True)
class Stored:
    """One stored answer."""

    status: int
    url: str
    headers: Mapping[str, str]
    body: str


def request_key(url: str, query: Mapping[str, str], headers: Mapping[str, str]) -> str:
    """The key of a GET: the URL, the query in sorted order (without the caller's identity)
    and the Accept header (doi.org answers each content type differently)."""
    params = sorted((k, v) for k, v in query.items() if k not in IGNORED_PARAMETERS)
    accept = next((v for k, v in headers.items() if k.lower() == "accept"), "")
    return f"{url}?{urlencode(params)} accept={accept}"


class AnswerStore:
    """Answers with an expiry time; thread-safe (one connection behind a lock)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        try:
            self._con = self._open()
        except sqlite3.DatabaseError as exc:
            log.warning("the cache %s is corrupt (%s); rebuilding it", path, exc)
            self._rebuild()

    def _open(self) -> sqlite3.Connection:
        con = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None
        )
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute(_SCHEMA)
        except sqlite3.DatabaseError:
            con.close()
            raise
        return con

    def _rebuild(self) -> None:
        from filelock import FileLock

        # One process at a time removes and recreates the file.
        with FileLock(str(self.path) + ".lock", timeout=60):
            try:
                self._con = self._open()
                return
            except sqlite3.DatabaseError:
                pass
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            self._con = self._open()

    def get(self, key: str) -> Stored | None:
        """The answer stored under `key`, unless it has expired."""
        with self._lock:
            row = self._con.execute(
                "SELECT status, url, headers, body FROM answers WHERE key = ? AND expires > ?",
                (key, time.time()),
            ).fetchone()
        if row is None:
            return None
        return Stored(int(row[0]), str(row[1]), json.loads(row[2]), str(row[3]))

    def put(self, key: str, answer: Stored, ttl: float) -> None:
        """Store `answer` under `key` for `ttl` seconds (replacing what was there)."""
        headers = json.dumps(dict(answer.headers))
        with self._lock:
            self._con.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                (key, answer.status, answer.url, headers, answer.body, time.time() + ttl),
            )

    def delete(self, key: str) -> None:
        with self._lock:
            self._con.execute("DELETE FROM answers WHERE key = ?", (key,))

    def close(self) -> None:
        with self._lock:
            self._con.close()
