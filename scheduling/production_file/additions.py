"""The production-level parts of the spec's additions: elements (props, wardrobe, equipment...) and their
quantities, the casting of script characters, and the places orbit-aware scenes look at or talk to."""

from __future__ import annotations

from typing import Any

from ..scene_fields import CODE_LENGTH, ELEMENT_CATEGORIES
from .shapes import Shapes, shown

ELEMENT_KEYS = {"code", "name", "category", "quantity"}
CASTING_KEYS = {"character", "person"}
PLACE_KEYS = {"code", "name", "lat", "lon", "min_elevation"}
NAME_LENGTH = 200
DEFAULT_MIN_ELEVATION = 10  # degrees above the place's horizon (spec)


def elements_check(checker: Shapes, raw: Any) -> list[dict]:
    """`elements`: each with a category and a quantity (null: tracked, never limiting the schedule)."""
    categories = tuple(value for value, _ in ELEMENT_CATEGORIES)
    elements = []
    for index, entry in enumerate(checker.items(raw, "elements")):
        path = f"elements[{index}]"
        if checker.mapping(entry, path, ELEMENT_KEYS, {"code"}) is None:
            elements.append({})
            continue
        elements.append({
            "code": checker.slug(entry.get("code"), f"{path}.code"),
            "name": checker.text(entry.get("name"), f"{path}.name", maximum=NAME_LENGTH),
            "category": checker.choice(entry.get("category"), f"{path}.category", categories, default="other"),
            "quantity": checker.positive(entry.get("quantity"), f"{path}.quantity", nullable=True),
        })
    return elements


def casting_check(checker: Shapes, raw: Any, people: dict) -> list[dict]:
    """`casting`: which crew member plays which script character; each character once (whatever its case),
    a person any number of times."""
    casting: list[dict] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(checker.items(raw, "casting")):
        path = f"casting[{index}]"
        if checker.mapping(entry, path, CASTING_KEYS, {"character", "person"}) is None:
            continue
        character = checker.text(entry.get("character"), f"{path}.character", maximum=CODE_LENGTH).strip()
        person = entry.get("person")
        if not character:
            checker.error(f"{path}.character", "must name the character as the script does, e.g. ZHENYA")
        elif character.casefold() in seen:
            checker.error(f"{path}.character", f"{shown(character)} is cast twice (first at {seen[character.casefold()]})")
            continue
        else:
            seen[character.casefold()] = path
        if "person" not in entry:
            continue  # `mapping` has said it is required
        if not isinstance(person, str) or person not in people:
            checker.error(f"{path}.person", f"unknown person {shown(person, json_style=True)}")
            continue
        if character:
            casting.append({"character": character, "person": person})
    return casting


def places_check(checker: Shapes, raw: Any) -> list[dict]:
    """`places`: points on the WGS-84 ellipsoid, with the lowest elevation at which the station is in view."""
    places = []
    for index, entry in enumerate(checker.items(raw, "places")):
        path = f"places[{index}]"
        if checker.mapping(entry, path, PLACE_KEYS, {"code", "lat", "lon"}) is None:
            places.append({})
            continue
        places.append({
            "code": checker.slug(entry.get("code"), f"{path}.code"),
            "name": checker.text(entry.get("name"), f"{path}.name", maximum=NAME_LENGTH),
            "lat": checker.number(entry.get("lat"), f"{path}.lat", low=-90, high=90),
            "lon": checker.number(entry.get("lon"), f"{path}.lon", low=-180, high=180),
            "min_elevation": checker.number(
                entry.get("min_elevation"), f"{path}.min_elevation", low=0, high=89, default=DEFAULT_MIN_ELEVATION
            ),
        })
    return places
