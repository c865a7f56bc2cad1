"""What a re-plan did to the published shoots: which moved or were dropped, and why, in a director's words.
Times: the stay starts 2021-10-05 16:00 UTC, so minute 960 is 6 Oct 08:00."""

from dataclasses import replace

from scheduling.solver import cpsat, greedy
from scheduling.solver.budget import Budget
from scheduling.solver.problem import Pin
from scheduling.solver.replan import move_words, published_moves
from scheduling.solver.validator import validate
from tests.solver.factories import event, module, person, problem, scene, schedule

PUBLISHED = (Pin("001", 960, "zvezda"), Pin("002", 1080, "zvezda"), Pin("003", 1200, "nauka"))


def stay(**changes):
    """Three published one-hour shoots on 6 Oct, at 08:00, 10:00 (zvezda) and 12:00 (nauka), under `changes`."""
    scenes = (scene("001"), scene("002", people=("shipenko",)), scene("003", people=("novitskiy",), modules=("nauka", "zvezda")))
    return replace(problem(scenes, **changes), anchors=PUBLISHED)


def moves_of(station, *shoots):
    return published_moves(station, schedule(station, *shoots))


def test_nothing_moved_says_nothing():
    station = stay()
    assert moves_of(station, ("001", "zvezda", 960), ("002", "zvezda", 1080), ("003", "nauka", 1200)) == ()


def test_a_shoot_under_a_new_closure_moved_because_its_module_is_closed():
    station = stay(modules=(module("zvezda", closed=((1080, 1140),)), module("nauka", capacity=3)))
    (move,) = moves_of(station, ("001", "zvezda", 960), ("002", "zvezda", 1300), ("003", "nauka", 1200))
    assert (move.scene, move.was_start, move.start, move.module) == ("002", 1080, 1300, "zvezda")
    assert move_words(station, move) == "moved 002 from 06 Oct 10:00 to 06 Oct 13:40: zvezda is closed then"


def test_a_station_event_is_named_with_what_it_blocks():
    hatches = replace(event("hatches", 950, 1030, people=None, modules=None), title="Hatches sealed")
    station = stay(events=(hatches,))
    (move,) = moves_of(station, ("001", "zvezda", 1300), ("002", "zvezda", 1080), ("003", "nauka", 1200))
    assert move.reason == "Hatches sealed blocks peresild and zvezda then"


def test_a_person_no_longer_free_is_named():
    people = (person("peresild", free=((0, 900), (1100, 2880))), person("shipenko"), person("novitskiy"))
    station = stay(people=people)
    (move,) = moves_of(station, ("001", "zvezda", 1300), ("002", "zvezda", 1080), ("003", "nauka", 1200))
    assert move.reason == "peresild is not free then"


def test_a_shoot_that_still_held_made_room_for_one_that_had_to_move():
    station = stay(modules=(module("zvezda", closed=((1080, 1140),)), module("nauka", capacity=3)))
    moves = moves_of(station, ("001", "zvezda", 960), ("002", "nauka", 1200), ("003", "zvezda", 1300))
    assert [(move.scene, move.reason) for move in moves] == [("002", "zvezda is closed then"), ("003", "made room for 002")]
    assert move_words(station, moves[0]) == "moved 002 from 06 Oct 10:00 in zvezda to 06 Oct 12:00 in nauka: zvezda is closed then"


def test_a_dropped_shoot_says_why_it_had_to_go_and_found_no_other_place():
    station = stay(modules=(module("zvezda", closed=((1080, 1140),)), module("nauka", capacity=3)))
    (move,) = moves_of(station, ("001", "zvezda", 960), ("003", "nauka", 1200))
    assert move.dropped
    words = move_words(station, move, dropped_reason="no slot left")
    assert words == "dropped 002 (was 06 Oct 10:00 in zvezda): zvezda is closed then; no slot left"


def test_a_director_pin_elsewhere_is_the_reason():
    station = replace(stay(), pins=(Pin("001", 1500, "zvezda"),))
    (move,) = moves_of(station, ("001", "zvezda", 1500), ("002", "zvezda", 1080), ("003", "nauka", 1200))
    assert move.reason == "pinned to 06 Oct 17:00 in zvezda"


def test_a_lowered_daily_cap_names_the_person_and_the_minutes():
    people = (person("peresild"), person("shipenko", cap=30), person("novitskiy"))
    station = stay(people=people)
    (move,) = moves_of(station, ("001", "zvezda", 960), ("003", "nauka", 1200))
    assert move.reason == "shipenko's shoots that day add up to 60 min, over the cap of 30"


def test_both_engines_move_only_the_shoot_the_closure_broke():
    station = stay(modules=(module("zvezda", closed=((1080, 1140),)), module("nauka", capacity=3)))
    for solution in (greedy.solve(station), cpsat.solve(station, budget=Budget(5))):
        assert validate(station, solution) == []
        assert [move.scene for move in published_moves(station, solution)] == ["002"]


def test_greedy_keeps_a_shoot_that_comes_after_one_the_station_moved_where_it_was():
    scenes = (scene("001"), scene("002", people=("shipenko",), after=("001",)))
    station = replace(
        problem(scenes, modules=(module("zvezda", closed=((960, 1020),)), module("nauka", capacity=3))),
        anchors=(Pin("001", 960, "zvezda"), Pin("002", 1200, "zvezda")),
    )
    solution = greedy.solve(station)
    assert validate(station, solution) == []
    assert [move.scene for move in published_moves(station, solution)] == ["001"]
