"""A .uss breakdown merged into a production's document, checked with every rule of the production file, and
what the merge changes, for a preview. Pure Python, like the reader.

The file says what it says and nothing more: a scene of the file replaces the title, length, people, elements
(and the modules, when the file names some) of the scene of that code and keeps everything the standard has no
key for (priority, light, window, time limits, order, pins, element counts and quantities); a new scene gets
the production file's defaults and every module of the station unless the file names some.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import Fault

from ..production_file import ProductionFileError, production_document_check
from ..scene_fields import scene_entry_empty
from .parse import UssError
from .read import SceneBreakdown, UssParts

# Where a scene field's value comes from in a breakdown, for messages about it.
SCENE_FIELD_SOURCES = {
    "code": "scene", "title": "description", "minutes": "duration", "people": "elements", "modules": "elements",
    "elements": "elements", "script": "pages",
}


@dataclass
class UssMerge:
    """The production's document with the file's breakdown in it (checked), and what changed."""

    document: dict
    file: str  # the file's name, and the tool that wrote it
    source: str
    scenes_added: list[str] = field(default_factory=list)
    scenes_changed: dict[str, list[str]] = field(default_factory=dict)  # code: the fields that change
    scenes_unchanged: int = 0
    elements_added: list[str] = field(default_factory=list)
    elements_changed: list[str] = field(default_factory=list)
    casting_added: list[str] = field(default_factory=list)  # "ZHENYA: peresild"
    casting_changed: list[str] = field(default_factory=list)  # "ZHENYA: peresild → dubrov"
    dropped: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.scenes_added or self.scenes_changed or self.elements_added or self.elements_changed
                    or self.casting_added or self.casting_changed)


def uss_merge(document: dict, parts: UssParts) -> UssMerge:
    """`parts` merged into `document` (a checked production-file document, not changed), checked whole;
    raises `UssError` with paths in the .uss file where a problem comes from it."""
    # Copies of what the merge changes only: the checker reads the rest and never writes to it.
    merged = {
        **document, "elements": [dict(element) for element in document["elements"]],
        "casting": [dict(cast) for cast in document["casting"]], "scenes": list(document["scenes"]),
    }
    sources: dict[str, str] = {}  # a path in the merged document: the path in the file it came from
    faults: list[Fault] = []
    _elements_merge(merged, parts, sources)
    _casting_merge(merged, parts, sources)
    _scenes_merge(merged, parts, sources, faults)
    if faults:
        raise UssError(faults=faults)
    try:
        checked = production_document_check(merged)
    except ProductionFileError as error:
        raise UssError(faults=[_from_file(fault, sources, merged) for fault in error.faults]) from None
    return _changes(document, checked, parts)


def _elements_merge(document: dict, parts: UssParts, sources: dict[str, str]) -> None:
    index = {element["code"]: position for position, element in enumerate(document["elements"])}
    for part in parts.elements:
        position = index.get(part.code)
        if position is None:
            position = index[part.code] = len(document["elements"])
            document["elements"].append({"code": part.code, "name": part.name, "category": part.category, "quantity": None})
        else:
            document["elements"][position].update(name=part.name, category=part.category)
        sources[f"elements[{position}]"] = part.path


def _casting_merge(document: dict, parts: UssParts, sources: dict[str, str]) -> None:
    index = {cast["character"].casefold(): position for position, cast in enumerate(document["casting"])}
    for part in parts.casting:
        position = index.get(part.character.casefold())
        if position is None:
            position = index[part.character.casefold()] = len(document["casting"])
            document["casting"].append({"character": part.character, "person": part.person})
        else:
            document["casting"][position]["person"] = part.person
        sources[f"casting[{position}]"] = part.path


def _scenes_merge(document: dict, parts: UssParts, sources: dict[str, str], faults: list[Fault]) -> None:
    index = {scene["code"]: position for position, scene in enumerate(document["scenes"])}
    every_module = [module["code"] for module in document["modules"]]
    for part in parts.scenes:
        position = index.get(part.code)
        existing = document["scenes"][position] if position is not None else None
        if existing is None and part.minutes is None:
            faults.append(Fault(part.path, "gives neither a duration nor pages: a new scene needs the length of its shoot"))
            continue
        scene = dict(existing) if existing else {**scene_entry_empty(), "code": part.code}
        counts = {item["element"]: item["count"] for item in scene["elements"]}
        scene.update(
            title=part.title,
            minutes=part.minutes or scene["minutes"],
            people=list(part.people),
            modules=list(part.modules) or (scene["modules"] if existing else every_module),
            elements=[{"element": code, "count": counts.get(code, 1)} for code in part.elements],
            script=_script(part, scene["script"]),
        )
        if position is None:
            position = index[part.code] = len(document["scenes"])
            document["scenes"].append(scene)
        else:
            document["scenes"][position] = scene
        sources[f"scenes[{position}]"] = part.path


def _script(part: SceneBreakdown, script: dict | None) -> dict | None:
    """The scene's place in the script: the file's heading and eighths where it gives them; the number the
    scene had (the file's scene number is the scene's code)."""
    if not (part.heading or part.eighths):
        return script
    script = script or {"number": part.code, "heading": None, "eighths": None}
    return {**script, "heading": part.heading or script["heading"], "eighths": part.eighths or script["eighths"]}


def _from_file(fault: Fault, sources: dict[str, str], document: dict) -> Fault:
    """A fault of the merged document, named where the file put its cause (`breakdowns[3].duration`), or as
    the production's own when the merge broke something the file does not hold (a pin, an `after`)."""
    head, _, rest = fault.path.partition(".")
    source = sources.get(head)
    if source is None:
        return Fault(f"production {document['production']['code']}: {fault.path}", fault.message)
    if not head.startswith("scenes["):
        return Fault(source, f"{rest}: {fault.message}" if rest else fault.message)
    name = rest.split("[")[0].split(".")[0]
    if name in SCENE_FIELD_SOURCES:
        return Fault(f"{source}.{SCENE_FIELD_SOURCES[name]}", fault.message)
    return Fault(source, f"{rest}: {fault.message}")


def _changes(before: dict, after: dict, parts: UssParts) -> UssMerge:
    merge = UssMerge(document=after, file=parts.name, source=parts.source, dropped=[str(note) for note in parts.dropped])
    old_scenes = {scene["code"]: scene for scene in before["scenes"]}
    new_scenes = {scene["code"]: scene for scene in after["scenes"]}
    for part in parts.scenes:
        new, old = new_scenes[part.code], old_scenes.get(part.code)
        if old is None:
            merge.scenes_added.append(part.code)
        elif changed := [name for name in new if new[name] != old[name]]:
            merge.scenes_changed[part.code] = changed
        else:
            merge.scenes_unchanged += 1
    old_elements = {element["code"]: element for element in before["elements"]}
    for element in after["elements"]:
        old = old_elements.get(element["code"])
        if old is None:
            merge.elements_added.append(element["code"])
        elif old != element:
            merge.elements_changed.append(element["code"])
    old_casting = {cast["character"]: cast["person"] for cast in before["casting"]}
    for cast in after["casting"]:
        was = old_casting.get(cast["character"])
        if was is None:
            merge.casting_added.append(f"{cast['character']}: {cast['person']}")
        elif was != cast["person"]:
            merge.casting_changed.append(f"{cast['character']}: {was} → {cast['person']}")
    return merge
