"""The solution every engine returns, and what the validator reports."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUS_OPTIMAL = "optimal"
STATUS_FEASIBLE = "feasible"
STATUS_INFEASIBLE = "infeasible"
STATUS_UNKNOWN = "unknown"

ENGINES = {"cp-sat": "CP-SAT (optimising)", "greedy": "Greedy (fast)"}  # name -> what a director reads
PROGRESS_EVERY = 0.25  # seconds between progress reports: often enough for a live bar, rare enough to cost nothing


@dataclass(frozen=True)
class Shoot:
    scene: str
    module: str
    start: int
    end: int


@dataclass(frozen=True)
class Unscheduled:
    scene: str
    reason: str


@dataclass(frozen=True)
class Solution:
    engine: str  # "cp-sat" | "greedy"
    status: str  # optimal | feasible | infeasible | unknown
    objective: int  # total priority of scheduled scenes
    bound: int | None  # best proven upper bound on the objective, None where the engine proves none
    seconds: float  # wall time
    shoots: tuple[Shoot, ...]
    unscheduled: tuple[Unscheduled, ...]
    conflicts: tuple[str, ...] = ()  # when infeasible: the constraints that cannot all hold, in words
    stats: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Violation:
    rule: str  # e.g. "free-window", "person-overlap", "daily-cap"
    scene: str | None
    message: str
    scenes: tuple[str, ...] = ()  # a breach no single scene makes (a daily cap): every scene shot in it


@dataclass(frozen=True)
class Progress:
    """What a running solve reports from its solution callback."""

    solutions: int
    objective: int | None
    bound: int | None
    elapsed: float
