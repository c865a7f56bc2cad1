"""A cheap, provably valid upper bound on the total priority, for productions too large to prove in one model.

A scene can only be shot if it can be shot alone: somewhere in its start domain, clear of the pinned shoots
(which every valid schedule holds) and within its people's daily caps on that board, with each scene it comes
after placeable too. The total priority of those scenes bounds every valid schedule's. A scene the budget
did not let it check (or whose domain is unknown) counts as placeable, so a stopped bound is weaker, never
wrong.
"""

from __future__ import annotations

from .budget import Budget
from .domains import SceneDomain
from .placement import Placement
from .problem import Problem, Scene


def placeable_alone(problem: Problem, domains: dict[str, SceneDomain], budget: Budget | None = None) -> set[str]:
    """Codes of the scenes that have a start where they could be shot with only the pins on the board (or
    that were not checked before the budget ran out)."""
    budget = budget or Budget()
    board = Placement(problem, domains)
    for pin in problem.pins:
        if budget.expired():
            break
        if board.in_domain(pin.scene, pin.module, pin.start) and board.clash_at(pin.scene, pin.module, pin.start) is None:
            board.place(pin.scene, pin.module, pin.start)
    alone = {
        scene.code
        for scene in problem.scenes
        if scene.code in board.shoots or budget.expired() or not domains[scene.code].reached
        or (problem.pin_for(scene.code) is None and _has_free_start(board, scene))
    }
    changed = True
    while changed:
        kept = {code for code in alone if all(before in alone for before in problem.scene(code).after)}
        changed = kept != alone
        alone = kept
    return alone


def _has_free_start(board: Placement, scene: Scene) -> bool:
    for module, ranges in board.domains[scene.code].starts.items():
        for span in ranges:
            start = span.start
            while start < span.end:
                clash = board.clash_at(scene, module, start)
                if clash is None:
                    return True
                start = clash.next_start
    return False


def priority_bound(problem: Problem, domains: dict[str, SceneDomain], budget: Budget | None = None) -> int:
    """The total priority of the scenes placeable alone: no valid schedule does better."""
    return sum(problem.scene(code).priority for code in placeable_alone(problem, domains, budget))
