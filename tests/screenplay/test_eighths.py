"""Eighths of a page: scenes laid out as on a screenplay page, 55 lines to the page."""

from scheduling.screenplay import parse
from scheduling.screenplay.layout import (
    ACTION_WIDTH, DIALOGUE_WIDTH, PARENTHETICAL_WIDTH, eighths, element_lines, scene_lines, text_lines,
)
from scheduling.screenplay.page import ACTION, DIALOGUE, PARENTHETICAL, TRANSITION, DualSpeech, Element, Speech

from .conftest import fountain_scene


def words(count: int, word: str = "abcd") -> str:
    return " ".join([word] * count)


def one_paragraph_scene(action_lines: int) -> bytes:
    """Heading and blank (2 lines), one action paragraph of `action_lines` short lines, and its blank."""
    return fountain_scene("\n".join(f"Beat {index}." for index in range(action_lines)) + "\n")


def test_a_scene_of_exactly_55_laid_out_lines_is_eight_eighths():
    (scene,) = parse(one_paragraph_scene(55 - 3)).scenes
    assert scene.eighths == 8


def test_eighths_round_to_the_nearest_eighth():
    # 51 lines are 7.42 eighths, 52 lines 7.56; two pages (110 lines) are 16 eighths.
    assert [parse(one_paragraph_scene(lines - 3)).scenes[0].eighths for lines in (51, 52, 110)] == [7, 8, 16]
    assert [eighths(lines) for lines in (3, 4, 10, 11, 55, 56)] == [1, 1, 1, 2, 8, 8]


def test_a_scene_is_at_least_one_eighth():
    (scene,) = parse(b"INT. NAUKA - NIGHT\n").scenes
    assert scene.eighths == 1
    assert eighths(0) == 1


def of_length(characters: int) -> str:
    """Words, ending in a short one, making exactly `characters` characters."""
    return "x" * (characters - 5) + " abcd"


def test_each_element_wraps_at_its_width_in_characters():
    for width, characters in ((ACTION_WIDTH, 60), (DIALOGUE_WIDTH, 35), (PARENTHETICAL_WIDTH, 25)):
        assert width == characters
        assert text_lines(of_length(characters), width) == 1
        assert text_lines(of_length(characters + 1), width) == 2


def test_lines_wrap_at_spaces():
    assert text_lines(words(12), ACTION_WIDTH) == 1  # 59 characters
    assert text_lines(words(13), ACTION_WIDTH) == 2  # 64 characters
    assert text_lines(words(7), DIALOGUE_WIDTH) == 1  # 34 characters
    assert text_lines(words(8), DIALOGUE_WIDTH) == 2
    assert text_lines("(" + words(5) + ")", PARENTHETICAL_WIDTH) == 2  # 26 characters
    assert text_lines("x" * 61, ACTION_WIDTH) == 2  # a word longer than the line breaks at the width
    assert text_lines("x" * 120, ACTION_WIDTH) == 2
    assert text_lines("one\n\nthree", ACTION_WIDTH) == 3  # the writer's line breaks, an empty line included


def test_a_scene_counts_its_heading_elements_and_one_blank_after_each():
    speech = Speech("ZHENYA", (Element(PARENTHETICAL, "(" + words(5) + ")"), Element(DIALOGUE, words(14))))
    body = (Element(ACTION, words(20)), speech, Element(TRANSITION, "CUT TO:"))
    # heading 1 + 1, action 2 + 1, speech (cue 1, parenthetical 2, dialogue 2) + 1, transition 1 + 1
    assert element_lines(speech) == 5
    assert scene_lines("INT. NAUKA - NIGHT", body) == 2 + 3 + 6 + 2


def test_dual_dialogue_is_as_tall_as_its_taller_side_in_narrower_columns():
    left = Speech("ZHENYA", (Element(DIALOGUE, words(6)),))  # 29 characters: one line single, two in a column
    right = Speech("ENGINEER", (Element(DIALOGUE, "Yes."),))
    assert element_lines(left) == 2
    assert element_lines(DualSpeech(left, right)) == 3


def test_fountain_and_final_draft_lay_a_page_out_alike(night_shift_fountain, night_shift_fd12):
    assert [scene.eighths for scene in parse(night_shift_fountain).scenes] == [
        scene.eighths for scene in parse(night_shift_fd12).scenes
    ]
