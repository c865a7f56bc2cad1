"""The wall-clock guard: it stops a pure-Python loop in time, and never fires after its block has ended."""

import threading
import time

import pytest

from core.time_limit import TimeUp, time_limit


def spin(seconds: float) -> int:
    """Pure-Python work for `seconds` of wall-clock time (the guard must be able to interrupt it)."""
    turns, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        turns += 1
    return turns


def test_a_runaway_loop_is_stopped_soon_after_its_time():
    started = time.monotonic()
    with pytest.raises(TimeUp):
        with time_limit(0.2):
            while True:
                pass
    assert 0.2 <= time.monotonic() - started < 5


def test_library_code_catching_every_exception_cannot_swallow_it():
    def stubborn():
        while True:
            try:
                spin(0.01)
            except Exception:  # noqa: BLE001 - what a careless library does
                continue

    with pytest.raises(TimeUp):
        with time_limit(0.2):
            stubborn()


def test_a_block_that_ends_in_time_is_left_alone_and_nothing_fires_later():
    with time_limit(0.1):
        result = sum(range(1000))
    assert result == 499500
    assert spin(0.5) > 0  # past the limit, outside the block: no TimeUp arrives


def test_each_thread_is_guarded_on_its_own():
    outcome = {}

    def guarded():
        try:
            with time_limit(0.2):
                spin(30)
        except TimeUp:
            outcome["guarded"] = "stopped"

    thread = threading.Thread(target=guarded)
    thread.start()
    assert spin(0.6) > 0  # this thread runs past the other's limit untouched
    thread.join(timeout=30)
    assert outcome == {"guarded": "stopped"}
