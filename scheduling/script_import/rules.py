"""The import's rules for one script scene, pure Python: its shoot minutes, its title, its modules, its cast,
and its code. `plan` applies them to a whole production."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..scene_fields import CODE_LENGTH, scene_code_problem
from ..screenplay import Scene as ScriptScene

MINUTE_STEP = 5  # shoots are planned in the station's 5-minute steps
TITLE_MOST = 100  # characters of a made-up title: long enough to tell scenes apart on a strip
# Only runs of this many words of a location are compared with module names: no module name is longer.
LONGEST_MODULE_NAME_WORDS = 8
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def script_minutes(eighths: int, minutes_per_page: int) -> int:
    """Eighths of a page as shoot minutes, rounded up to the next 5."""
    step = 8 * MINUTE_STEP
    return -(-eighths * minutes_per_page // step) * MINUTE_STEP


def revised_minutes(minutes: int, eighths_before: int, eighths: int, minutes_per_page: int) -> int:
    """A scene's minutes when its length changes from `eighths_before` to `eighths`: the minutes the new length
    needs, plus whatever the director added to (or took from) what the old length needed."""
    adjustment = minutes - script_minutes(eighths_before, minutes_per_page)
    return max(MINUTE_STEP, script_minutes(eighths, minutes_per_page) + adjustment)


def pages(eighths: int | None) -> str:
    """A length as the industry writes it: 5 is "5/8", 8 is "1", 11 is "1 3/8"."""
    if not eighths:
        return "unknown"
    whole, rest = divmod(eighths, 8)
    return " ".join(part for part in (str(whole) if whole else "", f"{rest}/8" if rest else "") if part)


def shortened(text: str, most: int) -> str:
    """The text cut at a word boundary to at most `most` characters, an ellipsis marking the cut."""
    if len(text) <= most:
        return text
    cut = text[:most - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def scene_title(scene: ScriptScene) -> str:
    """"ZARYA: The hatch swings open." from the heading's location and the first line of action: as many of
    its sentences as fit, or the first cut at a word."""
    title = ": ".join(part for part in (scene.location, scene.first_action) if part) or scene.heading
    if len(title) <= TITLE_MOST:
        return title
    fitting = [end.start() for end in _SENTENCE_END.finditer(title) if end.start() <= TITLE_MOST]
    return title[:fitting[-1]] if fitting else shortened(title, TITLE_MOST)


def _key(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", text.casefold())


def location_modules(location: str, modules: Iterable[tuple[str, str]]) -> list[str]:
    """The codes of the modules a heading's location names, in station order: a module is named when its code
    or its name, ignoring case, spaces and punctuation, is the location or a run of its words
    (`ZVEZDA SERVICE MODULE` and `ZVEZDA - GALLEY` name zvezda, `SOYUZ MS-19` names soyuz-ms19)."""
    words = location.split()
    runs = {
        _key(" ".join(words[start:end]))
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + LONGEST_MODULE_NAME_WORDS) + 1)
    }
    runs.discard("")
    return [code for code, name in modules if _key(code) in runs or (name and _key(name) in runs)]


def scene_cast(scene: ScriptScene, casting: dict[str, str]) -> tuple[list[str], list[str]]:
    """(people, uncast characters) of a scene: who plays each character seen speaking, through `casting`
    (character casefolded -> person code), once each in cue order; voice-over-only characters are not in it."""
    people: list[str] = []
    uncast: list[str] = []
    for character in scene.characters:
        if character.voice_over_only:
            continue
        person = casting.get(character.name.casefold())
        if person is None:
            uncast.append(character.name)
        elif person not in people:
            people.append(person)
    return people, uncast


def scene_code(number: str, taken: set[str]) -> str:
    """The new scene's code: its script number, unless another scene has that code (or it cannot be a code);
    then the number with the first free suffix, `12A-2`."""
    if number not in taken and scene_code_problem(number) is None:
        return number
    stem = re.sub(r"[/\\\s]+", "-", number).strip("-")[:CODE_LENGTH - 4] or "scene"
    suffix = 2
    while f"{stem}-{suffix}" in taken:
        suffix += 1
    return f"{stem}-{suffix}"
