"""The Challenge demo's screenplay excerpt reads into the demo production's own scenes."""

import json

import pytest

from scheduling.screenplay import parse

from .conftest import DEMO

# Who plays whom in the excerpt; part two stores this as the production file's `casting`.
CASTING = {"ZHENYA": "peresild", "ARTEM": "shipenko", "COMMANDER": "shkaplerov", "PATIENT": "novitskiy",
           "ENGINEER": "dubrov"}


@pytest.fixture(scope="module")
def production() -> dict:
    return json.loads((DEMO / "challenge.json").read_text())


@pytest.fixture(scope="module")
def screenplay():
    return parse((DEMO / "challenge.fountain").read_bytes(), filename="challenge.fountain")


def module_named(location: str, modules: list[dict]) -> str | None:
    """The module whose code or name is the location, ignoring case."""
    return next((module["code"] for module in modules
                 if location.casefold() in (module["code"].casefold(), module["name"].casefold())), None)


def demo_scenes(screenplay, production):
    by_code = {scene["code"]: scene for scene in production["scenes"]}
    return [(scene, by_code[scene.number]) for scene in screenplay.scenes if scene.number in by_code]


def test_the_excerpt_numbers_eight_to_ten_demo_scenes_by_their_codes(screenplay, production):
    assert 8 <= len(demo_scenes(screenplay, production)) <= 10
    assert screenplay.scenes[0].number == "001"


def test_each_demo_scene_casts_exactly_the_demo_scenes_people(screenplay, production):
    for scene, demo in demo_scenes(screenplay, production):
        cast = {CASTING[character.name] for character in scene.characters if not character.voice_over_only}
        assert cast == set(demo["people"]), scene.number


def test_artem_speaks_in_every_demo_scene(screenplay, production):
    for scene, _ in demo_scenes(screenplay, production):
        assert "ARTEM" in [character.name for character in scene.characters], scene.number


def test_each_demo_scene_is_set_in_one_of_its_modules(screenplay, production):
    for scene, demo in demo_scenes(screenplay, production):
        assert module_named(scene.location, production["modules"]) in demo["modules"], scene.heading


def test_the_excerpt_has_voice_over_and_off_screen_cues(screenplay):
    voice_over_only = {(scene.number, character.name) for scene in screenplay.scenes
                       for character in scene.characters if character.voice_over_only}
    assert ("013", "COMMANDER") in voice_over_only  # on the intercom: not in the scene's cast
    assert ("008", "PROFESSOR") in voice_over_only
    text = (DEMO / "challenge.fountain").read_text()
    assert "PATIENT (O.S.)" in text and ("005", "PATIENT") not in voice_over_only


def test_a_flashback_set_on_the_ground_is_a_new_scene_in_no_module(screenplay, production):
    codes = {scene["code"] for scene in production["scenes"]}
    new = [scene for scene in screenplay.scenes if scene.number not in codes]
    assert [(scene.number, scene.location, scene.story_time) for scene in new] == [
        ("027A", "MOSCOW HOSPITAL", "DAY - FLASHBACK")
    ]
    assert module_named(new[0].location, production["modules"]) is None


def test_the_title_page_gives_title_draft_date_and_revision_colour(screenplay):
    assert (screenplay.title, screenplay.draft_date, screenplay.revision) == ("CHALLENGE", "2021-10-01", "Blue")
