"""Orbit-aware shots for the generator's `orbit` shape (hard constraint 11): what each kind of shot asks of the
orbit, and where in a free window one could start.

Kinds, drawn in turn: an Earth view of a place by day and one by night (3 to 5 min, in a window module), a live
link with a place (3 to 6 min), an orbital sunrise and an orbital sunset (6 to 12 min). The places are the
geometry benchmark's ten. Where a shot may start comes from the solver's own rules (`domains.earth_view_time`,
`live_link_time`, `moment_starts`), so a planted shot is exactly one the engines and the validator accept.
"""

from __future__ import annotations

import random

from bench.geometry_bench import PLACES
from core.intervals import Interval, intersect, start_ranges
from scheduling.solver.domains import earth_view_time, live_link_time, moment_starts
from scheduling.solver.geometry import OrbitGeometry
from scheduling.solver.problem import GROUND_DAY, GROUND_NIGHT, MOMENT_SUNRISE, MOMENT_SUNSET, Problem, Scene

ORBIT_KINDS = ("over-day", "over-night", "link", "sunrise", "sunset")
MINUTES = {"over-day": (3, 5), "over-night": (3, 5), "link": (3, 6), "sunrise": (6, 12), "sunset": (6, 12)}


def draw_orbit_shot(rng: random.Random, number: int) -> dict:
    """The orbit fields and minutes of the `number`th orbit shot (the kinds come in turn)."""
    kind = ORBIT_KINDS[number % len(ORBIT_KINDS)]
    place = PLACES[rng.randrange(len(PLACES))].code
    fields = {
        "over-day": {"over": place, "ground": GROUND_DAY},
        "over-night": {"over": place, "ground": GROUND_NIGHT},
        "link": {"link": place},
        "sunrise": {"moment": MOMENT_SUNRISE},
        "sunset": {"moment": MOMENT_SUNSET},
    }[kind]
    return {**fields, "minutes": rng.randint(*MINUTES[kind]), "window": "over" in fields}


class OrbitStarts:
    """Start ranges of orbit shots inside free windows, from one stay's geometry."""

    def __init__(self, problem: Problem, geometry: OrbitGeometry) -> None:
        self.probe = Problem(code=problem.code, origin=problem.origin, horizon=problem.horizon, modules=(), people=(),
                             scenes=(), places=PLACES, geometry=geometry)

    def within(self, shot: dict, window: Interval) -> tuple[Interval, ...]:
        """Where the shot could start and stay inside `window`, as far as the orbit goes."""
        scene = Scene(code="probe", people=(), modules=(), **shot)
        ranges = start_ranges((window,), scene.minutes)
        for passes in (earth_view_time(self.probe, scene), live_link_time(self.probe, scene)):
            if passes is not None:
                ranges = start_ranges(intersect((window,), passes), scene.minutes)
        moment = moment_starts(self.probe, scene)
        return ranges if moment is None else intersect(ranges, moment)
