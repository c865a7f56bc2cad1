"""The solve of a stay with orbit-aware scenes: a 30-day stay of the generator's medium shape, with 30 more
scenes that need the orbit (Earth views over the geometry benchmark's ten places by day or by night, live links
with them, orbital sunrises and sunsets), on the demo's ISS elements. Two observers film them in the crew's
usual free time (11:00-13:00 and 18:00-21:30 GMT on weekdays). Prints the objective, the bound, the seconds, how
many orbit scenes were placed, and whether the independent validator passes the schedule.

    .venv/bin/python -m bench.orbit_bench                     # 30 days, 30 orbit scenes, 60 s
    .venv/bin/python -m bench.orbit_bench --seconds 120 --seed 2
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace

from bench.generator import ISS_TLE, Size, generate
from bench.geometry_bench import PLACES
from core.intervals import Interval
from scheduling.solver import cpsat
from scheduling.solver.budget import Budget
from scheduling.solver.geometry import orbit_geometry
from scheduling.solver.problem import MINUTES_PER_DAY, Person, Problem, Scene
from scheduling.solver.validator import validate

OBSERVERS = ("observer-a", "observer-b")
WEEKDAY_FREE = ((11 * 60, 13 * 60), (18 * 60, 21 * 60 + 30))  # minutes of a GMT day


def orbit_stay(*, days: int = 30, orbit_scenes: int = 30, seed: int = 1) -> Problem:
    """The generator's stay of `days` with `orbit_scenes` orbit-aware scenes added, and its real geometry."""
    base = generate(Size(days=days, scenes=300, people=8, modules=8, light=True), seed=seed).problem
    rng = random.Random(seed)
    offset = base.origin.hour * 60 + base.origin.minute
    free = tuple(
        Interval(max(0, day * MINUTES_PER_DAY - offset + first), min(base.horizon, day * MINUTES_PER_DAY - offset + last))
        for day in range(days + 1) for first, last in WEEKDAY_FREE
        if day * MINUTES_PER_DAY - offset + last > 0 and day * MINUTES_PER_DAY - offset + first < base.horizon
    )
    observers = tuple(Person(code=code, free=free, max_minutes_per_day=60, name=code) for code in OBSERVERS)
    windowed = tuple(module.code for module in base.modules if module.window)
    scenes = []
    for number in range(orbit_scenes):
        kind = ("over-day", "over-night", "link", "sunrise", "sunset")[number % 5]
        place = PLACES[rng.randrange(len(PLACES))].code
        fields = {
            "over-day": {"over": place, "ground": "day", "minutes": rng.randint(3, 5)},
            "over-night": {"over": place, "ground": "night", "minutes": rng.randint(3, 5)},
            "link": {"link": place, "minutes": rng.randint(3, 6)},
            "sunrise": {"moment": "sunrise", "minutes": rng.randint(6, 12)},
            "sunset": {"moment": "sunset", "minutes": rng.randint(6, 12)},
        }[kind]
        scenes.append(Scene(
            code=f"O{number + 1:02d}", people=(OBSERVERS[number % 2],), modules=windowed, priority=rng.randint(1, 5),
            window=True, title=f"orbit shot: {kind}", **fields,
        ))
    geometry = orbit_geometry(ISS_TLE, base.origin, base.horizon, PLACES)
    return replace(
        base, code="bench-orbit", people=base.people + observers, scenes=base.scenes + tuple(scenes),
        places=PLACES, light=geometry.light.light, tle=ISS_TLE, geometry=geometry,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--orbit-scenes", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args(argv)
    started = time.perf_counter()
    problem = orbit_stay(days=options.days, orbit_scenes=options.orbit_scenes, seed=options.seed)
    built = time.perf_counter() - started
    solution = cpsat.solve(problem, budget=Budget(options.seconds), workers=options.workers)
    violations = validate(problem, solution)
    orbit = {scene.code for scene in problem.scenes if scene.over or scene.link or scene.moment}
    placed = orbit & {shoot.scene for shoot in solution.shoots}
    print(f"stay: {options.days} days, {len(problem.scenes)} scenes ({len(orbit)} orbit-aware), built with its geometry in {built:.1f} s")
    print(f"cp-sat: {solution.status}, objective {solution.objective}, bound {solution.bound}, {solution.seconds:.1f} s "
          f"({solution.stats.get('method', '')})")
    print(f"orbit scenes placed: {len(placed)} of {len(orbit)}; validator: {'clean' if not violations else f'{len(violations)} violations'}")


if __name__ == "__main__":
    main()
