"""The stripboard engine: one behaviour per hard rule, each schedule also passing the independent validator."""

from __future__ import annotations

from scheduling.solver import greedy
from scheduling.solver.problem import Pin
from scheduling.solver.solution import STATUS_FEASIBLE, STATUS_INFEASIBLE
from scheduling.solver.validator import validate
from tests.solver.factories import MIDNIGHT, element, event, light, module, person, problem, scene


def solved(stay):
    solution = greedy.solve(stay)
    assert validate(stay, solution) == [] or solution.status == STATUS_INFEASIBLE
    return solution, {shoot.scene: shoot for shoot in solution.shoots}


def test_shoot_starts_when_everyone_in_it_is_free():
    stay = problem(
        (scene("001", 40, people=("peresild", "shipenko")),),
        people=(person("peresild", free=((100, 200),)), person("shipenko", free=((150, 300),))),
    )
    _, shoots = solved(stay)
    assert (shoots["001"].start, shoots["001"].end) == (150, 190)


def test_shoot_may_span_touching_free_windows():
    stay = problem((scene("001", 60),), people=(person("peresild", free=((100, 130), (130, 160))),))
    _, shoots = solved(stay)
    assert shoots["001"].start == 100


def test_person_never_shoots_two_scenes_at_once():
    stay = problem((scene("001", 60, modules=("zvezda",)), scene("002", 60, modules=("nauka",))))
    _, shoots = solved(stay)
    assert shoots["002"].start >= shoots["001"].end or shoots["001"].start >= shoots["002"].end


def test_module_hosts_one_shoot_at_a_time():
    stay = problem((scene("001", 60, people=("peresild",)), scene("002", 60, people=("shipenko",))))
    _, shoots = solved(stay)
    assert sorted((shoots["001"].start, shoots["002"].start)) == [0, 60]


def test_scene_goes_to_a_module_that_holds_its_head_count():
    stay = problem((scene("001", 30, people=("peresild", "shipenko", "novitskiy"), modules=("poisk", "zvezda")),))
    _, shoots = solved(stay)
    assert shoots["001"].module == "zvezda"


def test_window_scene_goes_to_a_module_with_a_window():
    stay = problem((scene("001", 30, modules=("poisk", "nauka"), window=True),))
    _, shoots = solved(stay)
    assert shoots["001"].module == "nauka"


def test_shoot_never_overlaps_a_module_closure():
    stay = problem((scene("001", 60),), modules=(module("zvezda", closed=((0, 45), (100, 130))),))
    _, shoots = solved(stay)
    assert shoots["001"].start == 130


def test_shoot_never_overlaps_a_station_event():
    stay = problem(
        (scene("001", 60, people=("peresild",), modules=("zvezda",)),),
        events=(event("conference", 0, 30, people=("peresild",)), event("docking", 50, 100, modules=None)),
    )
    _, shoots = solved(stay)
    assert shoots["001"].start == 100


def test_daily_cap_counts_a_shoot_across_midnight_in_both_days():
    # 80 minutes under a 60-minute cap fit only astride midnight, at most 60 on either side.
    stay = problem(
        (scene("001", 80),),
        people=(person("peresild", free=((MIDNIGHT - 100, MIDNIGHT + 200),), cap=60),),
    )
    _, shoots = solved(stay)
    assert shoots["001"].start == MIDNIGHT - 60


def test_daily_cap_pushes_a_second_shoot_until_it_fits_the_rest_of_the_day():
    # 60 of peresild's 90 minutes are used on day one: the next shoot may put only 30 before midnight.
    stay = problem(
        (scene("001", 60, priority=2), scene("002", 60, modules=("nauka",))),
        people=(person("peresild", cap=90),),
    )
    _, shoots = solved(stay)
    assert shoots["001"].start == 0
    assert shoots["002"].start == MIDNIGHT - 30


def test_shoot_lies_between_earliest_and_latest():
    stay = problem((scene("001", 60, earliest=200, latest=400), scene("002", 60, latest=50)))
    solution, shoots = solved(stay)
    assert shoots["001"].start == 200
    assert [entry.scene for entry in solution.unscheduled] == ["002"]


def test_scene_comes_after_the_scenes_it_follows():
    stay = problem((scene("002", 30, people=("shipenko",), priority=10, after=("001",)), scene("001", 90, modules=("nauka",))))
    _, shoots = solved(stay)
    assert shoots["002"].start >= shoots["001"].end


def test_scene_is_left_out_when_a_scene_it_follows_is():
    stay = problem((scene("001", 60, earliest=10_000), scene("002", 30, after=("001",))))
    solution, _ = solved(stay)
    assert {entry.scene for entry in solution.unscheduled} == {"001", "002"}


def test_day_scene_lies_in_one_orbital_day_and_night_scene_in_one_night():
    stay = problem(
        (scene("day", 50, light="day"), scene("night", 30, people=("shipenko",), light="night")),
        light=light((30, 70), (130, 170)),
    )
    _, shoots = solved(stay)
    assert (shoots["day"].start, shoots["night"].start) == (70, 30)


def test_pinned_scene_is_shot_exactly_where_pinned_and_others_work_around_it():
    stay = problem((scene("001", 60, modules=("zvezda", "nauka")), scene("002", 60, priority=9)), pins=(Pin("001", 30, "nauka"),))
    solution, shoots = solved(stay)
    assert (shoots["001"].start, shoots["001"].module) == (30, "nauka")
    assert shoots["002"].start == 90
    assert solution.status == STATUS_FEASIBLE


def test_scene_a_pin_follows_is_shot_before_the_pin():
    stay = problem((scene("001", 60, after=("000",)), scene("000", 45, people=("shipenko",))), pins=(Pin("001", 100, "zvezda"),))
    solution, shoots = solved(stay)
    assert shoots["000"].end <= 100
    assert solution.status == STATUS_FEASIBLE


def test_pin_inside_a_closure_makes_the_schedule_infeasible():
    stay = problem((scene("001", 60),), modules=(module("zvezda", closed=((0, 100),)),), pins=(Pin("001", 30, "zvezda"),))
    solution, shoots = solved(stay)
    assert solution.status == STATUS_INFEASIBLE
    assert "001" not in shoots
    assert "zvezda is closed" in solution.conflicts[0]


def test_required_scene_takes_the_only_slot_before_higher_priority_ones():
    stay = problem(
        (scene("001", 60, priority=10), scene("002", 60, priority=1, required=True)),
        people=(person("peresild", free=((0, 60),)),),
    )
    solution, shoots = solved(stay)
    assert set(shoots) == {"002"}
    assert solution.status == STATUS_FEASIBLE and solution.objective == 1


def test_required_scene_without_a_place_makes_the_schedule_infeasible():
    stay = problem((scene("001", 60, required=True, people=("peresild", "shipenko", "novitskiy"), modules=("poisk",)),))
    solution, _ = solved(stay)
    assert solution.status == STATUS_INFEASIBLE
    assert solution.conflicts == ("required scene 001 cannot be scheduled: no module among poisk holds 3 people",)


def test_higher_priority_scene_gets_the_earlier_slot():
    stay = problem((scene("low", 60, priority=1), scene("high", 60, priority=5)))
    _, shoots = solved(stay)
    assert shoots["high"].start == 0 and shoots["low"].start == 60


def test_stripboard_order_puts_what_a_high_priority_scene_follows_first():
    stay = problem((scene("a", priority=1), scene("b", priority=3), scene("c", priority=9, after=("a",))))
    assert [s.code for s in greedy.stripboard_order(stay)] == ["a", "c", "b"]


def test_replan_keeps_published_shoots_that_still_fit_and_moves_the_rest():
    from dataclasses import replace

    stay = problem(
        (scene("001", 60), scene("002", 60), scene("003", 60)),
        events=(event("repair", 500, 560, modules=("zvezda",)),),
    )
    published = (Pin("001", 300, "zvezda"), Pin("002", 500, "zvezda"), Pin("003", 900, "zvezda"))
    solution, shoots = solved(replace(stay, anchors=published))
    assert (shoots["001"].start, shoots["001"].module) == (300, "zvezda")
    assert (shoots["003"].start, shoots["003"].module) == (900, "zvezda")
    assert (shoots["002"].start, shoots["002"].module) != (500, "zvezda")  # the repair took its slot
    assert solution.status == STATUS_FEASIBLE


def test_a_shared_camera_pushes_the_next_scene_past_the_shoot_using_it():
    stay = problem(
        (scene("001", 60, priority=2, elements=(("cam-a", 1),)),
         scene("002", 60, people=("shipenko",), modules=("nauka",), elements=(("cam-a", 1),))),
        elements=(element("cam-a"),),
    )
    _, shoots = solved(stay)
    assert (shoots["001"].start, shoots["002"].start) == (0, 60)
