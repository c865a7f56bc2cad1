"""The production's places: the points on Earth its Earth views look at and its live links talk to. A director
finds one by name in the offline gazetteer (search as you type fills in its coordinates) or types them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from ..gazetteer import places_find
from ..models import Place, Production
from ..place_services import PlaceInUse, place_delete, place_save
from ..production_file import ProductionFileError
from ..scene_fields import CODE_LENGTH
from .access import production_or_404, production_write


class PlaceForm(forms.Form):
    """One place, with exactly the rules of a production file's `places` entry (`place_services.place_save`)."""

    code = forms.CharField(max_length=CODE_LENGTH, strip=False, help_text="Unique in the production, e.g. moscow.")
    name = forms.CharField(max_length=200, required=False)
    lat = forms.FloatField(label="Latitude", help_text="Degrees north, -90 to 90.")
    lon = forms.FloatField(label="Longitude", help_text="Degrees east, -180 to 180.")
    min_elevation = forms.FloatField(
        label="Lowest elevation in view", initial=10, required=False,
        help_text="Degrees above the place's horizon from which the station counts as in view.",
    )

    def __init__(self, *args, production: Production, place: Place | None = None, **kwargs):
        self.production, self.place = production, place
        if place is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(place, name) for name in ("code", "name", "lat", "lon", "min_elevation")}
        super().__init__(*args, **kwargs)

    def save(self) -> Place | None:
        """Save through the service; on a rule broken, put each error on its field and return None."""
        entry = dict(self.cleaned_data)
        try:
            return place_save(production=self.production, entry=entry, code=self.place.code if self.place else None)
        except ProductionFileError as error:
            for fault in error.faults:
                name = fault.path.split(".")[0]
                self.add_error(name if name in self.fields else None, fault.message if name in self.fields else str(fault))
            return None


def _page(request: HttpRequest, production: Production, form: PlaceForm, place: Place | None, status: int = 200) -> HttpResponse:
    return render(request, "scheduling/places.html", {
        "production": production, "tab": "places", "form": form, "place": place,
        "places": production.places.order_by("position", "id"),
    }, status=status)


def _form_page(request: HttpRequest, production: Production, place: Place | None) -> HttpResponse:
    form = PlaceForm(request.POST or None, production=production, place=place)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved is not None:
            messages.success(request, f"Place {saved.code} {'saved' if place else 'added'}.")
            return redirect("web:places", production.code)
    return _page(request, production, form, place, status=400 if request.method == "POST" else 200)


# Places are changed with the production's own permission, as the places API asks.
@production_write("scheduling.change_production", get_reads=True)
def places(request: HttpRequest, production: Production) -> HttpResponse:
    """The places with a form to add one."""
    return _form_page(request, production, None)


@production_write("scheduling.change_production")
def place_edit(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    return _form_page(request, production, get_object_or_404(Place, production=production, pk=pk))


@require_POST
@production_write("scheduling.change_production")
def place_remove(request: HttpRequest, production: Production, pk: int) -> HttpResponse:
    place = get_object_or_404(Place, production=production, pk=pk)
    try:
        place_delete(place=place)
    except PlaceInUse as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Place {place.code} deleted.")
    return redirect("web:places", production.code)


@login_required
@require_safe
def place_find(request: HttpRequest, code: str) -> HttpResponse:
    """Search as you type: the gazetteer's cities whose name begins with `q`."""
    production = production_or_404(request, code)
    query = request.GET.get("q", "")
    return render(request, "scheduling/partials/places_found.html", {
        "production": production, "query": query, "found": places_find(query=query),
        "fill_url": reverse("web:place_fill", args=[production.code]),
    })


@login_required
@require_safe
def place_fill(request: HttpRequest, code: str) -> HttpResponse:
    """The place form's fields with a found city's name and coordinates filled in; the code the director
    already typed stays, else one is made from the name."""
    production = production_or_404(request, code)
    name = request.GET.get("name", "")
    data = {
        "code": request.GET.get("code") or slugify(name)[:CODE_LENGTH], "name": name,
        "lat": request.GET.get("lat", ""), "lon": request.GET.get("lon", ""),
        "min_elevation": request.GET.get("min_elevation") or PlaceForm.base_fields["min_elevation"].initial,
    }
    return render(request, "scheduling/partials/place_fields.html", {"form": PlaceForm(initial=data, production=production)})
