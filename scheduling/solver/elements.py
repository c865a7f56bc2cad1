"""Limited elements (hard constraint 10): an element with a `quantity` is never used by more shoots in
progress at once than it has, each shoot counting the `count` of it its scene lists. Elements without a
quantity are tracked for the breakdown and never limit anything.

The engines share these pieces: which of a scene's elements limit it (`limited_uses`), whether it needs
more of one than the production has at all (`shortages`), one element's use over time (`usage_levels`,
`crowded_spans`) and the board's record of it (`ElementUsage`). The validator checks the rule with a sweep
of its own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from core.intervals import Interval, normalize

from .problem import Problem, Scene


def limited_uses(problem: Problem, scene: Scene) -> tuple[tuple[str, int], ...]:
    """(element code, count) for each element of the scene that has a quantity; an element listed twice
    counts once with both counts added."""
    counts: Counter[str] = Counter()
    for code, count in scene.elements:
        element = problem.element(code)
        if element is not None and element.quantity is not None and count > 0:
            counts[code] += count
    return tuple(counts.items())


def shortages(problem: Problem, scene: Scene) -> list[tuple[str, int, int]]:
    """(element code, count, quantity) for each element the scene needs more of than the production has:
    such a scene can never be shot. (The production file refuses that; hand-built problems may not.)"""
    return [(code, count, problem.element(code).quantity)
            for code, count in limited_uses(problem, scene) if count > problem.element(code).quantity]


def usage_levels(uses: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The step profile of (start, end, count) uses: (from, to, level) for each stretch in which the total
    count in progress is the same and not zero, in time order."""
    changes: Counter[int] = Counter()
    for start, end, count in uses:
        changes[start] += count
        changes[end] -= count
    levels = []
    level, since = 0, None
    for moment in sorted(changes):
        if level:
            levels.append((since, moment, level))
        level, since = level + changes[moment], moment
    return levels


def crowded_spans(uses: Iterable[tuple[int, int, int]], room: int) -> tuple[Interval, ...]:
    """Where the uses hold more than `room` of the element: no shoot needing quantity - room of it fits there."""
    return normalize(Interval(start, end) for start, end, level in usage_levels(uses) if level > room)


class _Use(NamedTuple):
    start: int
    end: int
    scene: str
    count: int


class ElementUsage:
    """One limited element's placed shoots, sorted by start. They may overlap one another as long as the
    counts in progress stay within the quantity."""

    def __init__(self, quantity: int) -> None:
        self.quantity = quantity
        self.starts: list[int] = []
        self.uses: list[_Use] = []
        self.longest = 0  # the longest use ever placed: no use overlapping [t, ...) starts before t - longest

    def add(self, start: int, end: int, scene: str, count: int) -> None:
        index = bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.uses.insert(index, _Use(start, end, scene, count))
        self.longest = max(self.longest, end - start)

    def remove(self, start: int, scene: str) -> None:
        index = bisect_left(self.starts, start)
        while self.uses[index].scene != scene:
            index += 1
        del self.starts[index], self.uses[index]

    def in_progress(self, start: int, end: int) -> list[_Use]:
        """The placed uses overlapping [start, end)."""
        low, high = bisect_left(self.starts, start - self.longest + 1), bisect_left(self.starts, end)
        return [use for use in self.uses[low:high] if use.end > start]

    def shortage(self, start: int, end: int, count: int) -> tuple[int, tuple[str, ...]] | None:
        """None when `count` more of the element over [start, end) keeps within the quantity; else the first
        later start worth trying and the scenes using it where it would not. Every start before that one
        still meets a stretch that has no room for `count`. `count` is at most the quantity: a scene needing
        more has no start at all (`shortages`)."""
        uses = self.in_progress(start, end)
        room = self.quantity - count
        if sum(use.count for use in uses) <= room:
            return None
        full = [(low, high) for low, high, level in usage_levels((use.start, use.end, use.count) for use in uses)
                if level > room and low < end and high > start]
        if not full:
            return None
        users = [use.scene for use in uses if any(use.start < high and low < use.end for low, high in full)]
        # Any start before the last full stretch ends still overlaps it: a shoot from a later start ends
        # after `end`, which is already past the stretch's beginning.
        return full[-1][1], tuple(dict.fromkeys(users))
