"""What station data tells the rest of the product when it changes.

`station_changed` is sent, with the station's id, after a change to what schedules depend on (free windows,
modules and their closures, station events, crew members' caps), however it was made: the admin, the API, a
calendar import, a production file. Station data knows nothing of productions; scheduling listens and
re-checks the published schedules on that station.

Saves and deletes of single objects send it through the model signals wired here. Bulk writes send no model
signals, so the services that make them say so themselves with `station_changed_note`; they, and the admin,
wrap their writes in `station_changes()`, which sends once per station at the end instead of once per row (a
timeline import rewrites hundreds of free windows). The signal is sent inside the writer's transaction, so a
receiver's own writes commit or roll back with the change.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

station_changed = Signal()  # kwargs: station_id

_batch = threading.local()  # .stations: set of station ids noted inside the outermost `station_changes()`


def station_changed_note(*, station_id: int) -> None:
    """The station's data has changed: sent now, or once at the end of the enclosing `station_changes()`."""
    stations = getattr(_batch, "stations", None)
    if stations is None:
        station_changed.send(sender=station_changed_note, station_id=station_id)
    else:
        stations.add(station_id)


@contextmanager
def station_changes() -> Iterator[None]:
    """Collect every change noted inside, and send `station_changed` once per station when the outermost block
    ends without an error (on an error the writes roll back, so there is nothing to tell)."""
    if getattr(_batch, "stations", None) is not None:  # nested: the outermost block sends
        yield
        return
    _batch.stations = set()
    try:
        yield
        stations = sorted(_batch.stations)
    finally:
        _batch.stations = None
    for station_id in stations:
        station_changed.send(sender=station_changes, station_id=station_id)


# --- model signals ----------------------------------------------------------------------------------------


def _station_of(instance) -> int | None:
    """The station a changed object belongs to (None when its owner is already gone)."""
    from .models import CrewMember, Module

    if hasattr(instance, "station_id"):
        return instance.station_id
    if hasattr(instance, "module_id"):
        return Module.objects.filter(pk=instance.module_id).values_list("station_id", flat=True).first()
    return CrewMember.objects.filter(pk=instance.crew_member_id).values_list("station_id", flat=True).first()


def _saved_or_deleted(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:  # loading a fixture: the rows may not all be there yet
        return
    station_id = _station_of(instance)
    if station_id is not None:
        station_changed_note(station_id=station_id)


def _members_changed(sender, instance, action: str, **kwargs) -> None:
    """An event's people or modules changed (from either side: both an event and a person have a station)."""
    if action in ("post_add", "post_remove", "post_clear"):
        station_changed_note(station_id=instance.station_id)


def model_signals_connect() -> None:
    """Wire the models whose changes schedules depend on (called once, from the app's `ready`)."""
    from .models import CrewMember, FreeWindow, Module, ModuleClosure, StationEvent

    for model in (Module, ModuleClosure, CrewMember, FreeWindow, StationEvent):
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"crew.station_changed.save.{model.__name__}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"crew.station_changed.delete.{model.__name__}")
    for through in (StationEvent.people.through, StationEvent.modules.through):
        m2m_changed.connect(_members_changed, sender=through, dispatch_uid=f"crew.station_changed.m2m.{through.__name__}")
