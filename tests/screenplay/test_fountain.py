"""Fountain: what is read from each element, and where each scene starts."""

from scheduling.screenplay import Character, parse

from .conftest import fountain_scene


def scenes_of(text: str):
    return parse(text.encode()).scenes


def test_scene_numbers_are_read_as_printed():
    scenes = scenes_of("INT. NAUKA - NIGHT #12A#\n\nA.\n\nEXT. SPACE - DAY #013#\n\nB.\n")
    assert [scene.number for scene in scenes] == ["12A", "013"]
    assert [scene.heading for scene in scenes] == ["INT. NAUKA - NIGHT", "EXT. SPACE - DAY"]


def test_a_script_without_numbers_numbers_scenes_by_position():
    scenes = scenes_of("INT. NAUKA - NIGHT\n\nA.\n\nINT. ZARYA - DAY\n\nB.\n\nEXT. SPACE - DAY\n\nC.\n")
    assert [scene.number for scene in scenes] == ["1", "2", "3"]


def test_a_forced_heading_is_a_scene_and_prints_in_capitals():
    scenes = scenes_of(".inside the cupola\n\nThe Earth turns.\n\n...and then silence.\n")
    assert len(scenes) == 1
    assert scenes[0].heading == "INSIDE THE CUPOLA"
    assert scenes[0].location == "INSIDE THE CUPOLA" and scenes[0].story_time == ""


def test_location_and_story_time_come_from_the_heading():
    cases = {
        "INT. NAUKA - NIGHT": ("NAUKA", "NIGHT"),
        "INT./EXT. SOYUZ MS-19 - DAY": ("SOYUZ MS-19", "DAY"),
        "I/E. ZARYA HATCH - CONTINUOUS": ("ZARYA HATCH", "CONTINUOUS"),
        "INT. ZVEZDA SERVICE MODULE - GALLEY - EARLY MORNING": ("ZVEZDA SERVICE MODULE - GALLEY", "EARLY MORNING"),
        "EXT. MOSCOW HOSPITAL - DAY (FLASHBACK)": ("MOSCOW HOSPITAL", "DAY (FLASHBACK)"),
        "EXT. MOSCOW HOSPITAL - DAY - FLASHBACK": ("MOSCOW HOSPITAL", "DAY - FLASHBACK"),
        "INT. HOSPITAL - DAY ROOM": ("HOSPITAL - DAY ROOM", ""),
        "INT. POISK": ("POISK", ""),
    }
    for heading, expected in cases.items():
        (scene,) = scenes_of(f"{heading}\n\nSomething happens.\n")
        assert (scene.location, scene.story_time) == expected, heading


def test_voice_over_only_characters_are_marked_and_off_screen_ones_are_not():
    (scene,) = parse(fountain_scene(
        "ZHENYA (V.O.)\nI never slept up there.\n\n"
        "ARTEM (O.S.)\nAction.\n\n"
        "COMMANDER (V.O.)\nPoisk, lights out.\n\n"
        "COMMANDER\nI said lights out.\n\n"
        "ARTEM (CONT'D)\nAgain.\n\n"
        "PATIENT (O.C.)\nWho is there?\n"
    )).scenes
    assert scene.characters == (
        Character("ZHENYA", voice_over_only=True),
        Character("ARTEM", voice_over_only=False),
        Character("COMMANDER", voice_over_only=False),
        Character("PATIENT", voice_over_only=False),
    )


def test_characters_are_listed_once_in_the_order_of_their_first_cue():
    (scene,) = parse(fountain_scene("ARTEM\nOne.\n\nZHENYA\nTwo.\n\nARTEM\nThree.\n\n@McCLANE\nFour.\n")).scenes
    assert [character.name for character in scene.characters] == ["ARTEM", "ZHENYA", "MCCLANE"]


def test_dual_dialogue_gives_both_speakers():
    (scene,) = parse(fountain_scene("ZHENYA\nLeft.\n\nENGINEER ^\nAlways from the left.\n")).scenes
    assert [character.name for character in scene.characters] == ["ZHENYA", "ENGINEER"]


def test_the_title_page_gives_title_draft_date_and_revision():
    screenplay = parse(
        b"Title:\n    _**THE NIGHT SHIFT**_\n    Part One\nAuthor: orbitfilm\nDraft date: 2021-10-01\nRevision: Blue\n"
        b"\nINT. NAUKA - NIGHT\n\nA.\n"
    )
    assert (screenplay.title, screenplay.draft_date, screenplay.revision) == (
        "THE NIGHT SHIFT Part One", "2021-10-01", "Blue"
    )
    assert screenplay.format == "fountain"


def test_a_script_without_a_title_page_has_empty_title_fields():
    screenplay = parse(b"INT. NAUKA - NIGHT\n\nA.\n")
    assert (screenplay.title, screenplay.draft_date, screenplay.revision) == ("", "", "")


def test_first_action_is_the_first_line_of_the_first_action_paragraph_without_notes_or_markup():
    (scene,) = parse(fountain_scene(
        "ZHENYA\nNot action.\n\nThe *lamp* [[check the prop list]] swings.\nIt keeps swinging.\n"
    )).scenes
    assert scene.first_action == "The lamp swings."


def test_each_scene_knows_the_line_its_heading_is_on_after_a_title_page_boneyard_and_notes():
    text = (
        "Title: T\n"                         # 1
        "\n"                                 # 2
        "INT. NAUKA - NIGHT #1#\n"           # 3
        "\n"                                 # 4
        "/* a cut scene\n"                   # 5
        "\n"                                 # 6
        "INT. ZARYA - DAY #9#\n"             # 7: in the boneyard, no scene
        "\n"                                 # 8
        "still cut */\n"                     # 9
        "\n"                                 # 10
        "A note [[spanning\n"                # 11
        "two lines]] in the action.\n"       # 12
        "\n"                                 # 13
        "# ACT TWO\n"                        # 14
        "\n"                                 # 15
        "= a synopsis\n"                     # 16
        "\n"                                 # 17
        "===\n"                              # 18
        "\n"                                 # 19
        "EXT. SPACE - DAY #2#\n"             # 20
        "\n"
        "Quiet.\n"
    )
    scenes = scenes_of(text)
    assert [(scene.number, scene.where) for scene in scenes] == [("1", "line 3"), ("2", "line 20")]
    assert scenes[0].first_action == "A note in the action."


def test_windows_and_old_mac_line_endings_count_lines_alike():
    for line_break in ("\r\n", "\r"):
        text = line_break.join(["INT. NAUKA - NIGHT #1#", "", "A.", "", "INT. ZARYA - DAY #2#", "", "B.", ""])
        assert [scene.where for scene in scenes_of(text)] == ["line 1", "line 5"]


def test_sections_synopses_and_page_breaks_do_not_make_scenes_or_action():
    (scene,) = scenes_of("INT. NAUKA - NIGHT\n\n# ACT ONE\n\n= she decides\n\n===\n\nShe decides.\n")
    assert scene.first_action == "She decides."
