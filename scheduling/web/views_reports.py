"""Call sheets, day-out-of-days, version comparison and the schedule downloads."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..exports import schedule_csv, schedule_document, schedule_ical
from ..selectors import schedule_version_get, schedule_versions_compare
from .access import production_or_404, version_selected
from .conflicts import broken_shoots
from .forms import CompareForm
from .reports import call_sheet, day_neighbours, day_out_of_days, first_shooting_day
from .timeline import stay_days
from .views import version_summary


def _common(request, production, tab: str) -> dict:
    version = version_selected(request, production)
    return {
        "production": production, "tab": tab, "version": version, "summary": version_summary(version),
        "versions": production.schedule_versions.values_list("number", flat=True),
    }


@login_required
@require_safe
def callsheet(request: HttpRequest, code: str) -> HttpResponse:
    production = production_or_404(request, code)
    context = _common(request, production, "callsheet")
    days = stay_days(production)
    try:
        day = date.fromisoformat(request.GET["day"]) if request.GET.get("day") else None
    except ValueError:
        day = None
    if day is None or day not in days:
        if request.GET.get("day"):
            raise Http404("That day is not part of the stay.")
        day = first_shooting_day(production=production, version=context["version"])
    previous, following = day_neighbours(production, day)
    context.update(sheet=call_sheet(production=production, version=context["version"], day=day),
                   days=days, previous=previous, following=following,
                   broken=broken_shoots(production=production, version=context["version"]))
    return render(request, "scheduling/callsheet.html", context)


@login_required
@require_safe
def dood(request: HttpRequest, code: str) -> HttpResponse:
    production = production_or_404(request, code)
    context = _common(request, production, "dood")
    context["dood"] = day_out_of_days(production=production, version=context["version"])
    return render(request, "scheduling/dood.html", context)


@login_required
@require_safe
def compare(request: HttpRequest, code: str) -> HttpResponse:
    production = production_or_404(request, code)
    context = _common(request, production, "compare")
    versions = list(production.schedule_versions.select_related("solve_run").order_by("-number"))
    numbers = [version.number for version in versions]
    comparison = None
    initial = {"new": numbers[0], "old": numbers[1]} if len(numbers) > 1 else {}
    form = CompareForm(request.GET if "old" in request.GET else None, numbers=numbers, initial=initial)
    if form.is_bound and form.is_valid():
        pair = (form.cleaned_data["old"], form.cleaned_data["new"])
    elif not form.is_bound and len(numbers) > 1:
        pair = (numbers[1], numbers[0])
    else:
        pair = None
    if pair:
        by_number = {version.number: version for version in versions}
        comparison = schedule_versions_compare(old=by_number[pair[0]], new=by_number[pair[1]])
        titles = dict(production.scenes.values_list("code", "title"))
        comparison["moved_rows"] = [{**move, "title": titles.get(move["scene"], "")} for move in comparison["moved"]]
        comparison["added_rows"] = [{"scene": code, "title": titles.get(code, "")} for code in comparison["added"]]
        comparison["dropped_rows"] = [{"scene": code, "title": titles.get(code, "")} for code in comparison["dropped"]]
    context.update(form=form, comparison=comparison, all_versions=versions)
    return render(request, "scheduling/compare.html", context)


EXPORTS = {"json": "application/json", "csv": "text/csv; charset=utf-8", "ics": "text/calendar; charset=utf-8"}


@login_required
@require_safe
def export(request: HttpRequest, code: str, number: int, fmt: str) -> HttpResponse:
    production = production_or_404(request, code)
    version = schedule_version_get(production=production, number=number)
    if version is None or fmt not in EXPORTS:
        raise Http404("No such schedule version or format.")
    document = schedule_document(version=version)
    if fmt == "json":
        response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    elif fmt == "csv":
        response = HttpResponse(schedule_csv(document), content_type=EXPORTS[fmt])
    else:
        response = HttpResponse(schedule_ical(document), content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{production.code}-v{version.number}.{fmt}"'
    return response
