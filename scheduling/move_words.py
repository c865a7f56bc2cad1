"""What a schedule built by hand breaks, in a director's words: "Yulia Peresild is busy then: Medical
experiment (Thu 07 Oct 14:00–15:30 UTC)".

The independent validator decides which rules a schedule breaks; its messages are written for the engine's
logs. For each scene and rule it names, this module looks up the facts (who, what, when) in the problem and
words them for the board, by name and in UTC. A rule it has no words for keeps the validator's message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from core.intervals import covers, normalize

from .solver.problem import LIGHT_DAY, MINUTES_PER_DAY, Problem
from .solver.solution import Shoot, Solution, Violation


@dataclass(frozen=True)
class MoveViolation:
    scene: str | None
    rule: str
    message: str


class _Words:
    """The facts the wording reads: the schedule, the problem's names, and which scenes were moved or shot."""

    def __init__(self, problem: Problem, solution: Solution, moved: Sequence[str], shot: set[str]):
        self.problem, self.moved, self.shot = problem, set(moved), shot
        self.shoot_of = {shoot.scene: shoot for shoot in solution.shoots}
        self.people = {person.code: person.name or person.code for person in problem.people}
        self.modules = {module.code: module for module in problem.modules}
        self.reported: set[tuple[str, frozenset]] = set()  # (rule, pair of scenes) already said to clash

    def person(self, code: str) -> str:
        return self.people.get(code, code)

    def who(self, codes: Sequence[str]) -> str:
        names = [self.person(code) for code in codes]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{listed} {'is' if len(names) == 1 else 'are'}"

    def module(self, code: str) -> str:
        module = self.modules.get(code)
        return (module.name or module.code) if module else code

    def when(self, start: int, end: int) -> str:
        first, last = self.problem.moment_at(start), self.problem.moment_at(end)
        if first.date() == last.date():
            return f"{first:%a %d %b %H:%M}–{last:%H:%M} UTC"
        return f"{first:%a %d %b %H:%M} – {last:%a %d %b %H:%M} UTC"

    def stamp(self, minute: int) -> str:
        return f"{self.problem.moment_at(minute):%a %d %b %H:%M} UTC"

    def shoot_words(self, shoot: Shoot) -> str:
        return f"{self.when(shoot.start, shoot.end)} in {self.module(shoot.module)}"

    def clash_once(self, rule: str, one: str, other: str) -> bool:
        key = (rule, frozenset((one, other)))
        if key in self.reported:
            return False
        self.reported.add(key)
        return True


def violations_worded(
    problem: Problem, solution: Solution, violations: Sequence[Violation], *, moved: Sequence[str], shot: set[str],
) -> list[MoveViolation]:
    """The validator's violations, one worded message per fact, those of the moved scenes first."""
    words = _Words(problem, solution, moved, shot)
    originals: dict[tuple[str | None, str], list[Violation]] = {}
    for violation in violations:
        originals.setdefault((violation.scene, violation.rule), []).append(violation)
    worded, seen = [], set()
    for (scene, rule), group in originals.items():
        wording = WORDINGS.get(rule)
        found = list(wording(words, scene)) if wording and (scene is None or scene in words.shoot_of or rule in WITHOUT_SHOOT) else []
        if not found and not (wording and scene is not None and rule in SAID_ONCE_PER_PAIR):
            found = [MoveViolation(v.scene, v.rule, v.message) for v in group]
        for violation in found:
            if (violation.scene, violation.rule, violation.message) not in seen:
                seen.add((violation.scene, violation.rule, violation.message))
                worded.append(violation)
    return sorted(worded, key=lambda violation: violation.scene not in words.moved)


def _length(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot, minutes = words.shoot_of[code], words.problem.scene(code).minutes
    yield MoveViolation(code, "length", (
        f"scene {code} now lasts {minutes} min but its shoot {words.when(shoot.start, shoot.end)} lasts "
        f"{shoot.end - shoot.start}: move it to fit its new length"
    ))


def _window(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot = words.shoot_of[code]
    yield MoveViolation(code, "window", (
        f"scene {code} {words.when(shoot.start, shoot.end)} falls outside the stay, "
        f"{words.when(0, words.problem.horizon)}"
    ))


def _module_allowed(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot, scene = words.shoot_of[code], words.problem.scene(code)
    if shoot.module not in words.modules:
        yield MoveViolation(code, "module-allowed", f"the station has no module {shoot.module}")
        return
    allowed = ", ".join(words.module(module) for module in scene.modules)
    yield MoveViolation(code, "module-allowed", f"scene {code} can be shot only in {allowed}, not in {words.module(shoot.module)}")


def _capacity(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot, scene = words.shoot_of[code], words.problem.scene(code)
    capacity = words.modules[shoot.module].capacity
    yield MoveViolation(code, "capacity", (
        f"{words.module(shoot.module)} holds {capacity} {'person' if capacity == 1 else 'people'}; "
        f"scene {code} needs {len(scene.people)}"
    ))


def _module_window(words: _Words, code: str) -> Iterator[MoveViolation]:
    module = words.shoot_of[code].module
    yield MoveViolation(code, "module-window", f"scene {code} needs an Earth-facing window; {words.module(module)} has none")


def _free_window(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot = words.shoot_of[code]
    busy = [
        person for person in words.problem.scene(code).people
        if not covers(normalize(words.problem.person(person).free), shoot.start, shoot.end)
    ]
    if busy:
        yield MoveViolation(code, "free-window", f"{words.who(busy)} not free for all of {words.when(shoot.start, shoot.end)}")


def _closure(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot = words.shoot_of[code]
    for closure in words.modules[shoot.module].closed:
        if closure.start < shoot.end and shoot.start < closure.end:
            yield MoveViolation(code, "closure", f"{words.module(shoot.module)} is closed {words.when(closure.start, closure.end)}")


def _event(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot, scene = words.shoot_of[code], words.problem.scene(code)
    for event in words.problem.events:
        if not (event.span.start < shoot.end and shoot.start < event.span.end):
            continue
        what = f"{event.title or event.code} ({words.when(event.span.start, event.span.end)})"
        busy = [person for person in scene.people if event.blocks_person(person)]
        if busy:
            yield MoveViolation(code, "event", f"{words.who(busy)} busy then: {what}")
        if event.blocks_module(shoot.module):
            yield MoveViolation(code, "event", f"{words.module(shoot.module)} is taken then: {what}")


def _earliest(words: _Words, code: str) -> Iterator[MoveViolation]:
    earliest = words.problem.scene(code).earliest
    yield MoveViolation(code, "earliest", f"scene {code} may not start before {words.stamp(earliest)}")


def _latest(words: _Words, code: str) -> Iterator[MoveViolation]:
    latest, shoot = words.problem.scene(code).latest, words.shoot_of[code]
    yield MoveViolation(code, "latest", f"scene {code} must end by {words.stamp(latest)}; here it ends {words.stamp(shoot.end)}")


def _light(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot, scene = words.shoot_of[code], words.problem.scene(code)
    wanted = "orbital daylight" if scene.light == LIGHT_DAY else "Earth's shadow (orbital night)"
    yield MoveViolation(code, "light", (
        f"scene {code} needs {wanted} for the whole shoot; {words.when(shoot.start, shoot.end)} is not wholly in it"
    ))


def _after(words: _Words, code: str) -> Iterator[MoveViolation]:
    shoot = words.shoot_of[code]
    for before in words.problem.scene(code).after:
        earlier = words.shoot_of.get(before)
        if earlier is None:
            yield MoveViolation(code, "after", f"scene {code} comes after scene {before}, which is in the boneyard")
        elif earlier.end > shoot.start:
            yield MoveViolation(code, "after", (
                f"scene {code} comes after scene {before}, which ends {words.stamp(earlier.end)}: start it later"
            ))


def _overlaps(words: _Words, code: str, rule: str) -> Iterator[MoveViolation]:
    """Each other shoot that takes this shoot's people (or module) at the same time, said once per pair and
    told from the side of the scene that was moved."""
    shoot = words.shoot_of[code]
    people = set(words.problem.scene(code).people)
    for other in words.shoot_of.values():
        if other.scene == code or not (other.start < shoot.end and shoot.start < other.end):
            continue
        shared = sorted(people & set(words.problem.scene(other.scene).people))
        if rule == "person-overlap" and not shared or rule == "module-overlap" and other.module != shoot.module:
            continue
        if not words.clash_once(rule, code, other.scene):
            continue
        mine, theirs = (other, shoot) if other.scene in words.moved and code not in words.moved else (shoot, other)
        where = f"{words.when(theirs.start, theirs.end)}"
        if rule == "person-overlap":
            ordered = [person for person in words.problem.scene(mine.scene).people if person in shared]
            text = f"{words.who(ordered)} already in scene {theirs.scene} then ({where})"
        else:
            text = f"{words.module(mine.module)} is taken by scene {theirs.scene} then ({where})"
        yield MoveViolation(mine.scene, rule, text)


def _daily_cap(words: _Words, _: None) -> Iterator[MoveViolation]:
    minutes: dict[tuple[str, date], int] = defaultdict(int)
    scenes: dict[tuple[str, date], list[str]] = defaultdict(list)
    for shoot in words.shoot_of.values():
        cursor = shoot.start
        while cursor < shoot.end:
            moment = words.problem.moment_at(cursor)
            part_end = min(shoot.end, cursor + MINUTES_PER_DAY - (moment.hour * 60 + moment.minute))
            for person in words.problem.scene(shoot.scene).people:
                minutes[person, moment.date()] += part_end - cursor
                scenes[person, moment.date()].append(shoot.scene)
            cursor = part_end
    for (person, day), total in sorted(minutes.items()):
        cap = words.problem.person(person).max_minutes_per_day
        if cap is not None and total > cap:
            moved = [code for code in scenes[person, day] if code in words.moved]
            yield MoveViolation(moved[0] if moved else None, "daily-cap", (
                f"{words.person(person)} would shoot {total} min on {day:%a %d %b}, over the daily cap of {cap} min"
            ))


def _shot(words: _Words, code: str) -> MoveViolation:
    pin = words.problem.pin_for(code)
    where = f" ({words.module(pin.module)}, {words.stamp(pin.start)})" if pin else ""
    return MoveViolation(code, "shot", f"scene {code} is marked shot{where}: it stays where it was shot")


def _pin(words: _Words, code: str) -> Iterator[MoveViolation]:
    if code in words.shot:
        yield _shot(words, code)
        return
    pin = words.problem.pin_for(code)
    yield MoveViolation(code, "pin", (
        f"scene {code} is pinned to {words.module(pin.module)} at {words.stamp(pin.start)}: unpin it to move it"
    ))


def _required(words: _Words, code: str) -> Iterator[MoveViolation]:
    if code in words.shot:
        yield _shot(words, code)
        return
    yield MoveViolation(code, "required", f"scene {code} is required: it cannot go to the boneyard")


WORDINGS: dict[str, Callable[[_Words, str | None], Iterator[MoveViolation]]] = {
    "length": _length,
    "window": _window,
    "module-allowed": _module_allowed,
    "capacity": _capacity,
    "module-window": _module_window,
    "free-window": _free_window,
    "closure": _closure,
    "event": _event,
    "earliest": _earliest,
    "latest": _latest,
    "light": _light,
    "after": _after,
    "person-overlap": lambda words, code: _overlaps(words, code, "person-overlap"),
    "module-overlap": lambda words, code: _overlaps(words, code, "module-overlap"),
    "daily-cap": _daily_cap,
    "pin": _pin,
    "required": _required,
}
WITHOUT_SHOOT = {"pin", "required"}  # said of scenes that may have no shoot at all
SAID_ONCE_PER_PAIR = {"person-overlap", "module-overlap"}  # the other scene of the pair may have said it already
