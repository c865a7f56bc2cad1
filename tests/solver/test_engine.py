"""The engine entry point: dispatch by name, and a reason for every scene left out whichever engine ran."""

from __future__ import annotations

import pytest

from bench.generator import generate
from scheduling.solver import cpsat, engine, greedy
from scheduling.solver.budget import Budget
from scheduling.solver.problem import Pin
from scheduling.solver.validator import validate
from tests.solver.factories import person, problem, scene


def stay_with_one_scene_left_out():
    return problem(
        (scene("001", 60, priority=5), scene("002", 60, priority=1, modules=("nauka",))),
        people=(person("peresild", free=((0, 60),)),),
    )


def test_engines_are_named_cp_sat_first():
    assert list(engine.ENGINES) == ["cp-sat", "greedy"]


@pytest.mark.parametrize("name", engine.ENGINES)
def test_each_engine_explains_every_scene_it_leaves_out(name):
    stay = stay_with_one_scene_left_out()
    solution = engine.solve(stay, engine=name, seconds=5)
    assert solution.engine == name
    assert validate(stay, solution) == []
    assert [entry.scene for entry in solution.unscheduled] == ["002"]
    assert "001" in solution.unscheduled[0].reason


def infeasible_stay():
    """A pin on top of a required scene's only slot, and a scene that fits nowhere."""
    return problem(
        (scene("007", 60, required=True, latest=120), scene("003", 90), scene("009", 200, people=("shipenko",))),
        people=(person("peresild", free=((0, 120),)), person("shipenko", free=((0, 100),))),
        pins=(Pin("003", 30, "zvezda"),),
    )


ENGINE_SOLVES = {"greedy": greedy.solve, "cp-sat": lambda stay: cpsat.solve(stay, budget=Budget(5))}
STAYS = {
    "one left out": stay_with_one_scene_left_out,
    "infeasible": infeasible_stay,
    "generated with decoys": lambda: generate("small", seed=3).problem,
}


@pytest.mark.parametrize("stay_name", STAYS)
@pytest.mark.parametrize("engine_name", ENGINE_SOLVES)
def test_each_engine_on_its_own_lists_every_scene_as_shot_or_left_out_with_a_reason(engine_name, stay_name):
    stay = STAYS[stay_name]()
    solution = ENGINE_SOLVES[engine_name](stay)
    shot = [shoot.scene for shoot in solution.shoots]
    left_out = [entry.scene for entry in solution.unscheduled]
    assert sorted(shot + left_out) == sorted(scene.code for scene in stay.scenes)
    assert left_out, "each of these stays leaves a scene out"
    assert all(entry.reason.strip() for entry in solution.unscheduled)


def test_greedy_reports_its_result_as_progress():
    reports = []
    engine.solve(stay_with_one_scene_left_out(), engine="greedy", on_progress=reports.append)
    assert [report.objective for report in reports] == [5]


def test_unknown_engine_is_refused_with_the_choices():
    with pytest.raises(engine.UnknownEngine, match="choose one of cp-sat, greedy"):
        engine.solve(stay_with_one_scene_left_out(), engine="simulated-annealing")
