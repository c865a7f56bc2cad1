"""The time limit and a cancel reach every stage of a solve: what a stage the budget cut short leaves behind.

A budget of 0 seconds has run out before the first question, and one of an hour will not run out during a
test, so these need no clock of their own.
"""

from __future__ import annotations

from scheduling.solver import greedy
from scheduling.solver.budget import CANCELLED, TIME_LIMIT, Budget
from scheduling.solver.cpsat_model import CapDays
from scheduling.solver.conflicts import check_mandatory
from scheduling.solver.days import DayGrid
from scheduling.solver.domains import SceneDomains, scene_domains
from scheduling.solver.explain import explain_unscheduled
from scheduling.solver.placement import Placement
from scheduling.solver.problem import Pin
from scheduling.solver.relaxation import priority_bound
from scheduling.solver.solution import STATUS_FEASIBLE, STATUS_INFEASIBLE
from scheduling.solver.validator import validate
from tests.solver.factories import person, problem, scene

HOUR = 3600


def stay():
    """Three scenes that all fit, one of them required and one pinned."""
    return problem(
        (scene("001", 60, required=True), scene("002", 60, people=("shipenko",), modules=("nauka",)),
         scene("003", 60, people=("novitskiy",))),
        pins=(Pin("002", 120, "nauka"),),
    )


def test_a_budget_runs_out_at_its_deadline_or_after_its_grace_and_says_why():
    assert Budget(0).expired()
    assert not Budget(0).expired(grace=HOUR)
    assert not Budget(HOUR).expired() and not Budget().expired()
    spent = Budget(0)
    assert spent.stopped is None
    spent.expired()
    assert spent.stopped == TIME_LIMIT


def test_a_cancel_stops_the_budget_for_good_whatever_the_time_left():
    asked = [False]
    budget = Budget(HOUR, lambda: asked[0])
    assert not budget.cancelled() and not budget.expired()
    asked[0] = True
    assert budget.expired() and budget.cancelled()
    asked[0] = False  # asked once is enough
    assert budget.cancelled() and budget.stopped == CANCELLED


def test_domains_the_budget_never_reached_are_empty_and_say_so():
    domains = SceneDomains(stay())
    domains["001"]
    domains.fill(Budget(0))
    assert domains["001"].reached and domains["001"].starts
    assert [(domains[code].reached, domains[code].starts) for code in ("002", "003")] == [(False, {}), (False, {})]


def test_explanations_run_on_a_little_past_the_limit_then_take_a_few_words():
    domains = SceneDomains(stay())
    domains["003"]
    domains.fill(Budget(0))  # 001 and 002 were never reached
    just_spent = explain_unscheduled(stay(), (), ["001", "003"], domains, Budget(0))
    assert just_spent == {"001": "not placed before the time limit", "003": just_spent["003"]}
    assert just_spent["003"].startswith("still fits")  # within EXPLAIN_GRACE_SECONDS: still a specific reason
    long_spent = Budget(-HOUR)  # ran out an hour ago, long past the grace
    assert explain_unscheduled(stay(), (), ["003"], scene_domains(stay()), long_spent) == {"003": "not placed before the time limit"}


def test_a_cancel_leaves_no_time_to_explain():
    assert explain_unscheduled(stay(), (), ["003"], scene_domains(stay()), Budget(HOUR, lambda: True)) == {
        "003": "not placed before the solve was cancelled"
    }


def test_a_stripboard_without_time_places_nothing_and_names_the_mandatory_scenes():
    solution = greedy.solve(stay(), budget=Budget(0))
    assert solution.shoots == ()
    assert {entry.reason for entry in solution.unscheduled} == {"not placed before the time limit"}
    assert solution.status == STATUS_INFEASIBLE
    assert solution.conflicts == (
        "pinned scene 002 cannot be scheduled: not placed before the time limit",
        "required scene 001 cannot be scheduled: not placed before the time limit",
    )
    assert solution.stats["stopped"] == TIME_LIMIT


def test_a_stripboard_with_time_to_spare_says_it_was_not_stopped():
    solution = greedy.solve(stay(), budget=Budget(HOUR))
    assert (solution.status, len(solution.shoots), solution.stats["stopped"]) == (STATUS_FEASIBLE, 3, None)


def test_a_stopped_stripboard_takes_off_a_pin_whose_after_scene_it_never_placed():
    # Pins go on the board first; had the stop come before 001, the pin (and 003 after it) would break `after`.
    stay_ = problem(
        (scene("001", 60), scene("002", 60, after=("001",)), scene("003", 60, people=("shipenko",), after=("002",))),
        pins=(Pin("002", 120, "zvezda"),),
    )
    board = Placement(stay_)
    board.place("002", "zvezda", 120)
    board.place("003", "nauka", 180)
    assert greedy.drop_unsupported(stay_, board) == ["002", "003"]
    assert board.shoots == {}


def test_the_bound_counts_every_scene_it_had_no_time_to_rule_out():
    cramped = problem((scene("001", 60), scene("002", 60, people=("shipenko",))), people=(person("peresild"), person("shipenko", free=((0, 30),))))
    domains = scene_domains(cramped)
    assert priority_bound(cramped, domains, Budget(HOUR)) == 1  # 002 never fits
    assert priority_bound(cramped, domains, Budget(0)) == 2  # weaker, still an upper bound


def test_the_mandatory_check_says_nothing_once_the_budget_is_spent():
    infeasible = problem((scene("001", 60, required=True, people=("shipenko",)),), people=(person("shipenko", free=((0, 30),)),))
    domains = scene_domains(infeasible)
    grid = DayGrid(infeasible)
    options = {"grid": grid, "cap_days": CapDays(infeasible, grid), "seconds": 5, "workers": 1}
    assert check_mandatory(infeasible, domains, budget=Budget(HOUR), **options).conflicts
    spent = check_mandatory(infeasible, domains, budget=Budget(0), **options)
    assert (spent.conflicts, spent.shoots) == ((), None)


def test_every_shoot_of_a_stopped_stripboard_keeps_every_rule():
    solution = greedy.solve(stay(), budget=Budget(0))
    assert [violation.rule for violation in validate(stay(), solution)] == ["pin", "required"]
