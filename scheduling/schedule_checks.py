"""Published schedules against the station as it is now.

The station's life goes on after a schedule is published: a closure, an event, a shorter free window, another
production's shoots. `schedule_check` re-checks every hard rule of a production's current version against
today's problem (`solving.production_problem`: the station as it is now, the other productions' current shoots
as blocks) with the independent validator, and stores what breaks (`ScheduleCheck`); pages read that, never
recompute it. A new conflict (one the previous stored check of that version did not have) is told to the
director, once (`notifications`).

When: every change of station data sends `crew.signals.station_changed`, and so does publishing a version
(its shoots now block the station's other productions). `station_changed_receive` bumps the station's
revision in the writer's transaction and, once that commits, queues one check per production on the station
that has a published version, once per station however many rows the transaction wrote. Scene edits queue a
check of their own production. When the broker is down the change still saves; every worker's sweep
(`schedule_checks_sweep`) checks the productions whose stored check is older than their current version or
their station's revision.
"""

from __future__ import annotations

import functools
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.times import format_time

from .models import Production, ScheduleCheck, ScheduleVersion, StationRevision
from .notifications import conflicts_notify
from .runs import BrokerUnavailable, broker_check
from .selectors import schedule_version_get
from .solver.validator import validate
from .solving import production_problem, version_solution

log = logging.getLogger(__name__)

# What the validator checks that is not about the station: the schedule's own bookkeeping (objective,
# coverage: scenes added since the version are simply not in it), and the director's own later wishes (a
# scene pinned or required since) that a new schedule, not the station, answers. Everything else breaks a
# shoot, whether the station changed or the scene did (a longer scene no longer fits its published shoot).
NOT_ABOUT_THE_STATION = frozenset({"objective", "coverage", "unknown-scene", "duplicate-scene", "pin", "required"})


@dataclass(frozen=True)
class Conflict:
    """A hard rule a published shoot breaks now, worded for the director."""

    scene: str | None
    rule: str
    message: str

    def as_dict(self) -> dict:
        return {"scene": self.scene, "rule": self.rule, "message": self.message}


def schedule_conflicts(*, production: Production, version: ScheduleVersion) -> list[Conflict]:
    """Every hard rule `version`'s shoots break against the station and the production as they are now, in the
    validator's order, once each. Shoots of scenes marked shot are done, so they break nothing any more."""
    problem = production_problem(production=production)
    shot = set(production.scenes.filter(shot=True).values_list("code", flat=True))
    conflicts: dict[Conflict, None] = {}
    for violation in validate(problem, version_solution(version=version, problem=problem)):
        if violation.rule in NOT_ABOUT_THE_STATION:
            continue
        for scene in violation.scenes or (violation.scene,):
            if scene not in shot:
                conflicts.setdefault(Conflict(scene, violation.rule, violation.message))
    return list(conflicts)


def check_document(check: ScheduleCheck) -> dict:
    """A stored check as the API and `check_schedules` give it."""
    return {"version": check.version.number, "checked": format_time(check.checked), "conflicts": check.conflicts}


def schedule_check(*, production: Production) -> dict | None:
    """Re-check the production's current version against the station as it is now, store the result, tell the
    director what is newly broken, and return it as `check_document` does. None before any version.

    Safe to run twice at once: the station's revision is read before anything else, so a result is stored
    only if no check of a later version or revision is stored already."""
    revision = station_revision_number(station_id=production.station_id)
    version = schedule_version_get(production=production)
    if version is None:
        return None
    conflicts = [conflict.as_dict() for conflict in schedule_conflicts(production=production, version=version)]
    with transaction.atomic():
        Production.objects.select_for_update().filter(pk=production.pk).first()  # one storing check at a time
        previous = ScheduleCheck.objects.filter(production=production).select_related("version").first()
        if previous is not None and _later(previous, version, revision):
            return check_document(previous)
        check, _ = ScheduleCheck.objects.update_or_create(production=production, defaults={
            "version": version, "station_revision": revision, "checked": timezone.now(), "conflicts": conflicts,
        })
        known = previous.conflicts if previous is not None and previous.version_id == version.pk else []
        new = [conflict for conflict in conflicts if conflict not in known]
        if new:
            conflicts_notify(production=production, version=version, conflicts=new)
    return check_document(check)


def _later(check: ScheduleCheck, version: ScheduleVersion, revision: int) -> bool:
    """Whether the stored `check` saw a later version, or the same version against a later station revision."""
    if check.version.number != version.number:
        return check.version.number > version.number
    return check.station_revision > revision


def schedule_check_current(*, production: Production, version: ScheduleVersion | None) -> ScheduleCheck | None:
    """The stored check when it is of `version` (the one a page shows), else None: an older version's check
    says nothing about this one, and no check of it has been stored yet."""
    if version is None:
        return None
    return ScheduleCheck.objects.filter(production=production, version=version).first()


def schedule_check_fresh(*, production: Production) -> dict | None:
    """The stored check when it is of the current version and the station's latest revision, else one made now."""
    version = schedule_version_get(production=production)
    check = schedule_check_current(production=production, version=version)
    if check is not None and check.station_revision >= station_revision_number(station_id=production.station_id):
        return check_document(check)
    return schedule_check(production=production)


# --- the station's revision -------------------------------------------------------------------------------


def station_revision_number(*, station_id: int) -> int:
    return StationRevision.objects.filter(station_id=station_id).values_list("number", flat=True).first() or 0


def station_revision_bump(*, station_id: int) -> bool:
    """Count a change of the station's data, in the caller's transaction. Only stations with a published
    schedule keep count (nothing else depends on them); False for the others."""
    if not ScheduleVersion.objects.filter(production__station_id=station_id).exists():
        return False
    now = timezone.now()
    if StationRevision.objects.filter(station_id=station_id).update(number=F("number") + 1, changed=now):
        return True
    try:
        with transaction.atomic():
            StationRevision.objects.create(station_id=station_id, number=1, changed=now)
    except IntegrityError:  # another transaction counted the station's first change meanwhile
        StationRevision.objects.filter(station_id=station_id).update(number=F("number") + 1, changed=now)
    return True


# --- queueing checks ---------------------------------------------------------------------------------------

_queued = threading.local()  # .revisions: station id -> the (number, changed) of the revision last queued


def station_changed_receive(sender, station_id: int, **kwargs) -> None:
    """`crew.signals.station_changed`: count the change now, queue the checks once the transaction commits.

    A transaction that changed the station several times registers the queueing several times; the first to
    run queues for the station's revision as committed, the others find it queued already. A rolled-back
    transaction's registrations never run."""
    if station_revision_bump(station_id=station_id):
        transaction.on_commit(functools.partial(_checks_after_commit, station_id), robust=True)


def _checks_after_commit(station_id: int) -> None:
    revision = StationRevision.objects.filter(station_id=station_id).values_list("number", "changed").first()
    if not hasattr(_queued, "revisions"):
        _queued.revisions = {}
    if revision is None or _queued.revisions.get(station_id) == revision:
        return
    _queued.revisions[station_id] = revision
    schedule_checks_queue(station_id=station_id)


def schedule_checks_queue(*, station_id: int) -> list[int]:
    """Queue a check of every production on the station that has a published version; their ids."""
    productions = list(
        Production.objects.filter(station_id=station_id, schedule_versions__isnull=False)
        .distinct().order_by("pk").values_list("pk", flat=True)
    )
    _checks_enqueue(productions)
    return productions


def schedule_check_soon(*, production: Production) -> None:
    """Queue a check of one production once the transaction commits (its scenes changed), if it has a version."""
    if production.schedule_versions.exists():
        transaction.on_commit(lambda: _checks_enqueue([production.pk]), robust=True)


def _checks_enqueue(production_ids: list[int]) -> None:
    """Put the checks on the queue; when the broker is away, leave them to the workers' sweep. Asked first,
    in a second at most: sending to a broker that is down takes seconds, and this runs in a web request."""
    from .tasks import schedule_check_task  # tasks imports this module

    try:
        broker_check()
        for production_id in production_ids:
            schedule_check_task.apply_async(args=[production_id], retry=False)
    except (BrokerUnavailable, OperationalError):
        log.warning("schedule checks of productions %s not queued: the broker does not answer; the workers' sweep "
                    "will make them", production_ids)


# --- the sweep ---------------------------------------------------------------------------------------------


def schedule_checks_sweep(*, now: datetime | None = None) -> list[int]:
    """Check, here and now, every production whose stored check is missing or older than its current version
    or its station's revision, once that has been so for `SOLVE_RUN_STALE_SECONDS` (until then the queued
    check is on its way). Every worker runs this after sweeping the solve runs. The ids checked."""
    now = now or timezone.now()
    quiet = now - timedelta(seconds=settings.SOLVE_RUN_STALE_SECONDS)
    latest = ScheduleVersion.objects.filter(production=OuterRef("pk")).order_by("-number")
    productions = (
        Production.objects.annotate(current=Subquery(latest.values("pk")[:1]), published=Subquery(latest.values("created")[:1]))
        .filter(current__isnull=False)
        .select_related("schedule_check", "station__revision")
        .order_by("pk")
    )
    checked = []
    for production in productions:
        if not _check_due(production, quiet):
            continue
        try:
            schedule_check(production=production)
        except Exception:  # a bug or bad data in one production must not stop the sweep of the others
            log.exception("schedule check of production %s failed", production.code)
            continue
        checked.append(production.pk)
    return checked


def _check_due(production: Production, quiet: datetime) -> bool:
    check = getattr(production, "schedule_check", None)
    revision = getattr(production.station, "revision", None)
    if check is None or check.version_id != production.current:
        return production.published < quiet
    return revision is not None and check.station_revision < revision.number and revision.changed < quiet
