"""A later draft of the script: scenes met by script number, changed where the draft changed, omitted when it
drops them, never a scene marked shot; published shoots of what changed are flagged."""

import pytest

from scheduling.models import Scene, ScriptImport
from scheduling.screenplay import parse
from scheduling.script_import import script_apply, script_preview
from scheduling.script_import.rules import pages, script_minutes
from scheduling.selectors import production_document, scene_entry
from scheduling.services import scene_mark_shot, scene_save

from .conftest import publish, revised

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(challenge, demo_script, director):
    """The Challenge with its Blue draft applied."""
    script_apply(production=challenge, data=demo_script, filename="challenge.fountain", user=director)
    return challenge


def entries(production) -> dict[str, dict]:
    return {scene["code"]: scene for scene in production_document(production=production)["scenes"]}


def revised_eighths(number: str, **options) -> int:
    return next(scene.eighths for scene in parse(revised(**options)).scenes if scene.number == number)


def test_a_revision_changes_one_scene_and_omits_another(imported, director):
    before = entries(imported)
    preview = script_preview(production=imported, data=revised(), filename="challenge-pink.fountain")
    actions = {plan.code: plan.action for plan in preview.scenes}
    assert actions.pop("012") == "changed" and actions.pop("021") == "omitted"
    assert set(actions.values()) == {"unchanged"}
    changed = next(plan for plan in preview.scenes if plan.code == "012")
    eighths = revised_eighths("012")
    assert [(change.field, change.before, change.after) for change in changed.changes] == [
        ("heading", "INT. NAUKA - NIGHT", "INT. ZVEZDA - NIGHT"),
        ("modules", "nauka", "zvezda"),
        ("length", "3/8", pages(eighths)),
        # the demo's 60 minutes were 35 more than 3/8 of a page needs: the longer scene keeps them
        ("minutes", "60", str(script_minutes(eighths, 60) + 35)),
        ("cast", "peresild, shipenko, dubrov", "peresild, shipenko, dubrov, shkaplerov"),
    ]
    assert entries(imported) == before  # a preview writes nothing

    script_apply(production=imported, data=revised(), filename="challenge-pink.fountain", user=director)
    pink = ScriptImport.objects.get(revision="Pink")
    after = entries(imported)
    assert after["012"] == {
        **before["012"], "modules": ["zvezda"], "minutes": script_minutes(eighths, 60) + 35,
        "people": ["peresild", "shipenko", "dubrov", "shkaplerov"],
        "script": {"number": "012", "heading": "INT. ZVEZDA - NIGHT", "eighths": eighths},
    }
    assert after["021"] == before["021"]  # kept as it was, only out of scheduling
    omitted = Scene.objects.get(production=imported, code="021")
    assert omitted.omitted and omitted.omitted_by == pink
    assert set(Scene.objects.filter(revised_by=pink).values_list("code", flat=True)) == {"012", "021"}
    assert {code for code, entry in after.items() if entry != before[code]} == {"012"}


def test_the_cast_follows_the_script_and_keeps_the_directors_own_changes(imported):
    entry = scene_entry(scene=imported.scenes.get(code="012"))
    scene_save(production=imported, code="012", entry={**entry, "people": ["peresild", "dubrov", "novitskiy"]})
    script_apply(production=imported, data=revised())
    # shipenko stays out and novitskiy in (the director's), the commander joins (the script's)
    assert entries(imported)["012"]["people"] == ["peresild", "dubrov", "novitskiy", "shkaplerov"]
    cut = revised(revision="Yellow", replace=(("COMMANDER\nNot in my galley.", "ARTEM\nNot in my galley."),))
    script_apply(production=imported, data=cut)
    assert entries(imported)["012"]["people"] == ["peresild", "dubrov", "novitskiy"]  # the commander leaves again


def test_a_scene_marked_shot_is_never_changed_or_omitted(imported):
    version = publish(imported)
    assert {"012", "021"} <= set(version.shoots.values_list("scene__code", flat=True))
    for code in ("012", "021"):
        scene_mark_shot(scene=imported.scenes.get(code=code))
    before = entries(imported)
    done = script_apply(production=imported, data=revised())
    kept = {plan.code: plan for plan in done.scenes if plan.action == "kept"}
    assert set(kept) == {"012", "021"} and done.counts["changed"] == done.counts["omitted"] == 0
    assert [change.field for change in kept["012"].changes] == ["heading", "modules", "length", "minutes", "cast"]
    assert kept["021"].note == "marked shot: kept, though this draft omits it"
    assert entries(imported) == before
    assert not imported.scenes.filter(omitted=True).exists()
    assert not imported.scenes.filter(revised_by__isnull=False).exists()


def test_published_shoots_of_changed_and_omitted_scenes_are_flagged(imported):
    version = publish(imported)
    preview = script_preview(production=imported, data=revised())
    assert {plan.code: plan.published for plan in preview.scenes if plan.published} == {"012": version.number, "021": version.number}
    script_apply(production=imported, data=revised())
    assert set(imported.scenes.filter(revised_by__isnull=False).values_list("code", flat=True)) == {"012", "021"}


def test_an_omitted_scene_comes_back_when_a_later_draft_has_it_again(imported, demo_script):
    script_apply(production=imported, data=revised())
    again = script_apply(production=imported, data=revised(revision="Yellow"))
    assert again.counts["omitted"] == 0  # omitted once, not every time
    back = script_apply(production=imported, data=demo_script)
    plan = next(plan for plan in back.scenes if plan.code == "021")
    assert plan.action == "changed" and [(c.field, c.after) for c in plan.changes] == [("omitted", "back in the script")]
    scene = imported.scenes.get(code="021")
    assert not scene.omitted and scene.omitted_by is None and scene.revised_by == back.applied
