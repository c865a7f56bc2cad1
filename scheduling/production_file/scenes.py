"""A production file's scenes, checked field by field from their one definition (`scene_fields`), then by the
rules that tie fields and scenes together."""

from __future__ import annotations

from typing import Any

from core.times import format_time

from ..scene_fields import (
    CODE_LENGTH,
    GROUND_ANY,
    LIGHT_ANY,
    SCENE_FIELDS,
    SCENE_KEYS,
    SCENE_REQUIRED,
    SCRIPT_NUMBER_LENGTH,
    TITLE_LENGTH,
    SceneField,
    scene_code_problem,
)
from .shapes import Shapes, shown

COUNT_KEYS = {"element", "count"}
SCRIPT_KEYS = {"number", "heading", "eighths"}


def scene_check(checker: Shapes, raw: Any, path: str, known: dict[str, dict], production: dict) -> dict:
    """One scene object, normalised (every field present); `known` maps what codes refer to ("person",
    "module", "scene", "element", "place") to what the file defines under each code (elements: their entry,
    for the quantity)."""
    entry = checker.mapping(raw, path, SCENE_KEYS, SCENE_REQUIRED)
    if entry is None:
        return {}
    scene = {field.name: _value(checker, field, entry, f"{path}.{field.name}", known) for field in SCENE_FIELDS}
    _rules(checker, scene, path, production)
    return scene


def _value(checker: Shapes, field: SceneField, entry: dict, path: str, known: dict[str, dict]) -> Any:
    """One field, checked by its kind; a missing required key is reported once, by `Shapes.mapping`."""
    if field.name not in entry:
        return field.empty
    value = entry[field.name]
    if field.kind == "code":
        if not isinstance(value, str):
            checker.error(path, f"must be a non-empty string of at most {CODE_LENGTH} characters, got {shown(value)}")
            return None
        problem = scene_code_problem(value)
        if problem:
            checker.error(path, f"{shown(value)} {problem}")
            return None
        return value
    if field.kind == "text":
        return checker.text(value, path, maximum=field.maximum)
    if field.kind == "whole":
        return checker.positive(value, path, default=field.default, maximum=field.maximum)
    if field.kind == "flag":
        return checker.flag(value, path, default=field.empty)
    if field.kind == "time":
        moment = checker.time(value, path, nullable=True)
        return format_time(moment) if moment else None
    if field.kind == "choice":
        if value is None:
            return field.empty
        if value not in field.values:
            words = ["null" if choice is None else f'"{choice}"' for choice in field.values]
            checker.error(path, f"must be {', '.join(words[:-1])} or {words[-1]}, got {shown(value, json_style=True)}")
            return field.empty
        return value
    if field.kind == "ref":
        if value is None:
            return None
        if not isinstance(value, str):
            checker.error(path, f"must be a {field.refers_to} code string or null, got {shown(value)}")
        elif value not in known[field.refers_to]:
            checker.error(path, f"unknown {field.refers_to} {shown(value)}")
        else:
            return value
        return None
    if field.kind == "counts":
        return _counts(checker, value, path, known[field.refers_to])
    if field.kind == "script":
        return _script(checker, value, path)
    codes = checker.codes(value, path, known[field.refers_to], field.refers_to, allow_all=False)
    if field.at_least_one and isinstance(value, list) and not value:
        checker.error(path, f"must name at least one {field.refers_to}")
    return codes


def _counts(checker: Shapes, raw: Any, path: str, elements: dict[str, dict]) -> list[dict]:
    """`[{"element": code, "count": n}]`: each element known and listed once, the count within its quantity."""
    counts: list[dict] = []
    for index, entry in enumerate(checker.items(raw, path)):
        at = f"{path}[{index}]"
        if checker.mapping(entry, at, COUNT_KEYS, {"element"}) is None:
            continue
        code, count = entry.get("element"), checker.positive(entry.get("count"), f"{at}.count", default=1)
        if not isinstance(code, str):
            checker.error(f"{at}.element", f"must be an element code string, got {shown(code)}")
        elif code not in elements:
            checker.error(f"{at}.element", f"unknown element {shown(code)}")
        elif any(other["element"] == code for other in counts):
            checker.error(f"{at}.element", f"element {shown(code)} is listed twice")
        elif count is not None:
            quantity = elements[code].get("quantity")
            if quantity is not None and count > quantity:
                checker.error(f"{at}.count", f"{count} of {shown(code)}, but the production has {quantity}")
            else:
                counts.append({"element": code, "count": count})
    return counts


def _script(checker: Shapes, raw: Any, path: str) -> dict | None:
    """Where the scene stands in the screenplay; each part optional. A number may be written as one."""
    if raw is None:
        return None
    entry = checker.mapping(raw, path, SCRIPT_KEYS, set())
    if entry is None:
        return None
    number = entry.get("number")
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    return {
        "number": checker.text(number, f"{path}.number", maximum=SCRIPT_NUMBER_LENGTH, default=None) or None,
        "heading": checker.text(entry.get("heading"), f"{path}.heading", maximum=TITLE_LENGTH, default=None) or None,
        "eighths": checker.positive(entry.get("eighths"), f"{path}.eighths", nullable=True),
    }


def _rules(checker: Shapes, scene: dict, path: str, production: dict) -> None:
    """What ties a scene's fields together."""
    earliest, latest = scene["earliest"], scene["latest"]
    if earliest and latest and latest <= earliest:
        checker.error(f"{path}.latest", f"latest ({latest}) is not after earliest ({earliest})")
    if scene["code"] is not None and scene["code"] in scene["after"]:
        checker.error(f"{path}.after", f"scene {shown(scene['code'])} cannot come after itself")
    if scene["ground"] != GROUND_ANY and scene["over"] is None:
        checker.error(f"{path}.ground", f'"{scene["ground"]}" is the light at the place the scene looks at: give "over" too')
    if production and not production.get("tle"):
        orbital = {"light": scene["light"] != LIGHT_ANY, "over": scene["over"], "link": scene["link"], "moment": scene["moment"]}
        for name, wanted in orbital.items():
            if wanted:
                checker.error(f"{path}.{name}", f'"{scene[name]}" needs the station\'s orbit: production.tle is missing')


def after_cycles_check(checker: Shapes, scenes: list[dict]) -> None:
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
                    checker.error(f"{paths[predecessor]}.after", "cycle in after: " + " → ".join(reversed(cycle)))
            elif predecessor in graph and predecessor not in state:
                state[predecessor] = 1
                trail.append(predecessor)
                pending.append(iter(graph[predecessor]))
