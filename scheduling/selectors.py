"""Reads of productions: the production-file document of a production, as the solver and exports see it."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Min, Prefetch, Q, QuerySet

from crew.models import CrewMember, FreeWindow, Module, StationEvent
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
    entry = {}
    for field in SCENE_FIELDS:
        value = getattr(scene, field.name) if field.name not in SCENE_LINKS else None
        if field.kind == "codes":
            link = SCENE_LINKS[field.name]
            value = [getattr(row, link.target).code for row in getattr(scene, link.accessor).all()]
        elif field.kind == "counts":
            link = SCENE_LINKS[field.name]
            value = [{"element": getattr(row, link.target).code, "count": row.count} for row in getattr(scene, link.accessor).all()]
        elif field.kind == "time":
            value = _time(value)
        elif field.kind == "ref":
            value = value.code if value is not None else None
        entry[field.name] = value
    return entry


def _scene_exported(entry: dict) -> dict:
    """A scene as export writes it: the spec's additions only where they are not at their default, so a
    production that does not use them exports exactly as before they existed."""
    return {name: value for name, value in entry.items() if not (SCENE_FIELD[name].addition and SCENE_FIELD[name].at_default(value))}


def production_document(*, production: Production) -> dict:
    """The production as an `orbitfilm/production@1` document: its station's modules, its roster, the
    station events that touch them, its scenes and pins. Lists keep the order they were imported in."""
    modules = list(
        Module.objects.filter(station=production.station).prefetch_related("closures").order_by("id")
    )
    roster = list(
        CrewMember.objects.filter(rosterentry__production=production)
        .prefetch_related(Prefetch("free_windows", queryset=FreeWindow.objects.order_by("id")))
        .order_by("rosterentry__position", "rosterentry__id")
    )
    roster_ids = {member.pk for member in roster}
    events = (
        StationEvent.objects.filter(station=production.station)
        .filter(Q(all_people=True) | Q(all_modules=True) | Q(people__in=roster) | Q(modules__isnull=False))
        .distinct()
        .prefetch_related("people", "modules")
        .order_by("id")
    )
    scenes = scenes_with_links(Scene.objects.filter(production=production).order_by("position", "id"))
    pins = Pin.objects.filter(scene__production=production).select_related("scene", "module").order_by("scene__position", "id")

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
            {
                "code": module.code, "name": module.name, "segment": module.segment,
                "capacity": module.capacity, "window": module.window,
                "closed": [
                    {"start": _time(c.start), "end": _time(c.end), "reason": c.reason}
                    for c in sorted(module.closures.all(), key=lambda c: c.pk)
                ],
            }
            for module in modules
        ],
        "people": [
            {
                "code": member.code, "name": member.name, "role": member.role,
                "max_minutes_per_day": member.max_minutes_per_day,
                "free": [{"start": _time(w.start), "end": _time(w.end)} for w in member.free_windows.all()],
            }
            for member in roster
        ],
        "events": [document for event in events if (document := _event_document(event, roster_ids))],
        **_additions(production),
        "scenes": [_scene_exported(scene_entry(scene=scene)) for scene in scenes],
        "pinned": [{"scene": pin.scene.code, "start": _time(pin.start), "module": pin.module.code} for pin in pins],
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
