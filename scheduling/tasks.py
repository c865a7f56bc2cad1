"""Celery tasks: thin, they take ids and call a service. And the sweep that every worker runs."""

import logging
import os
import threading

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import connection

from .runs import solve_run_execute, solve_runs_sweep

log = logging.getLogger(__name__)


@shared_task(bind=True, name="scheduling.solve_run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def solve_run_task(self, run_id: int) -> None:
    solve_run_execute(run_id=run_id, worker=f"{self.request.hostname}:{os.getpid()}:{self.request.id}")


class SolveRunSweeper(threading.Thread):
    """Sweeps the solve runs when the worker is ready and every `SOLVE_RUN_SWEEP_SECONDS` after, until it
    shuts down. A thread in the worker's main process, not a Celery beat: every worker sweeps, so there is no
    extra process to deploy or to lose, and sweeps running side by side are harmless (compare-and-set)."""

    def __init__(self):
        super().__init__(name="solve-run-sweeper", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        while True:
            try:
                sweep = solve_runs_sweep()
                if sweep.requeued or sweep.resent or sweep.ended:
                    log.info("solve run sweep: requeued %s, sent again %s, ended %s",
                             sweep.requeued, sweep.resent, sweep.ended)
            except Exception:  # the database or Redis is away for now: the next sweep tries again
                log.exception("solve run sweep failed")
            finally:
                connection.close()
            if self.stopping.wait(settings.SOLVE_RUN_SWEEP_SECONDS):
                return


_sweeper: SolveRunSweeper | None = None


@worker_ready.connect
def _sweeps_start(**kwargs) -> None:
    global _sweeper
    _sweeper = SolveRunSweeper()
    _sweeper.start()


@worker_shutdown.connect
def _sweeps_stop(**kwargs) -> None:
    if _sweeper is not None:
        _sweeper.stopping.set()
        _sweeper.join(timeout=10)
