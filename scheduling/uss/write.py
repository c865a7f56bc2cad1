"""A production's breakdown and schedule as a Universal Schedule Standard document. Pure Python: the production
comes in as its production-file document, the schedule as its shooting days.

Scenes are breakdowns (the scene code as the scene number, the title as the description, minutes as the
duration, eighths as pages); a scene's needs are its elements: its heading's INT/EXT, set and day/night, its
modules (category Location), the characters its people play (Cast Members, numbered as the casting lists
them, each linked to the crew member who plays it), its people (Station crew) and its props, wardrobe,
equipment... The schedule is one stripboard: its UTC days as day breaks in shooting order, unscheduled scenes
in the boneyard, and a calendar that starts on the first shooting day and takes the days without shoots off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from ..screenplay.breakdown import heading_parts
from .standard import (
    CAST,
    CATEGORY_UCIDS,
    CREW,
    DAY_NIGHT,
    DROP_DAY_COUNT,
    EIGHTHS_PER_PAGE,
    INT_EXT,
    LOCATION,
    MS_PER_MINUTE,
    ROLE_UCIDS,
    ROOT,
    SCENE,
    SET,
    SOURCE,
    USS_VERSION,
    object_id,
    uss_date,
)


@dataclass(frozen=True)
class ShootingDays:
    """A published schedule version as the standard sees it: which scenes are shot on which UTC day."""

    number: int
    published: datetime
    days: tuple[tuple[date, tuple[str, ...]], ...]  # in order, each day's scene codes in shooting order


@dataclass(frozen=True)
class ExportInfo:
    created: datetime  # when the production was created: the date every breakdown object carries
    author: str | None  # the director's name


def uss_document(document: dict, *, info: ExportInfo, schedule: ShootingDays | None) -> dict:
    """The `universalScheduleStandard` document of a production-file `document` and its schedule."""
    return _Writer(document, info).build(schedule)


class _Writer:
    def __init__(self, document: dict, info: ExportInfo):
        self.production = document["production"]
        self.document = document
        self.created = uss_date(info.created)
        self.author = info.author
        self.elements: dict[str, dict] = {}  # by id, in the order the file lists them

    def id(self, kind: str, key: str = "") -> str:
        return object_id(self.production["code"], kind, key)

    def build(self, schedule: ShootingDays | None) -> dict:
        categories = self.categories()
        self.station_elements()
        breakdowns = [self.breakdown(scene) for scene in self.document["scenes"]]
        title = self.production["title"] or self.production["code"]
        name = f"{title}: schedule version {schedule.number}" if schedule else f"{title}: breakdown"
        header = {
            "id": self.id("production"),
            "author": self.author,
            "company": None,
            "created": uss_date(schedule.published) if schedule else self.created,
            "description": f"Exported by {SOURCE} from production {self.production['code']} "
                           f"aboard {self.production['station']}",
            "episode": None,
            "episodeName": None,
            "name": name,
            "project": title,
            "schedColor": None,
            "schedDate": uss_date(schedule.published) if schedule else None,
            "scriptColor": None,
            "scriptDate": None,
            "season": None,
            "source": SOURCE,
            "ussVersion": USS_VERSION,
        }
        stripboards, calendars = self.schedule(schedule) if schedule else ([], [])
        return {ROOT: {
            **header,
            "breakdowns": breakdowns,
            "categories": categories,
            "elements": list(self.elements.values()),
            "stripboards": stripboards,
            "calendars": calendars,
        }}

    # --- categories and elements -------------------------------------------------------------------------

    def categories(self) -> list[dict]:
        numbered = [*ROLE_UCIDS.items(), *CATEGORY_UCIDS.items()]
        return [
            {"id": self.id("category", role), "created": self.created, "name": name, "ucid": ucid}
            for role, (ucid, name) in numbered
        ]

    def element(self, category: str, key: str, name: str, *, element_id: str | None = None,
                linked: tuple[str, ...] = ()) -> str:
        """The id of an element, listed once however many breakdowns name it. Ours keep their id when their
        category changes: their codes are unique in the production."""
        identifier = self.id(f"element/{category if category in ROLE_UCIDS else 'thing'}", key)
        self.elements.setdefault(identifier, {
            "id": identifier,
            "category": self.id("category", category),
            "created": self.created,
            "daysOff": [],
            "dropDayCount": DROP_DAY_COUNT,
            "elementId": element_id,
            "events": [],
            "isDood": True,
            "isDrop": True,
            "isHold": True,
            "isIdLock": False,
            "linkedElements": list(linked),
            "name": name,
        })
        return identifier

    def station_elements(self) -> None:
        """Every module, character, crew member and element of the production, used by a scene or not, so an
        importer learns the whole cast and the whole station."""
        for module in self.document["modules"]:
            self.module(module["code"])
        for cast in self.document.get("casting", []):
            self.cast(cast["character"])
        for person in self.document["people"]:
            self.crew(person["code"])
        for element in self.document.get("elements", []):
            self.element(element["category"], element["code"], element["name"] or element["code"], element_id=element["code"])

    def module(self, code: str) -> str:
        module = next(module for module in self.document["modules"] if module["code"] == code)
        return self.element(LOCATION, code, module["name"] or code, element_id=code)

    def crew(self, code: str) -> str:
        person = next(person for person in self.document["people"] if person["code"] == code)
        return self.element(CREW, code, person["name"] or code, element_id=code)

    def cast(self, character: str) -> str:
        casting = self.document.get("casting", [])
        number = next(index for index, cast in enumerate(casting, start=1) if cast["character"] == character)
        return self.element(CAST, character, character, element_id=str(number),
                            linked=(self.crew(casting[number - 1]["person"]),))

    # --- breakdowns --------------------------------------------------------------------------------------

    def breakdown(self, scene: dict) -> dict:
        script = scene.get("script") or {}
        eighths = script.get("eighths")
        return {
            "id": self.id("scene", scene["code"]),
            "bannerText": None,
            "comments": _orbit_needs(scene, self.document.get("places", [])),
            "created": self.created,
            "description": scene["title"] or None,
            "elements": self.scene_elements(scene, script.get("heading")),
            "pages": eighths / EIGHTHS_PER_PAGE if eighths else None,
            "scene": scene["code"],
            "scriptPage": None,
            "duration": scene["minutes"] * MS_PER_MINUTE,
            "type": SCENE,
        }

    def scene_elements(self, scene: dict, heading: str | None) -> list[str]:
        elements = self.heading_elements(heading) if heading else []
        elements += [self.module(code) for code in scene["modules"]]
        elements += [self.crew(code) for code in scene["people"]]
        elements += [
            self.cast(cast["character"]) for cast in self.document.get("casting", []) if cast["person"] in scene["people"]
        ]
        categories = {element["code"]: element for element in self.document.get("elements", [])}
        elements += [
            self.element(categories[item["element"]]["category"], item["element"],
                         categories[item["element"]]["name"] or item["element"], element_id=item["element"])
            for item in scene.get("elements", [])
        ]
        return elements

    def heading_elements(self, heading: str) -> list[str]:
        """A heading as the standard breaks it down: `INT. NAUKA - NIGHT` is INT/EXT "INT", set "NAUKA" and
        day/night "NIGHT"."""
        place, story_time = heading_parts(heading)
        before_place = heading.find(place) if place else -1
        interior = heading[:before_place].strip().rstrip(".").strip() if before_place > 0 else ""
        parts = [(INT_EXT, interior), (SET, place or heading.strip()), (DAY_NIGHT, story_time)]
        return [self.element(role, name, name) for role, name in parts if name]

    # --- the schedule ------------------------------------------------------------------------------------

    def schedule(self, schedule: ShootingDays) -> tuple[list[dict], list[dict]]:
        scheduled = {code for _, codes in schedule.days for code in codes}
        boneyard = [self.id("scene", scene["code"]) for scene in self.document["scenes"] if scene["code"] not in scheduled]
        key = str(schedule.number)
        stripboard = {
            "id": self.id("stripboard", key),
            "boards": [
                {"id": self.id("board/stripboard", key), "name": "stripboard",
                 "breakdownIds": [[self.id("scene", code) for code in codes] for _, codes in schedule.days]},
                {"id": self.id("board/boneyard", key), "name": "boneyard", "breakdownIds": boneyard},
            ],
            "calendar": self.id("calendar", key),
            "name": f"Schedule version {schedule.number}",
        }
        return [stripboard], [self.calendar(schedule)]

    def calendar(self, schedule: ShootingDays) -> dict:
        """Shooting days follow one another from the start; a day of the stay without shoots is a day off,
        so each day break falls on its own date."""
        days = [day for day, _ in schedule.days]
        first = days[0] if days else datetime.fromisoformat(self.production["start"]).date()
        events = [{"id": self.id("event/start", str(schedule.number)), "date": _midnight(first), "type": "start", "name": None}]
        shooting = set(days)
        day = first
        while days and day < days[-1]:
            if day not in shooting:
                events.append({"id": self.id("event/day-off", f"{schedule.number}/{day}"), "date": _midnight(day),
                               "type": "dayOff", "name": "dayOff"})
            day += timedelta(days=1)
        return {
            "id": self.id("calendar", str(schedule.number)),
            "daysOff": [],  # the station films any day of the week
            "events": events,
            "name": f"{self.production['station']} stay from {self.production['start'][:10]} to {self.production['end'][:10]}",
        }


def _midnight(day: date) -> str:
    return uss_date(datetime.combine(day, time(), tzinfo=timezone.utc))


def _orbit_needs(scene: dict, places: list[dict]) -> str | None:
    """What the standard has no key for but a crew reading the breakdown should know, as a comment."""
    names = {place["code"]: place["name"] or place["code"] for place in places}
    needs = []
    if scene.get("light", "any") != "any":
        needs.append(f"orbital {scene['light']}")
    if scene.get("window"):
        needs.append("an Earth-facing window")
    if scene.get("over"):
        ground = scene.get("ground", "any")
        needs.append(f"Earth view over {names.get(scene['over'], scene['over'])}" + (f" by {ground}" if ground != "any" else ""))
    if scene.get("link"):
        needs.append(f"live link with {names.get(scene['link'], scene['link'])}")
    if scene.get("moment"):
        needs.append(f"an orbital {scene['moment']} during the shoot")
    return "Needs " + "; ".join(needs) + "." if needs else None
