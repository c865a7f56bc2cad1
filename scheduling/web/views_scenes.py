"""The stripboard and breakdown: scenes with filters, the boneyard, scene forms, pins and marking shot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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
from .access import production_or_404, production_write, redirect_back, version_selected
from .entry_pages import entry_form_views
from .forms import SceneForm
from .timeline import shoot_status
from .views import version_summary


@dataclass
class Strip:
    scene: Scene
    people: list[str]
    cast: list[str]  # the people as the cast list has them: "1. ZHENYA — Yulia Peresild"
    modules: list[str]
    elements: list[str]
    shoot: Shoot | None
    reason: str | None
    pin: Pin | None
    status: str  # planned | pinned | shot | unscheduled | omitted
    changed_since: int | None = None  # the version whose shoot of it a script revision changed since


@dataclass
class DayBreak:
    day: date
    number: int
    strips: list[Strip]

    @property
    def minutes(self) -> int:
        return sum(strip.scene.minutes for strip in self.strips)


FILTERS = ("module", "person", "element", "light", "scheduled")


def _strips(production: Production, version) -> list[Strip]:
    scenes = list(
        production.scenes.order_by("position", "id").select_related("revised_by").prefetch_related(
            Prefetch("scenecast_set", queryset=SceneCast.objects.select_related("crew_member")),
            Prefetch("scenemodule_set", queryset=SceneModule.objects.select_related("module")),
            Prefetch("sceneelement_set", queryset=SceneElement.objects.select_related("element")),
        )
    )
    cast = cast_list(production=production)
    shoots, reasons, read_at = {}, {}, None
    if version is not None:
        shoots = {shoot.scene_id: shoot for shoot in version.shoots.select_related("module")}
        reasons = dict(version.unscheduled.values_list("scene_id", "reason"))
        read_at = version_read_at(version=version)
    pins = {pin.scene_id: pin for pin in Pin.objects.filter(scene__production=production).select_related("module")}
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
        ))
    return strips


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
    strips = _strips(production, version)
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
        "is_current": version is None or version == schedule_version_get(production=production),
    }
    if request.htmx and request.htmx.target == "strips":
        return render(request, "scheduling/partials/strips.html", context)
    return render(request, "scheduling/stripboard.html", context)


scene_add, scene_edit = entry_form_views(
    noun="scene", model=Scene, form_class=SceneForm, template="scheduling/scene_form.html", tab="stripboard",
    back="web:stripboard", saved_note=" Schedule again to place it.",
)


@require_POST
@production_write(("scheduling.add_pin", "scheduling.change_pin"))
def scene_pin(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    """Pin a scene where the current schedule has it (or at the start and module posted)."""
    scene = get_object_or_404(Scene, production=production, pk=pk)
    fallback = reverse("web:stripboard", args=[production.code]) + f"#scene-{scene.pk}"
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
        messages.error(request, f"Scene {scene.code} has no shoot in the schedule to pin; give a start and module.")
        return redirect_back(request, fallback)
    try:
        pin = pin_set(scene=scene, start=start, module_code=module)
    except ProductionFileError as error:
        messages.error(request, f"Scene {scene.code} cannot be pinned there: " + "; ".join(error.lines()))
    else:
        messages.success(request, f"Scene {scene.code} pinned at {pin.start:%a %d %b %H:%M} UTC in {pin.module.code}.")
    return redirect_back(request, fallback)


@require_POST
@production_write("scheduling.delete_pin")
def scene_unpin(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    scene = get_object_or_404(Scene, production=production, pk=pk)
    pin_clear(scene=scene)
    messages.success(request, f"Scene {scene.code} unpinned: the next schedule may move it.")
    return redirect_back(request, reverse("web:stripboard", args=[production.code]) + f"#scene-{scene.pk}")


@require_POST
@production_write("scheduling.change_scene")
def scene_shot(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    """Mark a scene shot (frozen where the current schedule has it), or not shot after all."""
    scene = get_object_or_404(Scene, production=production, pk=pk)
    shot = request.POST.get("shot", "1") == "1"
    try:
        scene_mark_shot(scene=scene, shot=shot)
    except NothingToFreeze as error:
        messages.error(request, f"Cannot mark it shot: {error.message}.")
    else:
        messages.success(request, f"Scene {scene.code} marked {'shot' if shot else 'not shot'}.")
    return redirect_back(request, reverse("web:stripboard", args=[production.code]) + f"#scene-{scene.pk}")
