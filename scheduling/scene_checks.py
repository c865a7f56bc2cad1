"""What makes a scene impossible to shoot whatever else is scheduled, said in plain words before it is saved.

The production file's rules say whether a scene is well formed; these say whether it can ever be shot in its
production as the station is now, judged from the scene alone: its head count against its modules, a window it
needs, its earliest and latest against the stay, its length against its people's common free time, their daily
caps and the orbit's longest day or night. Each finding is a `Fault` on the field to change, so the scene form
shows it there and the API answers it as a 400; a scene that breaks none may still be left out by a solve when
other scenes take its time.

Pure: it reads a solver `Problem` (without the orbit, which is passed as `light`).
"""

from __future__ import annotations

from collections.abc import Iterator

from core.errors import DomainError, Fault
from core.intervals import Interval, intersect, normalize

from .solver.problem import LIGHT_DAY, LIGHT_NIGHT, MINUTES_PER_DAY, Light, Problem, Scene

# The validator lets a light scene overrun its orbital day or night by a minute at each end.
LIGHT_SLACK = 2


class SceneUnshootable(DomainError):
    """The scene can never be shot as it stands; each fault names the field to change."""


def scene_problems(problem: Problem, code: str, *, light: Light | None = None) -> list[Fault]:
    """Every reason scene `code` of `problem` can never be shot, one fault per field."""
    scene = problem.scene(code)
    words = _Words(problem)
    if scene.minutes > problem.horizon:  # every other finding would only repeat it
        return [Fault("minutes", f"{scene.minutes} min is longer than the whole stay ({problem.horizon} min)")]
    return [
        *_too_many_people(problem, scene),
        *_no_window(problem, scene),
        *_outside_the_stay(problem, scene, words),
        *_longer_than_common_free_time(problem, scene, words),
        *_over_a_daily_cap(problem, scene),
        *_longer_than_the_orbit_allows(scene, light),
    ]


def scene_check(problem: Problem, code: str, *, light: Light | None = None) -> None:
    """Raise `SceneUnshootable` when `scene_problems` finds anything."""
    faults = scene_problems(problem, code, light=light)
    if faults:
        raise SceneUnshootable(faults=faults)


class _Words:
    def __init__(self, problem: Problem):
        self.problem = problem

    def stamp(self, minute: int) -> str:
        return f"{self.problem.moment_at(minute):%a %d %b %Y %H:%M} UTC"

    def when(self, start: int, end: int) -> str:
        first, last = self.problem.moment_at(start), self.problem.moment_at(end)
        if first.date() == last.date():
            return f"{first:%a %d %b %H:%M}–{last:%H:%M} UTC"
        return f"{first:%a %d %b %H:%M} – {last:%a %d %b %H:%M} UTC"


def _names(problem: Problem, codes) -> str:
    names = [problem.person(code).name or code for code in codes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _module_names(problem: Problem, codes) -> str:
    return ", ".join(f"{problem.module(code).name or code}" for code in codes)


def _too_many_people(problem: Problem, scene: Scene) -> Iterator[Fault]:
    """Forbids a head count no module of the scene holds."""
    modules = [problem.module(code) for code in scene.modules]
    largest = max(modules, key=lambda module: module.capacity)
    if len(scene.people) > largest.capacity:
        yield Fault("people", (
            f"{len(scene.people)} people do not fit in any of its modules: the largest, "
            f"{largest.name or largest.code}, holds {largest.capacity}"
        ))


def _no_window(problem: Problem, scene: Scene) -> Iterator[Fault]:
    """Forbids a scene that needs an Earth-facing window (or a view of a place) in modules without one."""
    if (scene.window or scene.over) and not any(problem.module(code).window for code in scene.modules):
        why = "a view of Earth" if scene.over and not scene.window else "an Earth-facing window"
        yield Fault("modules", f"it needs {why}, but none of its modules ({_module_names(problem, scene.modules)}) has a window")


def _allowed_span(problem: Problem, scene: Scene) -> tuple[int, int]:
    return max(scene.earliest if scene.earliest is not None else 0, 0), min(
        scene.latest if scene.latest is not None else problem.horizon, problem.horizon
    )


def _outside_the_stay(problem: Problem, scene: Scene, words: _Words) -> Iterator[Fault]:
    """Forbids an earliest start or latest end that leaves no room for the shoot inside the stay."""
    stay_end = words.stamp(problem.horizon)
    if scene.earliest is not None and scene.earliest + scene.minutes > problem.horizon:
        yield Fault("earliest", (
            f"from its earliest start, {words.stamp(scene.earliest)}, the {scene.minutes}-minute shoot would end after "
            f"the stay ends ({stay_end})"
        ))
    if scene.latest is not None and scene.latest - scene.minutes < 0:
        yield Fault("latest", (
            f"by its latest end, {words.stamp(scene.latest)}, the {scene.minutes}-minute shoot would have to start "
            f"before the stay does ({words.stamp(0)})"
        ))
    first, last = _allowed_span(problem, scene)
    if 0 < last - first < scene.minutes:
        yield Fault("latest", (
            f"from {words.stamp(first)} to {words.stamp(last)} is {last - first} min, shorter than the scene's {scene.minutes}"
        ))


def _common_free_time(problem: Problem, scene: Scene) -> tuple[Interval, ...]:
    first, last = _allowed_span(problem, scene)
    common = (Interval(first, last),) if first < last else ()
    for code in scene.people:
        common = intersect(common, normalize(problem.person(code).free))
    return common


def _longer_than_common_free_time(problem: Problem, scene: Scene, words: _Words) -> Iterator[Fault]:
    """Forbids a shoot longer than every span in which all its people are free (within its earliest and latest)."""
    if not scene.people:
        return
    common = _common_free_time(problem, scene)
    longest = max(common, key=lambda span: span.end - span.start, default=None)
    who = _names(problem, scene.people)
    alone = len(scene.people) == 1
    within = " between its earliest start and latest end" if scene.earliest is not None or scene.latest is not None else ""
    if longest is None:
        yield Fault("people", f"{who} {'has no free time' if alone else 'are never all free at the same time'} during the stay{within}")
    elif longest.end - longest.start < scene.minutes:
        yield Fault("minutes", (
            f"{scene.minutes} min is longer than any time {who} {'is free' if alone else 'are all free'}{within}: "
            f"the longest is {longest.end - longest.start} min, {words.when(longest.start, longest.end)}"
        ))


def _over_a_daily_cap(problem: Problem, scene: Scene) -> Iterator[Fault]:
    """Forbids a shoot that puts someone over their daily cap on every day it could fall: longer than the cap,
    and with no common free time across a UTC midnight to split it within the cap on both days."""
    capped = [(problem.person(code).max_minutes_per_day, code) for code in scene.people]
    capped = [(cap, code) for cap, code in capped if cap is not None and scene.minutes > cap]
    if not capped:
        return
    cap, code = min(capped)
    if scene.minutes <= 2 * cap and _splits_across_midnight(problem, scene, cap):
        return
    name = problem.person(code).name or code
    yield Fault("minutes", f"{scene.minutes} min is more than {name} may shoot in a day ({cap} min)")


def _splits_across_midnight(problem: Problem, scene: Scene, cap: int) -> bool:
    """Whether some common free span holds the shoot across a UTC midnight with at most `cap` minutes on each side."""
    origin = problem.moment_at(0)
    first_midnight = (MINUTES_PER_DAY - (origin.hour * 60 + origin.minute)) % MINUTES_PER_DAY
    for span in _common_free_time(problem, scene):
        # The first midnight inside the span; a start t splits the shoot within the cap on both sides when
        # midnight - cap <= t <= midnight + cap - minutes (the shoot is longer than the cap, so it crosses).
        midnight = first_midnight + max(0, (span.start - first_midnight) // MINUTES_PER_DAY + 1) * MINUTES_PER_DAY
        while midnight < span.end:
            if max(span.start, midnight - cap) <= min(span.end - scene.minutes, midnight + cap - scene.minutes):
                return True
            midnight += MINUTES_PER_DAY
    return False


def _longer_than_the_orbit_allows(scene: Scene, light: Light | None) -> Iterator[Fault]:
    """Forbids a day (night) scene longer than the longest orbital day (night) of the stay."""
    if light is None or scene.light not in (LIGHT_DAY, LIGHT_NIGHT):
        return
    spans = normalize(light.day if scene.light == LIGHT_DAY else light.night)
    longest = max((span.end - span.start for span in spans), default=0)
    if scene.minutes > longest + LIGHT_SLACK:
        what = "orbital daylight" if scene.light == LIGHT_DAY else "orbital night (Earth's shadow)"
        yield Fault("light", (
            f"it needs {scene.minutes} min of {what} in one stretch; the longest of the stay lasts {longest} min"
        ))
