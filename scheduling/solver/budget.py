"""How long a solve may run and whether it was asked to stop: one `Budget` that every stage of it polls.

Stages that would otherwise run to their end (start domains, the stripboard, the mandatory check, the bound,
the warm start, the explanations) ask `expired()` between scenes and, when it says so, stop with what they
have, still valid. The searches, whose job is to use the time, read `remaining()` for their own limits and
`cancelled()` for a cancel. `stopped` says what cut a stage short, for the solution's stats.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

TIME_LIMIT = "time limit"
CANCELLED = "cancelled"


class Budget:
    """A deadline `seconds` from now (none when `seconds` is None) and an optional `should_stop` callback."""

    def __init__(self, seconds: float | None = None, should_stop: Callable[[], bool] | None = None) -> None:
        self.started = time.perf_counter()
        self.seconds = math.inf if seconds is None else seconds
        self.deadline = self.started + self.seconds
        self._should_stop = should_stop
        self._cancelled = False
        self.stopped: str | None = None  # TIME_LIMIT or CANCELLED once a stage was cut short

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.perf_counter())

    def cancelled(self) -> bool:
        """Whether the solve was asked to stop; once asked, it stays stopped. (Also polled from CP-SAT's
        watcher thread: every write here only ever says "cancelled".)"""
        if not self._cancelled and self._should_stop is not None and self._should_stop():
            self._cancelled = True
        if self._cancelled:
            self.stopped = CANCELLED
        return self._cancelled

    def expired(self, *, grace: float = 0.0) -> bool:
        """Whether a stage must stop now: the solve was cancelled, or the deadline (plus `grace`) has passed."""
        if self.cancelled():
            return True
        if time.perf_counter() < self.deadline + grace:
            return False
        self.stopped = self.stopped or TIME_LIMIT
        return True
