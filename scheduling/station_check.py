"""The cross-production check: across the current schedules of every production on a station, no person and
no module is in two shoots at once. Each production's own schedule is checked by the solver's validator;
this is what no single production can see."""

from __future__ import annotations

from collections import defaultdict

from crew.models import Station

from .models import Shoot
from core.times import format_time
from .selectors import schedule_version_get


def station_conflicts(*, station: Station) -> list[str]:
    """Every pair of overlapping shoots of different productions that share a person or a module."""
    current_versions = []
    for production in station.productions.all():
        latest = schedule_version_get(production=production)
        if latest is not None:
            current_versions.append(latest.pk)
    shoots = Shoot.objects.filter(version__in=current_versions).select_related(
        "scene", "module", "version__production"
    )
    by_resource: dict[tuple[str, str], list[Shoot]] = defaultdict(list)
    for shoot in shoots:
        by_resource[("module", shoot.module.code)].append(shoot)
        for person in shoot.people:
            by_resource[("person", person)].append(shoot)
    conflicts = []
    for (kind, code), booked in sorted(by_resource.items()):
        booked.sort(key=lambda shoot: shoot.start)
        for index, shoot in enumerate(booked):
            for later in booked[index + 1:]:
                if later.start >= shoot.end:
                    break
                if later.version.production_id != shoot.version.production_id:
                    conflicts.append(
                        f"{kind} {code} is double-booked: {_words(shoot)} and {_words(later)}"
                    )
    return conflicts


def _words(shoot: Shoot) -> str:
    return (
        f"{shoot.version.production.code} scene {shoot.scene.code} "
        f"({format_time(shoot.start)}–{format_time(shoot.end)})"
    )
