"""Scenario generator with a planted schedule, so every benchmark instance has a known optimum.

How an instance is made (everything from one seeded random generator):
1. People get a crew-like timeline of free windows (evening and midday gaps, longer weekend blocks), modules
   a capacity and maybe a window.
2. Scenes are planted one by one: a lead person's free window, a start on the 5-minute grid, co-stars free for
   the whole shoot, a module that holds them; nobody and no module is used twice at once.
3. The instance is then cut to fit the planted schedule tightly: free windows shrink around the planted
   shoots (some spare time is kept, some empty windows too), daily caps sit at or a little above the
   planted minutes, closures and events go where no planted shoot needs the module or person, day/night
   scenes are ones whose planted shoot lies in orbital daylight or shadow, `earliest`/`latest` and `after`
   are drawn around the planted times, a few planted shoots become pins, some scenes are required.
4. Decoys are added that no schedule can hold: a shoot longer than its people's daily cap allows even
   across midnight, or a scene that must overlap a pinned shoot of one of its people, or one that comes
   after such a decoy.
The planted schedule keeps every hard rule and holds every scene but the decoys, so its total priority is
the optimum.

Shapes (`bench/shapes.py`) vary the stay around that: the slack kept around planted shoots and the decoy free
windows nobody planted anything in (`tight`, `loose`), the crew and the modules (`crowd`, `lean`), the light
(`dark`), limited elements (`equipment`: a single camera most scenes need, a pair of light kits, one sound kit
and one green screen, and a prop without a quantity; each planted shoot draws what it needs and is planted only
where the elements have room, and its pin decoys need the pinned shoot's camera rather than one of its people),
orbit-aware shots planted in the crew's free time (`orbit`), and scenes competing for the same people beyond
what fits (`overfull`, whose optimum is unknown: `Instance.optimum` is None and the planted total a lower bound).
"""

from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from bench.geometry_bench import PLACES
from bench.orbit_shots import OrbitStarts, draw_orbit_shot
from bench.planted_board import PlantedBoard
from bench.shapes import Shape, shape_named
from core.intervals import Interval, covers, normalize
from scheduling.solver.geometry import orbit_geometry
from scheduling.solver.problem import (
    LIGHT_ANY,
    LIGHT_DAY,
    LIGHT_NIGHT,
    MINUTES_PER_DAY,
    Element,
    Event,
    Light,
    Module,
    Person,
    Pin,
    Problem,
    Scene,
)
from scheduling.solver.solution import Shoot

ISS_TLE = (
    "1 25544U 98067A   21278.52661806  .00000800  00000-0  20684-4 0  9995",
    "2 25544  51.6442  13.1247 0008036  23.6079 336.5377 15.48861704303602",
)
ORIGIN = datetime(2021, 10, 5, 16, 0, tzinfo=timezone.utc)
STEP = 5  # ISS planners' grid, minutes
MODULE_NAMES = ("zvezda", "zarya", "nauka", "poisk", "rassvet", "unity", "destiny", "harmony", "columbus", "kibo",
                "tranquility", "quest", "prichal", "leonardo")
CREW_NAMES = (
    "peresild", "shipenko", "shkaplerov", "novitskiy", "dubrov", "vandehei", "kimbrough", "pesquet",
    "hoshide", "mcarthur", "marshburn", "chari", "barron", "maurer", "prokopyev", "petelin",
    "artemyev", "matveev", "korsakov", "lindgren",
)


@dataclass(frozen=True)
class Size:
    days: int
    scenes: int
    people: int
    modules: int
    light: bool


SIZES = {
    "small": Size(days=12, scenes=40, people=5, modules=5, light=True),
    "medium": Size(days=30, scenes=300, people=8, modules=8, light=True),
    "large": Size(days=180, scenes=2000, people=12, modules=10, light=True),
    "series": Size(days=365, scenes=5000, people=20, modules=14, light=True),
}

CAMERA = "cam-a"
# The equipment shape's elements and how often a scene needs each: (element, share of scenes, counts drawn from).
EQUIPMENT = (
    (Element(CAMERA, 1, "Cinema camera", "equipment"), 0.85, (1,)),
    (Element("light-kit", 2, "LED light kit", "equipment"), 0.3, (1, 1, 1, 2)),
    (Element("sound-kit", 1, "Boom and recorder", "sound"), 0.15, (1,)),
    (Element("green-screen", 1, "Green screen", "vfx"), 0.1, (1,)),
    (Element("scalpel", None, "Scalpel", "props"), 0.2, (1,)),
)


# The orbit shape plants about this many orbit-aware shots a day of the stay.
ORBIT_SHOTS_PER_DAY = 1
ORBIT_ATTEMPTS = 60  # tries to plant one orbit shot before giving it up
# Where decoy free windows go: hours of a GMT day outside the crew's usual free time (see `_timeline`).
WEEKDAY_DECOY_HOURS = ((7 * 60, 9 * 60), (14 * 60, 17 * 60 + 30), (22 * 60, 23 * 60 + 30))
WEEKEND_DECOY_HOURS = ((6 * 60 + 30, 8 * 60 + 30), (19 * 60, 21 * 60), (22 * 60, 23 * 60 + 30))
PRIORITIES = (1, 1, 2, 2, 3, 5, 8, 10)  # a scene's priority is drawn from these
ORBIT_FIELDS = ("over", "ground", "link", "moment")
MIN_COMPETITOR_MINUTES = 20
COMPETITOR_REACH = 120  # minutes either side of the planted shoot an overfull stay's extra scene copies


@dataclass(frozen=True)
class Instance:
    name: str
    problem: Problem
    planted: tuple[Shoot, ...]
    # Total priority of the planted schedule: no valid schedule does better, except in an overfull stay, whose
    # optimum is unknown (None) and of which the planted total (`planted_priority`) is only a lower bound.
    optimum: int | None
    decoys: tuple[str, ...]
    planted_priority: int = 0


def generate(size: str | Size, *, seed: int = 1, name: str | None = None, shape: str = "plain") -> Instance:
    form = shape_named(shape)
    spec = form.resize(SIZES[size] if isinstance(size, str) else size)
    label = name or (size if isinstance(size, str) else "custom")
    return _Planter(spec, random.Random(seed), label if shape == "plain" else f"{label}-{shape}", form).instance()


class _Planter:
    def __init__(self, spec: Size, rng: random.Random, name: str, form: Shape) -> None:
        self.spec = spec
        self.rng = rng
        self.name = name
        self.form = form
        self.horizon = spec.days * MINUTES_PER_DAY
        self.geometry = orbit_geometry(ISS_TLE, ORIGIN, self.horizon, PLACES) if form.orbit else None
        if self.geometry is not None:
            self.light = self.geometry.light.light
        else:
            self.light = _light(self.horizon) if spec.light else None
        self.equipment = EQUIPMENT if form.equipment else ()
        self.needs: dict[str, tuple[tuple[str, int], ...]] = {}  # planted scene -> the elements it uses
        self.orbit_shots: dict[str, dict] = {}  # planted scene -> its orbit fields and minutes

    def instance(self) -> Instance:
        people = CREW_NAMES[: self.spec.people]
        modules = self._modules()
        free = {person: self._timeline() for person in people}
        planted, casts = self._plant(people, modules, free)
        scenes = self._scenes(planted, casts, modules)
        caps = self._caps(people, planted, casts)
        free = {person: self._tighten(free[person], [shoot for shoot in planted if person in casts[shoot.scene]]) for person in people}
        if self.form.decoy_windows:
            free = {person: normalize((*windows, *self._decoy_windows())) for person, windows in free.items()}
        pins = self._pins(planted, scenes)
        closures, events = self._blocks(people, modules, planted, casts)
        modules = tuple(replace(module, closed=closures[module.code]) for module in modules)
        decoys = self._decoys(scenes, people, caps, pins, planted, modules)
        competitors = self._competitors(scenes, planted, pins) if self.form.overfull else []
        problem = Problem(
            code=f"bench-{self.name}",
            origin=ORIGIN,
            horizon=self.horizon,
            modules=modules,
            people=tuple(Person(code=p, free=free[p], max_minutes_per_day=caps[p], name=p.title()) for p in people),
            scenes=tuple(scenes) + tuple(decoys) + tuple(competitors),
            events=events,
            pins=pins,
            elements=tuple(element for element, _, _ in self.equipment),
            places=PLACES if self.geometry is not None else (),
            light=self.light,
            tle=ISS_TLE if self.light else None,
            geometry=self.geometry,
        )
        planted_priority = sum(scene.priority for scene in scenes)
        optimum = None if competitors else planted_priority
        return Instance(self.name, problem, tuple(planted), optimum, tuple(scene.code for scene in decoys), planted_priority)

    def _modules(self) -> list[Module]:
        modules = []
        for number in range(self.spec.modules):
            code = MODULE_NAMES[number]
            modules.append(Module(code=code, capacity=self.rng.choice((2, 3, 3, 4, 5)), window=number % 3 == 0, name=code.title()))
        return modules

    def _timeline(self) -> list[Interval]:
        """Free windows on a GMT crew day: a midday gap, an evening block, more on weekends."""
        windows = []
        for day in range(self.spec.days + 1):
            midnight = day * MINUTES_PER_DAY - (ORIGIN.hour * 60 + ORIGIN.minute)
            weekend = (ORIGIN.weekday() + day) % 7 >= 5
            blocks = [(9 * 60, 13 * 60), (14 * 60, 18 * 60)] if weekend else [(11 * 60, 13 * 60), (18 * 60, 21 * 60 + 30)]
            for first, last in blocks:
                start = first + STEP * self.rng.randint(0, 8)
                end = last - STEP * self.rng.randint(0, 8)
                start, end = max(0, midnight + start), min(self.horizon, midnight + end)
                if end - start >= 30:
                    windows.append(Interval(start, end))
        return windows

    def _decoy_windows(self) -> list[Interval]:
        """`decoy_windows` free windows a day of 30 to 90 minutes, at hours the crew's usual free time leaves
        alone, so nothing is planted in them."""
        windows = []
        for day in range(self.spec.days + 1):
            midnight = day * MINUTES_PER_DAY - (ORIGIN.hour * 60 + ORIGIN.minute)
            weekend = (ORIGIN.weekday() + day) % 7 >= 5
            for first, last in (WEEKEND_DECOY_HOURS if weekend else WEEKDAY_DECOY_HOURS)[:self.form.decoy_windows]:
                length = STEP * self.rng.randint(6, 18)
                start = midnight + first + STEP * self.rng.randint(0, (last - first - length) // STEP)
                start, end = max(0, start), min(self.horizon, start + length)
                if end - start >= 30:
                    windows.append(Interval(start, end))
        return windows

    def _plant(self, people, modules: list[Module], free: dict[str, list[Interval]]):
        board = PlantedBoard(people, modules, self.equipment)
        if self.geometry is not None:
            self._plant_orbit(board, people, modules, free)
        wanted = len(board.planted) + self.spec.scenes
        attempts = 0
        while len(board.planted) < wanted and attempts < self.spec.scenes * 400:
            attempts += 1
            size = self.rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
            minutes = STEP * self.rng.choice((6, 9, 12, 12, 18, 24, 30)) if self.rng.random() > 0.15 else STEP * self.rng.randint(4, 7)
            lead = self.rng.choice(people)
            window = self.rng.choice(free[lead])
            if window.length < minutes:
                continue
            start = window.start + STEP * self.rng.randint(0, (window.length - minutes) // STEP)
            end = start + minutes
            if not board.person_busy[lead].free(start, end):
                continue
            others = [p for p in people if p != lead and board.person_busy[p].free(start, end) and covers(free[p], start, end)]
            if len(others) < size - 1:
                continue
            cast = (lead, *self.rng.sample(others, size - 1))
            hosts = board.hosts(size, start, end)
            if not hosts:
                continue
            needs = self._draw_needs()
            if not board.has_room(needs, start, end):
                continue
            self.needs[board.add(cast, self.rng.choice(hosts), start, end, needs)] = needs
        return board.planted, board.casts

    def _plant_orbit(self, board: PlantedBoard, people, modules: list[Module], free: dict[str, list[Interval]]) -> None:
        """About `ORBIT_SHOTS_PER_DAY` orbit-aware shots a day, each in a free window of its lead (and co-star,
        if any) where the orbit allows it, in a module that holds them (with a window for an Earth view)."""
        starts = OrbitStarts(Problem(code="orbit", origin=ORIGIN, horizon=self.horizon, modules=(), people=(), scenes=()),
                             self.geometry)
        for number in range(self.spec.days * ORBIT_SHOTS_PER_DAY):
            shot = draw_orbit_shot(self.rng, number)
            for _ in range(ORBIT_ATTEMPTS):
                lead = self.rng.choice(people)
                ranges = starts.within(shot, self.rng.choice(free[lead]))
                if not ranges:
                    continue
                span = self.rng.choice(ranges)
                start = self.rng.randrange(span.start, span.end)
                end = start + shot["minutes"]
                others = [p for p in people if p != lead and board.person_busy[p].free(start, end) and covers(free[p], start, end)]
                cast = (lead, *self.rng.sample(others, min(len(others), self.rng.choice((0, 0, 1)))))
                hosts = [m for m in board.hosts(len(cast), start, end) if m.window or not shot["window"]]
                if board.person_busy[lead].free(start, end) and hosts:
                    self.orbit_shots[board.add(cast, self.rng.choice(hosts), start, end, ())] = shot
                    break

    def _draw_needs(self) -> tuple[tuple[str, int], ...]:
        """The elements one shoot uses, drawn from `EQUIPMENT` (nothing in the plain shape)."""
        return tuple((element.code, self.rng.choice(counts)) for element, share, counts in self.equipment
                     if self.rng.random() < share)

    def _scenes(self, planted: list[Shoot], casts, modules: list[Module]) -> list[Scene]:
        scenes = []
        by_code = {shoot.scene: shoot for shoot in planted}
        ordered = sorted(planted, key=lambda shoot: shoot.start)
        for shoot in planted:
            cast = casts[shoot.scene]
            orbit = self.orbit_shots.get(shoot.scene, {})
            window = orbit.get("window") or (any(m.code == shoot.module and m.window for m in modules) and self.rng.random() < 0.3)
            hosts = [m.code for m in modules if m.capacity >= len(cast) and (m.window or not window) and m.code != shoot.module]
            allowed = (shoot.module, *self.rng.sample(hosts, min(len(hosts), self.rng.choice((0, 1, 1, 2)))))
            earliest = latest = None
            if self.rng.random() < 0.2:
                earliest = max(0, shoot.start - STEP * self.rng.randint(0, 600))
                latest = min(self.horizon, shoot.end + STEP * self.rng.randint(0, 600))
            scenes.append(Scene(
                code=shoot.scene, title=f"Scene {shoot.scene}", minutes=shoot.end - shoot.start, people=cast,
                modules=allowed, priority=self.rng.choice(PRIORITIES),
                required=self.rng.random() < 0.08, earliest=earliest, latest=latest,
                light=self._light_of(shoot), window=window, elements=self.needs.get(shoot.scene, ()),
                **{field: orbit[field] for field in ORBIT_FIELDS if field in orbit},
            ))
        scenes = self._orders(scenes, by_code, ordered, casts)
        return scenes

    def _light_of(self, shoot: Shoot) -> str:
        if self.light is None or self.rng.random() > 0.35:
            return LIGHT_ANY
        if covers(self.light.day, shoot.start, shoot.end):
            return LIGHT_DAY
        if covers(self.light.night, shoot.start, shoot.end):
            return LIGHT_NIGHT
        return LIGHT_ANY

    def _orders(self, scenes: list[Scene], by_code, ordered: list[Shoot], casts) -> list[Scene]:
        """`after` between scenes sharing a person, the planted earlier one first."""
        position = {shoot.scene: index for index, shoot in enumerate(ordered)}
        result = []
        for scene in scenes:
            shoot = by_code[scene.code]
            if self.rng.random() < 0.1 and position[scene.code] > 0:
                lookback = ordered[max(0, position[scene.code] - 40): position[scene.code]]
                earlier = [s.scene for s in lookback if s.end <= shoot.start and set(casts[s.scene]) & set(scene.people)]
                if earlier:
                    scene = replace(scene, after=(self.rng.choice(earlier),))
            result.append(scene)
        return result

    def _caps(self, people, planted: list[Shoot], casts) -> dict[str, int | None]:
        minutes: dict[tuple[str, int], int] = {}
        offset = ORIGIN.hour * 60 + ORIGIN.minute
        for shoot in planted:
            cursor = shoot.start
            while cursor < shoot.end:
                day = (cursor + offset) // MINUTES_PER_DAY
                part_end = min(shoot.end, (day + 1) * MINUTES_PER_DAY - offset)
                for person in casts[shoot.scene]:
                    minutes[person, day] = minutes.get((person, day), 0) + part_end - cursor
                cursor = part_end
        caps = {}
        for person in people:
            if self.rng.random() < 0.25:
                caps[person] = None
                continue
            most = max((total for (who, _), total in minutes.items() if who == person), default=60)
            caps[person] = most + STEP * self.rng.randint(0, 6)
        return caps

    def _tighten(self, windows: list[Interval], shoots: list[Shoot]) -> tuple[Interval, ...]:
        """Shrink each free window around the planted shoots in it, keeping the shape's slack at each end; drop
        most windows nobody shoots in."""
        kept = []
        shoots = sorted(shoots, key=lambda shoot: shoot.start)
        starts = [shoot.start for shoot in shoots]
        for window in windows:
            starting = shoots[bisect_left(starts, window.start):bisect_left(starts, window.end)]
            inside = [s for s in starting if s.end <= window.end]
            if not inside:
                if self.rng.random() < self.form.empty_windows:
                    kept.append(window)
                continue
            start = max(window.start, min(s.start for s in inside) - self.rng.choice(self.form.slack))
            end = min(window.end, max(s.end for s in inside) + self.rng.choice(self.form.slack))
            kept.append(Interval(start, end))
        return normalize(kept)

    def _pins(self, planted: list[Shoot], scenes: list[Scene]) -> tuple[Pin, ...]:
        chosen = self.rng.sample(planted, max(1, len(planted) // 100))
        return tuple(Pin(scene=shoot.scene, start=shoot.start, module=shoot.module) for shoot in chosen)

    def _blocks(self, people, modules: list[Module], planted: list[Shoot], casts):
        """Closures and events only where no planted shoot needs the module or people."""
        closures = {m.code: [] for m in modules}
        events = []
        count = max(2, self.spec.days // 3)
        for number in range(count * 3):
            start = STEP * self.rng.randint(0, (self.horizon - 240) // STEP)
            span = Interval(start, start + STEP * self.rng.randint(6, 48))
            module = self.rng.choice(modules).code
            clash = [s for s in planted if s.start < span.end and span.start < s.end]
            if number % 3 == 0 and not any(s.module == module for s in clash):
                closures[module].append(span)
            elif number % 3 == 1:
                who = tuple(self.rng.sample(list(people), self.rng.randint(1, 3)))
                if not any(set(casts[s.scene]) & set(who) for s in clash):
                    events.append(Event(code=f"event-{number}", span=span, people=who, modules=(), title="Station experiment"))
            elif not any(s.module == module for s in clash):
                events.append(Event(code=f"event-{number}", span=span, people=(), modules=(module,), title="Cargo ops"))
        return {code: tuple(spans) for code, spans in closures.items()}, tuple(events)

    def _decoys(self, scenes, people, caps, pins, planted, modules) -> list[Scene]:
        """Scenes no schedule can hold (see the module docstring); about 3% of the scenes."""
        decoys = []
        capped = [p for p in people if caps[p] is not None]
        pinned = {pin.scene: pin for pin in pins}
        by_code = {scene.code: scene for scene in scenes}
        for number in range(max(2, len(scenes) // 33)):
            code = f"D{number + 1:03d}"
            kind = number % 3
            if kind == 0 and capped:
                person = self.rng.choice(capped)
                decoys.append(Scene(code=code, title=f"Decoy {code}", minutes=2 * caps[person] + STEP, people=(person,),
                                    modules=tuple(m.code for m in modules), priority=self.rng.choice((1, 3, 10))))
            elif kind == 1 or not capped:
                pin = pinned[self.rng.choice(sorted(pinned))]
                scene = by_code[pin.scene]
                # Must lie inside the pinned shoot's span and needs one of its people (or its camera, with
                # someone else): always overlaps it.
                people_in, elements = (scene.people[0],), ()
                outsiders = [person for person in people if person not in scene.people]
                if (CAMERA, 1) in scene.elements and outsiders:
                    people_in, elements = (self.rng.choice(outsiders),), ((CAMERA, 1),)
                decoys.append(Scene(code=code, title=f"Decoy {code}", minutes=min(30, scene.minutes), people=people_in,
                                    modules=tuple(m.code for m in modules), priority=self.rng.choice((1, 3, 10)),
                                    earliest=pin.start, latest=pin.start + scene.minutes, elements=elements))
            else:
                base = decoys[-1] if decoys else None
                if base is None:
                    continue
                helper = self.rng.choice(scenes)
                decoys.append(replace(helper, code=code, title=f"Decoy {code}", after=(base.code,), required=False,
                                      priority=self.rng.choice((1, 3, 10))))
        return decoys

    def _competitors(self, scenes: list[Scene], planted: list[Shoot], pins: tuple[Pin, ...]) -> list[Scene]:
        """The overfull shape's extra scenes: each has the cast and modules of a planted scene that is not
        pinned, lasts as long or a little less, and must be shot within `COMPETITOR_REACH` of where that scene
        was planted: it can be shot alone there, and with everything planted only in what slack its cast has
        left nearby."""
        pinned = {pin.scene for pin in pins}
        where = {shoot.scene: shoot for shoot in planted}
        templates = [scene for scene in scenes if scene.code not in pinned]
        competitors = []
        for number in range(round(len(scenes) * self.form.overfull)):
            template = self.rng.choice(templates)
            shoot = where[template.code]
            minutes = min(template.minutes, max(MIN_COMPETITOR_MINUTES, template.minutes - STEP * self.rng.randint(0, 2)))
            code = f"X{number + 1:03d}"
            competitors.append(Scene(
                code=code, title=f"Extra {code}", minutes=minutes, people=template.people, modules=template.modules,
                priority=self.rng.choice(PRIORITIES), window=template.window,
                earliest=max(0, shoot.start - COMPETITOR_REACH), latest=min(self.horizon, shoot.end + COMPETITOR_REACH),
            ))
        return competitors


def _light(horizon: int) -> Light:
    """Orbital day and night from the ISS TLE when the orbit module is there; a 93-minute synthetic orbit
    (about 36 minutes of shadow, drifting with the beta angle) otherwise."""
    try:
        from scheduling.solver.orbit import light_windows
    except ImportError:
        light_windows = None
    if light_windows is not None:
        return light_windows(ISS_TLE, ORIGIN, horizon)
    day, night = [], []
    cursor = 0
    orbit = 0
    while cursor < horizon:
        shadow = 36 + (orbit // 200) % 5 - 2
        sunlit_end = min(horizon, cursor + 93 - shadow)
        day.append(Interval(cursor, sunlit_end))
        if sunlit_end < horizon:
            night.append(Interval(sunlit_end, min(horizon, cursor + 93)))
        cursor += 93
        orbit += 1
    return Light(day=tuple(day), night=tuple(night))
