"""Moving shoots by hand, and restoring an older version: a schedule built from a published one, checked by the
independent validator against the production as it is today, and published as a new version by hand.

A move puts a scene's shoot at a start and module, or (start None) in the boneyard; the moves of one request
apply together, on top of the current version (or of an older one, to restore it). The verdict lists every
hard rule the resulting schedule breaks, in a director's words (`move_words`), so a move is refused before
anything is written; a valid set publishes a new version with engine "manual" like any solver's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from core.errors import DomainError, Fault

from .models import Production, ScheduleVersion
from .move_words import MoveViolation, violations_worded
from .selectors import schedule_version_get
from .solver.problem import Problem
from .solver.solution import STATUS_FEASIBLE, Shoot, Solution, Unscheduled
from .solver.validator import validate
from .solving import BookedElsewhere, production_problem, publication_lock, schedule_publish

ENGINE_MANUAL = "manual"  # what a version published by hand says its engine was
# What moving shoots by hand needs under the one write rule (`scheduling.access`), checking a move included:
# the board's draft becomes a schedule version of the production.
MOVE_PERMISSION = "scheduling.change_production"
TO_BONEYARD = "moved to the boneyard by hand"


@dataclass(frozen=True)
class Move:
    scene: str
    start: datetime | None  # None: to the boneyard
    module: str | None = None  # None: the module it is shot in now


class MovesInvalid(DomainError):
    """Moves that cannot be read against the production: a scene or module it does not have, a scene moved
    twice. Each fault names its path (`moves[1].module`)."""


class MovesRefused(DomainError):
    """The moves (or the version to restore) break hard rules; `violations` says which, and nothing was
    published."""

    def __init__(self, violations: Sequence[MoveViolation]):
        self.violations = list(violations)
        super().__init__(faults=[Fault(v.scene or "", v.message) for v in violations])


@dataclass(frozen=True)
class MovesChecked:
    """A schedule built by hand and what the validator says about it."""

    problem: Problem
    solution: Solution
    violations: list[MoveViolation]
    base: ScheduleVersion | None  # the version the moves apply to (None before any schedule)
    moved: tuple[str, ...]  # scene codes placed or set aside by the moves

    @property
    def valid(self) -> bool:
        return not self.violations

    def placed(self) -> list[Shoot]:
        """The shoots of the moved scenes that stay on the board."""
        moved = set(self.moved)
        return [shoot for shoot in self.solution.shoots if shoot.scene in moved]


def moves_check(
    *, production: Production, moves: Sequence[Move], base: ScheduleVersion | None = None, problem: Problem | None = None,
) -> MovesChecked:
    """The current version (or `base`) with the moves applied together, checked against today's problem:
    station data as it is now, other productions' shoots, pins and scenes marked shot."""
    problem = problem or production_problem(production=production)
    base = base or schedule_version_get(production=production)
    shoots, left_out = _placements(base)
    moved = _applied(problem, shoots, left_out, moves)
    for scene in problem.scenes:  # scenes added since the version was published
        if scene.code not in shoots and scene.code not in left_out:
            left_out[scene.code] = f"added after version {base.number} was published" if base else "not scheduled yet"
    solution = Solution(
        engine=ENGINE_MANUAL, status=STATUS_FEASIBLE,
        objective=sum(problem.scene(code).priority for code in shoots), bound=None, seconds=0.0,
        shoots=tuple(sorted(shoots.values(), key=lambda shoot: (shoot.start, shoot.scene))),
        unscheduled=tuple(Unscheduled(scene.code, left_out[scene.code]) for scene in problem.scenes if scene.code in left_out),
    )
    shot = set(production.scenes.filter(shot=True).values_list("code", flat=True))
    violations = violations_worded(problem, solution, validate(problem, solution), moved=moved, shot=shot)
    return MovesChecked(problem=problem, solution=solution, violations=violations, base=base, moved=tuple(moved))


def moves_publish(*, production: Production, moves: Sequence[Move], expected_base: int | None = None) -> ScheduleVersion:
    """Publish the current version with the moves applied as the next version, or raise `MovesRefused`
    (nothing written). With `expected_base`, refuse when another version was published since that one."""
    if not moves:
        raise MovesInvalid("give at least one move to publish", path="moves")
    with transaction.atomic():
        # Read the current version under the publication lock: two publishers apply their moves one after
        # the other, each on top of the other's version, and never take the same number.
        publication_lock(production=production)
        checked = moves_check(production=production, moves=moves)
        current = checked.base.number if checked.base else None
        if expected_base is not None and current != expected_base:
            raise MovesRefused([MoveViolation(None, "stale", (
                f"version {current} was published after version {expected_base}, which these moves were made on; "
                "look at the new version and move again"
            ))])
        return _published(production, checked)


def version_restore(*, production: Production, number: int) -> ScheduleVersion:
    """Publish a copy of version `number` as the next version, re-checked against today's station: refused
    with `MovesRefused` when it no longer holds."""
    with transaction.atomic():
        publication_lock(production=production)
        old = schedule_version_get(production=production, number=number)
        if old is None:
            raise MovesInvalid(f"production {production.code} has no version {number}", path="version")
        return _published(production, moves_check(production=production, moves=(), base=old))


def _published(production: Production, checked: MovesChecked) -> ScheduleVersion:
    if not checked.valid:
        raise MovesRefused(checked.violations)
    try:
        return schedule_publish(production=production, problem=checked.problem, solution=checked.solution)
    except BookedElsewhere as booked:  # another production published over these times a moment ago
        raise MovesRefused([MoveViolation(None, "booked-elsewhere", fault.message) for fault in booked.faults]) from None


def _placements(version: ScheduleVersion | None) -> tuple[dict[str, Shoot], dict[str, str]]:
    """A version's shoots (minutes from the stay's start) and boneyard reasons, by scene code."""
    if version is None:
        return {}, {}
    origin = version.production.start
    shoots = {
        code: Shoot(scene=code, module=module, start=_minute(origin, start), end=_minute(origin, end))
        for code, module, start, end in version.shoots.values_list("scene__code", "module__code", "start", "end")
    }
    return shoots, dict(version.unscheduled.values_list("scene__code", "reason"))


def _minute(origin: datetime, moment: datetime) -> int:
    return int((moment - origin).total_seconds() // 60)


def _applied(problem: Problem, shoots: dict[str, Shoot], left_out: dict[str, str], moves: Iterable[Move]) -> list[str]:
    """Apply the moves to the placements in place; the moved scene codes, in order. Raises `MovesInvalid`
    for what cannot be read against the production."""
    faults, moved = [], []
    scenes = {scene.code: scene for scene in problem.scenes}
    modules = {module.code for module in problem.modules}
    for index, move in enumerate(moves):
        path = f"moves[{index}]"
        scene = scenes.get(move.scene)
        if scene is None:
            faults.append(Fault(f"{path}.scene", f'unknown scene "{move.scene}" in production {problem.code}'))
            continue
        if move.scene in moved:
            faults.append(Fault(f"{path}.scene", f"scene {move.scene} is moved twice; give one move per scene"))
            continue
        moved.append(move.scene)
        if move.start is None:
            shoots.pop(move.scene, None)
            left_out[move.scene] = TO_BONEYARD
            continue
        module = move.module or (shoots[move.scene].module if move.scene in shoots else None)
        if module is None:
            faults.append(Fault(f"{path}.module", f"scene {move.scene} is in the boneyard: give the module to shoot it in"))
            continue
        if module not in modules:
            faults.append(Fault(f"{path}.module", f'unknown module "{module}": the station has no such module'))
            continue
        start = problem.minute_at(move.start)
        shoots[move.scene] = Shoot(scene=move.scene, module=module, start=start, end=start + scene.minutes)
        left_out.pop(move.scene, None)
    if faults:
        raise MovesInvalid(faults=faults)
    return moved
