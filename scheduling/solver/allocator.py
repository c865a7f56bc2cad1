"""The C allocator's part in a long solve's memory.

glibc's malloc gives each new thread an arena of its own, up to eight per core. The window search builds its
small models in one thread and solves them in others, CP-SAT's own threads among them, so every arena ends up
fragmented: over a 300 s solve of a 180-day stay (bench, loose shape, seed 1) the process's resident memory crept
from 755 MB at 25 s to 1,000 MB at 260 s although nothing the search holds grows, and the run peaked at 1,163 MB.
With the arenas capped at two the same solve stayed at 623 to 650 MB for its first 130 s.

Capping them is process-wide and takes effect for arenas not yet made: glibc fixes its limit the first time it
would make a ninth arena, so the cap is set on the first solve a process runs, before the search starts any
thread. Elsewhere than glibc (macOS, musl) these are no-ops.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache

ARENAS = 2  # the main thread's arena and one more, shared by every other thread
M_ARENA_MAX = -8  # mallopt's parameter number for the arena limit (glibc's malloc.h)

_capped = False


@cache
def _glibc() -> ctypes.CDLL | None:
    """The C library, when it is glibc's (the one with `mallopt` and `malloc_trim`)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        library = ctypes.CDLL(None)
    except OSError:
        return None
    return library if hasattr(library, "mallopt") and hasattr(library, "malloc_trim") else None


def cap_arenas() -> bool:
    """Limit this process to `ARENAS` malloc arenas from now on; whether the allocator took the limit."""
    global _capped
    if not _capped:
        libc = _glibc()
        _capped = libc is not None and libc.mallopt(M_ARENA_MAX, ARENAS) == 1
    return _capped


def trim() -> None:
    """Hand the memory a finished solve freed back to the system, so an idle worker does not sit on it."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
