"""Large-neighbourhood search over days, for productions too big for one model.

Start from a valid schedule (the greedy one). Repeatedly pick a neighbourhood, a few UTC days (optionally
only one person's scenes), free the shoots lying wholly inside it and the scenes left out that could go
there, fix everything else, and re-solve just that with CP-SAT, hinted with the current shoots. Shoots outside
fold into constants: they cut the free scenes' start domains (people and modules busy, limited elements with
no room left, `after` order), use up daily-cap minutes, and stand as fixed uses of the elements they hold. A new schedule is kept when it is at least as good: mandatory scenes shot, then
total priority (and, while polishing the tie-breaks, fewer person shooting days, then earlier days).

Neighbourhoods, after one sweep of a two-day window sliding over the stay:
- ejection chains (most of them): a day where a left-out scene (drawn by priority) could go, plus, for each
  shoot in its way there, a day where that shoot could move with nothing else moved (or, failing that, a day
  where its people have free time left, with room made there in turn for it, one level deeper), so scenes
  can travel across the stay to make room; wider chains try the left-out scene on more of its days at once;
- random days weighted by the priority of the left-out scenes that could go there;
- one person's scenes over a longer window.
They grow (more days, more shoots ejected, more left-out scenes offered) whenever a hundred in a row bring
nothing, as long as the recent models still solve within a target time. The search weighs priority alone; the last tenth of the time sweeps again with the tie-breaks, priority held.
Each model holds a few dozen scenes, so memory stays small whatever the length of the stay.

With more than one worker, the random neighbourhoods are solved side by side, one CP-SAT thread each,
instead of one at a time on all of them: a neighbourhood's model is small, so its solve hardly uses a
second thread, and the time between solves (drawing the days, building the model) is the search's own.
While one model solves, the next is built, and the board may change under it: a result found against an
older board is kept only if every shoot it places still passes `Placement.can_place` on the board as it is
now, and no shoot it drops leaves a later scene without its `after` one (`Board.replace_checked`).
"""

from __future__ import annotations

import random
import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict, deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from statistics import median

from ortools.sat.python import cp_model

from core.intervals import (
    Interval,
    contains,
    covers,
    intersect,
    normalize,
    start_ranges,
    subtract,
)

from .budget import Budget
from .cpsat_model import (
    DROP_COST,
    MIN_SOLVE_SECONDS,
    MOVE_COST,
    CapDays,
    Scope,
    ShootModel,
    build,
    stop_watch,
)
from .days import DayGrid
from .domains import SceneDomain
from .elements import crowded_spans, limited_uses
from .placement import Placement, successors_of
from .problem import Problem, Scene
from .solution import (
    PROGRESS_EVERY,
    STATUS_FEASIBLE,
    STATUS_OPTIMAL,
    STATUS_UNKNOWN,
    Progress,
    Shoot,
)

FIRST_SPAN_DAYS, MOST_SPAN_DAYS = 2, 40  # days in a neighbourhood: two at first (room to move), more when stalled
SUB_SECONDS = 3.0  # time limit of one neighbourhood's model
FIRST_WAITING, MOST_WAITING, MORE_WAITING = 20, 120, 5  # left-out scenes offered to one neighbourhood, growing when stalled
FIRST_EJECTED, MOST_EJECTED = 3, 40  # shoots an ejection chain gives another day to
# Stalled neighbourhoods grow only while the recent models solve faster than this (their median, wall time):
# past it, fewer and slower models would lose more than the larger reach brings.
TARGET_SOLVE_SECONDS, RECENT_SOLVES = 0.25, 50
SPAN_DAYS_PER_FOCUS_DAY = 3  # an ejection chain tries its left-out scene on one more day per this many days of span
CHAIN_DEPTH = 2  # a shoot in the way that cannot move alone has room made for it in turn, this deep
POLISH_SHARE = 0.1  # of the time, at the end, for the tie-breaks
STALL = 100  # neighbourhoods without improvement before they grow
# How neighbourhoods are drawn: ejection chains bring in left-out scenes, which is where priority is won,
# so they get most draws; days weighted by what could go there, and one person's longer window, the rest.
EJECTION_SHARE = 0.7
WEIGHTED_DAYS_SHARE = 0.2  # the remaining 0.1: one person's scenes
PERSON_SPAN_FACTOR = 2  # one person's window is this many times longer: it frees fewer shoots per day
# A left-out mandatory scene is drawn as if this much more important, so chains make room for it first.
MANDATORY_DRAW_WEIGHT = 100
TOP_UP_DAYS = (1, 1, 2)  # days one random pick adds: its day, a third of the time the next one too
# Stop this long before the deadline: a neighbourhood's model takes about that to build and return.
DEADLINE_MARGIN = 0.05


class Board:
    """The current schedule with an index of shoots by UTC day and the tallies its rank needs."""

    def __init__(self, problem: Problem, grid: DayGrid, mandatory: set[str], shoots: dict[str, Shoot],
                 domains: dict[str, SceneDomain]) -> None:
        self.problem = problem
        self.grid = grid
        self.mandatory = mandatory
        self.placement = Placement(problem, domains)  # occupancy, to find where one shoot could move alone
        self.shoots: dict[str, Shoot] = {}
        self.by_day: dict[int, set[str]] = defaultdict(set)
        self.person_days: Counter = Counter()
        self.minutes: Counter = Counter()  # (person, day) -> minutes shot
        self.day_sum = self.priority = self.mandatory_count = 0
        self.anchored_shot = self.anchored_kept = 0
        self.version = 0  # counts the changes, so a result found against an older board can tell
        self.replace((), shoots.values())

    def rank(self) -> tuple[int, int, int, int, int]:
        """Bigger is better: mandatory scenes shot, total priority, then the tie-breaks (a re-plan's moves of
        published shoots first)."""
        return (self.mandatory_count, self.priority, -self.perturbation(), -len(self.person_days), -self.day_sum)

    def primary_rank(self) -> tuple[int, int, int]:
        # Moves count here too, so a re-plan's search never drifts published shoots for nothing.
        return (self.mandatory_count, self.priority, -self.perturbation())

    def perturbation(self) -> int:
        """What the re-plan has cost so far: MOVE_COST per published shoot moved, DROP_COST per one dropped."""
        anchors = len(self.problem.anchors)
        return DROP_COST * anchors - (DROP_COST - MOVE_COST) * self.anchored_shot - MOVE_COST * self.anchored_kept

    def replace(self, removed, added) -> None:
        """Take the removed scenes' shoots off and put the added ones on, unchecked."""
        self.version += 1
        for code in removed:
            self._count(self.shoots.pop(code), -1)
            self.placement.remove(code)
        for shoot in added:
            self.shoots[shoot.scene] = shoot
            self._count(shoot, 1)
            self.placement.place(shoot.scene, shoot.module, shoot.start)

    def replace_checked(self, removed, added) -> bool:
        """`replace`, for a result found against an older board: done only if every added shoot passes
        `can_place` in turn (earliest first, so a scene's `after` ones come before it) and no scene left on
        the board loses a scene it comes after; otherwise nothing changes. Whether it was done."""
        old = [self.shoots[code] for code in removed]
        self.replace(removed, ())
        placed: list[Shoot] = []
        for shoot in sorted(added, key=lambda shoot: shoot.start):
            if not self.placement.can_place(shoot.scene, shoot.module, shoot.start):
                break
            self.replace((), (shoot,))
            placed.append(shoot)
        else:
            if all(later not in self.shoots for code in removed if code not in self.shoots
                   for later in self.placement.successors[code]):
                return True
        self.replace([shoot.scene for shoot in placed], old)
        return False

    def _count(self, shoot: Shoot, sign: int) -> None:
        scene = self.problem.scene(shoot.scene)
        self.priority += sign * scene.priority
        self.mandatory_count += sign * (scene.code in self.mandatory)
        self.day_sum += sign * self.grid.day_of(shoot.start)
        anchor = self.problem.anchor_for(shoot.scene) if self.problem.anchors else None
        if anchor is not None:
            self.anchored_shot += sign
            self.anchored_kept += sign * ((anchor.start, anchor.module) == (shoot.start, shoot.module))
        for day, minutes in self.grid.minutes_by_day(shoot.start, shoot.end):
            (self.by_day[day].add if sign > 0 else self.by_day[day].discard)(scene.code)
            for person in scene.people:
                self.minutes[person, day] += sign * minutes
                self.person_days[person, day] += sign
                if not self.person_days[person, day]:
                    del self.person_days[person, day]

    def touching(self, days) -> set[str]:
        """Scenes whose shoot has minutes in any of the days."""
        return set().union(*(self.by_day.get(day, ()) for day in days))


class Search:
    def __init__(self, problem: Problem, domains: dict[str, SceneDomain], *, grid: DayGrid, cap_days: CapDays,
                 workers: int, budget: Budget, on_progress=None, seed: int = 0) -> None:
        self.problem = problem
        self.domains = domains
        self.grid = grid
        self.cap_days = cap_days
        self.workers = workers
        self.on_progress = on_progress
        self.budget = budget
        self.random = random.Random(seed)
        self.successors = successors_of(problem)
        self.pinned = {pin.scene for pin in problem.pins}
        self.mandatory = {scene.code for scene in problem.scenes if scene.required} | self.pinned
        self.start_days = {
            scene.code: sorted({day for ranges in domains[scene.code].starts.values() for span in ranges
                                for day in grid.days_touched(span.start, span.end)})
            for scene in problem.scenes
        }
        self.placeable = [scene for scene in problem.scenes if self.start_days[scene.code]]
        self.limited = {scene.code: dict(limited_uses(problem, scene)) for scene in problem.scenes}
        self.free_minutes: Counter = Counter()  # (person, day) -> minutes of free time
        for person in problem.people:
            for span in normalize(person.free):
                if span.start < problem.horizon and span.end > 0:
                    for day, minutes in grid.minutes_by_day(max(0, span.start), min(problem.horizon, span.end)):
                        self.free_minutes[person.code, day] += minutes
        self.solves = 0
        self.rechecked = 0  # results found side by side that came back to a board changed meanwhile
        self.outdated = 0  # of those, the ones that no longer fitted it
        self.improvements = 0
        self.sub_seconds = SUB_SECONDS
        self.most_waiting = FIRST_WAITING
        self.ejected = FIRST_EJECTED
        self.solve_seconds: deque[float] = deque(maxlen=RECENT_SOLVES)  # the latest models' wall times

    def run(self, warm: dict[str, Shoot], *, seconds: float, bound: int) -> tuple[dict[str, Shoot], str, int]:
        """Improve `warm` (a valid schedule) for up to `seconds`; returns (shoots, status, bound).

        Most of the time goes to the priority alone; the last share of it, or what is left once the bound
        is reached, polishes the tie-breaks window by window with the priority held."""
        self.started = time.perf_counter()
        self.bound = bound
        self.reported_at = float("-inf")
        self.board = Board(self.problem, self.grid, self.mandatory, warm, self.domains)
        self.best_priority, self.best_at = self.board.priority, 0.0
        self.deadline = self.started + seconds * (1 - POLISH_SHARE)
        self._search()
        self.deadline = self.started + seconds
        self._sweep(FIRST_SPAN_DAYS, tie_breaks=True)
        shoots = dict(self.board.shoots)
        status = STATUS_FEASIBLE if self.mandatory <= set(shoots) else STATUS_UNKNOWN
        if status == STATUS_FEASIBLE and self.board.priority >= bound:
            status = STATUS_OPTIMAL
        return shoots, status, bound

    def _search(self) -> None:
        """One sweep, then random neighbourhoods, growing them whenever they stall: one at a time on every
        worker, or, with more than one, as many side by side, one worker each."""
        self.span = FIRST_SPAN_DAYS
        self.stalled = 0
        self._sweep(self.span)
        if self.workers == 1:
            while not self._over() and not self._proven():
                self._tally(self._try(*self._neighbourhood(self.span)))
            return
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="neighbourhood") as pool:
            solving: dict = {}
            while True:
                while len(solving) < self.workers and not self._over() and not self._proven():
                    job = self._prepare(*self._neighbourhood(self.span), workers=1)
                    if job is None:
                        self._tally(False)
                    else:
                        solving[pool.submit(self._solve, job)] = job
                if not solving:
                    return
                finished, _ = wait(solving, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._tally(self._keep(solving.pop(future), future.result()))

    def _tally(self, better: bool) -> None:
        """Count a neighbourhood that brought nothing; a hundred in a row and they grow, up to their caps, while
        the recent models still solve within the target time."""
        self.stalled = 0 if better else self.stalled + 1
        if self.stalled >= STALL:
            self.stalled = 0
            if self.solve_seconds and median(self.solve_seconds) >= TARGET_SOLVE_SECONDS:
                return
            self.span = min(MOST_SPAN_DAYS, self.span + 1)
            self.ejected = min(MOST_EJECTED, self.ejected + 1)
            self.most_waiting = min(MOST_WAITING, self.most_waiting + MORE_WAITING)

    def _over(self) -> bool:
        return time.perf_counter() >= self.deadline - DEADLINE_MARGIN or self.budget.cancelled()

    def _proven(self) -> bool:
        return self.board.mandatory_count == len(self.mandatory) and self.board.priority >= self.bound

    def _sweep(self, span: int, *, tie_breaks: bool = False) -> bool:
        """Slide a window of `span` days over the stay, one day at a time; whether anything improved."""
        improved = False
        for first in range(max(1, self.grid.count - span + 1)):
            if self._over() or (self._proven() and not tie_breaks):
                break
            improved |= self._try(range(first, min(self.grid.count, first + span)), None, tie_breaks=tie_breaks)
        return improved

    def _neighbourhood(self, span: int) -> tuple[set[int], set[str] | None, str | None]:
        left_out = [scene for scene in self.placeable if scene.code not in self.board.shoots]
        draw = self.random.random()
        if left_out and draw < EJECTION_SHARE:
            days, focus = self._ejection_chain(left_out)
            return days, None, focus
        if draw < EJECTION_SHARE + WEIGHTED_DAYS_SHARE:
            return self._weighted_days(left_out, span), None, None
        person = self.random.choice(self.problem.people).code
        length = PERSON_SPAN_FACTOR * span
        first = self.random.randrange(0, max(1, self.grid.count - length + 1))
        return set(range(first, min(self.grid.count, first + length))), {person}, None

    def _ejection_chain(self, left_out: list[Scene]) -> tuple[set[int], str]:
        """A day where a left-out scene (drawn by priority) could start, and for each shoot sharing a person,
        module or limited element with it that day, another day where that shoot could go; days where the people involved
        have more free time left are likelier. Returns the days and the left-out scene."""
        scene = self.random.choices(left_out, weights=[s.priority + (s.code in self.mandatory) * MANDATORY_DRAW_WEIGHT for s in left_out])[0]
        candidates = list(self.start_days[scene.code])
        days: set[int] = set()
        for _ in range(1 + (self.span - FIRST_SPAN_DAYS) // SPAN_DAYS_PER_FOCUS_DAY):
            if not candidates:
                break
            day = self._roomy_day(scene, candidates)
            candidates.remove(day)
            days |= self._make_room(scene, day, CHAIN_DEPTH)
        return days, scene.code

    def _make_room(self, scene: Scene, day: int, depth: int) -> set[int]:
        """The day, and for each shoot there in the scene's way, a day where that shoot could go: one where it
        could move alone or, failing that, a roomy one of its own, with room made there too while `depth` lasts."""
        days = {day}
        reach = normalize(Interval(span.start, span.end - 1 + scene.minutes) for ranges in self.domains[scene.code].starts.values()
                          for span in _clip(ranges, (self.grid.span(day),)))
        blockers = [code for code in self.board.touching([day])
                    if code != scene.code and (set(self.problem.scene(code).people) & set(scene.people) or self.board.shoots[code].module in scene.modules
                        or self.limited[code].keys() & self.limited[scene.code].keys())
                    and any(span.start < self.board.shoots[code].end and self.board.shoots[code].start < span.end for span in reach)]
        self.random.shuffle(blockers)
        for code in blockers[:self.ejected]:
            elsewhere = self._relocation_day(code, day)
            if elsewhere is None:
                roomy = [d for d in self.start_days[code] if d != day]
                elsewhere = self._roomy_day(self.problem.scene(code), roomy) if roomy else None
                if elsewhere is not None and depth > 1:
                    days |= self._make_room(self.problem.scene(code), elsewhere, depth - 1)
            if elsewhere is not None:
                days.add(elsewhere)
        for before in scene.after:
            # A predecessor shot too late, or not at all, needs a day of its own before this one.
            shoot = self.board.shoots.get(before)
            earlier = [d for d in self.start_days[before] if d <= day]
            if earlier and (shoot is None or shoot.end > self.grid.span(day).end - scene.minutes):
                days.add(self._roomy_day(self.problem.scene(before), earlier))
        return days

    def _relocation_day(self, code: str, avoid: int) -> int | None:
        """A day other than `avoid` where the shoot could move with nothing else moved, searching on from a
        random point of the stay; None when there is none."""
        placement, shoot = self.board.placement, self.board.shoots[code]
        scene = self.problem.scene(code)
        placement.remove(code)
        try:
            offset = self.random.randrange(self.problem.horizon)
            for module, ranges in self.domains[code].starts.items():
                for not_before in (offset, 0):
                    start = placement.earliest_start(scene, module, ranges, not_before)
                    if start is not None and self.grid.day_of(start) == avoid:
                        start = placement.earliest_start(scene, module, ranges, self.grid.span(avoid).end)
                    if start is not None and self.grid.day_of(start) != avoid:
                        return self.grid.day_of(start)
            return None
        finally:
            placement.place(code, shoot.module, shoot.start)

    def _roomy_day(self, scene: Scene, days: list[int]) -> int:
        """One of the days, drawn by the free minutes its people have left then (the scarcest of them)."""
        room = [1 + max(0, min(self.free_minutes[person, day] - self.board.minutes[person, day] for person in scene.people))
                for day in days]
        return self.random.choices(days, weights=room)[0]

    def _weighted_days(self, left_out: list[Scene], span: int) -> set[int]:
        """Days where left-out scenes could go, weighted by their priority, topped up with random days."""
        weights: Counter = Counter()
        for scene in left_out:
            days = self.start_days[scene.code]
            for day in days:
                weights[day] += scene.priority / len(days)
        days = set()
        if weights:
            days.add(self.random.choices(list(weights), weights=list(weights.values()))[0])
        while len(days) < min(span, self.grid.count):  # a stay shorter than the span has no more days
            day = self.random.randrange(self.grid.count)
            days.update(range(day, min(self.grid.count, day + self.random.choice(TOP_UP_DAYS))))
        return days

    def _try(self, days, people: set[str] | None, focus: str | None = None, *, tie_breaks: bool = False) -> bool:
        """Re-solve the neighbourhood; keep the result if it is at least as good (on priority alone while
        searching, on the tie-breaks too when polishing). Whether it was better."""
        job = self._prepare(days, people, focus, tie_breaks=tie_breaks, workers=self.workers)
        return job is not None and self._keep(job, self._solve(job))

    def _prepare(self, days, people: set[str] | None, focus: str | None = None, *, tie_breaks: bool = False,
                 workers: int) -> _Job | None:
        """The neighbourhood's model, hinted with the board as it is; None when it has nothing to decide."""
        days = sorted(days)
        region = normalize(self.grid.span(day) for day in days)
        scope = self._scope(days, region, people, focus)
        if scope is None:
            return None
        busy_days = {(person, day) for code in self.board.touching(days) - set(scope.starts)
                     for shoot in [self.board.shoots[code]] for day in self.grid.days_touched(shoot.start, shoot.end)
                     for person in self.problem.scene(code).people}
        built = build(self.problem, scope, grid=self.grid, cap_days=self.cap_days, tie_breaks=tie_breaks, busy_days=busy_days)
        if tie_breaks:
            penalty, most = built.penalty
            built.model.maximize((most + 1) * built.priority - penalty)
        else:
            built.model.maximize(built.priority)
        built.add_hint(self.board.shoots)
        seconds = max(MIN_SOLVE_SECONDS, min(self.sub_seconds, self.deadline - time.perf_counter()))
        return _Job(built, tie_breaks, workers, seconds, self.board.version)

    def _solve(self, job: _Job) -> dict[str, Shoot] | None:
        """The neighbourhood's best shoots within its time, or None when it found none (any thread)."""
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = job.seconds
        solver.parameters.num_workers = job.workers
        started = time.perf_counter()
        with stop_watch(solver, self.budget.cancelled):
            status = solver.solve(job.built.model)
        self.solve_seconds.append(time.perf_counter() - started)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return job.built.shoots(solver)

    def _keep(self, job: _Job, shoots: dict[str, Shoot] | None) -> bool:
        """Put the neighbourhood's result on the board if it is at least as good; whether it was better."""
        self.solves += 1
        if shoots is None:
            return False
        rank = self.board.rank if job.tie_breaks else self.board.primary_rank
        before = rank()
        removed = [code for code in job.built.scenes if code in self.board.shoots]
        old = [self.board.shoots[code] for code in removed]
        found = shoots.values()
        if job.version == self.board.version:
            self.board.replace(removed, found)
        else:
            self.rechecked += 1  # the board moved while it was solved
            if not self.board.replace_checked(removed, found):
                self.outdated += 1  # and what it found no longer fits
                return False
        if rank() < before:
            self.board.replace([shoot.scene for shoot in found], old)
            return False
        better = rank() > before
        if self.board.priority > self.best_priority:
            self.best_priority, self.best_at = self.board.priority, time.perf_counter() - self.started
        if better:
            self.improvements += 1
            self._report()
        return better

    def _some_of(self, waiting: list[Scene], focus: str | None) -> set[str]:
        """Left-out scenes to offer the neighbourhood: all when few, else the focus scene, mandatory ones and
        a draw weighted by priority; more would make the model slow to solve."""
        if len(waiting) <= self.most_waiting:
            return {scene.code for scene in waiting}
        picked = {scene.code for scene in waiting if scene.code in self.mandatory or scene.code == focus}
        keys = sorted(waiting, key=lambda scene: self.random.random() ** (1 / scene.priority), reverse=True)
        for scene in keys:
            if len(picked) >= self.most_waiting:
                break
            picked.add(scene.code)
        return picked

    def _scope(self, days: list[int], region: tuple[Interval, ...], people: set[str] | None, focus: str | None = None) -> Scope | None:
        """The scenes the neighbourhood decides and the start domains the fixed shoots leave them."""
        problem, shoots = self.problem, self.board.shoots

        def involved(scene: Scene) -> bool:
            return people is None or bool(people.intersection(scene.people))

        touching = self.board.touching(days)
        free = {code for code in touching if code not in self.pinned and involved(problem.scene(code))
                and covers(region, shoots[code].start, shoots[code].end)}
        day_set = set(days)
        waiting = [scene for scene in self.placeable
                   if scene.code not in shoots and involved(scene) and day_set.intersection(self.start_days[scene.code])]
        chosen = free | self._some_of(waiting, focus)
        changed = True
        while changed:
            kept = {code for code in chosen
                    if code in free or all(before in shoots or before in chosen for before in problem.scene(code).after)}
            changed = kept != chosen
            chosen = kept
        if not chosen:
            return None
        person_busy: dict[str, list[Interval]] = defaultdict(list)
        module_busy: dict[str, list[Interval]] = defaultdict(list)
        element_uses: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        used: Counter = Counter()
        for code in touching - chosen:
            shoot = shoots[code]
            module_busy[shoot.module].append(Interval(shoot.start, shoot.end))
            for element, count in self.limited[code].items():
                element_uses[element].append((shoot.start, shoot.end, count))
            for person in problem.scene(code).people:
                person_busy[person].append(Interval(shoot.start, shoot.end))
                for day, minutes in self.grid.minutes_by_day(shoot.start, shoot.end):
                    used[person, day] += minutes
        scope = Scope(scenes=[], starts={}, used_minutes=dict(used), element_uses=dict(element_uses))
        total = sum(problem.scene(code).priority for code in chosen) + 1
        for scene in problem.scenes:
            if scene.code not in chosen:
                continue
            starts = self._starts_in(scene, region, chosen, person_busy, module_busy, element_uses)
            current = shoots.get(scene.code)
            if current is not None and not contains(starts.get(current.module, ()), current.start):
                return None  # would lose a shoot it holds (cannot happen on a valid board): leave it alone
            if not starts:
                continue
            scope.scenes.append(scene)
            scope.starts[scene.code] = starts
            fixed_successor = any(later in shoots and later not in chosen for later in self.successors[scene.code])
            if current is not None and (scene.code in self.mandatory or fixed_successor):
                scope.must.add(scene.code)
            elif current is None and scene.code in self.mandatory:
                scope.bonus[scene.code] = total
        return _drop_orphans(scope, shoots)

    def _starts_in(self, scene: Scene, region, chosen, person_busy, module_busy, element_uses) -> dict[str, tuple[Interval, ...]]:
        """Start ranges inside the region, clear of fixed shoots (their people, modules, and the elements they
        leave too little of), after fixed predecessors, before fixed successors."""
        shoots = self.board.shoots
        allowed = start_ranges(region, scene.minutes)
        first = max((shoots[b].end for b in scene.after if b in shoots and b not in chosen), default=0)
        last = min((shoots[later].start for later in self.successors[scene.code]
                    if later in shoots and later not in chosen), default=self.problem.horizon) - scene.minutes
        allowed = intersect(allowed, (Interval(first, last + 1),)) if first <= last else ()
        if not allowed:
            return {}
        crowded = [span for element, count in self.limited[scene.code].items()
                   for span in crowded_spans(element_uses.get(element, ()), self.problem.element(element).quantity - count)]
        taken = normalize(Interval(span.start - scene.minutes + 1, span.end)
                          for span in [*crowded, *(span for code in scene.people for span in person_busy.get(code, ()))])
        allowed = subtract(allowed, taken)
        starts = {}
        for module, ranges in self.domains[scene.code].starts.items():
            module_taken = normalize(Interval(span.start - scene.minutes + 1, span.end) for span in module_busy.get(module, ()))
            cut = subtract(intersect(_clip(ranges, allowed), allowed), module_taken)
            if cut:
                starts[module] = cut
        return starts

    def _report(self) -> None:
        now = time.perf_counter()
        if self.on_progress is not None and now - self.reported_at >= PROGRESS_EVERY:
            self.reported_at = now
            self.on_progress(Progress(self.improvements, self.board.priority, self.bound, now - self.started))


@dataclass(frozen=True)
class _Job:
    """One neighbourhood's model, ready to solve, and the board's version it was built against."""

    built: ShootModel
    tie_breaks: bool
    workers: int
    seconds: float
    version: int


def _clip(ranges: tuple[Interval, ...], allowed: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """The ranges that can meet `allowed` (found by bisection), so intersecting stays cheap on long domains."""
    if not allowed:
        return ()
    low = bisect_right(ranges, allowed[0].start, key=lambda span: span.end)
    high = bisect_left(ranges, allowed[-1].end, key=lambda span: span.start)
    return ranges[low:high]


def _drop_orphans(scope: Scope, shoots: dict[str, Shoot]) -> Scope | None:
    """A left-out scene whose `after` scene found no start in the neighbourhood cannot be shot in it."""
    changed = True
    while changed:
        orphans = [scene for scene in scope.scenes
                   if any(before not in scope.starts and before not in shoots for before in scene.after)]
        changed = bool(orphans)
        for scene in orphans:
            scope.scenes.remove(scene)
            del scope.starts[scene.code]
            scope.bonus.pop(scene.code, None)
    return scope if scope.scenes else None
