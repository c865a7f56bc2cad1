"""Plain reasons for the boneyard: why each unscheduled scene has no shoot, in a sentence a director can act on.

Reasons go from the most static to the most circumstantial, and the first that applies is given: it needs
more of an element than the production has; the modules cannot hold the scene at all; its earliest/latest
leave no room; its people are never free together long enough; the light it needs never lasts long enough;
its place is never in view long enough (by day or night as asked) while its people are free, or no orbital
sunrise or sunset falls inside their time; its modules are closed whenever its people are free; daily caps
forbid it on any day; a scene it comes after is missing or too late; and finally, the placed shoots that take
every slot it could use (or a limited element they use then, when that is what it lacks).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from core.intervals import Interval, intersect, normalize, start_ranges, subtract

from .budget import CANCELLED, TIME_LIMIT, Budget
from .domains import (
    SceneDomain,
    earth_view_time,
    live_link_time,
    module_blocked_spans,
    module_fits_scene,
    moment_starts,
)
from .elements import limited_uses, shortages
from .orbit import longest
from .placement import Clash, Placement
from .problem import GROUND_DAY, GROUND_NIGHT, LIGHT_DAY, LIGHT_NIGHT, Pin, Problem, Scene
from .solution import Shoot
from .validator import shoot_violations, stamp

MOST_BLOCKERS_NAMED = 3
# Explaining may run this long past the time limit: the plan is found, and a specific reason per scene left
# out is worth a moment more. Past it, or once cancelled, the rest get the short reason below.
EXPLAIN_GRACE_SECONDS = 2.0
NOT_REACHED = {TIME_LIMIT: "not placed before the time limit", CANCELLED: "not placed before the solve was cancelled"}


def not_reached(budget: Budget) -> str:
    """The short reason for a scene the solve stopped before placing or explaining."""
    return NOT_REACHED[budget.stopped or TIME_LIMIT]


def explain_unscheduled(
    problem: Problem,
    shoots: tuple[Shoot, ...],
    scene_codes: Iterable[str],
    domains: dict[str, SceneDomain],
    budget: Budget | None = None,
) -> dict[str, str]:
    """For each scene code left out of `shoots`, why it is: its most specific reason, one short sentence,
    as far as the budget goes (see EXPLAIN_GRACE_SECONDS)."""
    placement = Placement(problem, domains)
    for shoot in shoots:
        placement.place(shoot.scene, shoot.module, shoot.start)
    empty_board = Placement(problem, domains)
    free = {person.code: normalize(person.free) for person in problem.people}
    reasons = {}
    for code in scene_codes:
        scene = problem.scene(code)
        pin = problem.pin_for(code)
        if budget is not None and (budget.expired(grace=EXPLAIN_GRACE_SECONDS) or not domains[code].reached):
            reasons[code] = not_reached(budget)
        elif pin is not None:
            reasons[code] = explain_pin(problem, pin, placement)
        elif domains[code].empty:
            reasons[code] = _static_reason(problem, scene, free)
        else:
            reasons[code] = (
                _cap_reason(problem, empty_board, scene)
                or _order_reason(problem, placement, scene)
                or _blocking_reason(problem, placement, scene)
            )
    return reasons


def explain_pin(problem: Problem, pin: Pin, placement: Placement) -> str:
    """Why a pin cannot stand where it is pinned, given the shoots already on the board."""
    scene = problem.scene(pin.scene)
    shoot = Shoot(scene=scene.code, module=pin.module, start=pin.start, end=pin.start + scene.minutes)
    broken = shoot_violations(problem, shoot)
    if broken:
        more = f" (and {len(broken) - 1} more problems)" if len(broken) > 1 else ""
        return f"pinned {broken[0].message}{more}"
    where = f"pinned scene {scene.code} in {pin.module} at {stamp(problem, pin.start)}"
    clash = placement.clash_at(scene, pin.module, pin.start)
    if clash is not None and clash.scenes:
        return f"{where} collides with {_scenes(clash.in_the_way)}"
    if clash is not None and clash.elements:
        return f"{where} {_lacking(problem, scene, clash.elements)}"
    if clash is not None:
        return f"{where} takes {_and(clash.capped)} past the daily cap"
    return f"{where} must come after {_and(scene.after)}, which cannot all be shot before it"


def _static_reason(problem: Problem, scene: Scene, free: dict[str, tuple[Interval, ...]]) -> str:
    """Why the scene has no start at all, even on an empty board; `free` is each person's normalized free time."""
    return (
        _shortage_reason(problem, scene)
        or _module_reason(problem, scene)
        or _time_reason(problem, scene, free)
        or f"no {scene.minutes}-minute slot fits its people, modules and light"
    )


def _shortage_reason(problem: Problem, scene: Scene) -> str | None:
    """It needs more of a limited element than the production has."""
    short = shortages(problem, scene)
    if not short:
        return None
    code, count, quantity = short[0]
    return f"needs {count} of {code}, and the production has {quantity}"


def _module_reason(problem: Problem, scene: Scene) -> str | None:
    """No module it allows can hold its head count, or has the window it needs."""
    modules = [problem.module(code) for code in scene.modules]
    if any(module_fits_scene(problem, scene, module.code) for module in modules):
        return None
    heads = len(scene.people)
    roomy = [module for module in modules if module.capacity >= heads]
    if not roomy:
        return f"no module among {', '.join(scene.modules)} holds {heads} people"
    if not any(module.window for module in modules):
        need = "a window" if scene.window else f"a window for its Earth view over {problem.place_name(scene.over)}"
        return f"needs {need} but none of {', '.join(scene.modules)} has one"
    return f"no module among {', '.join(scene.modules)} both holds {heads} people and has a window"


def _time_reason(problem: Problem, scene: Scene, free: dict[str, tuple[Interval, ...]]) -> str | None:
    """Narrow the time the scene could use step by step and name the first step that leaves no room."""
    minutes = scene.minutes
    first = 0 if scene.earliest is None else max(0, scene.earliest)
    last = problem.horizon if scene.latest is None else min(problem.horizon, scene.latest)
    if last - first < minutes:
        room = max(last - first, 0)
        return f"earliest/latest leave no room: {room} min inside the filming window, the scene lasts {minutes}"
    window = (Interval(first, last),)
    for code in scene.people:
        alone = subtract(intersect(window, free[code]), _events_blocking(problem, [code]))
        if longest(alone) < minutes:
            return f"no {minutes}-minute window{_when_free([code])}"
    together = window
    for code in scene.people:
        together = intersect(together, free[code])
    together = subtract(together, _events_blocking(problem, scene.people))
    if longest(together) < minutes:
        return f"no {minutes}-minute window{_when_free(scene.people)}"
    if scene.light in (LIGHT_DAY, LIGHT_NIGHT) and problem.light is not None:
        lit = problem.light.day if scene.light == LIGHT_DAY else problem.light.night  # sorted and disjoint already
        if longest(lit) < minutes:
            kind = "shadow windows" if scene.light == LIGHT_NIGHT else "orbital days"
            return f"{kind} are {longest(lit)} min at most; this {scene.light} scene lasts {minutes}"
        together = intersect(together, lit)
        if longest(together) < minutes:
            light = "orbital-night" if scene.light == LIGHT_NIGHT else "orbital-day"
            return f"no {light} window of {minutes} min{_when_free(scene.people)}"
    together, reason = _orbit_reason(problem, scene, together)
    if reason:
        return reason
    moment = moment_starts(problem, scene)
    fitting = [code for code in scene.modules if module_fits_scene(problem, scene, code)]
    for code in fitting:
        starts = start_ranges(subtract(together, module_blocked_spans(problem, code)), minutes)
        if intersect(starts, moment) if moment is not None else starts:
            return None
    return f"no {minutes}-minute window{_when_free(scene.people)} in {_or(fitting)}"


def _orbit_reason(problem: Problem, scene: Scene, together: tuple[Interval, ...]) -> tuple[tuple[Interval, ...], str | None]:
    """Rule 11 against the time the scene's people share: its place never in view long enough, or no orbital
    sunrise or sunset inside it. Returns the time left, and the reason when none is."""
    minutes = scene.minutes
    if problem.geometry is None and (scene.over or scene.link or scene.moment):
        return together, "needs the station's orbit for its Earth view, live link or moment, and the production gives no TLE"
    for code, passes, what in (
        (scene.over, earth_view_time(problem, scene), ground_words(scene)),
        (scene.link, live_link_time(problem, scene), ""),
    ):
        if passes is None:
            continue
        name = problem.place_name(code)
        if longest(passes) < minutes:
            return together, f"{name} is in view{what} for {longest(passes)} min at most; the scene lasts {minutes}"
        together = intersect(together, passes)
        if longest(together) < minutes:
            return together, f"{name} is in view{what} for {longest(together)} min at most{_while_free(scene.people)}; the scene lasts {minutes}"
    moment = moment_starts(problem, scene)
    if moment is not None and not intersect(start_ranges(together, minutes), moment):
        return together, f"no orbital {scene.moment}{_while_free(scene.people)}"
    return together, None


def ground_words(scene: Scene) -> str:
    """" by day" or " at night" for an Earth view that asks for the ground's light, else nothing."""
    return {GROUND_DAY: " by day", GROUND_NIGHT: " at night"}.get(scene.ground, "")



def _events_blocking(problem: Problem, people: Iterable[str]) -> tuple[Interval, ...]:
    people = list(people)
    return normalize(event.span for event in problem.events if any(event.blocks_person(code) for code in people))


def _cap_reason(problem: Problem, empty_board: Placement, scene: Scene) -> str | None:
    """Daily caps alone rule out every start, even with nothing else shot."""
    capped: set[str] = set()
    for _, start, _, clash in _candidate_clashes(empty_board, scene, 0, problem.horizon):
        if clash is None:
            return None
        capped.update(clash.capped)
    code = min(capped, key=lambda code: (problem.person(code).max_minutes_per_day, code))
    return f"lasts {scene.minutes} min but {code} may shoot at most {problem.person(code).max_minutes_per_day} min a day"


def _candidate_clashes(
    placement: Placement, scene: Scene, first: int, last: int
) -> Iterator[tuple[str, int, int, Clash | None]]:
    """Walk the scene's domain starts in [first, last], module by module, jumping past each clash:
    (module, start, end of its start range, what is in the way or None where the start is free)."""
    for module, ranges in placement.domains[scene.code].starts.items():
        for span in ranges:
            start, stop = max(span.start, first), min(span.end, last + 1)
            while start < stop:
                clash = placement.clash_at(scene, module, start)
                yield module, start, stop, clash
                if clash is None:
                    break
                start = clash.next_start


def _order_reason(problem: Problem, placement: Placement, scene: Scene) -> str | None:
    """Its `after` scenes lead round a loop, a scene it comes after is not shot, or `after` squeezes it out of
    every slot its domain has."""
    loop = _after_loop(problem, scene.code)
    if loop:
        # Only a pin can have put a scene on the board past a loop; nothing past it can be ordered.
        chain = " after ".join([scene.code, *loop])
        where = "back to it" if loop[-1] == scene.code else "into a loop"
        return f"its `after` scenes lead {where} ({chain}): no order can hold them"
    missing = [code for code in scene.after if code not in placement.shoots]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        return f"must come after {_and(missing)}, which {verb} not scheduled"
    first, last = placement.order_bounds(scene)
    starts = [span for spans in placement.domains[scene.code].starts.values() for span in spans]
    if any(span.start <= last and first < span.end for span in starts):
        return None
    if scene.after and not any(first < span.end for span in starts):
        latest = max(scene.after, key=lambda code: placement.shoots[code].end)
        return f"must come after {latest}, which ends {stamp(problem, placement.shoots[latest].end)}; no slot is left after it"
    successor = min(
        (shoot for shoot in placement.shoots.values() if scene.code in problem.scene(shoot.scene).after),
        key=lambda shoot: shoot.start,
    )
    return f"must end before {successor.scene} starts {stamp(problem, successor.start)}; no slot is left before it"


def _after_loop(problem: Problem, code: str) -> list[str]:
    """A chain of `after` from the scene round a loop: the scenes it leads through, in order, ending with the
    first one met again (the scene itself when the loop goes through it); empty when no loop is reached. One
    depth-first walk, so each scene is looked at once however long the chains."""
    path, on_path, done = [code], {code}, set()
    pending = [iter(problem.scene(code).after)]
    while pending:
        before = next(pending[-1], None)
        if before is None:
            pending.pop()
            done.add(path[-1])
            on_path.discard(path.pop())
        elif before in on_path:
            return [*path[1:], before]
        elif before not in done:
            path.append(before)
            on_path.add(before)
            pending.append(iter(problem.scene(before).after))
    return []


def _blocking_reason(problem: Problem, placement: Placement, scene: Scene) -> str:
    """Every start left collides with placed shoots or a daily cap: name the shoots in the way of the most
    candidate start minutes, or the people whose caps are used up."""
    first, last = placement.order_bounds(scene)
    blocked_by: Counter[str] = Counter()
    capped: Counter[str] = Counter()
    lacking = _Lacking()
    for module, start, stop, clash in _candidate_clashes(placement, scene, first, last):
        if clash is None:
            return f"still fits in {module} at {stamp(problem, start)}; the solver stopped before placing it"
        lost = min(clash.next_start, stop) - start
        blocked_by.update(dict.fromkeys(clash.in_the_way, lost))
        capped.update(dict.fromkeys(clash.capped, lost))
        lacking.add(clash, lost)
    if lacking.decisive():
        return lacking.reason(problem, scene)
    if not blocked_by:
        return f"every slot is taken by daily caps of {_and(sorted(capped, key=lambda code: (-capped[code], code)))} on those days"
    named = sorted(blocked_by, key=lambda code: (-blocked_by[code], code))[:MOST_BLOCKERS_NAMED]
    higher = all(problem.scene(code).priority > scene.priority for code in named)
    reason = f"fits only where {'higher-priority ' if higher else ''}{_scenes(named)} {'is' if len(named) == 1 else 'are'} shot"
    if capped:
        reason += f" or {_and(sorted(capped))} would pass the daily cap"
    return reason


class _Lacking:
    """Tallies, over a scene's candidate starts, the limited elements it lacks and who uses them then."""

    def __init__(self) -> None:
        self.everywhere: set[str] | None = None  # elements lacking at every candidate start
        self.alone = False  # somewhere only elements are in the way: no person, module or cap
        self.users: dict[str, Counter[str]] = {}

    def add(self, clash: Clash, lost: int) -> None:
        lacking = {code for code, _ in clash.elements}
        self.everywhere = lacking if self.everywhere is None else self.everywhere & lacking
        self.alone |= bool(lacking) and not clash.scenes and not clash.capped
        for code, users in clash.elements:
            self.users.setdefault(code, Counter()).update(dict.fromkeys(users, lost))

    def decisive(self) -> bool:
        """Whether an element is what keeps the scene out: lacking at every start, and alone at some."""
        return bool(self.everywhere) and self.alone

    def reason(self, problem: Problem, scene: Scene) -> str:
        code = min(self.everywhere, key=lambda code: (-sum(self.users[code].values()), code))
        users = self.users[code]
        named = sorted(users, key=lambda user: (-users[user], user))[:MOST_BLOCKERS_NAMED]
        return _lacking(problem, scene, ((code, tuple(named)),))


def _lacking(problem: Problem, scene: Scene, elements: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """'needs cam-a, which scenes 007 and 012 use then', for the first element lacking."""
    code, users = elements[0]
    count = dict(limited_uses(problem, scene))[code]
    quantity = problem.element(code).quantity
    what = code if count == 1 else f"{count} of {code}"
    stock = f" (it has {quantity})" if quantity > 1 else ""
    return f"needs {what}{stock}, which {_scenes(users)} {'uses' if len(users) == 1 else 'use'} then"


def _scenes(codes: Iterable[str]) -> str:
    codes = list(codes)
    return f"scene{'s' if len(codes) > 1 else ''} {_and(codes)}"


def _when_free(people: Iterable[str]) -> str:
    """The clause ' when peresild and novitskiy are both free', or nothing for a scene without people."""
    people = list(people)
    if not people:
        return ""
    if len(people) == 1:
        return f" when {people[0]} is free"
    return f" when {_and(people)} are {'both' if len(people) == 2 else 'all'} free"


def _while_free(people: Iterable[str]) -> str:
    """The clause ' while shipenko is free', or nothing for a scene without people."""
    return _when_free(people).replace(" when ", " while ", 1)


def _and(words: Iterable[str]) -> str:
    return _joined(list(words), "and")


def _or(words: Iterable[str]) -> str:
    return _joined(list(words), "or")


def _joined(words: list[str], last_word: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last_word} {words[-1]}"
