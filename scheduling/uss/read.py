"""A checked .uss file turned into the production-file parts it carries, for one production: scenes (length
from the duration, else from the pages at the production's pace), elements by category, the casting of its
cast members, and the modules its locations name. What has no place in a production is listed with the reason.

Names are matched to the production as a director would: a cast member through the production's casting, a
crew member of the roster by code or name, a location or set to a module of the station by code or name, all
ignoring case. Pure Python: the production comes in as its production-file document.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from core.errors import Fault

from ..production_file import MAX_FAULTS
from ..production_file.additions import NAME_LENGTH
from ..production_file.shapes import SLUG_CHARACTERS, Shapes, shown
from ..scene_fields import CODE_LENGTH, MAX_INT, TITLE_LENGTH, scene_code_problem
from .parse import UssElement, UssError, UssFile, uss_parse
from .standard import (
    BANNER,
    CAST,
    CREW,
    DAY_NIGHT,
    EIGHTHS_PER_PAGE,
    INT_EXT,
    LOCATION,
    MS_PER_MINUTE,
    SCENE_CATEGORY_DROPPED,
    SET,
    UCID_DROPPED,
    category_role,
)

MINUTES_PER_PAGE = 60  # a page of script takes about an hour to shoot, set-up included
MINUTES_STEP = 5  # station planners plan in 5-minute steps
SCENE_PARTS = (SET, INT_EXT, DAY_NIGHT, LOCATION)


@dataclass(frozen=True)
class SceneBreakdown:
    """A scene as the file describes it; what the file does not say is None (or empty) and stays as it is."""

    path: str
    code: str
    title: str
    minutes: int | None
    people: tuple[str, ...]
    modules: tuple[str, ...]  # empty: the file names no module of the station
    elements: tuple[str, ...]  # element codes
    heading: str | None
    eighths: int | None


@dataclass(frozen=True)
class ElementBreakdown:
    path: str
    code: str
    name: str
    category: str


@dataclass(frozen=True)
class CastingBreakdown:
    path: str
    character: str
    person: str


@dataclass(frozen=True)
class UssParts:
    """What a .uss file brings to a production, each part with the file path it came from."""

    name: str
    source: str
    scenes: tuple[SceneBreakdown, ...]
    elements: tuple[ElementBreakdown, ...]
    casting: tuple[CastingBreakdown, ...]
    dropped: tuple[Fault, ...]  # what the file holds that the production does not keep, and why


def uss_read(data: bytes, *, production: dict, minutes_per_page: int = MINUTES_PER_PAGE) -> UssParts:
    """Check a .uss file whole and turn it into parts of `production` (its production-file document);
    raises `UssError` naming every problem by its path in the file."""
    return _Reader(uss_parse(data), production, minutes_per_page).parts()


def code_from_name(name: str) -> str:
    """An element code from its name: `Surgeon's scrubs` is `surgeon-s-scrubs`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:CODE_LENGTH].strip("-") or "element"


def _listed(notes: list[Fault]) -> tuple[Fault, ...]:
    """At most `MAX_FAULTS` notes, the last saying how many more there are."""
    if len(notes) <= MAX_FAULTS:
        return tuple(notes)
    return (*notes[:MAX_FAULTS - 1], Fault("", f"... and {len(notes) - MAX_FAULTS + 1} more"))


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Reader(Shapes):
    error_class = UssError
    whole = ""

    def __init__(self, file: UssFile, production: dict, minutes_per_page: int):
        super().__init__()
        self.file = file
        self.minutes_per_page = minutes_per_page
        self.dropped: list[Fault] = []
        self.roles = {category.id: category_role(category.ucid, category.name) for category in file.categories}
        self.elements = {element.id: element for element in file.elements}
        self.people = {_folded(person[key]): person["code"] for person in production["people"] for key in ("code", "name") if person[key]}
        self.casting = {_folded(cast["character"]): cast["person"] for cast in production["casting"]}
        self.modules = {_folded(module[key]): module["code"] for module in production["modules"] for key in ("code", "name") if module[key]}
        self.station = production["production"].get("station", "")
        self.existing_elements = production["elements"]

    def parts(self) -> UssParts:
        self.names_once()
        crew = {element.id: self.crew_member(element) for element in self.file.elements if self.role(element) == CREW}
        cast = {element.id: self.cast_member(element, crew) for element in self.file.elements if self.role(element) == CAST}
        places = {element.id: self.module(element) for element in self.file.elements if self.role(element) in (LOCATION, SET)}
        elements = self.breakdown_elements()
        self.categories_dropped()
        scenes = self.scenes(crew, cast, places, elements)
        self.raise_if_any()
        casting = tuple(
            CastingBreakdown(element.path, element.name, person)
            for element in self.file.elements
            if (person := cast.get(element.id)) and self.linked_crew(element, crew)
        )
        return UssParts(
            name=self.file.name or self.file.project or "", source=self.file.source or "", scenes=scenes,
            elements=tuple(elements.values()), casting=casting, dropped=_listed(self.dropped),
        )

    def role(self, element: UssElement) -> str:
        return self.roles[element.category]

    def names_once(self) -> None:
        """A cast member, crew member or element named twice in one category is two entries for one thing:
        which of them a scene means is lost. (Sets, locations and the like may repeat: they only name.)"""
        seen: dict[tuple[str, str], str] = {}
        for element in self.file.elements:
            if self.role(element) in ("", *SCENE_PARTS):
                continue
            key = (element.category, _folded(element.name))
            if key in seen:
                category = self.file.category_of(element).name
                self.error(f"{element.path}.name", f"names {shown(element.name)} again: it is already {seen[key]} in category {shown(category)}")
            else:
                seen[key] = element.path

    # --- people, places, things --------------------------------------------------------------------------

    def crew_member(self, element: UssElement) -> str | None:
        for name in (element.element_id, element.name):
            if name and _folded(name) in self.people:
                return self.people[_folded(name)]
        self.error(element.path, f"unknown crew member {shown(element.name)}: no one on the production's roster has this name or code")
        return None

    def linked_crew(self, element: UssElement, crew: dict[str, str | None]) -> str | None:
        return next((crew[linked] for linked in element.linked if crew.get(linked)), None)

    def cast_member(self, element: UssElement, crew: dict[str, str | None]) -> str | None:
        """Who plays a cast member: the crew member it is linked to, else whom the production's casting
        names, else the roster's person of that name or code."""
        if len(element.name) > CODE_LENGTH:
            self.error(f"{element.path}.name", f"a character name has at most {CODE_LENGTH} characters, got {len(element.name)}")
            return None
        if any(linked in crew for linked in element.linked):
            return self.linked_crew(element, crew)  # an unknown crew member is reported as such
        person = self.casting.get(_folded(element.name)) or self.people.get(_folded(element.name))
        if person is None:
            self.error(f"{element.path}.name", (
                f"unknown cast member {shown(element.name)}: the production's casting has no such character and no one "
                "on its roster has this name or code; cast the character first"
            ))
        return person

    def module(self, element: UssElement) -> str | None:
        for name in (element.element_id, element.name):
            if name and _folded(name) in self.modules:
                return self.modules[_folded(name)]
        if self.role(element) == LOCATION:
            self.dropped.append(Fault(element.path, f"location {shown(element.name)} is no module of station {self.station}"))
        return None

    def breakdown_elements(self) -> dict[str, ElementBreakdown]:
        """The file's elements of our categories with their codes: the production's element of that code
        (from `elementId`) or name if there is one, else the `elementId` itself, else one made from the name."""
        existing_codes = {element["code"] for element in self.existing_elements}
        existing_names = {}
        for element in self.existing_elements:
            existing_names.setdefault(_folded(element["name"]), element["code"])
        taken: dict[str, str] = {}
        codes: dict[str, str] = {}
        ours = [element for element in self.file.elements if self.role(element) not in (CAST, CREW, "", *SCENE_PARTS)]
        for element in ours:
            if len(element.name) > NAME_LENGTH:
                self.error(f"{element.path}.name", f"must be at most {NAME_LENGTH} characters, got {len(element.name)}")
                continue
            given = element.element_id
            code = (given if given in existing_codes else None) or existing_names.get(_folded(element.name)) or (
                given if given and SLUG_CHARACTERS.issuperset(given) and len(given) <= CODE_LENGTH else None
            )
            if code is None:
                continue
            if code in taken:
                self.error(element.path, f"names element {shown(code)} again: it is already {taken[code]}")
            else:
                taken[code], codes[element.id] = element.path, code
        for element in ours:
            if element.id in codes or len(element.name) > NAME_LENGTH:
                continue
            base = code = code_from_name(element.name)
            number = 2
            while code in taken:
                suffix = f"-{number}"
                code, number = base[:CODE_LENGTH - len(suffix)] + suffix, number + 1
            taken[code], codes[element.id] = element.path, code
        return {
            element.id: ElementBreakdown(element.path, codes[element.id], element.name, self.role(element))
            for element in ours if element.id in codes
        }

    def categories_dropped(self) -> None:
        for category in self.file.categories:
            if self.roles[category.id] != "":
                continue
            count = sum(1 for element in self.file.elements if element.category == category.id)
            if count:
                reason = UCID_DROPPED.get(category.ucid, SCENE_CATEGORY_DROPPED)
                self.dropped.append(Fault(category.path, f"{count} element(s) of {shown(category.name)} (ucid {category.ucid}) not kept: {reason}"))

    # --- scenes ------------------------------------------------------------------------------------------

    def scenes(self, crew: dict, cast: dict, places: dict, elements: dict[str, ElementBreakdown]) -> tuple[SceneBreakdown, ...]:
        scenes: list[SceneBreakdown] = []
        seen: dict[str, str] = {}
        for breakdown in self.file.breakdowns:
            if breakdown.type == BANNER:
                self.dropped.append(Fault(breakdown.path, f"a banner ({shown(breakdown.banner_text or '')}) is a note on a stripboard, not a scene"))
                continue
            code = self.scene_code(breakdown.scene, breakdown.path, seen)
            eighths = self.eighths(breakdown.pages, breakdown.path)
            minutes = self.minutes(breakdown.duration, eighths, breakdown.path)
            title = breakdown.description or ""
            if len(title) > TITLE_LENGTH:
                self.dropped.append(Fault(f"{breakdown.path}.description", f"cut to the {TITLE_LENGTH} characters a scene title has"))
                title = title[:TITLE_LENGTH - 1] + "…"
            listed = [self.elements[identifier] for identifier in breakdown.elements if identifier in self.elements]
            people = [person for element in listed if (person := crew.get(element.id) or cast.get(element.id))]
            located = [places.get(element.id) for element in listed if self.role(element) == LOCATION]
            on_sets = [places.get(element.id) for element in listed if self.role(element) == SET]
            modules = [module for module in located if module] or [module for module in on_sets if module]
            if code is not None:
                scenes.append(SceneBreakdown(
                    path=breakdown.path, code=code, title=title, minutes=minutes,
                    people=tuple(dict.fromkeys(people)), modules=tuple(dict.fromkeys(modules)),
                    elements=tuple(elements[element.id].code for element in listed if element.id in elements),
                    heading=self.heading(listed), eighths=eighths,
                ))
        return tuple(scenes)

    def scene_code(self, number: str | None, path: str, seen: dict[str, str]) -> str | None:
        """The scene number is the scene's code: it names the scene in orbitfilm as in the script."""
        problem = "a scene needs its number" if not number else scene_code_problem(number)
        if problem:
            self.error(f"{path}.scene", f"{shown(number)} {problem}" if number else problem)
            return None
        if number in seen:
            self.error(f"{path}.scene", f"scene {shown(number)} is already {seen[number]}")
            return None
        seen[number] = path
        return number

    def eighths(self, pages: float | None, path: str) -> int | None:
        """Pages as whole eighths (the standard writes 1 3/8 pages as 1.375), rounded up."""
        if not pages:
            return None
        eighths = math.ceil(pages * EIGHTHS_PER_PAGE - 1e-9)
        if eighths > MAX_INT:
            self.error(f"{path}.pages", f"must be at most {MAX_INT // EIGHTHS_PER_PAGE:,} pages, got {pages:g}")
            return None
        return eighths

    def minutes(self, duration: float | None, eighths: int | None, path: str) -> int | None:
        """The shoot's length: the file's duration in whole minutes (rounded up), else its pages at
        `minutes_per_page`, rounded up to the planners' 5-minute steps."""
        if duration:
            minutes = math.ceil(duration / MS_PER_MINUTE)
            where = "duration"
        elif eighths:
            minutes = MINUTES_STEP * math.ceil(eighths * self.minutes_per_page / (EIGHTHS_PER_PAGE * MINUTES_STEP))
            where = "pages"
        else:
            return None
        if minutes > MAX_INT:
            self.error(f"{path}.{where}", f"a shoot of {minutes:,} minutes is longer than any production")
            return None
        return minutes

    def heading(self, listed: list[UssElement]) -> str | None:
        """The scene heading the breakdown's INT/EXT, set and day/night elements spell: `INT. NAUKA - NIGHT`."""
        part = {role: next((element.name for element in listed if self.role(element) == role), "") for role in (INT_EXT, SET, DAY_NIGHT)}
        place = f"{part[INT_EXT]}. {part[SET]}".strip() if part[INT_EXT] else part[SET]
        heading = f"{place} - {part[DAY_NIGHT]}" if place and part[DAY_NIGHT] else place or part[DAY_NIGHT]
        return heading[:TITLE_LENGTH] or None
