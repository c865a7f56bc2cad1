"""When pins and required scenes cannot all hold: which ones clash, in words a director can act on.

Leaving out an optional scene never breaks a rule, so a production is feasible exactly when its mandatory
scenes (pinned and required, with the scenes they come after) fit together. That model is small; when it is
infeasible, each pin and each required scene holds only under an assumption literal, CP-SAT returns a set of
assumptions that cannot all hold, and deleting the ones the conflict does not need leaves a minimal core.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from core.intervals import Interval, normalize

from .budget import Budget
from .cpsat_model import MIN_SOLVE_SECONDS, CapDays, Scope, build, stop_watch
from .days import DayGrid
from .domains import SceneDomain
from .elements import limited_uses
from .explain import explain_pin, explain_unscheduled, ground_words
from .placement import Placement
from .problem import Pin, Problem, Scene
from .solution import Shoot
from .validator import stamp, when

MOST_SPANS_NAMED = 3
SHRINK_LIMIT = 12  # cores larger than this are reported as CP-SAT returns them
MIN_CORE_SECONDS = 0.5  # proving infeasibility on one thread, to get a core, needs at least this
SHRINK_STEP_SECONDS = 5.0  # each test of a smaller core gets at most this, so shrinking a hard one ends


@dataclass(frozen=True)
class MandatoryCheck:
    """What the mandatory scenes alone say: conflicts in words when they cannot all hold, else (when CP-SAT
    found one in time) a placement of them all, a seed that has every required scene in."""

    conflicts: tuple[str, ...] = ()
    shoots: dict[str, Shoot] | None = None


def check_mandatory(
    problem: Problem, domains: dict[str, SceneDomain], *, grid: DayGrid, cap_days: CapDays, seconds: float,
    workers: int, budget: Budget,
) -> MandatoryCheck:
    """Whether the pins and required scenes (with the scenes they come after) can all hold together, found
    within `seconds` and the budget; nothing is said when the budget ran out before any of it was known."""
    mandatory = [scene.code for scene in problem.scenes if scene.required or problem.pin_for(scene.code)]
    if not mandatory:
        return MandatoryCheck(shoots={})
    scope = _mandatory_scope(problem, domains, mandatory)
    if budget.expired() or not all(domains[code].reached for code in scope.starts):
        return MandatoryCheck()
    alone = _alone_conflicts(problem, domains, mandatory)
    if alone:
        return MandatoryCheck(conflicts=tuple(alone))
    seconds = min(seconds, budget.remaining())
    deadline = time.perf_counter() + seconds
    built = build(problem, scope, grid=grid, cap_days=cap_days)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(MIN_SOLVE_SECONDS, seconds)
    solver.parameters.num_workers = workers
    with stop_watch(solver, budget.cancelled):
        status = solver.solve(built.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return MandatoryCheck(shoots=built.shoots(solver))
    if status != cp_model.INFEASIBLE or budget.cancelled():
        return MandatoryCheck()
    core = _core(problem, scope, grid, cap_days, deadline, budget)
    return MandatoryCheck(conflicts=(describe_core(problem, domains, core),) if core else ())


def _alone_conflicts(problem: Problem, domains: dict[str, SceneDomain], mandatory: list[str]) -> list[str]:
    """Pins that cannot stand even on an empty board, and required scenes (or scenes they come after)
    with nowhere to go at all."""
    sentences = []
    empty_board = Placement(problem, domains)
    for code in mandatory:
        pin = problem.pin_for(code)
        if pin is not None and not empty_board.in_domain(code, pin.module, pin.start):
            sentences.append(f"{_pin_words(problem, pin)} cannot hold: {explain_pin(problem, pin, empty_board)}")
        for needed in [code, *_predecessors(problem, code)]:
            if domains[needed].empty and (needed != code or pin is None):
                reason = explain_unscheduled(problem, (), [needed], domains)[needed]
                what = _item_words(problem, code)
                sentences.append(
                    f"{what} cannot be scheduled: {reason}" if needed == code
                    else f"{what} must come after {needed}, which cannot be scheduled: {reason}"
                )
    return list(dict.fromkeys(sentences))


def _predecessors(problem: Problem, code: str) -> list[str]:
    """Every scene `code` comes after, directly or through others."""
    seen: list[str] = []
    stack = list(problem.scene(code).after)
    while stack:
        before = stack.pop()
        if before not in seen:
            seen.append(before)
            stack.extend(problem.scene(before).after)
    return seen


def _mandatory_scope(problem: Problem, domains: dict[str, SceneDomain], mandatory: list[str]) -> Scope:
    codes = set(mandatory)
    for code in mandatory:
        codes.update(_predecessors(problem, code))
    return Scope(
        scenes=[scene for scene in problem.scenes if scene.code in codes],
        starts={code: dict(domains[code].starts) for code in codes},
        must={code for code in codes if problem.scene(code).required or problem.pin_for(code)},
        pins={code: problem.pin_for(code) for code in codes if problem.pin_for(code)},
    )


def _core(problem, scope, grid, cap_days, deadline, budget: Budget) -> list[tuple[str, str]]:
    """A small set of (kind, scene) assumptions, kind "pin" or "required", that cannot all hold."""
    built = build(problem, scope, grid=grid, cap_days=cap_days, assumptions=True)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(MIN_CORE_SECONDS, deadline - time.perf_counter())
    solver.parameters.num_workers = 1  # cores come from the single-thread search
    with stop_watch(solver, budget.cancelled):
        if solver.solve(built.model) != cp_model.INFEASIBLE:
            return []
    core = [built.assumptions[index] for index in solver.sufficient_assumptions_for_infeasibility()]
    if len(core) > SHRINK_LIMIT:
        return core
    for item in list(core):
        if len(core) == 1 or time.perf_counter() > deadline or budget.cancelled():
            break
        rest = [other for other in core if other != item]
        if _infeasible_with(problem, scope, grid, cap_days, rest, deadline, budget):
            core = rest
    return core


def _infeasible_with(problem, scope, grid, cap_days, kept: list[tuple[str, str]], deadline, budget: Budget) -> bool:
    """Whether holding only the `kept` pins and required scenes is already infeasible."""
    pins = {code: scope.pins[code] for kind, code in kept if kind == "pin"}
    must = {code for _, code in kept}
    narrowed = Scope(scenes=scope.scenes, starts=scope.starts, must=must, pins=pins)
    built = build(problem, narrowed, grid=grid, cap_days=cap_days)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(MIN_SOLVE_SECONDS, min(SHRINK_STEP_SECONDS, deadline - time.perf_counter()))
    solver.parameters.num_workers = 1
    with stop_watch(solver, budget.cancelled):
        return solver.solve(built.model) == cp_model.INFEASIBLE


def describe_core(problem: Problem, domains: dict[str, SceneDomain], core: list[tuple[str, str]]) -> str:
    """"required scenes 007 and 012 and the pin of 003 at ... in nauka cannot all hold: they need peresild; ..." """
    order = {scene.code: index for index, scene in enumerate(problem.scenes)}
    core = sorted(core, key=lambda item: (item[0] == "pin", order[item[1]]))
    required = [code for kind, code in core if kind != "pin"]
    items = [_pin_words(problem, problem.pin_for(code)) for kind, code in core if kind == "pin"]
    if required:
        items.insert(0, f"required scene{'s' if len(required) > 1 else ''} {_and(required)}")
    codes = [code for _, code in core]
    if len(core) == 1:
        pin = problem.pin_for(codes[0])
        if core[0][0] == "pin":
            return f"{items[0]} cannot hold: {explain_pin(problem, pin, Placement(problem, domains))}"
        reason = explain_unscheduled(problem, (), codes, domains)[codes[0]]
        return f"{items[0]} cannot be scheduled: {reason}"
    verb = "cannot both hold" if len(core) == 2 else "cannot all hold"
    return f"{_and(items)} {verb}: {'; '.join(_why(problem, domains, core))}"


def _why(problem: Problem, domains: dict[str, SceneDomain], core: list[tuple[str, str]]) -> list[str]:
    """What ties the clashing scenes together: shared people, modules and limited elements, the little time
    some of them have, caps, and the order between them."""
    codes = [code for _, code in core]
    scenes = [problem.scene(code) for code in codes]
    reasons = []
    shared_people = [code for code in dict.fromkeys(p for scene in scenes for p in scene.people) if sum(code in s.people for s in scenes) > 1]
    single, counted = _contested_elements(problem, scenes)
    if shared_people or single:
        reasons.append(f"{'both' if len(scenes) == 2 else 'they'} need {_and(shared_people + single)}")
    reasons.extend(counted)
    shared_modules = set.intersection(*(set(domains[code].starts) for code in codes))
    if shared_modules and all(len(domains[code].starts) == 1 for code in codes):
        reasons.append(f"{'both' if len(scenes) == 2 else 'they'} can only be shot in {_and(sorted(shared_modules))}")
    for (kind, code), scene in zip(core, scenes):
        if kind == "pin":
            continue
        occupied = normalize(
            Interval(span.start, span.end - 1 + scene.minutes) for ranges in domains[code].starts.values() for span in ranges
        )
        if len(occupied) <= MOST_SPANS_NAMED:
            reasons.append(f"{code} ({scene.minutes} min) fits only {_and([when(problem, s.start, s.end) for s in occupied])}")
    for code in shared_people:
        cap = problem.person(code).max_minutes_per_day
        if cap is not None:
            reasons.append(f"{code} may shoot at most {cap} min a day")
    reasons.extend(need for scene in scenes if (need := _orbit_need(problem, scene)))
    for scene in scenes:
        ordered = [before for before in scene.after if before in codes]
        if ordered:
            reasons.append(f"{scene.code} must come after {_and(ordered)}")
    return reasons or ["together they need more free time than the crew and modules have"]


def _contested_elements(problem: Problem, scenes: list[Scene]) -> tuple[list[str], list[str]]:
    """The limited elements the scenes need more of between them than there is: the codes of those each
    scene takes whole (a single camera), and a clause for each of the others."""
    needed: dict[str, list[int]] = {}
    for scene in scenes:
        for code, count in limited_uses(problem, scene):
            needed.setdefault(code, []).append(count)
    single, counted = [], []
    for code, counts in needed.items():
        quantity = problem.element(code).quantity
        if len(counts) < 2 or sum(counts) <= quantity:
            continue
        if all(count == quantity for count in counts):
            single.append(code)
        else:
            counted.append(f"together they use {sum(counts)} of {code}, which has {quantity}")
    return single, counted


def _orbit_need(problem: Problem, scene: Scene) -> str | None:
    """What the orbit asks of a scene (rule 11), in a clause: when it can be shot at all."""
    needs = []
    if scene.over:
        needs.append(f"while {problem.place_name(scene.over)} is in view{ground_words(scene)}")
    if scene.link:
        needs.append(f"while {problem.place_name(scene.link)} is in view for the live link")
    if scene.moment:
        needs.append(f"across an orbital {scene.moment}")
    return f"{scene.code} can only be shot {' and '.join(needs)}" if needs else None


def _pin_words(problem: Problem, pin: Pin) -> str:
    return f"the pin of {pin.scene} at {stamp(problem, pin.start)} in {pin.module}"


def _item_words(problem: Problem, code: str) -> str:
    pin = problem.pin_for(code)
    return _pin_words(problem, pin) if pin is not None else f"required scene {code}"


def _and(words: list[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
