"""Orbital day and night over the filming window, from the station's two-line elements.

Each whole minute [m, m + 1) is decided by one sample at its middle, m + 0.5, so a span's ends are within
half a minute of the true sunrise or sunset (the spec tolerates a minute). At each sample:

- the station's position comes from SGP4 (TEME frame), vectorised over all minutes at once;
- the Sun's direction from the Astronomical Almanac's low-precision formula (about 0.01 degrees; the
  difference between its mean-of-date equator and TEME is arcseconds);
- the station is in Earth's shadow when the Sun's centre is hidden behind Earth's limb, with Earth taken as
  the WGS-84 ellipsoid. That is the middle of the penumbra, which the ISS crosses in about ten seconds:
  the half above counts as day, the half below as night.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

import numpy as np
from sgp4.api import Satrec, jday

from .problem import Interval, Light

EARTH_EQUATORIAL_RADIUS_KM = 6378.137
EARTH_FLATTENING = 1 / 298.257223563
J2000_JULIAN_DATE = 2451545.0


class OrbitError(ValueError):
    """The two-line elements cannot be propagated over the window."""


def light_windows(tle: tuple[str, str], origin: datetime, horizon: int) -> Light:
    """Orbital day and night spans covering minutes [0, horizon) from `origin`, sorted and disjoint."""
    minutes = np.arange(horizon, dtype=float) + 0.5
    julian_day, day_fraction = _julian_dates(origin, minutes)
    station = _station_positions(tle, julian_day, day_fraction)
    sun = _sun_directions(julian_day + day_fraction)
    dark = _in_shadow(station, sun)
    return Light(day=_runs(~dark), night=_runs(dark))


def longest(spans: Iterable[Interval]) -> int:
    """Length of the longest span in minutes, 0 when there is none."""
    return max((span.length for span in spans), default=0)


def _julian_dates(origin: datetime, minutes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Julian dates of the samples, split into a whole part and a fraction to keep sub-second precision."""
    moment = origin.astimezone(timezone.utc)
    whole, fraction = jday(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return np.full_like(minutes, whole), fraction + minutes / 1440.0


def _station_positions(tle: tuple[str, str], julian_day: np.ndarray, day_fraction: np.ndarray) -> np.ndarray:
    """Station positions in km (TEME), one row per sample."""
    satellite = Satrec.twoline2rv(*tle)
    errors, positions, _ = satellite.sgp4_array(julian_day, day_fraction)
    if np.any(errors):
        first = int(np.flatnonzero(errors)[0])
        raise OrbitError(f"SGP4 cannot propagate these elements past minute {first} (error code {errors[first]})")
    return positions


def _sun_directions(julian_date: np.ndarray) -> np.ndarray:
    """Unit vectors toward the Sun, equatorial frame, one row per sample (Astronomical Almanac, section C)."""
    days = julian_date - J2000_JULIAN_DATE
    mean_longitude = np.radians(280.460 + 0.9856474 * days)
    mean_anomaly = np.radians(357.528 + 0.9856003 * days)
    ecliptic_longitude = (
        mean_longitude + np.radians(1.915) * np.sin(mean_anomaly) + np.radians(0.020) * np.sin(2 * mean_anomaly)
    )
    obliquity = np.radians(23.439 - 0.0000004 * days)
    return np.column_stack(
        (
            np.cos(ecliptic_longitude),
            np.cos(obliquity) * np.sin(ecliptic_longitude),
            np.sin(obliquity) * np.sin(ecliptic_longitude),
        )
    )


def _in_shadow(station: np.ndarray, sun: np.ndarray) -> np.ndarray:
    """Whether the Sun's centre is behind the Earth as seen from the station.

    Stretching the polar axis by 1 / (1 - f) maps the ellipsoid onto a sphere and straight lines onto straight
    lines, so the sphere test below is exact for the ellipsoid. The Sun is far enough (parallax ~3e-6 rad)
    that its direction from the station equals its direction from Earth's centre.
    """
    stretch = np.array([1.0, 1.0, 1.0 / (1.0 - EARTH_FLATTENING)])
    station = station * stretch
    sun = sun * stretch
    sun /= np.linalg.norm(sun, axis=1, keepdims=True)
    # The ray from the station toward the Sun meets the Earth when it heads toward it (negative projection)
    # and passes closer to the centre than the radius.
    along = np.einsum("ij,ij->i", station, sun)
    closest_squared = np.einsum("ij,ij->i", station, station) - along**2
    return (along < 0) & (closest_squared < EARTH_EQUATORIAL_RADIUS_KM**2)


def _runs(flags: np.ndarray) -> tuple[Interval, ...]:
    """The maximal runs of True minutes as half-open spans."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return tuple(Interval(int(start), int(end)) for start, end in zip(edges[::2], edges[1::2]))
