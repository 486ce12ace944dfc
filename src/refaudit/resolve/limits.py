"""Rate limits: each service's published limits, in-process gates and a schedule shared by
every refaudit process on the machine (a file next to the cache, guarded by a file lock)."""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Requests start a little further apart than the limit so that network jitter never lets a
# server's sliding one-second window count one request too many.
SPACING_MARGIN = 1.05
SLOT_POLL = 0.005  # seconds between tries for a machine-wide in-flight slot


class Pool:
    """Names of the rate-limit pools: one per service, Crossref's single records and lists apart."""

    SINGLE = "single"  # Crossref /works/{doi}
    QUERY = "query"  # Crossref /works?query...
    DOI = "doi"  # doi.org: no published limit, kept modest
    DATACITE = "datacite"
    ARXIV = "arxiv"
    NCBI = "ncbi"
    OPENLIBRARY = "openlibrary"
    OPENALEX = "openalex"
    DBLP = "dblp"
    EUROPEPMC = "europepmc"
    PUBMED = "pubmed"


@dataclass(frozen=True, slots=True)
class Limits:
    """Requests per second and requests in flight allowed in one pool."""

    rate: float
    concurrency: int


# Crossref's published limits since December 2025 (https://www.crossref.org/documentation/
# retrieve-metadata/rest-api/access-and-authentication/); the other services' from their
# documentation: DataCite 3,000 requests per 5 minutes; arXiv one request every 3 s on one
# connection; NCBI E-utilities 3/s without an API key; OpenAlex 10/s; Open Library and DBLP
# ask for a modest pace (about 1/s) and answer 429 with Retry-After beyond it; Europe PMC
# publishes no figure and is kept modest (5/s, 2 in flight).
OTHER_LIMITS = {
    Pool.DATACITE: Limits(10.0, 3),
    Pool.ARXIV: Limits(1 / 3, 1),
    Pool.NCBI: Limits(3.0, 1),
    Pool.OPENLIBRARY: Limits(1.0, 1),
    Pool.OPENALEX: Limits(10.0, 3),
    Pool.DBLP: Limits(1.0, 1),
    Pool.EUROPEPMC: Limits(5.0, 2),
    Pool.PUBMED: Limits(3.0, 1),
}
POLITE_LIMITS = {
    Pool.SINGLE: Limits(10.0, 3),
    Pool.QUERY: Limits(3.0, 3),
    Pool.DOI: Limits(5.0, 2),
    **OTHER_LIMITS,
}
PUBLIC_LIMITS = {
    Pool.SINGLE: Limits(5.0, 1),
    Pool.QUERY: Limits(1.0, 1),
    Pool.DOI: Limits(5.0, 1),
    **OTHER_LIMITS,
}


class Gate:
    """A semaphore whose limit can be lowered while in use; remembers its peak use."""

    def __init__(self, limit: int) -> None:
        self._cond = threading.Condition()
        self._limit = limit
        self._in_flight = 0
        self.max_in_flight = 0

    @property
    def limit(self) -> int:
        return self._limit

    def acquire(self) -> None:
        with self._cond:
            while self._in_flight >= self._limit:
                self._cond.wait()
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify()

    def lower(self, limit: int) -> None:
        with self._cond:
            if 0 < limit < self._limit:
                self._limit = limit


class SharedSchedule:
    """The next start time of one pool, shared by every process through a locked file.

    Each request reserves the next free start time (wall clock) and moves it on by one
    interval, so that 50 refaudit processes together keep one service's rate; a 429 with
    Retry-After pushes the next start for all of them. Slots (one lock file each) bound the
    requests in flight machine-wide.
    """

    def __init__(self, folder: Path, key: str, slots: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        key = re.sub(r"[^A-Za-z0-9.-]+", "_", key)
        self._path = folder / f"{key}.next"
        self._lock_path = str(folder / f"{key}.lock")
        self._file_lock: Any = None
        self._making_lock = threading.Lock()
        self._slots = [str(folder / f"{key}.slot{i}") for i in range(max(1, slots))]
        self._local = threading.local()

    @property
    def _lock(self) -> Any:
        # filelock is loaded by the first request that goes to the network, not at start.
        with self._making_lock:
            if self._file_lock is None:
                from filelock import FileLock

                self._file_lock = FileLock(self._lock_path, timeout=30)
            return self._file_lock

    def _read(self) -> tuple[float, float]:
        try:
            text = self._path.read_text(encoding="ascii").split()
            return float(text[0]), float(text[1])
        except (OSError, ValueError, IndexError):
            return 0.0, 0.0  # missing or torn by a killed process: no constraint

    def _write(self, next_start: float, paused_until: float) -> None:
        self._path.write_text(f"{next_start:.6f} {paused_until:.6f}", encoding="ascii")

    def reserve(self, interval: float, max_pause: float | None = None) -> float | None:
        """Reserve a start time at least `interval` after the last one; return it (wall clock).

        None, and nothing reserved, when a 429 paused the pool for more than `max_pause` s.
        """
        with self._lock:
            now = time.time()
            next_start, paused_until = self._read()
            if max_pause is not None and paused_until - now > max_pause:
                return None
            start = max(now, next_start, paused_until)
            self._write(start + interval, paused_until)
        return start

    def pause_until(self, when: float) -> None:
        with self._lock:
            next_start, paused_until = self._read()
            self._write(next_start, max(paused_until, when))

    def take_slot(self, limit: int) -> None:
        from filelock import FileLock, Timeout

        slots = self._slots[: max(1, limit)]
        while True:
            for path in slots:
                lock = FileLock(path, timeout=0)
                try:
                    lock.acquire()
                except Timeout:
                    continue
                self._local.slot = lock
                return
            time.sleep(SLOT_POLL)

    def give_slot(self) -> None:
        lock: Any = getattr(self._local, "slot", None)
        if lock is not None:
            lock.release()
            self._local.slot = None


class RateLimiter:
    """Start requests no faster than `rate` per second, holding a slot of a Gate.

    With a SharedSchedule, the start times and the in-flight slots are shared with the other
    refaudit processes on the machine.
    """

    def __init__(self, rate: float, gate: Gate, shared: SharedSchedule | None = None) -> None:
        self._lock = threading.Lock()
        self._interval = SPACING_MARGIN / rate
        self._next_start = 0.0
        self._last_start = -1e9  # monotonic time the previous request left
        self._paused_until = 0.0
        self.gate = gate
        self.shared = shared

    @property
    def rate(self) -> float:
        return SPACING_MARGIN / self._interval

    def acquire(self, max_pause: float | None = None) -> bool:
        """Wait for a slot and a start time; False (holding nothing) when a 429 paused the
        pool for more than `max_pause` seconds (queueing behind other requests always waits)."""
        # The in-flight slot first: a start time reserved while waiting for a slot could
        # otherwise bunch up with later requests and break the server's one-second window.
        self.gate.acquire()
        if self.shared is not None:
            try:
                self.shared.take_slot(self.gate.limit)
                shared_start = self.shared.reserve(self._interval, max_pause)
            except OSError as exc:
                log.warning("shared rate limit unavailable (%s); limiting this process only", exc)
                self.shared = None
            else:
                if shared_start is None:
                    self.release()
                    return False
                wait = shared_start - time.time()
                if wait > 0:
                    time.sleep(wait)
                self._space_from_last()
                return True
        with self._lock:
            now = time.monotonic()
            if max_pause is not None and self._paused_until - now > max_pause:
                self.gate.release()
                return False
            start = max(now, self._next_start, self._paused_until)
            self._next_start = start + self._interval
        if start > now:
            time.sleep(start - now)
        self._space_from_last()
        return True

    def _space_from_last(self) -> None:
        """Wait until `interval` has passed since the previous request actually left.

        A thread that woke late from its reserved start (a loaded machine) would otherwise
        leave just before the next one, and the server's window would count one too many.
        """
        while True:
            with self._lock:
                now = time.monotonic()
                due = self._last_start + self._interval
                if now >= due:
                    self._last_start = now
                    return
            time.sleep(due - now)

    def release(self) -> None:
        if self.shared is not None:
            self.shared.give_slot()
        self.gate.release()

    def pause(self, seconds: float) -> None:
        """No request of this pool starts in the next `seconds` (a 429's Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)
        if self.shared is not None:
            with contextlib.suppress(OSError):  # the pause still holds in this process
                self.shared.pause_until(time.time() + seconds)

    def lower(self, rate: float | None = None, concurrency: int | None = None) -> None:
        """Lower (never raise) the limits, e.g. from a server's x-rate-limit headers."""
        if rate is not None and rate > 0:
            with self._lock:
                self._interval = max(self._interval, SPACING_MARGIN / rate)
        if concurrency is not None:
            self.gate.lower(concurrency)


def parse_interval(text: str) -> float | None:
    """Seconds in an `x-rate-limit-interval` value such as "1s", "5m" or "300"."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", text or "")
    if not m:
        return None
    value = float(m.group(1))
    return value * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[m.group(2) or "s"]


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    import email.utils  # only for a Retry-After given as a date
    from datetime import timezone

    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def limits_from_headers(headers: Any) -> tuple[float | None, int | None]:
    """(requests per second, requests in flight) a service announces in its headers."""
    rate: float | None = None
    limit = str(headers.get("x-rate-limit-limit", "") or "").strip()
    interval = parse_interval(str(headers.get("x-rate-limit-interval", "1s") or "1s"))
    if limit.isdigit() and interval:
        rate = int(limit) / interval
    text = str(headers.get("x-concurrency-limit", "") or "").strip()
    return rate, (int(text) if text.isdigit() else None)
