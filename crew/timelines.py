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

Every problem with a file raises `TimelineError`, a `DomainError` whose faults a planner can act on: the path
names the event (`event 3 "Sleep"`), the file or the calendar, the message what is wrong there.

A file cannot make the expansion run away: every RRULE is checked before anything is expanded (INTERVAL a
whole number from 1, COUNT from 1 to `MAX_OCCURRENCES`, at most `MAX_REPEATS_PER_DAY` a day), and so is the
work its expansion would do (the library steps through every repetition from DTSTART, so a rule that started
in 1900 costs a century of them): at most `MAX_OCCURRENCES` in all. Should a rule still slip through, the
expansion stops after `EXPANSION_SECONDS` and the file is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from core.errors import DomainError, Fault
from core.intervals import Interval, normalize, subtract
from core.time_limit import TimeUp, time_limit

Window = tuple[datetime, datetime]

MINUTE = timedelta(minutes=1)
MAX_ABOARD_DAYS = 731
MAX_OCCURRENCES = 100_000
MAX_FILE_BYTES = 2_000_000
# A timeline repeats work, meals and sleep, never every minute: a denser RRULE is refused before expanding,
# which bounds the work a file can cause (expansion starts at each rule's DTSTART).
MAX_REPEATS_PER_DAY = 48
REPEATS_PER_DAY = {"SECONDLY": 86_400, "MINUTELY": 1_440, "HOURLY": 24}
# The BY parts that add repetitions within one period of each frequency (RFC 5545's "expand"); the others only
# filter, which saves no work. DAILY and coarser expand by all three.
EXPANDING_PARTS = {"SECONDLY": (), "MINUTELY": ("BYSECOND",), "HOURLY": ("BYMINUTE", "BYSECOND")}
TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
PERIOD_SECONDS = {
    "SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3_600, "DAILY": 86_400, "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400, "YEARLY": 365 * 86_400,  # the shortest month and year: more periods, never fewer
}
# A last resort: the checks above bound an expansion to about a second; one that still runs this long is stopped.
EXPANSION_SECONDS = 5
# Floating times are compared in a zone the expansion library picks; this margin keeps every occurrence
# that could touch the aboard span, whatever the offset (they are clipped exactly afterwards).
EXPANSION_MARGIN = timedelta(days=1)
# Properties that decide when an event blocks; a broken value in any other (DESCRIPTION, DTSTAMP...) is ignored.
TIMING_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "TRANSP", "STATUS")
ZONED_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE")


class TimelineError(DomainError):
    """A timeline that cannot be turned into free windows: every problem found, each naming where it is (an
    event, the file, the calendar, or nothing for the aboard span)."""


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
            raise TimelineError(f"{name} {moment:%Y-%m-%d %H:%M} has no time zone (give it in UTC)")
    start = minute_ceil(aboard_start.astimezone(timezone.utc))
    end = minute_floor(aboard_end.astimezone(timezone.utc))
    if end <= start:
        raise TimelineError(f"aboard end {_show(end)} must be after aboard start {_show(start)}")
    if end - start > timedelta(days=MAX_ABOARD_DAYS):
        raise TimelineError(f"aboard span {_show(start)} to {_show(end)} is longer than {MAX_ABOARD_DAYS} days")
    return start, end


def free_windows_subtract(
    busy: Iterable[Window], *, start: datetime, end: datetime, min_gap_minutes: int
) -> list[Window]:
    """`[start, end)` minus the union of `busy`, without the gaps shorter than `min_gap_minutes`."""
    if min_gap_minutes < 0:
        raise TimelineError(f"minimum gap must be 0 minutes or more, got {min_gap_minutes}")
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
        raise TimelineError(f"{len(ics)} bytes is more than the {MAX_FILE_BYTES} allowed", path="file")
    if isinstance(ics, bytes):
        try:
            ics = ics.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise TimelineError(f"not UTF-8 text ({error.reason} at byte {error.start})", path="file") from None
    if not ics.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise TimelineError("not an iCalendar file (it must begin with BEGIN:VCALENDAR)", path="file")
    try:
        calendar = icalendar.Calendar.from_ical(ics)
    except Exception as error:  # noqa: BLE001 - the parser raises assorted types on malformed structure
        raise TimelineError(f"not a readable iCalendar file ({_first_line(error)})", path="file") from None
    zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise TimelineError(f"X-WR-TIMEZONE: unknown time zone {zone!r}", path="calendar") from None
    events = calendar.walk("VEVENT")
    if not events:
        raise TimelineError("no events (VEVENT) in it, so there is nothing to derive free time from", path="calendar")
    faults = [
        Fault(_event_name(index, event), problem) for index, event in enumerate(events) for problem in _event_problems(event)
    ]
    if faults:
        raise TimelineError(faults=faults)
    return calendar


def _event_problems(event: icalendar.Event) -> list[str]:
    broken = [(prop, message) for prop, message in event.errors if prop in TIMING_PROPERTIES]
    if broken:
        return [f"{prop}: unreadable value ({_first_line(message)})" for prop, message in broken]
    if event.get("DTSTART") is None:
        return ["no DTSTART (every event needs a start)"]
    problems = [
        f"{prop}: unknown time zone TZID={value.params['TZID']}"
        for prop in ZONED_PROPERTIES
        for value in _values(event.get(prop))
        if "TZID" in value.params and any(_is_floating(moment) for moment in _moments(value))
    ]
    problems += [f"RRULE: {problem}" for rule in _values(event.get("RRULE")) for problem in _rule_problems(rule)]
    if problems:
        return problems
    try:
        if event.end < event.start:
            return [f"ends ({_show_ical(event.end)}) before it starts ({_show_ical(event.start)})"]
    except TypeError:
        return ["DTSTART and DTEND mix a floating time with one in a time zone"]
    except (ValueError, OverflowError) as error:  # a date start with a date-time end, an end after year 9999
        return [_first_line(error)]
    return []


def _rule_problems(rule) -> list[str]:
    """Why an RRULE cannot be a crew timeline's: no frequency, an interval or count the expansion cannot honour
    (INTERVAL=0 never advances; a negative COUNT is dropped by the library, leaving the series endless), or
    repeating too often a day."""
    if not rule.get("FREQ"):
        return ["no FREQ (say how often it repeats, e.g. FREQ=DAILY)"]
    problems = []
    interval = _rule_number(rule, "INTERVAL", 1)
    if interval < 1:
        problems.append(f"INTERVAL={interval}: it must be a whole number from 1 up (1: every time, 2: every other)")
    count = _rule_number(rule, "COUNT", 1)
    if not 1 <= count <= MAX_OCCURRENCES:
        problems.append(f"COUNT={count}: it must be from 1 to {MAX_OCCURRENCES}")
    if problems:
        return problems
    freq = _rule_freq(rule)
    repeats = REPEATS_PER_DAY.get(freq, 1) / interval * _rule_times_per_period(rule, freq)
    if repeats > MAX_REPEATS_PER_DAY:
        return [f"repeats up to {repeats:g} times a day; a timeline may repeat at most {MAX_REPEATS_PER_DAY}"]
    return []


def _rule_freq(rule) -> str:
    return str(rule["FREQ"][0]).upper()


def _rule_number(rule, part: str, default: int) -> int:
    return int((rule.get(part) or [default])[0])


def _rule_distinct(rule, part: str) -> int:
    return len(set(map(str, rule.get(part) or []))) or 1


def _rule_times_per_period(rule, freq: str) -> int:
    """How many times of day one period of the rule expands to (BYHOUR x BYMINUTE x BYSECOND, as they apply)."""
    count = 1
    for part in EXPANDING_PARTS.get(freq, TIME_PARTS):
        count *= _rule_distinct(rule, part)
    return count


def _rule_days_per_period(rule, freq: str) -> int:
    """At most how many days one period of the rule expands to: a year's or a month's every day once any
    day-level part names some (which is the work the library does to find them), a week's named weekdays."""
    if freq == "YEARLY":
        if any(rule.get(part) for part in ("BYYEARDAY", "BYWEEKNO", "BYMONTHDAY", "BYDAY")):
            return 366
        return _rule_distinct(rule, "BYMONTH")
    if freq == "MONTHLY":
        return 31 if any(rule.get(part) for part in ("BYMONTHDAY", "BYDAY")) else 1
    if freq == "WEEKLY":
        return _rule_distinct(rule, "BYDAY")
    return 1


def _rule_steps(rule, *, first: datetime, last: datetime) -> int:
    """At most how many repetitions expanding the rule from its DTSTART `first` up to `last` (or its UNTIL,
    if sooner) steps through; COUNT does not lower it, since the repetitions that BY parts filter out cost too."""
    if rule.get("UNTIL"):
        last = min(last, _utc(rule["UNTIL"][0]))
    freq = _rule_freq(rule)
    periods = max(int((last - first).total_seconds()), 0) // (PERIOD_SECONDS[freq] * _rule_number(rule, "INTERVAL", 1)) + 1
    return periods * _rule_days_per_period(rule, freq) * _rule_times_per_period(rule, freq)


def _expansion_check(events: list[icalendar.Event], *, last: datetime) -> None:
    """Refuse a calendar whose expansion up to `last` would step through more than `MAX_OCCURRENCES`
    repetitions in all, before anything is expanded."""
    faults, total = [], 0
    for index, event in enumerate(events):
        first = _utc(event["DTSTART"].dt)
        steps = 1 + sum(len(_moments(value)) for value in _values(event.get("RDATE")))
        for rule in _values(event.get("RRULE")):
            steps += _rule_steps(rule, first=first, last=last)
        if steps > MAX_OCCURRENCES:
            faults.append(Fault(_event_name(index, event), (
                f"RRULE: repeats up to {steps} times from its start ({_show(first)}) to the end of the time aboard; "
                f"at most {MAX_OCCURRENCES} (start the series nearer the time aboard, or end it with UNTIL)"
            )))
        total += steps
    if faults:
        raise TimelineError(faults=faults)
    if total > MAX_OCCURRENCES:
        raise TimelineError(
            f"its events repeat up to {total} times up to the end of the time aboard; at most {MAX_OCCURRENCES}",
            path="calendar",
        )


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
    _expansion_check(calendar.walk("VEVENT"), last=end + EXPANSION_MARGIN)
    try:
        with time_limit(EXPANSION_SECONDS):
            occurrences = recurring_ical_events.of(calendar).between(start - EXPANSION_MARGIN, end + EXPANSION_MARGIN)
    except TimeUp:
        raise TimelineError(
            f"expanding its events took more than {EXPANSION_SECONDS} s; simplify its repeating events", path="calendar"
        ) from None
    except Exception as error:  # noqa: BLE001 - the expansion raises assorted types on inconsistent series
        raise TimelineError(f"cannot expand its events ({_first_line(error)})", path="calendar") from None
    if len(occurrences) > MAX_OCCURRENCES:
        raise TimelineError(f"{len(occurrences)} events while aboard, more than the {MAX_OCCURRENCES} allowed", path="calendar")
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
