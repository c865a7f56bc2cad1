"""Station data tells when it changes (`crew.signals.station_changed`), however it changes, and once per write
however many rows the write touches."""

from datetime import datetime, timedelta, timezone

import pytest
from django.db import transaction
from django.urls import reverse

from crew.models import CrewMember, FreeWindow, Module, ModuleClosure, Station, StationEvent
from crew.services import crew_member_free_windows_replace, module_upsert
from crew.signals import station_changes

pytestmark = pytest.mark.django_db

T0 = datetime(2021, 10, 5, 16, tzinfo=timezone.utc)


@pytest.fixture
def iss():
    station = Station.objects.create(code="ISS")
    module = Module.objects.create(station=station, code="zvezda", capacity=3)
    member = CrewMember.objects.create(station=station, code="peresild")
    return station, module, member


def test_saving_and_deleting_each_kind_of_station_data_tells_its_station(told, iss):
    station, module, member = iss
    other = Station.objects.create(code="Tiangong")
    told.clear()
    made = [
        Module.objects.create(station=other, code="tianhe", capacity=3),
        ModuleClosure.objects.create(module=module, start=T0, end=T0 + timedelta(hours=1)),
        CrewMember.objects.create(station=station, code="shipenko"),
        FreeWindow.objects.create(crew_member=member, start=T0, end=T0 + timedelta(hours=2)),
        StationEvent.objects.create(station=station, code="egress", start=T0, end=T0 + timedelta(hours=1)),
    ]
    assert told == [other.pk, station.pk, station.pk, station.pk, station.pk]
    told.clear()
    for thing in reversed(made):
        thing.delete()
    assert told == [station.pk, station.pk, station.pk, station.pk, other.pk]


def test_an_events_people_and_modules_changing_tells_its_station(told, iss):
    station, module, member = iss
    event = StationEvent.objects.create(station=station, code="egress", start=T0, end=T0 + timedelta(hours=1))
    told.clear()
    event.people.add(member)
    member.events.remove(event)  # from the other side too
    event.modules.set([module])
    assert told == [station.pk] * 3


def test_a_timeline_import_tells_once_however_many_windows_it_writes(told, iss):
    _, _, member = iss
    FreeWindow.objects.bulk_create(FreeWindow(crew_member=member, start=T0 + timedelta(hours=3 * n), end=T0 + timedelta(hours=3 * n + 1)) for n in range(20))
    told.clear()
    windows = [(T0 + timedelta(hours=2 * n), T0 + timedelta(hours=2 * n + 1)) for n in range(30)]
    crew_member_free_windows_replace(crew_member=member, windows=windows, start=T0, end=T0 + timedelta(days=3))
    assert told == [member.station_id]
    assert member.free_windows.count() == 30


def test_bulk_inserted_closures_tell_their_station(told, iss):
    station, _, _ = iss
    told.clear()
    closures = [(T0 + timedelta(hours=2 * n), T0 + timedelta(hours=2 * n + 1), "cargo") for n in range(5)]
    module_upsert(station=station, entry={"code": "poisk", "name": "", "segment": "", "capacity": 2, "window": False}, closures=closures)
    assert told == [station.pk]


def test_a_batch_that_fails_tells_nothing(told, iss):
    station, module, _ = iss
    told.clear()
    with pytest.raises(RuntimeError), transaction.atomic(), station_changes():
        ModuleClosure.objects.create(module=module, start=T0, end=T0 + timedelta(hours=1))
        raise RuntimeError("the write fails half way")
    assert told == []


def test_an_admin_save_with_its_inline_free_windows_tells_once(told, iss, client, station_operator):
    _, _, member = iss
    client.force_login(station_operator)
    data = {
        "station": member.station_id, "code": member.code, "name": "", "role": "", "max_minutes_per_day": "",
        "free_windows-TOTAL_FORMS": "3", "free_windows-INITIAL_FORMS": "0",
        "free_windows-MIN_NUM_FORMS": "0", "free_windows-MAX_NUM_FORMS": "1000",
    }
    for index in range(3):
        day = f"2021-10-0{6 + index}"
        data.update({f"free_windows-{index}-start_0": day, f"free_windows-{index}-start_1": "10:00:00",
                     f"free_windows-{index}-end_0": day, f"free_windows-{index}-end_1": "12:00:00"})
    told.clear()
    response = client.post(reverse("admin:crew_crewmember_change", args=[member.pk]), data)
    assert response.status_code == 302
    assert member.free_windows.count() == 3
    assert told == [member.station_id]
