"""Writes to station data. Each upsert takes a normalised production-file entry and says what it changed."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import Group, Permission

from .models import CrewMember, FreeWindow, Module, ModuleClosure, Station, StationEvent

STATION_OPERATIONS = "station operations"
DIRECTORS = "directors"

STATION_MODELS = ("station", "module", "moduleclosure", "crewmember", "freewindow", "stationevent")
PRODUCTION_MODELS = ("production", "rosterentry", "scene", "scenecast", "scenemodule", "scenepredecessor", "pin")
PUBLISHED_MODELS = ("scheduleversion", "shoot", "unscheduledscene", "solverun")


def roles_ensure() -> None:
    """Create the two groups with their permissions (idempotent; run after every migrate).

    Station operations edit station data; directors read it, and edit productions and scenes (only their own,
    which the admin and views enforce row by row).
    """
    def perms(app: str, models: tuple[str, ...], actions: tuple[str, ...]) -> list[Permission]:
        codenames = [f"{action}_{model}" for model in models for action in actions]
        return list(Permission.objects.filter(content_type__app_label=app, codename__in=codenames))

    operations, _ = Group.objects.get_or_create(name=STATION_OPERATIONS)
    operations.permissions.set(perms("crew", STATION_MODELS, ("add", "change", "delete", "view")))
    directors, _ = Group.objects.get_or_create(name=DIRECTORS)
    directors.permissions.set(
        perms("crew", STATION_MODELS, ("view",))
        + perms("scheduling", PRODUCTION_MODELS, ("add", "change", "delete", "view"))
        + perms("scheduling", PUBLISHED_MODELS, ("view",))
    )


def station_get_or_create(*, code: str) -> tuple[Station, bool]:
    return Station.objects.get_or_create(code=code, defaults={"name": code})


def _changes(instance, fields: dict) -> list[str]:
    """Set `fields` on the instance; describe each value that differs."""
    changed = []
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changed.append(f"{name} {_show(old)} → {_show(value)}")
            setattr(instance, name, value)
    return changed


def _show(value) -> str:
    if value is None or value == "":
        return "none"
    return str(value)


def _spans_differ(existing: list[tuple[datetime, datetime]], wanted: list[tuple[datetime, datetime]]) -> bool:
    return sorted(existing) != sorted(wanted)


def module_upsert(*, station: Station, entry: dict, closures: list[tuple[datetime, datetime, str]]) -> tuple[Module, list[str]]:
    """Create or update a module by code; its closures become exactly the given ones."""
    fields = {"name": entry["name"], "segment": entry["segment"], "capacity": entry["capacity"], "window": entry["window"]}
    module = Module.objects.filter(station=station, code=entry["code"]).first()
    if module is None:
        module = Module.objects.create(station=station, code=entry["code"], **fields)
        ModuleClosure.objects.bulk_create(
            ModuleClosure(module=module, start=start, end=end, reason=reason) for start, end, reason in closures
        )
        return module, [f"module {module.code}: added"]
    changes = _changes(module, fields)
    if changes:
        module.save()
    existing = [(c.start, c.end, c.reason) for c in module.closures.all()]
    if sorted(existing) != sorted(closures):
        module.closures.all().delete()
        ModuleClosure.objects.bulk_create(
            ModuleClosure(module=module, start=start, end=end, reason=reason) for start, end, reason in closures
        )
        changes.append(f"closures replaced ({len(existing)} → {len(closures)})")
    return module, [f"module {module.code}: {change}" for change in changes]


def crew_member_upsert(*, station: Station, entry: dict, free: list[tuple[datetime, datetime]]) -> tuple[CrewMember, list[str]]:
    """Create or update a crew member by code; their free windows become exactly the given ones."""
    fields = {"name": entry["name"], "role": entry["role"], "max_minutes_per_day": entry["max_minutes_per_day"]}
    member = CrewMember.objects.filter(station=station, code=entry["code"]).first()
    if member is None:
        member = CrewMember.objects.create(station=station, code=entry["code"], **fields)
        FreeWindow.objects.bulk_create(FreeWindow(crew_member=member, start=start, end=end) for start, end in free)
        return member, [f"person {member.code}: added"]
    changes = _changes(member, fields)
    if changes:
        member.save()
    existing = [(window.start, window.end) for window in member.free_windows.all()]
    if _spans_differ(existing, free):
        member.free_windows.all().delete()
        FreeWindow.objects.bulk_create(FreeWindow(crew_member=member, start=start, end=end) for start, end in free)
        changes.append(f"free windows replaced ({len(existing)} → {len(free)})")
    return member, [f"person {member.code}: {change}" for change in changes]


def station_event_upsert(
    *,
    station: Station,
    entry: dict,
    start: datetime,
    end: datetime,
    people: list[CrewMember] | None,
    modules: list[Module] | None,
) -> tuple[StationEvent, list[str]]:
    """Create or update a station event by code. `people`/`modules` None means all of them."""
    fields = {
        "title": entry["title"],
        "start": start,
        "end": end,
        "all_people": people is None,
        "all_modules": modules is None,
    }
    event = StationEvent.objects.filter(station=station, code=entry["code"]).first()
    if event is None:
        event = StationEvent.objects.create(station=station, code=entry["code"], **fields)
        event.people.set(people or [])
        event.modules.set(modules or [])
        return event, [f"event {event.code}: added"]
    changes = _changes(event, fields)
    if changes:
        event.save()
    if {p.pk for p in event.people.all()} != {p.pk for p in people or []}:
        event.people.set(people or [])
        changes.append("people changed")
    if {m.pk for m in event.modules.all()} != {m.pk for m in modules or []}:
        event.modules.set(modules or [])
        changes.append("modules changed")
    return event, [f"event {event.code}: {change}" for change in changes]
