"""The station's standard day: the free windows it leaves, and generating a crew member's windows from it."""

from datetime import datetime, time, timezone

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from crew.day_template import STANDARD_DAY, StandardBlock, free_windows_from_template
from crew.models import CrewMember, DayTemplate, DayTemplateBlock, FreeWindow, Station
from crew.services import crew_member_windows_from_template, day_template_default
from crew.timelines import TimelineError


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 10, day, hour, minute, tzinfo=timezone.utc)


def spans(day: int, *clock_spans: str) -> list[tuple[datetime, datetime]]:
    """`spans(9, "07:30-10:00")` is [(2021-10-09 07:30, 10:00)] UTC."""
    result = []
    for clock_span in clock_spans:
        start, end = (time.fromisoformat(clock) for clock in clock_span.split("-"))
        result.append((at(day, start.hour, start.minute), at(day, end.hour, end.minute)))
    return result


WEEKDAY_FREE = ("20:30-21:30",)
DAY_OFF_FREE = ("07:30-10:00", "11:15-13:00", "14:00-16:00", "17:15-19:30", "20:30-21:30")


def test_standard_day_leaves_the_evening_on_working_days_and_more_on_weekends():
    # 2021-10-08 is a Friday; Saturday 9 and Sunday 10 are days off; Monday 11 works again.
    free = free_windows_from_template(STANDARD_DAY, [5, 6], start=at(8, 0), end=at(12, 0))
    assert free == spans(8, *WEEKDAY_FREE) + spans(9, *DAY_OFF_FREE) + spans(10, *DAY_OFF_FREE) + spans(11, *WEEKDAY_FREE)


def test_days_off_drop_work_and_conferences_but_keep_sleep_meals_and_exercise():
    monday_off = free_windows_from_template(STANDARD_DAY, [0], start=at(11, 0), end=at(12, 0))
    assert monday_off == spans(11, *DAY_OFF_FREE)
    no_days_off = free_windows_from_template(STANDARD_DAY, [], start=at(9, 0), end=at(10, 0))
    assert no_days_off == spans(9, *WEEKDAY_FREE)


def test_a_block_crossing_midnight_reaches_into_the_next_day_and_the_span_start():
    sleep_only = [StandardBlock("sleep", time(21, 30), time(6, 0), "Sleep")]
    free = free_windows_from_template(sleep_only, [], start=at(9, 3), end=at(10, 12))
    assert free == [(at(9, 6), at(9, 21, 30)), (at(10, 6), at(10, 12))]


def test_template_gaps_shorter_than_the_minimum_gap_are_dropped():
    blocks = [StandardBlock("work", time(8), time(12), ""), StandardBlock("meal", time(12, 10), time(13), "")]
    free = free_windows_from_template(blocks, [], start=at(11, 8), end=at(11, 14), min_gap_minutes=15)
    assert free == [(at(11, 13), at(11, 14))]


# --- the models, services and admin ------------------------------------------------------------------------


@pytest.fixture
def station(db):
    return Station.objects.create(code="ISS", name="International Space Station")


@pytest.fixture
def member(station):
    return CrewMember.objects.create(station=station, code="peresild", name="Yulia Peresild", role="actor")


def test_default_template_is_the_standard_iss_day_with_weekends_off_and_is_made_once(station):
    template, created = day_template_default(station=station)
    assert created and template.days_off == [5, 6]
    assert [(block.kind, block.start, block.end) for block in template.blocks.order_by("start", "id")][:3] == [
        ("wake", time(6), time(6, 30)), ("meal", time(6, 30), time(7, 30)), ("conference", time(7, 30), time(8)),
    ]
    assert template.blocks.count() == len(STANDARD_DAY)
    template.blocks.filter(kind="exercise").delete()
    again, created_again = day_template_default(station=station)
    assert again == template and not created_again and again.blocks.count() == len(STANDARD_DAY) - 2


def test_an_empty_template_block_is_refused_by_the_database(station):
    template = DayTemplate.objects.create(station=station)
    with pytest.raises(IntegrityError), transaction.atomic():
        DayTemplateBlock.objects.create(template=template, kind="meal", start=time(13), end=time(13))


def test_member_windows_are_generated_from_the_station_template(member):
    day_template_default(station=member.station)
    change = crew_member_windows_from_template(crew_member=member, start=at(8, 0), end=at(11, 0), replace=True)
    windows = [(w.start, w.end) for w in member.free_windows.order_by("start")]
    assert windows == spans(8, *WEEKDAY_FREE) + spans(9, *DAY_OFF_FREE) + spans(10, *DAY_OFF_FREE)
    assert len(change.added) == 11 and change.removed == [] and change.minutes_before == 0


def test_generating_without_replace_keeps_existing_windows_and_adds_the_template_free_time(member):
    day_template_default(station=member.station)
    FreeWindow.objects.create(crew_member=member, start=at(8, 9), end=at(8, 11))  # a morning off on Friday
    FreeWindow.objects.create(crew_member=member, start=at(20, 9), end=at(20, 11))  # outside the span
    crew_member_windows_from_template(crew_member=member, start=at(8, 0), end=at(9, 0), replace=False)
    assert [(w.start, w.end) for w in member.free_windows.order_by("start")] == [
        (at(8, 9), at(8, 11)), *spans(8, *WEEKDAY_FREE), (at(20, 9), at(20, 11)),
    ]


def test_generating_with_replace_drops_windows_inside_the_span_and_trims_those_crossing_it(member):
    day_template_default(station=member.station)
    FreeWindow.objects.create(crew_member=member, start=at(8, 9), end=at(8, 11))
    FreeWindow.objects.create(crew_member=member, start=at(7, 20), end=at(8, 2))  # crosses the span start
    change = crew_member_windows_from_template(crew_member=member, start=at(8, 0), end=at(9, 0), replace=True)
    assert [(w.start, w.end) for w in member.free_windows.order_by("start")] == [
        (at(7, 20), at(8, 0)), *spans(8, *WEEKDAY_FREE),
    ]
    assert change.removed == [(at(8, 0), at(8, 2)), (at(8, 9), at(8, 11))]


def test_generating_without_a_station_template_says_so(member):
    with pytest.raises(TimelineError, match="station ISS has no day template yet"):
        crew_member_windows_from_template(crew_member=member, start=at(8, 0), end=at(9, 0), replace=True)
    assert not member.free_windows.exists()


def test_station_operator_edits_the_day_template_in_the_admin(client, station_operator, station):
    template, _ = day_template_default(station=station)
    client.force_login(station_operator)
    page = client.get(reverse("admin:crew_daytemplate_change", args=[template.pk]))
    assert page.status_code == 200 and "Daily planning conference (evening)" in page.content.decode()
    assert client.get(reverse("admin:crew_daytemplate_changelist")).status_code == 200


def test_station_operator_creates_the_standard_template_from_the_station_list(client, station_operator, station):
    client.force_login(station_operator)
    response = client.post(
        reverse("admin:crew_station_changelist"), {"action": "day_template_create", "_selected_action": [station.pk]}
    )
    assert response.status_code == 302
    assert DayTemplate.objects.get(station=station).blocks.count() == len(STANDARD_DAY)


def test_station_operator_generates_windows_for_crew_through_the_admin_action(client, station_operator, member):
    day_template_default(station=member.station)
    client.force_login(station_operator)
    url = reverse("admin:crew_crewmember_changelist")
    chosen = {"action": "windows_from_day_template", "_selected_action": [member.pk]}
    form = client.post(url, chosen)
    assert form.status_code == 200 and "Generate free windows" in form.content.decode()
    refused = client.post(url, {**chosen, "generate": "1", "start": "2021-10-09 00:00", "end": "2021-10-08 00:00"})
    assert "must be after the start" in refused.content.decode() and not member.free_windows.exists()
    done = client.post(url, {**chosen, "generate": "1", "start": "2021-10-09 00:00", "end": "2021-10-10 00:00"}, follow=True)
    assert "free windows from the day template, 5 windows added" in done.content.decode()
    assert [(w.start, w.end) for w in member.free_windows.order_by("start")] == spans(9, *DAY_OFF_FREE)


def test_directors_cannot_generate_windows(client, director, member):
    day_template_default(station=member.station)
    client.force_login(director)
    client.post(
        reverse("admin:crew_crewmember_changelist"),
        {"action": "windows_from_day_template", "_selected_action": [member.pk], "generate": "1",
         "start": "2021-10-09 00:00", "end": "2021-10-10 00:00"},
    )
    assert not member.free_windows.exists()
