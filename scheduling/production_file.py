"""Production files, format `orbitfilm/production@1`: parse, check every rule, normalise, and write back.

`production_file_parse` turns JSON or YAML text into a normalised document (every key present, times as
`YYYY-MM-DDTHH:MM:SSZ`) or raises `ProductionFileError` with every problem found, each a `Fault` naming its
path: `scenes[3].people[1]: unknown person "peresil"`. Nothing here touches the database, so a file is checked
whole before anything is written.

Scenes are checked field by field from their one definition, `scene_fields.SCENE_FIELDS`; the rules that tie
fields or entries together (cross-references, order, overlaps) are the code below.

Hostile input is bounded before it costs anything: YAML aliases are refused (each level of nested aliases
multiplies the document), nesting deeper than `core.payloads.MAX_DEPTH` is refused, a file may hold at most
`MAX_SCENES` scenes, texts have the lengths the database stores, `after` cycles are found without recursion,
and at most `MAX_FAULTS` problems are listed, each quoting at most a few dozen characters of the value.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import yaml
from sgp4.api import Satrec

from core.errors import DomainError, Fault
from core.payloads import MAX_DEPTH, json_too_deep
from core.times import TimeFormatError, format_time, parse_time

from .scene_fields import (
    CODE_LENGTH,
    LIGHT_ANY,
    MAX_INT,
    SCENE_FIELDS,
    SCENE_KEYS,
    SCENE_REQUIRED,
    TITLE_LENGTH,
    SceneField,
    scene_code_problem,
)

FORMAT = "orbitfilm/production@1"
SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")

TOP_KEYS = {"format", "production", "modules", "people", "events", "scenes", "pinned"}
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
MAX_FAULTS = 100  # problems listed in one error; the rest are counted


class ProductionFileError(DomainError):
    """A production file (or a change to a production) that breaks the format; every fault has its path."""


def production_file_load(text: str | bytes, *, filename: str = "") -> Any:
    """Decode JSON or YAML (chosen by the file name, else by the first character)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProductionFileError(f"not UTF-8 text ({error.reason} at byte {error.start})", path="file") from None
    is_yaml = filename.lower().endswith((".yaml", ".yml")) or (
        not filename.lower().endswith(".json") and not text.lstrip().startswith(("{", "["))
    )
    too_deep = ProductionFileError(f"nested more than {MAX_DEPTH} levels deep; a production file needs five", path="file")
    if is_yaml:
        try:
            return yaml.load(text, Loader=_YamlLoader)  # noqa: S506 - a SafeLoader without aliases
        except RecursionError:
            raise too_deep from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
            problem = getattr(error, "problem", None) or str(error)
            raise ProductionFileError(f"malformed YAML: {where}{problem}", path="file") from None
    if json_too_deep(text):
        raise too_deep
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ProductionFileError(
            f"malformed JSON: line {error.lineno} column {error.colno}: {error.msg}", path="file"
        ) from None


class _YamlLoader(yaml.SafeLoader):
    """YAML's safe subset without aliases: a few bytes of nested aliases expand to gigabytes, and a production
    file never needs them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in production files; write the value out", mark
            )
        return super().compose_node(parent, index)


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
    checker.raise_if_any()
    return document


class _Checker:
    """Walks a raw document, collecting faults by path instead of stopping at the first."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.more = 0

    def error(self, path: str, message: str) -> None:
        if len(self.faults) < MAX_FAULTS:
            self.faults.append(Fault(path, message))
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.more:
            self.faults.append(Fault("file", f"... and {self.more} more problems"))
        if self.faults:
            raise ProductionFileError(faults=self.faults)

    # --- shapes -------------------------------------------------------------------------------------------

    def mapping(self, value: Any, path: str, keys: set[str] | frozenset[str], required: set[str] | frozenset[str]) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, f"must be an object, got {_kind(value)}")
            return None
        for key in value:
            if key not in keys:
                self.error(f"{path}.{_shown_key(key)}", "unknown key")
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

    def text(self, value: Any, path: str, *, maximum: int, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str):
            self.error(path, f"must be a string, got {_kind(value)}")
            return default
        if len(value) > maximum:
            self.error(path, f"must be at most {maximum} characters, got {len(value)}")
            return default
        return value

    def slug(self, value: Any, path: str) -> str | None:
        """A station, module or person code: letters, digits, "-" and "_"."""
        if not isinstance(value, str) or not value:
            self.error(path, f"must be a non-empty string, got {_kind(value)}")
            return None
        if not SLUG_CHARACTERS.issuperset(value) or len(value) > CODE_LENGTH:
            self.error(path, f'{_kind(value)} may hold only letters, digits, "-" and "_" (at most {CODE_LENGTH})')
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
            self.error(path, f"must be a positive whole number, got {_kind(value, json_style=True)}")
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
        except TimeFormatError as error:
            self.error(path, error.message)
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
                self.error(f"{path}[{index}]", f"unknown {what} {_kind(code)}")
            elif code in codes:
                self.error(f"{path}[{index}]", f"{what} {_kind(code)} is listed twice")
            else:
                codes.append(code)
        return codes

    def unique(self, code: str | None, path: str, seen: dict, what: str) -> None:
        if code is None:
            return
        if code in seen:
            self.error(path, f"duplicate {what} code {_kind(code)} (first at {seen[code]})")
        else:
            seen[code] = path

    # --- the document -------------------------------------------------------------------------------------

    def document(self, raw: Any) -> dict:
        root = self.mapping(raw, "file", TOP_KEYS, {"format", "production", "modules", "people", "scenes"})
        if root is None:
            return {}
        if root.get("format") != FORMAT:
            self.error("format", f'must be "{FORMAT}", got {_kind(root.get("format"), json_style=True)}')
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
        if len(scene_entries) > MAX_SCENES:
            self.error("scenes", f"{len(scene_entries)} scenes; a production may have at most {MAX_SCENES}")
            scene_entries = []
        scene_index = self.index_raw(scene_entries, "scenes", "scene")
        known = {"person": person_index, "module": module_index, "scene": scene_index}
        scenes = [self.scene(raw_scene, f"scenes[{i}]", known, production) for i, raw_scene in enumerate(scene_entries)]
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

    # --- scenes -------------------------------------------------------------------------------------------

    def scene(self, raw: Any, path: str, known: dict[str, dict], production: dict) -> dict:
        entry = self.mapping(raw, path, SCENE_KEYS, SCENE_REQUIRED)
        if entry is None:
            return {}
        scene = {
            field.name: self.scene_value(field, entry, f"{path}.{field.name}", known)
            for field in SCENE_FIELDS
        }
        self.scene_rules(scene, path, production)
        return scene

    def scene_value(self, field: SceneField, entry: dict, path: str, known: dict[str, dict]) -> Any:
        """One field of a scene, checked by its kind; a missing required key is reported once, by `mapping`."""
        if field.name not in entry:
            return field.empty
        value = entry[field.name]
        if field.kind == "code":
            if not isinstance(value, str):
                self.error(path, f"must be a non-empty string of at most {CODE_LENGTH} characters, got {_kind(value)}")
                return None
            problem = scene_code_problem(value)
            if problem:
                self.error(path, f"{_kind(value)} {problem}")
                return None
            return value
        if field.kind == "text":
            return self.text(value, path, maximum=field.maximum)
        if field.kind == "whole":
            return self.positive(value, path, default=field.default, maximum=field.maximum)
        if field.kind == "flag":
            return self.flag(value, path, default=field.empty)
        if field.kind == "time":
            moment = self.time(value, path, nullable=True)
            return format_time(moment) if moment else None
        if field.kind == "choice":
            if value is None:
                return field.empty
            if value not in field.values:
                allowed = ", ".join(f'"{choice}"' for choice in field.values[:-1]) + f' or "{field.values[-1]}"'
                self.error(path, f"must be {allowed}, got {_kind(value, json_style=True)}")
                return field.empty
            return value
        codes = self.codes(value, path, known[field.refers_to], field.refers_to, allow_all=False)
        if field.at_least_one and isinstance(value, list) and not value:
            self.error(path, f"must name at least one {field.refers_to}")
        return codes

    def scene_rules(self, scene: dict, path: str, production: dict) -> None:
        """What ties a scene's fields together."""
        earliest, latest = scene["earliest"], scene["latest"]
        if earliest and latest and latest <= earliest:
            self.error(f"{path}.latest", f"latest ({latest}) is not after earliest ({earliest})")
        if scene["code"] is not None and scene["code"] in scene["after"]:
            self.error(f"{path}.after", f"scene {_kind(scene['code'])} cannot come after itself")
        if scene["light"] != LIGHT_ANY and production and not production.get("tle"):
            self.error(f"{path}.light", f'"{scene["light"]}" needs the station\'s orbit: production.tle is missing')

    def after_cycles(self, scenes: list[dict]) -> None:
        """`after` must not loop: a scene cannot (even indirectly) come after itself. Depth-first without
        recursion, so a chain of thousands of scenes costs a loop, not a stack frame each."""
        graph = {scene["code"]: scene.get("after", []) for scene in scenes if scene.get("code")}
        paths = {scene["code"]: f"scenes[{i}]" for i, scene in enumerate(scenes) if scene.get("code")}
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        reported: set[frozenset] = set()
        for root in graph:
            if root in state:
                continue
            state[root] = 1
            trail = [root]
            pending = [iter(graph[root])]
            while pending:
                predecessor = next(pending[-1], None)
                if predecessor is None:
                    state[trail.pop()] = 2
                    pending.pop()
                elif state.get(predecessor) == 1:
                    cycle = trail[trail.index(predecessor):] + [predecessor]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        self.error(f"{paths[predecessor]}.after", "cycle in after: " + " → ".join(reversed(cycle)))
                elif predecessor in graph and predecessor not in state:
                    state[predecessor] = 1
                    trail.append(predecessor)
                    pending.append(iter(graph[predecessor]))

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
                self.error(f"{path}.scene", f"unknown scene {_kind(scene_code, json_style=True)}")
            else:
                self.unique(scene_code, f"{path}.scene", pinned_scenes, "pinned scene")
            if not isinstance(module_code, str) or module_code not in modules:
                self.error(f"{path}.module", f"unknown module {_kind(module_code, json_style=True)}")
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


SHOWN_CHARACTERS = 40  # of a string value quoted back in a message


def _kind(value: Any, *, json_style: bool = False) -> str:
    """A value as a message shows it: strings quoted and cut short, containers by their kind only."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return ("true" if value else "false") if json_style else "a boolean"
    if isinstance(value, (int, float)):
        return str(value) if json_style else f"the number {value}"
    if isinstance(value, str):
        if len(value) <= SHOWN_CHARACTERS:
            return json.dumps(value, ensure_ascii=False)
        return json.dumps(value[:SHOWN_CHARACTERS] + "…", ensure_ascii=False) + f" ({len(value)} characters)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _shown_key(key: Any) -> str:
    text = str(key)
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
