"""Solving on real Celery worker processes with a real Redis: no eager mode here."""

import io
import time

import pytest
import redis

from scheduling.models import Production, ScheduleVersion, SolveProgress, SolveRun
from scheduling.production_file import production_document_check
from scheduling.runs import BrokerUnavailable, SolveRunActive, solve_run_cancel, solve_run_request
from scheduling.services import production_import
from scheduling.solving import production_problem, version_solution
from scheduling.solver.validator import validate
from scheduling.tasks import solve_run_task
from tests.conftest import solve_messages
from tests.factories import production_document_build

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def load(document) -> Production:
    production_import(document=production_document_check(document))
    return Production.objects.get(code=document["production"]["code"])


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def run_status(run: SolveRun) -> str:
    run.refresh_from_db()
    return run.status


def assert_version_valid(version: ScheduleVersion) -> None:
    problem = production_problem(production=version.production)
    assert validate(problem, version_solution(version=version, problem=problem)) == []


def busy_production() -> Production:
    """Big enough that CP-SAT keeps searching for the whole time limit."""
    return load(production_document_build(code="busy", days=14, scenes=160, people=6, modules=4, seed=7))


def test_queued_solve_completes_and_publishes_a_valid_version(celery_workers, small_document):
    production = load(small_document)
    celery_workers("worker1")
    run = solve_run_request(production=production, engine_name="cp-sat", seconds=10)
    wait_for(lambda: run_status(run) == SolveRun.Status.SUCCEEDED, 60, "the run to succeed")
    version = ScheduleVersion.objects.get(solve_run=run)
    assert version.number == 1 and version.shoots.exists()
    assert_version_valid(version)


def solving_with_progress(run: SolveRun) -> SolveRun | None:
    """The run as it is now, if it is running and has written progress (one read of each, the run last:
    the heartbeat writes both in one transaction, so a sample seen means its counters are there too)."""
    if not SolveProgress.objects.filter(solve_run=run).exists():
        return None
    now = SolveRun.objects.get(pk=run.pk)
    return now if now.status == SolveRun.Status.RUNNING else None


def test_progress_rows_appear_while_it_runs(celery_workers):
    production = busy_production()
    celery_workers("worker1")
    run = solve_run_request(production=production, engine_name="cp-sat", seconds=8)
    seen = wait_for(lambda: solving_with_progress(run), 40, "progress rows while running")
    assert seen.solutions_found >= 1 and seen.best_objective is not None
    wait_for(lambda: not SolveRun.objects.get(pk=run.pk).active, 60, "the run to end")
    assert run_status(run) == SolveRun.Status.SUCCEEDED
    assert_version_valid(run.schedule_version)


def test_cancelling_a_running_solve_stops_it_and_publishes_nothing(celery_workers):
    production = busy_production()
    celery_workers("worker1")
    run = solve_run_request(production=production, engine_name="cp-sat", seconds=120)
    wait_for(lambda: run_status(run) == SolveRun.Status.RUNNING, 40, "the run to start")
    cancelled_at = time.monotonic()
    solve_run_cancel(run=run)
    wait_for(lambda: run_status(run) == SolveRun.Status.CANCELLED, 30, "the run to stop")
    assert time.monotonic() - cancelled_at < 30
    assert not ScheduleVersion.objects.filter(production=production).exists()


def test_cancelling_a_queued_run_is_immediate(redis_server, small_document):
    production = load(small_document)
    run = solve_run_request(production=production, seconds=5)  # no worker is running
    assert solve_run_cancel(run=run).status == SolveRun.Status.CANCELLED


def test_worker_killed_mid_solve_and_restarted_at_once_completes_the_run_by_itself(celery_workers):
    production = busy_production()
    first = celery_workers("worker1")
    run = solve_run_request(production=production, engine_name="cp-sat", seconds=8)
    wait_for(lambda: solving_with_progress(run), 40, "the first worker to be solving")
    killed = time.monotonic()
    first.kill()
    # As systemd or a container would: straight back up, while the dead worker's heartbeat still looks fresh.
    restarted = time.monotonic()
    assert restarted - killed < 2
    celery_workers("worker2")
    wait_for(lambda: run_status(run) == SolveRun.Status.SUCCEEDED, 120, "the restarted worker to finish the run")
    print(f"\nworker restart to completion: {time.monotonic() - restarted:.1f} s")
    assert ScheduleVersion.objects.filter(production=production).count() == 1
    assert ScheduleVersion.objects.get(solve_run=run).number == 1
    assert run.attempts == 2 and run.worker.startswith("worker2@")
    assert_version_valid(run.schedule_version)


def test_a_queued_run_survives_redis_restarting_empty(redis_process, celery_workers, small_document):
    production = load(small_document)
    broker = redis.Redis.from_url(redis_process.url)
    run = solve_run_request(production=production, engine_name="cp-sat", seconds=5)  # no worker is running
    assert broker.llen("celery") >= 1
    try:
        redis_process.restart()  # no persistence: the run's message is gone
        assert broker.dbsize() == 0
    finally:
        broker.close()
    restarted = time.monotonic()
    celery_workers("worker1")
    wait_for(lambda: run_status(run) == SolveRun.Status.SUCCEEDED, 120, "a worker to find and finish the run")
    print(f"\nworker start to completion of the lost run: {time.monotonic() - restarted:.1f} s")
    assert run.attempts == 1
    assert ScheduleVersion.objects.filter(production=production).count() == 1
    assert_version_valid(run.schedule_version)


def test_two_workers_never_publish_twice_for_one_run(celery_workers, redis_server, small_document):
    production = load(small_document)
    celery_workers("worker1")
    celery_workers("worker2")
    run = solve_run_request(production=production, engine_name="cp-sat", seconds=5)
    for _ in range(3):  # the same message delivered again, as a broker may do
        solve_run_task.apply_async(args=[run.pk])
    wait_for(lambda: run_status(run) == SolveRun.Status.SUCCEEDED, 60, "the run to succeed")
    wait_for(lambda: solve_messages(redis_server, run.pk) == 0, 60, "the workers to take and acknowledge every copy")
    assert ScheduleVersion.objects.filter(production=production).count() == 1
    assert run.attempts == 1


def test_second_request_while_one_is_active_is_refused(redis_server, small_document):
    production = load(small_document)
    first = solve_run_request(production=production, seconds=5)
    with pytest.raises(SolveRunActive, match=f"solve run {first.pk} queued"):
        solve_run_request(production=production, seconds=5)


def test_redis_down_fails_fast_and_creates_nothing(settings, small_document):
    production = load(small_document)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    started = time.monotonic()
    with pytest.raises(BrokerUnavailable, match="not reachable"):
        solve_run_request(production=production, seconds=5)
    assert time.monotonic() - started < 3
    assert not SolveRun.objects.exists()


def test_replan_after_marking_scenes_shot_keeps_them_fixed_and_moves_the_fewest(celery_workers):
    from datetime import timedelta

    from crew.models import StationEvent
    from scheduling.models import Scene
    from scheduling.services import scene_mark_shot
    from scheduling.selectors import schedule_versions_compare

    production = load(production_document_build(code="replan", days=6, scenes=24, people=4, modules=3, seed=3))
    celery_workers("worker1")
    first_run = solve_run_request(production=production, engine_name="cp-sat", seconds=10)
    wait_for(lambda: run_status(first_run) == SolveRun.Status.SUCCEEDED, 60, "the first plan")
    first = first_run.schedule_version
    shoots = list(first.shoots.order_by("start").select_related("scene", "module"))
    for shoot in shoots[:2]:
        scene_mark_shot(scene=shoot.scene)
    replan_from = shoots[len(shoots) // 2].start
    # The station's life intervenes: a repair closes the module of one later shoot, with its people in it.
    hit = next(shoot for shoot in shoots if shoot.start >= replan_from + timedelta(hours=2))
    repair = StationEvent.objects.create(
        station=production.station, code="repair", title="Pump repair", start=hit.start, end=hit.end,
    )
    repair.modules.add(hit.module)

    second_run = solve_run_request(production=production, engine_name="cp-sat", seconds=10, replan_from=replan_from)
    wait_for(lambda: run_status(second_run) == SolveRun.Status.SUCCEEDED, 60, "the re-plan")
    second = second_run.schedule_version
    assert_version_valid(second)
    after = {shoot.scene.code: (shoot.start, shoot.module_id) for shoot in second.shoots.select_related("scene")}
    for shoot in shoots:
        if shoot.scene.shot or shoot.start < replan_from:
            assert after[shoot.scene.code] == (shoot.start, shoot.module_id), f"{shoot.scene.code} moved"
    changes = schedule_versions_compare(old=first, new=second)
    assert changes["counts"]["moved"] == 1 and changes["moved"][0]["scene"] == hit.scene.code
    assert changes["counts"]["dropped"] == 0
    assert "1 published shoots moved, 0 dropped" in second_run.message
    assert Scene.objects.filter(production=production, shot=True).count() == 2


def test_a_run_left_running_by_a_dead_worker_is_requeued(redis_server, small_document):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    production = load(small_document)
    run = solve_run_request(production=production, seconds=5)
    long_ago = timezone.now() - timedelta(hours=1)
    SolveRun.objects.filter(pk=run.pk).update(status=SolveRun.Status.RUNNING, worker="gone@host", heartbeat=long_ago)
    out = io.StringIO()
    call_command("recover_solve_runs", stdout=out)
    assert out.getvalue().splitlines() == [f"requeued 1 run(s): {run.pk}", "sent again 0 run(s)", "ended 0 run(s)"]
    run.refresh_from_db()
    assert run.status == SolveRun.Status.QUEUED and "gone@host stopped answering" in run.message
    out = io.StringIO()
    call_command("recover_solve_runs", stdout=out)  # just put back on the queue: a second sweep leaves it
    assert out.getvalue().splitlines() == ["requeued 0 run(s)", "sent again 0 run(s)", "ended 0 run(s)"]
