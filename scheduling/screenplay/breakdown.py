"""The breakdown of a screenplay: one `Scene` per scene heading, with what scheduling needs from it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import Fault

from .errors import ScreenplayError
from .layout import eighths, scene_lines
from .page import ACTION, FOUNTAIN, DualSpeech, PageText, SceneText, Speech


@dataclass(frozen=True)
class Character:
    """Someone who speaks in a scene. One heard only in voice-over there is not cast for that scene."""

    name: str
    voice_over_only: bool  # every cue of theirs in the scene is (V.O.)


@dataclass(frozen=True)
class Scene:
    number: str  # as printed ("12", "12A"), or the scene's position in the script when it prints none
    heading: str  # as printed (headings print in capitals)
    location: str  # the heading without INT./EXT./I/E. and the story time
    story_time: str  # "DAY", "NIGHT", "MOMENTS LATER"... as written, or ""
    first_action: str  # the first line of the scene's first action paragraph, spaces collapsed; or ""
    characters: tuple[Character, ...]  # in the order of their first cue
    eighths: int  # length in eighths of a page (layout.py), at least 1
    where: str  # "line 12" (Fountain) or "paragraph 40" (Final Draft): where the heading is


@dataclass(frozen=True)
class Screenplay:
    title: str
    draft_date: str
    revision: str  # the revision colour or name, "" for an unrevised draft
    scenes: tuple[Scene, ...]
    format: str  # the file's: "fountain" or "fdx"


NO_SCENES_HINT = {
    FOUNTAIN: "a Fountain scene heading is a line of its own, between blank lines, starting with INT., EXT., "
              "EST., INT./EXT. or I/E. (or with a period to force one: .SPACEWALK)",
}

# INT./EXT. before the location, in any of the ways writers type it.
_PLACE = re.compile(r"^(?:INT\.?\s*/\s*EXT|EXT\.?\s*/\s*INT|I\s*/\s*E|E\s*/\s*I|INT|EXT|EST)\b\.?\s*")
_SEPARATOR = re.compile(r"(?<!\s)\s+[-\u2013\u2014]+\s+")  # from a run's start only: linear in long runs
_PARENTHESES = re.compile(r"\([^()]*\)")
_TIME_WORDS = frozenset(
    "DAY NIGHT MORNING AFTERNOON EVENING DAWN DUSK SUNRISE SUNSET NOON MIDNIGHT TWILIGHT MAGIC HOUR DAYTIME "
    "NIGHTTIME EARLY LATE LATER MOMENT MOMENTS CONTINUOUS CONTINUING SAME TIME NEXT".split()
)
_CUE_EXTENSION = re.compile(r"\(([^()]*)\)")
_VOICE_OVER = "VO"


def heading_parts(heading: str) -> tuple[str, str]:
    """(location, story time) of a scene heading: `INT. NAUKA - NIGHT` is ("NAUKA", "NIGHT").

    The story time starts at the first dash-separated part after the location made only of time words (its
    parentheses aside: `DAY (FLASHBACK)`), and runs to the end: `MOSCOW HOSPITAL - DAY - FLASHBACK` keeps the
    hospital as the place and `DAY - FLASHBACK` as the time, `HOSPITAL - DAY ROOM` is all place.
    """
    place = _PLACE.sub("", heading, count=1)
    separators = list(_SEPARATOR.finditer(place))
    for separator, following in zip(separators, [*separators[1:], None]):
        part = place[separator.end():following.start() if following else len(place)]
        words = _PARENTHESES.sub(" ", part).split()
        if words and all(word.strip(".,") in _TIME_WORDS for word in words):
            return place[:separator.start()].strip(), place[separator.end():].strip()
    return place.strip(), ""


def speaker(cue: str) -> tuple[str, bool]:
    """(name, whether this cue is a voice-over) of a cue such as `ZHENYA (V.O.)` or `ARTEM (O.S.) (CONT'D)`."""
    name = cue.split("(", 1)[0].strip().upper()
    extensions = {re.sub(r"[^A-Z]", "", extension.upper()) for extension in _CUE_EXTENSION.findall(cue)}
    return name, _VOICE_OVER in extensions


def scene_characters(scene: SceneText) -> tuple[Character, ...]:
    voice_over_only: dict[str, bool] = {}  # by name, in order of first cue
    for element in scene.body:
        speeches = (element,) if isinstance(element, Speech) else (
            (element.left, element.right) if isinstance(element, DualSpeech) else ()
        )
        for speech in speeches:
            name, voice_over = speaker(speech.cue)
            if name:
                voice_over_only[name] = voice_over_only.get(name, True) and voice_over
    return tuple(Character(name, only) for name, only in voice_over_only.items())


def first_action(scene: SceneText) -> str:
    for element in scene.body:
        if not isinstance(element, (Speech, DualSpeech)) and element.kind == ACTION:
            for line in element.text.split("\n"):
                if words := line.split():
                    return " ".join(words)
    return ""


def breakdown(page: PageText) -> Screenplay:
    """The breakdown of a script read by either reader; refuses a script without scenes or with a number twice."""
    if not page.scenes:
        hint = NO_SCENES_HINT.get(page.format, "a Final Draft scene heading is a paragraph of type Scene Heading")
        raise ScreenplayError(f"no scene headings, so no scenes: {hint}")
    scenes = []
    for position, text in enumerate(page.scenes, start=1):
        location, story_time = heading_parts(text.heading)
        scenes.append(Scene(
            number=text.number or str(position),
            heading=text.heading,
            location=location,
            story_time=story_time,
            first_action=first_action(text),
            characters=scene_characters(text),
            eighths=eighths(scene_lines(text.heading, text.body)),
            where=text.where,
        ))
    _refuse_repeated_numbers(page.scenes, scenes)
    return Screenplay(
        title=page.title, draft_date=page.draft_date, revision=page.revision, scenes=tuple(scenes),
        format=page.format,
    )


def _refuse_repeated_numbers(texts: tuple[SceneText, ...], scenes: list[Scene]) -> None:
    """Scene numbers identify scenes across revisions: two scenes with one number (12A and 12a alike) are refused."""
    first_with: dict[str, Scene] = {}
    faults = []
    for text, scene in zip(texts, scenes):
        earlier = first_with.setdefault(scene.number.upper(), scene)
        if earlier is scene:
            continue
        numbered = f'scene number "{scene.number}"' if text.number else (
            f'this scene prints no number, so it takes its position, "{scene.number}", which'
        )
        faults.append(Fault(scene.where, f"{numbered} is also the number of the scene at {earlier.where} "
                                         f"({earlier.heading}); scene numbers must differ"))
    if faults:
        raise ScreenplayError(faults=faults)
