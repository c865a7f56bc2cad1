"""A wall-clock limit on a block of pure-Python work, for library code that offers none of its own.

`with time_limit(5): ...` raises `TimeUp` inside the block once 5 seconds have passed, wherever the block's
thread is (the request thread of a web server included: no signals, so any thread works). A watchdog timer
asks the interpreter to raise the exception in the guarded thread, which happens at its next bytecode, so a
loop inside a pure-Python library stops; a single long call into C code stops only when it returns. Nothing is
added to the guarded work itself: the watchdog sleeps until the time is up.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_set_async_exception = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exception.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exception.restype = ctypes.c_int


class TimeUp(BaseException):
    """The guarded block ran out of time. A BaseException, so that a library's `except Exception` cannot
    swallow it and go on."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    thread = threading.get_ident()
    lock = threading.Lock()
    state = {"open": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["open"]:
                _set_async_exception(thread, TimeUp)
                state["fired"] = True

    watchdog = threading.Timer(seconds, fire)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield
    finally:
        with lock:
            state["open"] = False
            if state["fired"]:  # raised but perhaps not delivered yet: it must not surface after the block
                _set_async_exception(thread, ctypes.py_object())  # NULL clears it
        watchdog.cancel()
