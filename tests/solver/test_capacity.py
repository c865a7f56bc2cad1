"""The bound for stays where not everything fits (`capacity.capacity_bound`): never below the optimum, and
below "every scene that fits alone" where the crew's time, their daily caps or a limited element say so."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from scheduling.solver import cpsat
from scheduling.solver.budget import Budget
from scheduling.solver.capacity import capacity_bound
from scheduling.solver.domains import SceneDomains
from scheduling.solver.relaxation import placeable_alone
from scheduling.solver.solution import STATUS_OPTIMAL
from tests.solver.factories import MIDNIGHT, element, one_slot_for_two, person, problem, scene
from tests.solver.test_properties import stays


def bounds(stay) -> tuple[int, int | None]:
    """(the total priority of the scenes that fit alone, the capacity bound)."""
    domains = SceneDomains(stay)
    alone = placeable_alone(stay, domains)
    return sum(stay.scene(code).priority for code in alone), capacity_bound(stay, domains, alone)


def test_two_scenes_one_window_too_short_for_both():
    # peresild is free 90 min; the scenes take 60 each: one fits, and the relaxation may take half the other.
    stay = problem(
        (scene("001", 60, priority=3), scene("002", 60, priority=2)),
        people=(person("peresild", free=((0, 90),)),),
    )
    assert bounds(stay) == (5, 4)


def test_a_daily_cap_limits_the_minutes_of_a_day():
    # Free all day before midnight, but a cap of 60 min: two 60-minute scenes cannot both go that day.
    stay = problem(
        (scene("001", 60, priority=3), scene("002", 60, priority=3)),
        people=(person("peresild", free=((0, MIDNIGHT),), cap=60),),
    )
    assert bounds(stay) == (6, 3)


def test_a_single_camera_films_one_scene_at_a_time():
    # Two people, each free over [0, 60): only the camera stands between their scenes.
    assert bounds(one_slot_for_two(quantity=1)) == (3, 2)
    assert bounds(one_slot_for_two(quantity=2)) == (3, 3)
    assert bounds(one_slot_for_two(quantity=None)) == (3, 3)


def test_a_scene_after_another_is_worth_no_more_than_it():
    # 002 comes after 001 and both need 60 of peresild's 90 minutes: 002 goes in no more than 001 does.
    stay = problem(
        (scene("001", 60, priority=1), scene("002", 60, priority=5, after=("001",))),
        people=(person("peresild", free=((0, 90),)),),
    )
    assert bounds(stay) == (6, 4)  # both at three quarters: 4.5


def test_required_scenes_take_their_share_first():
    stay = problem(
        (scene("001", 60, priority=1, required=True), scene("002", 60, priority=5)),
        people=(person("peresild", free=((0, 90),)),),
    )
    assert bounds(stay) == (6, 3)


def test_a_budget_already_spent_gives_no_bound():
    stay = problem((scene("001", 60),), people=(person("peresild", free=((0, 90),)),))
    domains = SceneDomains(stay)
    budget = Budget(0)
    assert capacity_bound(stay, domains, placeable_alone(stay, domains), budget) is None


def test_scenes_the_solve_never_reached_count_in_whole():
    stay = problem(
        (scene("001", 60, priority=3), scene("002", 60, priority=2)),
        people=(person("peresild", free=((0, 90),)),),
    )
    domains = SceneDomains(stay)
    domains.fill(Budget(0))  # nothing reached: no domain known, so nothing may limit them
    assert capacity_bound(stay, domains, {"001", "002"}) == 5


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stays())
def test_the_bound_is_never_below_the_proven_optimum_nor_above_the_scenes_that_fit_alone(stay):
    with pytest.MonkeyPatch.context() as patch:
        # The optimum from CP-SAT's full model alone: the bound under test must not take part in proving it.
        patch.setattr(cpsat, "capacity_bound", lambda *args, **kwargs: None)
        solution = cpsat.solve(stay, budget=Budget(60))
    alone, bound = bounds(stay)
    if solution.status == STATUS_OPTIMAL:
        assert bound is not None
        assert solution.objective <= bound <= alone
