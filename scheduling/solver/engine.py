"""The one entry point the application calls: pick an engine, get a solution with a reason for every scene
left out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from core.errors import DomainError

from . import cpsat, greedy
from .domains import scene_domains
from .explain import explain_unscheduled
from .problem import Problem
from .solution import ENGINES, Progress, Solution, Unscheduled

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
    """Schedule the production with the named engine ("cp-sat" searches up to `seconds` on `workers`
    threads, reporting progress and stopping early when `should_stop()` says so; "greedy" is immediate)."""
    if engine == "cp-sat":
        solution = cpsat.solve(problem, seconds=seconds, workers=workers, on_progress=on_progress, should_stop=should_stop)
    elif engine == "greedy":
        solution = greedy.solve(problem)
        if on_progress is not None:
            on_progress(Progress(solutions=1, objective=solution.objective, bound=None, elapsed=solution.seconds))
    else:
        raise UnknownEngine(engine)
    return with_reasons(problem, solution)


def with_reasons(problem: Problem, solution: Solution) -> Solution:
    """Every scene neither shot nor already explained gets listed as unscheduled, with its reason."""
    shot = {shoot.scene for shoot in solution.shoots}
    explained = {entry.scene for entry in solution.unscheduled if entry.reason}
    missing = [scene.code for scene in problem.scenes if scene.code not in shot and scene.code not in explained]
    if not missing:
        return solution
    reasons = explain_unscheduled(problem, solution.shoots, missing, scene_domains(problem))
    kept = [entry for entry in solution.unscheduled if entry.reason]
    return replace(solution, unscheduled=(*kept, *(Unscheduled(scene=code, reason=reasons[code]) for code in missing)))
