"""The CP-SAT engine: one behaviour per hard rule, the objective and its tie-breaks, infeasibility cores,
cancelling, progress, and the large-neighbourhood search. Every schedule passes the independent validator."""

from __future__ import annotations

import logging
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generator import Size, generate
from scheduling.solver import cpsat, greedy
from scheduling.solver.budget import Budget
from scheduling.solver.cpsat_model import day_pieces
from scheduling.solver.days import DayGrid
from scheduling.solver.problem import LIGHT_DAY, LIGHT_NIGHT, Interval, Pin
from scheduling.solver.solution import (
    STATUS_FEASIBLE,
    STATUS_INFEASIBLE,
    STATUS_OPTIMAL,
    Progress,
    Shoot,
)
from scheduling.solver.validator import validate
from tests.solver.factories import (
    MIDNIGHT,
    element,
    event,
    light,
    module,
    one_slot_for_two,
    person,
    problem,
    scene,
)

SECONDS = 5


def solved(stay, seconds=SECONDS, should_stop=None, **options):
    solution = cpsat.solve(stay, budget=Budget(seconds, should_stop), **options)
    assert validate(stay, solution) == []
    return solution, {shoot.scene: shoot for shoot in solution.shoots}


def test_shoot_lies_where_everyone_in_it_is_free():
    stay = problem(
        (scene("001", 40, people=("peresild", "shipenko")),),
        people=(person("peresild", free=((100, 200),)), person("shipenko", free=((150, 300),))),
    )
    _, shoots = solved(stay)
    assert 150 <= shoots["001"].start <= 160


def test_person_is_never_in_two_shoots_at_once():
    stay = problem(
        (scene("001", 60, modules=("zvezda",), priority=3), scene("002", 60, modules=("nauka",), priority=2),
         scene("003", 60, modules=("poisk",), priority=1)),
        people=(person("peresild", free=((0, 120),)),),
    )
    solution, shoots = solved(stay)
    assert set(shoots) == {"001", "002"}
    assert solution.objective == 5


def test_module_hosts_one_shoot_at_a_time():
    stay = problem(
        (scene("001", 60, people=("peresild",), priority=1), scene("002", 60, people=("shipenko",), priority=4)),
        people=(person("peresild", free=((0, 90),)), person("shipenko", free=((0, 90),))),
    )
    _, shoots = solved(stay)
    assert set(shoots) == {"002"}


def test_scene_goes_to_a_module_that_holds_its_head_count():
    cast = ("peresild", "shipenko", "novitskiy")
    stay = problem((scene("001", 60, people=cast, modules=("poisk", "nauka")), scene("002", 60, people=cast, modules=("poisk",))))
    solution, shoots = solved(stay)
    assert shoots["001"].module == "nauka"
    assert [entry.scene for entry in solution.unscheduled] == ["002"]


def test_window_scene_goes_to_a_module_with_a_window():
    stay = problem((scene("001", 60, modules=("poisk", "zvezda"), window=True),))
    _, shoots = solved(stay)
    assert shoots["001"].module == "zvezda"


def test_shoot_never_overlaps_a_module_closure():
    stay = problem(
        (scene("001", 60),),
        people=(person("peresild", free=((0, 700),)),),
        modules=(module("zvezda", closed=((0, 600),)),),
    )
    _, shoots = solved(stay)
    assert 600 <= shoots["001"].start <= 640


def test_shoot_never_overlaps_a_station_event_of_its_people_or_module():
    stay = problem(
        (scene("001", 60, people=("shipenko",)), scene("002", 60, people=("peresild",), modules=("nauka",))),
        events=(event("thruster", 0, 300, people=("shipenko",)), event("cargo", 0, 400, modules=("nauka",))),
    )
    _, shoots = solved(stay)
    assert shoots["001"].start >= 300
    assert shoots["002"].start >= 400


def test_daily_cap_counts_a_shoot_across_midnight_in_both_days():
    # 120 minutes with a 60-minute cap fit only split 60/60 around the midnight at minute 480.
    stay = problem((scene("001", 120),), people=(person("peresild", free=((400, 560),), cap=60),))
    _, shoots = solved(stay)
    assert shoots["001"].start == MIDNIGHT - 60


def test_daily_cap_leaves_out_a_shoot_no_split_can_fit():
    stay = problem((scene("001", 120),), people=(person("peresild", free=((400, 560),), cap=59),))
    solution, shoots = solved(stay)
    assert shoots == {}
    assert solution.status == STATUS_OPTIMAL


def test_daily_cap_limits_the_minutes_of_several_shoots_in_a_day():
    stay = problem(
        tuple(scene(f"00{number}", 50, modules=("zvezda", "nauka", "poisk")) for number in range(1, 4)),
        people=(person("peresild", free=((MIDNIGHT, MIDNIGHT + 600),), cap=100),),
    )
    _, shoots = solved(stay)
    assert len(shoots) == 2


def test_shoot_keeps_its_earliest_and_latest():
    stay = problem((scene("001", 60, earliest=1000, latest=1100),))
    _, shoots = solved(stay)
    assert 1000 <= shoots["001"].start and shoots["001"].end <= 1100


def test_scene_comes_after_the_scenes_it_follows():
    stay = problem(
        (scene("001", 60, people=("shipenko",)), scene("002", 60, after=("001",))),
        people=(person("peresild"), person("shipenko", free=((1000, 1100),))),
    )
    _, shoots = solved(stay)
    assert shoots["002"].start >= shoots["001"].end


def test_scene_is_left_out_when_a_scene_it_follows_cannot_be_shot():
    stay = problem((scene("001", 600), scene("002", 60, priority=10, after=("001",))),
                   people=(person("peresild", free=((0, 300), (400, 800))),))
    solution, shoots = solved(stay)
    assert shoots == {}
    assert {entry.scene for entry in solution.unscheduled} == {"001", "002"}


def test_day_and_night_scenes_lie_in_the_right_light():
    stay = problem(
        (scene("night", 30, light=LIGHT_NIGHT), scene("day", 60, people=("shipenko",), modules=("nauka",), light=LIGHT_DAY)),
        light=light((100, 140), (600, 640)),
        people=(person("peresild"), person("shipenko", free=((90, 300),))),
    )
    _, shoots = solved(stay)
    assert 100 <= shoots["night"].start <= 110 or 600 <= shoots["night"].start <= 610
    assert shoots["day"].start >= 140


def test_pinned_scene_stays_at_its_pin():
    stay = problem((scene("001", 60, modules=("zvezda", "nauka")),), pins=(Pin("001", 700, "nauka"),))
    _, shoots = solved(stay)
    assert (shoots["001"].start, shoots["001"].module) == (700, "nauka")


def test_required_scene_is_shot_even_at_a_cost_in_priority():
    stay = problem(
        (scene("001", 60, priority=1, required=True), scene("002", 60, priority=10, modules=("nauka",))),
        people=(person("peresild", free=((0, 60),)),),
    )
    _, shoots = solved(stay)
    assert set(shoots) == {"001"}


def test_proves_the_optimum_greedy_misses():
    # Greedy puts the long, highest-priority scene first and blocks both others; two short ones are worth more.
    stay = problem(
        (scene("001", 90, priority=3), scene("002", 60, priority=2, latest=60), scene("003", 60, priority=2, earliest=60)),
        people=(person("peresild", free=((0, 120),)),),
    )
    solution, shoots = solved(stay)
    assert greedy.solve(stay).objective == 3
    assert set(shoots) == {"002", "003"}
    assert (solution.status, solution.objective, solution.bound) == (STATUS_OPTIMAL, 4, 4)


def test_reaches_the_planted_optimum_of_a_small_generated_stay():
    instance = generate("small", seed=2)
    solution, _ = solved(instance.problem, seconds=10)
    assert (solution.status, solution.objective) == (STATUS_OPTIMAL, instance.optimum)


def test_tie_break_gathers_a_persons_shoots_on_fewer_days():
    # 002 could go on day 0, but then peresild would shoot on two days.
    stay = problem((scene("001", 60, earliest=MIDNIGHT + 600), scene("002", 60, modules=("nauka",))))
    _, shoots = solved(stay)
    grid = DayGrid(stay)
    assert grid.day_of(shoots["002"].start) == grid.day_of(shoots["001"].start) == 1


def test_tie_break_prefers_earlier_days():
    stay = problem((scene("001", 60),), people=(person("peresild", free=((100, 200), (1500, 1600), (2000, 2100))),))
    _, shoots = solved(stay)
    assert shoots["001"].start < MIDNIGHT


def test_infeasible_pins_and_required_scenes_are_named_in_words():
    stay = problem(
        (scene("007", 60, required=True, latest=120), scene("003", 90), scene("005", 30, people=("shipenko",), required=True)),
        people=(person("peresild", free=((0, 120),)), person("shipenko")),
        pins=(Pin("003", 30, "zvezda"),),
    )
    solution = cpsat.solve(stay, budget=Budget(SECONDS))
    assert solution.status == STATUS_INFEASIBLE
    assert solution.conflicts[0].startswith(
        "required scene 007 and the pin of 003 at 2021-10-05 16:30 UTC in zvezda cannot both hold: both need peresild"
    )
    assert "005" not in solution.conflicts[0]


def test_pin_that_cannot_stand_alone_is_named():
    stay = problem((scene("003", 90),), people=(person("peresild", free=((0, 60),)),), pins=(Pin("003", 0, "zvezda"),))
    solution = cpsat.solve(stay, budget=Budget(SECONDS))
    assert solution.status == STATUS_INFEASIBLE
    assert solution.conflicts[0].startswith("the pin of 003 at 2021-10-05 16:00 UTC in zvezda cannot hold:")


MID_SIZE = Size(days=20, scenes=150, people=6, modules=6, light=True)


def test_should_stop_cancels_a_long_search_with_a_valid_schedule():
    instance = generate(MID_SIZE, seed=3)
    cancel_after = Budget(1)  # asked to stop one second in, well before the 60 s limit
    solution = cpsat.solve(instance.problem, budget=Budget(60, lambda: cancel_after.remaining() == 0))
    assert solution.seconds < 15
    # Valid but for mandatory scenes, which a cancel may have come too early for.
    assert [v for v in validate(instance.problem, solution) if v.rule not in ("required", "pin")] == []
    assert solution.stats["stopped"] == "cancelled"
    assert len(solution.shoots) + len(solution.unscheduled) == len(instance.problem.scenes)


def test_progress_is_reported_while_solving():
    reports = []
    stay = problem(tuple(scene(f"{n:03d}", 60, modules=("zvezda", "nauka"), priority=n % 4 + 1) for n in range(12)),
                   people=(person("peresild", free=((0, 480),)),))
    solution, _ = solved(stay, on_progress=reports.append)
    assert reports
    assert reports[-1].objective <= solution.objective
    assert all(report.elapsed >= 0 for report in reports)
    counts = [report.solutions for report in reports]
    assert counts == sorted(set(counts)), counts  # one running count across the warm start and each model


def test_solution_count_runs_on_across_models():
    reports = []
    tally = cpsat._SolutionTally(reports.append)
    for count in (1, 1, 3, 1, 2):  # warm start, a model finding 1 then 3, a second model finding 1 then 2
        tally(Progress(count, 10, None, 0.0))
    assert [report.solutions for report in reports] == [1, 2, 4, 5, 6]


def test_window_search_never_falls_below_greedy(monkeypatch):
    instance = generate(MID_SIZE, seed=4)
    monkeypatch.setattr(cpsat, "FULL_MODEL_LIMIT", 0)
    solution, _ = solved(instance.problem, seconds=12)
    assert greedy.solve(instance.problem).objective <= solution.objective <= instance.optimum <= solution.bound


@pytest.mark.parametrize("method", ["full model", "windows"])
def test_scene_a_pin_comes_after_is_shot_even_when_the_stripboard_gives_its_time_away(monkeypatch, method):
    # The stripboard places the pin, then the required 002 in the first of Shipenko's two free hours, then 003
    # in the second, so 000, which the pin comes after, finds no place before it: that board breaks `after`,
    # and it has more priority than any valid plan, so a search that starts from it never leaves it. 000 is as
    # mandatory as the pin: 002 has to move to the second hour and 003 to give way.
    stay = problem(
        (scene("001", 60, after=("000",), priority=1), scene("000", 45, people=("shipenko",), priority=1),
         scene("002", 60, people=("shipenko",), priority=9, required=True),
         scene("003", 60, people=("shipenko",), priority=5)),
        people=(person("peresild"), person("shipenko", free=((0, 100), (160, 220)))),
        pins=(Pin("001", 100, "zvezda"),),
    )
    assert greedy.solve(stay).conflicts  # the case itself: the stripboard cannot hold the pin's order
    if method == "windows":
        monkeypatch.setattr(cpsat, "FULL_MODEL_LIMIT", 0)
    solution, shoots = solved(stay)
    assert solution.stats["method"] == method
    assert shoots["000"].end <= shoots["001"].start == 100
    assert (shoots["002"].start, set(shoots)) == (160, {"000", "001", "002"})
    # Only the full model proves that 003 cannot come in too; both know every mandatory scene is in.
    assert solution.status == (STATUS_OPTIMAL if method == "full model" else STATUS_FEASIBLE)


def test_a_plan_breaking_a_rule_never_leaves_the_engine(monkeypatch, caplog):
    # Should the window search ever hand back a plan that breaks a hard rule (it once did), the engine takes
    # the clashing shoot off, puts it back where it fits, and says so in its log.
    stay = problem(
        (scene("001", 60, priority=5), scene("002", 60, priority=1), scene("003", 60, people=("shipenko",), priority=2)),
        people=(person("peresild", free=((0, 200),)), person("shipenko")),
    )
    search = cpsat.lns.Search.run

    def search_then_clash(self, warm, **options):
        shoots, status, bound = search(self, warm, **options)
        first = shoots["001"]
        shoots["002"] = Shoot("002", first.module, first.start, first.end)  # Peresild and zvezda twice at once
        return shoots, status, bound

    monkeypatch.setattr(cpsat.lns.Search, "run", search_then_clash)
    monkeypatch.setattr(cpsat, "FULL_MODEL_LIMIT", 0)
    with caplog.at_level(logging.ERROR, logger=cpsat.__name__):
        solution, shoots = solved(stay)
    assert solution.stats["repaired"] == 2  # the person's overlap and the module's
    assert "breaking 2 hard rule(s)" in caplog.text
    assert set(shoots) == {"001", "002", "003"} and shoots["001"].start != shoots["002"].start


def test_window_search_on_a_stay_shorter_than_its_windows_grow_ends_on_time(monkeypatch):
    # A hundred neighbourhoods without gain widen the windows, past the two days of this stay: drawing days
    # for one must still end. It used to loop forever, past any time limit, holding a worker.
    # Twelve hour-long scenes of one actor free for five hours: the bound (each scene alone) is never reached.
    stay = problem(tuple(scene(f"{number:03}", 60, priority=1 + number % 3) for number in range(12)),
                   people=(person("peresild", free=((0, 300),)),))
    monkeypatch.setattr(cpsat, "FULL_MODEL_LIMIT", 0)
    outcome = []
    solving = threading.Thread(target=lambda: outcome.append(solved(stay, seconds=3)), daemon=True)
    solving.start()
    solving.join(timeout=60)
    assert not solving.is_alive(), "the window search did not stop at its time limit"
    solution, shoots = outcome[0]
    assert solution.stats["method"] == "windows" and solution.stats["models"] > cpsat.lns.STALL
    assert len(shoots) == 5 and solution.objective == 4 * 3 + 2  # the four of priority 3, one of 2


@settings(max_examples=60, deadline=None)
@given(start=st.integers(0, 2 * 1440 - 200), minutes=st.integers(1, 200))
def test_day_pieces_split_a_shoot_exactly_at_midnight(start, minutes):
    stay = problem((scene("001", minutes),))
    grid = DayGrid(stay)
    pieces = day_pieces((Interval(0, 2 * 1440 - minutes + 1),), minutes, {0, 1, 2}, grid)
    piece = next(piece for piece in pieces if any(span.start <= start < span.end for span in piece.ranges))
    expected = dict(grid.minutes_by_day(start, start + minutes))
    assert {day: c0 + c1 * start for day, (c0, c1) in piece.minutes_in_day.items()} == expected


def test_replan_keeps_published_shoots_even_against_the_tie_breaks():
    from dataclasses import replace

    # Published late in the stay: left alone, the tie-breaks would pull these shoots earlier.
    stay = problem((scene("001", 60), scene("002", 60), scene("003", 60)))
    published = (Pin("001", 2000, "zvezda"), Pin("002", 2200, "zvezda"), Pin("003", 2400, "zvezda"))
    _, fresh_shoots = solved(stay)
    assert min(shoot.start for shoot in fresh_shoots.values()) < 2000  # the tie-breaks do move them when free
    _, shoots = solved(replace(stay, anchors=published))
    assert {(s.scene, s.start, s.module) for s in shoots.values()} == {(p.scene, p.start, p.module) for p in published}


def test_replan_moves_only_the_shoot_the_station_displaced():
    from dataclasses import replace

    stay = problem(
        (scene("001", 60), scene("002", 60), scene("003", 60)),
        events=(event("repair", 2200, 2260, modules=("zvezda",)),),
    )
    published = (Pin("001", 2000, "zvezda"), Pin("002", 2200, "zvezda"), Pin("003", 2400, "zvezda"))
    solution, shoots = solved(replace(stay, anchors=published))
    assert (shoots["001"].start, shoots["003"].start) == (2000, 2400)
    assert shoots["002"].start != 2200 and solution.objective == 3


def test_gives_the_camera_to_the_scenes_worth_more_where_greedy_does_not():
    # Greedy hands the camera to the long priority-3 scene first; the two short ones are worth 4 between them.
    stay = problem(
        (scene("001", 90, priority=3, elements=(("cam-a", 1),)),
         scene("002", 60, people=("shipenko",), modules=("nauka",), priority=2, latest=60, elements=(("cam-a", 1),)),
         scene("003", 60, people=("novitskiy",), modules=("poisk",), priority=2, earliest=60, latest=120, elements=(("cam-a", 1),))),
        people=(person("peresild", free=((0, 120),)), person("shipenko"), person("novitskiy")),
        elements=(element("cam-a"),),
    )
    solution, shoots = solved(stay)
    assert greedy.solve(stay).objective == 3
    assert set(shoots) == {"002", "003"} and (solution.status, solution.objective) == (STATUS_OPTIMAL, 4)


def test_required_scenes_that_need_the_same_camera_at_once_are_named_in_words():
    solution = cpsat.solve(one_slot_for_two(quantity=1, required=True), budget=Budget(SECONDS))
    assert solution.status == STATUS_INFEASIBLE
    assert solution.conflicts[0].startswith("required scenes 007 and 012 cannot both hold: both need cam-a;")


def test_required_scenes_that_need_more_of_an_element_than_there_is_are_named_in_words():
    solution = cpsat.solve(one_slot_for_two(quantity=3, counts=(2, 2), required=True), budget=Budget(SECONDS))
    assert solution.status == STATUS_INFEASIBLE
    assert solution.conflicts[0].startswith("required scenes 007 and 012 cannot both hold: together they use 4 of cam-a, which has 3;")


def test_window_search_counts_the_camera_a_fixed_shoot_holds():
    from scheduling.solver import lns
    from scheduling.solver.cpsat_model import CapDays
    from scheduling.solver.domains import scene_domains
    from scheduling.solver.solution import Shoot

    # 001 holds the camera across midnight, so a window of day 1 alone keeps it fixed; 002 may use it only after.
    stay = problem(
        (scene("001", 60, elements=(("cam-a", 1),)), scene("002", 60, people=("shipenko",), modules=("nauka",), elements=(("cam-a", 1),))),
        elements=(element("cam-a"),),
    )
    grid = DayGrid(stay)
    search = lns.Search(stay, scene_domains(stay), grid=grid, cap_days=CapDays(stay, grid), workers=1, budget=Budget(SECONDS))
    search.board = lns.Board(stay, grid, set(), {"001": Shoot("001", "zvezda", MIDNIGHT - 30, MIDNIGHT + 30)}, search.domains)
    scope = search._scope([1], (grid.span(1),), None)
    assert [scene.code for scene in scope.scenes] == ["002"]
    assert scope.element_uses == {"cam-a": [(MIDNIGHT - 30, MIDNIGHT + 30, 1)]}
    assert scope.starts["002"]["nauka"][0].start == MIDNIGHT + 30


def test_window_search_shares_the_camera_and_never_falls_below_greedy(monkeypatch):
    instance = generate(Size(days=20, scenes=100, people=6, modules=6, light=True), seed=4, shape="equipment")
    monkeypatch.setattr(cpsat, "FULL_MODEL_LIMIT", 0)
    solution, _ = solved(instance.problem, seconds=12)
    assert solution.stats["method"] == "windows"
    assert greedy.solve(instance.problem).objective <= solution.objective <= instance.optimum <= solution.bound
