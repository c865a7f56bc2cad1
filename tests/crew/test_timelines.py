"""Free windows from iCalendar timelines, checked minute by minute against what a planner would work out."""

from datetime import datetime, timedelta, timezone

import pytest

from crew.timelines import (
    MAX_ABOARD_DAYS,
    TimelineError,
    free_windows_diff,
    free_windows_from_ical,
    free_windows_minutes,
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 10, day, hour, minute, tzinfo=timezone.utc)


def utc(text: str) -> datetime:
    """`"09 06:00"` is 2021-10-09 06:00 UTC."""
    day, clock = text.split(" ")
    hour, minute = clock.split(":")
    return at(int(day), int(hour), int(minute))


def windows(*spans: str) -> list[tuple[datetime, datetime]]:
    """`"09 06:00-12:00"` or `"09 21:30-10 06:00"`."""
    result = []
    for span in spans:
        start, end = span.split("-")
        end = end if " " in end else f"{start.split(' ')[0]} {end}"
        result.append((utc(start), utc(end)))
    return result


def free_minutes(spans: list[tuple[datetime, datetime]]) -> set[datetime]:
    return {start + timedelta(minutes=m) for start, end in spans for m in range(int((end - start) / timedelta(minutes=1)))}


def calendar(*events: str, header: str = "") -> str:
    """A calendar file (CRLF lines) of the given events, each a few `NAME:value` lines separated by newlines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//orbitfilm tests//EN", *header.splitlines()]
    for event in events:
        lines += ["BEGIN:VEVENT", *event.splitlines(), "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n"


# Peresild's timeline as station planning would export it: a daily sleep and exercise series (Saturday's
# exercise cancelled by EXDATE, Sunday's moved by a RECURRENCE-ID override), work on weekdays only, a call
# with Moscow in Moscow time, UTC events (one with seconds), all-day events (one opaque, one transparent),
# a cancelled event, a floating-time event, and a VTIMEZONE like real exports carry.
CREW_TIMELINE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Roscosmos//Onboard Short-Term Plan//RU
CALSCALE:GREGORIAN
BEGIN:VTIMEZONE
TZID:Europe/Moscow
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0300
TZOFFSETTO:+0300
TZNAME:MSK
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:sleep@iss
SUMMARY:Sleep
DTSTART:20211001T213000Z
DTEND:20211002T060000Z
RRULE:FREQ=DAILY
END:VEVENT
BEGIN:VEVENT
UID:exercise@iss
SUMMARY:Physical exercise (VELO)
DTSTART:20211001T100000Z
DTEND:20211001T111500Z
RRULE:FREQ=DAILY
EXDATE:20211009T100000Z
END:VEVENT
BEGIN:VEVENT
UID:exercise@iss
RECURRENCE-ID:20211010T100000Z
SUMMARY:Physical exercise (VELO), moved
DTSTART:20211010T150000Z
DTEND:20211010T161500Z
END:VEVENT
BEGIN:VEVENT
UID:work@iss
SUMMARY:Work
DTSTART:20211004T080000Z
DTEND:20211004T190000Z
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
END:VEVENT
BEGIN:VEVENT
UID:lunch@iss
SUMMARY:Lunch
DTSTART:20211001T130000Z
DTEND:20211001T140000Z
RRULE:FREQ=DAILY
END:VEVENT
BEGIN:VEVENT
UID:tsup-call@iss
SUMMARY:Call with TsUP
DTSTART;TZID=Europe/Moscow:20211009T150000
DTEND;TZID=Europe/Moscow:20211009T160000
END:VEVENT
BEGIN:VEVENT
UID:comms@iss
SUMMARY:Comms pass
DTSTART:20211010T090010Z
DTEND:20211010T094950Z
END:VEVENT
BEGIN:VEVENT
UID:medical@iss
SUMMARY:Medical experiment
DTSTART:20211010T163000Z
DTEND:20211010T172000Z
END:VEVENT
BEGIN:VEVENT
UID:photo@iss
SUMMARY:Earth photography
DTSTART:20211010T173000Z
DTEND:20211010T180000Z
END:VEVENT
BEGIN:VEVENT
UID:eva-brief@iss
SUMMARY:EVA briefing
STATUS:CANCELLED
DTSTART:20211010T140000Z
DTEND:20211010T150000Z
END:VEVENT
BEGIN:VEVENT
UID:soyuz-prep@iss
SUMMARY:Soyuz MS-18 relocation preparation
DTSTART;VALUE=DATE:20211008
DTEND;VALUE=DATE:20211009
END:VEVENT
BEGIN:VEVENT
UID:rest@iss
SUMMARY:Rest day
TRANSP:TRANSPARENT
DTSTART;VALUE=DATE:20211010
END:VEVENT
BEGIN:VEVENT
UID:hygiene@iss
SUMMARY:Hygiene
DTSTART:20211011T060000
DTEND:20211011T063000
END:VEVENT
END:VCALENDAR
"""
ABOARD = {"aboard_start": at(8, 0), "aboard_end": at(12, 0)}


EXPECTED = windows(
    # Friday: an opaque all-day event blocks the whole UTC day, then sleep.
    "09 06:00-12:00",  # Saturday: exercise cancelled by EXDATE; the Moscow call is 15:00 MSK = 12:00 UTC
    "09 14:00-21:30",
    "10 06:00-09:00",  # Sunday: the comms pass 09:00:10-09:49:50 blocks 09:00-09:50
    "10 09:50-13:00",  # the 10:00 exercise moved to 15:00 by its RECURRENCE-ID override
    "10 14:00-15:00",  # the cancelled EVA briefing blocks nothing
    "10 16:15-16:30",  # exactly the minimum gap: kept
    "10 18:00-21:30",  # 17:20-17:30 is shorter than the minimum gap: dropped
    "11 06:30-08:00",  # Monday: the floating-time hygiene 06:00-06:30 is GMT; work from 08:00
    "11 19:00-21:30",
)
SHORT_GAP = windows("10 17:20-17:30")


def test_crew_timeline_leaves_exactly_the_expected_free_windows():
    free = free_windows_from_ical(CREW_TIMELINE.replace("\n", "\r\n").encode(), **ABOARD, min_gap_minutes=15)
    assert free == EXPECTED
    assert free_windows_minutes(free) == 360 + 450 + 180 + 190 + 60 + 15 + 210 + 90 + 150


def test_crew_timeline_minute_by_minute_without_a_minimum_gap():
    free = free_minutes(free_windows_from_ical(CREW_TIMELINE, **ABOARD, min_gap_minutes=0))
    expected = free_minutes(EXPECTED + SHORT_GAP)
    mismatches = []
    minute = ABOARD["aboard_start"]
    while minute < ABOARD["aboard_end"]:
        if (minute in free) != (minute in expected):
            mismatches.append(f"{minute:%a %H:%M} {'free' if minute in free else 'busy'}")
        minute += timedelta(minutes=1)
    assert mismatches == []
    assert len(expected) == 1715  # of 5760 minutes aboard


def test_minimum_gap_drops_only_shorter_free_gaps():
    free_0 = free_windows_from_ical(CREW_TIMELINE, **ABOARD, min_gap_minutes=0)
    free_60 = free_windows_from_ical(CREW_TIMELINE, **ABOARD, min_gap_minutes=60)
    assert free_0 == sorted(EXPECTED + SHORT_GAP)
    assert free_60 == [window for window in free_0 if window[1] - window[0] >= timedelta(minutes=60)]
    assert len(free_60) == len(free_0) - 2


def test_zoned_weekly_event_follows_daylight_saving_time():
    # Sunday 20:00 in Berlin is 18:00 UTC in summer time, 19:00 UTC after the change on 2021-10-31.
    ics = calendar(
        "UID:family\nSUMMARY:Family call\nDTSTART;TZID=Europe/Berlin:20211024T200000\n"
        "DTEND;TZID=Europe/Berlin:20211024T210000\nRRULE:FREQ=WEEKLY;BYDAY=SU"
    )
    free = free_windows_from_ical(ics, aboard_start=at(24, 17), aboard_end=at(31, 21), min_gap_minutes=0)
    assert free == windows("24 17:00-18:00", "24 19:00-31 19:00", "31 20:00-21:00")


def test_utc_and_moscow_times_of_the_same_instant_block_the_same_minutes():
    moscow = calendar("UID:a\nDTSTART;TZID=Europe/Moscow:20211009T150000\nDTEND;TZID=Europe/Moscow:20211009T160000")
    utc_event = calendar("UID:a\nDTSTART:20211009T120000Z\nDTEND:20211009T130000Z")
    span = {"aboard_start": at(9, 11), "aboard_end": at(9, 14)}
    assert free_windows_from_ical(moscow, **span) == free_windows_from_ical(utc_event, **span) == windows(
        "09 11:00-12:00", "09 13:00-14:00"
    )


def test_floating_times_are_gmt_unless_the_calendar_names_its_zone():
    event = "UID:a\nDTSTART:20211009T120000\nDTEND:20211009T130000"
    span = {"aboard_start": at(9, 8), "aboard_end": at(9, 14), "min_gap_minutes": 0}
    assert free_windows_from_ical(calendar(event), **span) == windows("09 08:00-12:00", "09 13:00-14:00")
    google = calendar(event, header="X-WR-TIMEZONE:Europe/Moscow")
    assert free_windows_from_ical(google, **span) == windows("09 08:00-09:00", "09 10:00-14:00")


def test_an_opaque_all_day_event_blocks_whole_utc_days_and_a_transparent_one_nothing():
    span = {"aboard_start": at(8, 12), "aboard_end": at(11, 12), "min_gap_minutes": 0}
    two_days = calendar("UID:a\nSUMMARY:Cargo ops\nDTSTART;VALUE=DATE:20211009\nDTEND;VALUE=DATE:20211011")
    assert free_windows_from_ical(two_days, **span) == windows("08 12:00-09 00:00", "11 00:00-12:00")
    reminder = calendar("UID:a\nSUMMARY:Birthday\nTRANSP:TRANSPARENT\nDTSTART;VALUE=DATE:20211009")
    assert free_windows_from_ical(reminder, **span) == windows("08 12:00-11 12:00")


def test_an_event_without_duration_blocks_nothing_and_leaves_its_window_whole():
    milestone = calendar("UID:a\nSUMMARY:Soyuz hatch check\nDTSTART:20211009T120000Z\nDTEND:20211009T120000Z")
    free = free_windows_from_ical(milestone, aboard_start=at(9, 8), aboard_end=at(9, 14), min_gap_minutes=0)
    assert free == windows("09 08:00-14:00")


def test_rdate_adds_an_occurrence_and_events_are_clipped_to_the_time_aboard():
    ics = calendar(
        "UID:a\nSUMMARY:Sleep\nDTSTART:20211008T213000Z\nDTEND:20211009T060000Z\nRRULE:FREQ=DAILY;COUNT=2",
        "UID:b\nSUMMARY:Extra medical\nDTSTART:20211009T100000Z\nDTEND:20211009T110000Z\nRDATE:20211009T150000Z",
    )
    free = free_windows_from_ical(ics, aboard_start=at(9, 0), aboard_end=at(10, 0), min_gap_minutes=0)
    assert free == windows("09 06:00-10:00", "09 11:00-15:00", "09 16:00-21:30")


def test_aboard_bounds_round_inwards_and_busy_time_outwards():
    ics = calendar("UID:a\nDTSTART:20211009T120030Z\nDTEND:20211009T120100Z")
    free = free_windows_from_ical(
        ics, aboard_start=at(9, 11, 58) + timedelta(seconds=5), aboard_end=at(9, 12, 3) - timedelta(seconds=5),
        min_gap_minutes=0,
    )
    assert free == windows("09 11:59-12:00", "09 12:01-12:02")


def test_a_timeline_with_nothing_aboard_leaves_the_whole_stay_free():
    ics = calendar("UID:a\nDTSTART:20200101T100000Z\nDTEND:20200101T110000Z")
    assert free_windows_from_ical(ics, **ABOARD) == [(ABOARD["aboard_start"], ABOARD["aboard_end"])]


GOOD_EVENT = "UID:ok\nSUMMARY:Work\nDTSTART:20211009T080000Z\nDTEND:20211009T120000Z"


@pytest.mark.parametrize(
    ("ics", "message"),
    [
        (b"\xff\xfe\x00garbage", "file: not UTF-8 text"),
        ("Subject,Start Date\nWork,2021-10-09\n", "file: not an iCalendar file (it must begin with BEGIN:VCALENDAR)"),
        ('{"format": "orbitfilm/production@1"}', "file: not an iCalendar file"),
        ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2021", "file: not a readable iCalendar file"),
        (calendar(header="BEGIN:VTODO\nSUMMARY:Pack the camera\nEND:VTODO"), "calendar: no events (VEVENT) in it"),
        (calendar(GOOD_EVENT, "UID:b\nSUMMARY:Exercise\nDTSTART:2021-10-09 10:00\nDTEND:20211009T110000Z"),
         'event 2 "Exercise": DTSTART: unreadable value'),
        (calendar("UID:b\nSUMMARY:Dinner\nDTEND:20211009T190000Z"), 'event 1 "Dinner": no DTSTART (every event needs a start)'),
        (calendar("UID:b\nSUMMARY:Sleep\nDTSTART:20211009T213000Z\nDTEND:20211009T060000Z"),
         'event 1 "Sleep": ends (2021-10-09 06:00:00+00:00) before it starts (2021-10-09 21:30:00+00:00)'),
        (calendar("UID:b\nSUMMARY:Call\nDTSTART;TZID=Mars/Olympus:20211009T100000\nDTEND;TZID=Mars/Olympus:20211009T110000"),
         'event 1 "Call": DTSTART: unknown time zone TZID=Mars/Olympus'),
        (calendar("UID:b\nSUMMARY:Ping\nDTSTART:20211009T100000Z\nDTEND:20211009T100100Z\nRRULE:FREQ=MINUTELY"),
         'event 1 "Ping": RRULE: repeats up to 1440 times a day; a timeline may repeat at most 48'),
        (calendar("UID:b\nSUMMARY:Gym\nDTSTART:20211009T100000Z\nDTEND:20211009T110000Z\nRRULE:FREQ=DAILY;BYDAY=XX"),
         'event 1 "Gym": RRULE: unreadable value'),
        (calendar("UID:b\nSUMMARY:Gym\nDTSTART:20211009T100000Z\nDTEND:20211009T110000Z\nEXDATE:2021100X"),
         'event 1 "Gym": EXDATE: unreadable value'),
        (calendar("UID:b\nSUMMARY:Cargo\nDTSTART;VALUE=DATE:20211009\nDTEND:20211009T110000Z"),
         'event 1 "Cargo": DTSTART and DTEND must be of the same type'),
        (calendar(GOOD_EVENT, header="X-WR-TIMEZONE:Mars/Olympus"), "calendar: X-WR-TIMEZONE: unknown time zone 'Mars/Olympus'"),
    ],
    ids=[
        "binary", "csv", "json", "truncated", "no-events", "bad-date", "no-dtstart", "reversed", "unknown-tzid",
        "runaway-rrule", "bad-rrule", "bad-exdate", "mixed-date-types", "unknown-x-wr-timezone",
    ],
)
def test_bad_files_are_refused_with_a_clear_message(ics, message):
    with pytest.raises(TimelineError) as refused:
        free_windows_from_ical(ics, **ABOARD)
    assert any(error.startswith(message) for error in refused.value.lines()), refused.value.lines()
    assert "Traceback" not in str(refused.value)


def test_every_bad_event_is_reported_at_once():
    ics = calendar(
        "UID:a\nSUMMARY:Dinner\nDTEND:20211009T190000Z",
        GOOD_EVENT,
        "UID:c\nSUMMARY:Sleep\nDTSTART:20211009T213000Z\nDTEND:20211009T060000Z",
    )
    with pytest.raises(TimelineError) as refused:
        free_windows_from_ical(ics, **ABOARD)
    assert [error.split(":")[0] for error in refused.value.lines()] == ['event 1 "Dinner"', 'event 3 "Sleep"']


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ({"aboard_start": datetime(2021, 10, 8), "aboard_end": at(12, 0)}, "aboard start 2021-10-08 00:00 has no time zone"),
        ({"aboard_start": at(12, 0), "aboard_end": at(8, 0)}, "aboard end 2021-10-08 00:00 UTC must be after aboard start"),
        ({"aboard_start": at(8, 0), "aboard_end": at(8, 0) + timedelta(days=MAX_ABOARD_DAYS + 1)}, "aboard span"),
    ],
    ids=["naive", "reversed", "too-long"],
)
def test_unusable_aboard_spans_are_refused(bounds, message):
    with pytest.raises(TimelineError) as refused:
        free_windows_from_ical(calendar(GOOD_EVENT), **bounds)
    assert refused.value.lines()[0].startswith(message)


def test_a_negative_minimum_gap_is_refused():
    with pytest.raises(TimelineError, match="minimum gap must be 0 minutes or more"):
        free_windows_from_ical(calendar(GOOD_EVENT), **ABOARD, min_gap_minutes=-5)


def test_diff_lists_added_and_removed_windows_and_counts_the_unchanged():
    old = windows("09 06:00-12:00", "09 14:00-21:30", "10 06:00-09:00")
    new = windows("09 06:00-12:00", "09 14:00-20:00", "10 18:00-21:30", "10 06:00-09:00")
    assert free_windows_diff(old, new) == {
        "added": windows("09 14:00-20:00", "10 18:00-21:30"),
        "removed": windows("09 14:00-21:30"),
        "unchanged": 2,
    }
