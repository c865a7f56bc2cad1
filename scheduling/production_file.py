"""Production files, format `orbitfilm/production@1`: parse, check every rule, normalise, and write back.

`production_file_parse` turns JSON or YAML text into a normalised document (every key present, times as
`YYYY-MM-DDTHH:MM:SSZ`) or raises `ProductionFileError` with every problem found, each naming its path:
`scenes[3].people[1]: unknown person "peresil"`. Nothing here touches the database, so a file is checked
whole before anything is written.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import yaml
from sgp4.api import Satrec

FORMAT = "orbitfilm/production@1"
LIGHTS = ("any", "day", "night")
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

TOP_KEYS = {"format", "production", "modules", "people", "events", "scenes", "pinned"}
PRODUCTION_KEYS = {"code", "title", "station", "start", "end", "tle"}
MODULE_KEYS = {"code", "name", "segment", "capacity", "window", "closed"}
CLOSURE_KEYS = {"start", "end", "reason"}
PERSON_KEYS = {"code", "name", "role", "max_minutes_per_day", "free"}
WINDOW_KEYS = {"start", "end"}
EVENT_KEYS = {"code", "title", "start", "end", "people", "modules"}
SCENE_KEYS = {
    "code", "title", "minutes", "people", "modules", "priority", "required",
    "earliest", "latest", "after", "light", "window",
}
PIN_KEYS = {"scene", "start", "module"}
MAX_INT = 2**31 - 1  # the largest whole number every supported database stores
MAX_CAPACITY = 2**15 - 1


class ProductionFileError(ValueError):
    """A production file that breaks the format; `errors` lists every problem with its path."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def format_time(moment: datetime) -> str:
    utc = moment.astimezone(timezone.utc)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z"  # strftime's %Y does not pad years before 1000


def parse_time(value: Any) -> datetime:
    """An ISO 8601 instant with a UTC offset, on a whole minute."""
    if isinstance(value, datetime):  # YAML loads unquoted timestamps as datetimes
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"not an ISO 8601 time: {value!r}") from None
    else:
        raise ValueError(f"must be an ISO 8601 time string, got {type(value).__name__}")
    if moment.tzinfo is None:
        raise ValueError(f"time {value!r} has no UTC offset (write it like 2021-10-05T16:00:00Z)")
    if moment.second or moment.microsecond:
        raise ValueError(f"time {value!r} is not on a whole minute")
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+05:00
        raise ValueError(f"time {value!r} is out of range") from None


def production_file_load(text: str | bytes, *, filename: str = "") -> Any:
    """Decode JSON or YAML (chosen by the file name, else by the first character)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProductionFileError([f"file: not UTF-8 text ({error.reason} at byte {error.start})"]) from None
    is_yaml = filename.lower().endswith((".yaml", ".yml")) or (
        not filename.lower().endswith(".json") and not text.lstrip().startswith(("{", "["))
    )
    if is_yaml:
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
            problem = getattr(error, "problem", None) or str(error)
            raise ProductionFileError([f"file: malformed YAML: {where}{problem}"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ProductionFileError(
            [f"file: malformed JSON: line {error.lineno} column {error.colno}: {error.msg}"]
        ) from None


def production_file_parse(text: str | bytes, *, filename: str = "") -> dict:
    return production_document_check(production_file_load(text, filename=filename))


def production_document_dump(document: dict, *, fmt: str = "json") -> str:
    if fmt == "yaml":
        return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def production_document_check(raw: Any) -> dict:
    """Check every rule of the format; return the normalised document or raise with every error."""
    checker = _Checker()
    document = checker.document(raw)
    if checker.errors:
        raise ProductionFileError(checker.errors)
    return document


class _Checker:
    """Walks a raw document, collecting errors by path instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    # --- shapes -------------------------------------------------------------------------------------------

    def mapping(self, value: Any, path: str, keys: set[str], required: set[str]) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, f"must be an object, got {_kind(value)}")
            return None
        for key in value:
            if key not in keys:
                self.error(f"{path}.{key}", "unknown key")
        for key in sorted(required - value.keys()):
            self.error(f"{path}.{key}", "is required")
        return value

    def items(self, value: Any, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, f"must be a list, got {_kind(value)}")
            return []
        return value

    def text(self, value: Any, path: str, *, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str):
            self.error(path, f"must be a string, got {_kind(value)}")
            return default
        return value

    def code(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not value:
            self.error(path, f"must be a non-empty string, got {_kind(value)}")
            return None
        if not SLUG.match(value) or len(value) > 64:
            self.error(path, f'"{value}" may hold only letters, digits, "-" and "_" (at most 64)')
            return None
        return value

    def flag(self, value: Any, path: str, *, default: bool = False) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(path, f"must be true or false, got {_kind(value)}")
            return default
        return value

    def positive(
        self, value: Any, path: str, *, nullable: bool = False, default: int | None = None, maximum: int = MAX_INT
    ) -> int | None:
        if value is None:
            if nullable or default is not None:
                return default
            self.error(path, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.error(path, f"must be a positive whole number, got {json.dumps(value, default=str)}")
            return None
        if value > maximum:  # the database's column would refuse it
            self.error(path, f"must be at most {maximum}, got {value}")
            return None
        return value

    def time(self, value: Any, path: str, *, nullable: bool = False) -> datetime | None:
        if value is None:
            if not nullable:
                self.error(path, "is required")
            return None
        try:
            return parse_time(value)
        except ValueError as error:
            self.error(path, str(error))
            return None

    def span(self, entry: dict, path: str) -> tuple[datetime, datetime] | None:
        """The [start, end) of an already shape-checked entry."""
        start = self.time(entry.get("start"), f"{path}.start")
        end = self.time(entry.get("end"), f"{path}.end")
        if start and end and end <= start:
            self.error(path, f"ends ({format_time(end)}) before or when it starts ({format_time(start)})")
            return None
        return (start, end) if start and end else None

    def spans(self, raw: Any, path: str, keys: set[str], what: str) -> list[tuple[int, dict, tuple[datetime, datetime]]]:
        """A list of spans that must not overlap one another."""
        spans = []
        for index, entry in enumerate(self.items(raw, path)):
            if self.mapping(entry, f"{path}[{index}]", keys, {"start", "end"}) is None:
                continue
            span = self.span(entry, f"{path}[{index}]")
            if span:
                spans.append((index, entry, span))
        ordered = sorted(spans, key=lambda item: item[2])
        for (index_a, _, (_, end_a)), (index_b, _, (start_b, _)) in zip(ordered, ordered[1:]):
            if start_b < end_a:
                self.error(f"{path}[{index_b}]", f"overlaps {what} {path}[{index_a}]")
        return spans

    def codes(self, raw: Any, path: str, known: dict, what: str, *, allow_all: bool) -> list[str] | str:
        if allow_all and raw == "all":
            return "all"
        if raw is None:
            return []
        if not isinstance(raw, list):
            expected = '"all" or a list' if allow_all else "a list"
            self.error(path, f"must be {expected}, got {_kind(raw)}")
            return []
        codes: list[str] = []
        for index, code in enumerate(raw):
            if not isinstance(code, str):
                self.error(f"{path}[{index}]", f"must be a {what} code string, got {_kind(code)}")
            elif code not in known:
                self.error(f"{path}[{index}]", f'unknown {what} "{code}"')
            elif code in codes:
                self.error(f"{path}[{index}]", f'{what} "{code}" is listed twice')
            else:
                codes.append(code)
        return codes

    def unique(self, code: str | None, path: str, seen: dict, what: str) -> None:
        if code is None:
            return
        if code in seen:
            self.error(path, f'duplicate {what} code "{code}" (first at {seen[code]})')
        else:
            seen[code] = path

    # --- the document -------------------------------------------------------------------------------------

    def document(self, raw: Any) -> dict:
        root = self.mapping(raw, "file", TOP_KEYS, {"format", "production", "modules", "people", "scenes"})
        if root is None:
            return {}
        if root.get("format") != FORMAT:
            self.error("format", f'must be "{FORMAT}", got {json.dumps(root.get("format"), default=str)}')
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
        scene_entries = self.items(root.get("scenes"), "scenes")
        scene_index = self.index_raw(scene_entries, "scenes", "scene")
        scenes = [
            self.scene(raw_scene, f"scenes[{i}]", person_index, module_index, scene_index, production)
            for i, raw_scene in enumerate(scene_entries)
        ]
        self.after_cycles(scenes)
        scenes_by_code = {scene["code"]: scene for scene in scenes if scene.get("code")}
        pinned = self.pins(root.get("pinned"), scenes_by_code, module_index, window)
        return {
            "format": FORMAT,
            "production": production,
            "modules": modules,
            "people": people,
            "events": events,
            "scenes": scenes,
            "pinned": pinned,
        }

    def index(self, entries: list[dict], path: str, what: str) -> dict:
        seen: dict[str, str] = {}
        for i, entry in enumerate(entries):
            self.unique(entry.get("code"), f"{path}[{i}].code", seen, what)
        return seen

    def index_raw(self, entries: list, path: str, what: str) -> dict:
        """Scene codes are needed before the scenes are checked, for `after`."""
        seen: dict[str, str] = {}
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get("code"), str):
                self.unique(entry["code"], f"{path}[{i}].code", seen, what)
        return seen

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
            "code": self.code(entry.get("code"), "production.code"),
            "title": self.text(entry.get("title"), "production.title"),
            "station": self.code(entry.get("station"), "production.station"),
            "start": format_time(start) if start else None,
            "end": format_time(end) if end else None,
            "tle": self.tle(entry.get("tle"), "production.tle"),
        }, window

    def tle(self, raw: Any, path: str) -> list[str] | None:
        if raw is None:
            return None
        if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(line, str) for line in raw)):
            self.error(path, "must be null or a list of the two TLE lines")
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
            "code": self.code(entry.get("code"), f"{path}.code"),
            "name": self.text(entry.get("name"), f"{path}.name"),
            "segment": self.text(entry.get("segment"), f"{path}.segment"),
            "capacity": self.positive(entry.get("capacity"), f"{path}.capacity", maximum=MAX_CAPACITY),
            "window": self.flag(entry.get("window"), f"{path}.window"),
            "closed": [
                {"start": format_time(start), "end": format_time(end),
                 "reason": self.text(closure.get("reason"), f"{path}.closed[{index}].reason")}
                for index, closure, (start, end) in self.spans(entry.get("closed"), f"{path}.closed", CLOSURE_KEYS, "closure")
            ],
        }

    def person(self, raw: Any, path: str) -> dict:
        entry = self.mapping(raw, path, PERSON_KEYS, {"code"})
        if entry is None:
            return {}
        return {
            "code": self.code(entry.get("code"), f"{path}.code"),
            "name": self.text(entry.get("name"), f"{path}.name"),
            "role": self.text(entry.get("role"), f"{path}.role"),
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
            "code": self.code(entry.get("code"), f"{path}.code"),
            "title": self.text(entry.get("title"), f"{path}.title"),
            "start": format_time(span[0]) if span else None,
            "end": format_time(span[1]) if span else None,
            "people": self.codes(entry.get("people"), f"{path}.people", people, "person", allow_all=True),
            "modules": self.codes(entry.get("modules"), f"{path}.modules", modules, "module", allow_all=True),
        }

    def scene(self, raw: Any, path: str, people: dict, modules: dict, scenes: dict, production: dict) -> dict:
        entry = self.mapping(raw, path, SCENE_KEYS, {"code", "minutes", "people", "modules"})
        if entry is None:
            return {}
        code = entry.get("code")
        if not isinstance(code, str) or not code or len(code) > 64:
            self.error(f"{path}.code", f"must be a non-empty string of at most 64 characters, got {_kind(code)}")
            code = None
        earliest = self.time(entry.get("earliest"), f"{path}.earliest", nullable=True)
        latest = self.time(entry.get("latest"), f"{path}.latest", nullable=True)
        if earliest and latest and latest <= earliest:
            self.error(path, f"latest ({format_time(latest)}) is not after earliest ({format_time(earliest)})")
        after = self.codes(entry.get("after"), f"{path}.after", scenes, "scene", allow_all=False)
        if code in after:
            self.error(f"{path}.after", f'scene "{code}" cannot come after itself')
        light = entry.get("light", "any")
        if light is None:
            light = "any"
        if light not in LIGHTS:
            self.error(f"{path}.light", f'must be "any", "day" or "night", got {json.dumps(light, default=str)}')
            light = "any"
        elif light != "any" and production and not production.get("tle"):
            self.error(f"{path}.light", f'"{light}" needs the station\'s orbit: production.tle is missing')
        module_codes = self.codes(entry.get("modules"), f"{path}.modules", modules, "module", allow_all=False)
        if "modules" in entry and isinstance(entry.get("modules"), list) and not entry["modules"]:
            self.error(f"{path}.modules", "must name at least one module")
        return {
            "code": code,
            "title": self.text(entry.get("title"), f"{path}.title"),
            "minutes": self.positive(entry.get("minutes"), f"{path}.minutes"),
            "people": self.codes(entry.get("people"), f"{path}.people", people, "person", allow_all=False),
            "modules": module_codes,
            "priority": self.positive(entry.get("priority"), f"{path}.priority", default=1),
            "required": self.flag(entry.get("required"), f"{path}.required"),
            "earliest": format_time(earliest) if earliest else None,
            "latest": format_time(latest) if latest else None,
            "after": after,
            "light": light,
            "window": self.flag(entry.get("window"), f"{path}.window"),
        }

    def after_cycles(self, scenes: list[dict]) -> None:
        """`after` must not loop: a scene cannot (even indirectly) come after itself."""
        graph = {scene["code"]: scene.get("after", []) for scene in scenes if scene.get("code")}
        paths = {scene["code"]: f"scenes[{i}]" for i, scene in enumerate(scenes) if scene.get("code")}
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[frozenset] = set()

        def visit(code: str, trail: list[str]) -> None:
            state[code] = 1
            trail.append(code)
            for predecessor in graph.get(code, []):
                if state.get(predecessor) == 1:
                    cycle = trail[trail.index(predecessor):] + [predecessor]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        self.error(f"{paths[predecessor]}.after", "cycle in after: " + " → ".join(reversed(cycle)))
                elif predecessor in graph and state.get(predecessor) is None:
                    visit(predecessor, trail)
            trail.pop()
            state[code] = 2

        for code in graph:
            if code not in state:
                visit(code, [])

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
                self.error(f"{path}.scene", f"unknown scene {json.dumps(scene_code, default=str)}")
            else:
                self.unique(scene_code, f"{path}.scene", pinned_scenes, "pinned scene")
            if not isinstance(module_code, str) or module_code not in modules:
                self.error(f"{path}.module", f"unknown module {json.dumps(module_code, default=str)}")
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


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
