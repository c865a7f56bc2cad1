"""Orbital day and night for the ISS over the Challenge shoot (MISSION.md: ~15.5 orbits a day, 92.9 min each)."""

from __future__ import annotations

import pytest

from scheduling.solver.orbit import OrbitError, light_windows, longest
from scheduling.solver.problem import Interval


@pytest.fixture
def challenge_light(iss_tle, challenge_window):
    start, end = challenge_window
    horizon = int((end - start).total_seconds() // 60)
    return light_windows(iss_tle, start, horizon), horizon


def test_day_and_night_alternate_and_cover_the_whole_window(challenge_light):
    light, horizon = challenge_light
    spans = sorted([*light.day, *light.night])
    assert spans[0].start == 0 and spans[-1].end == horizon
    assert all(earlier.end == later.start for earlier, later in zip(spans, spans[1:]))
    kinds = ["day" if span in light.day else "night" for span in spans]
    assert all(kind != following for kind, following in zip(kinds, kinds[1:]))


def test_station_sees_about_fifteen_and_a_half_sunsets_a_day(challenge_light):
    light, horizon = challenge_light
    per_day = len(light.night) / (horizon / 1440)
    assert 15.2 <= per_day <= 15.8


def test_orbital_nights_last_thirty_to_forty_minutes_and_days_the_rest_of_the_orbit(challenge_light):
    light, _ = challenge_light
    # The first and last spans may be cut by the window's edges.
    nights, days = light.night[1:-1], light.day[1:-1]
    assert 30 <= min(span.length for span in nights) and max(span.length for span in nights) <= 40
    assert 52 <= min(span.length for span in days) and max(span.length for span in days) <= 62
    orbit = (light.night[-2].start - light.night[1].start) / (len(light.night) - 3)
    assert orbit == pytest.approx(92.9, abs=0.3)


def test_elements_that_cannot_be_propagated_are_refused(iss_tle, challenge_window):
    decayed = (iss_tle[0], iss_tle[1][:52] + "25.00000000303602")  # mean motion too high to stay in orbit
    with pytest.raises(OrbitError):
        light_windows(decayed, challenge_window[0], 600)


def test_longest_span_is_zero_without_spans():
    assert longest(()) == 0
    assert longest((Interval(0, 10), Interval(20, 45))) == 25
