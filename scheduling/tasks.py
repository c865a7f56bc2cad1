"""Celery tasks: thin, they take ids and call a service."""

import os

from celery import shared_task
from celery.signals import worker_ready

from .runs import solve_run_execute, solve_runs_recover


@shared_task(bind=True, name="scheduling.solve_run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def solve_run_task(self, run_id: int) -> None:
    solve_run_execute(run_id=run_id, worker=f"{self.request.hostname}:{os.getpid()}:{self.request.id}")


@worker_ready.connect
def _recover_on_start(**kwargs) -> None:
    """A worker coming up takes back runs whose worker died (their message may be gone with it)."""
    solve_runs_recover()
