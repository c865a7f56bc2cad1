"""What a re-plan or a repair did to the published shoots: which it moved or dropped, and why, in a line a
director reads ("moved 011 from 13 Oct 08:00 to 14 Oct 09:30: zvezda is closed then").

Why a shoot moved is read off the published plan as the problem now sees it: the independent validator says
which rules its old place breaks (a closure, an event, free time, the module, a daily cap...), and the first
of them is the reason. A shoot whose old place still holds moved to make room for one that had to move, or
because the director pinned it elsewhere; if none of that applies, the engine moved it to fit the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from core.intervals import covers, normalize

from .days import DayGrid
from .problem import Pin, Problem
from .solution import Shoot, Solution, Violation
from .validator import validate

# Rules between the published shoots that say nothing about one scene's own place.
WHOLE_PLAN_RULES = {"coverage", "objective", "required", "pin", "daily-cap"}


@dataclass(frozen=True)
class Move:
    """A published shoot the new plan does not keep where it was: moved (`start`/`module` set) or dropped."""

    scene: str
    was_start: int
    was_module: str
    start: int | None
    module: str | None
    reason: str

    @property
    def dropped(self) -> bool:
        return self.start is None


def published_moves(problem: Problem, solution: Solution) -> tuple[Move, ...]:
    """Every anchor (published shoot) of the problem that the solution moved or dropped, in the order they
    were published, each with the reason it had to."""
    placed = {shoot.scene: shoot for shoot in solution.shoots}
    published = [_shoot_of(problem, anchor) for anchor in problem.anchors]
    changed = [
        shoot for shoot in published
        if shoot.scene not in placed or (placed[shoot.scene].start, placed[shoot.scene].module) != (shoot.start, shoot.module)
    ]
    if not changed:
        return ()
    broken = _broken(problem, published)
    over_cap = _over_daily_cap(problem, published)
    moves = []
    for shoot in sorted(changed, key=lambda shoot: (shoot.start, shoot.scene)):
        reason = (
            _pinned_elsewhere(problem, shoot)
            or broken.get(shoot.scene)
            or over_cap.get(shoot.scene)
            or _made_room(problem, shoot, placed)
            or "the engine moved it to fit the rest of the plan"
        )
        new = placed.get(shoot.scene)
        moves.append(Move(
            scene=shoot.scene, was_start=shoot.start, was_module=shoot.module,
            start=new.start if new else None, module=new.module if new else None, reason=reason,
        ))
    return tuple(moves)


def move_words(problem: Problem, move: Move, *, dropped_reason: str = "") -> str:
    """One move as a line: "moved 011 from 13 Oct 08:00 to 14 Oct 09:30: zvezda is closed then"; the modules
    are named when it changed module; a dropped shoot adds why it found no other place."""
    was = _short(problem, move.was_start)
    if move.dropped:
        tail = f"; {dropped_reason}" if dropped_reason else ""
        return f"dropped {move.scene} (was {was} in {move.was_module}): {move.reason}{tail}"
    now = _short(problem, move.start)
    if move.module != move.was_module:
        was, now = f"{was} in {move.was_module}", f"{now} in {move.module}"
    return f"moved {move.scene} from {was} to {now}: {move.reason}"


def _shoot_of(problem: Problem, anchor: Pin) -> Shoot:
    return Shoot(anchor.scene, anchor.module, anchor.start, anchor.start + problem.scene(anchor.scene).minutes)


def _short(problem: Problem, minute: int) -> str:
    return f"{problem.moment_at(minute):%d %b %H:%M}"


def _broken(problem: Problem, published: list[Shoot]) -> dict[str, str]:
    """Scene -> why its published place no longer holds, from the first rule the validator finds it breaks."""
    as_published = Solution(engine="published", status="", objective=0, bound=None, seconds=0,
                            shoots=tuple(published), unscheduled=())
    reasons: dict[str, str] = {}
    shoot_of = {shoot.scene: shoot for shoot in published}
    for violation in validate(problem, as_published):
        if violation.scene in shoot_of and violation.rule not in WHOLE_PLAN_RULES and violation.scene not in reasons:
            reasons[violation.scene] = _violation_words(problem, violation, shoot_of[violation.scene])
    return reasons


def _violation_words(problem: Problem, violation: Violation, shoot: Shoot) -> str:
    """The short words for what the station changed under a shoot; other rules keep the validator's sentence."""
    scene = problem.scene(shoot.scene)
    if violation.rule == "closure":
        return f"{shoot.module} is closed then"
    if violation.rule == "event":
        for event in problem.events:
            if event.span.start < shoot.end and shoot.start < event.span.end:
                blocked = [code for code in scene.people if event.blocks_person(code)]
                blocked += [shoot.module] if event.blocks_module(shoot.module) else []
                if blocked:
                    return f"{event.title or event.code} blocks {_and(blocked)} then"
    if violation.rule == "free-window":
        busy = [code for code in scene.people if not covers(normalize(problem.person(code).free), shoot.start, shoot.end)]
        if busy:
            return f"{_and(busy)} {'is' if len(busy) == 1 else 'are'} not free then"
    if violation.rule == "capacity":
        return f"{shoot.module} now holds {problem.module(shoot.module).capacity}, the scene needs {len(scene.people)}"
    if violation.rule == "module-window":
        return f"{shoot.module} has no window now"
    return violation.message


def _over_daily_cap(problem: Problem, published: list[Shoot]) -> dict[str, str]:
    """Scene -> the capped person whose published shoots that day now add up to more than their cap."""
    grid = DayGrid(problem)
    minutes: dict[tuple[str, int], int] = defaultdict(int)
    for shoot in published:
        for day, part in grid.minutes_by_day(shoot.start, shoot.end):
            for code in problem.scene(shoot.scene).people:
                minutes[code, day] += part
    reasons = {}
    for shoot in published:
        for day, _ in grid.minutes_by_day(shoot.start, shoot.end):
            for code in problem.scene(shoot.scene).people:
                cap = problem.person(code).max_minutes_per_day
                if cap is not None and minutes[code, day] > cap and shoot.scene not in reasons:
                    reasons[shoot.scene] = f"{code}'s shoots that day add up to {minutes[code, day]} min, over the cap of {cap}"
    return reasons


def _pinned_elsewhere(problem: Problem, shoot: Shoot) -> str | None:
    pin = problem.pin_for(shoot.scene)
    if pin is None or (pin.start, pin.module) == (shoot.start, shoot.module):
        return None
    return f"pinned to {_short(problem, pin.start)} in {pin.module}"


def _made_room(problem: Problem, shoot: Shoot, placed: dict[str, Shoot]) -> str | None:
    """The shoot of the new plan that takes this one's old place (its module or one of its people), if any."""
    people = set(problem.scene(shoot.scene).people)
    for other in placed.values():
        if other.scene == shoot.scene or not (other.start < shoot.end and shoot.start < other.end):
            continue
        if other.module == shoot.module or people & set(problem.scene(other.scene).people):
            return f"made room for {other.scene}"
    return None


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
