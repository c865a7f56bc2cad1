"""Solve runs over the API: start (202), one at a time (409), Redis down (503), follow, cancel."""

import time

import pytest
from django.utils import timezone

from scheduling.models import ScheduleVersion, SolveProgress, SolveRun

from .conftest import import_production

pytestmark = pytest.mark.django_db

RUNS = "/api/productions/tiny/solve-runs/"


@pytest.fixture
def broker_up(redis_server, settings):
    settings.CELERY_BROKER_URL = redis_server


def test_starting_a_solve_answers_202_with_the_run_and_where_to_follow_it(client_for, director, production, broker_up, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        response = client_for(director).post(RUNS, {"engine": "greedy", "seconds": 5}, format="json")
    assert response.status_code == 202
    run = response.json()
    assert run["status"] == "queued" and run["engine"] == "greedy" and run["time_limit_seconds"] == 5
    assert run["requested_by"] == "director1" and run["production"] == "tiny" and run["version"] is None
    assert response["Location"] == f"http://testserver/api/solve-runs/{run['id']}/"
    assert len(queued) == 1  # handed to the workers once the transaction commits


def test_the_server_default_time_limit_applies_when_none_is_given(client_for, director, production, broker_up, settings):
    settings.SOLVER_DEFAULT_SECONDS = 17
    response = client_for(director).post(RUNS, {}, format="json")
    assert response.status_code == 202
    assert response.json()["engine"] == "cp-sat" and response.json()["time_limit_seconds"] == 17


def test_a_second_solve_while_one_is_active_is_409_naming_the_active_run(client_for, director, production, broker_up):
    client = client_for(director)
    first = client.post(RUNS, {"engine": "greedy"}, format="json").json()
    response = client.post(RUNS, {"engine": "greedy"}, format="json")
    assert response.status_code == 409
    assert response.json() == {
        "errors": [f"production tiny already has solve run {first['id']} queued; follow it or cancel it before starting another"],
        "active_run": first["id"],
    }
    assert SolveRun.objects.count() == 1


def test_starting_a_solve_with_redis_down_is_503_with_a_clear_message(client_for, director, production, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client_for(director).post(RUNS, {"engine": "greedy"}, format="json")
    assert response.status_code == 503
    message = response.json()["errors"][0]
    assert message.startswith("the job queue (Redis at 127.0.0.1:9) is not reachable")
    assert "No solve was started" in message
    assert not SolveRun.objects.exists()


@pytest.mark.parametrize(
    "body, error",
    [
        ({"engine": "simplex"}, 'engine: "simplex" is not a valid choice.'),
        ({"seconds": 0}, "seconds: Ensure this value is greater than or equal to 1."),
        ({"seconds": 100000}, "seconds: Ensure this value is less than or equal to 3600."),
        ({"replan_from": "tomorrow"}, "replan_from: not an ISO 8601 time: 'tomorrow'"),
    ],
)
def test_a_bad_solve_request_is_400(client_for, director, production, broker_up, body, error):
    response = client_for(director).post(RUNS, body, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": [error]}


def test_replanning_from_an_instant_is_passed_to_the_run(client_for, director, production, broker_up):
    response = client_for(director).post(RUNS, {"engine": "greedy", "replan_from": "2021-10-06T00:00:00Z"}, format="json")
    assert response.json()["replan_from"] == "2021-10-06T00:00:00Z"


def test_a_repair_before_anything_is_published_is_400_and_starts_nothing(client_for, director, production, broker_up):
    response = client_for(director).post(RUNS, {"repair": True}, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": ["production tiny has no published schedule to repair; schedule it first"]}
    assert not SolveRun.objects.exists()


def test_a_repair_is_queued_as_a_run_flagged_repair(client_for, director, production, broker_up):
    ScheduleVersion.objects.create(production=production, number=1, created=timezone.now(), status="feasible",
                                   objective=0, engine="greedy", seconds=0)
    response = client_for(director).post(RUNS, {"repair": True, "engine": "greedy"}, format="json")
    assert response.status_code == 202
    assert (response.json()["repair"], response.json()["moves"]) == (True, [])
    assert SolveRun.objects.get().repair


def test_a_finished_repair_lists_its_moves(client_for, director, production):
    moves = [{"scene": "002", "from": {"start": "2021-10-06T08:00:00Z", "module": "zvezda"},
              "to": {"start": "2021-10-06T11:00:00Z", "module": "zvezda"}, "reason": "zvezda is closed then",
              "line": "moved 002 from 06 Oct 08:00 to 06 Oct 11:00: zvezda is closed then"}]
    run = SolveRun.objects.create(production=production, status=SolveRun.Status.SUCCEEDED, repair=True, moves=moves)
    assert client_for(director).get(f"/api/solve-runs/{run.pk}/").json()["moves"] == moves


def test_the_director_follows_a_run_with_its_recent_progress(client_for, director, production):
    run = SolveRun.objects.create(production=production, engine="cp-sat", status=SolveRun.Status.RUNNING, requested_by=director)
    for second in range(3):
        SolveProgress.objects.create(
            solve_run=run, recorded=timezone.now(), elapsed_seconds=second, solutions_found=second + 1,
            objective=10 + second, bound=20,
        )
    response = client_for(director).get(f"/api/solve-runs/{run.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "running"
    assert [sample["objective"] for sample in response.json()["progress"]] == [10, 11, 12]


def test_runs_are_listed_newest_first_and_filter_by_status(client_for, director, production):
    old = SolveRun.objects.create(production=production, status=SolveRun.Status.FAILED)
    new = SolveRun.objects.create(production=production, status=SolveRun.Status.SUCCEEDED)
    client = client_for(director)
    assert [run["id"] for run in client.get(RUNS).json()["results"]] == [new.pk, old.pk]
    assert [run["id"] for run in client.get(f"{RUNS}?status=failed").json()["results"]] == [old.pk]


def test_the_director_cancels_a_queued_run(client_for, director, production):
    run = SolveRun.objects.create(production=production)
    response = client_for(director).post(f"/api/solve-runs/{run.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_cancelling_a_finished_run_is_409(client_for, director, production):
    run = SolveRun.objects.create(production=production, status=SolveRun.Status.SUCCEEDED)
    response = client_for(director).post(f"/api/solve-runs/{run.pk}/cancel/")
    assert response.status_code == 409
    assert response.json() == {"errors": [f"solve run {run.pk} has already finished (succeeded)"]}


@pytest.mark.parametrize("role", ["other_director", "station_operator", "viewer"])
def test_others_neither_see_nor_follow_runs(request, client_for, role, production):
    run = SolveRun.objects.create(production=production)
    client = client_for(request.getfixturevalue(role))
    assert client.get(f"/api/solve-runs/{run.pk}/").status_code == 404
    assert client.get(RUNS).status_code == 404


def test_another_director_can_neither_start_nor_cancel_a_run(client_for, other_director, production, broker_up):
    run = SolveRun.objects.create(production=production)
    client = client_for(other_director)
    assert client.post(RUNS, {"engine": "greedy"}, format="json").status_code == 404
    assert client.post(f"/api/solve-runs/{run.pk}/cancel/").status_code == 404
    run.refresh_from_db()
    assert run.status == SolveRun.Status.QUEUED and SolveRun.objects.count() == 1


@pytest.mark.parametrize("role", ["station_operator", "viewer"])
def test_users_without_production_permissions_can_neither_start_nor_cancel_a_run(request, client_for, role, production, broker_up):
    run = SolveRun.objects.create(production=production)
    client = client_for(request.getfixturevalue(role))
    assert client.post(RUNS, {"engine": "greedy"}, format="json").status_code == 403
    assert client.post(f"/api/solve-runs/{run.pk}/cancel/").status_code == 403
    run.refresh_from_db()
    assert run.status == SolveRun.Status.QUEUED and SolveRun.objects.count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_solve_started_over_the_api_is_solved_by_a_real_worker_and_published(client_for, director, small_document, celery_workers, redis_server, settings):
    settings.CELERY_BROKER_URL = redis_server
    import_production(small_document, director=director)
    celery_workers("api-worker")
    client = client_for(director)
    run = client.post(RUNS, {"engine": "greedy", "seconds": 5}, format="json").json()
    deadline = time.monotonic() + 60
    while client.get(f"/api/solve-runs/{run['id']}/").json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the run did not succeed within 60 s"
        time.sleep(0.2)
    followed = client.get(f"/api/solve-runs/{run['id']}/").json()
    assert followed["version"] == 1 == ScheduleVersion.objects.get().number
    schedule = client.get("/api/productions/tiny/schedule/").json()
    assert schedule["version"] == 1 and len(schedule["shoots"]) + len(schedule["unscheduled"]) == 3
