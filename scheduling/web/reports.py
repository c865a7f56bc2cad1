"""Reads behind the printed reports: the daily call sheet and the day-out-of-days grid. Both list people as
the industry's numbered cast list does ("1. ZHENYA — Yulia Peresild"), in cast-number order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from crew.models import CrewMember, ModuleClosure, StationEvent

from ..breakdown_selectors import cast_list
from ..models import Pin, Production, ScheduleVersion, Shoot
from .passes import shoot_orbit_notes
from .timeline import DAY, production_light, shoot_status, spans_between, stay_days


def _day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return start, start + DAY


def _minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def _roster(production: Production) -> list[CrewMember]:
    return list(
        CrewMember.objects.filter(rosterentry__production=production).order_by("rosterentry__position", "rosterentry__id")
    )


# --- call sheet -------------------------------------------------------------------------------------------


@dataclass
class _Timed:
    """What the call sheet shows from `start` to `end`, with its length in minutes."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return _minutes(self.start, self.end)


@dataclass
class LightSpan(_Timed):
    kind: str  # day | night


@dataclass
class CallShoot(_Timed):
    scene: str
    title: str
    module: str
    people: list[str]  # as the cast list has them ("1. ZHENYA — Yulia Peresild"), in cast-number order
    cast: list[str]  # person codes
    status: str
    light_needed: str  # the scene's requirement: any | day | night
    light: list[LightSpan]  # orbital day and night during the shoot; empty without a TLE
    orbit: list[str] = field(default_factory=list)  # its pass or moment: when the crew must be at the window
    changed: str = ""  # how it differs from the previous version ("new", "moved from ..."); "" when it does not


@dataclass
class Call:
    """One person's day: when they are first needed, when they wrap, and what they shoot."""

    name: str
    listed_as: str  # the cast list's "1. ZHENYA — Yulia Peresild", or the name of someone cast as nobody
    role: str
    first: datetime
    wrap: datetime
    minutes: int
    scenes: list[str]


@dataclass
class CallEvent:
    start: datetime
    end: datetime
    title: str
    people: str
    modules: str


@dataclass
class CallSheet:
    production: Production
    version: ScheduleVersion | None
    day: date
    day_number: int  # shooting day 1, 2, ... of the stay
    shoots: list[CallShoot]
    calls: list[Call]
    events: list[CallEvent]
    closures: list[CallEvent]
    has_light: bool
    nights: int  # orbital nights beginning that day (sunsets)
    previous: int | None = None  # the version changes are marked against


def _light_spans(light, origin: datetime, start: datetime, end: datetime) -> list[LightSpan]:
    spans = [LightSpan(max(s, start), min(e, end), kind="day") for s, e in spans_between(light.day, origin, start, end)]
    spans += [LightSpan(max(s, start), min(e, end), kind="night") for s, e in spans_between(light.night, origin, start, end)]
    return sorted(spans, key=lambda span: span.start)


def call_sheet(*, production: Production, version: ScheduleVersion | None, day: date) -> CallSheet:
    """Who is called where and when on one UTC day, with the station's events and the orbit's day and night."""
    start, end = _day_range(day)
    casting = cast_list(production=production)
    roster = sorted(_roster(production), key=lambda member: casting.order(member.code))
    listed = casting.labels(roster)
    light = production_light(production)
    pinned = set(Pin.objects.filter(scene__production=production).values_list("scene_id", flat=True))

    shoots = []
    if version is not None:
        for shoot in (
            Shoot.objects.filter(version=version, start__lt=end, end__gt=start)
            .select_related("scene__over", "scene__link", "module").order_by("start", "scene__position")
        ):
            shoots.append(CallShoot(
                start=shoot.start, end=shoot.end, scene=shoot.scene.code, title=shoot.scene.title,
                module=shoot.module.name or shoot.module.code, cast=list(shoot.people),
                people=[listed.get(code, code) for code in sorted(shoot.people, key=casting.order)],
                status=shoot_status(shot=shoot.scene.shot, pinned=shoot.scene_id in pinned),
                light_needed=shoot.scene.light,
                light=_light_spans(light, production.start, shoot.start, shoot.end) if light else [],
                orbit=shoot_orbit_notes(production, shoot.scene, shoot.start, shoot.end),
            ))

    calls = []
    for member in roster:
        own = [shoot for shoot in shoots if member.code in shoot.cast]
        if own:
            calls.append(Call(
                name=member.name or member.code, listed_as=listed[member.code], role=member.role,
                first=own[0].start, wrap=max(s.end for s in own),
                minutes=sum(_minutes(max(s.start, start), min(s.end, end)) for s in own),
                scenes=[s.scene for s in own],
            ))

    roster_ids = {member.pk for member in roster}
    events = []
    for event in (
        StationEvent.objects.filter(station=production.station_id, start__lt=end, end__gt=start)
        .prefetch_related("people", "modules").order_by("start", "id")
    ):
        who = [member.name or member.code for member in event.people.all() if member.pk in roster_ids]
        events.append(CallEvent(
            start=event.start, end=event.end, title=event.title or event.code,
            people="everyone" if event.all_people else ", ".join(who) or "nobody in this production",
            modules="every module" if event.all_modules else ", ".join(m.name or m.code for m in event.modules.all()) or "—",
        ))
    closures = [
        CallEvent(start=closure.start, end=closure.end, title=closure.reason or "closed", people="",
                  modules=closure.module.name or closure.module.code)
        for closure in ModuleClosure.objects.filter(module__station=production.station_id, start__lt=end, end__gt=start)
        .select_related("module").order_by("start")
    ]
    days = stay_days(production)
    nights = len([s for s, _ in spans_between(light.night, production.start, start, end) if s >= start]) if light else 0
    previous = _changes_marked(production, version, shoots)
    return CallSheet(
        production=production, version=version, day=day, day_number=days.index(day) + 1, shoots=shoots,
        calls=calls, events=events, closures=closures, has_light=light is not None, nights=nights, previous=previous,
    )


def _changes_marked(production: Production, version: ScheduleVersion | None, shoots: list[CallShoot]) -> int | None:
    """Mark the shoots that are new or moved since the previous version (the industry's asterisk in the margin
    of a revised page); the previous version's number, or None for a first version."""
    if version is None or version.number == 1:
        return None
    before = {
        code: (start, module_name or module_code)
        for code, start, module_code, module_name in Shoot.objects.filter(
            version__production=production, version__number=version.number - 1, scene__code__in=[s.scene for s in shoots],
        ).values_list("scene__code", "start", "module__code", "module__name")
    }
    for shoot in shoots:
        was = before.get(shoot.scene)
        if was is None:
            shoot.changed = f"new since version {version.number - 1}"
        elif was != (shoot.start, shoot.module):
            shoot.changed = f"moved since version {version.number - 1} (was {was[0]:%a %d %b %H:%M} UTC in {was[1]})"
    return version.number - 1


# --- day out of days --------------------------------------------------------------------------------------


@dataclass
class DoodCell:
    minutes: int
    code: str  # SW start work, W work, WF work finished, SWF all three, H hold (between work days), "" not called


@dataclass
class DoodRow:
    name: str
    listed_as: str  # as the cast list has them: "1. ZHENYA — Yulia Peresild"
    role: str
    cells: list[DoodCell] = field(default_factory=list)
    work_days: int = 0
    minutes: int = 0
    first: date | None = None
    last: date | None = None


@dataclass
class Dood:
    days: list[date]
    rows: list[DoodRow]
    totals: list[int]  # minutes shot per day, all people together
    minutes: int


def _minutes_by_day(start: datetime, end: datetime) -> dict[date, int]:
    """A shoot across midnight counts its minutes in each UTC day, as the daily caps do."""
    split: dict[date, int] = {}
    cursor = start
    while cursor < end:
        midnight = cursor.replace(hour=0, minute=0, second=0, microsecond=0) + DAY
        piece_end = min(midnight, end)
        split[cursor.date()] = split.get(cursor.date(), 0) + _minutes(cursor, piece_end)
        cursor = piece_end
    return split


def day_out_of_days(*, production: Production, version: ScheduleVersion | None) -> Dood:
    """Person × day: minutes in front of (or behind) the camera, with the industry's SW/W/WF/H codes."""
    days = stay_days(production)
    casting = cast_list(production=production)
    roster = sorted(_roster(production), key=lambda member: casting.order(member.code))
    listed = casting.labels(roster)
    worked: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    if version is not None:
        for start, end, cast in Shoot.objects.filter(version=version).values_list("start", "end", "people"):
            for day, minutes in _minutes_by_day(start, end).items():
                for code in cast:
                    worked[code][day] += minutes
    totals = [0] * len(days)
    rows = []
    for member in roster:
        row = DoodRow(name=member.name or member.code, listed_as=listed[member.code], role=member.role)
        own = worked.get(member.code, {})
        work_days = [day for day in days if own.get(day)]
        row.first, row.last = (work_days[0], work_days[-1]) if work_days else (None, None)
        for index, day in enumerate(days):
            minutes = own.get(day, 0)
            row.cells.append(DoodCell(minutes, _dood_code(day, minutes, row.first, row.last)))
            totals[index] += minutes
        row.work_days, row.minutes = len(work_days), sum(own.values())
        rows.append(row)
    return Dood(days=days, rows=rows, totals=totals, minutes=sum(totals))


def _dood_code(day: date, minutes: int, first: date | None, last: date | None) -> str:
    if first is None or day < first or day > last:
        return ""
    if not minutes:
        return "H"
    if first == last:
        return "SWF"
    return "SW" if day == first else "WF" if day == last else "W"


def first_shooting_day(*, production: Production, version: ScheduleVersion | None) -> date:
    """The call sheet to open by default: the first day with a shoot, else the stay's first day."""
    if version is not None:
        first = version.shoots.order_by("start").values_list("start", flat=True).first()
        if first is not None:
            return first.astimezone(timezone.utc).date()
    return stay_days(production)[0]


def day_neighbours(production: Production, day: date) -> tuple[date | None, date | None]:
    days = stay_days(production)
    index = days.index(day)
    return (days[index - 1] if index else None), (days[index + 1] if index + 1 < len(days) else None)
