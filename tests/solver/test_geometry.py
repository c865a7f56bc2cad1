"""The orbit's geometry over places: shapes and rules (agreement with Skyfield is in test_orbit_reference.py)."""

from __future__ import annotations

import pytest

from scheduling.solver.ephemeris import Track
from scheduling.solver.geometry import orbit_geometry, place_geometry, station_in_view
from scheduling.solver.problem import Place
from core.intervals import intersect, subtract
from scheduling.solver.orbit import light_windows

MOSCOW = Place("moscow", 55.7558, 37.6173, 10)
NORTH_POLE = Place("pole", 90.0, 0.0, 0)


@pytest.fixture
def challenge_track(iss_tle, challenge_window) -> Track:
    start, end = challenge_window
    return Track(iss_tle, start, int((end - start).total_seconds() // 60))


def test_one_propagation_gives_the_light_and_every_place_by_code(iss_tle, challenge_window):
    start, _ = challenge_window
    geometry = orbit_geometry(iss_tle, start, 2880, [MOSCOW, NORTH_POLE])
    assert geometry.light.light == light_windows(iss_tle, start, 2880)
    assert set(geometry.places) == {"moscow", "pole"}
    with pytest.raises(TypeError):
        geometry.places["tsup"] = geometry.places["moscow"]  # read-only, as the rest of the problem


def test_passes_over_moscow_last_a_few_minutes_a_few_times_a_day(challenge_track):
    passes = place_geometry(challenge_track, MOSCOW).in_view
    days = challenge_track.horizon / 1440
    assert 2 <= len(passes) / days <= 8
    assert all(1 <= span.length <= 10 for span in passes)
    assert all(earlier.end < later.start for earlier, later in zip(passes, passes[1:]))


def test_a_higher_minimum_elevation_only_shortens_the_passes(challenge_track):
    low = place_geometry(challenge_track, MOSCOW).in_view
    high = place_geometry(challenge_track, Place("moscow-high", MOSCOW.lat, MOSCOW.lon, 25)).in_view
    assert high and subtract(high, low) == ()
    assert sum(span.length for span in high) < sum(span.length for span in low) / 3


def test_the_station_is_never_in_view_of_the_pole_its_orbit_never_nears(challenge_track):
    crossings = station_in_view(challenge_track, NORTH_POLE)
    assert not crossings.holds_at_start and crossings.instants == ()


def test_the_pole_has_no_ground_day_in_october_and_moscow_has_both(challenge_track):
    pole = place_geometry(challenge_track, NORTH_POLE)
    assert pole.ground_day == ()
    moscow = place_geometry(challenge_track, MOSCOW)
    days = challenge_track.horizon / 1440
    assert len(moscow.ground_day) == pytest.approx(days, abs=1)
    assert len(moscow.ground_night) == pytest.approx(days, abs=1)


def test_ground_day_and_night_never_meet_civil_twilight_lies_between(challenge_track):
    moscow = place_geometry(challenge_track, MOSCOW)
    assert intersect(moscow.ground_day, moscow.ground_night) == ()
    spans = sorted([*moscow.ground_day, *moscow.ground_night])
    # At 56 degrees north in October the Sun takes more than half an hour from the horizon to 6 degrees below.
    assert all(later.start - earlier.end >= 30 for earlier, later in zip(spans, spans[1:]))
