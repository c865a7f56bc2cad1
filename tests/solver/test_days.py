"""UTC days in the solver's minutes: the stay of the factories starts at 16:00 UTC, so day 0 has 480 minutes."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from scheduling.solver.days import DayGrid
from scheduling.solver.problem import Interval
from tests.solver.factories import HORIZON, MIDNIGHT, problem, scene


def grid() -> DayGrid:
    return DayGrid(problem((scene("001"),)))


def test_a_shoot_across_midnight_counts_its_minutes_in_each_day():
    assert grid().minutes_by_day(MIDNIGHT - 20, MIDNIGHT + 40) == [(0, 20), (1, 40)]


def test_a_shoot_ending_at_midnight_stays_in_its_day():
    assert grid().minutes_by_day(MIDNIGHT - 60, MIDNIGHT) == [(0, 60)]
    assert grid().days_touched(MIDNIGHT - 60, MIDNIGHT) == range(0, 1)


def test_days_are_clipped_to_the_filming_window():
    days = grid()
    assert days.count == 3  # 16:00 to midnight, a whole day, and 16 hours
    assert [days.span(day) for day in range(days.count)] == [
        Interval(0, MIDNIGHT), Interval(MIDNIGHT, MIDNIGHT + 1440), Interval(MIDNIGHT + 1440, HORIZON),
    ]


@given(st.integers(0, HORIZON - 1), st.integers(1, 2000))
def test_minutes_by_day_agree_with_the_utc_dates_of_each_minute(start, minutes):
    stay = problem((scene("001"),))
    by_date: dict[int, int] = {}
    first_date = stay.origin.date()
    for minute in range(start, start + minutes):
        day = ((stay.origin + timedelta(minutes=minute)).date() - first_date).days
        by_date[day] = by_date.get(day, 0) + 1
    assert DayGrid(stay).minutes_by_day(start, start + minutes) == sorted(by_date.items())
