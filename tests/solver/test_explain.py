"""Reasons for the boneyard: the most specific sentence a director can act on, one per kind of obstacle."""

from __future__ import annotations

from dataclasses import replace

from scheduling.solver.domains import scene_domains
from scheduling.solver.explain import explain_unscheduled
from scheduling.solver.problem import Pin
from scheduling.solver.solution import Shoot
from tests.solver.factories import MIDNIGHT, element, event, light, module, one_slot_for_two, orbit, passes, person, problem, scene


def reason(stay, code: str, *shoots: tuple[str, str, int]) -> str:
    placed = tuple(Shoot(scene, where, start, start + stay.scene(scene).minutes) for scene, where, start in shoots)
    return explain_unscheduled(stay, placed, [code], scene_domains(stay))[code]


def test_no_module_holds_the_cast():
    stay = problem(
        (scene("001", people=("peresild", "shipenko", "novitskiy"), modules=("rassvet", "poisk")),),
        modules=(module("rassvet", capacity=2), module("poisk", capacity=2)),
    )
    assert reason(stay, "001") == "no module among rassvet, poisk holds 3 people"


def test_no_allowed_module_has_a_window():
    stay = problem((scene("001", modules=("zarya", "poisk"), window=True),), modules=(module("zarya", window=False), module("poisk", window=False)))
    assert reason(stay, "001") == "needs a window but none of zarya, poisk has one"


def test_earliest_and_latest_leave_no_room():
    stay = problem((scene("001", 90, earliest=100, latest=160),))
    assert reason(stay, "001") == "earliest/latest leave no room: 60 min inside the filming window, the scene lasts 90"


def test_one_person_is_never_free_long_enough():
    stay = problem(
        (scene("001", 90, people=("peresild", "novitskiy")),),
        people=(person("peresild"), person("novitskiy", free=((0, 60), (200, 260)))),
    )
    assert reason(stay, "001") == "no 90-minute window when novitskiy is free"


def test_people_are_never_free_together_long_enough():
    stay = problem(
        (scene("001", 90, people=("peresild", "novitskiy")),),
        people=(person("peresild", free=((0, 120),)), person("novitskiy", free=((60, 200),))),
    )
    assert reason(stay, "001") == "no 90-minute window when peresild and novitskiy are both free"


def test_station_events_count_against_free_time():
    stay = problem((scene("001", 90),), people=(person("peresild", free=((0, 150),)),), events=(event("conference", 60, 90, people=None),))
    assert reason(stay, "001") == "no 90-minute window when peresild is free"


def test_modules_closed_whenever_the_people_are_free():
    stay = problem(
        (scene("001", 90, modules=("nauka", "zvezda")),),
        people=(person("peresild", free=((0, 120),)),),
        modules=(module("nauka", closed=((60, 100),)), module("zvezda")),
        events=(event("docking", 0, 40, modules=("zvezda",)),),
    )
    assert reason(stay, "001") == "no 90-minute window when peresild is free in nauka or zvezda"


def test_night_scene_longer_than_any_orbital_night():
    stay = problem((scene("001", 45, light="night"),), light=light((100, 136), (228, 264)))
    assert reason(stay, "001") == "shadow windows are 36 min at most; this night scene lasts 45"


def test_no_orbital_night_while_the_people_are_free():
    stay = problem((scene("001", 30, light="night"),), people=(person("peresild", free=((0, 120),)),), light=light((100, 136), (228, 264)))
    assert reason(stay, "001") == "no orbital-night window of 30 min when peresild is free"


def test_scene_longer_than_a_daily_cap_allows():
    stay = problem((scene("001", 200, people=("novitskiy",)),), people=(person("novitskiy", cap=90),))
    assert reason(stay, "001") == "lasts 200 min but novitskiy may shoot at most 90 min a day"


def test_scene_it_follows_is_not_scheduled():
    stay = problem((scene("005"), scene("006", after=("005",))))
    assert reason(stay, "006") == "must come after 005, which is not scheduled"


def test_scene_it_follows_ends_too_late():
    stay = problem((scene("005"), scene("006", people=("shipenko",), after=("005",))), horizon=1000)
    assert reason(stay, "006", ("005", "zvezda", 900)) == "must come after 005, which ends 2021-10-06 08:00 UTC; no slot is left after it"


def test_scenes_whose_after_leads_back_to_themselves_are_named_as_a_loop():
    # The pin puts 005 on the board, so 000 finds its one `after` scene shot; the loop still rules it out.
    stay = problem(
        (scene("000", 10, after=("005",)), scene("004", 10, after=("000",)), scene("005", 10, after=("004",))),
        pins=(Pin("005", 0, "zvezda"),),
    )
    assert reason(stay, "000", ("005", "zvezda", 0)) == (
        "its `after` scenes lead back to it (000 after 005 after 004 after 000): no order can hold them"
    )


def test_a_scene_after_a_pin_that_comes_after_a_loop_is_named_as_after_the_loop():
    # Found by the property tests: the pin puts 005 on the board though 000, which it comes after, comes after
    # itself; 001 finds its one `after` scene shot, yet nothing after the loop can be ordered.
    stay = problem(
        (scene("000", 10, after=("000",)), scene("005", 10, after=("000",)), scene("001", 10, after=("005",))),
        pins=(Pin("005", 0, "zvezda"),),
    )
    assert reason(stay, "001", ("005", "zvezda", 0)) == (
        "its `after` scenes lead into a loop (001 after 005 after 000 after 000): no order can hold them"
    )
    assert reason(stay, "000") == "its `after` scenes lead back to it (000 after 000): no order can hold them"


def test_higher_priority_shoots_take_every_slot():
    stay = problem(
        (scene("007", priority=5), scene("012", priority=5), scene("020", priority=1)),
        people=(person("peresild", free=((0, 120),)),),
    )
    assert reason(stay, "020", ("007", "zvezda", 0), ("012", "zvezda", 60)) == "fits only where higher-priority scenes 007 and 012 are shot"


def test_daily_caps_take_every_slot():
    stay = problem(
        (scene("001", 60), scene("002", 60, earliest=60, latest=MIDNIGHT)),
        people=(person("peresild", cap=60),),
    )
    assert reason(stay, "002", ("001", "zvezda", 0)) == "every slot is taken by daily caps of peresild on those days"


def test_a_free_slot_left_by_the_solver_is_pointed_out():
    stay = problem((scene("001"),))
    assert reason(stay, "001") == "still fits in zvezda at 2021-10-05 16:00 UTC; the solver stopped before placing it"


def test_pin_that_cannot_stand_says_why():
    stay = problem((scene("001", 60), scene("002", 60)), pins=(Pin("001", 30, "zvezda"),))
    assert reason(stay, "001", ("002", "zvezda", 0)) == "pinned scene 001 in zvezda at 2021-10-05 16:30 UTC collides with scene 002"
    closed = problem((scene("001", 60),), modules=(module("zvezda", closed=((0, 40),)),), pins=(Pin("001", 30, "zvezda"),))
    assert reason(closed, "001") == "pinned scene 001 in zvezda 2021-10-05 16:30-17:30 UTC: zvezda is closed 2021-10-05 16:00-16:40 UTC"


def test_earth_view_longer_than_any_pass_of_its_place():
    stay = problem((scene("P10", 8, over="moscow", ground="day"),),
                   geometry=orbit(places={"moscow": passes((100, 120), (600, 630), day=((110, 116), (600, 605)))}))
    assert reason(stay, "P10") == "Moscow is in view by day for 6 min at most; the scene lasts 8"


def test_earth_view_whose_passes_come_while_its_people_are_busy():
    stay = problem(
        (scene("P10", 8, people=("shipenko",), over="moscow"),),
        people=(person("shipenko", free=((0, 104), (600, 1000))),),
        geometry=orbit(places={"moscow": passes((98, 110), (994, 1010))}),
    )
    assert reason(stay, "P10") == "Moscow is in view for 6 min at most while shipenko is free; the scene lasts 8"


def test_earth_view_in_modules_without_a_window():
    stay = problem((scene("P10", 8, modules=("poisk",), over="moscow"),), geometry=orbit(places={"moscow": passes((0, 60))}))
    assert reason(stay, "P10") == "needs a window for its Earth view over Moscow but none of poisk has one"


def test_live_link_longer_than_any_pass_of_its_ground_station():
    stay = problem((scene("008", 150, link="tsup"),), geometry=orbit(places={"tsup": passes((300, 309))}))
    assert reason(stay, "008") == "TsUP is in view for 9 min at most; the scene lasts 150"


def test_no_orbital_sunrise_while_the_people_are_free():
    stay = problem(
        (scene("029", 10, people=("peresild", "shipenko"), moment="sunrise"),),
        people=(person("peresild", free=((0, 190),)), person("shipenko")),
        geometry=orbit((150, 200)),
    )
    assert reason(stay, "029") == "no orbital sunrise while peresild and shipenko are both free"


def test_orbit_aware_scene_without_an_orbit():
    stay = problem((scene("029", 10, moment="sunset"),))
    assert reason(stay, "029") == (
        "needs the station's orbit for its Earth view, live link or moment, and the production gives no TLE"
    )


def test_the_camera_other_scenes_use_whenever_the_scene_could_go():
    stay = problem(
        (scene("007", 60, elements=(("cam-a", 1),)), scene("012", 60, people=("shipenko",), modules=("nauka",), elements=(("cam-a", 1),)),
         scene("020", 60, people=("novitskiy",), modules=("poisk",), elements=(("cam-a", 1),))),
        people=(person("peresild"), person("shipenko"), person("novitskiy", free=((0, 120),))),
        elements=(element("cam-a"),),
    )
    assert reason(stay, "020", ("007", "zvezda", 0), ("012", "nauka", 60)) == "needs cam-a, which scenes 007 and 012 use then"


def test_an_element_of_which_it_needs_more_than_one_names_the_stock():
    stay = one_slot_for_two(quantity=3, counts=(2, 2))
    assert reason(stay, "012", ("007", "zvezda", 0)) == "needs 2 of cam-a (it has 3), which scene 007 uses then"


def test_people_in_the_way_as_well_as_the_camera_are_named_as_shoots_in_the_way():
    stay = problem(
        (scene("007", 60, priority=5, elements=(("cam-a", 1),)), scene("020", 60, elements=(("cam-a", 1),))),
        people=(person("peresild", free=((0, 60),)),),
        elements=(element("cam-a"),),
    )
    assert reason(stay, "020", ("007", "zvezda", 0)) == "fits only where higher-priority scene 007 is shot"


def test_more_of_an_element_than_the_production_has():
    stay = one_slot_for_two(quantity=1, counts=(2, 1))
    assert reason(stay, "007") == "needs 2 of cam-a, and the production has 1"


def test_pin_that_needs_the_camera_another_shoot_holds_says_so():
    stay = replace(one_slot_for_two(quantity=1), pins=(Pin("012", 0, "nauka"),))
    assert reason(stay, "012", ("007", "zvezda", 30)) == "pinned scene 012 in nauka at 2021-10-05 16:00 UTC needs cam-a, which scene 007 uses then"
