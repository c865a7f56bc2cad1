"""Writes to productions: importing a production file, editing scenes and pins."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from core.errors import DomainError, Fault, InUse
from core.times import format_time, parse_time
from crew.models import CrewMember, Module, Station
from crew.services import crew_member_upsert, module_upsert, station_event_upsert, station_get_or_create
from crew.signals import station_changed_note, station_changes

from .models import SCENE_LINKS, Casting, Element, Pin, Place, Production, RosterEntry, Scene, ScenePredecessor
from .production_file import ProductionFileError, production_document_check
from .scene_checks import scene_check
from .scene_fields import SCENE_FIELDS
from .schedule_checks import schedule_check_soon
from .selectors import production_document, schedule_version_get
from .solver.mapping import problem_from_document
from .solver.problem import Problem
from .light import production_light


class NothingToFreeze(DomainError):
    """A scene marked shot without a shoot in the current schedule: there is nowhere to freeze it."""


@dataclass
class ImportReport:
    production: str
    station: str
    created_station: bool
    replaced: bool
    scenes: int
    changes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        verb = "replaced" if self.replaced else "imported"
        station = f"new station {self.station}" if self.created_station else f"station {self.station}"
        head = f"{verb} production {self.production} on {station}: {self.scenes} scenes"
        return [head, *(f"  {change}" for change in self.changes)]


def _time(value: str | None) -> datetime | None:
    return parse_time(value) if value else None


@transaction.atomic
@station_changes()
def production_import(
    *, document: dict, replace: bool = False, director=None, station_changes_allowed: bool = True
) -> ImportReport:
    """Write a checked production document (see `production_file.production_document_check`), all or nothing.

    Modules and people are the station's: existing ones are reused by code and updated to what the file says,
    and every change is reported, so productions on one station share crew and modules. With `replace`, an
    existing production of that code is deleted first (with its schedules); without it, that is an error.
    Without `station_changes_allowed` (a director, not station operations), a file that would change the
    station's modules, people or events is refused whole.
    """
    info = document["production"]
    existing = Production.objects.filter(code=info["code"]).first()
    if existing and not replace:
        raise ProductionFileError(
            f'production "{info["code"]}" already exists (use --replace to overwrite it)', path="production.code"
        )
    if existing:
        director = director or existing.director
        existing.delete()
        station_changed_note(station_id=existing.station_id)  # its shoots no longer block anyone

    station, created_station = station_get_or_create(code=info["station"])
    report = ImportReport(
        production=info["code"], station=station.code, created_station=created_station,
        replaced=existing is not None, scenes=len(document["scenes"]),
    )
    modules = _modules_import(station, document["modules"], report)
    people = _people_import(station, document["people"], report)
    _events_import(station, document["events"], people, modules, report)
    if report.changes and not station_changes_allowed:
        raise ProductionFileError(faults=[
            Fault(f"station {station.code}", f"only station operations may change station data; this file would: {change}")
            for change in report.changes
        ])

    tle = info["tle"] or ["", ""]
    production = Production.objects.create(
        code=info["code"], title=info["title"], station=station,
        start=_time(info["start"]), end=_time(info["end"]),
        tle_line1=tle[0], tle_line2=tle[1], director=director,
    )
    RosterEntry.objects.bulk_create(
        RosterEntry(production=production, crew_member=people[entry["code"]], position=position)
        for position, entry in enumerate(document["people"])
    )
    targets = {"person": people, "module": modules, **_additions_import(production, document, people)}
    scenes = _scenes_import(production, document["scenes"], targets)
    Pin.objects.bulk_create(
        Pin(scene=scenes[pin["scene"]], start=_time(pin["start"]), module=modules[pin["module"]])
        for pin in document["pinned"]
    )
    return report


def _modules_import(station: Station, entries: list[dict], report: ImportReport) -> dict[str, Module]:
    modules = {}
    for entry in entries:
        closures = [(_time(c["start"]), _time(c["end"]), c["reason"]) for c in entry["closed"]]
        module, changes = module_upsert(station=station, entry=entry, closures=closures)
        modules[module.code] = module
        report.changes.extend(changes)
    return modules


def _people_import(station: Station, entries: list[dict], report: ImportReport) -> dict[str, CrewMember]:
    people = {}
    for entry in entries:
        free = [(_time(w["start"]), _time(w["end"])) for w in entry["free"]]
        member, changes = crew_member_upsert(station=station, entry=entry, free=free)
        people[member.code] = member
        report.changes.extend(changes)
    return people


def _events_import(station, entries, people, modules, report) -> None:
    for entry in entries:
        _, changes = station_event_upsert(
            station=station, entry=entry, start=_time(entry["start"]), end=_time(entry["end"]),
            people=None if entry["people"] == "all" else [people[code] for code in entry["people"]],
            modules=None if entry["modules"] == "all" else [modules[code] for code in entry["modules"]],
        )
        report.changes.extend(changes)


def _additions_import(production: Production, document: dict, people: dict[str, CrewMember]) -> dict[str, dict]:
    """The production's places, elements and casting; returns the places and elements by code, which scenes
    refer to."""
    places = Place.objects.bulk_create(
        Place(production=production, position=position, **entry) for position, entry in enumerate(document["places"])
    )
    elements = Element.objects.bulk_create(
        Element(production=production, position=position, **entry) for position, entry in enumerate(document["elements"])
    )
    Casting.objects.bulk_create(
        Casting(production=production, character=entry["character"], person=people[entry["person"]], position=position)
        for position, entry in enumerate(document["casting"])
    )
    if not all(item.pk for item in [*places, *elements]):  # backends that return no ids from bulk inserts
        places, elements = list(production.places.all()), list(production.elements.all())
    return {"place": {place.code: place for place in places}, "element": {element.code: element for element in elements}}


def _scenes_import(production: Production, entries: list[dict], targets: dict[str, dict]) -> dict[str, Scene]:
    scenes = {
        entry["code"]: Scene(production=production, position=position, **_scene_columns(entry, targets))
        for position, entry in enumerate(entries)
    }
    Scene.objects.bulk_create(scenes.values())
    if not all(scene.pk for scene in scenes.values()):  # backends that return no ids from bulk inserts
        scenes = {scene.code: scene for scene in production.scenes.all()}
    _scene_links_create([(scenes[entry["code"]], entry) for entry in entries], {**targets, "scene": scenes})
    return scenes


def _scene_columns(entry: dict, targets: dict[str, dict]) -> dict:
    """The `Scene` columns of a checked scene object: every field but the linked lists, times as instants,
    references as the objects they name."""
    columns = {}
    for scene_field in SCENE_FIELDS:
        value = entry[scene_field.name]
        if scene_field.name in SCENE_LINKS:
            continue
        if scene_field.kind == "time":
            value = _time(value)
        elif scene_field.kind == "ref":
            value = targets[scene_field.refers_to][value] if value is not None else None
        columns[scene_field.name] = value
    return columns


def _scene_links_create(scenes: list[tuple[Scene, dict]], targets: dict[str, dict]) -> None:
    """The link rows of each linked field (see `models.SCENE_LINKS`), in the order the entries list them.
    `targets` maps what codes refer to ("person", "module", "scene", "element") to the objects by code."""
    for scene_field in SCENE_FIELDS:
        link = SCENE_LINKS.get(scene_field.name)
        if link is None:
            continue
        rows = []
        for scene, entry in scenes:
            for position, item in enumerate(entry[scene_field.name]):
                if scene_field.kind == "counts":
                    target, extra = targets[scene_field.refers_to][item["element"]], {"count": item["count"]}
                else:
                    target, extra = targets[scene_field.refers_to][item], {}
                rows.append(link.model(scene=scene, position=position, **{link.target: target}, **extra))
        link.model.objects.bulk_create(rows)


def _scene_targets(production: Production) -> dict[str, dict]:
    """What a production's scenes may refer to, by code."""
    return {
        "person": {member.code: member for member in production.roster.all()},
        "module": {module.code: module for module in Module.objects.filter(station=production.station)},
        "scene": {other.code: other for other in production.scenes.all()},
        "element": {element.code: element for element in production.elements.all()},
        "place": {place.code: place for place in production.places.all()},
    }


def _checked_with(production: Production, change) -> dict:
    """The production's document with `change` applied, checked whole like an imported file."""
    document = production_document(production=production)
    change(document)
    return production_document_check(document)


def _checked_with_entry(
    production: Production, *, key: str, noun: str, entry, code: str | None, follow_rename=None
) -> tuple[dict, int]:
    """The production's document with `entry` added to its `key` list (code None) or in place of the entry
    with code `code`, checked whole like an imported file, and the entry's index in that list. Errors name
    their path relative to the entry. After a replacement, `follow_rename(document, index)` makes the rest
    of the document follow the entry if its code changed (`entry` itself is still unchecked then)."""
    index = None

    def apply(document: dict) -> None:
        nonlocal index
        entries = document.setdefault(key, [])  # a production without places or elements exports none
        if code is None:
            index = len(entries)
            entries.append(entry)
            return
        codes = [existing["code"] for existing in entries]
        if code not in codes:
            raise ProductionFileError(f'no {noun} "{code}" in production {production.code}', path="code")
        index = codes.index(code)
        entries[index] = entry
        if follow_rename is not None:
            follow_rename(document, index)

    try:
        document = _checked_with(production, apply)
    except ProductionFileError as error:
        raise error.relative_to(f"{key}[{index}]") from None
    return document, index


def _problem_without_orbit(document: dict) -> Problem:
    """The solver's problem of a checked document, without propagating the orbit (the light comes cached)."""
    return problem_from_document({**document, "production": {**document["production"], "tle": None}})


@transaction.atomic
def scene_save(*, production: Production, entry: dict, code: str | None = None) -> Scene:
    """Add a scene (code None) or replace scene `code` with `entry` (a production-file scene object).

    Checked with exactly the rules of an imported file, so errors name their path relative to the scene
    (`people[1]: unknown person "peresil"`); nothing is written unless the whole production stays valid. A
    well-formed scene that can never be shot (`scene_checks`) is refused with `SceneUnshootable`, naming why.
    """

    def follow_rename(document: dict, index: int) -> None:
        renamed = entry.get("code")
        if renamed != code:  # follow a renamed scene in `after` lists and pins
            for other in document["scenes"][:index] + document["scenes"][index + 1:]:  # `entry` is unchecked
                other["after"] = [renamed if item == code else item for item in other["after"]]
            for pin in document["pinned"]:
                if pin["scene"] == code:
                    pin["scene"] = renamed

    document, index = _checked_with_entry(
        production, key="scenes", noun="scene", entry=entry, code=code, follow_rename=follow_rename
    )
    checked = document["scenes"][index]
    scene_check(_problem_without_orbit(document), checked["code"], light=production_light(production))
    targets = _scene_targets(production)
    scene = Scene.objects.filter(production=production, code=code).first() if code else None
    if scene is None:
        scene = Scene.objects.create(production=production, position=index, **_scene_columns(checked, targets))
    else:
        for name, value in _scene_columns(checked, targets).items():
            setattr(scene, name, value)
        scene.save()
        for link in SCENE_LINKS.values():
            link.model.objects.filter(scene=scene).delete()
    _scene_links_create([(scene, checked)], {**targets, "scene": {**targets["scene"], scene.code: scene}})
    schedule_check_soon(production=production)  # a published shoot may no longer fit the scene
    return scene


@transaction.atomic
def pin_set(*, scene: Scene, start: datetime, module_code: str) -> Pin:
    """Pin a scene's shoot at a start and module, checked like a file's `pinned` entry (errors name the pin's
    fields: `module: ...`, `start: ...`)."""
    pin = {"scene": scene.code, "start": format_time(start), "module": module_code}
    index = None

    def apply(document: dict) -> None:
        nonlocal index
        document["pinned"] = [p for p in document["pinned"] if p["scene"] != scene.code] + [pin]
        index = len(document["pinned"]) - 1

    try:
        _checked_with(scene.production, apply)
    except ProductionFileError as error:
        raise error.relative_to(f"pinned[{index}]") from None
    module = Module.objects.get(station=scene.production.station_id, code=module_code)
    Pin.objects.filter(scene=scene).delete()
    return Pin.objects.create(scene=scene, start=start, module=module)


def pin_clear(*, scene: Scene) -> None:
    Pin.objects.filter(scene=scene).delete()


def scene_mark_shot(*, scene: Scene, shot: bool = True) -> Scene:
    """A shot scene is frozen where the current schedule has it; it needs a published shoot to freeze."""
    if shot:
        current = schedule_version_get(production=scene.production)
        if current is None or not current.shoots.filter(scene=scene).exists():
            raise NothingToFreeze(f"scene {scene.code} has no shoot in the current schedule to freeze")
    scene.shot = shot
    scene.save(update_fields=["shot"])
    schedule_check_soon(production=scene.production)  # a shot scene's shoot breaks nothing any more
    return scene


@transaction.atomic
def scene_delete(*, scene: Scene) -> None:
    """Delete a scene unless another scene comes after it. Its pin goes with it, and so do its shoots and
    boneyard entries in published versions."""
    followers = list(
        ScenePredecessor.objects.filter(predecessor=scene).order_by("scene__position").values_list("scene__code", flat=True)
    )
    if followers:
        raise InUse(
            f"scene {scene.code} cannot be deleted: scenes {', '.join(followers)} come after it; "
            f'take it out of their "after" first'
        )
    scene.delete()
    schedule_check_soon(production=scene.production)  # its shoots leave the published versions
