"""The rate limiter keeps the spacing between requests that actually leave."""

from __future__ import annotations

import itertools
import random
import threading
import time

import pytest

from refaudit.resolve.limits import Gate, RateLimiter


def test_threads_that_wake_late_never_leave_closer_than_the_interval(monkeypatch) -> None:
    # On a loaded machine a thread wakes late from the sleep to its reserved start; the next
    # one must still leave a whole interval after it, or the server's window counts one more.
    real_sleep = time.sleep
    late = random.Random(7)
    monkeypatch.setattr(
        "refaudit.resolve.limits.time.sleep", lambda s: real_sleep(s + late.uniform(0, 0.03))
    )
    limiter = RateLimiter(20.0, Gate(8))
    left: list[float] = []
    lock = threading.Lock()

    def request() -> None:
        limiter.acquire()
        with lock:
            left.append(time.monotonic())
        limiter.release()

    threads = [threading.Thread(target=request) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    left.sort()
    gaps = [b - a for a, b in itertools.pairwise(left)]
    interval = 1 / limiter.rate
    assert min(gaps) >= interval * 0.999
    assert len(left) == 16


def test_spacing_adds_no_wait_when_requests_are_already_apart() -> None:
    limiter = RateLimiter(10.0, Gate(1))
    limiter.acquire()
    limiter.release()
    time.sleep(0.2)
    started = time.monotonic()
    limiter.acquire()
    limiter.release()
    assert time.monotonic() - started == pytest.approx(0.0, abs=0.05)
