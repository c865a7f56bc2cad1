"""Crossings of a sampled signal: found to a hundredth of a second, short dips between samples included, and
told in whole minutes only where the condition holds (or fails) throughout."""

from __future__ import annotations

import numpy as np
import pytest

from scheduling.solver.crossings import TOLERANCE_SECONDS, Crossings, find_crossings
from scheduling.solver.problem import Interval

HORIZON = 60  # minutes


def samples(horizon: int = HORIZON, step: float = 60.0) -> np.ndarray:
    """Sample times as the track lays them: one step before minute 0 to one after the horizon."""
    return np.arange(-1, horizon * 60 / step + 2) * step


def crossings_of(signal, *, margin: float = 0.1, step: float = 60.0) -> Crossings:
    times = samples(step=step)
    return find_crossings(signal, times, signal(times), horizon=HORIZON, margin=margin)


def test_crossings_of_a_slow_wave_are_found_to_a_hundredth_of_a_second():
    period = 1111.0  # seconds, out of step with the samples

    def wave(t):
        return np.sin(2 * np.pi * t / period + 0.3)

    found = crossings_of(wave)
    expected = [(k * period / 2 - 0.3 * period / (2 * np.pi)) / 60 for k in range(1, 8)]
    expected = [instant for instant in expected if 0 < instant < HORIZON]
    assert np.abs(np.array(found.instants) - expected).max() * 60 <= TOLERANCE_SECONDS
    assert found.holds_at_start  # sin(0.3) > 0


def test_a_dip_shorter_than_the_samples_are_apart_is_found():
    """A grazing shadow of 20 seconds, centred between two samples a minute apart."""
    centre, half = 30 * 60 + 30.0, 10.0

    def clearance(t):
        return ((t - centre) / half) ** 2 / 1000 - 1 / 1000  # negative for |t - centre| < half

    found = crossings_of(clearance, margin=0.01)
    assert found.holds_at_start
    assert np.array(found.instants) * 60 == pytest.approx([centre - half, centre + half], abs=TOLERANCE_SECONDS)
    # Neither light may use the minute it falls in; the minutes either side hold throughout.
    assert found.spans() == (Interval(0, 30), Interval(31, HORIZON))
    assert found.spans(holding=False) == ()


def test_a_dip_that_stays_above_zero_adds_no_crossing():
    centre = 30 * 60 + 30.0

    def clearance(t):
        return ((t - centre) / 10.0) ** 2 / 1000 + 1e-4

    assert crossings_of(clearance, margin=0.01).instants == ()


def test_a_peak_between_samples_that_crosses_zero_is_found_too():
    centre = 12 * 60 + 45.0

    def elevation(t):
        return 1e-3 - ((t - centre) / 15.0) ** 2 / 1000  # positive for 15 s either side of the centre

    found = crossings_of(elevation, margin=0.01)
    assert not found.holds_at_start
    assert np.array(found.instants) * 60 == pytest.approx([centre - 15, centre + 15], abs=TOLERANCE_SECONDS)
    assert found.spans() == ()  # a 30-second pass holds no whole minute


def test_a_minute_counts_only_when_the_condition_holds_or_fails_throughout():
    crossings = Crossings(horizon=10, holds_at_start=True, instants=(2.5, 6.0, 8.999))
    assert crossings.spans() == (Interval(0, 2), Interval(6, 8))  # a change on a whole minute costs none
    assert crossings.spans(holding=False) == (Interval(3, 6), Interval(9, 10))


def test_starts_and_ends_follow_the_state_at_minute_zero():
    held = Crossings(horizon=10, holds_at_start=True, instants=(1.5, 4.5, 7.5))
    assert held.ends() == (1.5, 7.5) and held.starts() == (4.5,)
    failed = Crossings(horizon=10, holds_at_start=False, instants=(1.5, 4.5))
    assert failed.starts() == (1.5,) and failed.ends() == (4.5,)


def test_a_crossing_just_before_minute_zero_sets_the_state_at_the_start():
    def rising(t):
        return t + 20.0  # crosses 20 s before minute 0

    found = crossings_of(rising)
    assert found.holds_at_start and found.instants == ()
    assert found.spans() == (Interval(0, HORIZON),)
