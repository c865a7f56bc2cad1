"""A tighter upper bound on the total priority when not everything fits: a linear relaxation of the crew's
time, their daily caps and the limited elements.

Every shoot lies wholly inside one free window of each of its people (free time less the events that block
them), because its start range was cut from their common free time. So put each scene that could be shot
alone (`relaxation.placeable_alone`) in at most one of its *slots*, a slot being the window of each of its
people its start range falls in, fractionally, and ask for the most priority that fits:

- per person and window: the minutes of the scenes put in it at most the window's length;
- per person with a cap and UTC day: at least the minutes each slot must spend in that day (a shoot of m
  minutes in a slot reaching s minutes outside the day spends at least m - s in it) at most the cap;
- per limited element and stretch of time its users' slots cover: count times minutes at most quantity times
  the stretch's length;
- a scene no more than the scenes it comes after; pins in their own slot, required scenes in one.

Any valid schedule is a solution of this (put each shot scene in the slot of its shoot, at weight 1), so the
linear optimum bounds the best total priority. Modules, light and who shoots with whom are left out: a
relaxation may only forget rules, never add one. The linear program is GLOP's; priorities are whole, so the
best total is at most the floor of its optimum (taken `ROUNDING` above it, to absorb floating error).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict

from ortools.linear_solver import pywraplp

from core.intervals import Interval, normalize

from .budget import Budget
from .days import DayGrid
from .domains import SceneDomains
from .elements import limited_uses
from .problem import Problem, Scene

ROUNDING = 0.01  # an LP optimum this close below a whole number counts as that number (GLOP's own error)
MAX_LP_SECONDS = 30.0  # GLOP's time limit, at most; a stopped LP bounds nothing


class _Windows:
    """One person's usable free windows, to find the one a span lies in."""

    def __init__(self, spans: tuple[Interval, ...]) -> None:
        self.spans = spans
        self.starts = [span.start for span in spans]

    def holding(self, start: int, end: int) -> int | None:
        index = bisect_right(self.starts, start) - 1
        return index if index >= 0 and end <= self.spans[index].end else None


def capacity_bound(problem: Problem, domains: SceneDomains, alone: set[str], budget: Budget | None = None) -> int | None:
    """The linear relaxation's optimum (see the module docstring), or None when the budget, GLOP's time limit
    or an infeasible relaxation (the mandatory scenes cannot all hold) leaves it unknown."""
    budget = budget or Budget()
    grid = DayGrid(problem)
    windows = {person.code: _Windows(domains.person_time(person.code)) for person in problem.people}
    solver = pywraplp.Solver.CreateSolver("GLOP")
    objective = solver.Objective()
    window_terms: dict[tuple[str, int], list] = defaultdict(list)  # (person, window) -> (minutes, slot variable)
    day_terms: dict[tuple[str, int], list] = defaultdict(list)  # (person, day) -> (least minutes that day, variable)
    element_terms: dict[str, list] = defaultdict(list)  # element -> (hull of the slot's shoots, demand, variable)
    slots_of: dict[str, list] = {}
    for scene in problem.scenes:
        if scene.code not in alone:
            continue
        if budget.expired():
            return None
        if not domains[scene.code].reached:
            # The solve never worked out where it could go: one slot that nothing limits.
            slots_of[scene.code] = [solver.NumVar(0, 1, "")]
            objective.SetCoefficient(slots_of[scene.code][0], scene.priority)
            continue
        slots = _slots(problem, domains, scene, windows, grid)
        if not slots:
            continue
        uses = limited_uses(problem, scene)
        slots_of[scene.code] = []
        for key, (hull, least) in slots.items():
            variable = solver.NumVar(0, 1, "")
            slots_of[scene.code].append(variable)
            objective.SetCoefficient(variable, scene.priority)
            for person, window in zip(scene.people, key):
                if window is not None:
                    window_terms[person, window].append((scene.minutes, variable))
            for where, minutes in least.items():
                day_terms[where].append((minutes, variable))
            for element, count in uses:
                element_terms[element].append((hull, count * scene.minutes, variable))
    for (person, window), terms in window_terms.items():
        _add_at_most(solver, terms, windows[person].spans[window].length)
    for (person, _), terms in day_terms.items():
        _add_at_most(solver, terms, problem.person(person).max_minutes_per_day)
    for element, terms in element_terms.items():
        _add_element_limits(solver, terms, problem.element(element).quantity)
    if not _add_order_and_mandatory(problem, solver, slots_of):
        return None
    objective.SetMaximization()
    solver.SetTimeLimit(int(1000 * min(MAX_LP_SECONDS, budget.remaining())))
    if budget.expired() or solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return math.floor(objective.Value() + ROUNDING)


def _slots(problem: Problem, domains: SceneDomains, scene: Scene, windows: dict[str, _Windows], grid: DayGrid):
    """The scene's slots: the window of each of its people (None where, unexpectedly, no one window holds
    the shoot: that person then limits nothing) -> (the hull of the spans its shoots there may occupy, the
    least minutes such a shoot spends per capped person and UTC day)."""
    ranges = normalize(span for starts in domains[scene.code].starts.values() for span in starts)
    pin = problem.pin_for(scene.code)
    if pin is not None:
        ranges = tuple(Interval(pin.start, pin.start + 1) for span in ranges if span.start <= pin.start < span.end)
    capped = [code for code in scene.people if problem.person(code).max_minutes_per_day is not None]
    hulls: dict[tuple, Interval] = {}
    least: dict[tuple, dict] = {}
    for span in ranges:
        occupied = Interval(span.start, span.end - 1 + scene.minutes)
        key = tuple(windows[code].holding(*occupied) for code in scene.people)
        in_days = {}
        for day in grid.days_touched(*occupied):
            day_span = grid.span(day)
            outside = occupied.length - max(0, min(occupied.end, day_span.end) - max(occupied.start, day_span.start))
            if scene.minutes > outside:
                in_days.update({(code, day): scene.minutes - outside for code in capped})
        if key in hulls:
            hulls[key] = Interval(min(hulls[key].start, occupied.start), max(hulls[key].end, occupied.end))
            least[key] = {where: min(minutes, in_days[where]) for where, minutes in least[key].items() if where in in_days}
        else:
            hulls[key], least[key] = occupied, in_days
    return {key: (hulls[key], least[key]) for key in hulls}


def _add_at_most(solver, terms: list[tuple[int, object]], limit: int) -> None:
    """sum(coefficient * variable) <= limit, unless even all of them at 1 keep within it."""
    if sum(coefficient for coefficient, _ in terms) <= limit:
        return
    constraint = solver.Constraint(-solver.infinity(), limit)
    for coefficient, variable in terms:
        constraint.SetCoefficient(variable, coefficient)


def _add_element_limits(solver, terms: list[tuple[Interval, int, object]], quantity: int) -> None:
    """Per stretch of time the users' slots cover together: the slots inside use at most quantity times its
    length. Each slot's hull lies in one stretch, so a shoot counts only where it is."""
    terms = sorted(terms, key=lambda term: term[0].start)
    stretches = normalize(hull for hull, _, _ in terms)
    starts = [stretch.start for stretch in stretches]
    inside: dict[int, list] = defaultdict(list)
    for hull, demand, variable in terms:
        inside[bisect_right(starts, hull.start) - 1].append((demand, variable))
    for index, members in inside.items():
        _add_at_most(solver, members, quantity * stretches[index].length)


def _add_order_and_mandatory(problem: Problem, solver, slots_of: dict[str, list]) -> bool:
    """`after`, pins and required scenes; False when a mandatory scene has no slot at all."""
    for scene in problem.scenes:
        slots = slots_of.get(scene.code)
        mandatory = scene.required or problem.pin_for(scene.code) is not None
        if slots is None:
            if mandatory:
                return False
            continue
        if mandatory:
            constraint = solver.Constraint(1, 1)
        else:
            constraint = solver.Constraint(-solver.infinity(), 1)
        for variable in slots:
            constraint.SetCoefficient(variable, 1)
        for before in scene.after:
            # shot(scene) <= shot(before); a predecessor without slots is never shot
            order = solver.Constraint(-solver.infinity(), 0)
            for variable in slots:
                order.SetCoefficient(variable, 1)
            for variable in slots_of.get(before, ()):
                order.SetCoefficient(variable, -1)
    return True
