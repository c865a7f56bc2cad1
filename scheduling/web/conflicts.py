"""What the pages show of a stored schedule check (`scheduling.schedule_checks`): the banner over the production
and in the list, and the marks on broken shoots in the timeline, stripboard and call sheet. Read from the
stored check, never recomputed; only about the current version (an older one is history)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Production, ScheduleVersion
from ..notifications import broken_words
from ..schedule_checks import schedule_check_current
from ..selectors import schedule_version_get
from .timeline import Timeline


@dataclass(frozen=True)
class Broken:
    """The current version's broken shoots: each scene with why, in words."""

    version: int
    reasons: dict[str, list[str]]  # scene code -> messages; rules no one scene breaks under ""

    @property
    def headline(self) -> str:
        return broken_words(len([scene for scene in self.reasons if scene]), self.version)


def broken_shoots(*, production: Production, version: ScheduleVersion | None = None) -> Broken | None:
    """What the stored check says is broken in `version` when that is the current version (by default the
    current version); None when nothing is, or nothing has been checked yet."""
    current = schedule_version_get(production=production)
    if current is None or (version is not None and version.pk != current.pk):
        return None
    check = schedule_check_current(production=production, version=current)
    if check is None or not check.conflicts:
        return None
    reasons: dict[str, list[str]] = {}
    for conflict in check.conflicts:
        reasons.setdefault(conflict["scene"] or "", []).append(conflict["message"])
    return Broken(version=current.number, reasons=reasons)


def timeline_mark_broken(timeline: Timeline, broken: Broken | None) -> None:
    """Mark the broken shoots on the timeline: their blocks (shared by a module's row and its people's) get the
    `shoot--broken` class and the reason in their tooltip and label."""
    if broken is None:
        return
    marked: set[int] = set()
    for row in [*timeline.people, *timeline.modules]:
        for block in row.shoots:
            reasons = broken.reasons.get(block.scene)
            if not reasons or id(block) in marked:
                continue
            marked.add(id(block))
            block.mark_broken("; ".join(reasons))
