"""When checks are queued: once per production on the changed station with a published version, once per
transaction however many rows it wrote, after it commits; and what the queue missed, the sweep checks."""

import copy
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from core.times import format_time
from crew.models import CrewMember, Station
from scheduling import schedule_checks
from scheduling.models import ScheduleCheck, Shoot, StationRevision
from scheduling.schedule_checks import schedule_check, schedule_checks_sweep
from scheduling.selectors import scene_entry
from scheduling.services import scene_save
from tests.api.conftest import import_production, publish

pytestmark = pytest.mark.django_db

ISS = "/api/stations/ISS/"


@pytest.fixture
def queued(monkeypatch):
    """The production ids of each batch of checks put on the queue."""
    batches = []
    monkeypatch.setattr(schedule_checks, "_checks_enqueue", lambda ids: batches.append(list(ids)))
    return batches


def renamed(document: dict, code: str, *, station: str = "ISS", pin: str = "2021-10-06T12:00:00Z") -> dict:
    document = copy.deepcopy(document)
    document["production"].update(code=code, station=station)
    document["pinned"][0]["start"] = pin
    return document


@pytest.fixture
def station_productions(small_document, director):
    """On ISS: tiny and other published, draft not; elsewhere: tiangong published."""
    tiny = import_production(small_document, director=director)
    other = import_production(renamed(small_document, "other"), director=director)
    import_production(renamed(small_document, "draft"), director=director)
    tiangong = import_production(renamed(small_document, "tiangong", station="Tiangong"), director=director)
    for production in (tiny, other, tiangong):
        publish(production)
    return tiny, other, tiangong


def test_a_station_change_queues_each_published_production_on_that_station_once(
    station_productions, operator_api, queued, django_capture_on_commit_callbacks
):
    tiny, other, _ = station_productions
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_api.post(ISS + "closures/", {"module": "poisk", "start": "2021-10-06T18:00:00Z",
                                                     "end": "2021-10-06T19:00:00Z"}, format="json")
    assert response.status_code == 201
    assert queued == [[tiny.pk, other.pk]]


def test_nothing_is_queued_before_the_change_commits_nor_when_it_rolls_back(
    station_productions, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            CrewMember.objects.get(code="peresild", station__code="ISS").free_windows.all().delete()
            assert queued == []
            raise RuntimeError("the operator's request fails")
    assert callbacks == [] and queued == []


def test_an_admin_save_writing_many_rows_queues_each_production_once(
    station_productions, client, station_operator, queued, django_capture_on_commit_callbacks
):
    tiny, other, _ = station_productions
    member = CrewMember.objects.get(code="shipenko", station__code="ISS")
    data = {
        "station": member.station_id, "code": member.code, "name": member.name, "role": member.role,
        "max_minutes_per_day": "", "free_windows-TOTAL_FORMS": "4", "free_windows-INITIAL_FORMS": "0",
        "free_windows-MIN_NUM_FORMS": "0", "free_windows-MAX_NUM_FORMS": "1000",
    }
    for index in range(4):  # free time after the stay: it breaks nothing, so the admin saves at once
        day = f"2021-10-{10 + index}"
        data.update({f"free_windows-{index}-start_0": day, f"free_windows-{index}-start_1": "10:00:00",
                     f"free_windows-{index}-end_0": day, f"free_windows-{index}-end_1": "12:00:00"})
    client.force_login(station_operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:crew_crewmember_change", args=[member.pk]), data)
    assert response.status_code == 302
    assert queued == [[tiny.pk, other.pk]]


def test_publishing_queues_the_stations_productions_the_publisher_too(
    station_productions, queued, django_capture_on_commit_callbacks
):
    tiny, other, _ = station_productions
    with django_capture_on_commit_callbacks(execute=True):
        publish(other)
    assert queued == [[tiny.pk, other.pk]]


def test_a_scene_edit_queues_its_own_production_only(station_productions, queued, django_capture_on_commit_callbacks):
    tiny, _, _ = station_productions
    scene = tiny.scenes.get(code="002")
    with django_capture_on_commit_callbacks(execute=True):
        scene_save(production=tiny, code="002", entry={**scene_entry(scene=scene), "title": "Examination, take 2"})
    assert queued == [[tiny.pk]]


def test_a_station_without_published_schedules_keeps_no_count(small_document, director, operator_api, queued):
    import_production(small_document, director=director)
    operator_api.post(ISS + "events/", {"code": "egress", "start": "2021-10-06T18:00:00Z", "end": "2021-10-06T19:00:00Z",
                                    "people": "all", "modules": []}, format="json")
    assert not StationRevision.objects.exists()


def test_the_sweep_checks_what_the_queue_missed_once_it_has_been_quiet_long_enough(station_productions, operator_api, queued):
    tiny, other, tiangong = station_productions
    for production in station_productions:
        schedule_check(production=production)
    target = Shoot.objects.get(version__production=tiny, scene__code="003")
    operator_api.post(ISS + "closures/", {"module": target.module.code, "start": format_time(target.start),
                                     "end": format_time(target.end)}, format="json")  # its queued checks never ran
    changed = StationRevision.objects.get(station__code="ISS").changed
    assert schedule_checks_sweep(now=changed + timedelta(seconds=1)) == []  # the queued checks may still come
    later = changed + timedelta(seconds=settings.SOLVE_RUN_STALE_SECONDS + 1)
    assert schedule_checks_sweep(now=later) == [tiny.pk, other.pk]
    assert [c["scene"] for c in ScheduleCheck.objects.get(production=tiny).conflicts] == ["003"]
    assert schedule_checks_sweep(now=later) == []  # every check is up to date now


def test_the_sweep_checks_a_published_version_never_checked(station_productions):
    tiny, _, _ = station_productions
    newest = tiny.schedule_versions.get().created
    later = newest + timedelta(seconds=settings.SOLVE_RUN_STALE_SECONDS + 1)
    assert set(schedule_checks_sweep(now=later)) == {production.pk for production in station_productions}
    assert ScheduleCheck.objects.filter(production__station=Station.objects.get(code="ISS")).count() == 2
