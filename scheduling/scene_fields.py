"""A scene, defined once: every field of a production file's scene object, its kind, default and limits.

Everything that handles scenes derives from `SCENE_FIELDS`: the file checker (`production_file`), the solver's
mapper (`solver.mapping`), the web form, the API serializers, the selectors that write documents and the
services that store them. To add a field: add it here, store it (a `Scene` column of the same name, or a link
model listed in `models.SCENE_LINKS`), and teach the solver rule that uses it; the rest follows.

Pure Python, no Django: the solver imports it too. A field's `kind` says how its value looks in a file:

- `code`: the scene's own code, a non-empty string of at most 64 printable characters;
- `text`: a string, at most `maximum` characters;
- `whole`: a positive whole number up to `maximum`;
- `flag`: true or false;
- `time`: an ISO 8601 instant with a UTC offset on a whole minute, or null;
- `choice`: one of `choices`;
- `codes`: a list of codes of `refers_to` things ("person", "module", "scene"), each at most once;
- `counts`: a list of `{"element": code, "count": n}` (count defaults to 1), each element at most once;
- `ref`: one code of a `refers_to` thing ("place"), or null;
- `script`: `{"number", "heading", "eighths"}`, where the scene stands in the screenplay, or null.

Fields marked `addition` belong to the spec's additions: a file may leave them out and export writes them only
where they differ from their default, so files of productions that don't use them round-trip byte for byte.

What one field cannot say alone (latest after earliest, light needs an orbit, `after` without cycles, a count
within the element's quantity, `ground` only with `over`) is code in the checker.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

# The largest whole number every supported database stores in an integer column.
MAX_INT = 2**31 - 1
CODE_LENGTH = 64
TITLE_LENGTH = 300

LIGHT_ANY = "any"
LIGHT_DAY = "day"
LIGHT_NIGHT = "night"
LIGHT_CHOICES = ((LIGHT_ANY, "any"), (LIGHT_DAY, "orbital day"), (LIGHT_NIGHT, "orbital night"))
GROUND_ANY = "any"
GROUND_DAY = "day"
GROUND_NIGHT = "night"
GROUND_CHOICES = ((GROUND_ANY, "any"), (GROUND_DAY, "ground in daylight"), (GROUND_NIGHT, "ground at night (city lights)"))
MOMENT_SUNRISE = "sunrise"
MOMENT_SUNSET = "sunset"
MOMENT_CHOICES = ((MOMENT_SUNRISE, "orbital sunrise"), (MOMENT_SUNSET, "orbital sunset"))
SCRIPT_NUMBER_LENGTH = 16
# What a scene's elements can be: the breakdown categories every ground tool knows.
ELEMENT_CATEGORIES = (
    ("props", "props"), ("wardrobe", "wardrobe"), ("makeup", "makeup"), ("equipment", "equipment"),
    ("vfx", "visual effects"), ("sound", "sound"), ("other", "other"),
)

KINDS = ("code", "text", "whole", "flag", "time", "choice", "codes", "counts", "ref", "script")
DEFAULTS = {
    "code": None, "text": "", "whole": None, "flag": False, "time": None, "choice": None, "codes": (),
    "counts": (), "ref": None, "script": None,
}


@dataclass(frozen=True)
class SceneField:
    name: str
    kind: str
    label: str
    help: str = ""
    required: bool = False  # the key must be present in a file
    default: Any = None  # None: the kind's default (see DEFAULTS)
    maximum: int | None = None  # whole: the largest value; text: the most characters
    choices: tuple[tuple[str, str], ...] = ()  # choice: (value, label)
    refers_to: str = ""  # codes, counts, ref: what the codes name
    at_least_one: bool = False  # codes: an empty list is refused
    nullable: bool = False  # choice: null is a value too (and the default)
    addition: bool = False  # one of the spec's additions: exported only where it is not at its default
    solver: bool = True  # the solver's Scene has it

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"scene field {self.name}: unknown kind {self.kind!r}")

    @property
    def empty(self) -> Any:
        """The value a file means when it leaves the key out or writes null."""
        value = self.default if self.default is not None else DEFAULTS[self.kind]
        return list(value) if isinstance(value, tuple) else value

    @property
    def values(self) -> tuple[str | None, ...]:
        return tuple(value for value, _ in self.choices) + ((None,) if self.nullable else ())

    def at_default(self, value: Any) -> bool:
        return value == self.empty


SCENE_FIELDS: tuple[SceneField, ...] = (
    SceneField("code", "code", "Code", "Unique in the production, e.g. 007 or P03.", required=True, maximum=CODE_LENGTH),
    SceneField("title", "text", "Title", maximum=TITLE_LENGTH),
    SceneField("minutes", "whole", "Minutes", "Shoot length, set-up included.", required=True, maximum=MAX_INT),
    SceneField("people", "codes", "People", "Everyone needed for the whole shoot.", required=True, refers_to="person"),
    SceneField("modules", "codes", "Modules", "Any one of these.", required=True, refers_to="module", at_least_one=True),
    SceneField("priority", "whole", "Priority", "Weight of the scene in the schedule's objective.", default=1, maximum=MAX_INT),
    SceneField("required", "flag", "Required", "The schedule is infeasible without it."),
    SceneField("earliest", "time", "Earliest start (UTC)", "The shoot starts no earlier."),
    SceneField("latest", "time", "Latest end (UTC)", "The shoot ends no later."),
    SceneField("after", "codes", "After scenes", "Each is scheduled too and ends before this one starts.", refers_to="scene"),
    SceneField("light", "choice", "Orbital light", "Day: wholly in orbital daylight; night: wholly in Earth's shadow.",
               default=LIGHT_ANY, choices=LIGHT_CHOICES),
    SceneField("window", "flag", "Needs an Earth-facing window"),
    SceneField("elements", "counts", "Elements", "Props, wardrobe, equipment... the shoot needs, and how many.",
               refers_to="element", addition=True),
    SceneField("script", "script", "Script", "Where the scene stands in the screenplay: number, heading, eighths.",
               addition=True, solver=False),
    SceneField("over", "ref", "Earth view over", "For the whole shoot the station is in view of this place "
               "(the scene then needs a window).", refers_to="place", addition=True),
    SceneField("ground", "choice", "Ground light", "With an Earth view: the place in daylight, or at least 6 degrees "
               "past sunset (city lights).", default=GROUND_ANY, choices=GROUND_CHOICES, addition=True),
    SceneField("link", "ref", "Live link with", "For the whole shoot the station is in view of this place "
               "(a ground station).", refers_to="place", addition=True),
    SceneField("moment", "choice", "Orbital moment", "The station leaves (sunrise) or enters (sunset) Earth's shadow "
               "during the shoot, a minute or more from either end.", choices=MOMENT_CHOICES, nullable=True, addition=True),
)

SCENE_FIELD = {field.name: field for field in SCENE_FIELDS}
SCENE_KEYS = frozenset(SCENE_FIELD)
SCENE_REQUIRED = frozenset(field.name for field in SCENE_FIELDS if field.required)


def scene_code_problem(code: str) -> str | None:
    """Why a string cannot be a scene code, or None. Codes travel in URLs, file names, CSV cells and messages,
    so characters that hide or reorder text (control, format/bidi) or name paths are refused."""
    if not code or len(code) > CODE_LENGTH:
        return f"must be 1 to {CODE_LENGTH} characters"
    if code != code.strip():
        return "must not begin or end with a space"
    for character in code:
        if unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            return f"must not hold the invisible or control character U+{ord(character):04X}"
        if character in "/\\":
            return f'must not hold "{character}"'
    return None


def scene_entry_empty() -> dict:
    """A scene object with every field at the value a file means by leaving it out."""
    return {field.name: field.empty for field in SCENE_FIELDS}
