"""Scheduling from the page: starting runs, live progress by polling, cancelling, and the refusals."""

from datetime import datetime, timezone

import pytest
from django.urls import reverse

from scheduling.models import SolveRun

from .conftest import publish

pytestmark = pytest.mark.django_db

START = {"engine": "cp-sat", "seconds": "20", "action": "schedule"}


def test_schedule_queues_a_run_with_the_chosen_engine_and_time_limit(director_client, tiny, redis_server):
    response = director_client.post(reverse("web:run_start", args=["tiny"]), dict(START, engine="greedy", seconds="7"))
    assert response.status_code == 302 and response["Location"].endswith("/p/tiny/#solve-progress")
    run = SolveRun.objects.get(production=tiny)
    assert (run.status, run.engine, run.time_limit_seconds, run.replan_from) == ("queued", "greedy", 7, None)


def test_replan_from_an_instant_or_from_now(director_client, tiny, redis_server):
    director_client.post(reverse("web:run_start", args=["tiny"]), dict(START, action="replan-at", replan_from="2021-10-06T12:00"))
    run = SolveRun.objects.get(production=tiny)
    assert run.replan_from == datetime(2021, 10, 6, 12, 0, tzinfo=timezone.utc)
    run.status = SolveRun.Status.CANCELLED
    run.save()
    director_client.post(reverse("web:run_start", args=["tiny"]), dict(START, action="replan-now"))
    latest = SolveRun.objects.filter(production=tiny).first()
    assert latest.replan_from is not None and latest.replan_from.year >= 2025


def test_replan_at_needs_an_instant(director_client, tiny):
    response = director_client.post(reverse("web:run_start", args=["tiny"]), dict(START, action="replan-at", replan_from=""))
    assert response.status_code == 400 and "Give the instant to re-plan from." in response.content.decode()
    assert not SolveRun.objects.exists()


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_queue_is_a_clear_503(director_client, tiny, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = director_client.post(reverse("web:run_start", args=["tiny"]), START)
    assert response.status_code == 503
    page = response.content.decode()
    assert "The scheduling workers cannot be reached" in page and "No solve was started" in page
    assert 'hx-get="/p/tiny/"' in page and 'action="/p/tiny/"' in page  # links and forms lead back to the timeline
    assert not SolveRun.objects.exists()


def test_a_second_run_while_one_is_active_is_refused_with_a_link_to_it(director_client, tiny, redis_server):
    active = SolveRun.objects.create(production=tiny, status=SolveRun.Status.QUEUED)
    response = director_client.post(reverse("web:run_start", args=["tiny"]), START)
    assert response.status_code == 409
    page = response.content.decode()
    assert "A run is already active" in page and reverse("web:run", args=["tiny", active.pk]) in page
    assert SolveRun.objects.count() == 1


def test_progress_polls_every_second_while_the_run_is_active(director_client, tiny):
    run = SolveRun.objects.create(
        production=tiny, status=SolveRun.Status.RUNNING, started=datetime.now(timezone.utc), solutions_found=3,
        best_objective=15, best_bound=17, elapsed_seconds=2.5, time_limit_seconds=20,
    )
    page = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    assert 'hx-trigger="every 1s"' in page and f'{reverse("web:run_progress", args=["tiny", run.pk])}?poll=1' in page
    partial = director_client.get(reverse("web:run_progress", args=["tiny", run.pk]), {"poll": "1"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert 'hx-trigger="every 1s"' in html and "<html" not in html
    assert '<dd class="run-solutions">3</dd>' in html and '<dd class="run-objective">15</dd>' in html
    assert '<dd class="run-bound">17</dd>' in html and 'id="run-cancel"' in html
    assert "HX-Trigger" not in partial


def test_progress_stops_polling_when_the_run_ends_and_tells_the_page(director_client, tiny_scheduled):
    version = tiny_scheduled.schedule_versions.get()
    run = SolveRun.objects.create(production=tiny_scheduled, status=SolveRun.Status.SUCCEEDED, best_objective=17, best_bound=17)
    version.solve_run = run
    version.save()
    partial = director_client.get(reverse("web:run_progress", args=["tiny", run.pk]), {"poll": "1"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert "hx-trigger" not in html and partial["HX-Trigger"] == "solve-finished"
    assert '<span class="run-status">done</span>' in html and "version 1</a> published" in html
    # Rendered on page load (not as a poll), a finished run does not tell the page to reload.
    assert "HX-Trigger" not in director_client.get(reverse("web:run_progress", args=["tiny", run.pk]))


def test_the_page_reloads_its_schedule_view_when_a_run_finishes(director_client, tiny):
    page = director_client.get(reverse("web:production", args=["tiny"]) + "?week=1").content.decode()
    assert 'id="schedule-view" hx-get="/p/tiny/?week=1" hx-trigger="solve-finished from:body, board-changed from:body" hx-select="#schedule-view"' in page


def test_cancel_stops_a_queued_run_at_once(director_client, tiny):
    run = SolveRun.objects.create(production=tiny, status=SolveRun.Status.QUEUED)
    response = director_client.post(reverse("web:run_cancel", args=["tiny", run.pk]), HTTP_HX_REQUEST="true")
    run.refresh_from_db()
    assert run.status == SolveRun.Status.CANCELLED
    assert "hx-trigger" not in response.content.decode() and response["HX-Trigger"] == "solve-finished"


def test_cancel_without_htmx_redirects_back(director_client, tiny):
    run = SolveRun.objects.create(production=tiny, status=SolveRun.Status.QUEUED)
    response = director_client.post(reverse("web:run_cancel", args=["tiny", run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == SolveRun.Status.CANCELLED


def test_the_repair_button_appears_once_a_schedule_is_published(director_client, tiny):
    url = reverse("web:run_repair", args=["tiny"])
    assert f'action="{url}"' not in director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    publish(tiny)
    page = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    assert f'action="{url}"' in page and ">Repair</button>" in page


def test_repair_queues_a_repair_run_with_the_default_engine(director_client, tiny_scheduled, redis_server, settings):
    settings.SOLVER_DEFAULT_SECONDS = 12
    response = director_client.post(reverse("web:run_repair", args=["tiny"]))
    assert response.status_code == 302 and response["Location"].endswith("/p/tiny/#solve-progress")
    run = SolveRun.objects.get(production=tiny_scheduled)
    assert (run.status, run.repair, run.engine, run.time_limit_seconds, run.replan_from) == ("queued", True, "cp-sat", 12, None)
    page = director_client.get(response["Location"]).content.decode()
    assert f"Solve run {run.pk} queued: repair of the published schedule with cp-sat" in page


def test_repair_before_anything_is_published_says_there_is_nothing_to_repair(director_client, tiny, redis_server):
    response = director_client.post(reverse("web:run_repair", args=["tiny"]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing to repair" in page and "has no published schedule to repair; schedule it first" in page
    assert not SolveRun.objects.exists()


def test_a_finished_repair_lists_what_moved_and_why(director_client, tiny_scheduled):
    line = "moved 002 from 06 Oct 08:00 to 06 Oct 11:00: zvezda is closed then"
    run = SolveRun.objects.create(
        production=tiny_scheduled, status=SolveRun.Status.SUCCEEDED, repair=True, message="feasible: 3 scenes scheduled",
        moves=[{"scene": "002", "from": {"start": "2021-10-06T08:00:00Z", "module": "zvezda"},
                "to": {"start": "2021-10-06T11:00:00Z", "module": "zvezda"}, "reason": "zvezda is closed then", "line": line}],
    )
    html = director_client.get(reverse("web:run_progress", args=["tiny", run.pk])).content.decode()
    assert '<ul class="run-moves" aria-label="Published shoots moved">' in html and f"<li>{line}</li>" in html
    assert "repair ·" in html
