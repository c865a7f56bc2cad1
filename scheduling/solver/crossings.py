"""When a smooth condition of the orbit holds, found to a hundredth of a second and told in whole minutes.

A condition is a signal, a smooth function of time that is positive while the condition holds (the Sun's
depth behind Earth's limb, the station's elevation above a place's minimum). It is sampled coarsely; each
sign change between two samples is refined by bracketed regula falsi (the Illinois variant). A signal can also
cross zero and come back between two samples (a shadow of a few seconds at grazing geometry): where three
samples bend toward zero and the parabola through them comes within `margin` of it, a golden-section
search finds the extremum, and when that lies across zero its two crossings are refined the same way.

The minute convention: a minute [m, m + 1) belongs to a condition's spans only when the condition holds
for the whole of it, and to the complement's only when it fails for the whole of it. A minute that holds a
crossing belongs to neither, so nothing scheduled in whole minutes ever straddles a change, however short.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .problem import Interval

Signal = Callable[[np.ndarray], np.ndarray]

TOLERANCE_SECONDS = 0.01
_GOLDEN = (math.sqrt(5) - 1) / 2
_MAX_REFINEMENTS = 60


@dataclass(frozen=True)
class Crossings:
    """A condition over minutes [0, horizon): whether it holds at minute 0, and the instants it changes
    (minutes from the origin, fractional, sorted, strictly inside the window)."""

    horizon: int
    holds_at_start: bool
    instants: tuple[float, ...]

    def spans(self, *, holding: bool = True) -> tuple[Interval, ...]:
        """The whole minutes throughout which the condition holds (or, with `holding=False`, fails),
        as sorted disjoint spans."""
        bounds = np.array((0.0, *self.instants, float(self.horizon)))
        first = 0 if self.holds_at_start == holding else 1
        starts = np.ceil(bounds[first:-1:2]).astype(int)
        ends = np.floor(bounds[first + 1::2]).astype(int)
        whole = starts < ends
        return tuple(map(Interval, starts[whole].tolist(), ends[whole].tolist()))

    def starts(self) -> tuple[float, ...]:
        """The instants the condition begins to hold."""
        return self.instants[1 if self.holds_at_start else 0::2]

    def ends(self) -> tuple[float, ...]:
        """The instants the condition stops holding."""
        return self.instants[0 if self.holds_at_start else 1::2]


def find_crossings(
    signal: Signal, times: np.ndarray, values: np.ndarray, *, horizon: int, margin: float
) -> Crossings:
    """The crossings of `signal` over minutes [0, horizon), from its `values` at `times` (seconds from the
    origin, evenly spaced, from before 0 to after the horizon). `signal` evaluates it anywhere between.
    `margin` bounds how far from zero an extremum between samples may seem and still be examined."""
    holding = values > 0
    edges = np.flatnonzero(holding[:-1] != holding[1:])
    lows, highs = [times[edges]], [times[edges + 1]]
    low_values, high_values = [values[edges]], [values[edges + 1]]
    for low, high, low_value, high_value in _hidden_crossings(signal, times, values, margin):
        lows.append(low)
        highs.append(high)
        low_values.append(low_value)
        high_values.append(high_value)
    instants = np.sort(
        _refine(signal, np.concatenate(lows), np.concatenate(highs), np.concatenate(low_values), np.concatenate(high_values))
    )
    # The first sample lies before minute 0: flip its state once per crossing up to minute 0.
    holds_at_start = bool(holding[0]) ^ bool(np.count_nonzero(instants <= 0) % 2)
    inside = instants[(instants > 0) & (instants < horizon * 60.0)] / 60.0
    return Crossings(horizon=horizon, holds_at_start=holds_at_start, instants=tuple(inside.tolist()))


def _hidden_crossings(signal: Signal, times: np.ndarray, values: np.ndarray, margin: float):
    """Brackets for pairs of crossings between samples: around extrema that every sample misses."""
    before, middle, after = values[:-2], values[1:-1], values[2:]
    same_side = ((before > 0) == (middle > 0)) & ((middle > 0) == (after > 0))
    bend = before - 2 * middle + after
    slope = (after - before) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        vertex = np.where(bend != 0, middle - slope**2 / (2 * bend), middle)
    # A held condition whose samples dip toward zero, or a failed one whose samples rise toward it. Strict on
    # the left, so that an extremum midway between two equal samples is looked into once.
    dips = same_side & (middle > 0) & (middle < before) & (middle <= after) & (vertex < margin)
    rises = same_side & (middle <= 0) & (middle > before) & (middle >= after) & (vertex > -margin)
    for candidates, sense in ((dips, 1.0), (rises, -1.0)):
        index = np.flatnonzero(candidates) + 1
        if not len(index):
            continue
        extreme = _golden_minimum(lambda t: sense * signal(t), times[index - 1], times[index + 1])
        extreme_value = signal(extreme)
        crossed = (extreme_value > 0) != (values[index] > 0)
        index, extreme, extreme_value = index[crossed], extreme[crossed], extreme_value[crossed]
        yield times[index - 1], extreme, values[index - 1], extreme_value
        yield extreme, times[index + 1], extreme_value, values[index + 1]


def _golden_minimum(function: Signal, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Where each unimodal `function` is least on [low, high], to the tolerance (golden-section search)."""
    inner_low = high - _GOLDEN * (high - low)
    inner_high = low + _GOLDEN * (high - low)
    value_low, value_high = function(inner_low), function(inner_high)
    while np.max(high - low) > TOLERANCE_SECONDS:
        left = value_low < value_high  # the minimum lies in [low, inner_high]
        low, high = np.where(left, low, inner_low), np.where(left, inner_high, high)
        kept, kept_value = np.where(left, inner_low, inner_high), np.where(left, value_low, value_high)
        fresh = np.where(left, high - _GOLDEN * (high - low), low + _GOLDEN * (high - low))
        fresh_value = function(fresh)
        inner_low, value_low = np.where(left, fresh, kept), np.where(left, fresh_value, kept_value)
        inner_high, value_high = np.where(left, kept, fresh), np.where(left, kept_value, fresh_value)
    return (low + high) / 2


def _refine(
    signal: Signal, low: np.ndarray, high: np.ndarray, low_value: np.ndarray, high_value: np.ndarray
) -> np.ndarray:
    """The crossing inside each bracket whose ends lie on either side of zero (Illinois regula falsi)."""
    kept_high_before = np.zeros(low.shape, dtype=bool)
    kept_low_before = np.zeros(low.shape, dtype=bool)
    for _ in range(_MAX_REFINEMENTS):
        if not len(low) or np.max(high - low) <= TOLERANCE_SECONDS:
            break
        guess = high - high_value * (high - low) / (high_value - low_value)
        guess = np.clip(guess, low, high)
        value = signal(guess)
        replaces_high = (value > 0) == (high_value > 0)
        # Illinois: an end kept twice running has its value halved, so that end moves too.
        low_value = np.where(replaces_high & kept_low_before, low_value / 2, low_value)
        high_value = np.where(~replaces_high & kept_high_before, high_value / 2, high_value)
        high, high_value = np.where(replaces_high, guess, high), np.where(replaces_high, value, high_value)
        low, low_value = np.where(replaces_high, low, guess), np.where(replaces_high, low_value, value)
        kept_low_before, kept_high_before = replaces_high, ~replaces_high
    return (low + high) / 2
