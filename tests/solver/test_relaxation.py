"""The window search's bound: the scenes that could each be shot alone with the pins on the board."""

from __future__ import annotations

from dataclasses import replace

from scheduling.solver.domains import scene_domains
from scheduling.solver.problem import Pin
from scheduling.solver.relaxation import placeable_alone, priority_bound
from tests.solver.factories import one_slot_for_two


def test_a_scene_whose_only_slot_a_pinned_shoot_takes_the_camera_in_is_not_counted():
    stay = replace(one_slot_for_two(quantity=1), pins=(Pin("007", 0, "zvezda"),))
    assert placeable_alone(stay, scene_domains(stay)) == {"007"}
    assert priority_bound(stay, scene_domains(stay)) == 2


def test_with_a_second_camera_or_no_pin_both_are_counted():
    unpinned = one_slot_for_two(quantity=1)
    two_cameras = replace(one_slot_for_two(quantity=2), pins=(Pin("007", 0, "zvezda"),))
    assert placeable_alone(unpinned, scene_domains(unpinned)) == {"007", "012"}
    assert placeable_alone(two_cameras, scene_domains(two_cameras)) == {"007", "012"}
