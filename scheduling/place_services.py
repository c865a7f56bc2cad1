"""Writes to a production's places: the points on Earth its orbit-aware scenes look at (`over`) or talk to
(`link`). Each change is applied to the production's document and checked whole, as an imported file is, so a
place obeys exactly the production file's rules and errors name their path within the place (`lat: ...`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from core.errors import InUse

from .models import Place, Production, Scene
from .services import _checked_with_entry


class PlaceInUse(InUse):
    """A place that scenes still look at or link to cannot be deleted (the message names them)."""


@transaction.atomic
def place_save(*, production: Production, entry: dict, code: str | None = None) -> Place:
    """Add a place (code None) or replace place `code` with `entry` (a production-file place object).

    A renamed place is followed by the scenes that name it in `over` or `link`.
    """

    def follow_rename(document: dict, index: int) -> None:
        renamed = entry.get("code") if isinstance(entry, dict) else None
        if renamed != code:
            for scene in document["scenes"]:
                for name in ("over", "link"):
                    if scene.get(name) == code:
                        scene[name] = renamed

    document, index = _checked_with_entry(
        production, key="places", noun="place", entry=entry, code=code, follow_rename=follow_rename
    )
    checked = document["places"][index]
    place = Place.objects.filter(production=production, code=code).first() if code else None
    if place is None:
        return Place.objects.create(production=production, position=index, **checked)
    for name, value in checked.items():
        setattr(place, name, value)
    place.save()
    return place


@transaction.atomic
def place_delete(*, place: Place) -> None:
    """Delete a place unless a scene looks at it or links to it."""
    users = list(
        Scene.objects.filter(production=place.production_id)
        .filter(Q(over=place) | Q(link=place)).order_by("position", "id").values_list("code", flat=True)
    )
    if users:
        raise PlaceInUse(
            f"place {place.code} cannot be deleted: scenes {', '.join(users)} look at it or link to it; "
            f'take it out of their "over" and "link" first'
        )
    place.delete()

