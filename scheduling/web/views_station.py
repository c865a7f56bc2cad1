"""Pages for station operations: the station timeline of every production's shoots."""

from datetime import datetime, time, timezone

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone as django_timezone
from django.views.decorators.http import require_safe

from crew.models import Station

from ..roles import STATION_OPERATIONS
from .station_timeline import TIMELINE_MAX_DAYS, station_timeline, station_timeline_start


class TimelineRangeForm(forms.Form):
    start = forms.DateField(required=False, help_text="First UTC day shown; empty: the day of the first shoot.")
    days = forms.IntegerField(required=False, min_value=1, max_value=TIMELINE_MAX_DAYS)


@login_required
@require_safe
def station_timeline_page(request, code: str):
    """All productions' current shoots on one timeline, a row per module and per person (`?start=&days=`)."""
    if not (request.user.is_superuser or request.user.groups.filter(name=STATION_OPERATIONS).exists()):
        raise PermissionDenied("Only station operations see the whole station's timeline.")
    station = get_object_or_404(Station, code=code)
    form = TimelineRangeForm(request.GET)
    chosen = form.cleaned_data if form.is_valid() else {}
    day = chosen.get("start")
    start = (
        datetime.combine(day, time(0), tzinfo=timezone.utc)
        if day
        else station_timeline_start(station=station) or _today()
    )
    timeline = station_timeline(station=station, start=start, days=chosen.get("days") or 7)
    return render(request, "scheduling/station_timeline.html", {"timeline": timeline, "form": form}, status=200 if form.is_valid() else 400)


def _today() -> datetime:
    return datetime.combine(django_timezone.now().astimezone(timezone.utc).date(), time(0), tzinfo=timezone.utc)
