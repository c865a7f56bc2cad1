"""The CP-SAT model of a schedule: one named function per hard rule, each adding that rule to the model.

A model decides the scenes of a `Scope`: the whole production for a full solve, or the scenes of a few days
for one step of the large-neighbourhood search, with every shoot outside the scope folded into constants
(cut start domains, minutes already used per person per UTC day, limited elements already in use, forced
presence).

Variables per scene (never one per minute):
- `present`: the scene is shot; `in_module[m]`: it is shot in module m (exactly one when present);
- `start`: its start minute, whose domain is the union of its feasible start ranges (`domains.scene_domains`),
  so free windows, closures, events, light, earliest/latest, capacity and window are already in it;
- day pieces: the start domain cut at UTC midnights where a capped person's day could be touched; one literal
  per piece says the start lies in it, and for a piece whose shoot crosses a midnight an integer equal to the
  start (else 0) gives the minutes on each side exactly as a linear expression of the start.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from core.intervals import Interval, contains, normalize

from .days import DayGrid
from .elements import limited_uses
from .problem import Pin, Problem, Scene
from .solution import Shoot


@dataclass
class Scope:
    """The scenes one model decides, and what the shoots outside it leave them."""

    scenes: list[Scene]
    starts: dict[str, dict[str, tuple[Interval, ...]]]  # scene -> module -> start ranges [first, last + 1)
    must: set[str] = field(default_factory=set)  # shot whatever it costs: required, pinned, or needed by a fixed shoot
    pins: dict[str, Pin] = field(default_factory=dict)
    used_minutes: dict[tuple[str, int], int] = field(default_factory=dict)  # (person, day) -> minutes shot outside
    bonus: dict[str, int] = field(default_factory=dict)  # scene -> extra weight (required scenes not yet in)
    # limited element -> (start, end, count) of the shoots outside the scope that use it where scenes inside could be
    element_uses: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)


@dataclass
class DayPiece:
    """Starts of one scene whose shoot splits over UTC days the same way: minutes in day d = c0 + c1 * start."""

    ranges: tuple[Interval, ...]
    minutes_in_day: dict[int, tuple[int, int]]  # day -> (c0, c1)
    literal: object = None
    start_or_zero: object = None  # equals the start when the literal holds, else 0; only when some c1 != 0


@dataclass
class SceneVars:
    scene: Scene
    present: object
    start: object
    in_module: dict[str, object]
    interval: object
    module_intervals: dict[str, object]
    pieces: list[DayPiece]


@dataclass
class ShootModel:
    """A built model and its variables; `assumptions` maps an assumption literal's index to what it enforces."""

    model: cp_model.CpModel
    scope: Scope
    scenes: dict[str, SceneVars]
    priority: object = None
    penalty: object = None  # (expression, its largest value) when built with tie-breaks
    assumptions: dict[int, tuple[str, str]] = field(default_factory=dict)  # -> ("pin" | "required", scene)

    def add_hint(self, shoots: dict[str, Shoot]) -> None:
        """Warm start: suggest the given shoots for the scenes in scope, and leaving out the others."""
        hints = {}  # one value per variable: literals can be shared (a single module's literal is `present`)
        for code, vars_ in self.scenes.items():
            shoot = shoots.get(code)
            shot = shoot is not None and contains(self.scope.starts[code].get(shoot.module, ()), shoot.start)
            hints[vars_.present.index] = (vars_.present, shot)
            if shot:
                hints[vars_.start.index] = (vars_.start, shoot.start)
            for module, literal in vars_.in_module.items():
                hints[literal.index] = (literal, shot and module == shoot.module)
            for piece in vars_.pieces:
                inside = shot and contains(piece.ranges, shoot.start)
                hints[piece.literal.index] = (piece.literal, inside)
                if piece.start_or_zero is not None:
                    hints[piece.start_or_zero.index] = (piece.start_or_zero, shoot.start if inside else 0)
        for variable, value in hints.values():
            self.model.add_hint(variable, value)

    def shoots(self, solver: cp_model.CpSolver) -> dict[str, Shoot]:
        """The shoots of the solver's current solution."""
        found = {}
        for code, vars_ in self.scenes.items():
            if solver.boolean_value(vars_.present):
                module = next(module for module, literal in vars_.in_module.items() if solver.boolean_value(literal))
                start = solver.value(vars_.start)
                found[code] = Shoot(scene=code, module=module, start=start, end=start + vars_.scene.minutes)
        return found


def _domain(ranges: tuple[Interval, ...]) -> cp_model.Domain:
    return cp_model.Domain.from_intervals([[span.start, span.end - 1] for span in ranges])


class CapDays:
    """For each person with a daily cap, the UTC days where the cap can bind: their free minutes that day
    exceed it. Elsewhere the cap is implied by free time and needs no constraint."""

    def __init__(self, problem: Problem, grid: DayGrid) -> None:
        self.binding: dict[str, set[int]] = {}
        for person in problem.people:
            if person.max_minutes_per_day is None:
                continue
            free_by_day: dict[int, int] = defaultdict(int)
            for span in normalize(person.free):
                start, end = max(0, span.start), min(problem.horizon, span.end)
                for day, minutes in grid.minutes_by_day(start, end) if start < end else ():
                    free_by_day[day] += minutes
            days = {day for day, minutes in free_by_day.items() if minutes > person.max_minutes_per_day}
            if days:
                self.binding[person.code] = days

    def days_for(self, scene: Scene) -> set[int]:
        return set().union(*(self.binding.get(code, ()) for code in scene.people))


def day_pieces(ranges: tuple[Interval, ...], minutes: int, days: set[int], grid: DayGrid) -> list[DayPiece]:
    """Cut the start ranges where the minutes the shoot spends in any of `days` stop being one linear
    function of the start: where the start enters or leaves the day, and where the end does. Starts that
    split the same way, wherever they are, share one piece."""
    cuts = sorted({cut for day in days for span in [grid.span(day)]
                   for cut in (span.start, span.end, span.start - minutes + 1, span.end - minutes + 1)})
    grouped: dict[tuple, list[Interval]] = defaultdict(list)
    for span in ranges:
        low = span.start
        index = bisect_right(cuts, low)
        while low < span.end:
            high = min(span.end, cuts[index]) if index < len(cuts) else span.end
            grouped[_split_of(low, minutes, days, grid)].append(Interval(low, high))
            low = high
            index += 1
    return [DayPiece(ranges=normalize(spans), minutes_in_day={day: (c0, c1) for day, c0, c1 in key}) for key, spans in grouped.items()]


def _split_of(start: int, minutes: int, days: set[int], grid: DayGrid) -> tuple:
    """(day, c0, c1) for each of `days` the shoot starting at `start` touches; valid for the whole piece."""
    key = []
    for day in sorted(d for d in grid.days_touched(start, start + minutes) if d in days):
        span = grid.span(day)
        # minutes in day = min(start + minutes, end) - max(start, day start)
        c0, c1 = (minutes, 1) if start <= span.end - minutes else (span.end, 0)
        c0, c1 = (c0, c1 - 1) if start >= span.start else (c0 - span.start, c1)
        key.append((day, c0, c1))
    return tuple(key)


def add_shoots(model: cp_model.CpModel, problem: Problem, scope: Scope, grid: DayGrid, piece_days: dict[str, set[int]]) -> dict[str, SceneVars]:
    """Rules 1, 2, 4, 5, 8 and earliest/latest: a shoot lasts the scene's minutes and starts only where its
    precomputed start domain in the chosen module allows (inside the window and everyone's free time, clear of
    closures and events, in the right light, in a module that holds its head count and has a window if needed).
    A scene is shot at most once, in exactly one module."""
    scenes = {}
    for scene in scope.scenes:
        starts = scope.starts[scene.code]
        union = normalize(span for ranges in starts.values() for span in ranges)
        present = model.new_bool_var(f"present_{scene.code}")
        start = model.new_int_var_from_domain(_domain(union), f"start_{scene.code}")
        interval = model.new_optional_fixed_size_interval_var(start, scene.minutes, present, f"shoot_{scene.code}")
        if len(starts) == 1:
            in_module = {next(iter(starts)): present}
            module_intervals = {next(iter(starts)): interval}
        else:
            in_module = {module: model.new_bool_var(f"in_{scene.code}_{module}") for module in starts}
            model.add(sum(in_module.values()) == present)
            module_intervals = {}
            for module, ranges in starts.items():
                if ranges != union:
                    model.add_linear_expression_in_domain(start, _domain(ranges)).only_enforce_if(in_module[module])
                module_intervals[module] = model.new_optional_fixed_size_interval_var(
                    start, scene.minutes, in_module[module], f"shoot_{scene.code}_{module}"
                )
        pieces = _add_day_pieces(model, scene, union, present, start, grid, piece_days.get(scene.code, set()))
        scenes[scene.code] = SceneVars(scene, present, start, in_module, interval, module_intervals, pieces)
    return scenes


def _add_day_pieces(model, scene: Scene, union, present, start, grid: DayGrid, days: set[int]) -> list[DayPiece]:
    if not days:
        return []
    pieces = day_pieces(union, scene.minutes, days, grid)
    if len(pieces) == 1:
        pieces[0].literal = present
    else:
        for number, piece in enumerate(pieces):
            piece.literal = model.new_bool_var(f"piece_{scene.code}_{number}")
            model.add_linear_expression_in_domain(start, _domain(piece.ranges)).only_enforce_if(piece.literal)
        model.add(sum(piece.literal for piece in pieces) == present)
    for number, piece in enumerate(pieces):
        if any(c1 for _, c1 in piece.minutes_in_day.values()):
            domain = _domain(piece.ranges).union_with(cp_model.Domain(0, 0))
            piece.start_or_zero = model.new_int_var_from_domain(domain, f"piece_start_{scene.code}_{number}")
            model.add(piece.start_or_zero == start).only_enforce_if(piece.literal)
            model.add(piece.start_or_zero == 0).only_enforce_if(~piece.literal)
    return pieces


def forbid_person_overlap(model: cp_model.CpModel, scenes: dict[str, SceneVars]) -> None:
    """Rule 3: no person is in two overlapping shoots."""
    by_person = defaultdict(list)
    for vars_ in scenes.values():
        for code in vars_.scene.people:
            by_person[code].append(vars_.interval)
    for intervals in by_person.values():
        if len(intervals) > 1:
            model.add_no_overlap(intervals)


def forbid_module_overlap(model: cp_model.CpModel, scenes: dict[str, SceneVars]) -> None:
    """Rule 3: no module hosts two overlapping shoots."""
    by_module = defaultdict(list)
    for vars_ in scenes.values():
        for module, interval in vars_.module_intervals.items():
            by_module[module].append(interval)
    for intervals in by_module.values():
        if len(intervals) > 1:
            model.add_no_overlap(intervals)


def share_limited_elements(model: cp_model.CpModel, problem: Problem, scope: Scope, scenes: dict[str, SceneVars]) -> None:
    """Rule 10: at every instant the counts of the shoots in progress that use a limited element add up to at
    most its quantity: a cumulative per element (a no-overlap when every shoot takes all of it), in which the
    shoots outside the scope stand as fixed intervals with their counts. Elements without a quantity never
    limit."""
    users = defaultdict(list)
    for vars_ in scenes.values():
        for code, count in limited_uses(problem, vars_.scene):
            users[code].append((vars_.interval, count))
    for code, inside in users.items():
        quantity = problem.element(code).quantity
        outside = scope.element_uses.get(code, ())
        demands = [count for _, count in inside] + [count for _, _, count in outside]
        if sum(demands) <= quantity:
            continue
        intervals = [interval for interval, _ in inside] + [
            model.new_fixed_size_interval_var(start, end - start, f"uses_{code}_{number}")
            for number, (start, end, _) in enumerate(outside)
        ]
        if all(demand == quantity for demand in demands):
            model.add_no_overlap(intervals)
        else:
            model.add_cumulative(intervals, demands, quantity)


def cap_daily_minutes(model: cp_model.CpModel, problem: Problem, scope: Scope, scenes: dict[str, SceneVars], cap_days: CapDays) -> None:
    """Rule 6: per person and UTC day, shooting minutes stay within the person's cap. A shoot across midnight
    counts its minutes in each day, exactly: the crossing piece's minutes are linear in its start."""
    minutes = defaultdict(list)
    for vars_ in scenes.values():
        for piece in vars_.pieces:
            for day, (c0, c1) in piece.minutes_in_day.items():
                for code in vars_.scene.people:
                    if day in cap_days.binding.get(code, ()):
                        minutes[code, day].append(c0 * piece.literal + (c1 * piece.start_or_zero if c1 else 0))
    for (code, day), parts in minutes.items():
        room = problem.person(code).max_minutes_per_day - scope.used_minutes.get((code, day), 0)
        model.add(sum(parts) <= room)


def order_after(model: cp_model.CpModel, scenes: dict[str, SceneVars]) -> None:
    """Rule 7: a scene with `after` is shot only if each scene it comes after is shot, and starts no earlier
    than they end. Scenes outside the scope are already folded into the start domains by the scope."""
    for vars_ in scenes.values():
        for before in vars_.scene.after:
            earlier = scenes.get(before)
            if earlier is None:
                continue
            model.add_implication(vars_.present, earlier.present)
            model.add(earlier.start + earlier.scene.minutes <= vars_.start).only_enforce_if(vars_.present)


def hold_pins(model: cp_model.CpModel, scenes: dict[str, SceneVars], pins: dict[str, Pin], literals: dict[str, object] | None = None) -> None:
    """Rule 9: a pinned scene is shot exactly at its pinned start, in its pinned module (when its literal
    holds, for core extraction)."""
    for code, pin in pins.items():
        vars_ = scenes[code]
        enforce = [] if literals is None else [literals[code]]
        if pin.module not in vars_.in_module:
            # Nowhere to stand in that module: the pin (or, without a literal, the model) cannot hold.
            model.add_bool_or([~literal for literal in enforce])
            continue
        model.add(vars_.present == 1).only_enforce_if(enforce)
        model.add(vars_.in_module[pin.module] == 1).only_enforce_if(enforce)
        model.add(vars_.start == pin.start).only_enforce_if(enforce)


def shoot_required(model: cp_model.CpModel, scenes: dict[str, SceneVars], must: set[str], literals: dict[str, object] | None = None) -> None:
    """Rule 9: required scenes (and scenes a fixed shoot needs) are shot (when their literal holds)."""
    for code in must:
        enforce = [] if literals is None else [literals[code]]
        model.add(scenes[code].present == 1).only_enforce_if(enforce)


def total_priority(scenes: dict[str, SceneVars], scope: Scope):
    """The objective proper: total priority of the scenes shot (plus any bonus the scope gives)."""
    return sum((vars_.scene.priority + scope.bonus.get(code, 0)) * vars_.present for code, vars_ in scenes.items())


def spread_penalty(model: cp_model.CpModel, scenes: dict[str, SceneVars], grid: DayGrid, busy_days: set[tuple[str, int]], first_day: int = 0):
    """Tie-breaks, never traded against priority: first fewer shooting days per person (a person-day
    already taken by a shoot outside the scope is free), then earlier days (slack before the end of the
    stay). Needs day pieces over every day (see `build`). Returns (penalty expression, its largest value)."""
    shoots_on = defaultdict(list)
    earliness = []
    day_weight = 0
    for vars_ in scenes.values():
        latest = 0
        for piece in vars_.pieces:
            days = sorted(piece.minutes_in_day)
            earliness.append((days[0] - first_day) * piece.literal)
            latest = max(latest, days[0] - first_day)
            for code in vars_.scene.people:
                for day in days:
                    if (code, day) not in busy_days:
                        shoots_on[code, day].append(piece.literal)
        day_weight += latest
    day_weight += 1
    person_days = []
    for (code, day), literals in shoots_on.items():
        shooting = model.new_bool_var(f"shoots_{code}_{day}")
        for literal in literals:
            model.add_implication(literal, shooting)
        person_days.append(shooting)
    return day_weight * sum(person_days) + sum(earliness), day_weight * len(person_days) + day_weight - 1


MOVE_COST = 1  # re-planning: moving a published shoot (time or module) costs this much
DROP_COST = 3  # and dropping one costs more


def keep_published_shoots(model: cp_model.CpModel, problem: Problem, scenes: dict[str, SceneVars]):
    """Re-planning, soft: each anchored (published) shoot moved costs MOVE_COST, dropped DROP_COST. Never
    traded against priority; weighed above the other tie-breaks. Returns (penalty expression, its largest
    value), zero when the problem has no anchors."""
    terms, most = [], 0
    for anchor in problem.anchors:
        vars_ = scenes.get(anchor.scene)
        if vars_ is None:
            continue  # outside this model's scope: its shoot is fixed or left as it is
        kept = model.new_bool_var(f"kept_{anchor.scene}")
        model.add_implication(kept, vars_.present)
        in_module = vars_.in_module.get(anchor.module)
        if in_module is None:
            model.add(kept == 0)
        else:
            model.add_implication(kept, in_module)
            model.add(vars_.start == anchor.start).only_enforce_if(kept)
        # present and kept: 0; present and moved: MOVE_COST; absent: DROP_COST.
        terms.append(DROP_COST - (DROP_COST - MOVE_COST) * vars_.present - MOVE_COST * kept)
        most += DROP_COST
    return sum(terms), most


def published_cost(problem: Problem, shoots: dict[str, Shoot]) -> int:
    """What `keep_published_shoots` charges a schedule: MOVE_COST per anchored shoot moved, DROP_COST per one left out."""
    cost = 0
    for anchor in problem.anchors:
        shoot = shoots.get(anchor.scene)
        if shoot is None:
            cost += DROP_COST
        elif (shoot.start, shoot.module) != (anchor.start, anchor.module):
            cost += MOVE_COST
    return cost


def build(problem: Problem, scope: Scope, *, grid: DayGrid, cap_days: CapDays, tie_breaks: bool = False,
          busy_days: set[tuple[str, int]] = frozenset(), assumptions: bool = False) -> ShootModel:
    """The model of the scope with every hard rule. With `assumptions`, pins and required scenes hold only
    under assumption literals, so an infeasible model can name the ones in conflict."""
    model = cp_model.CpModel()
    if tie_breaks:
        piece_days = {scene.code: _days_reachable(scope.starts[scene.code], scene.minutes, grid) for scene in scope.scenes}
    else:
        piece_days = {scene.code: cap_days.days_for(scene) for scene in scope.scenes}
    scenes = add_shoots(model, problem, scope, grid, piece_days)
    forbid_person_overlap(model, scenes)
    forbid_module_overlap(model, scenes)
    share_limited_elements(model, problem, scope, scenes)
    cap_daily_minutes(model, problem, scope, scenes, cap_days)
    order_after(model, scenes)
    built = ShootModel(model=model, scope=scope, scenes=scenes)
    if assumptions:
        pin_literals = {code: model.new_bool_var(f"pin_{code}") for code in scope.pins}
        required = scope.must - set(scope.pins)
        required_literals = {code: model.new_bool_var(f"required_{code}") for code in required}
        hold_pins(model, scenes, scope.pins, pin_literals)
        shoot_required(model, scenes, required, required_literals)
        for code, literal in pin_literals.items():
            built.assumptions[literal.index] = ("pin", code)
        for code, literal in required_literals.items():
            built.assumptions[literal.index] = ("required", code)
        model.add_assumptions([*pin_literals.values(), *required_literals.values()])
    else:
        hold_pins(model, scenes, scope.pins)
        shoot_required(model, scenes, scope.must)
    built.priority = total_priority(scenes, scope)
    if tie_breaks:
        spread, spread_most = spread_penalty(model, scenes, grid, busy_days, first_day=_first_day(scope, grid))
        moves, moves_most = keep_published_shoots(model, problem, scenes)
        weight = spread_most + 1  # a re-plan's moves outweigh any spread of shooting days
        built.penalty = (weight * moves + spread, weight * moves_most + spread_most)
    return built


def _days_reachable(starts: dict[str, tuple[Interval, ...]], minutes: int, grid: DayGrid) -> set[int]:
    days = set()
    for ranges in starts.values():
        for span in ranges:
            days.update(grid.days_touched(span.start, span.end - 1 + minutes))
    return days


def _first_day(scope: Scope, grid: DayGrid) -> int:
    firsts = [span.start for starts in scope.starts.values() for ranges in starts.values() for span in ranges[:1]]
    return grid.day_of(min(firsts)) if firsts else 0


# CP-SAT needs a moment to load a model and hand back even the hint it was given.
MIN_SOLVE_SECONDS = 0.05
STOP_POLL_SECONDS = 0.1  # how soon a cancel lands while CP-SAT finds nothing new


class stop_watch:
    """Polls `should_stop` while the solver runs, so a cancel lands even when no new solution comes."""

    def __init__(self, solver: cp_model.CpSolver, should_stop, every: float = STOP_POLL_SECONDS) -> None:
        self.solver = solver
        self.should_stop = should_stop
        self.every = every
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self.done.wait(self.every):
            if self.should_stop():
                self.solver.stop_search()
                return

    def __enter__(self):
        if self.should_stop is not None:
            self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        if self.thread.is_alive():
            self.thread.join()
