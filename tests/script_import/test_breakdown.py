"""What each script scene becomes: its code from its number, its people from who speaks, its modules from its
location, its minutes from its length."""

import pytest

from scheduling.script_import import script_apply, script_preview
from scheduling.selectors import scene_entry
from scheduling.services import scene_save

from .conftest import fountain

pytestmark = pytest.mark.django_db


def plans(production, data: bytes, **options) -> dict:
    return {plan.code: plan for plan in script_preview(production=production, data=data, **options).scenes}


def test_scenes_without_printed_numbers_are_numbered_by_their_position(tiny):
    preview = script_preview(production=tiny, data=fountain("INT. ZVEZDA - DAY\n\nOne.", "INT. POISK - DAY\n\nTwo."))
    assert [(plan.action, plan.code, plan.number) for plan in preview.scenes] == [("new", "1", "1"), ("new", "2", "2")]


def test_a_scene_without_a_script_number_meets_its_scene_by_code(tiny):
    preview = script_preview(production=tiny, data=fountain("INT. ZVEZDA - DAY #002#\n\nThe exam.", "INT. POISK #2B#\n\nAfter."))
    assert [(plan.action, plan.code) for plan in preview.scenes] == [("linked", "002"), ("new", "2B")]


def test_a_new_scene_whose_number_is_another_scenes_code_gets_a_code_of_its_own(tiny):
    entry = scene_entry(scene=tiny.scenes.get(code="003"))
    scene_save(production=tiny, code="003", entry={**entry, "script": {"number": "3A", "heading": "INT. ZVEZDA", "eighths": 1}})
    preview = script_preview(production=tiny, data=fountain("INT. ZVEZDA #3A#\n\nAt the window.", "INT. POISK #003#\n\nLater."))
    assert [(plan.action, plan.code, plan.number) for plan in preview.scenes] == [
        ("unchanged", "003", "3A"), ("new", "003-2", "003"),
    ]


def test_new_scenes_stand_where_the_script_has_them(tiny):
    script_apply(production=tiny, data=fountain("INT. POISK #0#\n\nBefore.", "INT. ZVEZDA #002#\n\nThe exam.",
                                                "INT. POISK #2A#\n\nAfter.", "INT. POISK #2B#\n\nLater."))
    assert list(tiny.scenes.order_by("position").values_list("code", flat=True)) == ["001", "0", "002", "2A", "2B", "003"]


def test_voice_over_only_characters_are_not_cast_and_off_screen_ones_are(tiny):
    scene = plans(tiny, fountain(
        "INT. ZVEZDA - NIGHT #7#\n\nThe intercom crackles.\n\nZHENYA (V.O.)\nCan you hear me?\n\n"
        "ARTEM (O.S.)\nLoud and clear.\n\nZHENYA (V.O.)\nGood."
    ))["7"]
    assert scene.people == ("shipenko",)
    both = plans(tiny, fountain(
        "INT. ZVEZDA - NIGHT #7#\n\nZHENYA (V.O.)\nCan you hear me?\n\nShe drifts in.\n\nZHENYA (CONT'D)\nNow you can see me."
    ))["7"]
    assert both.people == ("peresild",)


def test_uncast_characters_are_listed_and_their_scenes_go_without_them(tiny):
    preview = script_preview(production=tiny, data=fountain(
        "INT. ZVEZDA #1#\n\nVERA\nHello.\n\nZHENYA\nHi.", "INT. POISK #2#\n\nVERA\nAgain."
    ))
    assert [plan.people for plan in preview.scenes] == [("peresild",), ()]
    assert [(item.name, item.scenes) for item in preview.uncast] == [("VERA", ("1", "2"))]
    assert preview.uncast[0].message == "VERA is not cast: cast the part, or scenes 1, 2 have no one playing VERA"


def test_a_location_that_names_no_module_allows_every_module_and_is_listed(tiny):
    preview = script_preview(production=tiny, data=fountain(
        "EXT. SPACE - DAY #1#\n\nThe station turns.", "INT. ZVEZDA - GALLEY - NIGHT #2#\n\nDinner.", "INT. POISK #3#\n\nSleep."
    ))
    assert [plan.modules for plan in preview.scenes] == [("zvezda", "poisk"), ("zvezda",), ("poisk",)]
    assert [(item.name, item.scenes) for item in preview.unmatched] == [("SPACE", ("1",))]
    assert preview.unmatched[0].message == "SPACE names no module of station ISS: scene 1 may be shot in any module"


def test_eighths_of_a_page_become_minutes_at_the_productions_rate(tiny):
    page = "\n\n".join(["The lamp swings, and swings back, slower, and slower, and slower, until it almost stops."] * 9)
    scene = plans(tiny, fountain(f"INT. ZVEZDA - NIGHT #1#\n\n{page}"))["1"]
    assert scene.eighths == 4 and scene.minutes == 30
    assert plans(tiny, fountain(f"INT. ZVEZDA - NIGHT #1#\n\n{page}"), minutes_per_page=45)["1"].minutes == 25
    short = plans(tiny, fountain("INT. ZVEZDA - NIGHT #1#\n\nDark."))["1"]
    assert short.eighths == 1 and short.minutes == 10  # 7.5 minutes, rounded up to the station's 5-minute steps
