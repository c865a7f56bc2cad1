"""The Challenge demo's screenplay imports to the demo's own scenes, and the flashback becomes a new one."""

import pytest
from django.utils import timezone

from scheduling.models import Scene, ScriptImport
from scheduling.script_import import preview_document, script_apply, script_preview
from scheduling.selectors import production_document

pytestmark = pytest.mark.django_db

DEMO_SCENES = ["001", "002", "004", "005", "008", "012", "013", "014", "021", "027"]
STATION_MODULES = ["zvezda", "zarya", "poisk", "rassvet", "nauka", "soyuz-ms18", "soyuz-ms19"]


def test_the_demo_screenplay_links_ten_demo_scenes_and_adds_the_flashback_in_every_module(challenge, demo_script):
    preview = script_preview(production=challenge, data=demo_script, filename="challenge.fountain")
    assert [(plan.action, plan.code) for plan in preview.scenes] == [("linked", code) for code in DEMO_SCENES] + [("new", "027A")]
    flashback = preview.scenes[-1]
    assert flashback.number == "027A" and flashback.where == "line 198"
    assert list(flashback.modules) == STATION_MODULES
    assert flashback.people == ("peresild",)  # the nurse is not cast
    assert flashback.minutes == 15  # 2/8 of a page at 60 minutes a page
    assert flashback.title == "MOSCOW HOSPITAL: Snow on the steps."
    assert [(item.name, item.scenes) for item in preview.unmatched] == [("MOSCOW HOSPITAL", ("027A",))]
    assert [(item.name, item.scenes) for item in preview.uncast] == [("NURSE", ("027A",))]
    assert preview.uncast[0].message == "NURSE is not cast: cast the part, or scene 027A has no one playing NURSE"
    assert [plan.changes for plan in preview.scenes[:-1]] == [()] * 10  # the demo's people are the script's cast


def test_story_time_in_headings_is_noted_and_sets_no_orbital_light(challenge, demo_script):
    preview = script_preview(production=challenge, data=demo_script)
    night = next(item for item in preview.story_times if item.name == "NIGHT")
    assert night.scenes == ("008", "012", "013", "014")
    assert "not orbital light" in night.message
    by_code = {scene["code"]: scene for scene in preview.document["scenes"]}
    assert by_code["027A"]["light"] == "any" and by_code["012"]["light"] == "any"


def test_a_preview_writes_nothing(challenge, demo_script):
    before = production_document(production=challenge)
    script_preview(production=challenge, data=demo_script)
    assert production_document(production=challenge) == before
    assert not ScriptImport.objects.exists()


def test_applying_links_the_scenes_adds_the_flashback_and_keeps_the_title_page(challenge, demo_script, director):
    before = {scene["code"]: scene for scene in production_document(production=challenge)["scenes"]}
    done = script_apply(production=challenge, data=demo_script, filename="challenge.fountain", user=director)
    record = ScriptImport.objects.get()
    assert done.applied == record
    assert (record.title, record.draft_date, record.revision, record.format, record.filename) == (
        "CHALLENGE", "2021-10-01", "Blue", "fountain", "challenge.fountain"
    )
    assert record.imported_by == director and record.minutes_per_page == 60
    assert abs((timezone.now() - record.applied).total_seconds()) < 600
    assert record.counts == {"new": 1, "linked": 10, "changed": 0, "unchanged": 0, "omitted": 0, "kept": 0}
    after = {scene["code"]: scene for scene in production_document(production=challenge)["scenes"]}
    assert after["012"]["script"] == {"number": "012", "heading": "INT. NAUKA - NIGHT", "eighths": 3}
    for code in DEMO_SCENES:  # the director's minutes, modules and titles stay
        assert {**after[code], "script": None} == {**before[code], "script": None}
    assert set(after) == set(before) | {"027A"}
    assert Scene.objects.get(code="027A").revised_by is None  # new, not changed


def test_the_new_scene_comes_right_after_the_scene_before_it_in_the_script(challenge, demo_script):
    script_apply(production=challenge, data=demo_script)
    codes = list(challenge.scenes.order_by("position").values_list("code", flat=True))
    assert codes[codes.index("027") + 1] == "027A"
    assert codes == [scene["code"] for scene in production_document(production=challenge)["scenes"]]


def test_importing_the_same_script_again_changes_nothing(challenge, demo_script):
    script_apply(production=challenge, data=demo_script)
    before = production_document(production=challenge)
    again = script_apply(production=challenge, data=demo_script)
    assert again.counts == {"new": 0, "linked": 0, "changed": 0, "unchanged": 11, "omitted": 0, "kept": 0}
    assert production_document(production=challenge) == before


def test_minutes_per_page_is_a_production_setting_overridable_per_import(challenge, demo_script):
    assert challenge.minutes_per_page == 60
    challenge.minutes_per_page = 120
    challenge.save()
    assert script_preview(production=challenge, data=demo_script).scenes[-1].minutes == 30
    assert script_preview(production=challenge, data=demo_script, minutes_per_page=90).scenes[-1].minutes == 25


def test_the_preview_document_names_every_scene_and_what_happens_to_it(challenge, demo_script):
    document = preview_document(script_preview(production=challenge, data=demo_script, filename="challenge.fountain"))
    assert document["script"] == {"title": "CHALLENGE", "draft_date": "2021-10-01", "revision": "Blue",
                                  "format": "fountain", "filename": "challenge.fountain", "scenes": 11}
    assert document["applied"] is None and document["counts"]["linked"] == 10
    assert document["scenes"][-1] | {"title": ""} == {
        "action": "new", "code": "027A", "number": "027A", "heading": "EXT. MOSCOW HOSPITAL - DAY - FLASHBACK",
        "where": "line 198", "title": "", "eighths": 2, "pages": "2/8", "minutes": 15, "people": ["peresild"],
        "modules": STATION_MODULES, "changes": [], "published": None, "note": "",
    }
