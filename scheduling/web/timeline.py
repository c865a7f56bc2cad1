"""The stay as a timeline: rows per person and module, everything placed as percentages of the visible range.

All geometry is computed here in Python, a few queries per page and one pass over each kind of span, so the
template only writes absolutely positioned divs (`left`/`width` in %). Nothing loops over minutes. Zoom is the
whole stay, a week of it (7 UTC days from the stay's first UTC day) or one UTC day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from django.utils.html import format_html

from crew.models import CrewMember, FreeWindow, Module, ModuleClosure, StationEvent

from ..models import Pin, Production, SceneElement, ScheduleVersion, Shoot
from ..selectors import version_read_at
from ..light import production_light
from .passes import MomentMark, PassRow, moment_marks, pass_rows

DAY = timedelta(days=1)
# Views this short write each shoot's title inside its block (CSS hides it where the block is too narrow);
# longer ones leave it to the tooltip, which keeps a months-long stay's page small.
TITLED_SPAN = 7 * DAY
# Above this many orbital nights in view the bands would be thinner than a pixel: the page says so instead.
MAX_NIGHT_BANDS = 200


# --- zoom -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Zoom:
    kind: str  # "stay" | "week" | "day"
    start: datetime
    end: datetime
    week: int | None = None
    day: date | None = None

    @property
    def label(self) -> str:
        if self.kind == "day":
            return f"{self.day:%a %d %b %Y}"
        if self.kind == "week":
            return f"week {self.week}: {self.start:%d %b} – {(self.end - DAY):%d %b %Y}"
        return "the whole stay"


def _midnight(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


def stay_days(production: Production) -> list[date]:
    """Every UTC day the filming window touches, in order."""
    first, last = _midnight(production.start), _midnight(production.end - timedelta(minutes=1))
    return [(first + index * DAY).date() for index in range((last - first).days + 1)]


def stay_weeks(production: Production) -> int:
    return (len(stay_days(production)) + 6) // 7


def zoom_parse(production: Production, *, week: str | None = None, day: str | None = None) -> Zoom:
    """The zoom a query string asks for; anything unreadable or outside the stay shows the whole stay."""
    days = stay_days(production)
    if day:
        try:
            wanted = date.fromisoformat(day)
        except ValueError:
            wanted = None
        if wanted in days:
            start = datetime(wanted.year, wanted.month, wanted.day, tzinfo=timezone.utc)
            return Zoom("day", start, start + DAY, day=wanted)
    if week:
        try:
            number = int(week)
        except ValueError:
            number = 0
        if 1 <= number <= stay_weeks(production):
            first = _midnight(production.start) + (number - 1) * 7 * DAY
            last_day = days[-1]
            end = min(first + 7 * DAY, datetime(last_day.year, last_day.month, last_day.day, tzinfo=timezone.utc) + DAY)
            return Zoom("week", first, end, week=number)
    return Zoom("stay", production.start, production.end)


def zoom_neighbours(production: Production, zoom: Zoom) -> tuple[str | None, str | None]:
    """Query strings of the previous and next week or day, None at either end of the stay."""
    if zoom.kind == "week":
        weeks = stay_weeks(production)
        return (f"week={zoom.week - 1}" if zoom.week > 1 else None), (f"week={zoom.week + 1}" if zoom.week < weeks else None)
    if zoom.kind == "day":
        days = stay_days(production)
        index = days.index(zoom.day)
        return (
            f"day={days[index - 1].isoformat()}" if index else None,
            f"day={days[index + 1].isoformat()}" if index + 1 < len(days) else None,
        )
    return None, None


# --- geometry ---------------------------------------------------------------------------------------------


class Scale:
    """Maps instants in the visible range to CSS percentages."""

    def __init__(self, start: datetime, end: datetime):
        self.start = start
        self.end = end
        self.seconds = (end - start).total_seconds()

    def place(self, start: datetime, end: datetime) -> str | None:
        """`left:..%;width:..%` for the part of [start, end) in view, None when none of it is."""
        start, end = max(start, self.start), min(end, self.end)
        if end <= start:
            return None
        left = (start - self.start).total_seconds() / self.seconds * 100
        width = (end - start).total_seconds() / self.seconds * 100
        return f"left:{left:.3f}%;width:{width:.3f}%"

    def at(self, moment: datetime) -> float:
        return (moment - self.start).total_seconds() / self.seconds * 100


def spans_between(spans: tuple, origin: datetime, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The sorted, disjoint minute spans (solver `Interval`s from `origin`) that overlap [start, end), as instants."""
    low = (start - origin).total_seconds() / 60
    high = (end - origin).total_seconds() / 60
    ends = [span.end for span in spans]
    first = bisect_right(ends, low)
    last = bisect_left([span.start for span in spans], high, lo=first)
    return [
        (origin + timedelta(minutes=span.start), origin + timedelta(minutes=span.end)) for span in spans[first:last]
    ]


# --- the timeline -----------------------------------------------------------------------------------------


@dataclass
class Band:
    """A background span on a row: free time, a closure, an event, time outside the filming window."""

    style: str
    kind: str
    text: str = ""


@dataclass
class ShootBlock:
    """One shoot, drawn on its module's row and on each of its people's rows.

    The CSS classes and the tooltip's markup are built once here and shared by every copy: on a long stay the
    page has thousands of blocks, and each template variable costs render time.
    """

    style: str
    status: str  # planned | pinned | shot
    scene: str
    title: str
    module: str
    people: str
    when: str
    url: str
    flip: bool  # tooltip opens to the left, near the right edge
    changed_since: int | None = None  # the version shown, when a script revision changed the scene since
    minutes: int = 0
    draft: bool = False  # moved in the director's draft, not yet published
    titled: bool = True  # the title is written inside the block (short views, where it can fit)
    broken: str = ""  # why station changes broke the shoot, when they did (`web.conflicts`)
    classes: str = field(init=False)
    tip: str = field(init=False)
    label: str = field(init=False)
    html: str = field(init=False)  # the block on its module's row: the one tab stop
    copy_html: str = field(init=False)  # the block on each of its people's rows, for the mouse

    def __post_init__(self) -> None:
        self._draw()

    def mark_broken(self, reasons: str) -> None:
        """Say on the block (class, tooltip, label) why station changes broke the shoot."""
        self.broken = reasons
        self._draw()

    def _draw(self) -> None:
        changed = f"changed since version {self.changed_since}" if self.changed_since else ""
        self.classes = (
            f"shoot shoot--{self.status}{' shoot--changed' if changed else ''}{' shoot--draft' if self.draft else ''}"
            f"{' shoot--broken' if self.broken else ''}{' flip' if self.flip else ''}"
        )
        self.tip = format_html(
            "<strong>{} {}</strong><br>{}<br>Module: {}<br>People: {}<br>Status: {}{}{}",
            self.scene, self.title, self.when, self.module, self.people, self.status, f", {changed}" if changed else "",
            format_html("<br><strong>Broken:</strong> {}", self.broken) if self.broken else "",
        )
        status = f"{self.status}, moved in the draft" if self.draft else self.status
        self.label = (
            f"Scene {self.scene} {self.title}, {self.when}, {self.module}, people: {self.people}, {status}"
            + (f", {changed}" if changed else "") + (f", broken: {self.broken}" if self.broken else "")
        )
        inside = format_html(
            '<span class="shoot-label"><span class="shoot-code">{}</span>{}</span>', self.scene,
            format_html(' <span class="shoot-title">{}</span>', self.title) if self.titled and self.title else "",
        )
        self.html = format_html(
            '<a class="{}" style="{}" href="{}" data-scene="{}" data-minutes="{}" aria-label="{}">{}<span class="tip" role="tooltip">{}</span></a>',
            self.classes, self.style, self.url, self.scene, self.minutes, self.label, inside, self.tip,
        )
        self.copy_html = format_html(
            '<a class="{}" style="{}" href="{}" tabindex="-1" aria-hidden="true">{}<span class="tip">{}</span></a>',
            self.classes, self.style, self.url, inside, self.tip,
        )


@dataclass
class EventBlock:
    style: str
    title: str
    when: str
    blocks: str
    flip: bool


@dataclass
class Row:
    kind: str  # person | module
    code: str
    name: str
    detail: str
    bands: list[Band] = field(default_factory=list)
    shoots: list[ShootBlock] = field(default_factory=list)


@dataclass
class Tick:
    left: str
    label: str
    day: date | None
    wide: bool = False  # its label shows only when the timeline is wide (see `_label_every`)


@dataclass
class Timeline:
    zoom: Zoom
    people: list[Row]
    modules: list[Row]
    events: list[EventBlock]
    ticks: list[Tick]
    outside: list[str]  # styles of the parts of the view outside the filming window
    night: list[str] | None  # styles of orbital night bands; None when there is no TLE
    night_hidden: int  # nights in view not drawn because there are too many
    shoot_count: int
    elements: list[Row] = field(default_factory=list)  # a row per limited element: when shoots use it
    changed_count: int = 0  # shoots whose scene a script revision changed since the version shown
    passes: list[PassRow] = field(default_factory=list)  # a row per place some scene needs
    moments: list[MomentMark] = field(default_factory=list)  # orbital sunrises and sunsets, at day zoom


def _when(start: datetime, end: datetime) -> str:
    if start.date() == end.date() or end == _midnight(end) and end - start <= DAY:
        return f"{start:%a %d %b %H:%M}–{end:%H:%M} UTC"
    return f"{start:%a %d %b %H:%M} – {end:%a %d %b %H:%M} UTC"


# Labels fit when the timeline's track (the page less the row labels) is at least this wide: 640 px at an
# 800 px window, 1040 px at 1280. Ticks labelled only on the wide one are marked and hidden on the narrow.
NARROW_TRACK_PX, WIDE_TRACK_PX = 640, 1040
HOUR_LABEL_PX, DAY_LABEL_PX = 46, 80  # "00:00" and "Tue 05 Oct" with room around them


def _label_every(count: int, label_px: int, track_px: int, strides: tuple[int, ...]) -> int:
    """The smallest stride among `strides` at which `count` labels of `label_px` fit in `track_px`."""
    return next((stride for stride in strides if count / stride * label_px <= track_px), strides[-1])


def _ticks(zoom: Zoom, scale: Scale) -> list[Tick]:
    if zoom.kind == "day":
        strides = (1, 2, 3, 4, 6, 12)
        narrow, wide = (_label_every(24, HOUR_LABEL_PX, track, strides) for track in (NARROW_TRACK_PX, WIDE_TRACK_PX))
        return [
            Tick(left=f"{scale.at(zoom.start + timedelta(hours=hour)):.3f}%",
                 label=f"{hour:02d}:00" if hour % wide == 0 else "", day=None, wide=hour % narrow != 0)
            for hour in range(24)
        ]
    midnight = _midnight(zoom.start)
    if midnight < zoom.start:
        midnight += DAY
    midnights = []
    while midnight < zoom.end:
        midnights.append(midnight)
        midnight += DAY
    strides = (1, 2, 7, 14, 28, 56, 112)
    narrow, wide = (_label_every(len(midnights), DAY_LABEL_PX, track, strides) for track in (NARROW_TRACK_PX, WIDE_TRACK_PX))
    return [
        Tick(left=f"{scale.at(midnight):.3f}%", label=f"{midnight:%a %d %b}" if index % wide == 0 else "",
             day=midnight.date(), wide=index % narrow != 0)
        for index, midnight in enumerate(midnights)
    ]


def timeline_build(*, production: Production, version: ScheduleVersion | None, zoom: Zoom, scene_url, draft=None) -> Timeline:
    """Everything the timeline page draws for the zoomed range. `scene_url(scene_id)` links a shoot to its strip;
    `draft` (a `board.DraftOverlay`) draws the director's unpublished moves over the version."""
    scale = Scale(zoom.start, zoom.end)
    in_view = dict(start__lt=zoom.end, end__gt=zoom.start)

    roster = list(
        CrewMember.objects.filter(rosterentry__production=production)
        .order_by("rosterentry__position", "rosterentry__id")
        .only("id", "code", "name", "role", "max_minutes_per_day")
    )
    people = {member.pk: Row("person", member.code, member.name or member.code, member.role) for member in roster}
    names = {member.code: member.name or member.code for member in roster}
    for member_id, start, end in FreeWindow.objects.filter(crew_member__in=roster, **in_view).values_list(
        "crew_member_id", "start", "end"
    ):
        people[member_id].bands.append(Band(scale.place(start, end), "free"))

    station_modules = list(Module.objects.filter(station=production.station_id).order_by("id"))
    modules = {module.pk: Row("module", module.code, module.name or module.code, _module_detail(module)) for module in station_modules}
    for module_id, start, end, reason in ModuleClosure.objects.filter(module__in=station_modules, **in_view).values_list(
        "module_id", "start", "end", "reason"
    ):
        modules[module_id].bands.append(Band(scale.place(start, end), "closure", f"closed: {reason}" if reason else "closed"))

    events = _events(production, zoom, scale, people, modules, names)

    pinned = set(Pin.objects.filter(scene__production=production).values_list("scene_id", flat=True))
    elements = _element_rows(production)
    titled = zoom.end - zoom.start <= TITLED_SPAN
    shoot_count = changed_count = 0
    if version is not None:
        shoots = (
            Shoot.objects.filter(version=version, **in_view)
            .order_by("start")
            .values_list("scene_id", "scene__code", "scene__title", "scene__shot", "module_id", "start", "end", "people",
                         "scene__revised_by__applied")
        )
        if draft is not None:
            shoots = draft.shoot_rows(shoots, start=zoom.start, end=zoom.end)
        person_rows = {member.code: people[member.pk] for member in roster}
        read_at = version_read_at(version=version)
        for scene_id, code, title, shot, module_id, start, end, cast, revised in shoots:
            style = scale.place(start, end)
            block = ShootBlock(
                style=style, status=shoot_status(shot=shot, pinned=scene_id in pinned),
                scene=code, title=title, module=modules[module_id].name, people=", ".join(names.get(c, c) for c in cast),
                when=_when(start, end), url=scene_url(scene_id), flip=scale.at(start) > 60,
                changed_since=version.number if revised and revised > read_at else None,
                minutes=int((end - start).total_seconds() // 60), draft=draft is not None and scene_id in draft.scene_ids,
                titled=titled,
            )
            modules[module_id].shoots.append(block)
            for person in cast:
                if person in person_rows:
                    person_rows[person].shoots.append(block)
            for row in elements.of_scene.get(scene_id, ()):
                row.shoots.append(block)
            shoot_count += 1
            changed_count += block.changed_since is not None

    outside = [style for style in (scale.place(zoom.start, production.start), scale.place(production.end, zoom.end)) if style]
    night, hidden = _night(production, zoom, scale)
    return Timeline(
        zoom=zoom, people=list(people.values()), modules=list(modules.values()), events=events,
        ticks=_ticks(zoom, scale), outside=outside, night=night, night_hidden=hidden, shoot_count=shoot_count,
        elements=elements.rows,
        changed_count=changed_count,
        passes=pass_rows(production, scale, zoom.start, zoom.end),
        moments=moment_marks(production, scale, zoom.start, zoom.end) if zoom.kind == "day" else [],
    )


@dataclass
class ElementRows:
    rows: list[Row]
    of_scene: dict[int, list[Row]]  # scene id: the rows of the limited elements it lists


def _element_rows(production: Production) -> ElementRows:
    """A row per element with a quantity: the schedule may not use more of it at once than there are, so the
    director sees when each is taken. Tracked elements (no quantity) limit nothing and get no row."""
    limited = list(production.elements.filter(quantity__isnull=False).order_by("position", "id"))
    rows = {
        element.pk: Row("element", element.code, element.name or element.code, f"{element.get_category_display()} · {element.quantity} available")
        for element in limited
    }
    of_scene: dict[int, list[Row]] = {}
    for scene_id, element_id in SceneElement.objects.filter(element__in=limited).values_list("scene_id", "element_id"):
        of_scene.setdefault(scene_id, []).append(rows[element_id])
    return ElementRows(list(rows.values()), of_scene)


def _module_detail(module: Module) -> str:
    parts = [module.segment, f"{module.capacity} people"]
    if module.window:
        parts.append("window")
    return " · ".join(part for part in parts if part)


def _events(production, zoom, scale, people: dict, modules: dict, names: dict) -> list[EventBlock]:
    """Station events in view: one labelled block each on the events row, and a band on every row they block."""
    station_events = list(
        StationEvent.objects.filter(station=production.station_id, start__lt=zoom.end, end__gt=zoom.start)
        .order_by("start", "id")
    )
    event_people: dict[int, list[int]] = {}
    for event_id, member_id in StationEvent.people.through.objects.filter(stationevent__in=station_events).values_list(
        "stationevent_id", "crewmember_id"
    ):
        event_people.setdefault(event_id, []).append(member_id)
    event_modules: dict[int, list[int]] = {}
    for event_id, module_id in StationEvent.modules.through.objects.filter(stationevent__in=station_events).values_list(
        "stationevent_id", "module_id"
    ):
        event_modules.setdefault(event_id, []).append(module_id)

    blocks = []
    for event in station_events:
        blocked_people = list(people) if event.all_people else [pk for pk in event_people.get(event.pk, []) if pk in people]
        blocked_modules = list(modules) if event.all_modules else [pk for pk in event_modules.get(event.pk, []) if pk in modules]
        if not blocked_people and not blocked_modules:
            continue  # station life that touches nobody and nothing of this production
        style = scale.place(event.start, event.end)
        text = event.title or event.code
        for pk in blocked_people:
            people[pk].bands.append(Band(style, "event", text))
        for pk in blocked_modules:
            modules[pk].bands.append(Band(style, "event", text))
        who = "everyone" if event.all_people else ", ".join(people[pk].name for pk in blocked_people) or "nobody"
        where = "every module" if event.all_modules else ", ".join(modules[pk].name for pk in blocked_modules) or "no module"
        blocks.append(EventBlock(
            style=style, title=text, when=_when(event.start, event.end), blocks=f"{who}; {where}",
            flip=scale.at(event.start) > 60,
        ))
    return blocks


def _night(production: Production, zoom: Zoom, scale: Scale) -> tuple[list[str] | None, int]:
    light = production_light(production)
    if light is None:
        return None, 0
    nights = spans_between(light.night, production.start, zoom.start, zoom.end)
    if len(nights) > MAX_NIGHT_BANDS:
        return [], len(nights)
    return [scale.place(start, end) for start, end in nights], 0


def shoot_status(*, shot: bool, pinned: bool) -> str:
    return "shot" if shot else "pinned" if pinned else "planned"
