"""Limited elements (hard constraint 10): the rule in each engine, one behaviour per test, and the bookkeeping
behind it (use profiles, the board's shortage answer) against minute-by-minute counts."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scheduling.solver import engine
from scheduling.solver.elements import ElementUsage, crowded_spans, limited_uses, shortages, usage_levels
from scheduling.solver.problem import Interval
from scheduling.solver.solution import STATUS_INFEASIBLE
from scheduling.solver.validator import validate
from tests.solver.factories import element, one_slot_for_two, problem, scene

SECONDS = 5


def solved(stay, name: str):
    solution = engine.solve(stay, engine=name, seconds=SECONDS, workers=1)
    assert solution.status != STATUS_INFEASIBLE
    assert validate(stay, solution) == []
    return solution, {shoot.scene for shoot in solution.shoots}


@pytest.mark.parametrize("name", engine.ENGINES)
def test_a_single_camera_shoots_one_scene_at_a_time_and_the_other_is_left_out_with_the_reason(name):
    solution, shot = solved(one_slot_for_two(quantity=1), name)
    assert shot == {"007"}
    assert [(entry.scene, entry.reason) for entry in solution.unscheduled] == [("012", "needs cam-a, which scene 007 uses then")]


@pytest.mark.parametrize("name", engine.ENGINES)
def test_two_cameras_let_both_scenes_shoot_at_once(name):
    _, shot = solved(one_slot_for_two(quantity=2), name)
    assert shot == {"007", "012"}


@pytest.mark.parametrize("name", engine.ENGINES)
def test_an_element_without_a_quantity_never_limits(name):
    _, shot = solved(one_slot_for_two(quantity=None), name)
    assert shot == {"007", "012"}


@pytest.mark.parametrize("name", engine.ENGINES)
def test_counts_of_an_element_add_up_to_at_most_its_quantity(name):
    _, too_many = solved(one_slot_for_two(quantity=3, counts=(2, 2)), name)
    _, enough = solved(one_slot_for_two(quantity=3, counts=(2, 1)), name)
    assert too_many == {"007"}
    assert enough == {"007", "012"}

uses = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 80), st.integers(1, 3)).map(lambda use: (use[0], use[0] + use[1], use[2])),
    max_size=8,
)


def level_at(placed: list[tuple[int, int, int]], minute: int) -> int:
    return sum(count for start, end, count in placed if start <= minute < end)


@settings(max_examples=200, deadline=None)
@given(placed=uses, quantity=st.integers(1, 4), start=st.integers(0, 250), minutes=st.integers(1, 80), count=st.integers(1, 4))
def test_shortage_says_exactly_when_a_shoot_lacks_room_and_every_start_it_skips_lacks_it_too(placed, quantity, start, minutes, count):
    assume(count <= quantity)  # a scene needing more has no start at all (`shortages`), so nothing asks
    usage = ElementUsage(quantity)
    for number, (first, end, used) in enumerate(placed):
        usage.add(first, end, f"{number:03d}", used)

    def lacks(at: int) -> bool:
        return any(level_at(placed, minute) + count > quantity for minute in range(at, at + minutes))

    shortage = usage.shortage(start, start + minutes, count)
    assert (shortage is not None) == lacks(start)
    if shortage is not None:
        next_start, users = shortage
        assert next_start > start
        assert all(lacks(skipped) for skipped in range(start, next_start))
        overlapping = {f"{number:03d}" for number, (first, end, _) in enumerate(placed) if first < start + minutes and start < end}
        assert users and set(users) <= overlapping


@settings(max_examples=100, deadline=None)
@given(placed=uses, room=st.integers(0, 4))
def test_levels_and_crowded_spans_match_the_count_at_every_minute(placed, room):
    for minute in range(0, 300):
        level = next((level for low, high, level in usage_levels(placed) if low <= minute < high), 0)
        assert level == level_at(placed, minute)
        crowded = any(span.start <= minute < span.end for span in crowded_spans(placed, room))
        assert crowded == (level_at(placed, minute) > room)


def test_removing_a_use_gives_its_room_back():
    usage = ElementUsage(1)
    usage.add(0, 60, "007", 1)
    usage.add(60, 120, "012", 1)
    assert usage.shortage(30, 90, 1) == (120, ("007", "012"))
    usage.remove(0, "007")
    assert usage.shortage(0, 60, 1) is None
    assert usage.in_progress(0, 61) == [(60, 120, "012", 1)]


def test_only_elements_with_a_quantity_limit_a_scene_and_a_listing_twice_adds_up():
    stay = problem(
        (scene("007", elements=(("cam-a", 1), ("scalpel", 1), ("light-kit", 1), ("light-kit", 1), ("unlisted", 1))),),
        elements=(element("cam-a"), element("scalpel", None, category="props"), element("light-kit", 1)),
    )
    assert limited_uses(stay, stay.scene("007")) == (("cam-a", 1), ("light-kit", 2))
    assert shortages(stay, stay.scene("007")) == [("light-kit", 2, 1)]
    assert crowded_spans([(0, 60, 1), (30, 90, 1)], 1) == (Interval(30, 60),)
