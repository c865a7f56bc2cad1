"""A production file's scenes, checked field by field from their one definition (`scene_fields`), then by the
rules that tie fields and scenes together."""

from __future__ import annotations

from typing import Any

from core.times import format_time

from ..scene_fields import CODE_LENGTH, LIGHT_ANY, SCENE_FIELDS, SCENE_KEYS, SCENE_REQUIRED, SceneField, scene_code_problem
from .shapes import Shapes, shown


def scene_check(checker: Shapes, raw: Any, path: str, known: dict[str, dict], production: dict) -> dict:
    """One scene object, normalised (every field present); `known` maps what codes refer to ("person",
    "module", "scene") to the codes the file defines."""
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
            allowed = ", ".join(f'"{choice}"' for choice in field.values[:-1]) + f' or "{field.values[-1]}"'
            checker.error(path, f"must be {allowed}, got {shown(value, json_style=True)}")
            return field.empty
        return value
    codes = checker.codes(value, path, known[field.refers_to], field.refers_to, allow_all=False)
    if field.at_least_one and isinstance(value, list) and not value:
        checker.error(path, f"must name at least one {field.refers_to}")
    return codes


def _rules(checker: Shapes, scene: dict, path: str, production: dict) -> None:
    """What ties a scene's fields together."""
    earliest, latest = scene["earliest"], scene["latest"]
    if earliest and latest and latest <= earliest:
        checker.error(f"{path}.latest", f"latest ({latest}) is not after earliest ({earliest})")
    if scene["code"] is not None and scene["code"] in scene["after"]:
        checker.error(f"{path}.after", f"scene {shown(scene['code'])} cannot come after itself")
    if scene["light"] != LIGHT_ANY and production and not production.get("tle"):
        checker.error(f"{path}.light", f'"{scene["light"]}" needs the station\'s orbit: production.tle is missing')


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
