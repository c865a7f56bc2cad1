"""The CP-SAT engine: the best total priority it can find, with a proven bound on it.

Small productions are solved as one model (`cpsat_model`), which proves optimality. Large ones start from
the greedy schedule and improve it by large-neighbourhood search over a few days at a time (`lns`). The
result is never below the greedy engine's: the better of the two is returned. Both start only from plans that
keep every hard rule, and the independent validator checks the result before it is returned: should it ever
find a rule broken, the shoots that break it are moved where they fit or left out, and the error is logged.

Required scenes come first: the mandatory scenes (pins, required scenes and what they come after) are
solved alone before anything else (`conflicts`). If they cannot all hold, the result is infeasible and
`conflicts` names the clashing ones in words; otherwise their placement seeds the warm start whenever the
greedy schedule misses one. The bound is the lowest of: the total priority of the scenes that could be shot
alone (`relaxation`); for a production the full model takes, a linear relaxation of the crew's time, daily
caps and limited elements (`capacity`) and CP-SAT's own bound.

Objective: maximise the total priority of the scenes shot; the reported `objective` is exactly that and
`bound` the proven upper bound on it. Among schedules of equal total priority a director prefers, in order:
1. fewer shooting days per person: each crew member's shoots gathered on as few UTC days as possible,
   leaving whole days untouched by filming;
2. earlier days: shoots moved towards the start of the stay, leaving slack at its end for slips and pickups.
These tie-breaks never cost priority: the full model first proves the best priority, then minimises them
with that priority held (`_improve_tie_breaks`); the window search polishes them last, window by window,
each window weighing them below one unit of priority and keeping a change only if it loses no priority.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from core.intervals import Interval, contains

from . import allocator, greedy, lns
from .budget import Budget
from .capacity import capacity_bound
from .conflicts import check_mandatory
from .cpsat_model import (
    MIN_SOLVE_SECONDS,
    CapDays,
    Scope,
    build,
    published_cost,
    stop_watch,
)
from .days import DayGrid
from .domains import SceneDomain, SceneDomains
from .explain import explain_unscheduled
from .placement import Placement
from .problem import Problem
from .relaxation import placeable_alone
from .solution import (
    PROGRESS_EVERY,
    STATUS_FEASIBLE,
    STATUS_INFEASIBLE,
    STATUS_OPTIMAL,
    STATUS_UNKNOWN,
    Progress,
    Shoot,
    Solution,
    Unscheduled,
)
from .validator import validate

ENGINE = "cp-sat"
logger = logging.getLogger(__name__)
# Above this many start ranges (summed over scenes and modules) a single model gets too big to prove
# anything within minutes: the search goes window by window instead.
FULL_MODEL_LIMIT = 40_000
TIE_BREAK_SHARE = 0.25  # of the time budget, at most, for the tie-breaks once the priority is proven
REPLAN_TIE_BREAK_SHARE = 0.5  # re-plans: keeping published shoots where they were matters as much
MIN_TIE_BREAK_SECONDS = 0.2  # less than this left: building the tie-break model is not worth it
# The mandatory scenes' model alone: a quarter of the time, and at least a second to prove them infeasible.
MANDATORY_SHARE, MIN_MANDATORY_SECONDS = 0.25, 1.0
MIN_SEARCH_SECONDS = 0.5  # the search gets at least this, even when the stages before it ran long
# CP-SAT reports its (integer) bound as a float; this absorbs its rounding before truncating.
BOUND_TOLERANCE = 1e-6
# A hint missing scenes (pinned, required or any) or with a stale objective is still a valid start.
LOOSE_RULES = {"coverage", "objective", "required", "pin"}

STATUS_NAMES = {
    cp_model.OPTIMAL: STATUS_OPTIMAL,
    cp_model.FEASIBLE: STATUS_FEASIBLE,
    cp_model.INFEASIBLE: STATUS_INFEASIBLE,
}


def solve(
    problem: Problem,
    *,
    budget: Budget,
    workers: int = 2,
    on_progress: Callable[[Progress], None] | None = None,
    hint: Solution | None = None,
) -> Solution:
    """Schedule the production within the budget (its time limit and cancel) on `workers` threads."""
    allocator.cap_arenas()  # before any thread of the search starts: see `allocator`
    domains = SceneDomains(problem)
    order = greedy.stripboard_order(problem)
    board, board_conflicts = greedy.stripboard(problem, domains, budget)
    # A pin whose `after` scenes the stripboard found no place for breaks a rule: off the board it goes, so the
    # search starts (and the result falls back) only from plans that keep every rule.
    greedy.drop_unsupported(problem, board)
    baseline = dict(board.shoots)
    # The stripboard's plan, when it holds every pin and required scene, is valid: the fallback, never beaten.
    baseline_valid = not board_conflicts and _has_mandatory(problem, baseline)
    if on_progress is not None:
        on_progress = _SolutionTally(on_progress)
        if baseline_valid:
            # The stripboard answer is a valid plan already: report it at once, before any model is built.
            on_progress(Progress(1, _priority(problem, baseline.values()), None, budget.elapsed()))
    domains.fill(budget, order)
    grid = DayGrid(problem)
    cap_days = CapDays(problem, grid)
    mandatory_seconds = max(MIN_MANDATORY_SECONDS, MANDATORY_SHARE * budget.seconds)
    check = check_mandatory(problem, domains, grid=grid, cap_days=cap_days, seconds=mandatory_seconds, workers=workers, budget=budget)
    if check.conflicts:
        return _finish(problem, domains, baseline.values(), status=STATUS_INFEASIBLE, bound=None, budget=budget, conflicts=check.conflicts)
    alone = placeable_alone(problem, domains, budget)
    bound = sum(problem.scene(code).priority for code in alone)
    full = _start_ranges(domains) <= FULL_MODEL_LIMIT
    if full and _priority(problem, baseline.values()) < bound:
        # The greedy board leaves scenes out: the crew's time and the elements may say how many must stay out.
        # (Its linear program grows with the start ranges: on a production the window search takes, it
        # would cost a good part of the budget.)
        tighter = capacity_bound(problem, domains, alone, budget)
        bound = bound if tighter is None else min(bound, tighter)
    warm = _warm_start(problem, domains, baseline, check.shoots, hint, budget)
    stats: dict = {}
    shoots, status, found_bound = warm, STATUS_UNKNOWN, None
    if budget.expired():
        pass  # no time left to search: the warm start stands
    elif not full:
        search = lns.Search(problem, domains, grid=grid, cap_days=cap_days, workers=workers, on_progress=on_progress, budget=budget)
        shoots, status, found_bound = search.run(warm, seconds=max(MIN_SEARCH_SECONDS, budget.remaining()), bound=bound)
        allocator.trim()  # thousands of models built and freed
        best_at = search.best_at + (search.started - budget.started)
        # The bound was known from the start: the search proved the optimum when it reached it.
        stats = {"method": "windows", "models": search.solves, "rechecked": search.rechecked,
                 "outdated": search.outdated, "best_found_at": best_at,
                 "proven_at": best_at if search.board.priority >= bound else None}
    else:
        shoots, status, found_bound, best_at, proven_at = _solve_full(
            problem, domains, warm, grid=grid, cap_days=cap_days, workers=workers, on_progress=on_progress, budget=budget,
        )
        stats = {"method": "full model", "models": 2, "best_found_at": best_at, "proven_at": proven_at}
    bound = found_bound if found_bound is not None and found_bound < bound else bound
    shoots, broken = _keeping_every_rule(problem, domains, shoots)
    if broken:
        stats["repaired"] = broken
        status = STATUS_FEASIBLE if _has_mandatory(problem, shoots) else STATUS_UNKNOWN
    if _priority(problem, shoots.values()) < _priority(problem, baseline.values()) and baseline_valid:
        shoots = baseline
        status = STATUS_FEASIBLE
    if status == STATUS_UNKNOWN and _has_mandatory(problem, shoots):
        status = STATUS_FEASIBLE  # the warm start kept, valid with every mandatory scene in
    if status == STATUS_FEASIBLE and _priority(problem, shoots.values()) == bound:
        status = STATUS_OPTIMAL
    return _finish(problem, domains, shoots.values(), status=status, bound=bound, budget=budget, stats=stats)


def _warm_start(problem: Problem, domains, baseline: dict[str, Shoot], mandatory: dict[str, Shoot] | None,
                hint: Solution | None, budget: Budget) -> dict[str, Shoot]:
    """The best valid schedule to start from: the hint if it still keeps every rule, the greedy one, or,
    when greedy misses a pin or required scene, the mandatory scenes as CP-SAT placed them with the rest
    added greedily (as far as the budget goes)."""
    candidates = [baseline]
    if hint is not None:
        hint = replace(hint, shoots=tuple(shoot for shoot in hint.shoots if _keeps_pin(problem, shoot)))
        if not [violation for violation in validate(problem, hint) if violation.rule not in LOOSE_RULES]:
            candidates.append({shoot.scene: shoot for shoot in hint.shoots})
    if mandatory and not _has_mandatory(problem, baseline):
        placement = Placement(problem, domains)
        for shoot in mandatory.values():
            placement.place(shoot.scene, shoot.module, shoot.start)
        for scene in greedy.stripboard_order(problem):
            if budget.expired():
                break
            if scene.code not in placement.shoots:
                greedy.place_earliest(placement, scene)
        candidates.append(dict(placement.shoots))
    return max(candidates, key=lambda shoots: (_has_mandatory(problem, shoots), _priority(problem, shoots.values())))


def _solve_full(problem, domains, warm, *, grid, cap_days, workers, on_progress, budget: Budget):
    """One model of the whole production: prove the best priority in the time left, then spend what is
    left of it (up to a share of the budget) on the tie-breaks with that priority held. The shoots, the
    status, CP-SAT's bound, when the best priority was found and when it was proven (None if it was not)."""
    scope = full_scope(problem, domains)
    built = build(problem, scope, grid=grid, cap_days=cap_days)
    built.model.maximize(built.priority)
    built.add_hint(warm)
    solver, status, reporter = _run(built.model, max(MIN_SEARCH_SECONDS, budget.remaining()), workers, on_progress, budget)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return warm, STATUS_NAMES.get(status, STATUS_UNKNOWN), None, None, None
    proven_at = budget.elapsed() if status == cp_model.OPTIMAL else None
    shoots = built.shoots(solver)
    bound = _whole_bound(solver.best_objective_bound)
    if problem.anchors and _has_mandatory(problem, warm) and (
        _priority(problem, warm.values()) >= _priority(problem, shoots.values())
        and published_cost(problem, warm) < published_cost(problem, shoots)
    ):
        # The model above weighs priority alone, so it may drift published shoots the warm start kept.
        shoots = warm
    # A re-plan must also move few published shoots, so it polishes even an unproven plan, with more time.
    share = REPLAN_TIE_BREAK_SHARE if problem.anchors else TIE_BREAK_SHARE
    tie_break_seconds = min(budget.remaining(), share * budget.seconds)
    polish = status == cp_model.OPTIMAL or problem.anchors
    if polish and tie_break_seconds > MIN_TIE_BREAK_SECONDS and not budget.cancelled():
        shoots = _improve_tie_breaks(problem, scope, shoots, grid=grid, cap_days=cap_days, seconds=tie_break_seconds, workers=workers, budget=budget)
    return shoots, STATUS_NAMES[status], bound, reporter.best_at, proven_at


def _improve_tie_breaks(problem, scope, shoots, *, grid, cap_days, seconds, workers, budget: Budget):
    """Hold the proven total priority and minimise the tie-break penalty; keep the given shoots if time
    runs out before anything better is found."""
    built = build(problem, scope, grid=grid, cap_days=cap_days, tie_breaks=True)
    penalty, _ = built.penalty
    built.model.add(built.priority >= _priority(problem, shoots.values()))
    built.model.minimize(penalty)
    built.add_hint(shoots)
    solver, status, _ = _run(built.model, seconds, workers, None, budget)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return shoots
    polished = built.shoots(solver)
    # CP-SAT does not always take up a hint this size in the time given, and may return a plan that moves
    # more published shoots than the hint did: a re-plan never trades a kept shoot for the other tie-breaks.
    if problem.anchors and published_cost(problem, polished) > published_cost(problem, shoots):
        return shoots
    return polished


def full_scope(problem: Problem, domains: dict[str, SceneDomain]) -> Scope:
    """Every scene that has somewhere to go (and whose `after` scenes do), pins held at their start."""
    starts = {code: dict(domain.starts) for code, domain in domains.items() if not domain.empty}
    for pin in problem.pins:
        module_starts = starts.get(pin.scene, {}).get(pin.module, ())
        if contains(module_starts, pin.start):
            starts[pin.scene] = {pin.module: (Interval(pin.start, pin.start + 1),)}
    changed = True
    while changed:
        changed = False
        for code in list(starts):
            if any(before not in starts for before in problem.scene(code).after):
                del starts[code]
                changed = True
    return Scope(
        scenes=[scene for scene in problem.scenes if scene.code in starts],
        starts=starts,
        must={scene.code for scene in problem.scenes if scene.required and scene.code in starts},
        pins={pin.scene: pin for pin in problem.pins if pin.scene in starts},
    )


class _SolutionTally:
    """Passes progress on with one running count of solutions: each model the search solves (the warm start,
    the full model, every window) counts its own from 1, and a director wants the total."""

    def __init__(self, report: Callable[[Progress], None]) -> None:
        self.report = report
        self.earlier = 0  # solutions of the models before the current one
        self.current = 0

    def __call__(self, progress: Progress) -> None:
        if progress.solutions <= self.current:  # a new model started counting again
            self.earlier += self.current
        self.current = progress.solutions
        self.report(replace(progress, solutions=self.earlier + progress.solutions))


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Reports progress at most every PROGRESS_EVERY seconds and stops the search when the solve is cancelled."""

    def __init__(self, on_progress, budget: Budget) -> None:
        super().__init__()
        self.on_progress = on_progress
        self.budget = budget
        self.solutions = 0
        self.reported_at = float("-inf")
        self.best_at: float | None = None  # seconds from the solve's start to the last (best) solution

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.best_at = self.budget.elapsed()
        if self.budget.cancelled():
            self.stop_search()
            return
        now = time.perf_counter()
        if self.on_progress is not None and now - self.reported_at >= PROGRESS_EVERY:
            self.reported_at = now
            self.on_progress(Progress(self.solutions, round(self.objective_value), _whole_bound(self.best_objective_bound), self.budget.elapsed()))


def _run(model: cp_model.CpModel, seconds: float, workers: int, on_progress, budget: Budget):
    """Solve with an explicit time limit and worker count; a cancel is also polled between solutions."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(MIN_SOLVE_SECONDS, seconds)
    solver.parameters.num_workers = workers
    reporter = _Reporter(on_progress, budget)
    with stop_watch(solver, budget.cancelled):
        status = solver.solve(model, reporter)
    return solver, status, reporter


def _whole_bound(bound: float) -> int:
    return int(bound + BOUND_TOLERANCE)


def _start_ranges(domains: dict[str, SceneDomain]) -> int:
    return sum(len(ranges) for domain in domains.values() for ranges in domain.starts.values())


def _priority(problem: Problem, shoots) -> int:
    return sum(problem.scene(shoot.scene).priority for shoot in shoots)


def _keeps_pin(problem: Problem, shoot: Shoot) -> bool:
    pin = problem.pin_for(shoot.scene)
    return pin is None or (pin.start, pin.module) == (shoot.start, shoot.module)


def _has_mandatory(problem: Problem, shoots: dict[str, Shoot]) -> bool:
    return all(scene.code in shoots for scene in problem.scenes if scene.required) and all(
        pin.scene in shoots for pin in problem.pins
    )


def _keeping_every_rule(problem: Problem, domains, shoots: dict[str, Shoot]) -> tuple[dict[str, Shoot], int]:
    """The shoots as they are when the independent validator finds no hard rule broken, and 0. Otherwise (a
    defect of the search, logged as an error) the shoots that fit, in time order, on a board that checks every
    rule, with the scenes that did not topped up greedily wherever they still fit; and how many violations
    there were. A missing pin or required scene is no violation here: the status says so."""
    broken = _broken_rules(problem, shoots)
    if not broken:
        return shoots, 0
    logger.error("The search returned a schedule of %s breaking %d hard rule(s), repaired; the first: [%s] %s",
                 problem.code, len(broken), broken[0].rule, broken[0].message)
    placement = Placement(problem, domains)
    for shoot in sorted(shoots.values(), key=lambda shoot: shoot.start):
        if placement.can_place(shoot.scene, shoot.module, shoot.start):
            placement.place(shoot.scene, shoot.module, shoot.start)
    for scene in greedy.stripboard_order(problem):
        if scene.code in shoots and scene.code not in placement.shoots:
            pin = problem.pin_for(scene.code)
            if pin is None:
                greedy.place_earliest(placement, scene)
            elif placement.can_place(scene, pin.module, pin.start):
                placement.place(scene, pin.module, pin.start)
    repaired = dict(placement.shoots)
    # `Placement.can_place` is meant to be the whole truth; should it ever miss a rule, the scenes the
    # validator names come off until none is left broken.
    while still := _broken_rules(problem, repaired):
        for violation in still:
            named = [violation.scene] if violation.scene else list(violation.scenes[-1:])
            for code in named:
                repaired.pop(code, None)
    return repaired, len(broken)


def _broken_rules(problem: Problem, shoots: dict[str, Shoot]) -> list:
    """The validator's violations of the shoots, leaving out pins and required scenes that are not shot."""
    shot = set(shoots)
    trial = Solution(
        engine=ENGINE, status=STATUS_UNKNOWN, objective=_priority(problem, shoots.values()), bound=None, seconds=0.0,
        shoots=tuple(shoots.values()),
        unscheduled=tuple(Unscheduled(scene=scene.code, reason="") for scene in problem.scenes if scene.code not in shot),
    )
    return [violation for violation in validate(problem, trial)
            if violation.rule != "required" and not (violation.rule == "pin" and violation.scene not in shot)]


def _finish(problem, domains, shoots, *, status, bound, budget: Budget, conflicts=(), stats=None) -> Solution:
    """The solution with shoots in time order and a reason for every scene left out."""
    shoots = tuple(sorted(shoots, key=lambda shoot: (shoot.start, shoot.module, shoot.scene)))
    shot = {shoot.scene for shoot in shoots}
    left_out = [scene.code for scene in problem.scenes if scene.code not in shot]
    reasons = explain_unscheduled(problem, shoots, left_out, domains, budget)
    return Solution(
        engine=ENGINE,
        status=status,
        objective=_priority(problem, shoots),
        bound=bound,
        seconds=budget.elapsed(),
        shoots=shoots,
        unscheduled=tuple(Unscheduled(scene=code, reason=reasons[code]) for code in left_out),
        conflicts=tuple(conflicts),
        stats={**(stats or {}), "stopped": budget.stopped},
    )
