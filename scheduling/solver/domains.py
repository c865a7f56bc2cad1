"""Where each scene could start, before any other scene is placed.

Every engine and the explanations start here: cutting start times to the feasible windows up front keeps
the CP-SAT model compact and lets the greedy engine try only starts that can work.
"""

from __future__ import annotations

from dataclasses import dataclass

from .intervals import intersect, normalize, start_ranges, subtract
from .problem import LIGHT_DAY, LIGHT_NIGHT, Interval, Problem, Scene


@dataclass(frozen=True)
class SceneDomain:
    """For one scene: per allowed module, the ranges of feasible start minutes [first, last + 1)."""

    scene: str
    starts: dict[str, tuple[Interval, ...]]  # module code -> start ranges; only modules with some start

    @property
    def empty(self) -> bool:
        return not self.starts


def scene_time_spans(problem: Problem, scene: Scene) -> tuple[Interval, ...]:
    """Time the scene's shoot may occupy ignoring modules: the window, earliest/latest, all its people's
    free time minus events that block any of them, and the light it needs."""
    spans: tuple[Interval, ...] = (Interval(0, problem.horizon),)
    lo = 0 if scene.earliest is None else max(0, scene.earliest)
    hi = problem.horizon if scene.latest is None else min(problem.horizon, scene.latest)
    if hi <= lo:
        return ()
    spans = (Interval(lo, hi),)
    for code in scene.people:
        spans = intersect(spans, normalize(problem.person(code).free))
    blocking = normalize(
        event.span for event in problem.events if any(event.blocks_person(code) for code in scene.people)
    )
    spans = subtract(spans, blocking)
    if scene.light in (LIGHT_DAY, LIGHT_NIGHT) and problem.light is not None:
        lit = problem.light.day if scene.light == LIGHT_DAY else problem.light.night
        spans = intersect(spans, normalize(lit))
    return spans


def module_blocked_spans(problem: Problem, module_code: str) -> tuple[Interval, ...]:
    """Closures of the module and events that block it."""
    module = problem.module(module_code)
    return normalize(
        [*module.closed, *(event.span for event in problem.events if event.blocks_module(module_code))]
    )


def module_fits_scene(problem: Problem, scene: Scene, module_code: str) -> bool:
    """Capacity and window: the static reasons a module cannot host a scene at all."""
    module = problem.module(module_code)
    return module.capacity >= len(scene.people) and (module.window or not scene.window)


def scene_domain(problem: Problem, scene: Scene, module_blocked: dict[str, tuple[Interval, ...]] | None = None) -> SceneDomain:
    spans = scene_time_spans(problem, scene)
    starts: dict[str, tuple[Interval, ...]] = {}
    for module_code in scene.modules:
        if not module_fits_scene(problem, scene, module_code):
            continue
        blocked = module_blocked[module_code] if module_blocked else module_blocked_spans(problem, module_code)
        ranges = start_ranges(subtract(spans, blocked), scene.minutes)
        if ranges:
            starts[module_code] = ranges
    return SceneDomain(scene=scene.code, starts=starts)


def scene_domains(problem: Problem) -> dict[str, SceneDomain]:
    """The start domain of every scene. Daily caps, other scenes and `after` are left to the engines."""
    module_blocked = {module.code: module_blocked_spans(problem, module.code) for module in problem.modules}
    return {scene.code: scene_domain(problem, scene, module_blocked) for scene in problem.scenes}
