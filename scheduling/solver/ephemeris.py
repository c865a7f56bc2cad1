"""Where the station and the Sun are over a stay: computed once, shared by the light and every place.

- The station: SGP4 (the `sgp4` package) in its TEME frame, once a minute over the stay and one minute
  beyond each end. Between samples a cubic Hermite through the positions and velocities stands in for
  SGP4: 0.4 m off at worst, a twentieth of a millisecond of the station's motion.
- The Sun: `sun.py`, once an hour, linear in between (0.02 arcseconds off).
- Earth-fixed coordinates: TEME turned by Greenwich mean sidereal time (the IAU 1982 formula, as SGP4 and
  AIAA 2006-6753 define TEME). Neglected: UT1 - UTC, below 0.9 s and about 0.1 s in 2021 (Earth turns
  15 arcseconds a second: 50 m on the ground), and polar motion (about 0.3 arcseconds, 10 m).
- Time scales: SGP4 and sidereal time take UTC; the Sun takes TT = UTC + 69.184 s (37 leap seconds, in force
  since 2017; a stay before that has up to 5 s less, which moves the Sun 0.2 arcseconds).
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cached_property

import numpy as np
from sgp4.api import Satrec, jday

from core.errors import DomainError

from .sun import J2000_JULIAN_DATE, sun_positions

# WGS-84, whose equatorial radius is also the sphere of Earth's shadow (hard constraint 8).
EARTH_EQUATORIAL_RADIUS_KM = 6378.137
EARTH_FLATTENING = 1 / 298.257223563
SAMPLE_SECONDS = 60.0
SUN_NODE_SECONDS = 3600.0
TT_MINUS_UTC_SECONDS = 69.184
SECONDS_PER_DAY = 86400.0


class OrbitError(DomainError):
    """The two-line elements cannot be propagated over the window."""

    def __init__(self, message: str):
        super().__init__(message, path="production.tle")


class Track:
    """The station's and the Sun's positions from `origin` over `horizon` minutes.

    Times are seconds from `origin`. `times` are the minute samples, from one minute before the window to
    one after it, and `station` the station's TEME positions (km) at them.
    """

    def __init__(self, tle: tuple[str, str], origin: datetime, horizon: int):
        self.origin = origin.astimezone(timezone.utc)
        self.horizon = horizon
        self.times = np.arange(-1, horizon + 2) * SAMPLE_SECONDS
        moment = self.origin
        self._julian_day, self._day_fraction = jday(
            moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second + moment.microsecond / 1e6
        )
        satellite = Satrec.twoline2rv(*tle)
        errors, positions, velocities = satellite.sgp4_array(
            np.full(self.times.shape, self._julian_day), self._day_fraction + self.times / SECONDS_PER_DAY
        )
        if np.any(errors):
            first = int(np.flatnonzero(errors)[0])
            raise OrbitError(
                f"SGP4 cannot propagate these elements past minute {max(first - 1, 0)} (error code {errors[first]})"
            )
        self.station = positions
        self._velocities = velocities
        self._sun_times = np.arange(-1, horizon // 60 + 3) * SUN_NODE_SECONDS
        self._sun_nodes = {
            apparent: sun_positions(self._julian_dates(self._sun_times, TT_MINUS_UTC_SECONDS), apparent=apparent)
            for apparent in (False, True)
        }

    def station_at(self, seconds: np.ndarray) -> np.ndarray:
        """The station's TEME positions (km) at any times inside the samples."""
        index = np.clip(((seconds - self.times[0]) // SAMPLE_SECONDS).astype(int), 0, len(self.times) - 2)
        u = ((seconds - self.times[index]) / SAMPLE_SECONDS)[:, None]
        start, end = self.station[index], self.station[index + 1]
        start_velocity = self._velocities[index] * SAMPLE_SECONDS
        end_velocity = self._velocities[index + 1] * SAMPLE_SECONDS
        return (
            (2 * u**3 - 3 * u**2 + 1) * start + (u**3 - 2 * u**2 + u) * start_velocity
            + (3 * u**2 - 2 * u**3) * end + (u**3 - u**2) * end_velocity
        )

    def sun_at(self, seconds: np.ndarray, *, apparent: bool) -> np.ndarray:
        """The Sun's geocentric TEME positions (km), geometric or apparent (see `sun.py`)."""
        nodes = self._sun_nodes[apparent]
        return np.column_stack([np.interp(seconds, self._sun_times, nodes[:, axis]) for axis in range(3)])

    @cached_property
    def sun(self) -> np.ndarray:
        """The Sun's geometric TEME positions at the minute samples."""
        return self.sun_at(self.times, apparent=False)

    @cached_property
    def station_fixed(self) -> np.ndarray:
        """The station's Earth-fixed positions (km) at the minute samples."""
        return to_earth_fixed(self.station, self.sidereal_angle(self.times))

    @cached_property
    def station_radius_squared(self) -> np.ndarray:
        """|station|^2 (km^2) at the minute samples, the same in every frame."""
        return np.einsum("ij,ij->i", self.station, self.station)

    def sidereal_angle(self, seconds: np.ndarray) -> np.ndarray:
        """Greenwich mean sidereal time (IAU 1982) in radians: TEME's x axis from Greenwich."""
        days = (self._julian_day - J2000_JULIAN_DATE) + self._day_fraction + seconds / SECONDS_PER_DAY
        centuries = days / 36525.0
        seconds_of_time = (
            67310.54841 + (876600.0 * 3600 + 8640184.812866) * centuries
            + 0.093104 * centuries**2 - 6.2e-6 * centuries**3
        )
        return np.remainder(seconds_of_time, SECONDS_PER_DAY) * (2 * np.pi / SECONDS_PER_DAY)

    def _julian_dates(self, seconds: np.ndarray, offset_seconds: float) -> np.ndarray:
        return self._julian_day + self._day_fraction + (seconds + offset_seconds) / SECONDS_PER_DAY


def to_earth_fixed(teme: np.ndarray, sidereal_angle: np.ndarray) -> np.ndarray:
    """TEME vectors turned with the Earth into its Greenwich frame (z the pole, x the Greenwich meridian)."""
    cos, sin = np.cos(sidereal_angle), np.sin(sidereal_angle)
    return np.column_stack((cos * teme[:, 0] + sin * teme[:, 1], cos * teme[:, 1] - sin * teme[:, 0], teme[:, 2]))
