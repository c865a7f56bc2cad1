"""The engine entry point: dispatch by name, and a reason for every scene left out whichever engine ran."""

from __future__ import annotations

import pytest

from scheduling.solver import engine
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


def test_greedy_reports_its_result_as_progress():
    reports = []
    engine.solve(stay_with_one_scene_left_out(), engine="greedy", on_progress=reports.append)
    assert [report.objective for report in reports] == [5]


def test_unknown_engine_is_refused_with_the_choices():
    with pytest.raises(engine.UnknownEngine, match="choose one of cp-sat, greedy"):
        engine.solve(stay_with_one_scene_left_out(), engine="simulated-annealing")
