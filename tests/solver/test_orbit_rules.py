"""Hard constraint 11 in each engine: an Earth view only while its place is in view (and its ground lit or dark
as asked, through a window), a live link only while its ground station is in view, a sunrise or sunset shot
across the shadow's edge. One focused test per rule, run on the stripboard engine and on CP-SAT, each schedule
also passing the independent validator."""

from __future__ import annotations

import pytest

from scheduling.solver import cpsat, greedy
from scheduling.solver.budget import Budget
from scheduling.solver.domains import scene_domains
from scheduling.solver.solution import STATUS_INFEASIBLE
from scheduling.solver.validator import validate
from tests.solver.factories import orbit, passes, person, problem, scene

ENGINES = {"greedy": greedy.solve, "cp-sat": lambda stay: cpsat.solve(stay, budget=Budget(5))}


@pytest.fixture(params=sorted(ENGINES))
def solve(request):
    def run(stay):
        solution = ENGINES[request.param](stay)
        assert validate(stay, solution) == []
        return {shoot.scene: shoot for shoot in solution.shoots}
    return run


def test_earth_view_is_shot_while_its_place_is_in_view(solve):
    stay = problem((scene("P10", 8, over="moscow"),), geometry=orbit(places={"moscow": passes((100, 106), (500, 512))}))
    shoots = solve(stay)
    assert 500 <= shoots["P10"].start <= 504


def test_earth_view_by_day_waits_for_daylight_on_the_ground(solve):
    moscow = passes((100, 110), (900, 910), day=((800, 1000),), night=((0, 300),))
    stay = problem((scene("P10", 8, over="moscow", ground="day"),), geometry=orbit(places={"moscow": moscow}))
    assert 900 <= solve(stay)["P10"].start <= 902


def test_city_lights_wait_for_night_on_the_ground(solve):
    moscow = passes((100, 110), (900, 910), day=((800, 1000),), night=((0, 300),))
    stay = problem((scene("P10", 8, over="moscow", ground="night"),), geometry=orbit(places={"moscow": moscow}))
    assert 100 <= solve(stay)["P10"].start <= 102


def test_earth_view_goes_to_a_module_with_a_window_whatever_its_window_says(solve):
    stay = problem(
        (scene("P10", 8, modules=("poisk", "zvezda"), over="moscow", window=False),),
        geometry=orbit(places={"moscow": passes((100, 120))}),
    )
    assert solve(stay)["P10"].module == "zvezda"


def test_live_link_is_shot_while_its_ground_station_is_in_view(solve):
    stay = problem((scene("008", 6, link="tsup"),), geometry=orbit(places={"tsup": passes((300, 309))}))
    assert 300 <= solve(stay)["008"].start <= 303


def test_sunrise_falls_a_minute_or_more_inside_the_shoot(solve):
    stay = problem((scene("029", 10, moment="sunrise"),), geometry=orbit((150, 200), (300, 350)))
    shoot = solve(stay)["029"]
    assert shoot.start + 1 <= 200.5 <= shoot.end - 1


def test_sunset_falls_a_minute_or_more_inside_the_shoot(solve):
    stay = problem((scene("029", 10, moment="sunset"),), geometry=orbit((150, 200), (300, 350)))
    shoot = solve(stay)["029"]
    assert shoot.start + 1 <= 149.5 <= shoot.end - 1


def test_scenes_that_cannot_meet_their_orbit_are_left_out_with_a_reason(solve):
    stay = problem(
        (scene("P10", 8, over="moscow"), scene("008", 20, link="tsup"), scene("029", 1, moment="sunrise")),
        geometry=orbit((150, 200), places={"moscow": passes(), "tsup": passes((300, 309))}),
    )
    assert solve(stay) == {}


def test_without_an_orbit_nothing_orbit_aware_has_a_start():
    stay = problem((scene("P10", 8, over="moscow"), scene("029", 10, moment="sunset"), scene("001", 10)))
    domains = scene_domains(stay)
    assert domains["P10"].empty and domains["029"].empty and not domains["001"].empty


def test_required_orbit_scenes_that_clash_are_named_with_what_the_orbit_asks():
    stay = problem(
        (scene("P10", 8, over="moscow", ground="day", required=True), scene("008", 6, link="tsup", required=True)),
        people=(person("peresild", free=((0, 120),)),),
        geometry=orbit(places={"moscow": passes((100, 110), day=((0, 200),)), "tsup": passes((98, 112))}),
    )
    solution = cpsat.solve(stay, budget=Budget(5))
    assert solution.status == STATUS_INFEASIBLE
    assert solution.conflicts == (
        "required scenes P10 and 008 cannot both hold: both need peresild; both can only be shot in zvezda; "
        "P10 (8 min) fits only 2021-10-05 17:40-17:50 UTC; 008 (6 min) fits only 2021-10-05 17:38-17:52 UTC; "
        "P10 can only be shot while Moscow is in view by day; 008 can only be shot while TsUP is in view for the live link",
    )
