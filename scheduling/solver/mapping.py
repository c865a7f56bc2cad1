"""The one mapping from a production-file document (spec/production-file.md) to a solver `Problem`.

The document is assumed valid (the Django side parses and reports errors); optional keys may be missing and
take the spec's defaults. Times become whole minutes from the production's start. Free windows, closures and
events are clipped to the filming window, and dropped when wholly outside it: nothing can be shot there.
The orbit's geometry (light, sunrises and sunsets, the passes over each place a scene names) is computed here,
once per solve, from one propagation of the TLE.
"""

from __future__ import annotations

from collections.abc import Callable

from core.times import minutes_between, parse_time

from ..scene_fields import SCENE_FIELDS
from .geometry import orbit_geometry
from .problem import Element, Event, Interval, Module, Person, Pin, Place, Problem, Scene


def problem_from_document(document: dict) -> Problem:
    """The solver's view of one production file (a JSON-shaped dict)."""
    production = document["production"]
    origin = parse_time(production["start"])
    horizon = minutes_between(origin, parse_time(production["end"]))
    tle = tuple(production["tle"]) if production.get("tle") else None

    def minute(text: str | None) -> int | None:
        return None if text is None else minutes_between(origin, parse_time(text))

    def clipped(spans: list[dict]) -> tuple[Interval, ...]:
        kept = []
        for span in spans:
            start, end = max(minute(span["start"]), 0), min(minute(span["end"]), horizon)
            if start < end:
                kept.append(Interval(start, end))
        return tuple(kept)

    modules = tuple(
        Module(
            code=module["code"],
            capacity=module["capacity"],
            window=module.get("window", False),
            closed=clipped(module.get("closed", [])),
            name=module.get("name", ""),
        )
        for module in document["modules"]
    )
    people = tuple(
        Person(
            code=person["code"],
            free=clipped(person.get("free", [])),
            max_minutes_per_day=person.get("max_minutes_per_day"),
            name=person.get("name", ""),
        )
        for person in document["people"]
    )
    events = tuple(
        Event(code=event["code"], span=span, people=_everyone(event.get("people", [])),
              modules=_everyone(event.get("modules", [])), title=event.get("title", ""))
        for event in document.get("events", [])
        for span in clipped([event])
    )
    scenes = tuple(_scene(scene, minute) for scene in document["scenes"])
    pins = tuple(
        Pin(scene=pin["scene"], start=minute(pin["start"]), module=pin["module"]) for pin in document.get("pinned", [])
    )
    elements = tuple(
        Element(code=element["code"], quantity=element.get("quantity"), name=element.get("name", ""),
                category=element.get("category", "other"))
        for element in document.get("elements", [])
    )
    places = tuple(
        Place(code=place["code"], lat=place["lat"], lon=place["lon"], min_elevation=place.get("min_elevation", 10),
              name=place.get("name", ""))
        for place in document.get("places", [])
    )
    named = {code for scene in scenes for code in (scene.over, scene.link) if code}
    geometry = orbit_geometry(tle, origin, horizon, [place for place in places if place.code in named]) if tle else None
    return Problem(
        code=production["code"],
        origin=origin,
        horizon=horizon,
        modules=modules,
        people=people,
        scenes=scenes,
        events=events,
        pins=pins,
        elements=elements,
        places=places,
        light=geometry.light.light if geometry else None,
        tle=tle,
        geometry=geometry,
    )


def _scene(entry: dict, minute: Callable[[str | None], int | None]) -> Scene:
    """The solver's scene, field by field from the one definition (`scene_fields.SCENE_FIELDS`): times become
    minutes from the origin, lists tuples, a missing key the spec's default; fields the solver has no use for
    are left out."""
    values = {}
    for field in SCENE_FIELDS:
        if not field.solver:
            continue
        value = entry.get(field.name, field.empty)
        if field.kind == "time":
            value = minute(value)
        elif field.kind == "codes":
            value = tuple(value)
        elif field.kind == "counts":
            value = tuple((item["element"], item.get("count", 1)) for item in value)
        values[field.name] = value
    return Scene(**values)


def _everyone(codes: str | list[str]) -> tuple[str, ...] | None:
    """`"all"` means every person (or module): `None` in an `Event`."""
    return None if codes == "all" else tuple(codes)
