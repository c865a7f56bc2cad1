"""The board the greedy engine and the CP-SAT warm start place shoots on."""

from __future__ import annotations

from scheduling.solver.placement import Placement
from scheduling.solver.problem import Interval
from tests.solver.factories import element, person, problem, scene


def test_earliest_start_jumps_past_busy_people_and_modules():
    stay = problem((scene("001", 60), scene("002", 60, people=("shipenko",)), scene("003", 30, people=("peresild", "shipenko"))))
    board = Placement(stay)
    board.place("001", "zvezda", 0)
    board.place("002", "nauka", 60)
    assert board.earliest_start("003", "poisk", (Interval(0, 1000),)) == 120
    assert board.earliest_start("003", "poisk", (Interval(0, 1000),), before=120) is None


def test_clash_names_the_shoots_in_the_way_and_the_next_start_worth_trying():
    stay = problem((scene("001", 60), scene("002", 60)))
    board = Placement(stay)
    board.place("001", "zvezda", 0)
    clash = board.clash_at("002", "nauka", 30)
    assert (clash.scenes, clash.next_start) == (("001",), 60)


def test_removed_shoot_frees_its_people_module_and_daily_minutes():
    stay = problem((scene("001", 60), scene("002", 60)), people=(person("peresild", cap=60),))
    board = Placement(stay)
    board.place("001", "zvezda", 0)
    assert not board.can_place("002", "zvezda", 100)
    board.remove("001")
    assert board.can_place("002", "zvezda", 0)
    assert board.minutes_on("peresild", 0) == 0


def test_a_scene_cannot_be_placed_before_a_scene_it_follows():
    stay = problem((scene("001", 60), scene("002", 30, people=("shipenko",), modules=("nauka",), after=("001",))))
    board = Placement(stay)
    assert not board.can_place("002", "nauka", 200)
    board.place("001", "zvezda", 100)
    assert not board.can_place("002", "nauka", 130)
    assert board.can_place("002", "nauka", 160)


def test_shoots_sharing_a_single_minute_clash_but_touching_ones_do_not():
    stay = problem((scene("001", 60), scene("002", 60, people=("shipenko",))))
    board = Placement(stay)
    board.place("001", "zvezda", 60)
    assert board.clash_at("002", "zvezda", 1).scenes == ("001",)
    assert board.clash_at("002", "zvezda", 119).scenes == ("001",)
    assert board.clash_at("002", "zvezda", 0) is None
    assert board.clash_at("002", "zvezda", 120) is None


def test_clash_names_the_element_and_the_shoots_using_it_and_jumps_past_them():
    stay = problem(
        (scene("001", 60, elements=(("light-kit", 1),)), scene("002", 60, people=("shipenko",), modules=("nauka",), elements=(("light-kit", 1),)),
         scene("003", 30, people=("novitskiy",), modules=("poisk",), elements=(("light-kit", 1),))),
        elements=(element("light-kit", 2),),
    )
    board = Placement(stay)
    board.place("001", "zvezda", 0)
    board.place("002", "nauka", 40)
    clash = board.clash_at("003", "poisk", 20)
    assert (clash.scenes, clash.elements, clash.next_start) == ((), (("light-kit", ("001", "002")),), 60)
    assert clash.in_the_way == ("001", "002")
    assert board.can_place("003", "poisk", 10)  # only 001 holds a kit over 10-40
    assert board.earliest_start("003", "poisk", (Interval(20, 1000),)) == 60
    board.remove("002")
    assert board.can_place("003", "poisk", 20)
