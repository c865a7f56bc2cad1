"""Director pages: the list of productions and a production's timeline. Other pages are in views_*.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ..models import Production, ScheduleVersion, SolveRun
from ..selectors import productions_visible, schedule_version_get
from .access import production_or_404, version_selected
from .board import board_view
from .conflicts import broken_shoots, timeline_mark_broken
from .forms import SolveRunForm
from .timeline import stay_days, stay_weeks, timeline_build, zoom_neighbours, zoom_parse


def version_summary(version: ScheduleVersion | None) -> dict | None:
    if version is None:
        return None
    counts = ScheduleVersion.objects.filter(pk=version.pk).aggregate(
        scheduled=Count("shoots", distinct=True), unscheduled=Count("unscheduled", distinct=True)
    )
    return {"version": version, **counts}


def run_elapsed(run: SolveRun | None) -> float:
    """Seconds the run has been solving: its last progress report, or the clock while it runs silently."""
    if run is None:
        return 0.0
    elapsed = run.elapsed_seconds
    if run.status == SolveRun.Status.RUNNING and run.started:
        elapsed = min(max(elapsed, (timezone.now() - run.started).total_seconds()), run.time_limit_seconds)
    return elapsed


@login_required
@require_safe
def production_list(request: HttpRequest) -> HttpResponse:
    productions = productions_visible(user=request.user).order_by("code")
    rows = []
    for production in productions:
        current = schedule_version_get(production=production)
        active = production.solve_runs.filter(status__in=SolveRun.ACTIVE).first()
        rows.append({
            "production": production, "summary": version_summary(current), "active_run": active,
            "scenes": production.scenes.count(), "broken": broken_shoots(production=production),
        })
    broken_rows = [row for row in rows if row["broken"]]
    return render(request, "scheduling/production_list.html", {"rows": rows, "broken_rows": broken_rows})


def production_page(
    request: HttpRequest, production: Production, *, form: SolveRunForm | None = None,
    run_error: dict | None = None, status: int = 200,
) -> HttpResponse:
    """The production's home: version summary, scheduling controls with live progress, and the timeline.
    Also rendered by the run views when a solve cannot start (with `run_error` and its status code)."""
    version = version_selected(request, production)
    current = schedule_version_get(production=production)
    zoom = zoom_parse(production, week=request.GET.get("week"), day=request.GET.get("day"))
    stripboard = reverse("web:stripboard", args=[production.code])
    board = board_view(request.session, production, version=version, current=current)
    timeline = timeline_build(
        production=production, version=version, zoom=zoom, scene_url=lambda scene_id: f"{stripboard}#scene-{scene_id}",
        draft=board.overlay,
    )
    broken = broken_shoots(production=production, version=version)
    timeline_mark_broken(timeline, broken)
    run = production.solve_runs.filter(status__in=SolveRun.ACTIVE).first() or production.solve_runs.first()
    zoom_query = f"?week={zoom.week}" if zoom.kind == "week" else f"?day={zoom.day.isoformat()}" if zoom.kind == "day" else ""
    previous, following = zoom_neighbours(production, zoom)
    context = {
        "production": production, "tab": "timeline", "version": version, "current": current,
        "summary": version_summary(version), "versions": production.schedule_versions.values_list("number", flat=True),
        "timeline": timeline, "broken": broken, "zoom": zoom, "days": stay_days(production), "weeks": range(1, stay_weeks(production) + 1),
        "run": run, "elapsed": run_elapsed(run), "form": form or SolveRunForm(production=production), "run_error": run_error,
        "page_url": reverse("web:production", args=[production.code]), "zoom_query": zoom_query, "zoom_previous": previous, "zoom_next": following,
        "version_query": f"version={request.GET['version']}&" if request.GET.get("version") else "",
        "board": board,
    }
    return render(request, "scheduling/production.html", context, status=status)


@login_required
@require_safe
def production_detail(request: HttpRequest, code: str) -> HttpResponse:
    return production_page(request, production_or_404(request, code))
