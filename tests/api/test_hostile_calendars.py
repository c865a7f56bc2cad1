"""Crew calendars that would make the expansion run away get a fast, small 400 and write nothing: each rule is
checked before anything is expanded, and a wall-clock guard stops an expansion that slips through.

`RRULE:FREQ=DAILY;INTERVAL=0` used to spin the request thread at 100% CPU, growing by 13 MB a second.
"""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse

from crew import timelines
from crew.models import CrewMember, FreeWindow

pytestmark = pytest.mark.django_db

FAST = 5.0  # seconds: "a few", on a loaded machine; the expansion guard alone stops at EXPANSION_SECONDS
SMALL = 5_000  # bytes of error body
ABOARD = {"aboard_start": "2021-10-05T16:00:00Z", "aboard_end": "2021-10-07T16:00:00Z"}


def calendar(rule: str, *, start: str = "20211001T213000Z", events: int = 1) -> str:
    event = f"SUMMARY:Sleep\r\nDTSTART:{start}\r\nDTEND:{start[:9]}235900Z\r\nRRULE:{rule}\r\n"
    body = "".join(f"BEGIN:VEVENT\r\nUID:sleep-{index}\r\n{event}END:VEVENT\r\n" for index in range(events))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


@pytest.fixture
def shipenko(director, small_document):
    from tests.api.conftest import import_production

    import_production(small_document, director=director)
    return CrewMember.objects.get(code="shipenko")


def windows_of(member) -> list:
    return list(FreeWindow.objects.filter(crew_member=member).order_by("start").values_list("start", "end"))


def post_calendar(client, ics: str):
    url = reverse("api:timeline-import", args=["ISS", "shipenko"]) + "?apply=true"
    url += "".join(f"&{name}={value}" for name, value in ABOARD.items())
    started = time.perf_counter()
    response = client.post(url, ics, content_type="text/calendar")
    return response, time.perf_counter() - started


@pytest.mark.parametrize(
    ("ics", "message"),  # message: a pattern the first error starts with
    [
        (calendar("FREQ=DAILY;INTERVAL=0"),
         re.escape('event 1 "Sleep": RRULE: INTERVAL=0: it must be a whole number from 1 up')),
        (calendar("FREQ=DAILY;INTERVAL=-3"),
         re.escape('event 1 "Sleep": RRULE: INTERVAL=-3: it must be a whole number from 1 up')),
        (calendar("FREQ=DAILY;COUNT=-5"), re.escape('event 1 "Sleep": RRULE: COUNT=-5: it must be from 1 to 100000')),
        (calendar("FREQ=DAILY;COUNT=2147483647"),
         re.escape('event 1 "Sleep": RRULE: COUNT=2147483647: it must be from 1 to 100000')),
        (calendar("FREQ=DAILY;COUNT=99999999999"), re.escape('event 1 "Sleep": RRULE: unreadable value')),
        (calendar("FREQ=DAILY;BYSECOND=" + ",".join(str(second) for second in range(60))),
         re.escape('event 1 "Sleep": RRULE: repeats up to 60 times a day; a timeline may repeat at most 48')),
        (calendar("FREQ=MINUTELY;BYSECOND=" + ",".join(str(second) for second in range(60))),
         re.escape('event 1 "Sleep": RRULE: repeats up to 86400 times a day')),
        (calendar("FREQ=YEARLY;BYMONTHDAY=" + ",".join(map(str, range(1, 32))) + ";BYHOUR=0,1;BYMINUTE="
                  + ",".join(map(str, range(24))), start="19000101T213000Z"),
         r'event 1 "Sleep": RRULE: repeats up to \d{7} times from its start \(1900-01-01 21:30 UTC\)'),
        (calendar("FREQ=MINUTELY;INTERVAL=30", start="19000101T213000Z"),
         r'event 1 "Sleep": RRULE: repeats up to \d{7} times from its start \(1900-01-01 21:30 UTC\) to the end of '
         r"the time aboard; at most 100000 \(start the series nearer the time aboard, or end it with UNTIL\)"),
        (calendar("FREQ=DAILY", start="19000101T213000Z", events=3),
         r"calendar: its events repeat up to 13\d{4} times up to the end of the time aboard; at most 100000"),
    ],
    ids=[
        "interval-0", "interval-negative", "count-negative", "count-huge", "count-beyond-32-bits", "bysecond-storm",
        "bysecond-storm-minutely", "yearly-storm-since-1900", "since-1900-no-end", "three-daily-since-1900",
    ],
)
def test_runaway_rules_get_a_fast_small_400_and_nothing_is_written(client, station_operator, shipenko, ics, message):
    before = windows_of(shipenko)
    client.force_login(station_operator)
    response, seconds = post_calendar(client, ics)
    assert response.status_code == 400
    assert re.match(message, response.json()["errors"][0]), response.json()
    assert len(response.content) < SMALL and seconds < FAST
    assert windows_of(shipenko) == before


def test_a_daily_series_started_long_ago_is_cheap_enough_to_expand(client, station_operator, shipenko):
    """A sleep series since 1900 is odd but costs 44,000 steps (a quarter of a second): it is taken."""
    client.force_login(station_operator)
    response, seconds = post_calendar(client, calendar("FREQ=DAILY", start="19000101T213000Z"))
    assert response.status_code == 200, response.content[:500]
    assert seconds < FAST
    assert response.json()["windows"][0] == {"start": "2021-10-05T16:00:00Z", "end": "2021-10-05T21:30:00Z"}


def test_the_guard_stops_an_expansion_that_slips_past_the_checks(client, station_operator, shipenko, monkeypatch):
    """With the checks switched off, INTERVAL=0 loops inside the library; the wall-clock guard still answers."""
    monkeypatch.setattr(timelines, "_rule_problems", lambda rule: [])
    monkeypatch.setattr(timelines, "_expansion_check", lambda events, last: None)
    monkeypatch.setattr(timelines, "EXPANSION_SECONDS", 0.5)
    before = windows_of(shipenko)
    client.force_login(station_operator)
    response, seconds = post_calendar(client, calendar("FREQ=DAILY;INTERVAL=0"))
    assert response.status_code == 400
    assert response.json() == {
        "errors": ["calendar: expanding its events took more than 0.5 s; simplify its repeating events"]
    }
    assert seconds < FAST
    assert windows_of(shipenko) == before
