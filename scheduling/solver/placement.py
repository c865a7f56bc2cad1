"""The board while scenes are being placed: who and what is busy when, and how much each person has shot
per UTC day.

The greedy engine, the CP-SAT warm start and the explanations all ask the same questions of it: can this
scene start here, and if not, which placed shoots or daily caps are in the way and where is the next start
worth trying. Start windows that hold before anything is placed (free time, closures, events, light,
earliest/latest, capacity, window) come from `domains.scene_domains`; this module adds what depends on other
shoots: overlaps, limited elements, daily caps and `after` order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

from core.intervals import Interval, contains

from .days import DayGrid
from .domains import SceneDomain, scene_domains
from .elements import ElementUsage, limited_uses
from .problem import Problem, Scene
from .solution import Shoot


@dataclass(frozen=True)
class Clash:
    """Why a start does not work against the placed shoots, and the first later start that might."""

    next_start: int
    scenes: tuple[str, ...] = ()  # placed shoots sharing a person or the module with it
    capped: tuple[str, ...] = ()  # people whose daily cap it would break
    elements: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (limited element, placed shoots using it then) it lacks

    @property
    def in_the_way(self) -> tuple[str, ...]:
        """Every placed shoot in the way: sharing a person, the module or an element it lacks."""
        return tuple(dict.fromkeys([*self.scenes, *(code for _, users in self.elements for code in users)]))


class _Busy:
    """One person's or module's placed shoots: sorted, disjoint spans with the scene shot in each."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.scenes: list[str] = []

    def overlapping(self, start: int, end: int) -> range:
        """Indexes of the spans overlapping [start, end); spans are disjoint, so they are consecutive."""
        return range(bisect_right(self.ends, start), bisect_left(self.starts, end))

    def add(self, start: int, end: int, scene: str) -> None:
        index = bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)
        self.scenes.insert(index, scene)

    def remove(self, start: int, scene: str) -> None:
        index = bisect_left(self.starts, start)
        while self.scenes[index] != scene:
            index += 1
        del self.starts[index], self.ends[index], self.scenes[index]


def successors_of(problem: Problem) -> dict[str, list[str]]:
    """Scene -> the scenes that come after it (an empty list for any other code)."""
    successors: dict[str, list[str]] = defaultdict(list)
    for scene in problem.scenes:
        for before in scene.after:
            successors[before].append(scene.code)
    return successors


class Placement:
    """Shoots placed so far, with occupancy per person and module, use of each limited element over time,
    and minutes per person per UTC day.

    `can_place` is the whole truth for one more shoot (its domain, overlaps, elements, daily caps, `after` order);
    `place` and `remove` do no checking, so callers can also load a given schedule, pins first.
    Scenes may be given as `Scene` objects or codes.
    """

    def __init__(self, problem: Problem, domains: dict[str, SceneDomain] | None = None) -> None:
        self.problem = problem
        self.domains = domains if domains is not None else scene_domains(problem)
        self.grid = DayGrid(problem)
        self.shoots: dict[str, Shoot] = {}
        self._person_busy = {person.code: _Busy() for person in problem.people}
        self._module_busy = {module.code: _Busy() for module in problem.modules}
        self._element_usage = {element.code: ElementUsage(element.quantity) for element in problem.elements
                               if element.quantity is not None}
        self._uses: dict[str, tuple[tuple[str, int], ...]] = {}
        self._day_minutes: dict[str, Counter[int]] = {person.code: Counter() for person in problem.people}
        self.successors = successors_of(problem)

    def _scene(self, scene: Scene | str) -> Scene:
        return self.problem.scene(scene) if isinstance(scene, str) else scene

    def _limited(self, scene: Scene) -> tuple[tuple[str, int], ...]:
        if scene.code not in self._uses:
            self._uses[scene.code] = limited_uses(self.problem, scene)
        return self._uses[scene.code]

    def place(self, scene: Scene | str, module: str, start: int) -> Shoot:
        """Put the scene's shoot on the board (unchecked: ask `can_place` first)."""
        scene = self._scene(scene)
        shoot = Shoot(scene=scene.code, module=module, start=start, end=start + scene.minutes)
        self.shoots[scene.code] = shoot
        self._module_busy[module].add(shoot.start, shoot.end, scene.code)
        for code, count in self._limited(scene):
            self._element_usage[code].add(shoot.start, shoot.end, scene.code, count)
        for code in scene.people:
            self._person_busy[code].add(shoot.start, shoot.end, scene.code)
            for day, minutes in self.grid.minutes_by_day(shoot.start, shoot.end):
                self._day_minutes[code][day] += minutes
        return shoot

    def remove(self, scene: Scene | str) -> Shoot:
        """Take the scene's shoot off the board."""
        scene = self._scene(scene)
        shoot = self.shoots.pop(scene.code)
        self._module_busy[shoot.module].remove(shoot.start, scene.code)
        for code, _ in self._limited(scene):
            self._element_usage[code].remove(shoot.start, scene.code)
        for code in scene.people:
            self._person_busy[code].remove(shoot.start, scene.code)
            for day, minutes in self.grid.minutes_by_day(shoot.start, shoot.end):
                self._day_minutes[code][day] -= minutes
        return shoot

    def minutes_on(self, person: str, day: int) -> int:
        """Minutes the person already shoots on that UTC day."""
        return self._day_minutes[person][day]

    def in_domain(self, scene: Scene | str, module: str, start: int) -> bool:
        """Whether the start holds before anything is placed (see `domains.scene_domain`)."""
        return contains(self.domains[self._scene(scene).code].starts.get(module, ()), start)

    def order_bounds(self, scene: Scene | str) -> tuple[int, int] | None:
        """First and last start that `after` allows against placed shoots: after every predecessor's end
        and early enough to end before any placed successor starts. None while a predecessor is unplaced."""
        scene = self._scene(scene)
        if any(before not in self.shoots for before in scene.after):
            return None
        first = max((self.shoots[before].end for before in scene.after), default=0)
        later = [self.shoots[code].start for code in self.successors[scene.code] if code in self.shoots]
        last = min(later, default=self.problem.horizon) - scene.minutes
        return first, last

    def clash_at(self, scene: Scene | str, module: str, start: int) -> Clash | None:
        """What placed shoots (through people, the module or limited elements) and daily caps forbid starting
        the scene at `start` in `module`, if anything.

        `next_start` is safe to jump to: every start before it still hits one of the same obstacles.
        """
        scene = self._scene(scene)
        end = start + scene.minutes
        jumps: list[int] = []
        in_the_way: list[str] = []
        for busy in (self._module_busy[module], *(self._person_busy[code] for code in scene.people)):
            hits = busy.overlapping(start, end)
            if hits:
                # Any start before the last hit's end still overlaps one of the hits.
                jumps.append(busy.ends[hits[-1]])
                in_the_way.extend(busy.scenes[index] for index in hits)
        lacking: list[tuple[str, tuple[str, ...]]] = []
        for code, count in self._limited(scene):
            shortage = self._element_usage[code].shortage(start, end, count)
            if shortage is not None:
                jumps.append(shortage[0])
                lacking.append((code, shortage[1]))
        capped: list[str] = []
        for code in scene.people:
            cap = self.problem.person(code).max_minutes_per_day
            if cap is None:
                continue
            for day, minutes in self.grid.minutes_by_day(start, end):
                room = cap - self._day_minutes[code][day]
                if minutes > room:
                    # Later starts only fit that day once the shoot's part in it shrinks to the room left.
                    jumps.append(self.grid.day_end(day) - max(room, 0))
                    capped.append(code)
        if not jumps:
            return None
        return Clash(
            next_start=max(jumps),
            scenes=tuple(dict.fromkeys(in_the_way)),
            capped=tuple(dict.fromkeys(capped)),
            elements=tuple(lacking),
        )

    def can_place(self, scene: Scene | str, module: str, start: int) -> bool:
        """Whether one more shoot of the scene at `start` in `module` keeps every hard rule."""
        scene = self._scene(scene)
        bounds = self.order_bounds(scene)
        return (
            scene.code not in self.shoots
            and bounds is not None
            and bounds[0] <= start <= bounds[1]
            and self.in_domain(scene, module, start)
            and self.clash_at(scene, module, start) is None
        )

    def earliest_start(
        self,
        scene: Scene | str,
        module: str,
        ranges: tuple[Interval, ...],
        not_before: int = 0,
        *,
        before: int | None = None,
    ) -> int | None:
        """The first start in the ranges (sorted start ranges [first, last + 1), e.g. the scene's domain in
        that module), at or after `not_before` and before `before`, that `can_place` would accept; jumps
        past each obstacle rather than trying every minute."""
        scene = self._scene(scene)
        bounds = self.order_bounds(scene)
        if bounds is None:
            return None
        last = bounds[1] if before is None else min(bounds[1], before - 1)
        start = max(not_before, bounds[0])
        while start <= last:
            index = bisect_right(ranges, start, key=lambda span: span.end)
            if index == len(ranges):
                return None
            start = max(start, ranges[index].start)
            if start > last:
                return None
            clash = self.clash_at(scene, module, start)
            if clash is None:
                return start
            start = clash.next_start
        return None
