"""The one entry point the application calls: pick an engine, get a solution with a reason for every scene
left out."""

from __future__ import annotations

from collections.abc import Callable

from . import cpsat, greedy
from .problem import Problem
from .solution import Progress, Solution

ENGINES = ("cp-sat", "greedy")


def solve(
    problem: Problem,
    *,
    engine: str = "cp-sat",
    seconds: float = 30,
    workers: int = 2,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Solution:
    """Schedule the production with the named engine ("cp-sat" searches up to `seconds` on `workers`
    threads, reporting progress and stopping early when `should_stop()` says so; "greedy" is immediate)."""
    if engine == "cp-sat":
        solution = cpsat.solve(problem, seconds=seconds, workers=workers, on_progress=on_progress, should_stop=should_stop)
    elif engine == "greedy":
        solution = greedy.solve(problem)
        if on_progress is not None:
            on_progress(Progress(solutions=1, objective=solution.objective, bound=None, elapsed=solution.seconds))
    else:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    return solution
