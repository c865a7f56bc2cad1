"""The benchmark instances keep their promise: the planted schedule is valid and no decoy can be shot, so the
planted total priority is the optimum."""

from __future__ import annotations

import pytest

from bench.generator import CAMERA, generate
from scheduling.solver.domains import scene_domains
from scheduling.solver.relaxation import placeable_alone
from scheduling.solver.solution import STATUS_FEASIBLE, Solution, Unscheduled
from scheduling.solver.validator import validate


def planted_solution(instance) -> Solution:
    return Solution(
        engine="planted", status=STATUS_FEASIBLE, objective=instance.optimum, bound=None, seconds=0.0,
        shoots=instance.planted, unscheduled=tuple(Unscheduled(code, "decoy") for code in instance.decoys),
    )


@pytest.mark.parametrize("shape", ["plain", "equipment"])
def test_the_planted_schedule_keeps_every_hard_rule_and_no_decoy_can_be_shot(shape):
    instance = generate("small", seed=1, shape=shape)
    assert validate(instance.problem, planted_solution(instance)) == []
    assert instance.decoys
    assert not placeable_alone(instance.problem, scene_domains(instance.problem)) & set(instance.decoys)


def test_the_equipment_shape_has_a_single_camera_most_scenes_need():
    problem = generate("medium", seed=1, shape="equipment").problem
    camera = next(element for element in problem.elements if element.code == CAMERA)
    needing = [scene for scene in problem.scenes if (CAMERA, 1) in scene.elements]
    assert camera.quantity == 1
    assert len(needing) > len(problem.scenes) / 2
    assert any(element.quantity is None for element in problem.elements)
    assert any(element.quantity and element.quantity > 1 for element in problem.elements)


def test_the_plain_shape_has_no_elements():
    assert generate("small", seed=1).problem.elements == ()


def test_an_unknown_shape_is_refused():
    with pytest.raises(ValueError, match='unknown shape "props"'):
        generate("small", shape="props")
