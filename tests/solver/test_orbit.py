"""Orbital day and night for the ISS over the Challenge shoot (MISSION.md: ~15.5 orbits a day, 92.9 min each).

Agreement with an independent ephemeris is in test_orbit_reference.py; these are the shapes and the rules.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import pytest

from core.errors import DomainError
from scheduling.solver.ephemeris import OrbitError, Track
from scheduling.solver.orbit import light_windows, longest, orbit_light
from scheduling.solver.problem import Interval


@pytest.fixture
def challenge_light(iss_tle, challenge_window):
    start, end = challenge_window
    horizon = int((end - start).total_seconds() // 60)
    return orbit_light(Track(iss_tle, start, horizon)), horizon


def test_day_and_night_alternate_with_only_the_minutes_of_sunrise_and_sunset_between(challenge_light):
    orbit, horizon = challenge_light
    light = orbit.light
    spans = sorted([*light.day, *light.night])
    transitions = sorted([*orbit.sunrises, *orbit.sunsets])
    assert len(transitions) == len(spans) - 1
    for earlier, later, instant in zip(spans, spans[1:], transitions):
        assert (earlier in light.day) != (later in light.day)
        assert instant in (orbit.sunsets if later in light.night else orbit.sunrises)
        # The minute holding the change belongs to neither (none at all when it falls on a whole minute).
        assert earlier.end == math.floor(instant) and later.start == math.ceil(instant)
    assert spans[0].start <= 1 and spans[-1].end >= horizon - 1


def test_station_sees_about_fifteen_and_a_half_sunsets_a_day(challenge_light):
    orbit, horizon = challenge_light
    per_day = len(orbit.sunsets) / (horizon / 1440)
    assert 15.2 <= per_day <= 15.8


def test_orbital_nights_last_thirty_to_forty_minutes_and_an_orbit_ninety_three(challenge_light):
    orbit, _ = challenge_light
    nights = [min(rise for rise in orbit.sunrises if rise > sunset) - sunset for sunset in orbit.sunsets[:-1]]
    assert 30 <= min(nights) and max(nights) <= 40
    orbit_minutes = (orbit.sunsets[-1] - orbit.sunsets[0]) / (len(orbit.sunsets) - 1)
    assert orbit_minutes == pytest.approx(92.9, abs=0.3)


def test_a_grazing_shadow_of_a_few_minutes_splits_the_orbital_day(iss_tle):
    """The issue's example: Skyfield with DE421 puts the station in Earth's shadow on 2021-11-18 from about
    21:26:20 to 21:31:00 UTC, at high beta angle. A day shoot must not cross it."""
    origin = datetime(2021, 11, 18, 21, 0, tzinfo=timezone.utc)
    light = light_windows(iss_tle, origin, 60)
    assert any(26 <= night.start and night.end <= 31 and night.length >= 3 for night in light.night)
    assert not any(day.start < 31 and 26 < day.end for day in light.day)


def test_the_light_of_a_window_does_not_depend_on_where_the_window_starts(iss_tle, challenge_window):
    start, _ = challenge_window
    whole = orbit_light(Track(iss_tle, start, 600))
    later = orbit_light(Track(iss_tle, start + timedelta(minutes=137), 600 - 137))
    shifted = [instant - 137 for instant in whole.sunsets if instant > 137]
    assert later.sunsets == pytest.approx(shifted, abs=0.1 / 60)


def test_elements_that_cannot_be_propagated_are_refused_naming_the_tle(iss_tle, challenge_window):
    decayed = (iss_tle[0], iss_tle[1][:52] + "25.00000000303602")  # mean motion too high to stay in orbit
    with pytest.raises(OrbitError) as refused:
        light_windows(decayed, challenge_window[0], 600)
    assert isinstance(refused.value, DomainError) and not isinstance(refused.value, ValueError)
    assert refused.value.path == "production.tle" and "SGP4" in refused.value.message


def test_longest_span_is_zero_without_spans():
    assert longest(()) == 0
    assert longest((Interval(0, 10), Interval(20, 45))) == 25
