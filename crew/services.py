"""Writes to station data. Each upsert takes a normalised production-file entry and says what it changed."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .calendar_fetch import CalendarFetchError, FetchLimits, calendar_fetch
from .day_template import STANDARD_DAY, free_windows_from_template
from .models import (
    CrewMember,
    DayTemplate,
    DayTemplateBlock,
    FreeWindow,
    Module,
    ModuleClosure,
    Station,
    StationEvent,
    TimelineSubscription,
)
from .signals import station_changed_note, station_changes
from .timelines import (
    MAX_FILE_BYTES,
    TimelineError,
    Window,
    aboard_span_check,
    free_windows_diff,
    free_windows_from_ical,
    free_windows_minutes,
    free_windows_union,
)


log = logging.getLogger(__name__)


def station_get_or_create(*, code: str) -> tuple[Station, bool]:
    return Station.objects.get_or_create(code=code, defaults={"name": code})


def _changes(instance, fields: dict) -> list[str]:
    """Set `fields` on the instance; describe each value that differs."""
    changed = []
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changed.append(f"{name} {_show(old)} → {_show(value)}")
            setattr(instance, name, value)
    return changed


def _show(value) -> str:
    if value is None or value == "":
        return "none"
    return str(value)


def _spans_differ(existing: list[tuple[datetime, datetime]], wanted: list[tuple[datetime, datetime]]) -> bool:
    return sorted(existing) != sorted(wanted)


@station_changes()
def module_upsert(*, station: Station, entry: dict, closures: list[tuple[datetime, datetime, str]]) -> tuple[Module, list[str]]:
    """Create or update a module by code; its closures become exactly the given ones."""
    fields = {"name": entry["name"], "segment": entry["segment"], "capacity": entry["capacity"], "window": entry["window"]}
    module = Module.objects.filter(station=station, code=entry["code"]).first()
    if module is None:
        module = Module.objects.create(station=station, code=entry["code"], **fields)
        _closures_create(module, closures)
        return module, [f"module {module.code}: added"]
    changes = _changes(module, fields)
    if changes:
        module.save()
    existing = [(c.start, c.end, c.reason) for c in module.closures.all()]
    if sorted(existing) != sorted(closures):
        module.closures.all().delete()
        _closures_create(module, closures)
        changes.append(f"closures replaced ({len(existing)} → {len(closures)})")
    return module, [f"module {module.code}: {change}" for change in changes]


def _closures_create(module: Module, closures: list[tuple[datetime, datetime, str]]) -> None:
    ModuleClosure.objects.bulk_create(
        ModuleClosure(module=module, start=start, end=end, reason=reason) for start, end, reason in closures
    )
    station_changed_note(station_id=module.station_id)


def free_windows_create(*, crew_member: CrewMember, windows: list[Window]) -> None:
    """Add free windows in one insert; bulk inserts send no model signals, so this tells the station itself."""
    FreeWindow.objects.bulk_create(FreeWindow(crew_member=crew_member, start=start, end=end) for start, end in windows)
    station_changed_note(station_id=crew_member.station_id)


@station_changes()
def crew_member_upsert(*, station: Station, entry: dict, free: list[tuple[datetime, datetime]]) -> tuple[CrewMember, list[str]]:
    """Create or update a crew member by code; their free windows become exactly the given ones."""
    fields = {"name": entry["name"], "role": entry["role"], "max_minutes_per_day": entry["max_minutes_per_day"]}
    member = CrewMember.objects.filter(station=station, code=entry["code"]).first()
    if member is None:
        member = CrewMember.objects.create(station=station, code=entry["code"], **fields)
        free_windows_create(crew_member=member, windows=free)
        return member, [f"person {member.code}: added"]
    changes = _changes(member, fields)
    if changes:
        member.save()
    existing = [(window.start, window.end) for window in member.free_windows.all()]
    if _spans_differ(existing, free):
        member.free_windows.all().delete()
        free_windows_create(crew_member=member, windows=free)
        changes.append(f"free windows replaced ({len(existing)} → {len(free)})")
    return member, [f"person {member.code}: {change}" for change in changes]


def station_event_upsert(
    *,
    station: Station,
    entry: dict,
    start: datetime,
    end: datetime,
    people: list[CrewMember] | None,
    modules: list[Module] | None,
) -> tuple[StationEvent, list[str]]:
    """Create or update a station event by code. `people`/`modules` None means all of them."""
    fields = {
        "title": entry["title"],
        "start": start,
        "end": end,
        "all_people": people is None,
        "all_modules": modules is None,
    }
    event = StationEvent.objects.filter(station=station, code=entry["code"]).first()
    if event is None:
        event = StationEvent.objects.create(station=station, code=entry["code"], **fields)
        event.people.set(people or [])
        event.modules.set(modules or [])
        return event, [f"event {event.code}: added"]
    changes = _changes(event, fields)
    if changes:
        event.save()
    if {p.pk for p in event.people.all()} != {p.pk for p in people or []}:
        event.people.set(people or [])
        changes.append("people changed")
    if {m.pk for m in event.modules.all()} != {m.pk for m in modules or []}:
        event.modules.set(modules or [])
        changes.append("modules changed")
    return event, [f"event {event.code}: {change}" for change in changes]


# --- crew timelines and day templates ----------------------------------------------------------------------


@dataclass(frozen=True)
class FreeWindowsChange:
    """What importing a timeline (or generating from the day template) does to a crew member's free windows
    inside `[start, end)`: `windows` is what they become there; outside the span nothing changes."""

    crew_member: CrewMember
    start: datetime
    end: datetime
    windows: list[Window]
    added: list[Window]
    removed: list[Window]
    unchanged: int
    minutes_before: int
    minutes_after: int


def min_gap_default() -> int:
    """Free gaps shorter than this many minutes are not usable free time (setting ORBITFILM_MIN_FREE_MINUTES)."""
    return getattr(settings, "ORBITFILM_MIN_FREE_MINUTES", 15)


def crew_member_timeline_preview(
    *, crew_member: CrewMember, ics: bytes | str, aboard_start: datetime, aboard_end: datetime, min_gap: int | None = None
) -> FreeWindowsChange:
    """The free windows an iCalendar timeline leaves the member while aboard, and how they differ from the
    member's current ones there. Raises `TimelineError` for a bad file. Writes nothing."""
    start, end = aboard_span_check(aboard_start=aboard_start, aboard_end=aboard_end)
    windows = free_windows_from_ical(
        ics, aboard_start=start, aboard_end=end, min_gap_minutes=min_gap_default() if min_gap is None else min_gap
    )
    return _free_windows_change(crew_member, start=start, end=end, windows=windows)


def crew_member_timeline_apply(
    *, crew_member: CrewMember, ics: bytes | str, aboard_start: datetime, aboard_end: datetime, min_gap: int | None = None
) -> FreeWindowsChange:
    """Import an iCalendar timeline: the member's free windows while aboard become the ones it leaves."""
    preview = crew_member_timeline_preview(
        crew_member=crew_member, ics=ics, aboard_start=aboard_start, aboard_end=aboard_end, min_gap=min_gap
    )
    return crew_member_free_windows_replace(
        crew_member=crew_member, windows=preview.windows, start=preview.start, end=preview.end
    )


@transaction.atomic
@station_changes()
def crew_member_free_windows_replace(
    *, crew_member: CrewMember, windows: list[Window], start: datetime, end: datetime
) -> FreeWindowsChange:
    """The member's free windows inside `[start, end)` become `windows` (which lie inside it and do not
    overlap); those outside stay, and a window crossing a bound keeps its part outside. All are rewritten in
    time order, so production files list them chronologically; the station is told (`station_changed`)."""
    CrewMember.objects.select_for_update().filter(pk=crew_member.pk).first()  # one replacement at a time
    change = _free_windows_change(crew_member, start=start, end=end, windows=windows)
    current = list(crew_member.free_windows.all())
    kept = [(window.start, window.end) for window in current if window.end <= start or window.start >= end]
    kept += [(window.start, start) for window in current if window.start < start < window.end]
    kept += [(end, window.end) for window in current if window.start < end < window.end]
    crew_member.free_windows.all().delete()
    free_windows_create(crew_member=crew_member, windows=sorted(kept + list(windows)))
    return change


def crew_member_windows_from_template(
    *, crew_member: CrewMember, start: datetime, end: datetime, replace: bool, min_gap: int | None = None
) -> FreeWindowsChange:
    """Generate the member's free windows in `[start, end)` from their station's day template. With `replace`
    the member's windows there become the template's; without, the template's free time is added to them.
    Raises `TimelineError` when the station has no day template or the span is unusable."""
    template = DayTemplate.objects.filter(station_id=crew_member.station_id).first()
    if template is None:
        raise TimelineError(f"station {crew_member.station.code} has no day template yet: create one first")
    start, end = aboard_span_check(aboard_start=start, aboard_end=end)
    windows = free_windows_from_template(
        template.blocks.all(), template.days_off, start=start, end=end,
        min_gap_minutes=min_gap_default() if min_gap is None else min_gap,
    )
    if not replace:
        windows = free_windows_union(windows + _windows_inside(crew_member, start=start, end=end))
    return crew_member_free_windows_replace(crew_member=crew_member, windows=windows, start=start, end=end)


@transaction.atomic
def day_template_default(*, station: Station) -> tuple[DayTemplate, bool]:
    """The station's day template, created as the standard ISS day in GMT (`STANDARD_DAY`, weekends off) if
    it has none. An existing template is returned untouched."""
    template, created = DayTemplate.objects.get_or_create(station=station)
    if created:
        DayTemplateBlock.objects.bulk_create(
            DayTemplateBlock(template=template, kind=block.kind, start=block.start, end=block.end, label=block.label)
            for block in STANDARD_DAY
        )
    return template, created


def _windows_inside(crew_member: CrewMember, *, start: datetime, end: datetime) -> list[Window]:
    """The member's current free windows clipped to `[start, end)`."""
    return [
        (max(window.start, start), min(window.end, end))
        for window in crew_member.free_windows.filter(start__lt=end, end__gt=start).order_by("start")
    ]


def _free_windows_change(crew_member: CrewMember, *, start: datetime, end: datetime, windows: list[Window]) -> FreeWindowsChange:
    before = _windows_inside(crew_member, start=start, end=end)
    diff = free_windows_diff(before, windows)
    return FreeWindowsChange(
        crew_member=crew_member, start=start, end=end, windows=windows,
        added=diff["added"], removed=diff["removed"], unchanged=diff["unchanged"],
        minutes_before=free_windows_minutes(before), minutes_after=free_windows_minutes(windows),
    )


def free_windows_change_words(change: FreeWindowsChange) -> str:
    """What a timeline import changed, in one line for a message."""
    return (
        f"{len(change.added)} windows added, {len(change.removed)} removed, {change.unchanged} unchanged; "
        f"{change.minutes_before} → {change.minutes_after} free minutes"
    )


# --- timeline subscriptions --------------------------------------------------------------------------------

SUBSCRIPTION_FIELDS = ("url", "aboard_start", "aboard_end", "min_gap", "enabled")


@transaction.atomic
def timeline_subscription_save(*, crew_member: CrewMember, fields: dict) -> TimelineSubscription:
    """Create or change the member's calendar subscription (`fields` from `SUBSCRIPTION_FIELDS`). A change to
    what is fetched or how it applies forgets the last answer (ETag, Last-Modified, content hash), so the next
    fetch applies the calendar afresh, and makes it due at once. Raises Django's `ValidationError`."""
    subscription = TimelineSubscription.objects.select_for_update().filter(crew_member=crew_member).first()
    subscription = subscription or TimelineSubscription(crew_member=crew_member)
    if _changes(subscription, fields) or subscription.pk is None:
        subscription.etag = subscription.last_modified = subscription.content_hash = ""
        subscription.next_fetch = None
    subscription.full_clean()
    subscription.save()
    return subscription


def calendar_fetch_limits() -> FetchLimits:
    """The site's limits on fetching a calendar (settings ORBITFILM_CALENDAR_FETCH_*), and a timeline's size."""
    return FetchLimits(
        connect_seconds=settings.CALENDAR_FETCH_CONNECT_SECONDS, read_seconds=settings.CALENDAR_FETCH_READ_SECONDS,
        max_bytes=MAX_FILE_BYTES, allow_private=settings.CALENDAR_FETCH_ALLOW_PRIVATE,
    )


def timeline_subscription_fetch(*, subscription: TimelineSubscription) -> TimelineSubscription:
    """Fetch the subscribed calendar and, when it changed, apply it exactly as an uploaded timeline is applied
    (every rule of `crew.timelines`; the person's free windows inside the time aboard are replaced, the rest
    kept). Never raises: what happened, or why it failed, is stored on the subscription and returned there,
    and a failure writes nothing else."""
    try:
        _subscription_apply(subscription)
    except (CalendarFetchError, TimelineError) as error:
        _fetch_recorded(subscription, TimelineSubscription.Status.ERROR, str(error))
    except Exception as error:  # noqa: BLE001 - a bug or a database error: stored, and the sweep goes on
        log.exception("calendar subscription %s: fetch failed", subscription.pk)
        _fetch_recorded(subscription, TimelineSubscription.Status.ERROR, f"{type(error).__name__}: {error}")
    subscription.refresh_from_db()
    return subscription


def _subscription_apply(subscription: TimelineSubscription) -> None:
    status = TimelineSubscription.Status
    fetched = calendar_fetch(
        subscription.url, limits=calendar_fetch_limits(), etag=subscription.etag, last_modified=subscription.last_modified
    )
    answer = {"etag": fetched.etag, "last_modified": fetched.last_modified}
    if fetched.body is None:
        _fetch_recorded(subscription, status.UNCHANGED, "not modified since the last fetch (HTTP 304)", **answer)
        return
    digest = hashlib.sha256(fetched.body).hexdigest()
    if digest == subscription.content_hash:
        _fetch_recorded(subscription, status.UNCHANGED, "the same calendar as last time", **answer)
        return
    preview = crew_member_timeline_preview(
        crew_member=subscription.crew_member, ics=fetched.body, min_gap=subscription.min_gap,
        aboard_start=subscription.aboard_start, aboard_end=subscription.aboard_end,
    )
    with transaction.atomic():  # the free windows and the record of the fetch, or neither
        if not preview.added and not preview.removed:
            _fetch_recorded(subscription, status.UNCHANGED, "a new calendar, which leaves the free windows as they were",
                            content_hash=digest, **answer)
            return
        change = crew_member_free_windows_replace(
            crew_member=subscription.crew_member, windows=preview.windows, start=preview.start, end=preview.end
        )
        _fetch_recorded(subscription, status.APPLIED, free_windows_change_words(change),
                        content_hash=digest, last_changed=timezone.now(), **answer)


def _fetch_recorded(subscription: TimelineSubscription, status: str, message: str, **answer) -> None:
    """Store what a fetch did. Only while the subscription still fetches the same URL for the same time aboard
    (a compare-and-set): one changed meanwhile is due again at once and fetched afresh."""
    TimelineSubscription.objects.filter(
        pk=subscription.pk, **{name: getattr(subscription, name) for name in SUBSCRIPTION_FIELDS}
    ).update(last_fetched=timezone.now(), last_status=status, last_message=message, **answer)


def timeline_subscriptions_fetch_due(*, now: datetime | None = None) -> list[int]:
    """Fetch every enabled subscription that is due; the ids of those fetched. Each is claimed first by moving
    its next fetch `CALENDAR_SUBSCRIPTION_MINUTES` on, with a compare-and-set, so workers sweeping side by side
    fetch each calendar once."""
    now = now or timezone.now()
    due = TimelineSubscription.objects.filter(enabled=True).filter(Q(next_fetch__isnull=True) | Q(next_fetch__lte=now))
    fetched = []
    for subscription in due.select_related("crew_member").order_by("next_fetch", "pk"):
        unchanged = {"next_fetch__isnull": True} if subscription.next_fetch is None else {"next_fetch": subscription.next_fetch}
        later = now + timedelta(minutes=settings.CALENDAR_SUBSCRIPTION_MINUTES)
        if TimelineSubscription.objects.filter(pk=subscription.pk, **unchanged).update(next_fetch=later):
            timeline_subscription_fetch(subscription=subscription)
            fetched.append(subscription.pk)
    return fetched
