"""The station timeline: every production's current shoots on one station, a row per module and per person, with
the module closures and station events, placed as percentages of the range shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from django.db.models import Min, OuterRef, Subquery

from crew.models import ModuleClosure, Station, StationEvent

from ..models import Production, ScheduleVersion, Shoot

# Distinguishable on white and for the common colour-vision deficiencies (Okabe-Ito, then Tol's muted).
PRODUCTION_COLOURS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#332288", "#117733", "#882255", "#999933",
)
TIMELINE_MAX_DAYS = 62


@dataclass(frozen=True)
class TimelineBlock:
    kind: str  # "shoot", "closure" or "event"
    label: str
    title: str
    left: str  # percent of the range, as CSS wants it
    width: str
    colour: str = ""


@dataclass
class TimelineRow:
    kind: str  # "module" or "person"
    code: str
    name: str
    blocks: list[TimelineBlock] = field(default_factory=list)


@dataclass(frozen=True)
class TimelineProduction:
    code: str
    title: str
    colour: str
    version: int | None
    shoots: int


@dataclass(frozen=True)
class StationTimeline:
    station: Station
    start: datetime
    end: datetime
    days: int
    productions: list[TimelineProduction]
    rows: list[TimelineRow]
    ticks: list[tuple[str, str]]  # (left percent, day label)

    @property
    def previous_start(self) -> date:
        return (self.start - timedelta(days=self.days)).date()

    @property
    def next_start(self) -> date:
        return self.end.date()


def station_timeline_start(*, station: Station) -> datetime | None:
    """The UTC midnight before the first shoot of any production's current schedule on the station."""
    first = Shoot.objects.filter(version__in=_current_versions(station)).aggregate(first=Min("start"))["first"]
    return datetime.combine(first.astimezone(timezone.utc).date(), time(0), tzinfo=timezone.utc) if first else None


def station_timeline(*, station: Station, start: datetime, days: int) -> StationTimeline:
    """Every production's current (latest) schedule on the station over `days` days from `start`: a row per
    module and per person with their shoots, coloured by production, plus closures and station events."""
    end = start + timedelta(days=days)
    productions = list(
        Production.objects.filter(station=station)
        .annotate(current_version=Subquery(_latest_versions(OuterRef("pk")).values("number")[:1]))
        .order_by("code")
    )
    colours = {production.pk: PRODUCTION_COLOURS[index % len(PRODUCTION_COLOURS)] for index, production in enumerate(productions)}
    shoots = list(
        Shoot.objects.filter(version__in=_current_versions(station), start__lt=end, end__gt=start)
        .select_related("scene", "module", "version__production")
        .order_by("start", "id")
    )
    place = _placer(start, end)
    modules = {module.pk: TimelineRow("module", module.code, module.name) for module in station.modules.order_by("id")}
    people = {member.code: TimelineRow("person", member.code, member.name) for member in station.crew_members.order_by("id")}
    counts: dict[int, int] = {}
    for shoot in shoots:
        production = shoot.version.production
        counts[production.pk] = counts.get(production.pk, 0) + 1
        block = TimelineBlock(
            "shoot",
            label=shoot.scene.code,
            title=(
                f"{production.title or production.code}: scene {shoot.scene.code} {shoot.scene.title}, "
                f"{_span(shoot.start, shoot.end)} in {shoot.module.code} with {', '.join(shoot.people) or 'nobody'}"
            ),
            colour=colours[production.pk],
            **place(shoot.start, shoot.end),
        )
        modules[shoot.module_id].blocks.append(block)
        for code in shoot.people:
            if code in people:
                people[code].blocks.append(block)
    for closure in ModuleClosure.objects.filter(module__station=station, start__lt=end, end__gt=start):
        modules[closure.module_id].blocks.append(TimelineBlock(
            "closure", label="closed", title=f"closed {_span(closure.start, closure.end)}: {closure.reason}",
            **place(closure.start, closure.end),
        ))
    for event in StationEvent.objects.filter(station=station, start__lt=end, end__gt=start).prefetch_related("people", "modules"):
        block = TimelineBlock(
            "event", label=event.code, title=f"{event.title or event.code}, {_span(event.start, event.end)}",
            **place(event.start, event.end),
        )
        blocked_modules = modules.keys() if event.all_modules else [module.pk for module in event.modules.all()]
        blocked_people = people.keys() if event.all_people else [member.code for member in event.people.all()]
        for key in blocked_modules:
            modules[key].blocks.append(block)
        for key in blocked_people:
            people[key].blocks.append(block)
    return StationTimeline(
        station=station, start=start, end=end, days=days,
        productions=[
            TimelineProduction(production.code, production.title, colours[production.pk], production.current_version,
                               counts.get(production.pk, 0))
            for production in productions
        ],
        rows=list(modules.values()) + list(people.values()),
        ticks=[
            (place(start + timedelta(days=day), end)["left"], f"{start + timedelta(days=day):%a %d %b}")
            for day in range(days)
        ],
    )


def _latest_versions(production):
    return ScheduleVersion.objects.filter(production=production).order_by("-number")


def _current_versions(station: Station):
    """The latest schedule version of each production on the station."""
    latest = _latest_versions(OuterRef("production")).values("pk")[:1]
    return ScheduleVersion.objects.filter(production__station=station, pk=Subquery(latest))


def _placer(start: datetime, end: datetime):
    """Left and width, in percent of `[start, end)`, of a span clipped to it."""
    total = (end - start).total_seconds()

    def place(span_start: datetime, span_end: datetime) -> dict:
        left = max(span_start, start)
        right = min(span_end, end)
        return {
            "left": f"{(left - start).total_seconds() / total * 100:.4f}",
            "width": f"{(right - left).total_seconds() / total * 100:.4f}",
        }

    return place


def _span(start: datetime, end: datetime) -> str:
    start, end = start.astimezone(timezone.utc), end.astimezone(timezone.utc)
    if start.date() == end.date():
        return f"{start:%a %d %b %H:%M}–{end:%H:%M} UTC"
    return f"{start:%a %d %b %H:%M} – {end:%a %d %b %H:%M} UTC"
