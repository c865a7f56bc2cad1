"""The board: check a move live, accept it into the draft, publish or discard the draft, undo and redo, the
move page (and dialog), restoring an older version, and deleting a scene.

A check or a move posted by the board's script (`Accept: application/json`) answers JSON: the verdict with
every rule broken, in words. Posted by a plain form, it answers with a redirect and a message, so the board
works from the keyboard and without the script too.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import DomainError, InUse
from crew.models import Module

from ..models import Production, Scene, ScheduleVersion, Shoot
from ..moves import MOVE_PERMISSION, Move, MovesChecked, MovesInvalid, MovesRefused, moves_check, moves_publish, version_restore
from ..selectors import schedule_version_get
from ..services import scene_delete
from . import board
from .access import production_write, redirect_back
from .board_forms import MoveForm


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _board_page(production: Production) -> str:
    return reverse("web:production", args=[production.code])


def _draft(request: HttpRequest, production: Production) -> board.Draft:
    """The user's draft, without moves of scenes deleted since."""
    draft = board.draft_get(request.session, production)
    codes = set(production.scenes.values_list("code", flat=True))
    return board.Draft(draft.base, [move for move in draft.moves if move.scene in codes])


def _placement_words(checked: MovesChecked, move: Move) -> str:
    problem = checked.problem
    for shoot in checked.placed():
        if shoot.scene == move.scene:
            start, end = problem.moment_at(shoot.start), problem.moment_at(shoot.end)
            module = problem.module(shoot.module)
            return f"scene {move.scene} {start:%a %d %b %H:%M}–{end:%H:%M} UTC in {module.name or module.code}"
    return f"scene {move.scene} to the boneyard"


def _verdict(checked: MovesChecked, move: Move) -> dict:
    problem = checked.problem
    return {
        "valid": checked.valid,
        "summary": ("Fits: " if checked.valid else "Refused: ") + _placement_words(checked, move),
        "violations": [{"scene": v.scene, "rule": v.rule, "message": v.message} for v in checked.violations],
        "shoots": [
            {"scene": shoot.scene, "module": shoot.module, "start": problem.moment_at(shoot.start).isoformat(),
             "end": problem.moment_at(shoot.end).isoformat()}
            for shoot in checked.placed()
        ],
    }


def _posted_move(request: HttpRequest, production: Production) -> tuple[MoveForm, Move | None]:
    scene = Scene.objects.filter(production=production, code=request.POST.get("scene", "")).first()
    form = MoveForm(request.POST, scene=scene, modules=list(Module.objects.filter(station=production.station_id)))
    return form, form.move() if form.is_valid() else None


def _form_errors(form: MoveForm) -> list[str]:
    return [
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items() for error in errors
    ]


def _checked_with_draft(request, production, move: Move) -> MovesChecked:
    draft = _draft(request, production)
    return moves_check(production=production, moves=draft.with_move(move).moves)


@require_POST
@production_write(MOVE_PERMISSION, limits=("checks",))  # every step of a drag: a wider limit than writes
def board_check(request: HttpRequest, production: Production) -> HttpResponse:
    """The live check while a shoot is dragged or the move dialog is filled in: the draft with this move."""
    form, move = _posted_move(request, production)
    if move is None:
        return JsonResponse({"valid": False, "errors": _form_errors(form)}, status=400)
    try:
        checked = _checked_with_draft(request, production, move)
    except MovesInvalid as error:
        return JsonResponse({"valid": False, "errors": error.lines()}, status=400)
    return JsonResponse(_verdict(checked, move))


@production_write(MOVE_PERMISSION)
def board_move(request: HttpRequest, production: Production) -> HttpResponse:
    """Accept a move into the draft when every rule holds with it; refuse it with the reasons otherwise.
    A GET shows the move form of `?scene=<code>`."""
    if request.method != "POST":
        return scene_move(request, production)
    form, move = _posted_move(request, production)
    if move is None:
        return _refused(request, production, _form_errors(form), status=400)
    try:
        checked = _checked_with_draft(request, production, move)
    except MovesInvalid as error:
        return _refused(request, production, error.lines(), status=400)
    if not checked.valid:
        if _wants_json(request):
            return JsonResponse(_verdict(checked, move), status=409)
        return _refused(request, production, [v.message for v in checked.violations], status=409, move=move)
    before = _draft(request, production)
    current = checked.base
    after = before.without(move.scene) if _unchanged(current, move) else before.with_move(move)
    after.base = current.number if current else None
    board.draft_save(request.session, production, after)
    board.history_record(
        request.session, production, kind="draft", label=f"the move of scene {move.scene}",
        before=board.draft_state(before), after=board.draft_state(after),
    )
    words = _placement_words(checked, move)
    if _wants_json(request):
        return JsonResponse({**_verdict(checked, move), "summary": f"Moved into the draft: {words}"})
    messages.success(request, f"Moved into the draft: {words}. Publish the draft to make it a version.")
    return redirect_back(request, _board_page(production))


def _unchanged(current: ScheduleVersion | None, move: Move) -> bool:
    """Whether the move puts the scene back where the current version has it (so the draft forgets it)."""
    shoot = Shoot.objects.filter(version=current, scene__code=move.scene).select_related("module").first() if current else None
    if shoot is None:
        return move.start is None
    return move.start == shoot.start and move.module in (None, shoot.module.code)


def _refused(request, production, reasons: list[str], *, status: int, move: Move | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"valid": False, "errors": reasons}, status=status)
    what = f"Scene {move.scene} not moved" if move else "Not moved"
    messages.error(request, f"{what}: " + "; ".join(reasons))
    return redirect_back(request, _board_page(production))


def scene_move(request: HttpRequest, production: Production) -> HttpResponse:
    """The "move to..." form of the scene `?scene=<code>`: a page of its own, or (`&dialog=1`) the body of
    the board's dialog, filled in with where the scene is now."""
    scene = get_object_or_404(Scene, production=production, code=request.GET.get("scene", ""))
    current = schedule_version_get(production=production)
    draft_move = next((move for move in _draft(request, production).moves if move.scene == scene.code), None)
    shoot = Shoot.objects.filter(version=current, scene=scene).select_related("module").first() if current else None
    initial = {"scene": scene.code, "module": scene.modules.values_list("code", flat=True).first(), "start": production.start}
    if draft_move is not None:
        initial.update(start=draft_move.start or initial["start"], module=draft_move.module or initial["module"])
    elif shoot is not None:
        initial.update(start=shoot.start, module=shoot.module.code)
    form = MoveForm(initial=initial, scene=scene, modules=list(Module.objects.filter(station=production.station_id)))
    dialog = bool(request.GET.get("dialog"))
    return render(request, "scheduling/partials/move_form.html" if dialog else "scheduling/move.html", {
        "production": production, "scene": scene, "form": form, "shoot": shoot, "draft_move": draft_move,
        "dialog": dialog, "tab": "timeline", "next": request.GET.get("next") or _board_page(production),
    })


@require_POST
@production_write(MOVE_PERMISSION)
def board_publish(request: HttpRequest, production: Production) -> HttpResponse:
    draft = _draft(request, production)
    if not draft:
        messages.info(request, "The draft is empty: move a shoot first.")
        return redirect_back(request, _board_page(production))
    try:
        version = moves_publish(production=production, moves=draft.moves, expected_base=draft.base)
    except MovesRefused as error:
        messages.error(request, "The draft was not published: " + "; ".join(v.message for v in error.violations))
        return redirect_back(request, _board_page(production))
    board.draft_save(request.session, production, board.Draft(base=None))
    board.history_forget_drafts(request.session, production)
    count = len(draft.moves)
    messages.success(request, f"Version {version.number} published by hand: {count} move{'s' if count != 1 else ''}.")
    return redirect_back(request, _board_page(production))


@require_POST
@production_write(MOVE_PERMISSION)
def board_discard(request: HttpRequest, production: Production) -> HttpResponse:
    draft = _draft(request, production)
    board.draft_save(request.session, production, board.Draft(base=None))
    if draft:
        board.history_record(request.session, production, kind="draft", label="discarding the draft",
                             before=board.draft_state(draft), after=None)
        messages.info(request, "Draft discarded. Undo brings it back.")
    return redirect_back(request, _board_page(production))


# Undo and redo replay any of the board's steps: a move in the draft, a pin, a scene's edit, its deletion.
HISTORY_PERMISSIONS = (
    MOVE_PERMISSION, "scheduling.add_scene", "scheduling.change_scene", "scheduling.delete_scene",
    "scheduling.add_pin", "scheduling.change_pin", "scheduling.delete_pin",
)


def _history_step(request: HttpRequest, production: Production, *, back: bool) -> HttpResponse:
    verb = "Undone" if back else "Redone"
    try:
        label = board.history_step(request.session, production, back=back)
    except board.NothingToUndo as error:
        messages.info(request, f"{str(error).capitalize()}.")
    except DomainError as error:
        messages.error(request, f"Could not {'undo' if back else 'redo'}: " + "; ".join(error.lines()))
    else:
        messages.success(request, f"{verb}: {label}.")
    return redirect_back(request, _board_page(production))


@require_POST
@production_write(HISTORY_PERMISSIONS)
def board_undo(request: HttpRequest, production: Production) -> HttpResponse:
    return _history_step(request, production, back=True)


@require_POST
@production_write(HISTORY_PERMISSIONS)
def board_redo(request: HttpRequest, production: Production) -> HttpResponse:
    return _history_step(request, production, back=False)


@require_POST
@production_write(MOVE_PERMISSION)
def version_restore_view(request: HttpRequest, production: Production, number: int) -> HttpResponse:
    compare = reverse("web:compare", args=[production.code])
    try:
        version = version_restore(production=production, number=number)
    except (MovesRefused, MovesInvalid) as error:
        messages.error(request, f"Version {number} was not restored: " + "; ".join(fault.message for fault in error.faults))
        return redirect_back(request, compare)
    messages.success(
        request, f"Version {version.number} published: a copy of version {number}, checked against the station as it is now."
    )
    return redirect_back(request, compare)


@production_write("scheduling.delete_scene")
def scene_delete_view(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    """Ask, then delete a scene (refused while other scenes come after it). Undo brings it back."""
    scene = get_object_or_404(Scene, production=production, pk=pk)
    stripboard = reverse("web:stripboard", args=[production.code])
    if request.method != "POST":
        return render(request, "scheduling/scene_delete.html", {"production": production, "scene": scene, "tab": "stripboard"})
    before = board.scene_state(scene)
    try:
        scene_delete(scene=scene)
    except InUse as error:
        messages.error(request, error.message)
        return redirect_back(request, stripboard)
    board.history_record(request.session, production, kind="scene", label=f"deleting scene {before['code']}",
                         scene=before["code"], before=before, after=None)
    messages.success(request, f"Scene {before['code']} deleted. Undo brings it back (without its pin and shoots).")
    return redirect_back(request, stripboard)
