"""The Breakdown tab: elements and the casting with their forms, breakdown sheets and the element report."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.errors import InUse
from crew.models import CrewMember

from ..breakdown_selectors import cast_list, elements_listing
from ..breakdown_services import element_delete as element_remove
from ..models import Element, Scene
from .access import production_or_404, production_write, version_selected
from .entry_pages import entry_form_views
from .breakdown import breakdown_sheets, breakdown_sheets_csv, element_report, element_report_csv
from .breakdown_forms import CastingFormSet, ElementForm
from .views import version_summary


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file_part(code: str) -> str:
    """A code as part of a download's name: scene codes may hold spaces and quotes, file names should not."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", code)


@require_safe
@login_required
def breakdown(request: HttpRequest, code: str) -> HttpResponse:
    production = production_or_404(request, code)
    cast = cast_list(production=production)
    cast_people = {member.person for member in cast.members}
    roster = CrewMember.objects.filter(rosterentry__production=production).order_by("rosterentry__position", "rosterentry__id")
    return render(request, "scheduling/breakdown.html", {
        "production": production, "tab": "breakdown", "elements": elements_listing(production=production),
        "cast": cast.members, "uncast": [member for member in roster if member.code not in cast_people],
    })


element_add, element_edit = entry_form_views(
    noun="element", model=Element, form_class=ElementForm, template="scheduling/element_form.html", tab="breakdown",
    back="web:breakdown",
)


@require_POST
@production_write("scheduling.delete_element")
def element_delete(request: HttpRequest, production, pk: int) -> HttpResponse:
    element = get_object_or_404(Element, production=production, pk=pk)
    try:
        element_remove(element=element)
    except InUse as error:
        messages.error(request, f"Not deleted: {error.message}.")
    else:
        messages.success(request, f"Element {element.code} deleted.")
    return redirect(reverse("web:breakdown", args=[production.code]) + "#elements-heading")


@production_write(("scheduling.add_casting", "scheduling.change_casting", "scheduling.delete_casting"))
def casting(request: HttpRequest, production) -> HttpResponse:
    formset = CastingFormSet(request.POST or None, production=production)
    if request.method == "POST" and formset.is_valid() and formset.save():
        messages.success(request, "Casting saved.")
        return redirect(reverse("web:breakdown", args=[production.code]) + "#cast-heading")
    return render(request, "scheduling/casting_form.html", {
        "production": production, "tab": "breakdown", "formset": formset,
    }, status=400 if request.method == "POST" else 200)


def _sheets(request: HttpRequest, code: str, pk: int | None):
    production = production_or_404(request, code)
    scene = get_object_or_404(Scene, production=production, pk=pk) if pk is not None else None
    version = version_selected(request, production)
    return production, scene, version, breakdown_sheets(production=production, version=version, scene=scene)


@require_safe
@login_required
def sheets(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """Breakdown sheets, printable one to a page: every scene's, or one scene's."""
    production, scene, version, built = _sheets(request, code, pk)
    return render(request, "scheduling/breakdown_sheets.html", {
        "production": production, "tab": "breakdown", "version": version, "scene": scene, "sheets": built,
    })


@require_safe
@login_required
def sheets_csv(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    production, scene, _, built = _sheets(request, code, pk)
    name = f"{production.code}-breakdown" + (f"-{_file_part(scene.code)}" if scene else "")
    return _csv(breakdown_sheets_csv(built), f"{name}.csv")


@require_safe
@login_required
def report(request: HttpRequest, code: str) -> HttpResponse:
    """Each element with the scenes that use it and the shooting days the shown version has them on."""
    production = production_or_404(request, code)
    version = version_selected(request, production)
    return render(request, "scheduling/element_report.html", {
        "production": production, "tab": "breakdown", "version": version, "summary": version_summary(version),
        "versions": production.schedule_versions.values_list("number", flat=True),
        "report": element_report(production=production, version=version),
    })


@require_safe
@login_required
def report_csv(request: HttpRequest, code: str) -> HttpResponse:
    production = production_or_404(request, code)
    version = version_selected(request, production)
    return _csv(element_report_csv(element_report(production=production, version=version)), f"{production.code}-elements.csv")
