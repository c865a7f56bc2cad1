"""The one entry point the application calls: pick an engine, get a solution with a reason for every scene
left out."""

from __future__ import annotations

from collections.abc import Callable

from core.errors import DomainError

from . import cpsat, greedy
from .budget import Budget
from .problem import Problem
from .solution import ENGINES, Progress, Solution

class UnknownEngine(DomainError):
    def __init__(self, name: str):
        super().__init__(f'unknown engine "{name}"; choose one of {", ".join(ENGINES)}', path="engine")


def solve(
    problem: Problem,
    *,
    engine: str = "cp-sat",
    seconds: float = 30,
    workers: int = 2,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Solution:
    """Schedule the production with the named engine within `seconds` ("cp-sat" searches that long on
    `workers` threads, reporting progress; "greedy" is usually done long before), stopping early when
    `should_stop()` says so. Whatever stage the limit or the stop cuts short, the result is valid, says
    `stats["stopped"]` ("time limit" or "cancelled", else None), and gives every scene left out a reason."""
    if engine not in ENGINES:
        raise UnknownEngine(engine)
    budget = Budget(seconds, should_stop)
    if engine == "cp-sat":
        return cpsat.solve(problem, budget=budget, workers=workers, on_progress=on_progress)
    solution = greedy.solve(problem, budget=budget)
    if on_progress is not None:
        on_progress(Progress(solutions=1, objective=solution.objective, bound=None, elapsed=solution.seconds))
    return solution
