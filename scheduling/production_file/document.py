"""The production file as a whole: the production, the station's modules, people and events, the scenes
(`scenes`) and the pins, with the cross-references between them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sgp4.api import Satrec

from core.times import format_time

from ..scene_fields import TITLE_LENGTH
from .additions import casting_check, elements_check, places_check
from .scenes import after_cycles_check, scene_check
from .shapes import Shapes, shown

FORMAT = "orbitfilm/production@1"
TOP_KEYS = {"format", "production", "modules", "people", "events", "places", "elements", "casting", "scenes", "pinned"}
PRODUCTION_KEYS = {"code", "title", "station", "start", "end", "tle"}
MODULE_KEYS = {"code", "name", "segment", "capacity", "window", "closed"}
CLOSURE_KEYS = {"start", "end", "reason"}
PERSON_KEYS = {"code", "name", "role", "max_minutes_per_day", "free"}
WINDOW_KEYS = {"start", "end"}
EVENT_KEYS = {"code", "title", "start", "end", "people", "modules"}
PIN_KEYS = {"scene", "start", "module"}
MAX_CAPACITY = 2**15 - 1
NAME_LENGTH = 200  # module and person names
LABEL_LENGTH = 64  # module segments and person roles
MAX_SCENES = 10_000  # per production: the stripboard, the solver and every export stay responsive below it


def production_document_check(raw: Any) -> dict:
    """Check every rule of the format; return the normalised document or raise with every error."""
    checker = _DocumentChecker()
    document = checker.document(raw)
    checker.raise_if_any()
    return document


class _DocumentChecker(Shapes):
    def document(self, raw: Any) -> dict:
        root = self.mapping(raw, "file", TOP_KEYS, {"format", "production", "modules", "people", "scenes"})
        if root is None:
            return {}
        if root.get("format") != FORMAT:
            self.error("format", f'must be "{FORMAT}", got {shown(root.get("format"), json_style=True)}')
        production, window = self.production(root.get("production"))
        modules = [self.module(raw_module, f"modules[{i}]") for i, raw_module in enumerate(self.items(root.get("modules"), "modules"))]
        module_index = self.index(modules, "modules", "module")
        people = [self.person(raw_person, f"people[{i}]") for i, raw_person in enumerate(self.items(root.get("people"), "people"))]
        person_index = self.index(people, "people", "person")
        events = [
            self.event(raw_event, f"events[{i}]", person_index, module_index)
            for i, raw_event in enumerate(self.items(root.get("events"), "events"))
        ]
        self.index(events, "events", "event")
        places = places_check(self, root.get("places"))
        place_index = self.index(places, "places", "place")
        elements = elements_check(self, root.get("elements"))
        self.index(elements, "elements", "element")
        casting = casting_check(self, root.get("casting"), person_index)
        scene_entries = self.items(root.get("scenes"), "scenes")
        if len(scene_entries) > MAX_SCENES:
            self.error("scenes", f"{len(scene_entries)} scenes; a production may have at most {MAX_SCENES}")
            scene_entries = []
        scene_index = self.index_raw(scene_entries, "scenes", "scene")
        known = {
            "person": person_index, "module": module_index, "scene": scene_index, "place": place_index,
            "element": {element["code"]: element for element in elements if element.get("code")},
        }
        scenes = [scene_check(self, raw_scene, f"scenes[{i}]", known, production) for i, raw_scene in enumerate(scene_entries)]
        after_cycles_check(self, scenes)
        scenes_by_code = {scene["code"]: scene for scene in scenes if scene.get("code")}
        pinned = self.pins(root.get("pinned"), scenes_by_code, module_index, window)
        return {
            "format": FORMAT,
            "production": production,
            "modules": modules,
            "people": people,
            "events": events,
            "places": places,
            "elements": elements,
            "casting": casting,
            "scenes": scenes,
            "pinned": pinned,
        }

    def production(self, raw: Any) -> tuple[dict, tuple[datetime, datetime] | None]:
        entry = self.mapping(raw, "production", PRODUCTION_KEYS, {"code", "station", "start", "end"})
        if entry is None:
            return {}, None
        start = self.time(entry.get("start"), "production.start")
        end = self.time(entry.get("end"), "production.end")
        window = None
        if start and end:
            if end <= start:
                self.error("production", f"filming window ends ({format_time(end)}) before it starts ({format_time(start)})")
            else:
                window = (start, end)
        return {
            "code": self.slug(entry.get("code"), "production.code"),
            "title": self.text(entry.get("title"), "production.title", maximum=TITLE_LENGTH),
            "station": self.slug(entry.get("station"), "production.station"),
            "start": format_time(start) if start else None,
            "end": format_time(end) if end else None,
            "tle": self.tle(entry.get("tle"), "production.tle"),
        }, window

    def tle(self, raw: Any, path: str) -> list[str] | None:
        if raw is None:
            return None
        if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(line, str) and len(line) <= 80 for line in raw)):
            self.error(path, "must be null or a list of the two TLE lines (at most 80 characters each)")
            return None
        line1, line2 = (line.rstrip() for line in raw)
        if not (line1.startswith("1 ") and line2.startswith("2 ")):
            self.error(path, 'the lines must start with "1 " and "2 "')
            return None
        try:
            satellite = Satrec.twoline2rv(line1, line2)
        except (ValueError, IndexError) as error:
            self.error(path, f"not a valid two-line element set: {error}")
            return None
        if satellite.error:
            self.error(path, f"not a valid two-line element set (sgp4 error {satellite.error})")
            return None
        return [line1, line2]

    def module(self, raw: Any, path: str) -> dict:
        entry = self.mapping(raw, path, MODULE_KEYS, {"code", "capacity"})
        if entry is None:
            return {}
        return {
            "code": self.slug(entry.get("code"), f"{path}.code"),
            "name": self.text(entry.get("name"), f"{path}.name", maximum=NAME_LENGTH),
            "segment": self.text(entry.get("segment"), f"{path}.segment", maximum=LABEL_LENGTH),
            "capacity": self.positive(entry.get("capacity"), f"{path}.capacity", maximum=MAX_CAPACITY),
            "window": self.flag(entry.get("window"), f"{path}.window"),
            "closed": [
                {"start": format_time(start), "end": format_time(end),
                 "reason": self.text(closure.get("reason"), f"{path}.closed[{index}].reason", maximum=TITLE_LENGTH)}
                for index, closure, (start, end) in self.spans(entry.get("closed"), f"{path}.closed", CLOSURE_KEYS, "closure")
            ],
        }

    def person(self, raw: Any, path: str) -> dict:
        entry = self.mapping(raw, path, PERSON_KEYS, {"code"})
        if entry is None:
            return {}
        return {
            "code": self.slug(entry.get("code"), f"{path}.code"),
            "name": self.text(entry.get("name"), f"{path}.name", maximum=NAME_LENGTH),
            "role": self.text(entry.get("role"), f"{path}.role", maximum=LABEL_LENGTH),
            "max_minutes_per_day": self.positive(entry.get("max_minutes_per_day"), f"{path}.max_minutes_per_day", nullable=True),
            "free": [
                {"start": format_time(start), "end": format_time(end)}
                for _, _, (start, end) in self.spans(entry.get("free"), f"{path}.free", WINDOW_KEYS, "free window")
            ],
        }

    def event(self, raw: Any, path: str, people: dict, modules: dict) -> dict:
        entry = self.mapping(raw, path, EVENT_KEYS, {"code", "start", "end"})
        if entry is None:
            return {}
        span = self.span(entry, path)
        return {
            "code": self.slug(entry.get("code"), f"{path}.code"),
            "title": self.text(entry.get("title"), f"{path}.title", maximum=TITLE_LENGTH),
            "start": format_time(span[0]) if span else None,
            "end": format_time(span[1]) if span else None,
            "people": self.codes(entry.get("people"), f"{path}.people", people, "person", allow_all=True),
            "modules": self.codes(entry.get("modules"), f"{path}.modules", modules, "module", allow_all=True),
        }

    def pins(self, raw: Any, scenes: dict[str, dict], modules: dict, window: tuple | None) -> list[dict]:
        pins = []
        pinned_scenes: dict[str, str] = {}
        for index, raw_pin in enumerate(self.items(raw, "pinned")):
            path = f"pinned[{index}]"
            entry = self.mapping(raw_pin, path, PIN_KEYS, {"scene", "start", "module"})
            if entry is None:
                continue
            scene_code, module_code = entry.get("scene"), entry.get("module")
            start = self.time(entry.get("start"), f"{path}.start")
            scene = scenes.get(scene_code) if isinstance(scene_code, str) else None
            if scene is None:
                self.error(f"{path}.scene", f"unknown scene {shown(scene_code, json_style=True)}")
            else:
                self.unique(scene_code, f"{path}.scene", pinned_scenes, "pinned scene")
            if not isinstance(module_code, str) or module_code not in modules:
                self.error(f"{path}.module", f"unknown module {shown(module_code, json_style=True)}")
            elif scene is not None and module_code not in scene["modules"]:
                allowed = ", ".join(scene["modules"]) or "none"
                self.error(f"{path}.module", f'"{module_code}" is not among scene {scene_code}\'s modules ({allowed})')
            if start and window and scene and scene.get("minutes"):
                try:
                    end = start + timedelta(minutes=scene["minutes"])
                except OverflowError:  # past the year 9999: certainly outside the window
                    end = datetime.max.replace(tzinfo=timezone.utc)
                if start < window[0] or end > window[1]:
                    self.error(f"{path}.start", f"the {scene['minutes']}-minute shoot from {format_time(start)} does not lie inside the filming window")
            pins.append({"scene": scene_code, "start": format_time(start) if start else None, "module": module_code})
        return pins
