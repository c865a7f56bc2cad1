"""Station changes checked in the background by real Celery workers on a real Redis: stored, told once, and
found by the sweep when the broker was down at the time of the change."""

import copy
import time
from datetime import timedelta

import pytest

from core.times import format_time
from crew.models import ModuleClosure
from scheduling.models import Notification, ScheduleCheck, Shoot, SolveRun
from scheduling.runs import solve_run_request
from scheduling.schedule_checks import schedule_check
from scheduling.selectors import scene_entry
from scheduling.services import scene_save
from tests.api.conftest import import_production
from tests.scheduling.test_worker import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ISS = "/api/stations/ISS/"


def stored_scenes(production) -> list[str] | None:
    check = ScheduleCheck.objects.filter(production=production).first()
    return None if check is None else [conflict["scene"] for conflict in check.conflicts]


def closure_over(production, scene: str) -> dict:
    shoot = Shoot.objects.select_related("module").get(version__production=production, scene__code=scene)
    return {"module": shoot.module.code, "start": format_time(shoot.start), "end": format_time(shoot.end), "reason": "leak"}


def test_a_worker_checks_a_station_change_and_the_director_is_told_once(tiny, operator_api, celery_workers, tmp_path):
    outbox = tmp_path / "mail"
    celery_workers("checker", EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(outbox))
    wait_for(lambda: stored_scenes(tiny) == [], 60, "the check its publication queued")

    assert operator_api.post(ISS + "closures/", closure_over(tiny, "003"), format="json").status_code == 201
    wait_for(lambda: stored_scenes(tiny) == ["003"], 60, "the worker to flag 003")
    notification = Notification.objects.get(user=tiny.director)
    assert "003 on" in notification.body
    mails = wait_for(lambda: list(outbox.glob("*.log")), 30, "the email")
    assert len(mails) == 1 and f"Subject: {notification.subject}" in mails[0].read_text()

    # Another change that breaks nothing new: checked again, nobody told again.
    revision = ScheduleCheck.objects.get(production=tiny).station_revision
    later = format_time(tiny.end + timedelta(hours=1))
    operator_api.post(ISS + "events/", {"code": "after-the-stay", "start": later, "end": format_time(tiny.end + timedelta(hours=2)),
                                    "people": "all", "modules": "all"}, format="json")
    wait_for(lambda: ScheduleCheck.objects.get(production=tiny).station_revision > revision, 60, "the second check")
    assert stored_scenes(tiny) == ["003"]
    assert Notification.objects.count() == 1 and len(list(outbox.glob("*.log"))) == 1


def test_with_the_broker_down_the_change_saves_and_a_workers_sweep_checks_it(tiny, operator_api, redis_process, celery_workers):
    schedule_check(production=tiny)
    redis_process.stop()
    try:
        started = time.monotonic()
        response = operator_api.post(ISS + "closures/", closure_over(tiny, "001"), format="json")
        assert response.status_code == 201 and time.monotonic() - started < 10
        assert ModuleClosure.objects.filter(reason="leak").exists()
    finally:
        redis_process.start()  # empty: no check was queued, and none can have been kept
    celery_workers("sweeper")
    wait_for(lambda: stored_scenes(tiny) == ["001"], 90, "the sweep to flag 001")


def test_another_production_publishing_on_a_worker_flags_the_shoot_it_takes(tiny, other_director, small_document, celery_workers):
    target = Shoot.objects.get(version__production=tiny, scene__code="003")
    scene = tiny.scenes.get(code="003")  # peresild joins 003 after publication: its shoot never booked her
    scene_save(production=tiny, code="003", entry={**scene_entry(scene=scene), "people": ["shipenko", "peresild"]})
    celery_workers("solver")
    wait_for(lambda: stored_scenes(tiny) == [], 60, "the check of tiny's scene edit")
    other = copy.deepcopy(small_document)
    other["production"]["code"] = "other"
    other["scenes"] = [{**other["scenes"][0], "code": "B01", "people": ["peresild"], "modules": ["poisk"], "required": True}]
    other["pinned"] = [{"scene": "B01", "start": format_time(target.start), "module": "poisk"}]
    run = solve_run_request(production=import_production(other, director=other_director), engine_name="greedy", seconds=5)
    wait_for(lambda: SolveRun.objects.get(pk=run.pk).status == SolveRun.Status.SUCCEEDED, 60, "the other production to publish")
    wait_for(lambda: stored_scenes(tiny) == ["003"], 60, "tiny's check after the other production published")
    assert "booked by another production" in ScheduleCheck.objects.get(production=tiny).conflicts[0]["message"]
