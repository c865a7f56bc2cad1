"""A published schedule re-checked against the station as it is now: each kind of station change flags exactly
the shoots it breaks, and nothing else; the director is told once per change."""

import copy
from datetime import timedelta

import pytest
from django.core import mail

from core.times import format_time
from crew.models import CrewMember
from crew.services import crew_member_timeline_apply
from scheduling.models import Notification, ScheduleCheck, Shoot
from scheduling.schedule_checks import schedule_check, schedule_check_fresh
from scheduling.services import scene_save
from scheduling.selectors import scene_entry
from tests.api.conftest import import_production, publish

pytestmark = pytest.mark.django_db

ISS = "/api/stations/ISS/"


def shoot(production, scene: str) -> Shoot:
    return Shoot.objects.select_related("module").get(version__production=production, scene__code=scene)


def broken(production) -> dict[str, set[str]]:
    """Scene code -> the rules its shoot breaks, from a check made now."""
    found: dict[str, set[str]] = {}
    for conflict in schedule_check(production=production)["conflicts"]:
        found.setdefault(conflict["scene"], set()).add(conflict["rule"])
    return found


def test_a_fresh_schedule_breaks_nothing(tiny):
    check = schedule_check(production=tiny)
    assert check["version"] == 1 and check["conflicts"] == []
    assert ScheduleCheck.objects.get(production=tiny).conflicts == []


def test_a_station_event_over_one_shoot_breaks_exactly_that_shoot(tiny, operator_api):
    target = shoot(tiny, "002")
    event = {"code": "hatch-seal", "title": "Hatches sealed", "start": format_time(target.start),
             "end": format_time(target.start + timedelta(minutes=10)), "people": [], "modules": [target.module.code]}
    assert operator_api.post(ISS + "events/", event, format="json").status_code == 201
    conflicts = schedule_check(production=tiny)["conflicts"]
    assert [(c["scene"], c["rule"]) for c in conflicts] == [("002", "event")]
    assert "event hatch-seal" in conflicts[0]["message"] and f"blocks {target.module.code}" in conflicts[0]["message"]


def test_a_closure_of_one_shoots_module_breaks_exactly_that_shoot(tiny, operator_api):
    target = shoot(tiny, "003")
    closure = {"module": target.module.code, "start": format_time(target.start), "end": format_time(target.end), "reason": "leak"}
    assert operator_api.post(ISS + "closures/", closure, format="json").status_code == 201
    assert broken(tiny) == {"003": {"closure"}}


def test_a_free_window_cut_under_one_shoot_breaks_exactly_that_shoot(tiny, operator_api):
    target = shoot(tiny, "003")  # shipenko alone; 001 follows with shipenko too, untouched
    member = CrewMember.objects.get(code="shipenko")
    free = []
    for window in member.free_windows.order_by("start"):
        for start, end in ((window.start, min(window.end, target.start)), (max(window.start, target.end), window.end)):
            if start < end:
                free.append({"start": format_time(start), "end": format_time(end)})
    assert operator_api.patch(ISS + "crew/shipenko/", {"free": free}, format="json").status_code == 200
    assert broken(tiny) == {"003": {"free-window"}}


def test_a_calendar_import_busy_over_one_shoot_breaks_exactly_that_shoot(tiny):
    target = shoot(tiny, "002")  # peresild alone
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:medical@test\r\n"
        f"DTSTART:{target.start + timedelta(minutes=30):%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{target.start + timedelta(minutes=60):%Y%m%dT%H%M%SZ}\r\n"
        "SUMMARY:Medical experiment\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    crew_member_timeline_apply(
        crew_member=CrewMember.objects.get(code="peresild"), ics=ics, aboard_start=tiny.start, aboard_end=tiny.end
    )
    assert broken(tiny) == {"002": {"free-window"}}


def test_a_lower_daily_cap_breaks_every_shoot_of_that_person_on_the_days_past_it(tiny, operator_api):
    cap = 60
    minutes: dict = {}
    for s in Shoot.objects.filter(version__production=tiny).select_related("scene"):
        if "peresild" in s.people:  # no shoot of tiny crosses midnight
            minutes.setdefault(s.start.date(), []).append((s.scene.code, s.scene.minutes))
    past_it = {code for shoots in minutes.values() if sum(m for _, m in shoots) > cap for code, _ in shoots}
    assert past_it and past_it != {code for shoots in minutes.values() for code, _ in shoots}  # some days only
    assert operator_api.patch(ISS + "crew/peresild/", {"max_minutes_per_day": cap}, format="json").status_code == 200
    conflicts = schedule_check(production=tiny)["conflicts"]
    assert {c["scene"] for c in conflicts} == past_it
    assert all(c["rule"] == "daily-cap" and f"more than the cap of {cap}" in c["message"] for c in conflicts)


def test_another_production_publishing_over_a_shoot_breaks_exactly_that_shoot(tiny, other_director, small_document):
    # tiny's director puts peresild into 003 after publishing: its published shoot never booked her, so the
    # other production may take her then, and does.
    target = shoot(tiny, "003")
    scene = tiny.scenes.get(code="003")
    scene_save(production=tiny, code="003", entry={**scene_entry(scene=scene), "people": ["shipenko", "peresild"]})
    assert broken(tiny) == {}
    other = copy.deepcopy(small_document)
    other["production"]["code"] = "other"
    other["scenes"] = [{**other["scenes"][0], "code": "B01", "people": ["peresild"], "modules": ["poisk"], "required": True}]
    other["pinned"] = [{"scene": "B01", "start": format_time(target.start), "module": "poisk"}]
    publish(import_production(other, director=other_director))
    conflicts = schedule_check(production=tiny)["conflicts"]
    assert [(c["scene"], c["rule"]) for c in conflicts] == [("003", "event")]
    assert "booked by another production" in conflicts[0]["message"] and "other" not in conflicts[0]["message"].split()


def test_a_scene_made_longer_than_its_shoot_is_a_length_conflict(tiny):
    scene = tiny.scenes.get(code="002")
    scene_save(production=tiny, code="002", entry={**scene_entry(scene=scene), "minutes": 120})
    conflicts = schedule_check(production=tiny)["conflicts"]
    assert [(c["scene"], c["rule"]) for c in conflicts] == [("002", "length")]
    assert "lasts 90 min, the scene needs 120" in conflicts[0]["message"]


def test_scenes_added_since_the_version_and_shot_scenes_break_nothing(tiny, operator_api):
    entry = {**scene_entry(scene=tiny.scenes.get(code="003")), "code": "004"}
    scene_save(production=tiny, entry=entry)  # not in version 1: not a conflict of it
    target = shoot(tiny, "003")
    tiny.scenes.filter(code="003").update(shot=True)  # already in the can: a closure then changes nothing
    closure = {"module": target.module.code, "start": format_time(target.start), "end": format_time(target.end)}
    assert operator_api.post(ISS + "closures/", closure, format="json").status_code == 201
    assert broken(tiny) == {}


def test_the_director_is_told_once_per_change_not_once_per_check(tiny, operator_api, django_capture_on_commit_callbacks):
    target = shoot(tiny, "003")
    closure = {"module": target.module.code, "start": format_time(target.start), "end": format_time(target.end)}
    operator_api.post(ISS + "closures/", closure, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_check(production=tiny)
        schedule_check(production=tiny)
    notification = Notification.objects.get()
    assert notification.user == tiny.director and notification.production == tiny
    assert notification.subject == "Tiny: 1 shoot broken by station changes since version 1"
    assert f"003 on {target.start:%d %b %H:%M}: scene 003 in {target.module.code}" in notification.body
    assert [message.to for message in mail.outbox] == [["klim@example.org"]]
    assert mail.outbox[0].subject == notification.subject and notification.body in mail.outbox[0].body

    other = shoot(tiny, "002")  # a second change, breaking another shoot: told again, about that one only
    event = {"code": "egress", "start": format_time(other.start), "end": format_time(other.end), "people": "all", "modules": []}
    operator_api.post(ISS + "events/", event, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_check(production=tiny)
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    latest = Notification.objects.first()
    assert "002 on" in latest.body and "003 on" not in latest.body


def test_a_director_without_an_email_address_is_told_in_the_app_only(tiny, operator_api, django_capture_on_commit_callbacks):
    tiny.director.email = ""
    tiny.director.save()
    target = shoot(tiny, "001")
    operator_api.post(ISS + "events/", {"code": "drill", "start": format_time(target.start), "end": format_time(target.end),
                                    "people": ["shipenko"], "modules": []}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_check(production=tiny)
    assert Notification.objects.filter(user=tiny.director).count() == 1 and mail.outbox == []


def test_a_stale_check_is_made_again_when_asked_for_a_fresh_one(tiny, operator_api):
    first = schedule_check(production=tiny)
    assert schedule_check_fresh(production=tiny) == first  # nothing changed: the stored one
    target = shoot(tiny, "003")
    operator_api.post(ISS + "closures/", {"module": target.module.code, "start": format_time(target.start),
                                     "end": format_time(target.end)}, format="json")
    assert [c["scene"] for c in schedule_check_fresh(production=tiny)["conflicts"]] == ["003"]
