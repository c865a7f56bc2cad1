"""Small hand-built problems: a two-day stay starting 2021-10-05 16:00 UTC, so the first UTC midnight
falls at minute 480."""

from __future__ import annotations

from datetime import datetime, timezone

from types import MappingProxyType

from scheduling.solver.geometry import OrbitGeometry, PlaceGeometry
from scheduling.solver.orbit import OrbitLight
from scheduling.solver.problem import Element, Event, Interval, Light, Module, Person, Pin, Place, Problem, Scene
from scheduling.solver.solution import STATUS_FEASIBLE, Shoot, Solution, Unscheduled

ORIGIN = datetime(2021, 10, 5, 16, 0, tzinfo=timezone.utc)
HORIZON = 2 * 1440
MIDNIGHT = 480


def span(start: int, end: int) -> Interval:
    return Interval(start, end)


def person(code: str, free: tuple[tuple[int, int], ...] = ((0, HORIZON),), cap: int | None = None) -> Person:
    return Person(code=code, free=tuple(Interval(*window) for window in free), max_minutes_per_day=cap)


def module(code: str, capacity: int = 5, window: bool = True, closed: tuple[tuple[int, int], ...] = ()) -> Module:
    return Module(code=code, capacity=capacity, window=window, closed=tuple(Interval(*c) for c in closed))


def scene(code: str, minutes: int = 60, people: tuple[str, ...] = ("peresild",), modules: tuple[str, ...] = ("zvezda",), **fields) -> Scene:
    return Scene(code=code, minutes=minutes, people=people, modules=modules, **fields)


def event(code: str, start: int, end: int, people: tuple[str, ...] | None = (), modules: tuple[str, ...] | None = ()) -> Event:
    return Event(code=code, span=Interval(start, end), people=people, modules=modules)


def element(code: str, quantity: int | None = 1, category: str = "equipment") -> Element:
    return Element(code=code, quantity=quantity, category=category)


def light(*nights: tuple[int, int], horizon: int = HORIZON) -> Light:
    """Orbital light with the given night spans and day everywhere else."""
    day, cursor = [], 0
    for start, end in nights:
        if start > cursor:
            day.append(Interval(cursor, start))
        cursor = end
    if cursor < horizon:
        day.append(Interval(cursor, horizon))
    return Light(day=tuple(day), night=tuple(Interval(*night) for night in nights))


def passes(*in_view: tuple[int, int], day: tuple[tuple[int, int], ...] = (), night: tuple[tuple[int, int], ...] = ()) -> PlaceGeometry:
    """A place's geometry: the station in view over the given spans, the ground lit or dark over `day`/`night`."""
    def spans(pairs):
        return tuple(Interval(*pair) for pair in pairs)

    return PlaceGeometry(in_view=spans(in_view), ground_day=spans(day), ground_night=spans(night))


def orbit(
    *nights: tuple[int, int], places: dict[str, PlaceGeometry] | None = None, horizon: int = HORIZON,
    sunrises: tuple[float, ...] | None = None, sunsets: tuple[float, ...] | None = None,
) -> OrbitGeometry:
    """Orbital geometry with the given nights (sunsets half a minute before each, sunrises half a minute after,
    unless given) and places by code."""
    return OrbitGeometry(
        light=OrbitLight(
            light=light(*nights, horizon=horizon),
            sunrises=sunrises if sunrises is not None else tuple(end + 0.5 for _, end in nights),
            sunsets=sunsets if sunsets is not None else tuple(start - 0.5 for start, _ in nights),
        ),
        places=MappingProxyType(dict(places or {})),
    )


MOSCOW = Place(code="moscow", name="Moscow", lat=55.7558, lon=37.6173, min_elevation=10)
TSUP = Place(code="tsup", name="TsUP", lat=55.9125, lon=37.8103, min_elevation=5)


def problem(
    scenes: tuple[Scene, ...],
    people: tuple[Person, ...] | None = None,
    modules: tuple[Module, ...] | None = None,
    events: tuple[Event, ...] = (),
    pins: tuple[Pin, ...] = (),
    light: Light | None = None,
    horizon: int = HORIZON,
    elements: tuple[Element, ...] = (),
    geometry: OrbitGeometry | None = None,
) -> Problem:
    """Defaults: peresild, shipenko and novitskiy free throughout; zvezda (5, window), nauka (3, window),
    poisk (2, no window). With a `geometry`, its light is the problem's and its places are Moscow and TsUP."""
    return Problem(
        code="challenge",
        origin=ORIGIN,
        horizon=horizon,
        modules=modules or (module("zvezda"), module("nauka", capacity=3), module("poisk", capacity=2, window=False)),
        people=people or (person("peresild"), person("shipenko"), person("novitskiy")),
        scenes=scenes,
        events=events,
        pins=pins,
        light=geometry.light.light if geometry is not None else light,
        places=(MOSCOW, TSUP) if geometry is not None else (),
        geometry=geometry,
        elements=elements,
    )


def schedule(problem: Problem, *shoots: tuple[str, str, int], objective: int | None = None) -> Solution:
    """A feasible-looking solution with shoots given as (scene, module, start) lasting their scene's minutes,
    every other scene unscheduled and the objective summed right, unless told otherwise."""
    placed = tuple(
        Shoot(scene=code, module=where, start=start, end=start + problem.scene(code).minutes) for code, where, start in shoots
    )
    shot = {shoot.scene for shoot in placed}
    return Solution(
        engine="hand",
        status=STATUS_FEASIBLE,
        objective=sum(problem.scene(code).priority for code in shot) if objective is None else objective,
        bound=None,
        seconds=0.0,
        shoots=placed,
        unscheduled=tuple(Unscheduled(s.code, "left out") for s in problem.scenes if s.code not in shot),
    )


def one_slot_for_two(quantity: int | None = 1, counts: tuple[int, int] = (1, 1), **fields) -> Problem:
    """Scenes 007 (priority 2, peresild in zvezda) and 012 (priority 1, shipenko in nauka), 60 minutes each, whose
    people are free only over [0, 60) and who use `counts` of cam-a, of which the production has `quantity`.
    Nothing but cam-a stands between them; `fields` go to both scenes (required=True, say)."""
    return problem(
        (scene("007", 60, people=("peresild",), modules=("zvezda",), priority=2, elements=(("cam-a", counts[0]),), **fields),
         scene("012", 60, people=("shipenko",), modules=("nauka",), priority=1, elements=(("cam-a", counts[1]),), **fields)),
        people=(person("peresild", free=((0, 60),)), person("shipenko", free=((0, 60),))),
        elements=(element("cam-a", quantity),),
    )
