"""Free windows from a crew member's timeline: an iCalendar file of what keeps them busy.

Pure functions, no Django. The rules (docs/crew-timelines.md says the same for station operations):

- Free time is the time aboard, `[aboard_start, aboard_end)`, minus the union of every busy event.
- Recurring events are expanded by `recurring_ical_events`: RRULE, RDATE, EXDATE and RECURRENCE-ID
  overrides (a moved or cancelled single instance) all count.
- Events marked `TRANSP:TRANSPARENT` ("show as free") and `STATUS:CANCELLED` block nothing.
- Times with a TZID are converted from that zone; floating times (no zone) are GMT, the station's clock,
  unless the calendar names its own zone with X-WR-TIMEZONE (as Google Calendar exports do).
- An all-day event blocks the whole UTC day(s) it covers, unless it is transparent (which is how calendar
  apps mark all-day reminders such as "day off").
- Busy time is rounded outwards to whole minutes (starts down, ends up), so free time never includes part
  of a busy minute; the aboard bounds are rounded inwards for the same reason.
- Free gaps shorter than the minimum gap are not usable free time and are dropped: ten minutes between
  exercise and a conference is not a shooting window.

Every problem with a file raises `TimelineError` with a message a planner can act on, naming the event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from core.intervals import Interval, normalize, subtract

Window = tuple[datetime, datetime]

MINUTE = timedelta(minutes=1)
MAX_ABOARD_DAYS = 731
MAX_OCCURRENCES = 100_000
MAX_FILE_BYTES = 2_000_000
# A timeline repeats work, meals and sleep, never every minute: a denser RRULE is refused before expanding,
# which bounds the work a file can cause (expansion starts at each rule's DTSTART).
MAX_REPEATS_PER_DAY = 48
REPEATS_PER_DAY = {"SECONDLY": 86_400, "MINUTELY": 1_440, "HOURLY": 24}
EXPANDING_PARTS = {"SECONDLY": (), "MINUTELY": ("BYSECOND",), "HOURLY": ("BYMINUTE", "BYSECOND")}
# Floating times are compared in a zone the expansion library picks; this margin keeps every occurrence
# that could touch the aboard span, whatever the offset (they are clipped exactly afterwards).
EXPANSION_MARGIN = timedelta(days=1)
# Properties that decide when an event blocks; a broken value in any other (DESCRIPTION, DTSTAMP...) is ignored.
TIMING_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "TRANSP", "STATUS")
ZONED_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE")


class TimelineError(ValueError):
    """A timeline that cannot be turned into free windows; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def free_windows_from_ical(
    ics: bytes | str, *, aboard_start: datetime, aboard_end: datetime, min_gap_minutes: int = 15
) -> list[Window]:
    """The free windows (UTC, whole minutes, sorted) left by the busy events of an iCalendar timeline."""
    start, end = aboard_span_check(aboard_start=aboard_start, aboard_end=aboard_end)
    calendar = _calendar_parse(ics)
    busy = _busy_spans(calendar, start=start, end=end)
    return free_windows_subtract(busy, start=start, end=end, min_gap_minutes=min_gap_minutes)


def aboard_span_check(*, aboard_start: datetime, aboard_end: datetime) -> Window:
    """The aboard span in UTC, rounded inwards to whole minutes; refuses naive, reversed or overlong spans."""
    for name, moment in (("aboard start", aboard_start), ("aboard end", aboard_end)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise TimelineError([f"{name} {moment:%Y-%m-%d %H:%M} has no time zone (give it in UTC)"])
    start = minute_ceil(aboard_start.astimezone(timezone.utc))
    end = minute_floor(aboard_end.astimezone(timezone.utc))
    if end <= start:
        raise TimelineError([f"aboard end {_show(end)} must be after aboard start {_show(start)}"])
    if end - start > timedelta(days=MAX_ABOARD_DAYS):
        raise TimelineError([f"aboard span {_show(start)} to {_show(end)} is longer than {MAX_ABOARD_DAYS} days"])
    return start, end


def free_windows_subtract(
    busy: Iterable[Window], *, start: datetime, end: datetime, min_gap_minutes: int
) -> list[Window]:
    """`[start, end)` minus the union of `busy`, without the gaps shorter than `min_gap_minutes`."""
    if min_gap_minutes < 0:
        raise TimelineError([f"minimum gap must be 0 minutes or more, got {min_gap_minutes}"])
    min_gap = timedelta(minutes=min_gap_minutes)
    return [window for window in subtract((Interval(start, end),), normalize(busy)) if window.length >= min_gap]


def free_windows_diff(old: Iterable[Window], new: Iterable[Window]) -> dict:
    """What replacing the windows `old` with `new` changes: windows added and removed (sorted), and how many
    stay exactly as they were."""
    before = {_utc_window(window) for window in old}
    after = {_utc_window(window) for window in new}
    return {"added": sorted(after - before), "removed": sorted(before - after), "unchanged": len(before & after)}


def free_windows_union(windows: Iterable[Window]) -> list[Window]:
    """The windows merged where they overlap or touch, sorted."""
    return list(normalize(windows))


def free_windows_minutes(windows: Iterable[Window]) -> int:
    return sum(int((end - start) / MINUTE) for start, end in windows)


# --- parsing ----------------------------------------------------------------------------------------------


def _calendar_parse(ics: bytes | str) -> icalendar.Calendar:
    """The calendar in `ics`, every event checked so that expansion cannot fail on a bad value."""
    if len(ics) > MAX_FILE_BYTES:
        raise TimelineError([f"file: {len(ics)} bytes is more than the {MAX_FILE_BYTES} allowed"])
    if isinstance(ics, bytes):
        try:
            ics = ics.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise TimelineError([f"file: not UTF-8 text ({error.reason} at byte {error.start})"]) from None
    if not ics.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise TimelineError(["file: not an iCalendar file (it must begin with BEGIN:VCALENDAR)"])
    try:
        calendar = icalendar.Calendar.from_ical(ics)
    except Exception as error:  # noqa: BLE001 - the parser raises assorted types on malformed structure
        raise TimelineError([f"file: not a readable iCalendar file ({_first_line(error)})"]) from None
    zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise TimelineError([f"calendar: X-WR-TIMEZONE: unknown time zone {zone!r}"]) from None
    events = calendar.walk("VEVENT")
    if not events:
        raise TimelineError(["calendar: no events (VEVENT) in it, so there is nothing to derive free time from"])
    errors = [problem for index, event in enumerate(events) for problem in _event_problems(index, event)]
    if errors:
        raise TimelineError(errors)
    return calendar


def _event_problems(index: int, event: icalendar.Event) -> list[str]:
    name = _event_name(index, event)
    broken = [(prop, message) for prop, message in event.errors if prop in TIMING_PROPERTIES]
    if broken:
        return [f"{name}: {prop}: unreadable value ({_first_line(message)})" for prop, message in broken]
    if event.get("DTSTART") is None:
        return [f"{name}: no DTSTART (every event needs a start)"]
    problems = [
        f"{name}: {prop}: unknown time zone TZID={value.params['TZID']}"
        for prop in ZONED_PROPERTIES
        for value in _values(event.get(prop))
        if "TZID" in value.params and any(_is_floating(moment) for moment in _moments(value))
    ]
    problems += [f"{name}: {problem}" for rule in _values(event.get("RRULE")) if (problem := _rule_problem(rule))]
    if problems:
        return problems
    try:
        if event.end < event.start:
            return [f"{name}: ends ({_show_ical(event.end)}) before it starts ({_show_ical(event.start)})"]
    except TypeError:
        return [f"{name}: DTSTART and DTEND mix a floating time with one in a time zone"]
    except (ValueError, OverflowError) as error:  # a date start with a date-time end, an end after year 9999
        return [f"{name}: {_first_line(error)}"]
    return []


def _rule_problem(rule) -> str | None:
    """Why an RRULE cannot be a crew timeline's, if it cannot: no frequency, or repeating too often a day."""
    if not rule.get("FREQ"):
        return "RRULE: no FREQ (say how often it repeats, e.g. FREQ=DAILY)"
    freq = str(rule["FREQ"][0]).upper()
    interval = max(int((rule.get("INTERVAL") or [1])[0]), 1)
    repeats = REPEATS_PER_DAY.get(freq, 1) / interval
    for part in EXPANDING_PARTS.get(freq, ("BYHOUR", "BYMINUTE", "BYSECOND")):
        repeats *= len(rule.get(part) or [None])
    if repeats > MAX_REPEATS_PER_DAY:
        return f"RRULE: repeats up to {repeats:g} times a day; a timeline may repeat at most {MAX_REPEATS_PER_DAY}"
    return None


def _event_name(index: int, event: icalendar.Event) -> str:
    summary = str(event.get("SUMMARY", "")).strip()
    return f'event {index + 1} "{summary}"' if summary else f"event {index + 1}"


def _values(prop) -> list:
    if prop is None:
        return []
    return prop if isinstance(prop, list) else [prop]


def _moments(value) -> list:
    if hasattr(value, "dts"):
        return [item.dt for item in value.dts]
    return [value.dt]


def _is_floating(moment) -> bool:
    return isinstance(moment, datetime) and moment.tzinfo is None


# --- expansion --------------------------------------------------------------------------------------------


def _busy_spans(calendar: icalendar.Calendar, *, start: datetime, end: datetime) -> list[Window]:
    """Every blocking occurrence touching `[start, end)`, in UTC, rounded outwards to whole minutes."""
    try:
        occurrences = recurring_ical_events.of(calendar).between(start - EXPANSION_MARGIN, end + EXPANSION_MARGIN)
    except Exception as error:  # noqa: BLE001 - the expansion raises assorted types on inconsistent series
        raise TimelineError([f"calendar: cannot expand its events ({_first_line(error)})"]) from None
    if len(occurrences) > MAX_OCCURRENCES:
        raise TimelineError([f"calendar: {len(occurrences)} events while aboard, more than the {MAX_OCCURRENCES} allowed"])
    return [
        (minute_floor(_utc(occurrence.start)), minute_ceil(_utc(occurrence.end)))
        for occurrence in occurrences
        if _blocks(occurrence)
    ]


def _blocks(occurrence: icalendar.Event) -> bool:
    transparent = str(occurrence.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT"
    cancelled = str(occurrence.get("STATUS", "")).upper() == "CANCELLED"
    return not (transparent or cancelled)


def _utc(moment: date | datetime) -> datetime:
    """Dates are UTC midnights (all-day events cover whole UTC days); floating times are GMT."""
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(0), tzinfo=timezone.utc)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _utc_window(window: Window) -> Window:
    return window[0].astimezone(timezone.utc), window[1].astimezone(timezone.utc)


def minute_floor(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def minute_ceil(moment: datetime) -> datetime:
    floor = minute_floor(moment)
    return floor if floor == moment else floor + MINUTE


def _show(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _show_ical(moment: date | datetime) -> str:
    return moment.isoformat(sep=" ") if isinstance(moment, datetime) else moment.isoformat()


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
