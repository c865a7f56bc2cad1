"""Reads behind the API: querysets shaped for listing (counts annotated, relations prefetched), each scoped
to what the user may see. Productions are visible to their director and to superusers only."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from core.times import format_time
from scheduling.models import Production, Scene, ScheduleVersion, Shoot, SolveProgress, SolveRun, UnscheduledScene
from scheduling.selectors import productions_visible, scenes_with_links, schedule_version_get

RECENT_PROGRESS_SAMPLES = 50


def _time(moment) -> str | None:
    return format_time(moment) if moment else None


def _visible(queryset: QuerySet, user, director_path: str) -> QuerySet:
    return queryset if user.is_superuser else queryset.filter(**{director_path: user})


def productions_for_user(*, user) -> QuerySet:
    """The productions a user may see, with their scene count and current version number."""
    return productions_visible(user=user).select_related("director").annotate(
        scene_count=Coalesce(_count(Scene, "production"), Value(0)),
        current_version=Subquery(
            ScheduleVersion.objects.filter(production=OuterRef("pk")).order_by("-number").values("number")[:1]
        ),
    )


def production_visible(*, user, code: str) -> Production:
    """The production by code if the user may see it; otherwise 404, whether or not it exists."""
    production = productions_for_user(user=user).filter(code=code).first()
    if production is None:
        raise Http404(f'no production "{code}"')
    return production


def _count(model, field: str) -> Subquery:
    return Subquery(
        model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def scenes_listing(*, production: Production) -> QuerySet:
    """Scenes in stripboard order with everything their entries need, and whether the current version has them."""
    current = schedule_version_get(production=production)
    current_shoots = Shoot.objects.filter(version=current).select_related("module", "version")
    return (
        scenes_with_links(Scene.objects.filter(production=production))
        .select_related("pin__module")
        .prefetch_related(Prefetch("shoots", queryset=current_shoots, to_attr="current_shoots"))
        .annotate(scheduled=Exists(Shoot.objects.filter(scene=OuterRef("pk"), version=current)))
        .order_by("position", "id")
    )


def scene_visible(*, production: Production, code: str) -> Scene:
    scene = scenes_listing(production=production).filter(code=code).first()
    if scene is None:
        raise Http404(f'no scene "{code}" in production {production.code}')
    return scene


def scene_state(*, scene: Scene) -> dict:
    """What the file does not say: shot, omitted by the script, pinned, and the shoot in the current version."""
    pin = getattr(scene, "pin", None)  # a missing reverse one-to-one raises an AttributeError subclass
    shoot = scene.current_shoots[0] if getattr(scene, "current_shoots", None) else None
    return {
        "shot": scene.shot,
        "omitted": scene.omitted,
        "pin": {"scene": scene.code, "start": _time(pin.start), "module": pin.module.code} if pin else None,
        "shoot": {
            "start": _time(shoot.start), "end": _time(shoot.end), "module": shoot.module.code,
            "version": shoot.version.number,
        } if shoot else None,
    }


def schedule_versions_listing(*, production: Production) -> QuerySet:
    return production.schedule_versions.annotate(
        shoot_count=Coalesce(_count(Shoot, "version"), Value(0)),
        unscheduled_count=Coalesce(_count(UnscheduledScene, "version"), Value(0)),
    ).order_by("-number")


def schedule_version_visible(*, production: Production, number: int | None = None) -> ScheduleVersion:
    """A version by number, or the current one; 404 when there is none."""
    version = schedule_version_get(production=production, number=number)
    if version is None:
        if number is None:
            raise Http404(f"production {production.code} has no published schedule yet")
        raise Http404(f"production {production.code} has no schedule version {number}")
    return version


def solve_runs_for_user(*, user) -> QuerySet:
    return _visible(SolveRun.objects.all(), user, "production__director").select_related(
        "production", "requested_by", "schedule_version"
    )


def solve_run_visible(*, user, run_id: int) -> SolveRun:
    run = solve_runs_for_user(user=user).filter(pk=run_id).first()
    if run is None:
        raise Http404(f"no solve run {run_id}")
    return run


def solve_progress_recent(*, run: SolveRun) -> list[SolveProgress]:
    recent = list(SolveProgress.objects.filter(solve_run=run).order_by("-elapsed_seconds", "-id")[:RECENT_PROGRESS_SAMPLES])
    return recent[::-1]
