"""Reads for USS export: a production's document and schedule as a Universal Schedule Standard document."""

from __future__ import annotations

from datetime import timezone
from itertools import groupby

from ..models import Production, ScheduleVersion
from ..selectors import production_document, schedule_version_get
from .write import ExportInfo, ShootingDays, uss_document


def uss_export(*, production: Production, number: int | None = None) -> dict:
    """The production's breakdown and schedule version `number` (the current one by default; none before the
    first schedule) as a .uss document."""
    version = schedule_version_get(production=production, number=number)
    director = production.director
    info = ExportInfo(
        created=production.created,
        author=(director.get_full_name() or director.get_username()) if director else None,
    )
    return uss_document(
        production_document(production=production), info=info,
        schedule=shooting_days(version=version) if version else None,
    )


def shooting_days(*, version: ScheduleVersion) -> ShootingDays:
    """The version's shoots by UTC day (the station keeps GMT), each day in shooting order."""
    shoots = version.shoots.order_by("start", "scene__code").values_list("start", "scene__code")
    days = tuple(
        (day, tuple(code for _, code in group))
        for day, group in groupby(shoots, key=lambda shoot: shoot[0].astimezone(timezone.utc).date())
    )
    return ShootingDays(number=version.number, published=version.created, days=days)
