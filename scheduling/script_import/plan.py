"""What importing a screenplay into a production would do, scene by scene, checked before anything is written.

Script scenes meet the production's scenes by script number (the `number` of a scene's `script`), and scenes
that have none yet by code: that is how a production made by hand (the Challenge demo) meets its script. Each
script scene is then one of

- `new`: no scene has its number: a scene is made from the script (its code the number unless taken);
- `linked`: a scene without a script number has the number as its code: it gets its `script` and the people
  the script casts that it lacks; its minutes, modules and title stay the director's;
- `changed` / `unchanged`: a scene from an earlier import, changed where the script changed: a new heading
  (and, when the location changed, the modules), a new length (and the minutes, keeping the director's own
  adjustment), a new cast (the people the last import cast and this one does not leave; those it newly casts
  join; the director's own additions and removals stay), or back in the script after an omission;
- `kept`: a scene marked shot that the script would change or omit: never changed;

and each scene from an earlier import whose number this script lacks is `omitted` (kept, out of scheduling).
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field, replace

from core.errors import DomainError, Fault

from ..models import MAX_MINUTES_PER_PAGE, Production, Scene
from ..production_file import ProductionFileError, production_document_check
from ..scene_fields import scene_entry_empty
from ..screenplay import Scene as ScriptScene
from ..screenplay import Screenplay, parse
from ..screenplay.breakdown import heading_parts
from ..selectors import production_document, schedule_version_get
from .rules import location_modules, pages, revised_minutes, scene_cast, scene_code, scene_title, script_minutes

NEW, LINKED, CHANGED, UNCHANGED, OMITTED, KEPT = "new", "linked", "changed", "unchanged", "omitted", "kept"
ACTIONS = (NEW, LINKED, CHANGED, UNCHANGED, OMITTED, KEPT)


class ScriptImportError(DomainError):
    """An import refused as a whole: a bad setting, or a change the production file's rules refuse (each fault
    at the script line of the scene it concerns, with the scene's file path in its message)."""


@dataclass(frozen=True)
class Change:
    """One thing the import changes in a scene: `heading`, `length`, `minutes`, `modules`, `cast`, `omitted`."""

    field: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.field} {self.before} → {self.after}"


@dataclass(frozen=True)
class ScenePlan:
    action: str  # one of ACTIONS
    code: str
    number: str
    heading: str
    where: str  # the heading's place in the script ("line 42"); "" for an omitted scene
    title: str
    eighths: int | None
    minutes: int
    people: tuple[str, ...]
    modules: tuple[str, ...]
    changes: tuple[Change, ...] = ()
    published: int | None = None  # the current version, whose shoot of this scene the import marks changed
    note: str = ""
    entry: dict | None = field(default=None, compare=False, repr=False)  # the scene object to write; None: none

    @property
    def pages(self) -> str:
        return pages(self.eighths)

    @property
    def revises(self) -> bool:
        """Whether the import changes what the scene is (not merely ties it to its script)."""
        return self.action == OMITTED or (self.action in (CHANGED, LINKED) and bool(self.changes))


@dataclass(frozen=True)
class Listing:
    """Scenes that share something the director should look at: an uncast character, a location that names no
    module, a story time."""

    name: str
    scenes: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class ScriptPreview:
    production: str
    title: str
    draft_date: str
    revision: str
    format: str
    filename: str
    minutes_per_page: int
    scenes: tuple[ScenePlan, ...]  # in script order, then the omitted ones in stripboard order
    uncast: tuple[Listing, ...]
    unmatched: tuple[Listing, ...]
    story_times: tuple[Listing, ...]
    warnings: tuple[str, ...]
    document: dict = field(compare=False, repr=False)  # the production after the import, checked
    snapshot: tuple[dict, ...] = field(compare=False, repr=False)  # what the record keeps per script scene
    applied: object = None  # the `ScriptImport` once applied

    @property
    def counts(self) -> dict[str, int]:
        return {action: sum(1 for plan in self.scenes if plan.action == action) for action in ACTIONS}


def minutes_per_page_checked(production: Production, minutes_per_page: int | None) -> int:
    if minutes_per_page is None:
        return production.minutes_per_page
    if not 1 <= minutes_per_page <= MAX_MINUTES_PER_PAGE:
        raise ScriptImportError(f"must be 1 to {MAX_MINUTES_PER_PAGE}, got {minutes_per_page}", path="minutes_per_page")
    return minutes_per_page


def script_preview(*, production: Production, data: bytes, filename: str = "", minutes_per_page: int | None = None) -> ScriptPreview:
    """What importing the screenplay `data` would do, checked whole with the production file's rules; writes
    nothing. Raises `ScreenplayError` (the file) or `ScriptImportError` (what it would do to the production)."""
    minutes_per_page = minutes_per_page_checked(production, minutes_per_page)
    return _Planner(production, parse(data, filename=filename), minutes_per_page).preview(filename)


@dataclass(frozen=True)
class _SceneState:
    shot: bool
    omitted: bool
    published: bool  # has a shoot in the current version


class _Planner:
    def __init__(self, production: Production, screenplay: Screenplay, minutes_per_page: int):
        self.production = production
        self.screenplay = screenplay
        self.minutes_per_page = minutes_per_page
        self.document = production_document(production=production)
        self.casting = {cast["character"].casefold(): cast["person"] for cast in self.document.get("casting", [])}
        self.modules = [(module["code"], module["name"]) for module in self.document["modules"]]
        self.current = schedule_version_get(production=production)
        published = set(self.current.shoots.values_list("scene__code", flat=True)) if self.current else set()
        self.states = {
            code: _SceneState(shot, omitted, code in published)
            for code, shot, omitted in Scene.objects.filter(production=production).values_list("code", "shot", "omitted")
        }
        latest = production.script_imports.order_by("-applied", "-id").first()
        self.last_cast = {entry["number"].upper(): entry for entry in latest.scenes} if latest else {}
        self.uncast: dict[str, list[str]] = defaultdict(list)
        self.unmatched: dict[str, list[str]] = defaultdict(list)
        self.snapshot: list[dict] = []

    def preview(self, filename: str) -> ScriptPreview:
        entries = self.document["scenes"]
        by_number: dict[str, dict] = {}
        unnumbered: dict[str, dict] = {}
        for entry in entries:
            number = (entry.get("script") or {}).get("number")
            if number:
                by_number.setdefault(number.upper(), entry)
            else:
                unnumbered[entry["code"]] = entry
        taken = {entry["code"] for entry in entries}
        plans = []
        for scene in self.screenplay.scenes:
            if (entry := by_number.get(scene.number.upper())) is not None:
                plans.append(self._revised(scene, entry))
            elif (entry := unnumbered.get(scene.number)) is not None:
                plans.append(self._linked(scene, entry))
            else:
                plans.append(self._new(scene, taken))
                taken.add(plans[-1].code)
        in_script = {scene.number.upper() for scene in self.screenplay.scenes}
        omitted = [
            self._omitted(entry) for entry in entries
            if (number := (entry.get("script") or {}).get("number")) and number.upper() not in in_script
            and not self.states[entry["code"]].omitted
        ]
        scenes = _ordered(entries, plans)
        document = self._checked({**self.document, "scenes": scenes}, plans)
        story_times: dict[str, list[str]] = defaultdict(list)
        for scene, plan in zip(self.screenplay.scenes, plans):
            if scene.story_time:
                story_times[scene.story_time].append(plan.code)
        return ScriptPreview(
            production=self.production.code, title=self.screenplay.title, draft_date=self.screenplay.draft_date,
            revision=self.screenplay.revision, format=self.screenplay.format, filename=filename,
            minutes_per_page=self.minutes_per_page, scenes=(*plans, *omitted),
            uncast=tuple(_uncast_listing(name, codes) for name, codes in self.uncast.items()),
            unmatched=tuple(self._unmatched_listing(location, codes) for location, codes in self.unmatched.items()),
            story_times=tuple(_story_time_listing(time, codes) for time, codes in story_times.items()),
            warnings=tuple(_left_out_warnings(document["scenes"], {plan.code for plan in omitted if plan.action == OMITTED}, self.states)),
            document=document, snapshot=tuple(self.snapshot),
        )

    # --- one script scene ---------------------------------------------------------------------------------

    def _new(self, scene: ScriptScene, taken: set[str]) -> ScenePlan:
        code = scene_code(scene.number, taken)
        people = self._cast(scene, code)
        entry = {
            **scene_entry_empty(), "code": code, "title": scene_title(scene),
            "minutes": script_minutes(scene.eighths, self.minutes_per_page), "people": people,
            "modules": self._modules(scene, code), "script": _script(scene),
        }
        self.snapshot.append({"number": scene.number, "scene": code, "people": people})
        return self._plan(NEW, scene, entry, entry)

    def _linked(self, scene: ScriptScene, entry: dict) -> ScenePlan:
        """A scene made by hand meets its script: it gains the script and the people the script casts."""
        changed = {**entry, "script": _script(scene)}
        changes = self._cast_change(scene, entry, changed, cast_before=())
        return self._settled(LINKED, scene, entry, changed, changes)

    def _revised(self, scene: ScriptScene, entry: dict) -> ScenePlan:
        """A scene of an earlier import, changed where the script changed since."""
        before = entry["script"]
        changed = {**entry, "script": _script(scene)}
        changes = []
        if before.get("heading") and before["heading"] != scene.heading:
            changes.append(Change("heading", before["heading"], scene.heading))
            if heading_parts(before["heading"])[0] != scene.location:
                modules = self._modules(scene, entry["code"])
                if modules != entry["modules"]:
                    changes.append(Change("modules", _listed(entry["modules"]), _listed(modules)))
                    changed["modules"] = modules
        if before.get("eighths") and before["eighths"] != scene.eighths:
            changes.append(Change("length", pages(before["eighths"]), pages(scene.eighths)))
            minutes = revised_minutes(entry["minutes"], before["eighths"], scene.eighths, self.minutes_per_page)
            if minutes != entry["minutes"]:
                changes.append(Change("minutes", str(entry["minutes"]), str(minutes)))
                changed["minutes"] = minutes
        last = self.last_cast.get(scene.number.upper())
        changes += self._cast_change(scene, entry, changed, cast_before=last["people"] if last else ())
        if self.states[entry["code"]].omitted:
            changes.append(Change("omitted", "omitted", "back in the script"))
        return self._settled(CHANGED if changes else UNCHANGED, scene, entry, changed, changes)

    def _settled(self, action: str, scene: ScriptScene, entry: dict, changed: dict, changes: list[Change]) -> ScenePlan:
        """The plan for an existing scene; a scene marked shot is never changed."""
        code = entry["code"]
        if self.states[code].shot:
            if (last := self.last_cast.get(scene.number.upper())) is not None:
                self.snapshot.append(last)
            if action == UNCHANGED:
                return self._plan(UNCHANGED, scene, entry, None)
            note = "marked shot: kept as it was shot" + (f", though the script changes {_listed([c.field for c in changes])}" if changes else "")
            return self._plan(KEPT, scene, entry, None, changes, note=note)
        self.snapshot.append({"number": scene.number, "scene": code, "people": self._cast_people(scene)})
        return self._plan(action, scene, changed, changed if changed != entry else None, changes)

    def _plan(self, action, scene: ScriptScene, shown: dict, entry: dict | None, changes=(), note: str = "") -> ScenePlan:
        plan = ScenePlan(
            action=action, code=shown["code"], number=scene.number, heading=scene.heading, where=scene.where,
            title=shown["title"], eighths=scene.eighths, minutes=shown["minutes"], people=tuple(shown["people"]),
            modules=tuple(shown["modules"]), changes=tuple(changes), note=note, entry=entry,
        )
        return self._published(plan)

    def _omitted(self, entry: dict) -> ScenePlan:
        script = entry["script"]
        shot = self.states[entry["code"]].shot
        plan = ScenePlan(
            action=KEPT if shot else OMITTED, code=entry["code"], number=script["number"],
            heading=script.get("heading") or "", where="", title=entry["title"], eighths=script.get("eighths"),
            minutes=entry["minutes"], people=tuple(entry["people"]), modules=tuple(entry["modules"]),
            note="marked shot: kept, though this draft omits it" if shot else "not in this draft: kept, out of scheduling",
        )
        return self._published(plan)

    def _published(self, plan: ScenePlan) -> ScenePlan:
        state = self.states.get(plan.code)
        if plan.revises and state is not None and state.published:
            return replace(plan, published=self.current.number)
        return plan

    # --- derived fields -----------------------------------------------------------------------------------

    def _cast_people(self, scene: ScriptScene) -> list[str]:
        return scene_cast(scene, self.casting)[0]

    def _cast(self, scene: ScriptScene, code: str) -> list[str]:
        people, uncast = scene_cast(scene, self.casting)
        for name in uncast:
            self.uncast[name].append(code)
        return people

    def _cast_change(self, scene: ScriptScene, entry: dict, changed: dict, cast_before) -> list[Change]:
        """The people the script newly casts join the scene; those it cast before and no longer does leave it."""
        cast = self._cast(scene, entry["code"])
        current = entry["people"]
        leaving = [person for person in current if person in cast_before and person not in cast]
        joining = [person for person in cast if person not in current and person not in cast_before]
        if not leaving and not joining:
            return []
        changed["people"] = [person for person in current if person not in leaving] + joining
        return [Change("cast", _listed(current), _listed(changed["people"]))]

    def _modules(self, scene: ScriptScene, code: str) -> list[str]:
        """The modules the location names, or every module when it names none."""
        codes = location_modules(scene.location, self.modules)
        if codes:
            return codes
        self.unmatched[scene.location or scene.heading].append(code)
        return [module for module, _ in self.modules]

    def _unmatched_listing(self, location: str, codes: list[str]) -> Listing:
        return Listing(location, tuple(codes), f"{location} names no module of station {self.production.station.code}: "
                                               f"{_scenes(codes)} may be shot in any module")

    # --- the whole production -----------------------------------------------------------------------------

    def _checked(self, document: dict, plans: list[ScenePlan]) -> dict:
        """The production after the import, checked whole like an imported production file. A fault about a
        scene the import writes is told at that scene's line of the script."""
        try:
            return production_document_check(copy.deepcopy(document))
        except ProductionFileError as error:
            written = {plan.code: plan for plan in plans if plan.entry is not None}
            raise ScriptImportError(faults=[_at_script_line(fault, document, written) for fault in error.faults]) from None


def _script(scene: ScriptScene) -> dict:
    return {"number": scene.number, "heading": scene.heading, "eighths": scene.eighths}


def _ordered(entries: list[dict], plans: list[ScenePlan]) -> list[dict]:
    """The production's scenes with the import's changes, each new scene right after the scene that comes
    before it in the script (new scenes before any known one go before the first known one)."""
    replaced = {plan.code: plan.entry for plan in plans if plan.entry is not None and plan.action != NEW}
    following: dict[str | None, list[dict]] = defaultdict(list)
    anchor = None
    for plan in plans:
        if plan.action == NEW:
            following[anchor].append(plan.entry)
        else:
            anchor = plan.code
    leading = following.pop(None, [])
    first_known = next((plan.code for plan in plans if plan.action != NEW), None)
    scenes = []
    for entry in entries:
        if entry["code"] == first_known:
            scenes += leading
        scenes.append(replaced.get(entry["code"], entry))
        scenes += following.get(entry["code"], [])
    return scenes if first_known is not None else scenes + leading


_PART = re.compile(r"^(scenes|pinned)\[(\d+)\]")


def _at_script_line(fault: Fault, document: dict, written: dict[str, ScenePlan]) -> Fault:
    match = _PART.match(fault.path)
    code = None
    if match:
        part, index = match.group(1), int(match.group(2))
        code = document[part][index].get("code" if part == "scenes" else "scene")
    plan = written.get(code)
    if plan is None:
        return fault
    return Fault(plan.where, f"scene {plan.code} ({plan.heading}): {fault}")


def _left_out_warnings(scenes: list[dict], omitted: set[str], states: dict[str, _SceneState]) -> list[str]:
    """Scenes that come after a scene this draft omits (directly or through others): they leave scheduling too."""
    followers: dict[str, list[str]] = defaultdict(list)
    for scene in scenes:
        for before in scene["after"]:
            followers[before].append(scene["code"])
    warnings, reached = [], set(omitted)
    queue = deque((code, code) for code in sorted(omitted))
    while queue:
        code, root = queue.popleft()
        for follower in followers[code]:
            state = states.get(follower)
            if follower in reached or (state and (state.shot or state.omitted)):
                continue
            reached.add(follower)
            via = f", which comes after {root}" if code != root else ""
            warnings.append(f"scene {follower} comes after {code}{via}, which this draft omits: it cannot be "
                            f"scheduled until its after list no longer names {code}")
            queue.append((follower, root))
    return warnings


def _uncast_listing(name: str, codes: list[str]) -> Listing:
    return Listing(name, tuple(codes), f"{name} is not cast: cast the part, or {_scenes(codes)} "
                                       f"{'has' if len(codes) == 1 else 'have'} no one playing {name}")


def _story_time_listing(story_time: str, codes: list[str]) -> Listing:
    return Listing(story_time, tuple(codes), f"{story_time} is the story's time, not orbital light: it sets nothing "
                                             f"(give {_scenes(codes)} a light if the shot needs orbital day or night)")


def _scenes(codes: list[str]) -> str:
    return ("scene " if len(codes) == 1 else "scenes ") + ", ".join(codes)


def _listed(codes) -> str:
    return ", ".join(codes) or "none"
