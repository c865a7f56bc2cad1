"""The stripboard baseline: what a planner with a board of strips would do, and the CP-SAT warm start.

Pins go on the board first, exactly where they are pinned; when re-planning, published shoots that still
fit stay where they were. Then every other scene, required ones first,
then by priority (highest first), never before a scene it must come after, each at the earliest start that
keeps every hard rule, in the first module (in the scene's own order) where that start is earliest. Nothing
placed is ever moved, so the result is feasible but rarely optimal.

A scene's start domain is worked out just before it is placed, and the budget is asked after each scene:
a stripboard stopped by its time limit or a cancel returns the scenes it placed, every one keeping every
rule, and the scenes it never reached are left out as such.
"""

from __future__ import annotations

import heapq
from collections import deque

from .budget import Budget
from .domains import SceneDomains
from .explain import explain_pin, explain_unscheduled, not_reached
from .placement import Placement
from .problem import Problem, Scene
from .solution import STATUS_FEASIBLE, STATUS_INFEASIBLE, Shoot, Solution, Unscheduled

__all__ = ["Placement", "drop_unsupported", "solve", "stripboard", "stripboard_order"]

ENGINE = "greedy"


def solve(problem: Problem, *, budget: Budget | None = None) -> Solution:
    """Place pins, then scenes in stripboard order at their earliest feasible start, within the budget
    (unlimited when none is given).

    Infeasible when a pin cannot stand where it is pinned or a required scene finds no place (or was not
    reached in time); `conflicts` then says why, in words, and the shoots are the best effort.
    """
    budget = budget or Budget()
    domains = SceneDomains(problem)
    placement, conflicts = stripboard(problem, domains, budget)
    domains.fill(budget)
    shoots = tuple(sorted(placement.shoots.values(), key=lambda shoot: (shoot.start, shoot.module)))
    left_out = [scene.code for scene in problem.scenes if scene.code not in placement.shoots]
    reasons = explain_unscheduled(problem, shoots, left_out, domains, budget)
    conflicts.extend(
        f"required scene {code} cannot be scheduled: {reasons[code]}"
        for code in left_out
        if problem.scene(code).required and problem.pin_for(code) is None
    )
    return Solution(
        engine=ENGINE,
        status=STATUS_INFEASIBLE if conflicts else STATUS_FEASIBLE,
        objective=sum(problem.scene(shoot.scene).priority for shoot in shoots),
        bound=None,
        seconds=budget.elapsed(),
        shoots=shoots,
        unscheduled=tuple(Unscheduled(scene=code, reason=reasons[code]) for code in left_out),
        conflicts=tuple(conflicts),
        stats={"stopped": budget.stopped},
    )


def stripboard(problem: Problem, domains: SceneDomains, budget: Budget) -> tuple[Placement, list[str]]:
    """The board after pins, anchors and then every scene in stripboard order, as far as the budget goes,
    and the conflicts met on the way: pins that cannot stand where pinned or whose `after` scenes find no
    place before them."""
    placement = Placement(problem, domains)
    conflicts = place_pins(problem, placement, budget)
    order = [scene for scene in stripboard_order(problem) if problem.pin_for(scene.code) is None]
    place_anchors(problem, placement, order, budget)
    for scene in order:
        if budget.expired():
            break
        if scene.code not in placement.shoots and not _kept(problem, placement, scene):
            place_earliest(placement, scene)
    if budget.stopped:
        dropped = drop_unsupported(problem, placement)
        conflicts.extend(_unreached_pin(problem, code, budget) for code in dropped if problem.pin_for(code))
    else:
        conflicts.extend(_pinned_order_conflicts(problem, placement))
    return placement, conflicts


def place_pins(problem: Problem, placement: Placement, budget: Budget) -> list[str]:
    """Put each pin on the board where it is pinned; a pin that cannot stand there, or that the budget did
    not reach, is a conflict.

    `after` is not checked here: a pin's predecessors are placed later, before it (see `Placement.order_bounds`).
    """
    conflicts = []
    for pin in problem.pins:
        scene = problem.scene(pin.scene)
        if budget.expired():
            conflicts.append(_unreached_pin(problem, pin.scene, budget))
        elif placement.in_domain(scene, pin.module, pin.start) and placement.clash_at(scene, pin.module, pin.start) is None:
            placement.place(scene, pin.module, pin.start)
        else:
            conflicts.append(explain_pin(problem, pin, placement))
    return conflicts


def place_anchors(problem: Problem, placement: Placement, order: list[Scene], budget: Budget) -> None:
    """Re-planning: keep each published shoot where it was, if it still fits there, before placing anything
    new, so the board changes only where it has to. A shoot that comes after one that must move is tried
    again where it was once that one has its new place (in `stripboard`)."""
    if not problem.anchors:
        return
    for scene in order:
        if budget.expired():
            return
        _kept(problem, placement, scene)


def _kept(problem: Problem, placement: Placement, scene: Scene) -> bool:
    """Place a published shoot where it was, if it still fits there."""
    anchor = problem.anchor_for(scene.code)
    if anchor is not None and placement.can_place(scene, anchor.module, anchor.start):
        placement.place(scene, anchor.module, anchor.start)
        return True
    return False


def place_earliest(placement: Placement, scene: Scene) -> Shoot | None:
    """Place the scene at its earliest feasible start over all its modules, if it has one."""
    best: tuple[str, int] | None = None
    for module, ranges in placement.domains[scene.code].starts.items():
        # Only a strictly earlier start beats the module found first.
        start = placement.earliest_start(scene, module, ranges, before=None if best is None else best[1])
        if start is not None:
            best = (module, start)
    return placement.place(scene, *best) if best is not None else None


def stripboard_order(problem: Problem) -> list[Scene]:
    """Required and pinned scenes (with all they must come after) first, then by priority, highest first,
    then in file order; a scene never comes before a scene it must come after. Scenes caught in an `after`
    cycle are left out: no order can satisfy them."""
    index = {scene.code: position for position, scene in enumerate(problem.scenes)}
    successors: dict[str, list[str]] = {code: [] for code in index}
    waiting_on = {code: 0 for code in index}
    for scene in problem.scenes:
        for before in scene.after:
            if before in index:
                successors[before].append(scene.code)
                waiting_on[scene.code] += 1

    def own_rank(scene: Scene) -> tuple[int, int, int]:
        essential = scene.required or problem.pin_for(scene.code) is not None
        return (0 if essential else 1, -scene.priority, index[scene.code])

    # A scene is as urgent as the most urgent scene that must come after it.
    rank = {}
    for code in reversed(_topological(successors, dict(waiting_on))):
        rank[code] = min([own_rank(problem.scene(code)), *(rank[later] for later in successors[code] if later in rank)])
    ready = [(rank[code], code) for code, count in waiting_on.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, code = heapq.heappop(ready)
        order.append(problem.scene(code))
        for later in successors[code]:
            waiting_on[later] -= 1
            if waiting_on[later] == 0:
                heapq.heappush(ready, (rank[later], later))
    return order


def _topological(successors: dict[str, list[str]], waiting_on: dict[str, int]) -> list[str]:
    """Any order with each scene after those it waits on (Kahn's algorithm); cycle members are missing."""
    queue = deque(code for code, count in waiting_on.items() if count == 0)
    order = []
    while queue:
        code = queue.popleft()
        order.append(code)
        for later in successors[code]:
            waiting_on[later] -= 1
            if waiting_on[later] == 0:
                queue.append(later)
    return order


def drop_unsupported(problem: Problem, placement: Placement) -> list[str]:
    """Take off the board the pins whose `after` scenes were never placed (the stripboard stopped, or found
    them no place before the pin), and what comes after them: only pins go on before their predecessors, and
    a board that must keep every rule cannot hold them. The codes taken off."""
    dropped: list[str] = []
    while unsupported := [code for code in placement.shoots
                          if any(before not in placement.shoots for before in problem.scene(code).after)]:
        for code in unsupported:
            placement.remove(code)
        dropped += unsupported
    return dropped


def _unreached_pin(problem: Problem, code: str, budget: Budget) -> str:
    return f"pinned scene {code} cannot be scheduled: {not_reached(budget)}"


def _pinned_order_conflicts(problem: Problem, placement: Placement) -> list[str]:
    """Pins whose `after` scenes are missing or end too late: pins never move, so the plan cannot hold."""
    conflicts = []
    for pin in problem.pins:
        shoot = placement.shoots.get(pin.scene)
        if shoot is None:
            continue
        for before in problem.scene(pin.scene).after:
            earlier = placement.shoots.get(before)
            if earlier is None:
                conflicts.append(f"pinned scene {pin.scene} must come after {before}, which finds no place before it")
            elif earlier.end > shoot.start:
                conflicts.append(f"pinned scene {pin.scene} starts before {before} ends, yet must come after it")
    return conflicts
