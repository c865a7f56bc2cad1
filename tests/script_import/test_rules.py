"""One script scene's minutes, title, modules, cast and code: the import's rules on their own."""

import pytest

from scheduling.screenplay import Character, Scene
from scheduling.script_import.rules import (
    location_modules,
    pages,
    revised_minutes,
    scene_cast,
    scene_code,
    scene_title,
    script_minutes,
)

STATION = [("zvezda", "Zvezda Service Module"), ("zarya", "Zarya Functional Cargo Block"), ("nauka", "Nauka"),
           ("soyuz-ms18", "Soyuz MS-18"), ("soyuz-ms19", "Soyuz MS-19")]


def script_scene(location="NAUKA", first_action="", characters=(), heading=None) -> Scene:
    return Scene(number="1", heading=heading or f"INT. {location} - NIGHT", location=location, story_time="NIGHT",
                 first_action=first_action, characters=tuple(characters), eighths=3, where="line 1")


@pytest.mark.parametrize("eighths, minutes_per_page, minutes", [
    (8, 60, 60), (3, 60, 25), (2, 60, 15), (1, 60, 10), (11, 60, 85), (11, 45, 65), (1, 1, 5), (16, 600, 1200),
])
def test_eighths_become_minutes_rounded_up_to_five(eighths, minutes_per_page, minutes):
    assert script_minutes(eighths, minutes_per_page) == minutes


def test_a_longer_scene_keeps_the_minutes_the_director_added():
    assert revised_minutes(25, 3, 5, 60) == 40  # never edited: exactly what 5/8 needs
    assert revised_minutes(60, 3, 5, 60) == 75  # 35 minutes of set-up on top stay on top
    assert revised_minutes(10, 3, 1, 60) == 5  # never below one step


@pytest.mark.parametrize("eighths, written", [(1, "1/8"), (8, "1"), (11, "1 3/8"), (16, "2"), (None, "unknown")])
def test_lengths_are_written_as_pages_and_eighths(eighths, written):
    assert pages(eighths) == written


@pytest.mark.parametrize("location, codes", [
    ("ZVEZDA SERVICE MODULE", ["zvezda"]),
    ("NAUKA", ["nauka"]),
    ("SOYUZ MS-19", ["soyuz-ms19"]),
    ("soyuz ms19", ["soyuz-ms19"]),
    ("ZVEZDA - GALLEY", ["zvezda"]),
    ("HATCH BETWEEN ZARYA AND ZVEZDA", ["zvezda", "zarya"]),
    ("MOSCOW HOSPITAL", []),
    ("SOYUZ", []),
    ("", []),
])
def test_a_location_names_modules_by_code_or_name_ignoring_case(location, codes):
    assert location_modules(location, STATION) == codes


def test_the_title_is_the_location_and_as_much_of_the_first_action_line_as_fits():
    assert scene_title(script_scene("NAUKA", "The lamp swings.")) == "NAUKA: The lamp swings."
    assert scene_title(script_scene("NAUKA")) == "NAUKA"
    running = "Zhenya runs for a waiting car and does not look back " * 3
    assert scene_title(script_scene("MOSCOW HOSPITAL", "Snow on the steps. " + running)) == "MOSCOW HOSPITAL: Snow on the steps."
    title = scene_title(script_scene("MOSCOW HOSPITAL", running))
    assert title.startswith("MOSCOW HOSPITAL: Zhenya runs for a waiting car")
    assert len(title) <= 100 and title.endswith(" a waiting…")


def test_the_cast_is_who_speaks_on_screen_through_the_casting():
    scene = script_scene(characters=[Character("ZHENYA", False), Character("PROFESSOR", True),
                                     Character("ARTEM", False), Character("NURSE", False), Character("KIM", False)])
    casting = {"zhenya": "peresild", "artem": "shipenko", "professor": "novitskiy", "kim": "peresild"}
    assert scene_cast(scene, casting) == (["peresild", "shipenko"], ["NURSE"])


def test_a_new_scene_takes_its_number_as_code_unless_taken():
    assert scene_code("12A", {"001"}) == "12A"
    assert scene_code("12A", {"12A", "12A-2"}) == "12A-3"
    assert scene_code("12/A", set()) == "12-A-2"
