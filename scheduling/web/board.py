"""The director's board: a draft of hand moves, and the undo history of board actions, kept in the session.

The draft is per production and user (the session is the user's, on the server): the moves accepted so far,
applied on top of the current version, which the director publishes as a new version or discards. Every
accepted move was checked with the others (`moves.moves_check`); publishing checks them all again.

The history records moves, pins, shot marks and scene edits as the state of one thing before and after, so
undo puts the "before" back and redo the "after", through the same services the pages use (a scene edit is
undone by saving its old entry through `services.scene_save`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import Exists, OuterRef, Subquery

from core.times import format_time, parse_time
from crew.models import Module

from ..models import Pin, Production, Scene, ScheduleVersion, Shoot, UnscheduledScene
from ..moves import Move
from ..selectors import scene_entry
from ..services import pin_clear, pin_set, scene_delete, scene_mark_shot, scene_save

SESSION_KEY = "board"
HISTORY_LENGTH = 50  # undo steps kept per production


# --- the draft --------------------------------------------------------------------------------------------


@dataclass
class Draft:
    base: int | None  # the version number the moves were made on
    moves: list[Move] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.moves)

    def with_move(self, move: Move) -> Draft:
        """The draft with `move` replacing any earlier move of the same scene."""
        return Draft(self.base, [kept for kept in self.moves if kept.scene != move.scene] + [move])

    def without(self, scene: str) -> Draft:
        return Draft(self.base, [kept for kept in self.moves if kept.scene != scene])


def _move_state(move: Move) -> dict:
    return {"scene": move.scene, "start": format_time(move.start) if move.start else None, "module": move.module}


def _move_of(state: dict) -> Move:
    return Move(scene=state["scene"], start=parse_time(state["start"]) if state["start"] else None, module=state["module"])


def _board(session, production: Production) -> dict:
    return session.setdefault(SESSION_KEY, {}).setdefault(production.code, {"draft": None, "undo": [], "redo": []})


def draft_get(session, production: Production) -> Draft:
    state = session.get(SESSION_KEY, {}).get(production.code, {}).get("draft")
    if not state:
        return Draft(base=None)
    return Draft(base=state["base"], moves=[_move_of(move) for move in state["moves"]])


def draft_save(session, production: Production, draft: Draft) -> None:
    _board(session, production)["draft"] = draft_state(draft)
    session.modified = True


# --- the draft drawn on the pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftShoot:
    """A moved scene's place in the draft: where it is shot, or None when it went to the boneyard."""

    scene_id: int
    code: str
    title: str
    shot: bool
    module_id: int | None
    module_code: str | None
    start: datetime | None
    end: datetime | None
    people: list[str]
    revised: datetime | None = None  # when a script revision last changed the scene


class DraftOverlay:
    """The draft's moves as the pages draw them over the version's shoots."""

    def __init__(self, production: Production, draft: Draft):
        self.draft = draft
        codes = [move.scene for move in draft.moves]
        scenes = {
            scene.code: scene
            for scene in Scene.objects.filter(production=production, code__in=codes).select_related("revised_by")
            .prefetch_related("scenecast_set__crew_member")
        }
        modules = {module.code: module for module in Module.objects.filter(station=production.station_id)}
        self.shoots: dict[int, DraftShoot] = {}
        for move in draft.moves:
            scene = scenes.get(move.scene)
            if scene is None:  # deleted since it was moved
                continue
            module = modules.get(move.module) if move.start else None
            self.shoots[scene.pk] = DraftShoot(
                scene_id=scene.pk, code=scene.code, title=scene.title, shot=scene.shot,
                module_id=module.pk if module else None, module_code=move.module if move.start else None,
                start=move.start, end=move.start + timedelta(minutes=scene.minutes) if move.start else None,
                people=sorted(cast.crew_member.code for cast in scene.scenecast_set.all()),
                revised=scene.revised_by.applied if scene.revised_by else None,
            )

    @property
    def scene_ids(self) -> set[int]:
        return set(self.shoots)

    def shoot_rows(self, rows, *, start: datetime, end: datetime) -> list[tuple]:
        """The timeline's shoot rows (scene id, code, title, shot, module id, start, end, people, revised) with the moved
        scenes' rows taken out and their draft places in [start, end) put in."""
        kept = [row for row in rows if row[0] not in self.shoots]
        placed = [
            (shoot.scene_id, shoot.code, shoot.title, shoot.shot, shoot.module_id, shoot.start, shoot.end, shoot.people,
             shoot.revised)
            for shoot in self.shoots.values()
            if shoot.start is not None and shoot.module_id is not None and shoot.start < end and shoot.end > start
        ]
        return sorted(kept + placed, key=lambda row: row[5])

    def strip_shoots(self, shoots: dict[int, Shoot], reasons: dict[int, str]) -> tuple[dict[int, Shoot], dict[int, str]]:
        """The stripboard's shoots and boneyard reasons by scene id, with the draft's moves applied (the moved
        shoots unsaved `Shoot`s carrying their draft place)."""
        shoots, reasons = dict(shoots), dict(reasons)
        modules = {module.pk: module for module in Module.objects.filter(pk__in={s.module_id for s in self.shoots.values()} - {None})}
        for scene_id, shoot in self.shoots.items():
            if shoot.start is None or shoot.module_id is None:
                shoots.pop(scene_id, None)
                reasons[scene_id] = "moved to the boneyard in the draft"
            else:
                shoots[scene_id] = Shoot(scene_id=scene_id, module=modules[shoot.module_id], start=shoot.start, end=shoot.end)
                reasons.pop(scene_id, None)
        return shoots, reasons


def board_editable(version: ScheduleVersion | None, current: ScheduleVersion | None) -> bool:
    """Moves are made on the current version only (or on nothing, before the first schedule)."""
    return version is None or current is not None and version.pk == current.pk


# --- undo and redo ----------------------------------------------------------------------------------------


class NothingToUndo(Exception):
    pass


def history_record(session, production: Production, *, kind: str, label: str, before, after, scene: str = "") -> None:
    """Remember a board action as the state of one thing before and after it; a new action clears redo."""
    board = _board(session, production)
    entry = {"kind": kind, "label": label, "scene": scene, "before": before, "after": after}
    board["undo"] = (board["undo"] + [entry])[-HISTORY_LENGTH:]
    board["redo"] = []
    session.modified = True


def history_labels(session, production: Production) -> tuple[str | None, str | None]:
    """What undo and redo would do next, in words (None: nothing)."""
    board = session.get(SESSION_KEY, {}).get(production.code, {})
    undo, redo = board.get("undo") or [], board.get("redo") or []
    return (undo[-1]["label"] if undo else None), (redo[-1]["label"] if redo else None)


def history_step(session, production: Production, *, back: bool) -> str:
    """Undo (back) or redo the last action; its label. The entry stays where it was when putting it back
    fails (the service's `DomainError` is raised, e.g. a pin that no longer fits)."""
    board = _board(session, production)
    source, target = ("undo", "redo") if back else ("redo", "undo")
    if not board[source]:
        raise NothingToUndo("nothing to undo" if back else "nothing to redo")
    entry = board[source][-1]
    state, leaving = (entry["before"], entry["after"]) if back else (entry["after"], entry["before"])
    APPLY[entry["kind"]](session, production, entry, state, leaving)
    board[source].pop()
    board[target].append(entry)
    session.modified = True
    return entry["label"]


def history_forget_drafts(session, production: Production) -> None:
    """After a draft is published or dropped for good, its moves can no longer be taken back one by one."""
    board = _board(session, production)
    for stack in ("undo", "redo"):
        board[stack] = [entry for entry in board[stack] if entry["kind"] != "draft"]
    session.modified = True


def draft_state(draft: Draft) -> dict | None:
    return {"base": draft.base, "moves": [_move_state(move) for move in draft.moves]} if draft.moves else None


def _apply_draft(session, production, entry, state, leaving) -> None:
    draft = Draft(base=state["base"], moves=[_move_of(move) for move in state["moves"]]) if state else Draft(base=None)
    draft_save(session, production, draft)


def _scene(production: Production, code: str) -> Scene:
    return Scene.objects.get(production=production, code=code)


def pin_state(scene: Scene) -> dict | None:
    pin = Pin.objects.filter(scene=scene).select_related("module").first()
    return {"start": format_time(pin.start), "module": pin.module.code} if pin else None


def _apply_pin(session, production, entry, state, leaving) -> None:
    scene = _scene(production, entry["scene"])
    if state is None:
        pin_clear(scene=scene)
    else:
        pin_set(scene=scene, start=parse_time(state["start"]), module_code=state["module"])


def _apply_shot(session, production, entry, state, leaving) -> None:
    scene_mark_shot(scene=_scene(production, entry["scene"]), shot=state)


def scene_state(scene: Scene | None) -> dict | None:
    return {"code": scene.code, "entry": scene_entry(scene=scene)} if scene is not None else None


def _apply_scene(session, production, entry, state, leaving) -> None:
    if state is None:
        scene_delete(scene=_scene(production, leaving["code"]))
    else:
        scene_save(production=production, entry=state["entry"], code=leaving["code"] if leaving else None)


APPLY = {"draft": _apply_draft, "pin": _apply_pin, "shot": _apply_shot, "scene": _apply_scene}


# --- what the pages show of the board ---------------------------------------------------------------------


@dataclass(frozen=True)
class DraftLine:
    scene: str
    title: str
    words: str  # "to Sat 09 Oct 08:00–09:00 UTC in Nauka" or "to the boneyard"


@dataclass(frozen=True)
class Bone:
    """A scene off the board (version and draft together): a chip to drag onto the timeline."""

    scene_id: int
    code: str
    title: str
    minutes: int
    why: str


@dataclass
class BoardView:
    editable: bool
    draft: Draft
    lines: list[DraftLine]
    stale: bool  # the draft was made on an older version than the current one
    undo: str | None
    redo: str | None
    overlay: DraftOverlay | None
    production: Production
    version: ScheduleVersion | None

    @cached_property
    def bones(self) -> list[Bone]:
        """Read only by the pages that show the boneyard tray."""
        return _bones(self.production, self.version, self.overlay) if self.editable else []


def board_view(session, production: Production, *, version: ScheduleVersion | None, current: ScheduleVersion | None) -> BoardView:
    """The board as the timeline and the stripboard show it: the draft over the version, when that is the
    current one; undo and redo either way."""
    undo, redo = history_labels(session, production)
    editable = board_editable(version, current)
    draft = draft_get(session, production) if editable else Draft(base=None)
    overlay = DraftOverlay(production, draft) if draft else None
    lines = []
    if overlay is not None:
        names = dict(Module.objects.filter(station=production.station_id).values_list("code", "name"))
        for shoot in overlay.shoots.values():
            if shoot.start is None:
                words = "to the boneyard"
            else:
                module = names.get(shoot.module_code) or shoot.module_code
                words = f"to {shoot.start:%a %d %b %H:%M}–{shoot.end:%H:%M} UTC in {module}"
            lines.append(DraftLine(shoot.code, shoot.title, words))
    return BoardView(
        editable=editable, draft=draft, lines=lines,
        stale=bool(draft) and draft.base != (current.number if current else None),
        undo=undo, redo=redo, overlay=overlay, production=production, version=version,
    )


def _bones(production: Production, version: ScheduleVersion | None, overlay: DraftOverlay | None) -> list[Bone]:
    """The scenes off the board, in one query: those the version leaves out (with its reason), those added
    since, and those the draft sends to the boneyard; not those the draft brings onto the board."""
    scenes = production.scenes.order_by("position", "id").annotate(
        on_board=Exists(Shoot.objects.filter(version=version, scene=OuterRef("pk"))),
        why=Subquery(UnscheduledScene.objects.filter(version=version, scene=OuterRef("pk")).values("reason")[:1]),
    ).values_list("id", "code", "title", "minutes", "on_board", "why")
    moved = overlay.shoots if overlay is not None else {}
    bones = []
    for scene_id, code, title, minutes, on_board, why in scenes:
        if scene_id in moved:
            on_board, why = moved[scene_id].start is not None, "moved to the boneyard in the draft"
        if not on_board:
            bones.append(Bone(scene_id, code, title, minutes, why or "not scheduled yet"))
    return bones
