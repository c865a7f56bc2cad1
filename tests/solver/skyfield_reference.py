"""The independent reference for the orbit's geometry: Skyfield with JPL's DE421 ephemeris (the file the
`skyfield-data` package ships; test dependencies only, nothing is downloaded).

Each answer is a `Reference`: whether the condition holds at minute 0 and the instants it changes, in
minutes from the origin, as Skyfield finds them with its own searches (`find_discrete`, `find_events`,
`find_risings`, `find_settings`). Answers are cached for the session: the 180-day shadow search is the
slowest part of the suite's geometry tests.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from skyfield import almanac
from skyfield.api import EarthSatellite, Loader, wgs84
from skyfield.nutationlib import iau2000b_radians
from skyfield.searchlib import find_discrete

SEARCH_STEP_DAYS = 1 / 1440  # Skyfield samples the shadow once a minute before refining
FINE_STEP_DAYS = 1 / 86400  # and once a second where a short shadow is in question
EPSILON_DAYS = 0.05 / 86400


@dataclass(frozen=True)
class Reference:
    holds_at_start: bool
    instants: tuple[float, ...]


@functools.cache
def _skyfield():
    with warnings.catch_warnings():
        # skyfield-data warns that its Earth-orientation table has aged; only DE421 is used from it (the
        # timescale is Skyfield's built-in one).
        warnings.simplefilter("ignore", RuntimeWarning)
        from skyfield_data import get_skyfield_data_path

        loader = Loader(get_skyfield_data_path(), verbose=False, expire=False)
    return loader.timescale(builtin=True), loader("de421.bsp")


def _window(origin: datetime, horizon: int):
    timescale, _ = _skyfield()
    start = timescale.from_datetime(origin)
    return start, timescale.tt_jd(start.tt + horizon / 1440)


def _minutes(times, start) -> tuple[float, ...]:
    return tuple(((times.tt - start.tt) * 1440).tolist())


@functools.cache
def _satellite(tle: tuple[str, str]) -> EarthSatellite:
    timescale, _ = _skyfield()
    return EarthSatellite(*tle, "ISS", timescale)


def _in_shadow(tle: tuple[str, str]):
    _, ephemeris = _skyfield()
    satellite = _satellite(tle)

    def in_shadow(times):
        # IAU 2000B nutation, as Skyfield's own almanac searches use it: a milliarcsecond from 2000A, and
        # many times faster over a few hundred thousand instants.
        times._nutation_angles_radians = iau2000b_radians(times)
        return ~satellite.at(times).is_sunlit(ephemeris)

    return in_shadow


@functools.cache
def shadow(tle: tuple[str, str], origin: datetime, horizon: int) -> Reference:
    """When the station is in Earth's shadow (`is_sunlit` false), searched with one-minute samples."""
    start, end = _window(origin, horizon)
    in_shadow = _in_shadow(tle)
    in_shadow.step_days = SEARCH_STEP_DAYS
    times, _ = find_discrete(start, end, in_shadow, epsilon=EPSILON_DAYS)
    return Reference(bool(in_shadow(start)), _minutes(times, start))


def shadow_closely(tle: tuple[str, str], origin: datetime, first: float, last: float) -> tuple[float, ...]:
    """The shadow's changes between minutes `first` and `last`, searched with one-second samples."""
    timescale, _ = _skyfield()
    base = timescale.from_datetime(origin)
    in_shadow = _in_shadow(tle)
    in_shadow.step_days = FINE_STEP_DAYS
    start, end = timescale.tt_jd(base.tt + first / 1440), timescale.tt_jd(base.tt + last / 1440)
    times, _ = find_discrete(start, end, in_shadow, epsilon=EPSILON_DAYS)
    return _minutes(times, base)


@functools.cache
def passes(tle: tuple[str, str], origin: datetime, horizon: int, lat: float, lon: float, min_elevation: float) -> Reference:
    """When the station stands at least `min_elevation` degrees above the place's horizon (`find_events`)."""
    start, end = _window(origin, horizon)
    satellite = _satellite(tle)
    place = wgs84.latlon(lat, lon)
    times, events = satellite.find_events(place, start, end, altitude_degrees=min_elevation)
    changes = times[events != 1]  # rises and sets; culminations change nothing
    altitude = (satellite - place).at(start).altaz()[0].degrees
    return Reference(bool(altitude >= min_elevation), _minutes(changes, start))


@functools.cache
def sun_above(origin: datetime, horizon: int, lat: float, lon: float, degrees: float) -> Reference:
    """When the Sun's centre stands more than `degrees` above the place's horizon (apparent, topocentric,
    no refraction): Skyfield's risings and settings with that horizon."""
    start, end = _window(origin, horizon)
    _, ephemeris = _skyfield()
    observer = ephemeris["earth"] + wgs84.latlon(lat, lon)
    risings, crossed_up = almanac.find_risings(observer, ephemeris["sun"], start, end, horizon_degrees=degrees)
    settings, crossed_down = almanac.find_settings(observer, ephemeris["sun"], start, end, horizon_degrees=degrees)
    instants = np.sort(np.concatenate((
        np.array(_minutes(risings, start))[crossed_up], np.array(_minutes(settings, start))[crossed_down]
    )))
    altitude = observer.at(start).observe(ephemeris["sun"]).apparent().altaz()[0].degrees
    return Reference(bool(altitude > degrees), tuple(instants.tolist()))
