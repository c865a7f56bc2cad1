"""Fountain (https://fountain.io/syntax) read with screenplain's paragraph parser, plus what it lacks.

screenplain (pinned in requirements.txt) knows Fountain's elements: scene headings with `#12A#` numbers and
`.FORCED` ones, character cues with extensions and `^` dual dialogue, parentheticals, transitions, centred
action, sections, synopses, page breaks and the title page. What this module adds around it:

- the source line of every scene heading, for messages (screenplain keeps none, and cuts the boneyard out of
  the text before it splits lines, which would shift every number after a multi-line `/* ... */`);
- linear time on hostile input: the boneyard and `[[notes]]` are cut with plain searches here (screenplain's
  lazy regular expressions rescan the rest of the text from every unclosed `/*` or `[[`), and runs of more than
  `MAX_SPACE_RUN` blanks inside a line are shortened before screenplain's patterns see them (their time grows
  with the square of such a run);
- limits on the number of lines and of emphasis marks (limits.py), since screenplain spends its time per line,
  per paragraph and per emphasised span.
"""

from __future__ import annotations

import bisect
import re

from screenplain.parsers.fountain import InputParagraph, parse_title_page
from screenplain.richstring import parse_emphasis
from screenplain.types import Action, Dialog, DualDialog, Slug, Transition

from .limits import MAX_FOUNTAIN_EMPHASIS_MARKS, MAX_FOUNTAIN_LINES, refuse_more_than
from .page import (
    ACTION, DIALOGUE, FOUNTAIN, PARENTHETICAL, TRANSITION, DualSpeech, Element, PageText, SceneText, Speech,
)

MAX_SPACE_RUN = 32
_SCRIPT = "a Fountain screenplay"
TAB_WIDTH = 4  # as screenplain expands tabs

_LINE_BREAK = re.compile(r"\r\n|\n|\r")  # screenplain's
_LONG_SPACE_RUN = re.compile(r"(?<=\S)\s{%d,}(?=\S)" % (MAX_SPACE_RUN + 1))
_BLANK = ("", " ")  # screenplain's blank lines: one space still separates paragraphs


def read_fountain(text: str) -> PageText:
    marks = text.count("*") + text.count("_")
    refuse_more_than(MAX_FOUNTAIN_EMPHASIS_MARKS, marks, things="emphasis marks (* and _)", script=_SCRIPT,
                     feature_film="a few hundred")
    lines, origins = _visible_lines(text)
    lines = [_LONG_SPACE_RUN.sub(" " * MAX_SPACE_RUN, line.expandtabs(TAB_WIDTH)) for line in lines]
    title_page, body_start = _title_page(lines)
    scenes: list[tuple[Slug, int, list]] = []  # heading, its line, what follows it
    for paragraph, line in _paragraphs(lines, origins, body_start):
        if isinstance(paragraph, Slug):
            scenes.append((paragraph, line, []))
        elif scenes and (element := _element(paragraph)) is not None:
            scenes[-1][2].append(element)
    return PageText(
        format=FOUNTAIN,
        title=_title_value(title_page, "Title"),
        draft_date=_title_value(title_page, "Draft date"),
        revision=_title_value(title_page, "Revision"),
        scenes=tuple(_scene(heading, line, body) for heading, line, body in scenes),
    )


def line_at(text: str, index: int) -> str:
    """`line N`: the line of `text` that character `index` is on, counted as screenplain counts lines."""
    return f"line {len(_LINE_BREAK.findall(text, 0, index)) + 1}"


def _cut(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """The spans of `text` left once every `opening ... closing` is cut (shortest first; one never closed stays)."""
    kept, start = [], 0
    while (begin := text.find(opening, start)) != -1:
        end = text.find(closing, begin + len(opening))
        if end == -1:
            break
        kept.append((start, begin))
        start = end + len(closing)
    kept.append((start, len(text)))
    return kept


def _visible_lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of `text` with the boneyard cut out, and the source line number each of them starts on."""
    line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
    line_count = len(line_starts) - (line_starts[-1] == len(text))  # a final line break ends a line, starts none
    refuse_more_than(MAX_FOUNTAIN_LINES, line_count, things="lines", script=_SCRIPT, feature_film="about 6,000")
    lines, origins, current = [], [1], []
    for start, end in _cut(text, "/*", "*/"):
        position = start
        for match in _LINE_BREAK.finditer(text, start, end):
            current.append(text[position:match.start()])
            lines.append("".join(current))
            current = []
            origins.append(bisect.bisect_right(line_starts, match.end()))
            position = match.end()
        current.append(text[position:end])
    lines.append("".join(current))
    return lines, origins


def _title_page(lines: list[str]) -> tuple[dict[str, list[str]], int]:
    """The title page's keys and values, and the index of the first body line (as screenplain's parse_lines)."""
    end = lines.index("") if "" in lines else len(lines)
    title_page = parse_title_page(lines[:end])
    return (title_page, end + 1) if title_page else ({}, 0)


def _title_value(title_page: dict[str, list[str]], key: str) -> str:
    return " ".join(str(parse_emphasis(value)).strip() for value in title_page.get(key, ()))


def _paragraphs(lines: list[str], origins: list[int], start: int) -> list[tuple[object, int]]:
    """screenplain's paragraphs of the body (from `lines[start]` on), each with the source line it starts on."""
    parsed: list = []
    starts: list[int] = []
    index = start
    while index < len(lines):
        if lines[index] in _BLANK:
            index += 1
            continue
        first = index
        while index < len(lines) and lines[index] not in _BLANK:
            index += 1
        joined = "\n".join(lines[first:index])
        text = "".join(joined[begin:end] for begin, end in _cut(joined, "[[", "]]"))
        if text in _BLANK:
            continue
        InputParagraph(text.split("\n")).update_list(parsed)
        # A paragraph may add several (sections), none (a synopsis), or merge into the one before (dual dialogue).
        starts.extend([origins[first]] * (len(parsed) - len(starts)))
    return list(zip(parsed, starts))


def _speech(dialog: Dialog) -> Speech:
    return Speech(
        cue=str(dialog.character).strip(),
        parts=tuple(
            Element(PARENTHETICAL if parenthetical else DIALOGUE, str(line))
            for parenthetical, line in dialog.blocks
        ),
    )


def _element(paragraph) -> Element | Speech | DualSpeech | None:
    """The printed element of a screenplain paragraph; None for what does not print (sections, page breaks)."""
    if isinstance(paragraph, Dialog):
        return _speech(paragraph)
    if isinstance(paragraph, DualDialog):
        return DualSpeech(_speech(paragraph.left), _speech(paragraph.right))
    if isinstance(paragraph, Action):
        return Element(ACTION, "\n".join(str(line) for line in paragraph.lines))
    if isinstance(paragraph, Transition):
        return Element(TRANSITION, str(paragraph.line))
    return None


def _scene(heading: Slug, line: int, body: list) -> SceneText:
    number = str(heading.scene_number) if heading.scene_number is not None else ""
    return SceneText(heading=str(heading.line).strip(), number=number, where=f"line {line}", body=tuple(body))
