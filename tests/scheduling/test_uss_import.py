"""USS import: a round trip through a new production, a file of another tool merged in (pages at the
production's pace, cast through the casting, elements by category, modules from sets), previews that write
nothing, and bad files refused whole with the file's own paths."""

from __future__ import annotations

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from scheduling.models import (
    Casting,
    Element,
    Production,
    Scene,
    SceneCast,
    SceneElement,
    SceneModule,
)
from scheduling.selectors import production_document
from scheduling.uss import UssError
from scheduling.uss.selectors import uss_export
from scheduling.uss.services import uss_import

from .uss import SAMPLE, dumped, load, scheduled, without_breakdown

pytestmark = pytest.mark.django_db

# What the standard carries of a scene: the rest (priority, light, window, time limits, order) it has no key for.
CARRIED = ("code", "title", "minutes", "people", "modules", "elements", "script")


def rows() -> dict[str, int]:
    models = (Production, Scene, SceneCast, SceneModule, SceneElement, Element, Casting)
    return {model.__name__: model.objects.count() for model in models}


def carried(scene: dict) -> dict:
    return {key: scene.get(key) or ([] if key == "elements" else None) for key in CARRIED}


@pytest.fixture
def challenge(demo_document, director):
    return scheduled(load(demo_document, director=director))


@pytest.fixture
def tiny(small_document, director):
    small_document["casting"] = [{"character": "ZHENYA", "person": "peresild"}]
    return load(small_document, director=director)


def sample() -> dict:
    return json.loads(SAMPLE.read_bytes())


def test_a_round_trip_through_a_new_production_keeps_scenes_cast_and_elements(challenge, demo_document, director):
    data = dumped(uss_export(production=challenge))
    copy_of = load(without_breakdown(demo_document, "challenge-copy"), director=director)
    result = uss_import(production=copy_of, data=data, apply=True)
    assert result.applied and len(result.scenes_added) == len(demo_document["scenes"])

    imported = production_document(production=copy_of)
    assert [carried(scene) for scene in imported["scenes"]] == [carried(scene) for scene in demo_document["scenes"]]
    assert imported["casting"] == demo_document["casting"]
    assert [{**element, "quantity": None} for element in demo_document["elements"]] == imported["elements"]


def test_headings_and_eighths_make_the_round_trip(demo_document, director):
    demo_document = copy.deepcopy(demo_document)
    demo_document["scenes"][0]["script"] = {"number": "001", "heading": "INT. ZVEZDA - NIGHT", "eighths": 11}
    demo_document["scenes"][1]["script"] = {"number": "002", "heading": "INT./EXT. NAUKA - DAY (FLASHBACK)", "eighths": 3}
    data = dumped(uss_export(production=load(demo_document, director=director)))
    copy_of = load(without_breakdown(demo_document, "challenge-copy"), director=director)
    uss_import(production=copy_of, data=data, apply=True)
    scenes = production_document(production=copy_of)["scenes"]
    assert [scene.get("script") for scene in scenes[:3]] == [scene.get("script") for scene in demo_document["scenes"][:3]]


def test_importing_its_own_export_changes_nothing(challenge):
    before = production_document(production=challenge)
    result = uss_import(production=challenge, data=dumped(uss_export(production=challenge)), apply=True)
    assert (result.scenes_added, result.scenes_changed, result.elements_added, result.elements_changed) == ([], {}, [], [])
    assert result.scenes_unchanged == len(before["scenes"]) and not result.casting_added and not result.casting_changed
    assert production_document(production=challenge) == before


def test_a_preview_says_what_would_change_and_writes_nothing(tiny):
    before, counts = production_document(production=tiny), rows()
    result = uss_import(production=tiny, data=SAMPLE.read_bytes())
    assert not result.applied
    assert result.scenes_added == ["12A", "13"]
    assert result.elements_added == ["sleeping-bag", "cam-a"]
    assert result.dropped == [
        ('categories[3]: 1 element(s) of "Script Day" (ucid 3) not kept: a scene category orbitfilm has no field for '
         "(only Set, INT/EXT, Day/Night and Location are read)"),
        'categories[7]: 1 element(s) of "Notes" (ucid 123) not kept: notes are text, not elements a shoot needs',
        'breakdowns[0]: a banner ("Tiny: week one aboard") is a note on a stripboard, not a scene',
    ]
    assert rows() == counts and production_document(production=tiny) == before


def test_another_tools_breakdown_goes_in_with_pages_at_the_production_pace(tiny):
    uss_import(production=tiny, data=SAMPLE.read_bytes(), apply=True)
    scenes = {scene["code"]: scene for scene in production_document(production=tiny)["scenes"]}
    night, hatch = scenes["12A"], scenes["13"]
    # 1 3/8 pages at 60 minutes a page is 82.5 minutes: 85 in the planners' 5-minute steps.
    assert night["minutes"] == 85 and night["script"] == {"number": "12A", "heading": "INT. POISK - NIGHT", "eighths": 11}
    assert night["people"] == ["peresild"] and night["modules"] == ["poisk"]
    assert night["elements"] == [{"element": "sleeping-bag", "count": 1}]
    # A duration wins over pages; a cast member named as a crew member is that crew member.
    assert hatch["minutes"] == 45 and hatch["people"] == ["shipenko"] and hatch["modules"] == ["zvezda"]
    assert hatch["elements"] == [{"element": "cam-a", "count": 1}]
    assert (night["priority"], night["required"], night["light"]) == (1, False, "any")
    elements = {element.code: (element.name, element.category) for element in Element.objects.filter(production=tiny)}
    assert elements == {"sleeping-bag": ("Sleeping bag", "props"), "cam-a": ("Cinema camera A", "equipment")}


def test_the_pace_is_the_production_s_to_set(tiny):
    uss_import(production=tiny, data=SAMPLE.read_bytes(), apply=True, minutes_per_page=90)
    assert Scene.objects.get(production=tiny, code="12A").minutes == 125  # 11/8 x 90 = 123.75


def test_a_scene_without_a_set_of_the_station_may_be_shot_in_any_module(tiny):
    file = sample()
    root = file["universalScheduleStandard"]
    next(e for e in root["elements"] if e["name"] == "POISK")["name"] = "SLEEPING QUARTERS"
    uss_import(production=tiny, data=dumped(file), apply=True)
    assert production_document(production=tiny)["scenes"][3]["modules"] == ["zvezda", "poisk"]


def test_a_merged_scene_keeps_what_the_standard_has_no_key_for(challenge, demo_document):
    file = uss_export(production=challenge)
    root = file["universalScheduleStandard"]
    arrival = root["breakdowns"][0]
    arrival["description"], arrival["duration"] = "Arrival, reshot", 75 * 60_000
    result = uss_import(production=challenge, data=dumped(file), apply=True)
    assert result.scenes_changed == {"001": ["title", "minutes"]}
    scene = production_document(production=challenge)["scenes"][0]
    original = demo_document["scenes"][0]
    assert (scene["title"], scene["minutes"]) == ("Arrival, reshot", 75)
    assert {key: scene[key] for key in ("priority", "required", "latest", "modules")} == {
        key: original[key] for key in ("priority", "required", "latest", "modules")
    }


def test_a_cast_member_linked_to_another_crew_member_recasts_the_character(challenge):
    file = uss_export(production=challenge)
    root = file["universalScheduleStandard"]
    crew = {element["elementId"]: element["id"] for element in root["elements"] if element["elementId"] == "dubrov"}
    engineer = next(element for element in root["elements"] if element["name"] == "COMMANDER")
    engineer["linkedElements"] = [crew["dubrov"]]
    result = uss_import(production=challenge, data=dumped(file))
    assert result.casting_changed == ["COMMANDER: shkaplerov → dubrov"]


# --- refused whole -----------------------------------------------------------------------------------------


def refused(production, data: bytes) -> list[str]:
    counts = rows()
    with pytest.raises(UssError) as caught:
        uss_import(production=production, data=data, apply=True)
    assert rows() == counts
    return caught.value.lines()


def test_a_file_that_is_not_json_is_refused(tiny):
    assert refused(tiny, b"INT. ZVEZDA - NIGHT\n") == [
        "not a .uss file: malformed JSON: line 1 column 1: Expecting value"
    ]


def test_a_json_file_that_is_not_a_uss_document_is_refused(tiny, small_document):
    assert refused(tiny, dumped(small_document)) == [
        'not a .uss file: a Universal Schedule Standard file is a JSON object with a "universalScheduleStandard" object'
    ]


def test_a_uss_document_without_its_breakdown_lists_is_refused(tiny):
    assert refused(tiny, dumped({"universalScheduleStandard": {"ussVersion": "2.0.0", "elements": {}}})) == [
        'ussVersion: orbitfilm reads version 1.x of the standard, got "2.0.0"',
        "breakdowns: is required: every .uss file has breakdowns, categories and elements",
        "categories: is required: every .uss file has breakdowns, categories and elements",
        "elements: must be a list, got an object",
    ]


def test_an_element_named_twice_is_refused(tiny):
    file = sample()
    elements = file["universalScheduleStandard"]["elements"]
    elements.append({**copy.deepcopy(elements[5]), "id": "6516a3f0c2b1e80012a40299", "name": "SLEEPING  BAG"})
    assert refused(tiny, dumped(file)) == [
        'elements[10].name: names "SLEEPING  BAG" again: it is already elements[5] in category "Props"'
    ]


def test_an_element_id_listed_twice_is_refused(tiny):
    file = sample()
    elements = file["universalScheduleStandard"]["elements"]
    elements.append(copy.deepcopy(elements[6]))
    assert refused(tiny, dumped(file)) == ['elements[10].id: element id "6516a3f0c2b1e80012a40207" is already elements[6]']


def test_a_breakdown_naming_an_unknown_element_id_is_refused(tiny):
    file = sample()
    file["universalScheduleStandard"]["breakdowns"][2]["elements"][1] = "5d9fc8cfc0efae0017a3beef"
    assert refused(tiny, dumped(file)) == ['breakdowns[2].elements[1]: unknown element id "5d9fc8cfc0efae0017a3beef"']


def test_an_unknown_cast_member_is_refused(tiny):
    file = sample()
    next(e for e in file["universalScheduleStandard"]["elements"] if e["name"] == "ZHENYA")["name"] = "GEORGE"
    assert refused(tiny, dumped(file)) == [
        ('elements[3].name: unknown cast member "GEORGE": the production\'s casting has no such character and no one '
         "on its roster has this name or code; cast the character first"),
    ]


def test_every_problem_is_named_at_once(tiny):
    file = sample()
    root = file["universalScheduleStandard"]
    root["breakdowns"][1]["pages"] = -1
    root["breakdowns"][2]["scene"] = "12A"
    root["breakdowns"][2]["type"] = "strip board"
    root["categories"][4]["ucid"] = "cast"
    assert refused(tiny, dumped(file)) == [
        'categories[4].ucid: must be a category number of the standard (0 or more), got "cast"',
        'elements[3].category: unknown category id "6516a3f0c2b1e80012a40305"',
        'elements[4].category: unknown category id "6516a3f0c2b1e80012a40305"',
        "breakdowns[1].pages: must be a number of 0 or more, or null, got -1",
        'breakdowns[2].type: must be "scene" or "banner", got "strip board"',
    ]


def test_a_new_scene_needs_a_length(tiny):
    file = sample()
    file["universalScheduleStandard"]["breakdowns"][1]["pages"] = None
    assert refused(tiny, dumped(file)) == [
        "breakdowns[1]: gives neither a duration nor pages: a new scene needs the length of its shoot"
    ]


def test_what_the_merge_breaks_in_the_production_is_named_as_the_production_s(challenge):
    file = uss_export(production=challenge)
    root = file["universalScheduleStandard"]
    location = next(category["id"] for category in root["categories"] if category["ucid"] == 6)
    modules = {element["id"]: element["elementId"] for element in root["elements"] if element["category"] == location}
    arrival = root["breakdowns"][0]  # scene 001, pinned in Zvezda
    arrival["elements"] = [element for element in arrival["elements"] if element not in modules]
    arrival["elements"].append(next(identifier for identifier, code in modules.items() if code == "nauka"))
    assert refused(challenge, dumped(file)) == [
        "production challenge: pinned[0].module: \"zvezda\" is not among scene 001's modules (nauka)"
    ]


# --- the command -------------------------------------------------------------------------------------------


def test_the_command_previews_then_applies(tiny, tmp_path):
    out = io.StringIO()
    call_command("import_uss", "tiny", str(SAMPLE), stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "would import into (preview; --apply writes it) production tiny: 2 scene(s) added, 0 changed, 0 unchanged "
        "(from Tiny: ground breakdown written by a ground scheduling tool)"
    )
    assert not Scene.objects.filter(code="12A").exists()
    call_command("import_uss", "tiny", str(SAMPLE), "--apply", stdout=io.StringIO())
    assert Scene.objects.filter(production=tiny, code__in=["12A", "13"]).count() == 2


def test_the_command_names_every_problem_and_writes_nothing(tiny, tmp_path):
    path = tmp_path / "bad.uss"
    path.write_text("{}")
    err = io.StringIO()
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_uss", "tiny", str(path), "--apply", stderr=err)
    assert "not a .uss file" in err.getvalue()
