"""Call sheets, day-out-of-days, comparing versions and the downloads."""

import json
from datetime import date, datetime, timezone

import pytest
from django.urls import reverse

from scheduling.models import Pin, Scene
from scheduling.web.reports import _dood_code, _minutes_by_day, call_sheet, day_out_of_days

pytestmark = pytest.mark.django_db


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_a_shoot_across_midnight_counts_in_both_days():
    assert _minutes_by_day(utc(2021, 10, 5, 23, 30), utc(2021, 10, 6, 0, 45)) == {date(2021, 10, 5): 30, date(2021, 10, 6): 45}


def test_dood_codes_mark_start_work_finish_and_holds():
    first, last = date(2021, 10, 5), date(2021, 10, 7)
    assert [_dood_code(date(2021, 10, d), m, first, last) for d, m in ((4, 0), (5, 60), (6, 0), (7, 30), (8, 0))] == ["", "SW", "H", "WF", ""]
    assert _dood_code(first, 60, first, first) == "SWF"


def test_call_sheet_lists_who_where_when_with_the_days_events(tiny_scheduled):
    version = tiny_scheduled.schedule_versions.get()
    sheet = call_sheet(production=tiny_scheduled, version=version, day=date(2021, 10, 5))
    arrival = next(shoot for shoot in sheet.shoots if shoot.scene == "001")
    assert (arrival.start, arrival.module, arrival.people) == (utc(2021, 10, 5, 17), "Zvezda", ["Yulia Peresild", "Klim Shipenko"])
    assert arrival.status == "pinned" and arrival.light == []  # no TLE, no orbit
    assert {call.name for call in sheet.calls} >= {"Yulia Peresild", "Klim Shipenko"}
    day2 = call_sheet(production=tiny_scheduled, version=version, day=date(2021, 10, 6))
    assert [event.title for event in day2.events] == ["Thruster test"]
    assert day2.events[0].people == "everyone" and day2.events[0].modules == "Zvezda"
    assert [(c.modules, c.title) for c in day2.closures] == [("Zvezda", "cargo")]


def test_call_sheet_gives_orbital_day_and_night_for_each_shoot(challenge):
    version = challenge.schedule_versions.get()
    shoot = version.shoots.order_by("start").first()
    sheet = call_sheet(production=challenge, version=version, day=shoot.start.date())
    first = sheet.shoots[0]
    assert first.light and first.light[0].start == shoot.start and first.light[-1].end == shoot.end
    assert sum(span.minutes for span in first.light) == first.minutes
    assert {span.kind for span in first.light} <= {"day", "night"}
    assert 14 <= sheet.nights <= 17 or shoot.start.date() == challenge.start.date()


def test_call_sheet_page_is_printable_and_navigates_days(director_client, challenge):
    page = director_client.get(reverse("web:callsheet", args=["challenge"]) + "?day=2021-10-08").content.decode()
    assert "Call sheet · Day 4 of 12 · Friday 08 October 2021" in page
    assert "Seat-liner swap from Soyuz MS-19 to Soyuz MS-18" in page
    assert "data-print>Print call sheet</button>" in page and "light-span--night" in page  # app.js prints
    assert 'href="?day=2021-10-07" rel="prev"' in page and 'href="?day=2021-10-09" rel="next"' in page
    assert director_client.get(reverse("web:callsheet", args=["challenge"]) + "?day=2022-01-01").status_code == 404


def test_day_out_of_days_adds_up_the_minutes_shot(director_client, tiny_scheduled):
    version = tiny_scheduled.schedule_versions.get()
    dood = day_out_of_days(production=tiny_scheduled, version=version)
    assert dood.days == [date(2021, 10, 5), date(2021, 10, 6), date(2021, 10, 7)]
    peresild = next(row for row in dood.rows if row.name == "Yulia Peresild")
    expected = sum(shoot.scene.minutes for shoot in version.shoots.select_related("scene") if "peresild" in shoot.people)
    assert peresild.minutes == expected and peresild.cells[0].code in ("SW", "SWF")
    page = director_client.get(reverse("web:dood", args=["tiny"])).content.decode()
    assert "Day out of days" in page and f"<td>{dood.minutes}</td>" in page


def test_compare_shows_moved_added_and_dropped(director_client, tiny_scheduled):
    from tests.web.conftest import publish

    arrival = Scene.objects.get(production=tiny_scheduled, code="001")
    Pin.objects.filter(scene=arrival).update(start=utc(2021, 10, 5, 19))
    publish(tiny_scheduled)
    page = director_client.get(reverse("web:compare", args=["tiny"])).content.decode()
    assert "Version 1 → version 2" in page
    assert '<th scope="row">001 Arrival</th><td>2021-10-05T17:00:00Z · zvezda</td><td>2021-10-05T19:00:00Z · zvezda</td>' in page
    picked = director_client.get(reverse("web:compare", args=["tiny"]), {"old": 2, "new": 1}).content.decode()
    assert "Version 2 → version 1" in picked


def test_downloads_give_the_json_csv_and_icalendar_exports(director_client, tiny_scheduled):
    base = reverse("web:export", args=["tiny", 1, "json"])
    document = json.loads(director_client.get(base).content)
    assert document["format"] == "orbitfilm/schedule@1" and document["version"] == 1
    csv = director_client.get(reverse("web:export", args=["tiny", 1, "csv"]))
    assert csv["Content-Disposition"] == 'attachment; filename="tiny-v1.csv"'
    assert csv.content.decode().splitlines()[0] == "scene,title,module,start,end,people"
    ics = director_client.get(reverse("web:export", args=["tiny", 1, "ics"]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    assert director_client.get(reverse("web:export", args=["tiny", 9, "csv"])).status_code == 404
    assert director_client.get(reverse("web:export", args=["tiny", 1, "xml"])).status_code == 404


def test_the_call_sheet_shows_the_revision_and_marks_changed_shoots(director_client, tiny_scheduled):
    from scheduling.moves import Move, moves_publish

    first = director_client.get(reverse("web:callsheet", args=["tiny"]), {"day": "2021-10-05"}).content.decode()
    assert "White revision</span> · version 1" in first and "★" not in first
    moves_publish(production=tiny_scheduled, moves=[Move("003", datetime(2021, 10, 5, 19, tzinfo=timezone.utc), "zvezda")])
    page = director_client.get(reverse("web:callsheet", args=["tiny"]), {"day": "2021-10-05"}).content.decode()
    assert "Blue revision</span> · version 2" in page
    assert "marks a shoot new or moved since version 1" in page
    assert page.count('<span class="changed"') == 1
    assert "moved since version 1 (was Tue 05 Oct 16:00 UTC in Zvezda)" in page
    summary = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    assert '<span class="revision" style="--paper: #cfe3ff">blue revision</span>' in summary
