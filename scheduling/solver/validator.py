"""The independent validator: checks a solution against the production's hard rules, straight from the
problem's raw fields.

It shares nothing with the engines (no domains, no interval algebra of `core.intervals`, no day grid of
`days`: it merges free windows and cuts shoots at UTC midnight with its own few lines) so that a bug in how
an engine derives its start windows or counts minutes per day cannot hide itself here. Each `_check_*` function enforces one rule of
spec/production-file.md and yields a `Violation` per breach, worded for a director: scene, people or
modules, and UTC times.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from .problem import (
    GROUND_DAY,
    GROUND_NIGHT,
    LIGHT_DAY,
    LIGHT_NIGHT,
    MINUTES_PER_DAY,
    MOMENT_SUNRISE,
    Interval,
    Problem,
    Scene,
)
from .solution import Shoot, Solution, Violation

# Near a sunrise or sunset, or the edge of a pass, a minute of margin either way is within tolerance (spec).
LIGHT_TOLERANCE = 1


class ScheduleInvalid(Exception):
    """A solution breaks hard rules; `violations` says which, in words."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        lines = "\n".join(f"[{v.rule}] {v.message}" for v in violations[:20])
        more = f"\n... and {len(violations) - 20} more" if len(violations) > 20 else ""
        super().__init__(f"{len(violations)} violation(s):\n{lines}{more}")


def assert_valid(problem: Problem, solution: Solution) -> None:
    """Raise `ScheduleInvalid` unless the solution keeps every hard rule."""
    violations = validate(problem, solution)
    if violations:
        raise ScheduleInvalid(violations)


def validate(problem: Problem, solution: Solution) -> list[Violation]:
    """Every hard-rule breach of the solution, in a stable order: whole-solution rules, then each shoot on its
    own, then rules between shoots."""
    scenes = {scene.code: scene for scene in problem.scenes}
    modules = {module.code: module for module in problem.modules}
    known = [shoot for shoot in solution.shoots if shoot.scene in scenes and shoot.module in modules]
    free = {person.code: _merged(person.free) for person in problem.people}
    violations = [
        *_check_known_names(solution.shoots, scenes, modules),
        *_check_duplicates(solution.shoots),
        *_check_coverage(problem, solution),
        *_check_objective(solution, scenes),
    ]
    for shoot in known:
        violations.extend(_check_on_its_own(problem, scenes[shoot.scene], shoot, free))
    violations.extend(_check_after(problem, known, scenes))
    violations.extend(_check_overlaps(problem, known, scenes))
    violations.extend(_check_limited_elements(problem, known, scenes))
    violations.extend(_check_daily_caps(problem, known, scenes))
    violations.extend(_check_pins_and_required(problem, solution.shoots))
    return violations


def shoot_violations(problem: Problem, shoot: Shoot) -> list[Violation]:
    """The rules one shoot of a known scene breaks on its own, whatever else is scheduled."""
    scene = problem.scene(shoot.scene)
    if shoot.module not in {module.code for module in problem.modules}:
        return [_unknown_module(shoot)]
    free = {code: _merged(problem.person(code).free) for code in scene.people}
    return list(_check_on_its_own(problem, scene, shoot, free))


def _check_on_its_own(
    problem: Problem, scene: Scene, shoot: Shoot, free: dict[str, list[tuple[int, int]]]
) -> Iterator[Violation]:
    """Rules 1, 2, 4, 5, 7 (earliest/latest), 8 and 11, which one shoot keeps or breaks by itself."""
    yield from _check_shape(problem, scene, shoot)
    yield from _check_module_fit(problem, scene, shoot)
    yield from _check_free_windows(problem, scene, shoot, free)
    yield from _check_closures(problem, shoot)
    yield from _check_events(problem, scene, shoot)
    yield from _check_earliest_latest(problem, scene, shoot)
    yield from _check_light(problem, scene, shoot)
    yield from _check_earth_view(problem, scene, shoot)
    yield from _check_ground_light(problem, scene, shoot)
    yield from _check_live_link(problem, scene, shoot)
    yield from _check_moment(problem, scene, shoot)


def when(problem: Problem, start: int, end: int) -> str:
    """A span as readable UTC: "2021-10-09 08:00-10:00 UTC", or with both dates when it crosses midnight."""
    first, last = problem.moment_at(start), problem.moment_at(end)
    if first.date() == last.date():
        return f"{_stamp(first)}-{last:%H:%M} UTC"
    return f"{_stamp(first)} to {_stamp(last)} UTC"


def stamp(problem: Problem, minute: int) -> str:
    """A minute as readable UTC: "2021-10-09 08:00 UTC"."""
    return f"{_stamp(problem.moment_at(minute))} UTC"


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def _shoot_words(problem: Problem, shoot: Shoot) -> str:
    return f"scene {shoot.scene} in {shoot.module} {when(problem, shoot.start, shoot.end)}"


def _check_known_names(shoots: Iterable[Shoot], scenes: dict, modules: dict) -> Iterator[Violation]:
    """Forbids shoots of scenes the production does not have, or in modules the station does not have."""
    for shoot in shoots:
        if shoot.scene not in scenes:
            yield Violation("unknown-scene", shoot.scene, f"shoot of unknown scene {shoot.scene}")
        elif shoot.module not in modules:
            yield _unknown_module(shoot)


def _unknown_module(shoot: Shoot) -> Violation:
    return Violation("module-allowed", shoot.scene, f"scene {shoot.scene} is shot in unknown module {shoot.module}")


def _check_duplicates(shoots: Iterable[Shoot]) -> Iterator[Violation]:
    """Forbids shooting a scene more than once."""
    for code, count in Counter(shoot.scene for shoot in shoots).items():
        if count > 1:
            yield Violation("duplicate-scene", code, f"scene {code} is shot {count} times")


def _check_coverage(problem: Problem, solution: Solution) -> Iterator[Violation]:
    """Every scene appears exactly once, in the shoots or in the unscheduled list."""
    shot = {shoot.scene for shoot in solution.shoots}
    left_out = Counter(entry.scene for entry in solution.unscheduled)
    codes = {scene.code for scene in problem.scenes}
    for scene in problem.scenes:
        listed = (scene.code in shot) + left_out[scene.code]
        if listed == 0:
            yield Violation("coverage", scene.code, f"scene {scene.code} is neither shot nor listed as unscheduled")
        elif listed > 1:
            yield Violation("coverage", scene.code, f"scene {scene.code} is listed {listed} times across shoots and unscheduled")
    for code in sorted(set(left_out) - codes):
        yield Violation("coverage", code, f"unscheduled entry names unknown scene {code}")


def _check_objective(solution: Solution, scenes: dict[str, Scene]) -> Iterator[Violation]:
    """The reported objective is the total priority of the scenes shot."""
    total = sum(scenes[code].priority for code in {shoot.scene for shoot in solution.shoots} if code in scenes)
    if solution.objective != total:
        yield Violation("objective", None, f"objective is reported as {solution.objective} but the shot scenes' priorities sum to {total}")


def _check_shape(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """A shoot lasts exactly the scene's minutes and lies inside the production window."""
    if shoot.end - shoot.start != scene.minutes:
        yield Violation(
            "length", scene.code,
            f"{_shoot_words(problem, shoot)} lasts {shoot.end - shoot.start} min, the scene needs {scene.minutes}",
        )
    if shoot.start < 0 or shoot.end > problem.horizon:
        yield Violation(
            "window", scene.code,
            f"{_shoot_words(problem, shoot)} falls outside the filming window "
            f"{when(problem, 0, problem.horizon)}",
        )


def _check_module_fit(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """The module is one the scene allows, holds its head count and has a window if the scene needs one."""
    module = problem.module(shoot.module)
    if shoot.module not in scene.modules:
        yield Violation(
            "module-allowed", scene.code,
            f"{_shoot_words(problem, shoot)}: the scene may only be shot in {', '.join(scene.modules)}",
        )
    if len(scene.people) > module.capacity:
        yield Violation(
            "capacity", scene.code,
            f"{_shoot_words(problem, shoot)}: {len(scene.people)} people, {module.code} holds {module.capacity}",
        )
    if scene.window and not module.window:
        yield Violation("module-window", scene.code, f"{_shoot_words(problem, shoot)}: the scene needs a window, {module.code} has none")
    elif scene.over is not None and not module.window:
        yield Violation(
            "module-window", scene.code,
            f"{_shoot_words(problem, shoot)}: an Earth view over {problem.place_name(scene.over)} needs a window, "
            f"{module.code} has none",
        )


def _check_free_windows(
    problem: Problem, scene: Scene, shoot: Shoot, free: dict[str, list[tuple[int, int]]]
) -> Iterator[Violation]:
    """Everyone in the scene is free for the whole shoot (inside the union of their free windows)."""
    for code in scene.people:
        if not _covered(free[code], shoot.start, shoot.end):
            yield Violation("free-window", scene.code, f"{_shoot_words(problem, shoot)}: {code} is not free for all of it")


def _merged(windows: Iterable[Interval]) -> list[tuple[int, int]]:
    """The union of the windows as sorted, disjoint (start, end) pairs; touching windows join."""
    union: list[tuple[int, int]] = []
    for window in sorted(windows):
        if union and window.start <= union[-1][1]:
            union[-1] = (union[-1][0], max(union[-1][1], window.end))
        else:
            union.append((window.start, window.end))
    return union


def _covered(union: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one piece of the union holds [start, end): the last piece starting at or before `start`."""
    index = bisect_right(union, (start, float("inf"))) - 1
    return index >= 0 and union[index][1] >= end


def _check_closures(problem: Problem, shoot: Shoot) -> Iterator[Violation]:
    """No shoot overlaps a closed period of its module."""
    for closure in problem.module(shoot.module).closed:
        if closure.start < shoot.end and shoot.start < closure.end:
            yield Violation(
                "closure", shoot.scene,
                f"{_shoot_words(problem, shoot)}: {shoot.module} is closed {when(problem, closure.start, closure.end)}",
            )


def _check_events(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """No shoot overlaps a station event that names its module or any of its people."""
    for event in problem.events:
        if not (event.span.start < shoot.end and shoot.start < event.span.end):
            continue
        blocked = [code for code in scene.people if event.people is None or code in event.people]
        if event.modules is None or shoot.module in event.modules:
            blocked.append(shoot.module)
        if blocked:
            yield Violation(
                "event", scene.code,
                f"{_shoot_words(problem, shoot)}: event {event.code} "
                f"{when(problem, event.span.start, event.span.end)} blocks {', '.join(blocked)}",
            )


def _check_earliest_latest(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """The shoot lies inside [earliest, latest) where the scene sets them."""
    if scene.earliest is not None and shoot.start < scene.earliest:
        yield Violation(
            "earliest", scene.code,
            f"{_shoot_words(problem, shoot)} starts before its earliest, {stamp(problem, scene.earliest)}",
        )
    if scene.latest is not None and shoot.end > scene.latest:
        yield Violation(
            "latest", scene.code,
            f"{_shoot_words(problem, shoot)} ends after its latest, {stamp(problem, scene.latest)}",
        )


def _check_light(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """A day scene lies in one orbital day, a night scene in one orbital night, give or take a minute at
    each end. Without a TLE there is no light to check against (the file requires one when light matters)."""
    if scene.light not in (LIGHT_DAY, LIGHT_NIGHT) or problem.light is None:
        return
    spans = _merged(problem.light.day if scene.light == LIGHT_DAY else problem.light.night)
    inside = any(start - LIGHT_TOLERANCE <= shoot.start and shoot.end <= end + LIGHT_TOLERANCE for start, end in spans)
    if not inside:
        wanted = "orbital daylight" if scene.light == LIGHT_DAY else "Earth's shadow"
        yield Violation("light", scene.code, f"{_shoot_words(problem, shoot)} is not wholly in {wanted}")


def _within_tolerance(spans: Iterable[Interval], shoot: Shoot) -> bool:
    """Whether one of the spans holds the shoot, give or take a minute at each end."""
    return any(
        start - LIGHT_TOLERANCE <= shoot.start and shoot.end <= end + LIGHT_TOLERANCE for start, end in _merged(spans)
    )



def _passes(problem: Problem, code: str):
    """The place's geometry as the problem carries it, or None when the problem has no orbit for it."""
    return problem.geometry.places.get(code) if problem.geometry is not None else None


def _no_orbit(problem: Problem, scene: Scene, shoot: Shoot, what: str) -> Violation:
    return Violation("orbit", scene.code, f"{_shoot_words(problem, shoot)}: {what} needs the station's orbit, and the problem has none")


def _check_earth_view(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """An Earth view (`over`) is shot while the station is in view of its place, give or take a minute."""
    if scene.over is not None:
        name = problem.place_name(scene.over)
        yield from _check_in_view(
            problem, scene, shoot, scene.over, rule="over", need=f"the Earth view over {name}",
            broken=f"the station is not in view of {name} for all of it",
        )


def _check_ground_light(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """With `ground: day` the Sun is up at the place for the whole shoot, with `night` at least 6 degrees down,
    give or take a minute."""
    place = _passes(problem, scene.over) if scene.over is not None else None
    if place is None or scene.ground not in (GROUND_DAY, GROUND_NIGHT):
        return
    lit = scene.ground == GROUND_DAY
    if not _within_tolerance(place.ground_day if lit else place.ground_night, shoot):
        wanted = "in daylight" if lit else "dark (the Sun 6 degrees or more below its horizon)"
        yield Violation(
            "ground", scene.code,
            f"{_shoot_words(problem, shoot)}: the ground at {problem.place_name(scene.over)} is not {wanted} for all of it",
        )


def _check_live_link(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """A live link (`link`) is shot while the station is in view of the place it talks to, give or take a minute."""
    if scene.link is not None:
        name = problem.place_name(scene.link)
        yield from _check_in_view(
            problem, scene, shoot, scene.link, rule="link", need=f"the live link with {name}",
            broken=f"{name} is out of the station's view for part of it, so the live link breaks",
        )


def _check_in_view(
    problem: Problem, scene: Scene, shoot: Shoot, code: str, *, rule: str, need: str, broken: str
) -> Iterator[Violation]:
    """The station in view of place `code` for the whole shoot, give or take a minute."""
    place = _passes(problem, code)
    if place is None:
        yield _no_orbit(problem, scene, shoot, need)
    elif not _within_tolerance(place.in_view, shoot):
        yield Violation(rule, scene.code, f"{_shoot_words(problem, shoot)}: {broken}")


def _check_moment(problem: Problem, scene: Scene, shoot: Shoot) -> Iterator[Violation]:
    """A `moment` shoot holds its orbital sunrise (the station leaving Earth's shadow) or sunset (entering it)
    at least a minute after it starts and a minute before it ends, give or take that minute: some such instant
    lies inside the shoot."""
    if scene.moment is None:
        return
    if problem.geometry is None:
        yield _no_orbit(problem, scene, shoot, f"the orbital {scene.moment}")
        return
    light = problem.geometry.light
    instants = light.sunrises if scene.moment == MOMENT_SUNRISE else light.sunsets
    slack = 1 - LIGHT_TOLERANCE
    if not any(shoot.start + slack <= instant <= shoot.end - slack for instant in instants):
        yield Violation("moment", scene.code, f"{_shoot_words(problem, shoot)}: no orbital {scene.moment} happens during it")


def _check_after(problem: Problem, shoots: list[Shoot], scenes: dict[str, Scene]) -> Iterator[Violation]:
    """Each scene a shoot comes `after` is shot too, and ends no later than this shoot starts."""
    shoot_of = {shoot.scene: shoot for shoot in shoots}
    for shoot in shoots:
        for before in scenes[shoot.scene].after:
            earlier = shoot_of.get(before)
            if earlier is None:
                yield Violation("after", shoot.scene, f"{_shoot_words(problem, shoot)} must come after {before}, which is not shot")
            elif earlier.end > shoot.start:
                yield Violation(
                    "after", shoot.scene,
                    f"{_shoot_words(problem, shoot)} must come after {before}, which ends "
                    f"{stamp(problem, earlier.end)}",
                )


def _check_overlaps(problem: Problem, shoots: list[Shoot], scenes: dict[str, Scene]) -> Iterator[Violation]:
    """No person is in two overlapping shoots; no module hosts two overlapping shoots."""
    by_person: dict[str, list[Shoot]] = defaultdict(list)
    by_module: dict[str, list[Shoot]] = defaultdict(list)
    for shoot in shoots:
        for code in scenes[shoot.scene].people:
            by_person[code].append(shoot)
        by_module[shoot.module].append(shoot)
    for rule, groups in (("person-overlap", by_person), ("module-overlap", by_module)):
        for code, group in groups.items():
            for earlier, later in _overlapping_pairs(group):
                yield Violation(
                    rule, later.scene,
                    f"{code} is in two shoots at once: {_shoot_words(problem, earlier)} and {_shoot_words(problem, later)}",
                )


def _overlapping_pairs(shoots: list[Shoot]) -> Iterator[tuple[Shoot, Shoot]]:
    """Sorted by start, a shoot overlaps an earlier one exactly when it starts before the latest end so far."""
    latest: Shoot | None = None
    for shoot in sorted(shoots, key=lambda s: (s.start, s.end, s.scene)):
        if latest is not None and shoot.start < latest.end:
            yield latest, shoot
        if latest is None or shoot.end > latest.end:
            latest = shoot


def _check_limited_elements(problem: Problem, shoots: list[Shoot], scenes: dict[str, Scene]) -> Iterator[Violation]:
    """For every element with a quantity, at every instant the counts of the shoots in progress that list it add
    up to at most its quantity. A sweep over each element's start and end events: ends first at the same minute,
    as shoots are half-open."""
    quantities = {element.code: element.quantity for element in problem.elements if element.quantity is not None}
    # element -> (minute, 0 for an end or 1 for a start, the shoot's index, count)
    events: dict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
    for index, shoot in enumerate(shoots):
        for code, count in scenes[shoot.scene].elements:
            if code in quantities and shoot.end > shoot.start:  # an empty shoot uses nothing (its length is wrong)
                events[code] += [(shoot.start, 1, index, count), (shoot.end, 0, index, count)]
    for code, timeline in events.items():
        in_progress: dict[int, int] = {}  # shoot index -> count
        for _, starting, index, count in sorted(timeline):
            if not starting:
                in_progress.pop(index, None)
                continue
            in_progress[index] = in_progress.get(index, 0) + count  # a scene may list an element twice
            total = sum(in_progress.values())
            if total > quantities[code]:
                uses = [(used, shoots[other]) for other, used in in_progress.items()]
                yield Violation("element", shoots[index].scene, _element_words(problem, code, quantities[code], total, uses))


def _element_words(problem: Problem, code: str, quantity: int, total: int, uses: list[tuple[int, Shoot]]) -> str:
    """'cam-a is used by 2 shoots at once (it has 1): scene 007 in ... and scene 012 in ...'"""
    if total == len(uses):
        need = f"is used by {total} shoots at once"
        listed = [_shoot_words(problem, shoot) for _, shoot in uses]
    else:
        shoots = "one shoot" if len(uses) == 1 else f"{len(uses)} shoots"
        need = f"is needed {total} times at once by {shoots}"
        listed = [f"{_shoot_words(problem, shoot)} ({count})" for count, shoot in uses]
    listing = listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"
    return f"{code} {need} (it has {quantity}): {listing}"


def _check_daily_caps(problem: Problem, shoots: list[Shoot], scenes: dict[str, Scene]) -> Iterator[Violation]:
    """Per person and UTC day, the minutes of their shoots inside that day stay within their cap; a shoot
    across midnight counts its minutes in each day."""
    minutes: dict[tuple[str, date], int] = defaultdict(int)
    shot_in: dict[tuple[str, date], list[str]] = defaultdict(list)
    for shoot in shoots:
        for day, part in _minutes_by_day(problem, shoot.start, shoot.end):
            for code in scenes[shoot.scene].people:
                minutes[code, day] += part
                shot_in[code, day].append(shoot.scene)
    for (code, day), total in sorted(minutes.items()):
        cap = problem.person(code).max_minutes_per_day
        if cap is not None and total > cap:
            yield Violation(
                "daily-cap", None, f"{code} shoots {total} min on {day:%Y-%m-%d}, more than the cap of {cap}",
                scenes=tuple(shot_in[code, day]),
            )


def _minutes_by_day(problem: Problem, start: int, end: int) -> Iterator[tuple[date, int]]:
    """(UTC date, minutes of [start, end) inside it), cutting at each UTC midnight, read off the clock: the
    engines' day grid is not used here, on purpose."""
    cursor = start
    while cursor < end:
        moment = problem.moment_at(cursor)
        midnight = cursor + MINUTES_PER_DAY - (moment.hour * 60 + moment.minute)
        part_end = min(end, midnight)
        yield moment.date(), part_end - cursor
        cursor = part_end


def _check_pins_and_required(problem: Problem, shoots: Iterable[Shoot]) -> Iterator[Violation]:
    """Pinned scenes are shot exactly at their pinned start and module; required scenes are shot."""
    shoot_of = {shoot.scene: shoot for shoot in shoots}
    for pin in problem.pins:
        shoot = shoot_of.get(pin.scene)
        pinned = f"{pin.module} at {stamp(problem, pin.start)}"
        if shoot is None:
            yield Violation("pin", pin.scene, f"scene {pin.scene} is pinned to {pinned} but not shot")
        elif (shoot.start, shoot.module) != (pin.start, pin.module):
            yield Violation("pin", pin.scene, f"{_shoot_words(problem, shoot)} is pinned to {pinned}")
    for scene in problem.scenes:
        if scene.required and scene.code not in shoot_of:
            yield Violation("required", scene.code, f"required scene {scene.code} is not shot")
