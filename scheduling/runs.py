"""Solve runs: request, claim, solve, publish, cancel, sweep.

A run's state lives in the database; the Celery task only carries its id. A worker claims a run with a
compare-and-set, so a redelivered or duplicated message is harmless, and it publishes and marks the run
succeeded in one transaction guarded by the same claim, so a run is never published twice. While solving, a
heartbeat thread writes progress (the solver's callback only keeps it in memory, so writes never slow the
solver) and stops the solve once the run is no longer this worker's to solve: cancelled, failed by the sweep
or taken over.

`heartbeat` is a run's last sign of life: for a running run, its worker's last beat; for a queued one, when
it was last put on the queue. Every worker sweeps the runs every `SOLVE_RUN_SWEEP_SECONDS`
(`solve_runs_sweep`): a run silent for `SOLVE_RUN_STALE_SECONDS` goes back on the queue (its worker died, or
Redis lost its message), and a run past its hard limit, its time limit plus `SOLVE_RUN_GRACE_SECONDS`, fails.

Publication is serialised per station and checks the shoots once more against what the other productions
published meanwhile; when they took the same people or modules, the run solves again around them, at most
`MOST_SOLVES` times in all.

One active run per production: a second request while one is queued or running is refused with
`SolveRunActive`, naming the active run (follow it, or cancel it first).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.errors import DomainError

from .models import Production, SolveProgress, SolveRun
from .solver import engine
from .solver.solution import STATUS_INFEASIBLE, Progress
from .solver.validator import ScheduleInvalid
from .solving import BookedElsewhere, production_problem, publication_lock, schedule_publish, worked_around

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
MOST_ATTEMPTS = 3  # claims of one run: a run whose workers keep dying fails instead of killing the next one
MOST_SOLVES = 3  # solves of one claim while other productions keep publishing over what it found
MOST_CLASHES_NAMED = 3


class SolveRunActive(DomainError):
    def __init__(self, run: SolveRun):
        self.run = run
        super().__init__(
            f"production {run.production.code} already has solve run {run.pk} {run.status}; "
            f"follow it or cancel it before starting another"
        )


class BrokerUnavailable(DomainError):
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


def stale_before(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=settings.SOLVE_RUN_STALE_SECONDS)


def solve_run_hard_limit(run: SolveRun) -> int:
    """Seconds a claimed run may take, from its (latest) start: its time limit plus the grace for building
    the problem, explaining the result and publishing it."""
    return run.time_limit_seconds + settings.SOLVE_RUN_GRACE_SECONDS


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
        raise engine.UnknownEngine(engine_name)
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
            heartbeat=timezone.now(),
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
        if run is None or not _is_stale(run) or run.cancel_requested or run.attempts >= MOST_ATTEMPTS:
            return None  # cancelled, or out of attempts: the sweep ends it
        claimed = SolveRun.objects.filter(pk=run_id, status=SolveRun.Status.RUNNING, heartbeat=run.heartbeat).update(
            worker=worker, started=now, heartbeat=now, attempts=F("attempts") + 1,
            message=f"taken over from {run.worker}, which stopped answering",
        )
        if not claimed:
            return None
    return SolveRun.objects.select_related("production", "production__station").get(pk=run_id)


class _Heartbeat(threading.Thread):
    """Writes the latest progress and a heartbeat every second while the run is still this worker's to solve;
    raises the stop flag once it is not (cancelled, failed by the sweep, taken over or requeued)."""

    def __init__(self, run: SolveRun, worker: str):
        super().__init__(name=f"solve-run-{run.pk}-heartbeat", daemon=True)
        self.run_id, self.worker = run.pk, worker
        self.latest: Progress | None = None
        self.written: Progress | None = None
        self.stop_requested = threading.Event()
        self.done = threading.Event()
        self.lock = threading.Lock()  # the solving thread also beats, to write the final progress

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
        with self.lock, transaction.atomic():
            now = timezone.now()
            progress = self.latest
            fresh = progress is not None and progress != self.written
            fields = {"heartbeat": now}
            if fresh:
                fields.update(
                    solutions_found=progress.solutions, best_objective=progress.objective,
                    best_bound=progress.bound, elapsed_seconds=round(progress.elapsed, 3),
                )
            ours = SolveRun.objects.filter(
                pk=self.run_id, worker=self.worker, status=SolveRun.Status.RUNNING, cancel_requested=False
            ).update(**fields)
            if not ours:
                self.stop_requested.set()
            elif fresh:
                # In the run's transaction, so that a reader never sees the sample without the run's counters.
                SolveProgress.objects.create(
                    solve_run_id=self.run_id, recorded=now, elapsed_seconds=round(progress.elapsed, 3),
                    solutions_found=progress.solutions, objective=progress.objective, bound=progress.bound,
                )
                self.written = progress

    def stop(self) -> None:
        self.done.set()
        self.join()


def solve_run_execute(*, run_id: int, worker: str | None = None) -> SolveRun | None:
    """Claim, solve, validate and publish one run. Safe to call twice for one run."""
    worker = worker or f"{socket.gethostname()}:{threading.get_native_id()}"
    run = solve_run_claim(run_id=run_id, worker=worker)
    if run is None:
        log.info("solve run %s: nothing to do (already claimed or finished)", run_id)
        return None
    heartbeat = _Heartbeat(run, worker)
    heartbeat.start()
    try:
        _solve_and_publish(run, worker, heartbeat)
    except Exception as error:  # a bug or bad data: the run says so instead of hanging in "running"
        log.exception("solve run %s failed", run_id)
        _finish(run, SolveRun.Status.FAILED, f"{type(error).__name__}: {error}", worker=worker)
    finally:
        heartbeat.stop()
    return _reloaded(run)


def _solve_and_publish(run: SolveRun, worker: str, heartbeat: _Heartbeat) -> None:
    """Solve and publish; solve again around what other productions published meanwhile, if they did."""
    started = time.monotonic()
    for solve in range(1, MOST_SOLVES + 1):
        problem = production_problem(production=run.production, replan_from=run.replan_from)
        solution = engine.solve(
            problem, engine=run.engine, seconds=run.time_limit_seconds, workers=settings.SOLVER_WORKERS,
            on_progress=heartbeat.report, should_stop=heartbeat.stop_requested.is_set,
        )
        heartbeat.beat()
        if heartbeat.stop_requested.is_set():
            _finish(run, SolveRun.Status.CANCELLED, "cancelled; nothing published", worker=worker,
                    unless_changed={"cancel_requested": True})
            return
        taken = _publish(run, problem, solution, worker, time.monotonic() - started, solve=solve)
        if not taken:
            return
        if solve == MOST_SOLVES:
            _finish(run, SolveRun.Status.FAILED, (
                f"not published: in {MOST_SOLVES} solves in a row, another production booked the same people or "
                f"modules first: {_clashes_words(taken)}"
            ), worker=worker)
            return
        # The run's clock restarts, so its hard limit covers this solve as it did the first.
        SolveRun.objects.filter(pk=run.pk, status=SolveRun.Status.RUNNING, worker=worker).update(
            started=timezone.now(), message=(
                f"solving again (solve {solve + 1} of {MOST_SOLVES}): another production booked the same people "
                f"or modules first: {_clashes_words(taken)}"
            ),
        )


def _clashes_words(taken: BookedElsewhere) -> str:
    sentences = taken.lines()
    more = len(sentences) - MOST_CLASHES_NAMED
    return "; ".join(sentences[:MOST_CLASHES_NAMED]) + (f"; and {more} more" if more > 0 else "")


def _publish(run: SolveRun, problem, solution, worker: str, elapsed: float, *, solve: int) -> BookedElsewhere | None:
    """Publish the solution, or fail the run; what another production booked first when that is in the way."""
    if solution.status == STATUS_INFEASIBLE:
        # Required scenes or pins cannot all hold: nothing to publish, but say exactly which ones clash.
        conflicts = " / ".join(solution.conflicts) or "required scenes or pins cannot all be met"
        _finish(run, SolveRun.Status.FAILED, f"infeasible: {conflicts}", worker=worker)
        return None
    moved, dropped = _perturbation(problem, solution)
    summary = f"{solution.status}: {len(solution.shoots)} scenes scheduled, {len(solution.unscheduled)} left out"
    if problem.anchors:
        summary += f"; {moved} published shoots moved, {dropped} dropped"
    others = worked_around(problem)
    if others:
        summary += f"; worked around {others} shoots booked by other productions"
    if solve > 1:
        summary += f"; solved {solve} times: another production booked the same people or modules first"
    if solution.conflicts:
        summary += "; conflicts: " + " / ".join(solution.conflicts)
    try:
        with transaction.atomic():
            publication_lock(production=run.production)
            # The claim guards publication: a worker that lost its run (taken over) publishes nothing.
            still_ours = SolveRun.objects.select_for_update().filter(
                pk=run.pk, status=SolveRun.Status.RUNNING, worker=worker
            ).exists()
            if not still_ours:
                log.warning("solve run %s: no longer ours; not publishing", run.pk)
                return None
            schedule_publish(production=run.production, problem=problem, solution=solution, solve_run=run)
            SolveRun.objects.filter(pk=run.pk).update(
                status=SolveRun.Status.SUCCEEDED, finished=timezone.now(), elapsed_seconds=round(elapsed, 3),
                best_objective=solution.objective, best_bound=solution.bound, message=summary,
            )
    except BookedElsewhere as taken:
        return taken
    except ScheduleInvalid as invalid:
        _finish(run, SolveRun.Status.FAILED, f"the solver's schedule failed validation: {invalid}", worker=worker)
    return None


def _perturbation(problem, solution) -> tuple[int, int]:
    placed = {shoot.scene: shoot for shoot in solution.shoots}
    moved = sum(
        1 for anchor in problem.anchors
        if anchor.scene in placed and (placed[anchor.scene].start, placed[anchor.scene].module) != (anchor.start, anchor.module)
    )
    dropped = sum(1 for anchor in problem.anchors if anchor.scene not in placed)
    return moved, dropped


def _finish(
    run: SolveRun, status: str, message: str, *, worker: str | None = None, unless_changed: dict | None = None
) -> int:
    """End an active run; with `worker`, only while that worker is running it; with `unless_changed`, only
    while the run still has those field values (a compare-and-set). How many runs ended: 0 or 1."""
    runs = SolveRun.objects.filter(pk=run.pk, status__in=SolveRun.ACTIVE, **(unless_changed or {}))
    if worker is not None:
        runs = runs.filter(status=SolveRun.Status.RUNNING, worker=worker)
    return runs.update(status=status, finished=timezone.now(), message=message)


def _reloaded(run: SolveRun) -> SolveRun:
    run.refresh_from_db()
    return run


@dataclass
class Sweep:
    """What one sweep did, by run id."""

    requeued: list[int] = field(default_factory=list)  # running, but its worker stopped answering
    resent: list[int] = field(default_factory=list)  # queued, but no worker took it: its message was lost
    ended: list[int] = field(default_factory=list)  # past its hard limit, out of attempts, or cancelled


def solve_runs_sweep(*, now: datetime | None = None) -> Sweep:
    """Make every run finish or fail by itself. A worker runs this every `SOLVE_RUN_SWEEP_SECONDS`, and
    `manage.py recover_solve_runs` once. Each change is a compare-and-set, so any number of workers sweep at
    once, and a message sent twice is harmless: the claim takes one.

    - a running run past its hard limit fails, whatever its heartbeat says: a beating worker can be stuck;
    - a running run whose heartbeat is stale goes back on the queue (its worker died, and its message may be
      gone with it, or only come back after the broker's visibility timeout); cancelled instead when that
      was asked, failed once it has been claimed `MOST_ATTEMPTS` times;
    - a queued run nobody claimed since it was put on the queue `SOLVE_RUN_STALE_SECONDS` ago is sent again
      (Redis restarted without persistence and lost it; or the workers are busy, and the copy is harmless).
    """
    now = now or timezone.now()
    stale = stale_before(now)
    sweep = Sweep()
    for run in SolveRun.objects.filter(status=SolveRun.Status.RUNNING):
        limit = solve_run_hard_limit(run)
        if run.started is not None and run.started < now - timedelta(seconds=limit):
            message = (
                f"stopped: ran past its {limit} s limit ({run.time_limit_seconds} s to solve and "
                f"{settings.SOLVE_RUN_GRACE_SECONDS} s to prepare and publish); nothing published"
            )
            unchanged = {"status": SolveRun.Status.RUNNING, "started": run.started}
            if _finish(run, SolveRun.Status.FAILED, message, unless_changed=unchanged):
                sweep.ended.append(run.pk)
        elif run.heartbeat is None or run.heartbeat < stale:
            _sweep_silent(run, now, sweep)
    lost = SolveRun.objects.filter(status=SolveRun.Status.QUEUED, cancel_requested=False).filter(
        Q(heartbeat__lt=stale) | Q(heartbeat__isnull=True, created__lt=stale)
    )
    for run in lost:
        unchanged = {"status": SolveRun.Status.QUEUED, "heartbeat": run.heartbeat}
        if SolveRun.objects.filter(pk=run.pk, **unchanged).update(heartbeat=now):
            sweep.resent.append(run.pk)
            _enqueue(run.pk)
    return sweep


def _sweep_silent(run: SolveRun, now: datetime, sweep: Sweep) -> None:
    """A running run whose worker stopped beating: cancelled, failed or back on the queue."""
    unchanged = {"status": SolveRun.Status.RUNNING, "heartbeat": run.heartbeat}
    if run.cancel_requested:
        if _finish(run, SolveRun.Status.CANCELLED, "cancelled; nothing published", unless_changed=unchanged):
            sweep.ended.append(run.pk)
    elif run.attempts >= MOST_ATTEMPTS:
        message = f"failed: its worker stopped answering {run.attempts} times, last {run.worker}; nothing published"
        if _finish(run, SolveRun.Status.FAILED, message, unless_changed=unchanged):
            sweep.ended.append(run.pk)
    elif SolveRun.objects.filter(pk=run.pk, **unchanged).update(
        status=SolveRun.Status.QUEUED, heartbeat=now, message=f"requeued: worker {run.worker} stopped answering"
    ):
        sweep.requeued.append(run.pk)
        _enqueue(run.pk)
