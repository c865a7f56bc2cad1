"""The benchmark instances keep their promise: the planted schedule is valid and no decoy can be shot, so the
planted total priority is the optimum (a lower bound only in the overfull shape, whose extra scenes each fit
alone but not all together)."""

from __future__ import annotations

import statistics

import pytest

from bench.generator import CAMERA, SIZES, generate
from bench.shapes import SHAPES
from scheduling.solver.domains import scene_domains
from scheduling.solver.relaxation import placeable_alone
from scheduling.solver.solution import STATUS_FEASIBLE, Solution, Unscheduled
from scheduling.solver.validator import validate


def planted_solution(instance) -> Solution:
    shot = {shoot.scene for shoot in instance.planted}
    return Solution(
        engine="planted", status=STATUS_FEASIBLE, objective=instance.planted_priority, bound=None, seconds=0.0,
        shoots=instance.planted,
        unscheduled=tuple(Unscheduled(scene.code, "not planted") for scene in instance.problem.scenes if scene.code not in shot),
    )


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_planted_schedule_keeps_every_hard_rule_and_no_decoy_can_be_shot(shape):
    instance = generate("small", seed=1, shape=shape)
    assert validate(instance.problem, planted_solution(instance)) == []
    assert instance.decoys
    assert not placeable_alone(instance.problem, scene_domains(instance.problem)) & set(instance.decoys)


@pytest.mark.parametrize("shape", sorted(set(SHAPES) - {"overfull"}))
def test_every_scene_but_the_decoys_is_planted_so_the_planted_total_is_the_optimum(shape):
    instance = generate("small", seed=2, shape=shape)
    planted = {shoot.scene for shoot in instance.planted}
    assert planted | set(instance.decoys) == {scene.code for scene in instance.problem.scenes}
    assert instance.optimum == instance.planted_priority == sum(instance.problem.scene(code).priority for code in planted)


def test_an_overfull_stay_has_extra_scenes_that_each_fit_alone_and_no_known_optimum():
    instance = generate("small", seed=1, shape="overfull")
    extras = {scene.code for scene in instance.problem.scenes if scene.code.startswith("X")}
    planted = {shoot.scene for shoot in instance.planted}
    assert instance.optimum is None
    assert len(extras) == round(0.2 * len(planted))
    assert extras <= placeable_alone(instance.problem, scene_domains(instance.problem))
    assert not extras & planted


def test_the_shapes_change_the_crew_the_modules_and_the_light():
    assert len(generate("small", seed=1, shape="crowd").problem.people) == 20
    assert len(generate("small", seed=1, shape="crowd").problem.modules) == 14
    assert len(generate("small", seed=1, shape="lean").problem.modules) == 6
    assert generate("small", seed=1, shape="dark").problem.light is None


def test_decoy_windows_add_free_time_nothing_is_planted_in():
    plain, loose = generate("small", seed=1), generate("small", seed=1, shape="loose")
    free = lambda problem: sum(span.end - span.start for person in problem.people for span in person.free)
    assert free(loose.problem) > free(plain.problem)


def test_the_orbit_shape_plants_most_days_an_orbit_shot_of_every_kind():
    problem = generate("small", seed=1, shape="orbit").problem
    orbit = [scene for scene in problem.scenes if scene.over or scene.link or scene.moment]
    assert len(orbit) >= SIZES["small"].days * 2 // 3
    assert {scene.moment for scene in orbit} >= {"sunrise", "sunset"}
    assert any(scene.over and scene.ground == "day" for scene in orbit)
    assert any(scene.over and scene.ground == "night" for scene in orbit)
    assert any(scene.link for scene in orbit)
    assert problem.geometry is not None


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


def start_slack(instance) -> list[int]:
    """For each free window of each person with a planted shoot of theirs in it: minutes from the window's
    start to the first such shoot."""
    slack = []
    for person in instance.problem.people:
        starts = sorted(shoot.start for shoot in instance.planted if person.code in instance.problem.scene(shoot.scene).people)
        for window in person.free:
            inside = [start for start in starts if window.start <= start < window.end]
            if inside:
                slack.append(inside[0] - window.start)
    return slack


def test_tight_and_loose_keep_their_slack_around_the_planted_shoots():
    assert statistics.median(start_slack(generate("small", seed=3))) == 15  # plain draws 0 to 60
    assert statistics.median(start_slack(generate("small", seed=3, shape="tight"))) == 10
    assert statistics.median(start_slack(generate("small", seed=3, shape="loose"))) == 30
