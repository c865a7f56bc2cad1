"""Writes to a production's breakdown: its elements (props, wardrobe, cameras...) and its casting.

Each change is applied to the production's document and the document is checked whole with the production
file's rules, as `services.scene_save` does, so the web pages, the API and the admin refuse exactly what an
imported file would, in the file's words. Paths are relative to the element being written (`category: must
be ...`) or to the casting list (`[1].person: unknown person "x"`); faults elsewhere keep their whole path
(`scenes[4].elements[0].count: 2 of "cam-a", but the production has 1`). Nothing is written unless the whole
production stays valid.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from core.errors import InUse

from .models import Casting, Element, Production, Scene
from .production_file import ProductionFileError
from .services import _checked_with, _checked_with_entry

ELEMENT_COLUMNS = ("code", "name", "category", "quantity")  # an `elements` entry's keys, stored as columns


def _element_renamed(document: dict, old: str, new) -> None:
    """Scenes follow an element that changes its code."""
    if not isinstance(new, str) or new == old:
        return
    for scene in document["scenes"]:
        for item in scene.get("elements", ()):
            if item["element"] == old:
                item["element"] = new


def element_checked(*, production: Production, entry: dict, code: str | None = None) -> dict:
    """`entry` as the production file's checker normalises it, if the production stays valid with it added
    (code None) or in place of element `code`; otherwise the checker's errors (see the module's docstring)."""
    document, index = _checked_with_entry(
        production, key="elements", noun="element", entry=entry, code=code,
        follow_rename=lambda document, _: _element_renamed(
            document, code, entry.get("code") if isinstance(entry, dict) else None
        ),
    )
    return document["elements"][index]


@transaction.atomic
def element_save(*, production: Production, entry: dict, code: str | None = None) -> Element:
    """Add an element (code None) or replace element `code` with `entry` (a production file's `elements`
    entry). Renaming it renames it in every scene that lists it: scenes refer to the row, not the code."""
    checked = element_checked(production=production, entry=entry, code=code)
    element = Element.objects.filter(production=production, code=code).first() if code is not None else None
    if element is None:
        last = production.elements.aggregate(last=Max("position"))["last"]
        element = Element(production=production, position=0 if last is None else last + 1)
    for name in ELEMENT_COLUMNS:
        setattr(element, name, checked[name])
    element.save()
    return element


def element_delete(*, element: Element) -> None:
    """Delete an element no scene lists; while scenes do, refused, naming them."""
    users = list(
        Scene.objects.filter(sceneelement__element=element).order_by("position", "id").values_list("code", flat=True)
    )
    if users:
        scenes = f"scene {users[0]} uses" if len(users) == 1 else f"scenes {', '.join(users)} use"
        raise InUse(f"element {element.code} cannot be deleted: {scenes} it; take it out of them first")
    element.delete()


def casting_checked(*, production: Production, entries: list) -> list[dict]:
    """`entries` (a production file's `casting` list: `{"character", "person"}`, the person one of the
    production's people) as the checker normalises them, if they may be the production's whole casting."""

    def apply(document: dict) -> None:
        document["casting"] = entries

    try:
        return _checked_with(production, apply)["casting"]
    except ProductionFileError as error:
        raise error.relative_to("casting") from None


@transaction.atomic
def casting_replace(*, production: Production, entries: list) -> list[Casting]:
    """Make `entries` the production's whole casting (see `casting_checked`), in that order: the order gives
    the cast numbers."""
    checked = casting_checked(production=production, entries=entries)
    people = {member.code: member for member in production.roster.all()}
    Casting.objects.filter(production=production).delete()
    return Casting.objects.bulk_create(
        Casting(production=production, character=cast["character"], person=people[cast["person"]], position=position)
        for position, cast in enumerate(checked)
    )
