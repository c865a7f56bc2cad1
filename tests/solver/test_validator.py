"""The independent validator: each rule catches a hand-made bad schedule, and says so in words."""

from __future__ import annotations

import dataclasses

import pytest

from scheduling.solver.problem import Pin
from scheduling.solver.solution import Shoot, Unscheduled
from scheduling.solver.validator import ScheduleInvalid, assert_valid, validate
from tests.solver.factories import (
    MIDNIGHT, element, event, light, module, one_slot_for_two, orbit, passes, person, problem, schedule, scene,
)


def rules(stay, solution) -> list[str]:
    return sorted({violation.rule for violation in validate(stay, solution)})


def test_a_good_schedule_has_no_violations():
    stay = problem((scene("001", 60), scene("002", 60, after=("001",))))
    assert validate(stay, schedule(stay, ("001", "zvezda", 0), ("002", "zvezda", 60))) == []


def test_shoot_of_an_unknown_scene_is_rejected():
    stay = problem((scene("001"),))
    solution = schedule(stay)
    solution = dataclasses.replace(solution, shoots=(Shoot("999", "zvezda", 0, 60),))
    assert rules(stay, solution) == ["unknown-scene"]


def test_scene_shot_twice_is_rejected():
    stay = problem((scene("001"),))
    solution = schedule(stay, ("001", "zvezda", 0), ("001", "zvezda", 100))
    assert rules(stay, solution) == ["duplicate-scene"]
    assert any(v.message == "scene 001 is shot 2 times" for v in validate(stay, solution))


def test_shoot_of_the_wrong_length_is_rejected():
    stay = problem((scene("001", 60),))
    solution = dataclasses.replace(schedule(stay, ("001", "zvezda", 0)), shoots=(Shoot("001", "zvezda", 0, 50),))
    assert rules(stay, solution) == ["length"]


def test_shoot_outside_the_filming_window_is_rejected():
    stay = problem((scene("001", 60),), horizon=1000)
    assert rules(stay, schedule(stay, ("001", "zvezda", 980))) == ["window"]


def test_shoot_in_a_module_the_scene_does_not_allow_is_rejected():
    stay = problem((scene("001", modules=("zvezda",)),))
    assert rules(stay, schedule(stay, ("001", "nauka", 0))) == ["module-allowed"]


def test_shoot_while_a_person_is_not_free_is_rejected():
    stay = problem((scene("001", 60),), people=(person("peresild", free=((0, 50), (70, 200))),))
    violations = validate(stay, schedule(stay, ("001", "zvezda", 0)))
    assert [v.rule for v in violations] == ["free-window"]
    assert violations[0].message == "scene 001 in zvezda 2021-10-05 16:00-17:00 UTC: peresild is not free for all of it"


def test_person_in_two_overlapping_shoots_is_rejected():
    stay = problem((scene("001", 60), scene("002", 60, modules=("nauka",))))
    assert rules(stay, schedule(stay, ("001", "zvezda", 0), ("002", "nauka", 59))) == ["person-overlap"]


def test_module_hosting_two_overlapping_shoots_is_rejected():
    stay = problem((scene("001", 60), scene("002", 60, people=("shipenko",))))
    violations = validate(stay, schedule(stay, ("001", "zvezda", 0), ("002", "zvezda", 30)))
    assert [v.rule for v in violations] == ["module-overlap"]
    assert "zvezda is in two shoots at once" in violations[0].message


def test_shoot_with_more_people_than_the_module_holds_is_rejected():
    stay = problem((scene("001", people=("peresild", "shipenko", "novitskiy"), modules=("poisk",)),))
    assert rules(stay, schedule(stay, ("001", "poisk", 0))) == ["capacity"]


def test_window_scene_in_a_module_without_a_window_is_rejected():
    stay = problem((scene("001", modules=("poisk",), window=True),))
    assert rules(stay, schedule(stay, ("001", "poisk", 0))) == ["module-window"]


def test_shoot_during_a_module_closure_is_rejected():
    stay = problem((scene("001", 60),), modules=(module("zvezda", closed=((50, 80),)),))
    assert rules(stay, schedule(stay, ("001", "zvezda", 0))) == ["closure"]


def test_shoot_during_a_station_event_is_rejected():
    stay = problem((scene("001", 60),), events=(event("ms18-test", 30, 60, people=None),))
    violations = validate(stay, schedule(stay, ("001", "zvezda", 0)))
    assert [v.rule for v in violations] == ["event"]
    assert "event ms18-test 2021-10-05 16:30-17:00 UTC blocks peresild" in violations[0].message


def test_event_elsewhere_does_not_block_a_shoot():
    stay = problem((scene("001", 60),), events=(event("repair", 0, 60, people=("shipenko",), modules=("nauka",)),))
    assert validate(stay, schedule(stay, ("001", "zvezda", 0))) == []


def test_daily_cap_counts_a_shoot_across_midnight_in_each_day():
    stay = problem((scene("001", 100), scene("002", 30)), people=(person("peresild", cap=60),))
    fine = schedule(stay, ("001", "zvezda", MIDNIGHT - 50))
    too_much = schedule(stay, ("001", "zvezda", MIDNIGHT - 50), ("002", "zvezda", MIDNIGHT + 100))
    assert validate(stay, fine) == []
    violations = validate(stay, too_much)
    assert [v.rule for v in violations] == ["daily-cap"]
    assert violations[0].message == "peresild shoots 80 min on 2021-10-06, more than the cap of 60"


def test_shoot_before_earliest_or_after_latest_is_rejected():
    stay = problem((scene("001", 60, earliest=100), scene("002", 60, people=("shipenko",), modules=("nauka",), latest=100)))
    assert rules(stay, schedule(stay, ("001", "zvezda", 50), ("002", "nauka", 50))) == ["earliest", "latest"]


def test_scene_shot_before_a_scene_it_follows_ends_is_rejected():
    stay = problem((scene("001", 60), scene("002", 60, people=("shipenko",), modules=("nauka",), after=("001",))))
    assert rules(stay, schedule(stay, ("001", "zvezda", 0), ("002", "nauka", 30))) == ["after"]


def test_scene_shot_without_a_scene_it_follows_is_rejected():
    stay = problem((scene("001", 60), scene("002", 60, after=("001",))))
    assert rules(stay, schedule(stay, ("002", "zvezda", 0))) == ["after"]


def test_light_is_checked_with_a_minute_of_tolerance_at_each_end():
    stay = problem((scene("001", 40, light="night"),), light=light((100, 140)))
    assert validate(stay, schedule(stay, ("001", "zvezda", 101))) == []
    assert validate(stay, schedule(stay, ("001", "zvezda", 99))) == []
    assert rules(stay, schedule(stay, ("001", "zvezda", 102))) == ["light"]


def test_day_scene_across_a_sunset_is_rejected():
    stay = problem((scene("001", 40, light="day"),), light=light((100, 140)))
    assert rules(stay, schedule(stay, ("001", "zvezda", 80))) == ["light"]


def test_pinned_scene_moved_or_left_out_is_rejected():
    stay = problem((scene("001", 60),), pins=(Pin("001", 0, "zvezda"),))
    assert rules(stay, schedule(stay, ("001", "zvezda", 10))) == ["pin"]
    assert rules(stay, schedule(stay)) == ["pin"]


def test_required_scene_left_out_is_rejected():
    stay = problem((scene("001", 60, required=True),))
    assert rules(stay, schedule(stay)) == ["required"]


def test_wrong_objective_is_rejected():
    stay = problem((scene("001", 60, priority=7),))
    violations = validate(stay, schedule(stay, ("001", "zvezda", 0), objective=8))
    assert [(v.rule, v.message) for v in violations] == [
        ("objective", "objective is reported as 8 but the shot scenes' priorities sum to 7")
    ]


def test_scene_neither_shot_nor_listed_as_unscheduled_is_rejected():
    stay = problem((scene("001", 60), scene("002", 60)))
    solution = dataclasses.replace(schedule(stay, ("001", "zvezda", 0)), unscheduled=())
    assert rules(stay, solution) == ["coverage"]


def test_scene_both_shot_and_unscheduled_is_rejected():
    stay = problem((scene("001", 60),))
    solution = dataclasses.replace(schedule(stay, ("001", "zvezda", 0)), unscheduled=(Unscheduled("001", "no room"),))
    assert rules(stay, solution) == ["coverage"]


def test_assert_valid_raises_with_the_violations():
    stay = problem((scene("001", 60, required=True),))
    with pytest.raises(ScheduleInvalid) as raised:
        assert_valid(stay, schedule(stay))
    assert [v.rule for v in raised.value.violations] == ["required"]


def test_earth_view_while_its_place_is_out_of_view_is_rejected():
    stay = problem((scene("P10", 8, over="moscow"),), geometry=orbit(places={"moscow": passes((100, 106))}))
    assert validate(stay, schedule(stay, ("P10", "zvezda", 99))) == []  # a minute of tolerance at each end
    violations = validate(stay, schedule(stay, ("P10", "zvezda", 102)))
    assert [(v.rule, v.message) for v in violations] == [(
        "over", "scene P10 in zvezda 2021-10-05 17:42-17:50 UTC: the station is not in view of Moscow for all of it",
    )]


def test_earth_view_by_day_over_a_dark_city_is_rejected():
    stay = problem((scene("P10", 8, over="moscow", ground="day"),),
                   geometry=orbit(places={"moscow": passes((100, 120), day=((0, 105),), night=((110, 200),))}))
    violations = validate(stay, schedule(stay, ("P10", "zvezda", 100)))
    assert [v.rule for v in violations] == ["ground"]
    assert violations[0].message.endswith("the ground at Moscow is not in daylight for all of it")


def test_city_lights_over_a_city_not_yet_dark_are_rejected():
    stay = problem((scene("P10", 8, over="moscow", ground="night"),),
                   geometry=orbit(places={"moscow": passes((100, 120), day=((0, 105),), night=((110, 200),))}))
    assert validate(stay, schedule(stay, ("P10", "zvezda", 110))) == []
    violations = validate(stay, schedule(stay, ("P10", "zvezda", 105)))
    assert [v.rule for v in violations] == ["ground"]
    assert "is not dark (the Sun 6 degrees or more below its horizon)" in violations[0].message


def test_earth_view_in_a_module_without_a_window_is_rejected():
    stay = problem((scene("P10", 8, modules=("poisk",), over="moscow"),), geometry=orbit(places={"moscow": passes((0, 60))}))
    violations = validate(stay, schedule(stay, ("P10", "poisk", 10)))
    assert [v.rule for v in violations] == ["module-window"]
    assert violations[0].message.endswith("an Earth view over Moscow needs a window, poisk has none")


def test_live_link_while_its_ground_station_is_out_of_view_is_rejected():
    stay = problem((scene("008", 6, link="tsup"),), geometry=orbit(places={"tsup": passes((300, 309))}))
    assert validate(stay, schedule(stay, ("008", "zvezda", 303))) == []
    violations = validate(stay, schedule(stay, ("008", "zvezda", 305)))
    assert [v.rule for v in violations] == ["link"]
    assert violations[0].message.endswith("TsUP is out of the station's view for part of it, so the live link breaks")


def test_sunrise_shot_with_no_sunrise_inside_it_is_rejected():
    stay = problem((scene("029", 10, moment="sunrise"),), geometry=orbit((150, 200)))
    assert validate(stay, schedule(stay, ("029", "zvezda", 191))) == []  # sunrise at 200.5: tolerated to the end
    violations = validate(stay, schedule(stay, ("029", "zvezda", 201)))
    assert [(v.rule, v.message) for v in violations] == [(
        "moment", "scene 029 in zvezda 2021-10-05 19:21-19:31 UTC: no orbital sunrise happens during it",
    )]


def test_sunset_shot_across_a_sunrise_instead_is_rejected():
    stay = problem((scene("029", 10, moment="sunset"),), geometry=orbit((150, 200)))
    assert rules(stay, schedule(stay, ("029", "zvezda", 195))) == ["moment"]
    assert validate(stay, schedule(stay, ("029", "zvezda", 145))) == []


def test_orbit_aware_shoot_without_an_orbit_to_check_it_is_rejected():
    stay = problem((scene("008", 6, link="tsup"),))
    violations = validate(stay, schedule(stay, ("008", "zvezda", 0)))
    assert [v.rule for v in violations] == ["orbit"]
    assert violations[0].message.endswith("the live link with tsup needs the station's orbit, and the problem has none")


def test_a_single_camera_used_by_two_shoots_at_once_is_rejected():
    stay = one_slot_for_two(quantity=1)
    violations = validate(stay, schedule(stay, ("007", "zvezda", 0), ("012", "nauka", 0)))
    assert [(v.rule, v.scene, v.message) for v in violations] == [(
        "element", "012",
        "cam-a is used by 2 shoots at once (it has 1): scene 007 in zvezda 2021-10-05 16:00-17:00 UTC "
        "and scene 012 in nauka 2021-10-05 16:00-17:00 UTC",
    )]


def test_shoots_handing_the_camera_over_on_the_minute_are_fine():
    stay = problem((scene("007", 60, elements=(("cam-a", 1),)), scene("012", 60, people=("shipenko",), modules=("nauka",), elements=(("cam-a", 1),))),
                   elements=(element("cam-a"),))
    assert validate(stay, schedule(stay, ("007", "zvezda", 0), ("012", "nauka", 60))) == []


def test_counts_in_progress_above_the_quantity_are_rejected():
    stay = one_slot_for_two(quantity=3, counts=(2, 2))
    violations = validate(stay, schedule(stay, ("007", "zvezda", 0), ("012", "nauka", 0)))
    assert [v.rule for v in violations] == ["element"]
    assert violations[0].message.startswith("cam-a is needed 4 times at once by 2 shoots (it has 3): scene 007 in zvezda")
    assert validate(stay, schedule(stay, ("007", "zvezda", 0))) == []


def test_a_shoot_needing_more_of_an_element_than_there_is_is_rejected():
    stay = one_slot_for_two(quantity=1, counts=(2, 1))
    violations = validate(stay, schedule(stay, ("007", "zvezda", 0)))
    assert [(v.rule, v.message) for v in violations] == [
        ("element", "cam-a is needed 2 times at once by one shoot (it has 1): scene 007 in zvezda 2021-10-05 16:00-17:00 UTC (2)"),
    ]


def test_three_shoots_overlapping_in_a_chain_break_a_quantity_of_two_only_where_all_three_meet():
    stay = problem(
        tuple(scene(code, 60, people=(who,), modules=(where,), elements=(("light-kit", 1),))
              for code, who, where in (("001", "peresild", "zvezda"), ("002", "shipenko", "nauka"), ("003", "novitskiy", "poisk"))),
        elements=(element("light-kit", 2),),
    )
    assert validate(stay, schedule(stay, ("001", "zvezda", 0), ("002", "nauka", 30), ("003", "poisk", 60))) == []
    violations = validate(stay, schedule(stay, ("001", "zvezda", 0), ("002", "nauka", 30), ("003", "poisk", 59)))
    assert [(v.rule, v.scene) for v in violations] == [("element", "003")]
    assert "light-kit is used by 3 shoots at once (it has 2)" in violations[0].message


def test_an_element_without_a_quantity_is_never_over_used():
    stay = one_slot_for_two(quantity=None)
    assert validate(stay, schedule(stay, ("007", "zvezda", 0), ("012", "nauka", 0))) == []
