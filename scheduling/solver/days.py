"""UTC days in the solver's minutes: the one place the engines cut time at UTC midnight.

Daily caps count a person's minutes per UTC day, the tie-breaks count shooting days, and the window search
works a few days at a time; they all ask a `DayGrid`. (The validator splits days its own way on purpose.)
"""

from __future__ import annotations

from core.intervals import Interval

from .problem import MINUTES_PER_DAY, Problem


class DayGrid:
    """The UTC days of a problem: day 0 is the day of its origin, and day d ends at minute `day_end(d)`."""

    def __init__(self, problem: Problem) -> None:
        origin = problem.moment_at(0)
        self.offset = origin.hour * 60 + origin.minute  # minutes of day 0 before the origin
        self.horizon = problem.horizon
        self.count = self.day_of(problem.horizon - 1) + 1  # days with a minute of the filming window

    def day_of(self, minute: int) -> int:
        return (minute + self.offset) // MINUTES_PER_DAY

    def day_end(self, day: int) -> int:
        """The minute of the UTC midnight that ends the day."""
        return (day + 1) * MINUTES_PER_DAY - self.offset

    def span(self, day: int) -> Interval:
        """The day's minutes inside the filming window."""
        return Interval(max(0, self.day_end(day - 1)), min(self.horizon, self.day_end(day)))

    def days_touched(self, start: int, end: int) -> range:
        """The days [start, end) has minutes in."""
        return range(self.day_of(start), self.day_of(end - 1) + 1)

    def minutes_by_day(self, start: int, end: int) -> list[tuple[int, int]]:
        """(day, minutes of [start, end) in it) for each day it touches, cut at each UTC midnight."""
        parts = []
        while start < end:
            day = self.day_of(start)
            part_end = min(end, self.day_end(day))
            parts.append((day, part_end - start))
            start = part_end
        return parts
