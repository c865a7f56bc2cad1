"""Celery tasks: thin, they take ids and call a service. And the sweep that every worker runs: solve runs, and
the crew calendars that are due."""

import logging
import os
import threading

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import connection

from crew.services import timeline_subscriptions_fetch_due

from .models import Production
from .runs import solve_run_execute, solve_runs_sweep
from .schedule_checks import schedule_check, schedule_checks_sweep

log = logging.getLogger(__name__)


@shared_task(bind=True, name="scheduling.solve_run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def solve_run_task(self, run_id: int) -> None:
    solve_run_execute(run_id=run_id, worker=f"{self.request.hostname}:{os.getpid()}:{self.request.id}")


@shared_task(name="scheduling.schedule_check", acks_late=True, ignore_result=True)
def schedule_check_task(production_id: int) -> None:
    production = Production.objects.filter(pk=production_id).select_related("station", "director").first()
    if production is not None:  # deleted since the check was queued: nothing to check
        schedule_check(production=production)


class SolveRunSweeper(threading.Thread):
    """Sweeps the solve runs when the worker is ready and every `SOLVE_RUN_SWEEP_SECONDS` after, until it
    shuts down, and checks the published schedules whose queued check never came (`schedule_checks_sweep`).
    A thread in the worker's main process, not a Celery beat: every worker sweeps, so there is no extra
    process to deploy or to lose, and sweeps running side by side are harmless (compare-and-set).

    Each sweep also fetches the crew calendars that are due, in a thread of their own (one at a time), so a
    slow calendar server never holds up the solve runs' sweep."""

    def __init__(self):
        super().__init__(name="solve-run-sweeper", daemon=True)
        self.stopping = threading.Event()
        self.calendars: threading.Thread | None = None

    def run(self) -> None:
        while True:
            try:
                sweep = solve_runs_sweep()
                if sweep.requeued or sweep.resent or sweep.ended:
                    log.info("solve run sweep: requeued %s, sent again %s, ended %s",
                             sweep.requeued, sweep.resent, sweep.ended)
            except Exception:  # the database or Redis is away for now: the next sweep tries again
                log.exception("solve run sweep failed")
            try:
                checked = schedule_checks_sweep()
                if checked:
                    log.info("schedule check sweep: checked productions %s", checked)
            except Exception:  # the database is away for now: the next sweep tries again
                log.exception("schedule check sweep failed")
            finally:
                connection.close()
            self.calendars_fetch()
            if self.stopping.wait(settings.SOLVE_RUN_SWEEP_SECONDS):
                return

    def calendars_fetch(self) -> None:
        if self.calendars is None or not self.calendars.is_alive():
            self.calendars = threading.Thread(target=_calendars_fetch, name="calendar-subscriptions", daemon=True)
            self.calendars.start()


def _calendars_fetch() -> None:
    try:
        fetched = timeline_subscriptions_fetch_due()
        if fetched:
            log.info("calendar subscriptions fetched: %s", fetched)
    except Exception:  # the database is away for now: the next sweep tries again (a fetch stores its own errors)
        log.exception("calendar subscription sweep failed")
    finally:
        connection.close()


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
        if _sweeper.calendars is not None:
            _sweeper.calendars.join(timeout=10)
