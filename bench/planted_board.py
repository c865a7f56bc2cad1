"""The generator's record of the shoots planted so far: who and what each keeps busy, and how much of each
limited element is in use, so a new shoot is planted only where it keeps every rule with the others."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort

from scheduling.solver.problem import Module
from scheduling.solver.solution import Shoot


class Busy:
    """Sorted disjoint spans of one person or module, for quick overlap tests while planting."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        index = bisect_right(self.spans, (start, float("inf")))
        if index > 0 and self.spans[index - 1][1] > start:
            return False
        return index == len(self.spans) or self.spans[index][0] >= end

    def add(self, start: int, end: int) -> None:
        insort(self.spans, (start, end))


class Stock:
    """The planted uses of one limited element, (start, end, count) sorted by start, to keep within its quantity."""

    def __init__(self, quantity: int) -> None:
        self.quantity = quantity
        self.uses: list[tuple[int, int, int]] = []
        self.longest = 0

    def has_room(self, start: int, end: int, count: int) -> bool:
        low = bisect_left(self.uses, (start - self.longest, ))
        overlapping = [use for use in self.uses[low:bisect_left(self.uses, (end, ))] if use[1] > start]
        # The count in progress peaks where some use (or the new shoot) begins.
        return all(count + sum(c for s, e, c in overlapping if s <= moment < e) <= self.quantity
                   for moment in {start, *(s for s, _, _ in overlapping if s > start)})

    def add(self, start: int, end: int, count: int) -> None:
        insort(self.uses, (start, end, count))
        self.longest = max(self.longest, end - start)


class PlantedBoard:
    """The shoots planted so far and who and what they keep busy."""

    def __init__(self, people, modules: list[Module], equipment) -> None:
        self.modules = modules
        self.person_busy = {p: Busy() for p in people}
        self.module_busy = {m.code: Busy() for m in modules}
        self.stock = {element.code: Stock(element.quantity) for element, _, _ in equipment if element.quantity is not None}
        self.planted: list[Shoot] = []
        self.casts: dict[str, tuple[str, ...]] = {}

    def hosts(self, size: int, start: int, end: int) -> list[Module]:
        return [m for m in self.modules if m.capacity >= size and self.module_busy[m.code].free(start, end)]

    def has_room(self, needs, start: int, end: int) -> bool:
        return all(self.stock[element].has_room(start, end, count) for element, count in needs if element in self.stock)

    def add(self, cast: tuple[str, ...], module: Module, start: int, end: int, needs) -> str:
        """Plant the shoot (unchecked: ask first); its scene's code."""
        code = f"{len(self.planted) + 1:04d}"
        self.planted.append(Shoot(scene=code, module=module.code, start=start, end=end))
        self.casts[code] = cast
        for element, count in needs:
            if element in self.stock:
                self.stock[element].add(start, end, count)
        for person in cast:
            self.person_busy[person].add(start, end)
        self.module_busy[module.code].add(start, end)
        return code
