"""A production's orbital day and night, from its station's TLE: computed once per process for each orbit and
filming window, for the pages, the scene checks and the solver's problem alike."""

from __future__ import annotations

import functools
from datetime import datetime

from .models import Production
from .solver.orbit import light_windows
from .solver.problem import Light


@functools.lru_cache(maxsize=32)
def _light(tle1: str, tle2: str, origin: datetime, horizon: int) -> Light:
    return light_windows((tle1, tle2), origin, horizon)


def production_light(production: Production) -> Light | None:
    """Orbital day and night over the filming window, in minutes from its start; None without a TLE.

    SGP4 over a long stay takes a noticeable fraction of a second, and every page of a production needs the
    same answer, so it is computed once per process for each (orbit, window).
    """
    if not production.tle_line1:
        return None
    horizon = int((production.end - production.start).total_seconds() // 60)
    return _light(production.tle_line1, production.tle_line2, production.start, horizon)
