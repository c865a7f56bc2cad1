"""The cross-production check: across the current schedules of every production on a station, no person and
no module is in two shoots at once. Each production's own schedule is checked by the solver's validator;
this is what no single production can see.

Publication runs `bookings_taken_elsewhere` under the station's lock, so a schedule that would clash with
what another production published meanwhile is never written; `station_conflicts` audits a whole station
for station operations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from django.db.models import OuterRef, QuerySet, Subquery

from crew.models import Station

from .models import Production, ScheduleVersion, Shoot


@dataclass(frozen=True)
class Booking:
    """A shoot as the station sees it: which production, which scene, who and what it takes, and when."""

    production: str
    scene: str
    module: str
    people: tuple[str, ...]
    start: datetime
    end: datetime

    @classmethod
    def of(cls, shoot: Shoot) -> Booking:
        return cls(shoot.version.production.code, shoot.scene.code, shoot.module.code, tuple(shoot.people),
                   shoot.start, shoot.end)


def current_shoots(*, station_id: int, start: datetime | None = None, end: datetime | None = None) -> QuerySet:
    """The shoots of every production's current (latest) schedule on the station, those overlapping
    [start, end) when given."""
    latest = ScheduleVersion.objects.filter(production=OuterRef("production")).order_by("-number").values("pk")[:1]
    versions = ScheduleVersion.objects.filter(production__station_id=station_id, pk=Subquery(latest))
    shoots = Shoot.objects.filter(version__in=versions).select_related("scene", "module", "version__production")
    if start is not None and end is not None:
        shoots = shoots.filter(start__lt=end, end__gt=start)
    return shoots


def station_conflicts(*, station: Station) -> list[str]:
    """Every pair of overlapping shoots of different productions that share a person or a module."""
    bookings = [Booking.of(shoot) for shoot in current_shoots(station_id=station.pk)]
    return [
        f"{kind} {code} is double-booked: {_words(first)} and {_words(second)}"
        for kind, code, first, second in _double_bookings(bookings)
    ]


def bookings_taken_elsewhere(*, production: Production, bookings: list[Booking]) -> list[str]:
    """Where `bookings`, a schedule of `production` about to be published, take a person or a module that
    another production's current schedule takes at the same time: one sentence per shoot in the way, in a
    director's words. The other production is never named: the director may not see it."""
    if not bookings:
        return []
    others = current_shoots(
        station_id=production.station_id, start=min(b.start for b in bookings), end=max(b.end for b in bookings),
    ).exclude(version__production=production)
    taken: dict[tuple[Booking, Booking], list[tuple[str, str]]] = defaultdict(list)
    for kind, code, first, second in _double_bookings([*bookings, *map(Booking.of, others)]):
        if production.code not in (first.production, second.production):
            continue  # two other productions between themselves: station operations' business, not this one's
        mine, theirs = (first, second) if first.production == production.code else (second, first)
        taken[mine, theirs].append((kind, code))
    sentences = []
    for (mine, theirs), resources in sorted(taken.items(), key=lambda item: (item[0][0].start, item[0][1].start)):
        words = [code for kind, code in resources if kind == "person"]
        words += [f"module {code}" for kind, code in resources if kind == "module"]
        verb = "is" if len(words) == 1 else "are"
        sentences.append(
            f"scene {mine.scene} ({_span(mine)}): {_and(words)} {verb} booked by another production {_span(theirs)}"
        )
    return sentences


def _double_bookings(bookings: Iterable[Booking]) -> Iterator[tuple[str, str, Booking, Booking]]:
    """(kind, code, earlier, later) for each person or module two productions' overlapping shoots share."""
    by_resource: dict[tuple[str, str], list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_resource[("module", booking.module)].append(booking)
        for person in booking.people:
            by_resource[("person", person)].append(booking)
    for (kind, code), booked in sorted(by_resource.items()):
        booked.sort(key=lambda booking: booking.start)
        for index, booking in enumerate(booked):
            for later in booked[index + 1:]:
                if later.start >= booking.end:
                    break
                if later.production != booking.production:
                    yield kind, code, booking, later


def _span(booking: Booking) -> str:
    """As the solver words spans: "2021-10-09 08:00-10:00 UTC", both dates when it crosses midnight."""
    start, end = booking.start.astimezone(timezone.utc), booking.end.astimezone(timezone.utc)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} UTC"
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"


def _words(booking: Booking) -> str:
    return f"{booking.production} scene {booking.scene} ({_span(booking)})"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
