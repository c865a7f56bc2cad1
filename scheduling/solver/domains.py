"""Where each scene could start, before any other scene is placed.

Every engine and the explanations start here: cutting start times to the feasible windows up front keeps
the CP-SAT model compact and lets the greedy engine try only starts that can work.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from core.intervals import Interval, intersect, normalize, start_ranges, subtract

from .budget import Budget
from .elements import shortages
from .geometry import PlaceGeometry
from .problem import GROUND_DAY, GROUND_NIGHT, LIGHT_DAY, LIGHT_NIGHT, MOMENT_SUNRISE, Problem, Scene


@dataclass(frozen=True)
class SceneDomain:
    """For one scene: per allowed module, the ranges of feasible start minutes [first, last + 1).

    `reached` is False when the solve stopped before working the domain out: then `starts` is empty but
    proves nothing about the scene."""

    scene: str
    starts: dict[str, tuple[Interval, ...]]  # module code -> start ranges; only modules with some start
    reached: bool = True

    @property
    def empty(self) -> bool:
        return not self.starts


class _TimeCache:
    """Per-problem memo of the spans that many scenes share: each person's usable time, each cast's common
    time, and the light spans, so a 2,000-scene problem normalises each once instead of once per scene."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.person_time: dict[str, tuple[Interval, ...]] = {}
        self.cast_time: dict[tuple[str, ...], tuple[Interval, ...]] = {}
        self.light: dict[str, tuple[Interval, ...]] = {}

    def person(self, code: str) -> tuple[Interval, ...]:
        """The person's free windows minus the events that block them."""
        if code not in self.person_time:
            blocking = normalize(event.span for event in self.problem.events if event.blocks_person(code))
            self.person_time[code] = subtract(normalize(self.problem.person(code).free), blocking)
        return self.person_time[code]

    def cast(self, people: tuple[str, ...]) -> tuple[Interval, ...]:
        key = tuple(sorted(set(people)))
        if key not in self.cast_time:
            spans: tuple[Interval, ...] = (Interval(0, self.problem.horizon),)
            for code in key:
                spans = intersect(spans, self.person(code))
            self.cast_time[key] = spans
        return self.cast_time[key]

    def lit(self, light: str) -> tuple[Interval, ...]:
        if light not in self.light:
            source = self.problem.light.day if light == LIGHT_DAY else self.problem.light.night
            self.light[light] = normalize(source)
        return self.light[light]


def scene_time_spans(problem: Problem, scene: Scene, cache: _TimeCache | None = None) -> tuple[Interval, ...]:
    """Time the scene's shoot may occupy ignoring modules: the window, earliest/latest, all its people's
    free time minus events that block any of them, the light it needs, and the passes over the places it
    looks at or links to."""
    cache = cache or _TimeCache(problem)
    lo = 0 if scene.earliest is None else max(0, scene.earliest)
    hi = problem.horizon if scene.latest is None else min(problem.horizon, scene.latest)
    if hi <= lo:
        return ()
    spans = intersect((Interval(lo, hi),), cache.cast(scene.people))
    if scene.light in (LIGHT_DAY, LIGHT_NIGHT) and problem.light is not None:
        spans = intersect(spans, cache.lit(scene.light))
    for passes in (earth_view_time(problem, scene), live_link_time(problem, scene)):
        if passes is not None:
            spans = intersect(spans, passes)
    return spans


def earth_view_time(problem: Problem, scene: Scene) -> tuple[Interval, ...] | None:
    """Rule 11, `over` and `ground`: forbids shooting an Earth view while the station is out of view of its
    place, or while the ground there is not lit (`ground: day`) or not dark (`night`) as the scene asks.
    The time it may occupy; None when the scene looks at no place."""
    if scene.over is None:
        return None
    place = _place_geometry(problem, scene.over)
    if place is None:
        return ()
    if scene.ground == GROUND_DAY:
        return intersect(place.in_view, place.ground_day)
    if scene.ground == GROUND_NIGHT:
        return intersect(place.in_view, place.ground_night)
    return place.in_view


def live_link_time(problem: Problem, scene: Scene) -> tuple[Interval, ...] | None:
    """Rule 11, `link`: forbids shooting a live link while the station is out of view of the place it talks
    to. The time it may occupy; None when the scene links to no place."""
    if scene.link is None:
        return None
    place = _place_geometry(problem, scene.link)
    return place.in_view if place is not None else ()


def _place_geometry(problem: Problem, code: str) -> PlaceGeometry | None:
    """The place's passes and ground light; None without an orbit, so that nothing is shot blind."""
    if problem.geometry is None:
        return None
    return problem.geometry.places.get(code)


def moment_starts(problem: Problem, scene: Scene) -> tuple[Interval, ...] | None:
    """Rule 11, `moment`: forbids a sunrise (sunset) shoot unless the station leaves (enters) Earth's shadow at
    least a minute after it starts and a minute before it ends. The start ranges [first, last + 1) that allow
    it; None when the scene asks for no moment."""
    if scene.moment is None:
        return None
    if problem.geometry is None:
        return ()
    light = problem.geometry.light
    instants = light.sunrises if scene.moment == MOMENT_SUNRISE else light.sunsets
    ranges = []
    for instant in instants:
        first, last = math.ceil(instant + 1 - scene.minutes), math.floor(instant - 1)
        if first <= last:
            ranges.append(Interval(first, last + 1))
    return normalize(ranges)


def module_blocked_spans(problem: Problem, module_code: str) -> tuple[Interval, ...]:
    """Closures of the module and events that block it."""
    module = problem.module(module_code)
    return normalize(
        [*module.closed, *(event.span for event in problem.events if event.blocks_module(module_code))]
    )


def module_fits_scene(problem: Problem, scene: Scene, module_code: str) -> bool:
    """Capacity and window: the static reasons a module cannot host a scene at all. An Earth view (`over`)
    needs a window whatever the scene's `window` says."""
    module = problem.module(module_code)
    return module.capacity >= len(scene.people) and (module.window or not needs_window(scene))


def needs_window(scene: Scene) -> bool:
    return scene.window or scene.over is not None


def scene_domain(
    problem: Problem,
    scene: Scene,
    module_blocked: dict[str, tuple[Interval, ...]] | None = None,
    cache: _TimeCache | None = None,
) -> SceneDomain:
    if shortages(problem, scene):
        return SceneDomain(scene=scene.code, starts={})  # needs more of an element than there is, anywhere
    spans = scene_time_spans(problem, scene, cache)
    moment = moment_starts(problem, scene)
    starts: dict[str, tuple[Interval, ...]] = {}
    for module_code in scene.modules:
        if not module_fits_scene(problem, scene, module_code):
            continue
        blocked = module_blocked[module_code] if module_blocked else module_blocked_spans(problem, module_code)
        ranges = start_ranges(subtract(spans, blocked), scene.minutes)
        if moment is not None:
            ranges = intersect(ranges, moment)
        if ranges:
            starts[module_code] = ranges
    return SceneDomain(scene=scene.code, starts=starts)


class SceneDomains(dict[str, SceneDomain]):
    """Every scene's start domain, by code, each worked out when first asked for: on a long stay that takes
    milliseconds a scene, so a solve stopped early has spent its time only on the scenes it reached.
    Iterate it only after `fill`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__()
        self.problem = problem
        self._cache = _TimeCache(problem)
        self._module_blocked = {module.code: module_blocked_spans(problem, module.code) for module in problem.modules}

    def person_time(self, code: str) -> tuple[Interval, ...]:
        """The person's free windows minus the events that block them: every start domain of their scenes
        lies within it."""
        return self._cache.person(code)

    def __missing__(self, code: str) -> SceneDomain:
        domain = scene_domain(self.problem, self.problem.scene(code), self._module_blocked, self._cache)
        self[code] = domain
        return domain

    def fill(self, budget: Budget | None = None, order: Iterable[Scene] = ()) -> None:
        """Work out every scene's domain not yet known, those in `order` first, until the budget runs out;
        the scenes left then get an empty domain marked as not reached."""
        for scene in (*order, *self.problem.scenes):
            if scene.code in self:
                continue
            if budget is not None and budget.expired():
                self[scene.code] = SceneDomain(scene=scene.code, starts={}, reached=False)
            else:
                self[scene.code]


def scene_domains(problem: Problem) -> SceneDomains:
    """The start domain of every scene. Daily caps, other scenes and `after` are left to the engines."""
    domains = SceneDomains(problem)
    domains.fill()
    return domains
