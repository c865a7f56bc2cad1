"""A solve caps the process's malloc arenas, so the window search's threads share two instead of fragmenting one
each (`scheduling.solver.allocator`). Counted in a fresh process, from glibc's own report (`malloc_info`), with
eight threads alive at once that each allocate: what a worker's threads and CP-SAT's do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scheduling.solver import allocator

REPO = Path(__file__).resolve().parents[2]

COUNT_ARENAS = """
import ctypes, sys, tempfile, threading

if sys.argv[1] == "after a solve":
    from bench.generator import generate
    from scheduling.solver import engine
    engine.solve(generate("small", seed=1).problem, engine="cp-sat", seconds=2, workers=2)

THREADS = 8
ready, done = threading.Barrier(THREADS + 1), threading.Event()

def allocate():
    block = bytearray(64 * 1024)  # above pymalloc's limit: from malloc, in this thread's arena
    ready.wait()
    done.wait()

threads = [threading.Thread(target=allocate) for _ in range(THREADS)]
for thread in threads:
    thread.start()
ready.wait()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
with tempfile.NamedTemporaryFile(suffix=".xml") as report:
    stream = ctypes.c_void_p(libc.fopen(report.name.encode(), b"w"))
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    print(open(report.name).read().count("<heap nr="))
done.set()
for thread in threads:
    thread.join()
"""


def arenas(mode: str) -> int:
    run = subprocess.run([sys.executable, "-c", COUNT_ARENAS, mode], check=False, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return int(run.stdout.strip().splitlines()[-1])


pytestmark = pytest.mark.skipif(allocator._glibc() is None, reason="the arena cap is glibc's")


def test_without_a_solve_each_thread_gets_an_arena_of_its_own():
    assert arenas("alone") > allocator.ARENAS + 4


def test_after_a_solve_every_thread_shares_the_capped_arenas():
    assert arenas("after a solve") <= allocator.ARENAS


TRIM = """
import os
from scheduling.solver import allocator

def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

# What a long search leaves: big blocks freed between small ones still held, so free() alone keeps the pages.
blocks, kept = [], []
for _ in range(3000):
    blocks.append(bytearray(64 * 1024))
    kept.append(bytearray(1024))
del blocks
before = resident_mb()
allocator.trim()
print(before - resident_mb())
"""


def test_trimming_after_the_search_hands_freed_memory_back():
    run = subprocess.run([sys.executable, "-c", TRIM], check=False, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert float(run.stdout.strip()) > 100  # of the 187 MB freed
