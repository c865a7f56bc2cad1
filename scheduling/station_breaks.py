"""What a change of station data would break, told to the station operator before it is saved.

`ShootsBrokenWatch` takes the conflicts of every published schedule on a station (`schedule_checks`) before a
change; `broken()`, called after the change's writes in the same transaction, gives the shoots those writes
newly break. The caller rolls the transaction back to preview (`shoots_broken_by`), or the admin does when
the operator has not confirmed yet. Station operators see every production, so the warning names them; none
of this reaches a director.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from crew.signals import station_changes

from .models import Production, ScheduleVersion
from .notifications import production_name, shoot_when
from .schedule_checks import Conflict, schedule_check_current, schedule_conflicts, station_revision_number
from .selectors import schedule_version_get


@dataclass(frozen=True)
class BrokenShoot:
    production: str  # its title as the operator reads it
    scene: str
    start: datetime | None  # None for a scene without a shoot in the version (a rule no one shoot breaks)
    reasons: tuple[str, ...]


class ShootsBrokenWatch:
    """The station's published schedules and their conflicts now, to compare with after a change."""

    def __init__(self, *, station_id: int):
        self.station_id = station_id
        self.before = self._conflicts(stored_when_fresh=True)

    def _conflicts(self, *, stored_when_fresh: bool = False) -> dict[int, tuple[Production, ScheduleVersion, list[Conflict]]]:
        found = {}
        revision = station_revision_number(station_id=self.station_id)
        productions = Production.objects.filter(station_id=self.station_id, schedule_versions__isnull=False).distinct()
        for production in productions.order_by("code"):
            version = schedule_version_get(production=production)
            check = schedule_check_current(production=production, version=version) if stored_when_fresh else None
            if check is not None and check.station_revision == revision:  # nothing changed since it was checked
                conflicts = [Conflict(**conflict) for conflict in check.conflicts]
            else:
                conflicts = schedule_conflicts(production=production, version=version)
            found[production.pk] = (production, version, conflicts)
        return found

    def broken(self) -> list[BrokenShoot]:
        """The shoots whose conflicts now include some they did not have before, with those new reasons."""
        shoots = []
        for production_id, (production, version, conflicts) in self._conflicts().items():
            before = self.before.get(production_id)
            known = set(before[2]) if before is not None and before[1].pk == version.pk else set()
            reasons: dict[str, list[str]] = {}
            for conflict in conflicts:
                if conflict not in known:
                    reasons.setdefault(conflict.scene or "", []).append(conflict.message)
            starts = dict(version.shoots.values_list("scene__code", "start"))
            shoots += [
                BrokenShoot(production_name(production), scene, starts.get(scene), tuple(messages))
                for scene, messages in sorted(reasons.items(), key=lambda item: (starts.get(item[0]) is None, starts.get(item[0])))
            ]
        return shoots


class _Undone(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    """Writes made inside are undone at the end, and nobody is told of them: `station_changes` sends nothing
    when its block ends in an error, and this one always does."""
    try:
        with transaction.atomic(), station_changes():
            yield
            raise _Undone
    except _Undone:
        pass


def shoots_broken_by(*, station_id: int, change: Callable[[], object]) -> list[BrokenShoot]:
    """The shoots `change` (a function writing station data) would newly break, found by making the change in
    a transaction that is then rolled back."""
    watch = ShootsBrokenWatch(station_id=station_id)
    with rolled_back():
        change()
        broken = watch.broken()
    return broken


def shoots_broken_words(broken: list[BrokenShoot], *, what: str) -> list[str]:
    """["This closure breaks 1 shoot of Challenge: 011 on 13 Oct 08:00.", "011: <why>", ...]: a headline per
    production, then each shoot with its reasons."""
    lines = []
    for production in dict.fromkeys(shoot.production for shoot in broken):
        shoots = [shoot for shoot in broken if shoot.production == production]
        named = ", ".join(_shoot_named(shoot) for shoot in shoots)
        count = len([shoot for shoot in shoots if shoot.scene])
        lines.append(f"This {what} breaks {count} shoot{'' if count == 1 else 's'} of {production}: {named}.")
        lines += [f"{shoot.scene or production}: {'; '.join(shoot.reasons)}" for shoot in shoots]
    return lines


def _shoot_named(shoot: BrokenShoot) -> str:
    return f"{shoot.scene} on {shoot_when(shoot.start)}" if shoot.start else shoot.scene or "the schedule"
