"""The orbit's geometry against an independent ephemeris: Skyfield with JPL DE421 (see skyfield_reference.py),
on the demo's TLE, over the Challenge's first 12 days and over a 180-day stay from the same start.

The spec tolerates a minute near each edge. We hold ourselves to more: every sunrise, sunset, rise and set
within PRECISION_SECONDS of Skyfield's, and every whole minute we call day, night, in view, lit or dark
being so in Skyfield's reckoning too, except where its own change lies within PRECISION_SECONDS of the
minute's edge. The worst differences are printed in the summary at the end of the run.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from core.intervals import covers
from scheduling.solver.crossings import Crossings
from scheduling.solver.ephemeris import Track
from scheduling.solver.geometry import GROUND_NIGHT_DEGREES, place_geometry, station_in_view, sun_above
from scheduling.solver.orbit import orbit_light, shadow_crossings
from scheduling.solver.problem import Place

from . import skyfield_reference as reference
from .skyfield_reference import Reference

SPEC_TOLERANCE_SECONDS = 60.0
PRECISION_SECONDS = 2.0
ORIGIN = datetime(2021, 10, 5, 16, 0, tzinfo=timezone.utc)
STAYS = [
    pytest.param(12 * 1440, id="12-days"),
    pytest.param(180 * 1440, id="180-days", marks=pytest.mark.slow),
]
PLACES = [
    pytest.param(Place("moscow", 55.7558, 37.6173, 10), id="moscow"),
    pytest.param(Place("tsup", 55.9125, 37.8103, 5), id="tsup-korolyov"),
    pytest.param(Place("sydney", -33.8688, 151.2093, 10), id="sydney"),
]


@functools.cache
def _track(tle: tuple[str, str], horizon: int) -> Track:
    return Track(tle, ORIGIN, horizon)


def test_every_shadow_is_found_by_both_and_every_sunrise_and_sunset_within_seconds_of_skyfield(
    iss_tle, reference_report, horizon
):
    ours = shadow_crossings(_track(iss_tle, horizon))
    theirs = reference.shadow(iss_tle, ORIGIN, horizon)
    # Skyfield samples a minute apart: where either side sees a short shadow, it looks again second by second.
    theirs = _looked_at_closely(iss_tle, theirs, _short_spans(ours) + _short_spans(theirs))
    worst = _assert_same_changes(ours, theirs, "shadow")
    shadows = len(Crossings(horizon, theirs.holds_at_start, theirs.instants).starts())
    reference_report.append(
        f"{horizon // 1440:>3} days, shadow: {shadows} shadows in both, {len(theirs.instants)} sunrises and sunsets, "
        f"worst {worst:.3f} s"
    )


def test_every_minute_of_orbital_day_and_night_is_so_in_skyfield(iss_tle, horizon):
    light = orbit_light(_track(iss_tle, horizon)).light
    theirs = reference.shadow(iss_tle, ORIGIN, horizon)
    _assert_minutes_agree(holding=light.night, failing=light.day, reference=theirs, horizon=horizon)


@pytest.mark.parametrize("place", PLACES)
def test_passes_over_a_place_rise_and_set_within_seconds_of_skyfield(iss_tle, reference_report, horizon, place):
    track = _track(iss_tle, horizon)
    theirs = reference.passes(iss_tle, ORIGIN, horizon, place.lat, place.lon, place.min_elevation)
    worst = _assert_same_changes(station_in_view(track, place), theirs, f"{place.code} in view")
    _assert_minutes_agree(holding=place_geometry(track, place).in_view, reference=theirs, horizon=horizon)
    reference_report.append(
        f"{horizon // 1440:>3} days, {place.code} in view (min {place.min_elevation:g} deg): "
        f"{len(theirs.instants) // 2} passes, worst {worst:.3f} s"
    )


@pytest.mark.parametrize("place", PLACES)
def test_ground_day_and_night_at_a_place_agree_with_skyfield_sunrise_sunset_and_twilight(
    iss_tle, reference_report, horizon, place
):
    track = _track(iss_tle, horizon)
    geometry = place_geometry(track, place)
    for degrees, holding, failing, name in (
        (0.0, geometry.ground_day, None, "sunrise/sunset"),
        (GROUND_NIGHT_DEGREES, None, geometry.ground_night, "civil twilight"),
    ):
        theirs = reference.sun_above(ORIGIN, horizon, place.lat, place.lon, degrees)
        worst = _assert_same_changes(sun_above(track, place, degrees), theirs, f"{place.code} {name}")
        _assert_minutes_agree(holding=holding, failing=failing, reference=theirs, horizon=horizon)
        reference_report.append(
            f"{horizon // 1440:>3} days, {place.code} {name}: {len(theirs.instants)} changes, worst {worst:.3f} s"
        )


@pytest.fixture(params=STAYS)
def horizon(request) -> int:
    return request.param


def _assert_same_changes(ours: Crossings, theirs: Reference, what: str) -> float:
    """Same state at the start, the same changes one for one, each within PRECISION_SECONDS; the worst."""
    assert ours.holds_at_start == theirs.holds_at_start, f"{what}: differs at the start"
    mine, reference_instants = np.array(ours.instants), np.array(theirs.instants)
    missed = [minute for minute in reference_instants if not _near(minute, mine)]
    extra = [minute for minute in mine if not _near(minute, reference_instants)]
    assert not missed and not extra, f"{what}: missed {_stamps(missed)}, extra {_stamps(extra)}"
    assert len(mine) == len(reference_instants)
    errors = np.abs(mine - reference_instants) * 60
    worst = float(errors.max(initial=0.0))
    assert worst <= PRECISION_SECONDS, f"{what}: {worst:.2f} s off at {_stamps([reference_instants[errors.argmax()]])}"
    return worst


def _assert_minutes_agree(*, holding=None, failing=None, reference: Reference, horizon: int) -> None:
    """Each minute of `holding` holds throughout in the reference and each of `failing` fails throughout,
    unless a reference change lies within PRECISION_SECONDS of that minute's edge; and no stretch the
    reference holds (fails) throughout is cut short by more than the spec's minute at either end."""
    theirs = _minute_states(reference, horizon)
    near_a_change = _edges_near(reference.instants, horizon)
    for spans, state in ((holding, 1), (failing, -1)):
        if spans is None:
            continue
        ours = np.zeros(horizon, dtype=bool)
        for span in spans:
            ours[span.start:span.end] = True
        wrong = ours & (theirs != state) & ~near_a_change
        assert not wrong.any(), f"minutes called wrongly: {_stamps(np.flatnonzero(wrong)[:10].tolist())}"
        for start, end in _runs(theirs == state):
            if end - start > 2:
                assert covers(spans, start + 1, end - 1), f"cut short: {_stamps([start])}"


def _minute_states(reference: Reference, horizon: int) -> np.ndarray:
    """Per minute: 1 if the condition holds throughout, -1 if it fails throughout, 0 if it changes within."""
    instants = np.array(reference.instants)
    minutes = np.arange(horizon)
    before = np.searchsorted(instants, minutes, side="right")
    within = np.searchsorted(instants, minutes + 1, side="left") - before
    state = np.where((before % 2 == 0) == reference.holds_at_start, 1, -1)
    return np.where(within > 0, 0, state)


def _edges_near(instants: tuple[float, ...], horizon: int) -> np.ndarray:
    near = np.zeros(horizon + 1, dtype=bool)
    for instant in instants:
        for edge in (int(np.floor(instant)), int(np.ceil(instant))):
            if abs(instant - edge) * 60 <= PRECISION_SECONDS and 0 <= edge <= horizon:
                near[edge] = True
    return near[:-1] | near[1:]  # minute m has edges m and m + 1


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _short_spans(crossings) -> list[tuple[float, float]]:
    """(start, end) of the condition's spells shorter than three minutes."""
    bounds = (0.0, *crossings.instants)
    first = 0 if crossings.holds_at_start else 1
    spells = zip(bounds[first::2], bounds[first + 1::2])
    return [(start, end) for start, end in spells if end - start < 3]


def _looked_at_closely(tle, theirs: Reference, spells: list[tuple[float, float]]) -> Reference:
    """The reference with the windows around short spells searched again at one-second steps."""
    windows: list[list[float]] = []
    for start, end in sorted(spells):
        if windows and start - 2 <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end + 2)
        else:
            windows.append([max(start - 2, 0.0), end + 2])
    kept = [minute for minute in theirs.instants if not any(low <= minute <= high for low, high in windows)]
    for low, high in windows:
        kept.extend(reference.shadow_closely(tle, ORIGIN, low, high))
    return Reference(theirs.holds_at_start, tuple(sorted(kept)))


def _near(minute: float, instants: np.ndarray) -> bool:
    """Whether one of the sorted instants lies within the spec's tolerance of `minute`."""
    index = np.searchsorted(instants, minute)
    neighbours = instants[max(index - 1, 0):index + 1]
    return bool(np.any(np.abs(neighbours - minute) * 60 <= SPEC_TOLERANCE_SECONDS))


def _stamps(minutes) -> list[str]:
    return [(ORIGIN + timedelta(minutes=float(minute))).isoformat(timespec="seconds") for minute in minutes]
