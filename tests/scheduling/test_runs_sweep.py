"""The sweep every worker runs: a run always finishes or fails by itself. On a fixed clock, in this process;
what it puts on the queue goes to the real test Redis, where these tests read it back."""

from datetime import datetime, timedelta, timezone

import pytest

from scheduling.models import Production, SolveRun
from scheduling.production_file import production_document_check
from scheduling.runs import MOST_ATTEMPTS, _Heartbeat, solve_run_claim, solve_runs_sweep
from scheduling.services import production_import
from tests.conftest import solve_messages

pytestmark = pytest.mark.django_db

NOW = datetime(2021, 10, 5, 12, 0, tzinfo=timezone.utc)
STALE = 30  # the settings' default, which this process runs with
GRACE = 60


@pytest.fixture(autouse=True)
def _sweep_settings(settings, redis_server):
    settings.SOLVE_RUN_STALE_SECONDS, settings.SOLVE_RUN_GRACE_SECONDS = STALE, GRACE
    settings.CELERY_BROKER_URL = redis_server


@pytest.fixture
def production(small_document) -> Production:
    production_import(document=production_document_check(small_document))
    return Production.objects.get(code="tiny")


def seconds_ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


def a_run(production: Production, **fields) -> SolveRun:
    run = SolveRun.objects.create(production=production, time_limit_seconds=10)
    SolveRun.objects.filter(pk=run.pk).update(**fields)  # `created` too, which create() would set to now
    run.refresh_from_db()
    return run


def running(production: Production, *, started: float, beat: float, **fields) -> SolveRun:
    fields = {"status": SolveRun.Status.RUNNING, "worker": "w1@host", "attempts": 1, **fields}
    return a_run(production, started=seconds_ago(started), heartbeat=seconds_ago(beat), **fields)


def test_a_run_past_its_hard_limit_fails_though_its_worker_still_beats(production):
    run = running(production, started=10 + GRACE + 1, beat=0.5)
    assert solve_runs_sweep(now=NOW).ended == [run.pk]
    run.refresh_from_db()
    assert run.status == SolveRun.Status.FAILED and run.finished is not None
    assert run.message == (
        "stopped: ran past its 70 s limit (10 s to solve and 60 s to prepare and publish); nothing published"
    )


def test_a_beating_run_within_its_hard_limit_is_left_alone(production):
    run = running(production, started=10 + GRACE - 1, beat=STALE - 1)
    sweep = solve_runs_sweep(now=NOW)
    assert (sweep.requeued, sweep.resent, sweep.ended) == ([], [], [])
    run.refresh_from_db()
    assert run.status == SolveRun.Status.RUNNING and run.heartbeat == seconds_ago(STALE - 1)


def test_a_run_whose_worker_stopped_beating_goes_back_on_the_queue_once(production, redis_server):
    run = running(production, started=5, beat=STALE + 1)
    waiting = solve_messages(redis_server, run.pk)
    assert solve_runs_sweep(now=NOW).requeued == [run.pk]
    run.refresh_from_db()
    assert run.status == SolveRun.Status.QUEUED and run.message == "requeued: worker w1@host stopped answering"
    assert run.heartbeat == NOW  # when it was put back on the queue
    assert solve_messages(redis_server, run.pk) == waiting + 1
    assert solve_runs_sweep(now=NOW + timedelta(seconds=STALE - 1)).resent == []


def test_a_silent_run_asked_to_cancel_ends_cancelled(production, redis_server):
    run = running(production, started=5, beat=STALE + 1, cancel_requested=True)
    waiting = solve_messages(redis_server, run.pk)
    assert solve_runs_sweep(now=NOW).ended == [run.pk]
    run.refresh_from_db()
    assert run.status == SolveRun.Status.CANCELLED and run.message == "cancelled; nothing published"
    assert solve_messages(redis_server, run.pk) == waiting


def test_a_run_whose_workers_keep_dying_fails_instead_of_killing_the_next(production, redis_server):
    run = running(production, started=5, beat=STALE + 1, attempts=MOST_ATTEMPTS)
    waiting = solve_messages(redis_server, run.pk)
    assert solve_run_claim(run_id=run.pk, worker="w2@host") is None
    assert solve_runs_sweep(now=NOW).ended == [run.pk]
    run.refresh_from_db()
    assert run.status == SolveRun.Status.FAILED
    assert run.message == f"failed: its worker stopped answering {MOST_ATTEMPTS} times, last w1@host; nothing published"
    assert solve_messages(redis_server, run.pk) == waiting


def test_a_queued_run_no_worker_took_is_sent_again_and_a_fresh_one_is_not(production, redis_server):
    lost = a_run(production, heartbeat=seconds_ago(STALE + 1))
    legacy = a_run(production, heartbeat=None, created=seconds_ago(STALE + 1))  # queued before heartbeats did
    fresh = a_run(production, heartbeat=seconds_ago(STALE - 1))
    waiting = {run.pk: solve_messages(redis_server, run.pk) for run in (lost, legacy, fresh)}
    assert sorted(solve_runs_sweep(now=NOW).resent) == sorted([lost.pk, legacy.pk])
    assert {run.pk: solve_messages(redis_server, run.pk) - waiting[run.pk] for run in (lost, legacy, fresh)} == {
        lost.pk: 1, legacy.pk: 1, fresh.pk: 0,
    }
    lost.refresh_from_db()
    assert lost.status == SolveRun.Status.QUEUED and lost.heartbeat == NOW


@pytest.mark.parametrize("change", [
    {"cancel_requested": True},
    {"worker": "w2@host"},  # taken over
    {"status": SolveRun.Status.FAILED},  # past its hard limit
    {"status": SolveRun.Status.QUEUED},  # requeued: its beats were thought lost
])
def test_the_heartbeat_stops_the_solve_once_the_run_is_no_longer_its_own(production, change):
    run = running(production, started=5, beat=1)
    heartbeat = _Heartbeat(run, "w1@host")
    heartbeat.beat()
    assert not heartbeat.stop_requested.is_set()
    SolveRun.objects.filter(pk=run.pk).update(**change)
    heartbeat.beat()
    assert heartbeat.stop_requested.is_set()
