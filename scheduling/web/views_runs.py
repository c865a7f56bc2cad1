"""Scheduling from the page: start a solve run (or a repair), follow its progress live, cancel it."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ..models import Production, SolveRun
from ..runs import BrokerUnavailable, SolveRunActive, solve_run_cancel, solve_run_request
from ..solving import NothingToRepair
from .access import production_or_404, production_write
from .forms import RepairForm, SolveRunForm
from .views import production_page, run_elapsed


def _run_or_404(production: Production, pk: int) -> SolveRun:
    return get_object_or_404(SolveRun.objects.select_related("production"), production=production, pk=pk)


@require_POST
@production_write("scheduling.change_production", limits=("writes", "solves"))
def run_start(request: HttpRequest, production: Production) -> HttpResponse:
    form = SolveRunForm(request.POST, production=production)
    if not form.is_valid():
        return production_page(request, production, form=form, status=400)
    return _run_requested(
        request, production, form, engine_name=form.cleaned_data["engine"], seconds=form.cleaned_data["seconds"],
        replan_from=form.replan_instant(),
    )


@require_POST
@production_write("scheduling.change_production", limits=("writes", "solves"))
def run_repair(request: HttpRequest, production: Production) -> HttpResponse:
    """Repair the published schedule: the Repair button, wherever the page shows what the station broke."""
    form = RepairForm(request.POST)
    if not form.is_valid():
        said = [f"{name}: {message}" for name, errors in form.errors.items() for message in errors]
        return production_page(request, production, status=400, run_error={
            "title": "The repair could not start", "message": "; ".join(said),
        })
    return _run_requested(
        request, production, None, engine_name=form.cleaned_data["engine"] or "cp-sat",
        seconds=form.cleaned_data["seconds"], repair=True,
    )


def _run_requested(request: HttpRequest, production: Production, form: SolveRunForm | None, **run) -> HttpResponse:
    """Queue the run and go to its progress on the timeline; or the page again (with the form as it was sent),
    saying why it did not start."""
    try:
        run = solve_run_request(production=production, requested_by=request.user, **run)
    except BrokerUnavailable as error:
        return production_page(request, production, form=form, status=503, run_error={
            "title": "The scheduling workers cannot be reached", "message": str(error),
        })
    except SolveRunActive as error:
        return production_page(request, production, form=form, status=409, run_error={
            "title": "A run is already active",
            "message": f"Solve run {error.run.pk} is {error.run.status}. Follow it, or cancel it before starting another.",
            "run": error.run,
        })
    except NothingToRepair as error:
        return production_page(request, production, status=400, run_error={
            "title": "Nothing to repair", "message": error.message,
        })
    if run.repair:
        what = "repair of the published schedule"
    else:
        what = f"re-plan from {run.replan_from:%Y-%m-%d %H:%M} UTC" if run.replan_from else "schedule"
    messages.info(request, f"Solve run {run.pk} queued: {what} with {run.engine}, up to {run.time_limit_seconds} s.")
    return redirect(reverse("web:production", args=[production.code]) + "#solve-progress")


@login_required
@require_GET
def run_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    production = production_or_404(request, code)
    run = _run_or_404(production, pk)
    return render(request, "scheduling/run.html", {
        "production": production, "run": run, "elapsed": run_elapsed(run), "tab": "timeline",
    })


def _progress(request: HttpRequest, production: Production, run: SolveRun, *, finished_now: bool) -> HttpResponse:
    response = render(request, "scheduling/partials/run_progress.html", {
        "production": production, "run": run, "elapsed": run_elapsed(run),
    })
    if finished_now:
        # The page listening for this reloads its timeline and summary in place to show the new version.
        response["HX-Trigger"] = "solve-finished"
    return response


@login_required
@require_GET
def run_progress(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The progress panel. While the run is active it polls itself every second; the answer to the first poll
    after it ends has no trigger, so polling stops, and it tells the page a new version may be there."""
    production = production_or_404(request, code)
    run = _run_or_404(production, pk)
    return _progress(request, production, run, finished_now=not run.active and request.GET.get("poll") == "1")


@require_POST
@production_write("scheduling.change_production")
def run_cancel(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    run = solve_run_cancel(run=_run_or_404(production, pk))
    if request.htmx:
        # A running solve stops at its next callback, within a second or so: show it ending right away.
        deadline = time.monotonic() + 2
        while run.active and time.monotonic() < deadline:
            time.sleep(0.2)
            run.refresh_from_db()
        return _progress(request, production, run, finished_now=not run.active)
    messages.info(request, f"Solve run {run.pk}: cancel requested.")
    return redirect(reverse("web:production", args=[production.code]) + "#solve-progress")
