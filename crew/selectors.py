"""Reads of station data."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Min

from .models import CrewMember


def crew_member_free_windows_span(*, crew_member: CrewMember) -> tuple[datetime, datetime] | None:
    """From the start of the member's first free window to the end of their last; None when they have none."""
    span = crew_member.free_windows.aggregate(start=Min("start"), end=Max("end"))
    return (span["start"], span["end"]) if span["start"] is not None else None
