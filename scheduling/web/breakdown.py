"""Reads behind the printed breakdown: a breakdown sheet per scene and the element report, as pages and CSV.

A breakdown sheet is the industry's page per scene (number, heading, length in eighths, cast by number,
elements by category, sets, and here the orbit's needs); the element report says which scenes use each
element and on which shooting days the shown schedule version has them. A fixed number of queries, whatever
the number of scenes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from core.times import format_time

from ..breakdown_selectors import CastList, cast_list, elements_listing
from ..models import Element, Pin, Production, Scene, ScheduleVersion, Shoot
from ..scene_fields import ELEMENT_CATEGORIES, LIGHT_DAY, LIGHT_NIGHT, MOMENT_SUNRISE
from ..selectors import scenes_with_links

CATEGORY_LABELS = dict(ELEMENT_CATEGORIES)


def pages_from_eighths(eighths: int | None) -> str:
    """A length as scripts count it, in eighths of a page never reduced: 11 is "1 3/8 pages", 4 "4/8 page"."""
    if not eighths:
        return ""
    whole, rest = divmod(eighths, 8)
    number = " ".join(part for part in (str(whole) if whole else "", f"{rest}/8" if rest else "") if part)
    return f"{number} page{'s' if eighths > 8 else ''}"


def shooting_day(production: Production, moment: datetime) -> int:
    """Day 1, 2, ... of the stay: the UTC day the filming window starts in is day 1."""
    return (moment.date() - production.start.date()).days + 1


def shoot_words(production: Production, shoot: Shoot) -> str:
    return (
        f"Day {shooting_day(production, shoot.start)} · {shoot.start:%a %d %b %H:%M}–{shoot.end:%H:%M} UTC"
        f" in {shoot.module.name or shoot.module.code}"
    )


# --- breakdown sheets ---------------------------------------------------------------------------------------


@dataclass
class SheetElement:
    code: str
    name: str
    count: int
    quantity: int | None  # None: tracked, not limited

    def __str__(self) -> str:
        limit = f" (of {self.quantity})" if self.quantity is not None else ""
        return f"{self.count} × {self.name}{limit}"


@dataclass
class SheetCategory:
    category: str
    label: str
    elements: list[SheetElement] = field(default_factory=list)


@dataclass
class BreakdownSheet:
    scene: Scene
    number: str  # the script's scene number, else the scene's code
    heading: str  # the script's scene heading, or ""
    pages: str  # "1 3/8 pages", or ""
    cast: list[str]  # "1. ZHENYA — Yulia Peresild", in cast-number order; people not cast by name, after them
    categories: list[SheetCategory]  # only those the scene uses, in the spec's order
    modules: list[str]
    needs: list[str]  # light and orbit needs in words
    notes: list[str]
    shoot: str  # where the shown version has it, in words

    @property
    def eighths(self) -> int | None:
        return (self.scene.script or {}).get("eighths")


def _needs(scene: Scene) -> list[str]:
    needs = []
    if scene.light == LIGHT_DAY:
        needs.append("Orbital day: the whole shoot in sunlight")
    elif scene.light == LIGHT_NIGHT:
        needs.append("Orbital night: the whole shoot in Earth's shadow")
    if scene.over is not None:
        place = scene.over.name or scene.over.code
        needs.append(f"Earth view over {place}: the station in view of it (at least {scene.over.min_elevation:g}° up) for the whole shoot")
        if scene.ground == "day":
            needs.append(f"{place} in daylight")
        elif scene.ground == "night":
            needs.append(f"{place} at night, the Sun at least 6° below its horizon (city lights)")
    if scene.link is not None:
        place = scene.link.name or scene.link.code
        needs.append(f"Live link with {place}: the station in view of it for the whole shoot")
    if scene.moment:
        edge = "leaves" if scene.moment == MOMENT_SUNRISE else "enters"
        needs.append(f"Orbital {scene.moment} during the shoot: the station {edge} Earth's shadow")
    if scene.window or scene.over is not None:
        needs.append("A module with an Earth-facing window")
    return needs


def _notes(scene: Scene, pin: Pin | None) -> list[str]:
    notes = []
    if scene.required:
        notes.append("Required: the schedule is infeasible without it")
    notes.append(f"Priority {scene.priority}")
    after = [link.predecessor.code for link in scene.predecessor_links.all()]
    if after:
        notes.append(f"After scene{'s' if len(after) > 1 else ''} {', '.join(after)}")
    if scene.earliest:
        notes.append(f"Starts no earlier than {scene.earliest:%a %d %b %H:%M} UTC")
    if scene.latest:
        notes.append(f"Ends no later than {scene.latest:%a %d %b %H:%M} UTC")
    if pin is not None:
        notes.append(f"Pinned at {pin.start:%a %d %b %H:%M} UTC in {pin.module.name or pin.module.code}")
    if scene.shot:
        notes.append("Shot: frozen where the schedule has it")
    return notes


def _cast(scene: Scene, cast: CastList) -> list[str]:
    people = [link.crew_member for link in scene.scenecast_set.all()]
    people.sort(key=lambda member: cast.order(member.code))
    return [cast.label(member.code, member.name or member.code) for member in people]


def _categories(scene: Scene) -> list[SheetCategory]:
    categories = {value: SheetCategory(value, label) for value, label in ELEMENT_CATEGORIES}
    for link in scene.sceneelement_set.all():
        element = link.element
        categories[element.category].elements.append(SheetElement(element.code, element.name or element.code, link.count, element.quantity))
    return [category for category in categories.values() if category.elements]


def breakdown_sheets(*, production: Production, version: ScheduleVersion | None, scene: Scene | None = None) -> list[BreakdownSheet]:
    """The breakdown sheet of every scene in stripboard order (or of `scene` alone)."""
    scenes = scenes_with_links(production.scenes.order_by("position", "id"))
    if scene is not None:
        scenes = scenes.filter(pk=scene.pk)
    cast = cast_list(production=production)
    pins = {pin.scene_id: pin for pin in Pin.objects.filter(scene__production=production).select_related("module")}
    shoots = {shoot.scene_id: shoot for shoot in version.shoots.select_related("module")} if version else {}
    sheets = []
    for each in scenes:
        script = each.script or {}
        shoot = shoots.get(each.pk)
        if shoot is not None:
            where = shoot_words(production, shoot)
        else:
            where = f"Not scheduled in version {version.number}" if version else "Not scheduled yet"
        sheets.append(BreakdownSheet(
            scene=each, number=script.get("number") or each.code, heading=script.get("heading") or "",
            pages=pages_from_eighths(script.get("eighths")), cast=_cast(each, cast), categories=_categories(each),
            modules=[link.module.name or link.module.code for link in each.scenemodule_set.all()],
            needs=_needs(each), notes=_notes(each, pins.get(each.pk)), shoot=where,
        ))
    return sheets


SHEET_COLUMNS = (
    "scene", "number", "heading", "title", "pages", "eighths", "minutes", "cast",
    *(value for value, _ in ELEMENT_CATEGORIES), "modules", "needs", "notes", "shoot",
)


def breakdown_sheets_csv(sheets: list[BreakdownSheet]) -> str:
    """One row per scene; lists inside a cell are joined by "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SHEET_COLUMNS)
    for sheet in sheets:
        by_category = {category.category: "; ".join(map(str, category.elements)) for category in sheet.categories}
        writer.writerow([
            sheet.scene.code, sheet.number, sheet.heading, sheet.scene.title, sheet.pages, sheet.eighths or "",
            sheet.scene.minutes, "; ".join(sheet.cast), *(by_category.get(value, "") for value, _ in ELEMENT_CATEGORIES),
            "; ".join(sheet.modules), "; ".join(sheet.needs), "; ".join(sheet.notes), sheet.shoot,
        ])
    return out.getvalue()


# --- element report -----------------------------------------------------------------------------------------


@dataclass
class ElementScene:
    scene: Scene
    count: int
    shoot: Shoot | None
    day: int | None  # shooting day of the shoot


@dataclass
class ElementUse:
    element: Element
    scenes: list[ElementScene]  # scheduled ones in shooting order, then the rest in stripboard order

    @property
    def category(self) -> str:
        return CATEGORY_LABELS[self.element.category]

    @property
    def days(self) -> list[int]:
        return sorted({use.day for use in self.scenes if use.day is not None})

    @property
    def scheduled(self) -> int:
        return sum(1 for use in self.scenes if use.shoot is not None)


def element_report(*, production: Production, version: ScheduleVersion | None) -> list[ElementUse]:
    """Each element of the production with the scenes that list it and when the version shoots them."""
    shoots = {shoot.scene_id: shoot for shoot in version.shoots.select_related("module")} if version else {}
    report = []
    for element in elements_listing(production=production):
        uses = []
        for link in element.uses:
            shoot = shoots.get(link.scene_id)
            uses.append(ElementScene(link.scene, link.count, shoot, shooting_day(production, shoot.start) if shoot else None))
        scheduled = sorted((use for use in uses if use.shoot), key=lambda use: use.shoot.start)
        report.append(ElementUse(element, scheduled + [use for use in uses if use.shoot is None]))
    return report


REPORT_COLUMNS = ("element", "name", "category", "quantity", "scene", "title", "count", "day", "start", "end", "module")


def element_report_csv(report: list[ElementUse]) -> str:
    """One row per element and scene using it (an element no scene uses has one row without a scene)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for use in report:
        element = use.element
        head = [element.code, element.name, element.category, "" if element.quantity is None else element.quantity]
        if not use.scenes:
            writer.writerow(head + [""] * (len(REPORT_COLUMNS) - len(head)))
        for each in use.scenes:
            shoot = each.shoot
            when = [each.day, format_time(shoot.start), format_time(shoot.end), shoot.module.code] if shoot else ["", "", "", ""]
            writer.writerow(head + [each.scene.code, each.scene.title, each.count, *when])
    return out.getvalue()
