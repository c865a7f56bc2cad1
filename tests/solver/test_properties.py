"""Random small stays, limited elements included, and the benchmark's stays of every shape: neither engine ever
hands the validator a schedule it rejects."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generator import Size, generate
from bench.shapes import SHAPES
from scheduling.solver import cpsat, greedy
from scheduling.solver.budget import Budget
from scheduling.solver.problem import Element, Event, Interval, Light, Module, Person, Pin, Problem, Scene
from scheduling.solver.solution import STATUS_FEASIBLE, STATUS_INFEASIBLE
from scheduling.solver.validator import validate
from tests.solver.factories import ORIGIN

HORIZON = 1440  # from 16:00 UTC: a midnight at minute 480 splits daily caps
MODULE_CODES = ("zvezda", "nauka", "poisk")
PEOPLE_CODES = ("peresild", "shipenko", "novitskiy")
ELEMENT_CODES = ("cam-a", "light-kit", "scalpel")
# Rules an infeasible answer may break: it says so in its conflicts instead.
INFEASIBLE_ONLY = {"required", "pin", "after"}


@st.composite
def spans(draw, most: int, longest: int = 600) -> tuple[Interval, ...]:
    found = []
    for _ in range(draw(st.integers(0, most))):
        start = draw(st.integers(0, HORIZON - 1))
        found.append(Interval(start, min(HORIZON, start + draw(st.integers(1, longest)))))
    return tuple(found)


@st.composite
def orbital_light(draw) -> Light:
    day_length, night_length = draw(st.integers(20, 60)), draw(st.integers(10, 40))
    day, night, cursor = [], [], draw(st.integers(0, 30))
    if cursor:
        day.append(Interval(0, cursor))
    dark = bool(cursor)
    while cursor < HORIZON:
        end = min(HORIZON, cursor + (night_length if dark else day_length))
        (night if dark else day).append(Interval(cursor, end))
        cursor, dark = end, not dark
    return Light(day=tuple(day), night=tuple(night))


def rarely(value: bool):
    """`value` about one time in four."""
    return st.sampled_from((value, not value, not value, not value))


def subset(codes: tuple[str, ...]):
    return st.lists(st.sampled_from(codes), min_size=1, max_size=len(codes), unique=True).map(tuple)


def everyone_or(codes: tuple[str, ...]):
    return st.one_of(st.none(), st.lists(st.sampled_from(codes), max_size=2, unique=True).map(tuple))


@st.composite
def stays(draw) -> Problem:
    modules = tuple(
        Module(code, capacity=draw(st.integers(1, 4)), window=draw(rarely(False)), closed=draw(spans(2, 200)))
        for code in draw(subset(MODULE_CODES))
    )
    people = tuple(
        Person(code, free=draw(spans(5, 900)), max_minutes_per_day=draw(st.one_of(st.none(), st.integers(30, 300))))
        for code in draw(subset(PEOPLE_CODES))
    )
    module_codes, people_codes = tuple(m.code for m in modules), tuple(p.code for p in people)
    # Quantity None never limits; a count above the quantity (refused in a file) leaves the scene no start.
    elements = tuple(Element(code, quantity=draw(st.sampled_from((None, 1, 1, 2, 3)))) for code in ELEMENT_CODES)
    events = tuple(
        Event(f"e{index}", span, people=draw(everyone_or(people_codes)), modules=draw(everyone_or(module_codes)))
        for index, span in enumerate(draw(spans(3, 120)))
    )
    scenes = []
    for index in range(draw(st.integers(1, 8))):
        earliest = draw(st.one_of(st.none(), st.none(), st.integers(0, HORIZON)))
        scenes.append(Scene(
            code=f"{index:03d}",
            minutes=draw(st.integers(10, 120)),
            people=draw(subset(people_codes)),
            modules=draw(subset(module_codes)),
            priority=draw(st.integers(1, 5)),
            required=draw(st.sampled_from((True, *[False] * 7))),
            earliest=earliest,
            latest=draw(st.one_of(st.none(), st.none(), st.integers(earliest or 0, HORIZON))),
            # Any scene, so cycles and self-references happen too.
            after=tuple(draw(st.lists(st.sampled_from([f"{n:03d}" for n in range(9)]), max_size=2, unique=True))),
            light=draw(st.sampled_from(("any", "any", "day", "night"))),
            window=draw(rarely(True)),
            elements=tuple(draw(st.lists(st.tuples(st.sampled_from(ELEMENT_CODES), st.sampled_from((1, 1, 1, 2, 3))),
                                         max_size=2, unique_by=lambda use: use[0]))),
        ))
    pins = ()
    if draw(rarely(True)):
        pinned = draw(st.sampled_from(scenes))
        pins = (Pin(pinned.code, draw(st.integers(0, HORIZON - 1)), draw(st.sampled_from(pinned.modules))),)
    known = {scene.code for scene in scenes}
    scenes = [Scene(**{**scene.__dict__, "after": tuple(c for c in scene.after if c in known)}) for scene in scenes]
    return Problem(
        code="random", origin=ORIGIN, horizon=HORIZON, modules=modules, people=people, scenes=tuple(scenes),
        events=events, pins=pins, light=draw(st.one_of(st.none(), orbital_light())), elements=elements,
    )


def assert_valid_unless_infeasible(stay: Problem, solution) -> None:
    violations = validate(stay, solution)
    if solution.status == STATUS_INFEASIBLE:
        assert solution.conflicts
        assert {violation.rule for violation in violations} <= INFEASIBLE_ONLY
    else:
        assert violations == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stays())
def test_greedy_schedule_always_passes_the_validator(stay):
    solution = greedy.solve(stay)
    assert solution.status in (STATUS_FEASIBLE, STATUS_INFEASIBLE)
    assert_valid_unless_infeasible(stay, solution)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stays())
def test_cpsat_schedule_always_passes_the_validator(stay):
    # Far more time than these tiny stays need: the search ends on its own, never on the clock.
    solution = cpsat.solve(stay, budget=Budget(60))
    assert solution.stats["stopped"] is None
    baseline = greedy.solve(stay)
    if baseline.status == STATUS_FEASIBLE and solution.status != STATUS_INFEASIBLE:
        assert solution.objective >= baseline.objective
    assert_valid_unless_infeasible(stay, solution)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stays())
def test_every_scene_the_greedy_leaves_out_has_a_reason_and_no_free_slot(stay):
    solution = greedy.solve(stay)
    for entry in solution.unscheduled:
        assert entry.reason
        # The board only fills up as the greedy goes: a slot free at the end was free when the scene was tried.
        assert not entry.reason.startswith("still fits"), entry


# Every shape of the benchmark's stays (bench/shapes.py), drawn three days long with a dozen scenes: the same
# promise on the equipment, orbit and overfull stays as on the hand-drawn ones above.
TINY = Size(days=3, scenes=12, people=4, modules=4, light=True)


@settings(max_examples=18, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SHAPES)), st.integers(1, 10**6))
def test_both_engines_schedules_pass_the_validator_on_every_shape_of_stay(shape, seed):
    stay = generate(TINY, seed=seed, shape=shape).problem
    baseline = greedy.solve(stay)
    assert_valid_unless_infeasible(stay, baseline)
    solution = cpsat.solve(stay, budget=Budget(60))
    assert solution.stats["stopped"] is None
    assert_valid_unless_infeasible(stay, solution)
    if baseline.status == STATUS_FEASIBLE and solution.status != STATUS_INFEASIBLE:
        assert solution.objective >= baseline.objective
    if solution.bound is not None:
        assert solution.objective <= solution.bound
