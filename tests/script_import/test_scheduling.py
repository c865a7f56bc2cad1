"""Omitted scenes are out of scheduling, and so are the scenes that must come after one; a published version
still lists every scene once, and passes the independent validator."""

import pytest

from scheduling.exports import schedule_document
from scheduling.script_import import scenes_left_out, script_apply, script_preview
from scheduling.services import scene_mark_shot
from scheduling.solver.validator import validate
from scheduling.solving import production_problem, version_solution

from .conftest import publish, revised

pytestmark = pytest.mark.django_db

PINK = "omitted from the script (revision Pink, 2021-10-09)"


@pytest.fixture
def surgery_cut(challenge, demo_script):
    """The Blue draft, then a Pink one without scene 014, the first part of the surgery (015 comes after it,
    016 and 017 after 015, 021 and 022 after 017)."""
    script_apply(production=challenge, data=demo_script)
    script_apply(production=challenge, data=revised(omit=("014",), change_012=False))
    return challenge


def test_an_omitted_scene_and_every_scene_after_it_leave_the_problem_with_their_reasons(surgery_cut):
    reasons = scenes_left_out(production=surgery_cut)
    assert reasons == {
        "014": PINK,
        "015": f"comes after 014, {PINK}",
        "016": f"comes after 015, which comes after 014, {PINK}",
        "017": f"comes after 015, which comes after 014, {PINK}",
        "021": f"comes after 017, which comes after 014, {PINK}",
        "022": f"comes after 017, which comes after 014, {PINK}",
    }
    problem = production_problem(production=surgery_cut)
    codes = {scene.code for scene in problem.scenes}
    assert not codes & set(reasons) and len(codes) == surgery_cut.scenes.count() - len(reasons)
    assert all(not set(scene.after) & set(reasons) for scene in problem.scenes)


def test_the_preview_warns_which_scenes_leave_scheduling_with_an_omitted_one(challenge, demo_script):
    script_apply(production=challenge, data=demo_script)
    warnings = script_preview(production=challenge, data=revised(omit=("014",), change_012=False)).warnings
    assert warnings[0] == ("scene 015 comes after 014, which this draft omits: it cannot be scheduled until its "
                           "after list no longer names 014")
    assert len(warnings) == 5


def test_a_published_version_lists_the_left_out_scenes_once_and_stays_valid(surgery_cut):
    version = publish(surgery_cut)
    reasons = dict(version.unscheduled.values_list("scene__code", "reason"))
    assert reasons["014"] == PINK and reasons["021"].startswith("comes after 017")
    document = schedule_document(version=version)
    listed = [shoot["scene"] for shoot in document["shoots"]] + [left["scene"] for left in document["unscheduled"]]
    assert sorted(listed) == sorted(surgery_cut.scenes.values_list("code", flat=True))  # every scene, once
    problem = production_problem(production=surgery_cut)
    assert validate(problem, version_solution(version=version, problem=problem)) == []


def test_a_shot_scene_after_an_omitted_one_stays_where_it_was_shot(challenge, demo_script):
    script_apply(production=challenge, data=demo_script)
    version = publish(challenge)
    shoot = version.shoots.get(scene__code="015")
    scene_mark_shot(scene=shoot.scene)
    script_apply(production=challenge, data=revised(omit=("014",), change_012=False))
    problem = production_problem(production=challenge)
    assert "014" not in {scene.code for scene in problem.scenes}
    assert problem.scene("015").required and problem.scene("015").after == ()
    assert problem.pin_for("015").start == problem.minute_at(shoot.start)
    assert problem.scene("016").after == ("015",)  # after the shot 015, not the omitted 014: still scheduled
