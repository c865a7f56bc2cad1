"""Orbital day and night over the filming window, from the station's two-line elements (hard constraint 8).

The station is in Earth's shadow when the line from it to the Sun's centre passes within 6,378.137 km (a
sphere of Earth's equatorial radius) of Earth's centre, as Skyfield's `is_sunlit` computes it: the station
from SGP4, the Sun's geometric position at the same instant (`sun.py`), both in TEME (`ephemeris.py`).

Sunsets and sunrises are found to a hundredth of a second (`crossings.py`); a minute is orbital day or night
only when it is wholly so. The minute of a sunrise or sunset is neither, so no day or night shoot can use it
and a shadow of any length, even a few grazing seconds, splits the day around it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from .crossings import Crossings, find_crossings
from .ephemeris import EARTH_EQUATORIAL_RADIUS_KM, Track
from .problem import Interval, Light

# The Sun's depth behind the limb moves by about a milliradian per orbit at grazing geometry and is smooth
# over a minute's samples; dips the samples miss are looked into when they seem to come this close to zero.
SHADOW_MARGIN = 0.01


@dataclass(frozen=True)
class OrbitLight:
    """Orbital day and night in whole minutes, and the instants between them (minutes from the origin,
    fractional): `sunrises` when the station leaves Earth's shadow, `sunsets` when it enters."""

    light: Light
    sunrises: tuple[float, ...]
    sunsets: tuple[float, ...]


def light_windows(tle: tuple[str, str], origin: datetime, horizon: int) -> Light:
    """Orbital day and night spans within minutes [0, horizon) from `origin`, sorted and disjoint."""
    return orbit_light(Track(tle, origin, horizon)).light


def orbit_light(track: Track) -> OrbitLight:
    """Day, night, sunrises and sunsets over the track's window."""
    shadow = shadow_crossings(track)
    return OrbitLight(
        light=Light(day=shadow.spans(holding=False), night=shadow.spans()),
        sunrises=shadow.ends(),
        sunsets=shadow.starts(),
    )


def shadow_crossings(track: Track) -> Crossings:
    """When the station is in Earth's shadow."""

    def depth_at(seconds: np.ndarray) -> np.ndarray:
        return shadow_depth(track.station_at(seconds), track.sun_at(seconds, apparent=False))

    return find_crossings(
        depth_at, track.times, shadow_depth(track.station, track.sun), horizon=track.horizon, margin=SHADOW_MARGIN
    )


def shadow_depth(station: np.ndarray, sun: np.ndarray) -> np.ndarray:
    """How far, in radians seen from the station, the Sun's centre lies inside Earth's disc: positive in
    shadow. Both in km, one row per instant, Earth's centre at the origin.

    Seen from the station Earth is a disc of angular radius asin(R / |station|) around the direction to its
    centre; the line to the Sun passes within R of the centre exactly when the Sun's centre is inside it.
    """
    toward_sun = sun - station
    distance = np.linalg.norm(station, axis=1)
    cosine = -np.einsum("ij,ij->i", station, toward_sun) / (distance * np.linalg.norm(toward_sun, axis=1))
    return np.arcsin(EARTH_EQUATORIAL_RADIUS_KM / distance) - np.arccos(np.clip(cosine, -1.0, 1.0))


def longest(spans: Iterable[Interval]) -> int:
    """Length of the longest span in minutes, 0 when there is none."""
    return max((span.length for span in spans), default=0)
