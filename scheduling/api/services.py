"""Writes behind the API that the shared services do not cover: importing for a user, editing scenes through
their file entries, and station data edited one object at a time.

Station data stays as valid as an imported file would be: times on whole minutes, closures of one module and
free windows of one person never overlapping, events naming only this station's people and modules.
Serializers check shapes; these functions write, all or nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from crew.models import CrewMember, Module, ModuleClosure, Station, StationEvent
from crew.services import free_windows_create
from crew.signals import station_changed_note, station_changes
from scheduling.access import production_writable, station_writable
from scheduling.models import Production, Scene
from scheduling.production_file import ProductionFileError, production_file_parse
from scheduling.services import ImportReport, production_import, scene_save

SCENE_STATE_KEYS = ("shot", "omitted", "pin", "shoot")  # what a scene's GET adds to its entry; ignored on writes
# Codes the API's own paths use: /api/productions/import/ would hide a production called "import".
RESERVED_CODES = frozenset({"import"})


def production_import_for_user(*, user, text: bytes, filename: str, replace: bool) -> tuple[Production, ImportReport]:
    """Check a production file whole, then import it directed by `user`, all or nothing.

    Replacing needs the existing production to be the user's (or the user a superuser); its director stays.
    A code someone else's production has gets the answer a reserved code gets (`_code_unusable`): it says
    neither that the production exists nor whose it is, only what to do.
    """
    document = production_file_parse(text, filename=filename)
    code = document["production"]["code"]
    existing = Production.objects.filter(code=code).select_related("director").first()
    if code in RESERVED_CODES or (existing is not None and not _is_theirs(user, existing)):
        raise _code_unusable(code)
    if existing is not None and not replace:
        raise ProductionFileError(f'production "{code}" already exists (import with ?replace=true to overwrite it)', path="production.code")
    try:
        report = production_import(
            document=document, replace=replace, director=existing.director if existing else user,
            station_changes_allowed=station_writable(user=user, action=("crew.change_crewmember", "crew.change_module")),
        )
    except IntegrityError:
        winner = Production.objects.filter(code=code).first()  # another import of it committed first
        if not replace and winner is not None:
            raise (_code_unusable(code) if not _is_theirs(user, winner) else ProductionFileError(
                f'production "{code}" already exists (import with ?replace=true to overwrite it)', path="production.code"
            )) from None
        raise
    return Production.objects.get(code=code), report


def _is_theirs(user, production: Production) -> bool:
    return production_writable(user=user, production=production, action=())


def _code_unusable(code: str) -> ProductionFileError:
    return ProductionFileError(f'"{code}" cannot be used; choose another code', path="production.code")


@transaction.atomic
def production_delete(*, production: Production) -> None:
    """Delete a production with its scenes, pins, solve runs and schedule versions. A worker still solving it
    finds its run gone and publishes nothing. Its shoots no longer block the station's other productions."""
    production.delete()
    station_changed_note(station_id=production.station_id)


def scene_entry_from_body(body) -> dict:
    """A request body as a scene entry: a JSON object, minus the read-only state a GET adds."""
    if not isinstance(body, dict):
        raise ProductionFileError(f"must be a JSON object (a production-file scene), got {type(body).__name__}", path="body")
    return {key: value for key, value in body.items() if key not in SCENE_STATE_KEYS}


def scene_update(*, production: Production, code: str, entry: dict, base: dict | None = None) -> Scene:
    """Replace scene `code` by `entry` (PUT), or by `base` with `entry`'s keys changed (PATCH).

    A PUT without a code keeps the scene's code.
    """
    merged = {**base, **entry} if base is not None else {"code": code, **entry}
    return scene_save(production=production, entry=merged, code=code)


# --- station data ------------------------------------------------------------------------------------------


def _save(instance, fields: dict):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()
    return instance


@transaction.atomic
def station_save(*, station: Station | None, fields: dict) -> Station:
    return _save(station or Station(), fields)


@transaction.atomic
def module_save(*, station: Station, module: Module | None, fields: dict) -> Module:
    return _save(module or Module(station=station), fields)


@transaction.atomic
def closure_save(*, closure: ModuleClosure | None, fields: dict) -> ModuleClosure:
    return _save(closure or ModuleClosure(), fields)


@transaction.atomic
@station_changes()
def crew_member_save(
    *, station: Station, member: CrewMember | None, fields: dict, free: list[tuple[datetime, datetime]] | None
) -> CrewMember:
    """Create or change a crew member; `free` (when given) becomes exactly their free windows."""
    member = _save(member or CrewMember(station=station), fields)
    if free is not None:
        member.free_windows.all().delete()
        free_windows_create(crew_member=member, windows=free)
    return member


@transaction.atomic
@station_changes()
def station_event_save(
    *,
    station: Station,
    event: StationEvent | None,
    fields: dict,
    people: list[CrewMember] | str | None,
    modules: list[Module] | str | None,
) -> StationEvent:
    """Create or change a station event; `people`/`modules` are "all", a list, or None to leave unchanged."""
    if people is not None:
        fields["all_people"] = people == "all"
    if modules is not None:
        fields["all_modules"] = modules == "all"
    event = _save(event or StationEvent(station=station), fields)
    if people is not None:
        event.people.set([] if people == "all" else people)
    if modules is not None:
        event.modules.set([] if modules == "all" else modules)
    return event
