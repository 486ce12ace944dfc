"""A time budget for parsing one document, so that no input can hold a whole run."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# CPU seconds allowed per document: generous against the target (under 2 s per MB on one
# core), so that only a pathological input ever reaches it. CPU time, not wall time, so that
# a loaded machine does not turn a normal article into a timeout.
BASE_SECONDS = 20.0
SECONDS_PER_MB = 3.0


class ParseTimeout(BaseException):
    """Parsing one document ran past its budget.

    A BaseException, so that no `except Exception` inside the parser swallows it.
    """


def budget_for(size: int) -> float:
    """The parse budget in seconds for a document of `size` bytes."""
    return BASE_SECONDS + SECONDS_PER_MB * size / 1_000_000


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ParseTimeout in the block once it has used `seconds` of CPU time.

    Uses the process's profiling interval timer (SIGPROF), so it works only in the main
    thread of a Unix process;
    elsewhere (threads, Windows) the block runs unbounded. A timer already set by the caller
    is restored afterwards with its remaining time.
    """
    if seconds is None or seconds <= 0 or not _can_alarm():
        yield
        return

    armed = [True]

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            raise ParseTimeout

    start = time.process_time()
    previous = signal.signal(signal.SIGPROF, on_alarm)
    outer, interval = signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        if outer:
            left = outer - (time.process_time() - start)
            signal.setitimer(signal.ITIMER_PROF, max(left, 0.001), interval)
