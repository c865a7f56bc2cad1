"""A scene's length in eighths of a page, the industry's page count, from its text laid out as on a page.

A screenplay page is US Letter in 12-point Courier: 10 characters an inch across, 6 lines an inch down. The
widths below are the standard spec-script margins (docs/screenplay-import.md has the table):

- scene headings, action, shots and transitions: 1.5 in to 7.5 in from the left edge, 6.0 in, 60 characters
  (transitions sit flush right within that column and rarely wrap, so they get the same width);
- dialogue: 2.5 in to 6.0 in, 3.5 in, 35 characters;
- parentheticals: 3.1 in to 5.6 in, 2.5 in, 25 characters;
- a character cue (at 3.7 in) is always one line;
- dual dialogue sets two speeches side by side in the 6.0 in column: each is 2.8 in wide (half of it less a
  0.4 in gutter), 28 characters of dialogue, and its parentheticals 1.0 in narrower in proportion, 20 characters.

A page holds about 55 such lines (9 in between 1 in top and bottom margins at 6 lines an inch, and a little
more). Every element is followed by one blank line; a speech's cue, parentheticals and dialogue are not
separated. A scene's lines are its heading's, its elements' and those blanks, so scene lengths add up to the
script's length.
"""

from __future__ import annotations

from .page import ACTION, PARENTHETICAL, DualSpeech, Element, Speech

LINES_PER_PAGE = 55
EIGHTHS_PER_PAGE = 8
ACTION_WIDTH = 60
DIALOGUE_WIDTH = 35
PARENTHETICAL_WIDTH = 25
DUAL_DIALOGUE_WIDTH = 28
DUAL_PARENTHETICAL_WIDTH = 20
BLANK_AFTER_ELEMENT = 1


def text_lines(text: str, width: int) -> int:
    """Printed lines of `text` wrapped at `width` characters; each of the writer's line breaks starts a line.

    Words wrap at spaces, as screenwriting programs wrap them; a word longer than a line breaks at the width.
    """
    return sum(_line_count(line, width) for line in text.split("\n"))


def _line_count(line: str, width: int) -> int:
    if len(line) <= width:
        return 1
    full_lines, used = 0, 0  # lines filled so far, characters on the line being filled
    for word in line.split():
        if used and used + 1 + len(word) <= width:
            used += 1 + len(word)
            continue
        if used:
            full_lines += 1
        full_lines += (len(word) - 1) // width  # a word longer than the line fills lines of its own
        used = len(word) - (len(word) - 1) // width * width
    return full_lines + 1


def speech_lines(speech: Speech, *, dialogue_width: int, parenthetical_width: int) -> int:
    lines = 1  # the cue
    for part in speech.parts:
        lines += text_lines(part.text, parenthetical_width if part.kind == PARENTHETICAL else dialogue_width)
    return lines


def element_lines(element: Element | Speech | DualSpeech) -> int:
    """Printed lines of one element of a scene, without the blank line after it."""
    if isinstance(element, Speech):
        return speech_lines(element, dialogue_width=DIALOGUE_WIDTH, parenthetical_width=PARENTHETICAL_WIDTH)
    if isinstance(element, DualSpeech):
        return max(
            speech_lines(side, dialogue_width=DUAL_DIALOGUE_WIDTH, parenthetical_width=DUAL_PARENTHETICAL_WIDTH)
            for side in (element.left, element.right)
        )
    return text_lines(element.text, ACTION_WIDTH)


def scene_lines(heading: str, body: tuple[Element | Speech | DualSpeech, ...]) -> int:
    """Lines the scene fills on the page: its heading, its elements, one blank after each."""
    elements = (Element(ACTION, heading), *body)
    return sum(element_lines(element) + BLANK_AFTER_ELEMENT for element in elements)


def eighths(lines: int) -> int:
    """`lines` in eighths of a page, rounded to the nearest eighth (halves up), at least one eighth."""
    return max(1, (lines * EIGHTHS_PER_PAGE * 2 + LINES_PER_PAGE) // (LINES_PER_PAGE * 2))
