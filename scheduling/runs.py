"""Solve runs: request, claim, solve, publish, cancel, recover.

A run's state lives in the database; the Celery task only carries its id. A worker claims a run with a
compare-and-set, so a redelivered or duplicated message is harmless, and it publishes and marks the run
succeeded in one transaction guarded by the same claim, so a run is never published twice. While solving, a
heartbeat thread writes progress (the solver's callback only keeps it in memory, so writes never slow the
solver) and watches for cancellation. A run whose worker stopped beating is taken over by the next worker.

One active run per production: a second request while one is queued or running is refused with
`SolveRunActive`, naming the active run (follow it, or cancel it first).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Production, SolveProgress, SolveRun
from .solver import engine
from .solver.solution import STATUS_INFEASIBLE, Progress
from .solver.validator import ScheduleInvalid
from .solving import production_problem, schedule_publish, worked_around

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0


class SolveRunActive(Exception):
    def __init__(self, run: SolveRun):
        self.run = run
        super().__init__(
            f"production {run.production.code} already has solve run {run.pk} {run.status}; "
            f"follow it or cancel it before starting another"
        )


class BrokerUnavailable(Exception):
    """Redis, the Celery broker, does not answer: the run is not created, so nothing is lost."""


def broker_check() -> None:
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1.5, socket_timeout=1.5)
    try:
        client.ping()
    except (redis.ConnectionError, redis.TimeoutError, OSError) as error:
        raise BrokerUnavailable(
            f"the job queue (Redis at {client.connection_pool.connection_kwargs.get('host')}:"
            f"{client.connection_pool.connection_kwargs.get('port')}) is not reachable: {error}. "
            "No solve was started; try again when the worker service is back."
        ) from None
    finally:
        client.close()


def stale_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.SOLVE_RUN_STALE_SECONDS)


def solve_run_request(
    *,
    production: Production,
    requested_by=None,
    engine_name: str = "cp-sat",
    seconds: int | None = None,
    replan_from: datetime | None = None,
    queue: bool = True,
) -> SolveRun:
    """Create a run and queue it on the workers (after the transaction commits). With `queue=False` the
    caller executes it in-process (`solve_run_execute`), and Redis is not needed."""
    if engine_name not in engine.ENGINES:
        raise ValueError(f'unknown engine "{engine_name}"; choose one of {", ".join(engine.ENGINES)}')
    if queue:
        broker_check()
    with transaction.atomic():
        Production.objects.select_for_update().get(pk=production.pk)
        active = production.solve_runs.filter(status__in=SolveRun.ACTIVE).first()
        if active and not _is_stale(active):
            raise SolveRunActive(active)
        if active:  # its worker died and nobody took it over: it stops blocking the production
            _finish(active, SolveRun.Status.FAILED, "its worker stopped answering; superseded by a new request")
        run = SolveRun.objects.create(
            production=production, requested_by=requested_by, engine=engine_name,
            time_limit_seconds=seconds or settings.SOLVER_DEFAULT_SECONDS, replan_from=replan_from,
        )
        if queue:
            transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from .tasks import solve_run_task

    solve_run_task.apply_async(args=[run_id], retry=True, retry_policy={"max_retries": 2, "interval_start": 0.2})


def _is_stale(run: SolveRun) -> bool:
    return run.status == SolveRun.Status.RUNNING and (run.heartbeat is None or run.heartbeat < stale_before())


def solve_run_cancel(*, run: SolveRun) -> SolveRun:
    """Ask a run to stop: a queued run is cancelled at once, a running one at the solver's next callback."""
    SolveRun.objects.filter(pk=run.pk, status__in=SolveRun.ACTIVE).update(cancel_requested=True)
    SolveRun.objects.filter(pk=run.pk, status=SolveRun.Status.QUEUED).update(
        status=SolveRun.Status.CANCELLED, finished=timezone.now(), message="cancelled before it started"
    )
    run.refresh_from_db()
    return run


def solve_run_claim(*, run_id: int, worker: str) -> SolveRun | None:
    """Take a queued run, or a running one whose worker has stopped beating. None: nothing to do."""
    now = timezone.now()
    claimed = SolveRun.objects.filter(pk=run_id, status=SolveRun.Status.QUEUED, cancel_requested=False).update(
        status=SolveRun.Status.RUNNING, started=now, worker=worker, heartbeat=now, attempts=F("attempts") + 1
    )
    if not claimed:
        run = SolveRun.objects.filter(pk=run_id).first()
        if run is None or not _is_stale(run):
            return None
        claimed = SolveRun.objects.filter(pk=run_id, status=SolveRun.Status.RUNNING, heartbeat=run.heartbeat).update(
            worker=worker, heartbeat=now, attempts=F("attempts") + 1,
            message=f"taken over from {run.worker}, which stopped answering",
        )
        if not claimed:
            return None
    return SolveRun.objects.select_related("production", "production__station").get(pk=run_id)


class _Heartbeat(threading.Thread):
    """Writes the latest progress and a heartbeat every second; raises the stop flag on cancellation."""

    def __init__(self, run: SolveRun, worker: str):
        super().__init__(name=f"solve-run-{run.pk}-heartbeat", daemon=True)
        self.run_id, self.worker = run.pk, worker
        self.latest: Progress | None = None
        self.written: Progress | None = None
        self.stop_requested = threading.Event()
        self.done = threading.Event()

    def report(self, progress: Progress) -> None:
        self.latest = progress

    def run(self) -> None:
        try:
            while not self.done.wait(HEARTBEAT_SECONDS):
                try:
                    self.beat()
                except DatabaseError as error:  # a busy database must not kill the solve; beat again soon
                    log.warning("solve run %s: heartbeat not written: %s", self.run_id, error)
        finally:
            connection.close()

    def beat(self) -> None:
        fields = {"heartbeat": timezone.now()}
        progress = self.latest
        if progress is not None and progress != self.written:
            fields.update(
                solutions_found=progress.solutions, best_objective=progress.objective,
                best_bound=progress.bound, elapsed_seconds=round(progress.elapsed, 3),
            )
            SolveProgress.objects.create(
                solve_run_id=self.run_id, recorded=fields["heartbeat"], elapsed_seconds=round(progress.elapsed, 3),
                solutions_found=progress.solutions, objective=progress.objective, bound=progress.bound,
            )
            self.written = progress
        SolveRun.objects.filter(pk=self.run_id, worker=self.worker).update(**fields)
        if SolveRun.objects.filter(pk=self.run_id, cancel_requested=True).exists():
            self.stop_requested.set()


def solve_run_execute(*, run_id: int, worker: str | None = None) -> SolveRun | None:
    """Claim, solve, validate and publish one run. Safe to call twice for one run."""
    worker = worker or f"{socket.gethostname()}:{threading.get_native_id()}"
    run = solve_run_claim(run_id=run_id, worker=worker)
    if run is None:
        log.info("solve run %s: nothing to do (already claimed or finished)", run_id)
        return None
    heartbeat = _Heartbeat(run, worker)
    heartbeat.start()
    started = time.monotonic()
    try:
        problem = production_problem(production=run.production, replan_from=run.replan_from)
        solution = engine.solve(
            problem, engine=run.engine, seconds=run.time_limit_seconds, workers=settings.SOLVER_WORKERS,
            on_progress=heartbeat.report, should_stop=heartbeat.stop_requested.is_set,
        )
    except Exception as error:  # a bug or bad data: the run says so instead of hanging in "running"
        log.exception("solve run %s failed", run_id)
        heartbeat.done.set()
        heartbeat.join()
        _finish(run, SolveRun.Status.FAILED, f"{type(error).__name__}: {error}", worker=worker)
        return _reloaded(run)
    heartbeat.done.set()
    heartbeat.join()
    if heartbeat.latest is not None:
        heartbeat.beat()
    if heartbeat.stop_requested.is_set():
        _finish(run, SolveRun.Status.CANCELLED, "cancelled; nothing published", worker=worker)
        return _reloaded(run)
    _publish(run, problem, solution, worker, time.monotonic() - started)
    return _reloaded(run)


def _publish(run: SolveRun, problem, solution, worker: str, elapsed: float) -> None:
    if solution.status == STATUS_INFEASIBLE:
        # Required scenes or pins cannot all hold: nothing to publish, but say exactly which ones clash.
        conflicts = " / ".join(solution.conflicts) or "required scenes or pins cannot all be met"
        _finish(run, SolveRun.Status.FAILED, f"infeasible: {conflicts}", worker=worker)
        return
    moved, dropped = _perturbation(problem, solution)
    summary = f"{solution.status}: {len(solution.shoots)} scenes scheduled, {len(solution.unscheduled)} left out"
    if problem.anchors:
        summary += f"; {moved} published shoots moved, {dropped} dropped"
    others = worked_around(problem)
    if others:
        summary += "; worked around the published shoots of " + ", ".join(
            f"{code} ({count})" for code, count in sorted(others.items())
        )
    if solution.conflicts:
        summary += "; conflicts: " + " / ".join(solution.conflicts)
    try:
        with transaction.atomic():
            # The claim guards publication: a worker that lost its run (taken over) publishes nothing.
            still_ours = SolveRun.objects.select_for_update().filter(
                pk=run.pk, status=SolveRun.Status.RUNNING, worker=worker
            ).exists()
            if not still_ours:
                log.warning("solve run %s: no longer ours; not publishing", run.pk)
                return
            schedule_publish(production=run.production, problem=problem, solution=solution, solve_run=run)
            SolveRun.objects.filter(pk=run.pk).update(
                status=SolveRun.Status.SUCCEEDED, finished=timezone.now(), elapsed_seconds=round(elapsed, 3),
                best_objective=solution.objective, best_bound=solution.bound, message=summary,
            )
    except ScheduleInvalid as invalid:
        _finish(run, SolveRun.Status.FAILED, f"the solver's schedule failed validation: {invalid}", worker=worker)


def _perturbation(problem, solution) -> tuple[int, int]:
    placed = {shoot.scene: shoot for shoot in solution.shoots}
    moved = sum(
        1 for anchor in problem.anchors
        if anchor.scene in placed and (placed[anchor.scene].start, placed[anchor.scene].module) != (anchor.start, anchor.module)
    )
    dropped = sum(1 for anchor in problem.anchors if anchor.scene not in placed)
    return moved, dropped


def _finish(run: SolveRun, status: str, message: str, *, worker: str | None = None) -> None:
    runs = SolveRun.objects.filter(pk=run.pk, status__in=SolveRun.ACTIVE)
    if worker is not None:
        runs = runs.filter(worker=worker)
    runs.update(status=status, finished=timezone.now(), message=message)


def _reloaded(run: SolveRun) -> SolveRun:
    run.refresh_from_db()
    return run


def solve_runs_recover() -> list[int]:
    """Queue again every run whose worker stopped beating (a killed worker whose message was lost too).

    Called when a worker starts and by `manage.py recover_solve_runs`. If the original message is also
    redelivered, the claim makes the duplicate harmless.
    """
    recovered = []
    for run in SolveRun.objects.filter(status=SolveRun.Status.RUNNING, heartbeat__lt=stale_before()):
        if SolveRun.objects.filter(pk=run.pk, status=SolveRun.Status.RUNNING, heartbeat=run.heartbeat).update(
            status=SolveRun.Status.QUEUED, message=f"requeued: worker {run.worker} stopped answering"
        ):
            recovered.append(run.pk)
            _enqueue(run.pk)
    return recovered
