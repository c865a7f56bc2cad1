"""Reads of productions: the production-file document of a production, as the solver and exports see it."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db.models import Max, Min, Prefetch, Q, QuerySet

from crew.models import CrewMember, FreeWindow, Module, ModuleClosure, StationEvent
from crew.selectors import crew_member_free_windows_span

from core.times import format_time

from .breakdown_selectors import casting_entries, element_entry
from .models import SCENE_LINKS, Pin, Production, Scene, ScheduleVersion
from .production_file import FORMAT
from .scene_fields import SCENE_FIELD, SCENE_FIELDS


def _time(moment) -> str | None:
    return format_time(moment) if moment else None


def scenes_with_links(scenes: QuerySet) -> QuerySet:
    """The scenes with every link `scene_entry` reads fetched in one query per link, in file order."""
    return scenes.select_related(*(field.name for field in SCENE_FIELDS if field.kind == "ref")).prefetch_related(*(
        Prefetch(link.accessor, queryset=link.model.objects.select_related(link.target).order_by("position", "id"))
        for link in SCENE_LINKS.values()
    ))


def scene_entry(*, scene: Scene) -> dict:
    """The scene as a production-file scene object with every field, from `SCENE_FIELDS` (links prefetched
    by `scenes_with_links`, or fetched here)."""

    columns = {}
    for name in _COLUMNS:
        value = getattr(scene, name)
        columns[name] = value.code if SCENE_FIELD[name].kind == "ref" and value is not None else value
    links = {}
    for name, link in SCENE_LINKS.items():
        rows = getattr(scene, link.accessor).all()
        if SCENE_FIELD[name].kind == "counts":
            links[name] = [{"element": getattr(row, link.target).code, "count": row.count} for row in rows]
        else:
            links[name] = [getattr(row, link.target).code for row in rows]
    return _entry(columns, links)


def scene_entries(*, scenes: QuerySet) -> list[dict]:
    """Every scene of `scenes`, in its order, as `scene_entry` writes it: one query for the columns and one
    per link, with no model instances built (building them was most of a 300-scene document's time)."""
    columns = [f"{name}__code" if SCENE_FIELD[name].kind == "ref" else name for name in _COLUMNS]
    rows = list(scenes.values_list("id", *columns))
    ids = scenes.order_by().values("id")
    grouped: dict[str, dict[int, list]] = {}
    for name, link in SCENE_LINKS.items():
        counts = SCENE_FIELD[name].kind == "counts"
        extra = ("count",) if counts else ()
        grouped[name] = by_scene = defaultdict(list)
        for scene_id, code, *count in link.model.objects.filter(scene__in=ids).order_by("position", "id").values_list(
            "scene_id", f"{link.target}__code", *extra
        ):
            by_scene[scene_id].append({"element": code, "count": count[0]} if counts else code)
    return [
        _entry(dict(zip(_COLUMNS, values)), {name: grouped[name].get(scene_id, []) for name in SCENE_LINKS})
        for scene_id, *values in rows
    ]


_COLUMNS = [field.name for field in SCENE_FIELDS if field.name not in SCENE_LINKS]  # the rest are link models
# How each field of an entry is filled, in `SCENE_FIELDS` order: from a link list, a time column, or a column.
_FILLED_FROM = [
    (field.name, "link" if field.name in SCENE_LINKS else "time" if field.kind == "time" else "column") for field in SCENE_FIELDS
]


def _entry(columns: dict, links: dict) -> dict:
    """A scene entry from its column values (refs as codes) and its link lists."""
    return {
        name: links[name] if source == "link" else _time(columns[name]) if source == "time" else columns[name]
        for name, source in _FILLED_FROM
    }


def _scene_exported(entry: dict) -> dict:
    """A scene as export writes it: the spec's additions only where they are not at their default, so a
    production that does not use them exports exactly as before they existed."""
    return {name: value for name, value in entry.items() if not (SCENE_FIELD[name].addition and SCENE_FIELD[name].at_default(value))}


def production_document(*, production: Production) -> dict:
    """The production as an `orbitfilm/production@1` document: its station's modules, its roster, the
    station events that touch them, its scenes and pins. Lists keep the order they were imported in."""
    # Rows, not model instances: this document is built for every check and every solve.
    modules = list(
        Module.objects.filter(station=production.station_id).order_by("id")
        .values_list("id", "code", "name", "segment", "capacity", "window")
    )
    closures = defaultdict(list)
    for module_id, start, end, reason in (
        ModuleClosure.objects.filter(module__station=production.station_id).order_by("id")
        .values_list("module_id", "start", "end", "reason")
    ):
        closures[module_id].append({"start": _time(start), "end": _time(end), "reason": reason})
    roster = list(
        CrewMember.objects.filter(rosterentry__production=production)
        .order_by("rosterentry__position", "rosterentry__id")
        .values_list("id", "code", "name", "role", "max_minutes_per_day")
    )
    roster_ids = {member[0] for member in roster}
    free = defaultdict(list)
    for member_id, start, end in FreeWindow.objects.filter(crew_member__in=roster_ids).order_by("id").values_list(
        "crew_member_id", "start", "end"
    ):
        free[member_id].append({"start": _time(start), "end": _time(end)})
    events = (
        StationEvent.objects.filter(station=production.station)
        .filter(Q(all_people=True) | Q(all_modules=True) | Q(people__in=roster_ids) | Q(modules__isnull=False))
        .distinct()
        .prefetch_related("people", "modules")
        .order_by("id")
    )
    scenes = scene_entries(scenes=Scene.objects.filter(production=production).order_by("position", "id"))
    pins = Pin.objects.filter(scene__production=production).order_by("scene__position", "id").values_list(
        "scene__code", "start", "module__code"
    )

    return {
        "format": FORMAT,
        "production": {
            "code": production.code,
            "title": production.title,
            "station": production.station.code,
            "start": _time(production.start),
            "end": _time(production.end),
            "tle": production.tle,
        },
        "modules": [
            {"code": code, "name": name, "segment": segment, "capacity": capacity, "window": window, "closed": closures[pk]}
            for pk, code, name, segment, capacity, window in modules
        ],
        "people": [
            {"code": code, "name": name, "role": role, "max_minutes_per_day": cap, "free": free[pk]}
            for pk, code, name, role, cap in roster
        ],
        "events": [document for event in events if (document := _event_document(event, roster_ids))],
        **_additions(production),
        "scenes": [_scene_exported(entry) for entry in scenes],
        "pinned": [{"scene": scene, "start": _time(start), "module": module} for scene, start, module in pins],
    }


def _additions(production: Production) -> dict:
    """The production's places, elements and casting, each written only when the production has some."""
    additions = {
        "places": [
            {"code": place.code, "name": place.name, "lat": place.lat, "lon": place.lon, "min_elevation": place.min_elevation}
            for place in production.places.order_by("position", "id")
        ],
        "elements": [element_entry(element=element) for element in production.elements.order_by("position", "id")],
        "casting": casting_entries(production=production),
    }
    return {key: value for key, value in additions.items() if value}


def _event_document(event: StationEvent, roster_ids: set[int]) -> dict | None:
    """The event as the production sees it: people outside the roster are left out, and an event that then
    blocks nobody and nothing of this production is left out whole."""
    people = "all" if event.all_people else [p.code for p in event.people.all() if p.pk in roster_ids]
    modules = "all" if event.all_modules else [m.code for m in event.modules.all()]
    if not people and not modules:
        return None
    return {
        "code": event.code, "title": event.title, "start": _time(event.start), "end": _time(event.end),
        "people": people, "modules": modules,
    }


def productions_visible(*, user) -> QuerySet:
    """The productions a user may see: the ones they direct (every one for a superuser)."""
    productions = Production.objects.select_related("station")
    return productions if user.is_superuser else productions.filter(director=user)


def production_for_user(*, user, code: str) -> Production | None:
    """The production a user may see by code, or None (whether or not it exists)."""
    return productions_visible(user=user).filter(code=code).first()


def schedule_version_get(*, production: Production, number: int | None = None) -> ScheduleVersion | None:
    """A version by number, or the current one (the latest published)."""
    versions = production.schedule_versions.all()
    if number is not None:
        versions = versions.filter(number=number)
    return versions.order_by("-number").first()


def version_read_at(*, version: ScheduleVersion) -> datetime:
    """When the production was read for this version: the start of the solve that published it (a change made
    while it ran is not in it), else its publication."""
    run = version.solve_run
    return run.started if run is not None and run.started is not None else version.created


def schedule_versions_compare(*, old, new) -> dict:
    """What changed from one schedule version to another: scenes added, dropped, moved (time or module)."""
    def shoots(version) -> dict:
        return {
            shoot.scene.code: shoot
            for shoot in version.shoots.select_related("scene", "module")
        }

    before, after = shoots(old), shoots(new)
    added = sorted(code for code in after if code not in before)
    dropped = sorted(code for code in before if code not in after)
    moved = []
    for code in sorted(before.keys() & after.keys()):
        was, now = before[code], after[code]
        if (was.start, was.module_id) != (now.start, now.module_id):
            moved.append({
                "scene": code,
                "from": {"start": format_time(was.start), "module": was.module.code},
                "to": {"start": format_time(now.start), "module": now.module.code},
            })
    return {
        "production": new.production.code,
        "old": old.number,
        "new": new.number,
        "counts": {"added": len(added), "dropped": len(dropped), "moved": len(moved),
                   "kept": len(before.keys() & after.keys()) - len(moved)},
        "added": added,
        "dropped": dropped,
        "moved": moved,
    }


def crew_member_aboard_default(*, crew_member: CrewMember) -> tuple[datetime, datetime] | None:
    """A sensible time aboard to import a timeline for: the span of the member's free windows, else of the
    productions they are cast in, else of all productions on their station; None when there is nothing."""
    span = crew_member_free_windows_span(crew_member=crew_member)
    if span is not None:
        return span
    for productions in (
        Production.objects.filter(roster=crew_member),
        Production.objects.filter(station_id=crew_member.station_id),
    ):
        spans = productions.aggregate(start=Min("start"), end=Max("end"))
        if spans["start"] is not None:
            return spans["start"], spans["end"]
    return None
