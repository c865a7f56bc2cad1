"""The stripboard and breakdown: scenes with filters, the boneyard, scene forms, pins and marking shot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from crew.models import CrewMember, Module

from ..breakdown_selectors import cast_list
from ..models import Pin, Production, Scene, SceneCast, SceneElement, SceneModule, Shoot
from ..production_file import ProductionFileError
from ..selectors import schedule_version_get, version_read_at
from ..services import NothingToFreeze, pin_clear, pin_set, scene_mark_shot
from . import board
from .access import production_or_404, production_write, redirect_back, version_selected
from .board import board_view
from .conflicts import broken_shoots
from .entry_pages import entry_form_views
from .forms import SceneForm
from .timeline import shoot_status
from .views import version_summary


@dataclass
class Strip:
    scene: Scene
    people: list[str]  # their codes, as filters and the board use them
    cast: list[str]  # the people as the cast list has them: "1. ZHENYA — Yulia Peresild"
    modules: list[str]
    elements: list[str]
    shoot: Shoot | None
    reason: str | None
    pin: Pin | None
    status: str  # planned | pinned | shot | unscheduled | omitted
    changed_since: int | None = None  # the version whose shoot of it a script revision changed since
    draft: bool = False  # moved in the director's draft, not yet published
    links: dict[str, str] = field(default_factory=dict)  # its pages: edit, delete, pin, unpin, shot

    @property
    def stale(self) -> bool:
        """The scene was edited after the shoot was published: its length no longer matches."""
        return self.shoot is not None and (self.shoot.end - self.shoot.start).total_seconds() != self.scene.minutes * 60


@dataclass
class DayBreak:
    day: date
    number: int
    strips: list[Strip]

    @property
    def minutes(self) -> int:
        return sum(strip.scene.minutes for strip in self.strips)


FILTERS = ("module", "person", "element", "light", "scheduled")


def _strips(production: Production, version, overlay=None, *, only: Scene | None = None) -> list[Strip]:
    """The strips of every scene (or `only` one), with the draft's moves applied when `overlay` is given."""
    scenes = production.scenes.filter(pk=only.pk) if only is not None else production.scenes
    scenes = list(
        scenes.order_by("position", "id").select_related("revised_by").prefetch_related(
            Prefetch("scenecast_set", queryset=SceneCast.objects.select_related("crew_member")),
            Prefetch("scenemodule_set", queryset=SceneModule.objects.select_related("module")),
            Prefetch("sceneelement_set", queryset=SceneElement.objects.select_related("element")),
        )
    )
    cast = cast_list(production=production)
    of_these = {"scene": only} if only is not None else {}
    shoots, reasons, read_at = {}, {}, None
    if version is not None:
        shoots = {shoot.scene_id: shoot for shoot in version.shoots.filter(**of_these).select_related("module")}
        reasons = dict(version.unscheduled.filter(**of_these).values_list("scene_id", "reason"))
        read_at = version_read_at(version=version)
    pins = {pin.scene_id: pin for pin in Pin.objects.filter(scene__production=production, **of_these).select_related("module")}
    if overlay is not None:
        shoots, reasons = overlay.strip_shoots(shoots, reasons)
    pages = _scene_links(production)
    strips = []
    for scene in scenes:
        shoot = shoots.get(scene.pk)
        people = sorted((link.crew_member for link in scene.scenecast_set.all()), key=lambda member: cast.order(member.code))
        strips.append(Strip(
            scene=scene,
            people=[member.code for member in people],
            cast=[cast.label(member.code, member.name or member.code) for member in people],
            modules=[link.module.code for link in scene.scenemodule_set.all()],
            elements=[link.element.code for link in scene.sceneelement_set.all()],
            shoot=shoot, reason=reasons.get(scene.pk), pin=pins.get(scene.pk),
            status=shoot_status(shot=scene.shot, pinned=scene.pk in pins) if shoot else "omitted" if scene.omitted else "unscheduled",
            changed_since=version.number if shoot and scene.revised_by and scene.revised_by.applied > read_at else None,
            draft=overlay is not None and scene.pk in overlay.scene_ids, links=pages(scene.pk),
        ))
    return strips


STRIP_PAGES = {"edit": "web:scene_edit", "delete": "web:scene_delete", "pin": "web:scene_pin", "unpin": "web:scene_unpin",
               "shot": "web:scene_shot"}


def _scene_links(production: Production) -> Callable[[int], dict[str, str]]:
    """A strip's page URLs. Each is reversed once per page and filled in per scene: reversing every one for
    every strip was a third of a 300-scene stripboard's render time."""
    marker = "/2147483647/"  # a scene id no production reaches, cut out of the reversed URL
    halves = {key: reverse(name, args=[production.code, int(marker.strip("/"))]).rsplit(marker, 1) for key, name in STRIP_PAGES.items()}
    return lambda pk: {key: f"{head}/{pk}/{tail}" for key, (head, tail) in halves.items()}


def _filtered(strips: list[Strip], query) -> list[Strip]:
    module, person, element, light, scheduled = (query.get(name, "") for name in FILTERS)
    return [
        strip for strip in strips
        if (not module or module in strip.modules or (strip.shoot and strip.shoot.module.code == module))
        and (not person or person in strip.people)
        and (not element or element in strip.elements)
        and (not light or strip.scene.light == light)
        and (not scheduled or (scheduled == "yes") == (strip.shoot is not None))
    ]


def _day_breaks(strips: list[Strip], first_day: date) -> tuple[list[DayBreak], list[Strip]]:
    """Scheduled strips in shooting order, grouped by UTC day; the rest in breakdown order."""
    scheduled = sorted((s for s in strips if s.shoot), key=lambda s: s.shoot.start)
    days: dict[date, list[Strip]] = {}
    for strip in scheduled:
        days.setdefault(strip.shoot.start.date(), []).append(strip)
    breaks = [DayBreak(day, (day - first_day).days + 1, day_strips) for day, day_strips in days.items()]
    return breaks, [s for s in strips if not s.shoot]


@login_required
@require_safe
def stripboard(request: HttpRequest, code: str) -> HttpResponse:
    production = production_or_404(request, code)
    version = version_selected(request, production)
    current = schedule_version_get(production=production)
    board = board_view(request.session, production, version=version, current=current)
    strips = _strips(production, version, board.overlay)
    shown = _filtered(strips, request.GET)
    breaks, unscheduled = _day_breaks(shown, production.start.date())
    context = {
        "production": production, "tab": "stripboard", "version": version, "summary": version_summary(version),
        "versions": production.schedule_versions.values_list("number", flat=True),
        "breaks": breaks, "unscheduled": unscheduled, "shown": len(shown), "total": len(strips),
        "boneyard": [strip for strip in strips if strip.reason is not None],
        "filters": {name: request.GET.get(name, "") for name in FILTERS},
        "filter_people": CrewMember.objects.filter(rosterentry__production=production).order_by("rosterentry__position"),
        "filter_modules": Module.objects.filter(station=production.station_id).order_by("id"),
        "filter_elements": production.elements.order_by("position", "id"),
        "is_current": version is None or version == current, "board": board,
        "broken": broken_shoots(production=production, version=version),
        **_strip_context(production, request.get_full_path()),
    }
    if request.htmx and request.htmx.target == "strips":
        return render(request, "scheduling/partials/strips.html", context)
    return render(request, "scheduling/stripboard.html", context)


def _scene_history(request: HttpRequest, production: Production, scene: Scene | None) -> Callable[[Scene], None]:
    """Before a scene form saves: what the board's undo history records once it has (adding or editing)."""
    before = board.scene_state(scene)

    def record(saved: Scene) -> None:
        label = f"adding scene {saved.code}" if scene is None else f"the edit of scene {saved.code}"
        board.history_record(request.session, production, kind="scene", label=label, scene=saved.code,
                             before=before, after=board.scene_state(saved))
    return record


scene_add, scene_edit = entry_form_views(
    noun="scene", model=Scene, form_class=SceneForm, template="scheduling/scene_form.html", tab="stripboard",
    back="web:stripboard", saved_note=" Schedule again to place it.", on_save=_scene_history,
)


@require_POST
@production_write(("scheduling.add_pin", "scheduling.change_pin"))
def scene_pin(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    """Pin a scene where the current schedule has it (or at the start and module posted)."""
    scene = get_object_or_404(Scene, production=production, pk=pk)
    current = schedule_version_get(production=production)
    shoot = Shoot.objects.filter(version=current, scene=scene).select_related("module").first() if current else None
    start, module = shoot.start if shoot else None, shoot.module.code if shoot else None
    if request.POST.get("start"):
        try:
            start = datetime.fromisoformat(request.POST["start"])
        except ValueError:
            start = None
        module = request.POST.get("module") or module
    if start is None or module is None:
        return _answered(request, production, scene, f"Scene {scene.code} has no shoot in the schedule to pin; give a start and module.", ok=False)
    before = board.pin_state(scene)
    try:
        pin = pin_set(scene=scene, start=start, module_code=module)
    except ProductionFileError as error:
        return _answered(request, production, scene, f"Scene {scene.code} cannot be pinned there: " + "; ".join(error.lines()), ok=False)
    board.history_record(request.session, production, kind="pin", label=f"pinning scene {scene.code}", scene=scene.code,
                         before=before, after=board.pin_state(scene))
    return _answered(request, production, scene, f"Scene {scene.code} pinned at {pin.start:%a %d %b %H:%M} UTC in {pin.module.code}.")


@require_POST
@production_write("scheduling.delete_pin")
def scene_unpin(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    scene = get_object_or_404(Scene, production=production, pk=pk)
    before = board.pin_state(scene)
    pin_clear(scene=scene)
    if before is not None:
        board.history_record(request.session, production, kind="pin", label=f"unpinning scene {scene.code}", scene=scene.code,
                             before=before, after=None)
    return _answered(request, production, scene, f"Scene {scene.code} unpinned: the next schedule may move it.")


@require_POST
@production_write("scheduling.change_scene")
def scene_shot(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    """Mark a scene shot (frozen where the current schedule has it), or not shot after all."""
    scene = get_object_or_404(Scene, production=production, pk=pk)
    shot = request.POST.get("shot", "1") == "1"
    before = scene.shot
    try:
        scene_mark_shot(scene=scene, shot=shot)
    except NothingToFreeze as error:
        return _answered(request, production, scene, f"Cannot mark it shot: {error.message}.", ok=False)
    if before != shot:
        board.history_record(request.session, production, kind="shot", scene=scene.code, before=before, after=shot,
                             label=f"marking scene {scene.code} {'shot' if shot else 'not shot'}")
    return _answered(request, production, scene, f"Scene {scene.code} marked {'shot' if shot else 'not shot'}.")


def _answered(request: HttpRequest, production: Production, scene: Scene, text: str, *, ok: bool = True) -> HttpResponse:
    """After a strip's action: to htmx, the strip again with what was done said in the board's live region
    (and the undo buttons brought up to date); to a plain form, a message and the page it came from."""
    if not request.htmx:
        (messages.success if ok else messages.error)(request, text)
        return redirect_back(request, reverse("web:stripboard", args=[production.code]) + f"#scene-{scene.pk}")
    current = schedule_version_get(production=production)
    view = board_view(request.session, production, version=current, current=current)
    [strip] = _strips(production, current, view.overlay, only=scene)
    return render(request, "scheduling/partials/strip_answer.html", {
        "production": production, "strip": strip, "board": view, "is_current": True, "said": text, "ok": ok,
        **_strip_context(production, request.POST.get("next", "").split("#")[0] or reverse("web:stripboard", args=[production.code])),
    })


def _strip_context(production: Production, back: str) -> dict:
    """What every strip's links share: the page to come back to and the move page."""
    return {"back": back, "back_query": quote(back, safe=""), "move_url": reverse("web:board_move", args=[production.code])}
