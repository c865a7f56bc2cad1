"""A station's standard crew day, and the free windows it leaves over a stay. Pure functions, no Django.

A day template is a list of blocks (wake, sleep, conference, meal, exercise, work, other), each a time of day
from start to end in UTC; a block whose end is not after its start crosses midnight (sleep 21:30-06:00).
Every block is busy and the gaps between them are free. On days off (by default Saturday and Sunday) the
work and conference blocks do not apply, while sleep, meals, exercise and the rest still do. A block belongs
to the UTC day it starts on: Friday's sleep from 21:30 runs into Saturday morning.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple, Protocol

from .timelines import Window, aboard_span_check, free_windows_subtract, minute_ceil, minute_floor

BLOCK_KINDS = ("wake", "sleep", "conference", "meal", "exercise", "work", "other")
OFF_DUTY_KINDS = frozenset({"work", "conference"})
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKEND = (5, 6)


class DayBlock(Protocol):
    kind: str
    start: time
    end: time


class StandardBlock(NamedTuple):
    kind: str
    start: time
    end: time
    label: str


# The ISS day in GMT as the planners publish it (docs/crew-timelines.md): work 08:00-19:05 around lunch with
# two 75-minute exercise sessions inside it, the daily planning conferences, meals, and 21:30-06:00 sleep.
# That leaves 20:30-21:30 free on working days, and most of the waking day on days off.
STANDARD_DAY = (
    StandardBlock("sleep", time(21, 30), time(6, 0), "Sleep"),
    StandardBlock("wake", time(6, 0), time(6, 30), "Wake-up, hygiene"),
    StandardBlock("meal", time(6, 30), time(7, 30), "Breakfast"),
    StandardBlock("conference", time(7, 30), time(8, 0), "Daily planning conference (morning)"),
    StandardBlock("work", time(8, 0), time(13, 0), "Work"),
    StandardBlock("exercise", time(10, 0), time(11, 15), "Exercise"),
    StandardBlock("meal", time(13, 0), time(14, 0), "Lunch"),
    StandardBlock("work", time(14, 0), time(19, 5), "Work"),
    StandardBlock("exercise", time(16, 0), time(17, 15), "Exercise"),
    StandardBlock("conference", time(19, 5), time(19, 30), "Daily planning conference (evening)"),
    StandardBlock("meal", time(19, 30), time(20, 30), "Dinner"),
)


def free_windows_from_template(
    template_blocks: Iterable[DayBlock],
    days_off: Iterable[int],
    *,
    start: datetime,
    end: datetime,
    min_gap_minutes: int = 0,
) -> list[Window]:
    """The free windows (UTC, whole minutes, sorted) the day template leaves in `[start, end)`.

    `days_off` are weekday numbers, 0 = Monday to 6 = Sunday. Gaps shorter than `min_gap_minutes` are dropped.
    """
    start, end = aboard_span_check(aboard_start=start, aboard_end=end)
    blocks = list(template_blocks)
    off = set(days_off)
    busy = []
    # The day before `start` too: its blocks that cross midnight reach into the span.
    day = start.date() - timedelta(days=1)
    while day <= end.date():
        busy += [_block_span(day, block) for block in blocks if not (day.weekday() in off and block.kind in OFF_DUTY_KINDS)]
        day += timedelta(days=1)
    return free_windows_subtract(busy, start=start, end=end, min_gap_minutes=min_gap_minutes)


def _block_span(day: date, block: DayBlock) -> Window:
    block_start = datetime.combine(day, block.start, tzinfo=timezone.utc)
    block_end = datetime.combine(day, block.end, tzinfo=timezone.utc)
    if block_end <= block_start:
        block_end += timedelta(days=1)
    return minute_floor(block_start), minute_ceil(block_end)
