"""The orbit's geometry over places on the ground (hard constraint 11): when the station is in view of a
place, and when the ground there is lit or dark.

A place is a point on the WGS-84 ellipsoid at height 0. Seen from it:
- the station is in view while its elevation above the local (geodetic) horizon is at least the place's
  `min_elevation` (geometric: no refraction, no light time, as Skyfield's `find_events` computes it);
- the ground is lit (`ground_day`) while the Sun's centre is above that horizon, and dark (`ground_night`)
  while it is at least 6 degrees below it: the Sun's apparent position, topocentric, without refraction.

Everything comes from one `Track` of the stay, shared by every place, in the minute convention of
`crossings.py` (a minute counts only when the condition holds throughout it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

import numpy as np

from .crossings import Crossings, find_crossings
from .ephemeris import EARTH_EQUATORIAL_RADIUS_KM, EARTH_FLATTENING, Track, to_earth_fixed
from .orbit import OrbitLight, orbit_light
from .problem import Interval, Place

GROUND_NIGHT_DEGREES = -6.0  # the Sun's centre at least this far below the horizon: city lights
# The Sun crosses the sky a quarter of a degree a minute: ten-minute samples are plenty.
GROUND_SUN_SAMPLE_SECONDS = 600.0
# How close to the threshold (in sine of elevation, about 2 degrees) a peak between samples may seem and still be
# looked into. A pass the minute samples miss altogether lasts under a minute: it holds no whole minute anyway.
ELEVATION_MARGIN = 0.035
SUN_ELEVATION_MARGIN = np.radians(1.0)


@dataclass(frozen=True)
class PlaceGeometry:
    """Whole-minute spans over the stay, sorted and disjoint: when the station is in view of the place, when
    the Sun's centre is above its horizon, and when it is at least 6 degrees below."""

    in_view: tuple[Interval, ...]
    ground_day: tuple[Interval, ...]
    ground_night: tuple[Interval, ...]


@dataclass(frozen=True)
class OrbitGeometry:
    """Orbital light with its sunrises and sunsets, and each place's geometry by place code."""

    light: OrbitLight
    places: Mapping[str, PlaceGeometry]


def orbit_geometry(
    tle: tuple[str, str], origin: datetime, horizon: int, places: Iterable[Place] = ()
) -> OrbitGeometry:
    """Everything the orbit decides over minutes [0, horizon) from `origin`, from one propagation."""
    track = Track(tle, origin, horizon)
    return OrbitGeometry(
        light=orbit_light(track),
        places=MappingProxyType({place.code: place_geometry(track, place) for place in places}),
    )


def place_geometry(track: Track, place: Place) -> PlaceGeometry:
    """The place's passes and ground light over the track's window."""
    return PlaceGeometry(
        in_view=station_in_view(track, place).spans(),
        ground_day=sun_above(track, place, 0.0).spans(),
        ground_night=sun_above(track, place, GROUND_NIGHT_DEGREES).spans(holding=False),
    )


def station_in_view(track: Track, place: Place) -> Crossings:
    """When the station stands at least `min_elevation` above the place's horizon."""
    position, up = _ground_point(place)
    threshold = np.sin(np.radians(place.min_elevation))

    def sine_above_minimum(fixed: np.ndarray, radius_squared: np.ndarray) -> np.ndarray:
        # The sine of the elevation, with the distance from the place expanded so that every place shares the
        # station's own |r|^2 instead of forming a (samples x 3) difference of its own.
        distance = np.sqrt(radius_squared - 2 * (fixed @ position) + position @ position)
        return (fixed @ up - position @ up) / distance - threshold

    def at(seconds: np.ndarray) -> np.ndarray:
        fixed = to_earth_fixed(track.station_at(seconds), track.sidereal_angle(seconds))
        return sine_above_minimum(fixed, np.einsum("ij,ij->i", fixed, fixed))

    values = sine_above_minimum(track.station_fixed, track.station_radius_squared)
    return find_crossings(at, track.times, values, horizon=track.horizon, margin=ELEVATION_MARGIN)


def sun_above(track: Track, place: Place, degrees: float) -> Crossings:
    """When the Sun's centre stands more than `degrees` above the place's horizon."""
    position, up = _ground_point(place)
    threshold = np.radians(degrees)

    def at(seconds: np.ndarray) -> np.ndarray:
        sun = to_earth_fixed(track.sun_at(seconds, apparent=True), track.sidereal_angle(seconds))
        return _elevation(sun - position, up) - threshold

    times = np.arange(-1, track.horizon * 60 // GROUND_SUN_SAMPLE_SECONDS + 2) * GROUND_SUN_SAMPLE_SECONDS
    return find_crossings(at, times, at(times), horizon=track.horizon, margin=SUN_ELEVATION_MARGIN)


def _ground_point(place: Place) -> tuple[np.ndarray, np.ndarray]:
    """The place's Earth-fixed position (km) and its local vertical, the ellipsoid's normal."""
    latitude, longitude = np.radians(place.lat), np.radians(place.lon)
    eccentricity_squared = EARTH_FLATTENING * (2 - EARTH_FLATTENING)
    normal_radius = EARTH_EQUATORIAL_RADIUS_KM / np.sqrt(1 - eccentricity_squared * np.sin(latitude) ** 2)
    up = np.array(
        [np.cos(latitude) * np.cos(longitude), np.cos(latitude) * np.sin(longitude), np.sin(latitude)]
    )
    position = normal_radius * np.array(
        [up[0], up[1], (1 - eccentricity_squared) * np.sin(latitude)]
    )
    return position, up


def _elevation(offsets: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Elevation in radians above the horizon of points at these offsets from the observer."""
    return np.arcsin(np.clip(offsets @ up / np.linalg.norm(offsets, axis=1), -1.0, 1.0))
