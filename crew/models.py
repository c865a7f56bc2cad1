"""Station data: what station operations keep, and every production on the station shares."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q

from .day_template import BLOCK_KINDS, WEEKDAYS, WEEKEND


class Station(models.Model):
    code = models.SlugField(max_length=64, unique=True, help_text="Short name used in production files, e.g. ISS.")
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Module(models.Model):
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="modules")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200, blank=True)
    segment = models.CharField(max_length=64, blank=True, help_text="e.g. ROS (Russian) or USOS.")
    capacity = models.PositiveSmallIntegerField(help_text="Most people a shoot in this module may involve.")
    window = models.BooleanField(default=False, help_text="Has an Earth-facing window.")

    class Meta:
        ordering = ["station", "id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "code"], name="module_code_unique_per_station"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="module_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.station.code})"


class ModuleClosure(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="closures")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["module", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="closure_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.module.code} closed {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class CrewMember(models.Model):
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="crew_members")
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=64, blank=True, help_text="e.g. actor, director, cosmonaut.")
    max_minutes_per_day = models.PositiveIntegerField(
        null=True, blank=True, help_text="Shooting cap per UTC day; empty means no cap."
    )

    class Meta:
        ordering = ["station", "id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "code"], name="crew_member_code_unique_per_station"),
            models.CheckConstraint(
                condition=Q(max_minutes_per_day__isnull=True) | Q(max_minutes_per_day__gt=0),
                name="crew_member_daily_cap_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.code} ({self.station.code})"


class FreeWindow(models.Model):
    """A span when the crew member can shoot; outside their free windows they are busy or not aboard."""

    crew_member = models.ForeignKey(CrewMember, on_delete=models.CASCADE, related_name="free_windows")
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["crew_member", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="free_window_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.crew_member.code} free {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class StationEvent(models.Model):
    """Station life that blocks people and/or modules: dockings, repairs, incidents, experiments."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="events")
    code = models.SlugField(max_length=64)
    title = models.CharField(max_length=300, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    all_people = models.BooleanField(default=False, help_text="Blocks every person aboard.")
    people = models.ManyToManyField(CrewMember, blank=True, related_name="events")
    all_modules = models.BooleanField(default=False, help_text="Blocks every module.")
    modules = models.ManyToManyField(Module, blank=True, related_name="events")

    class Meta:
        ordering = ["station", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["station", "code"], name="station_event_code_unique_per_station"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="station_event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class CalendarFeed(models.Model):
    """A secret, revocable iCalendar URL showing one crew member only their own shoots."""

    crew_member = models.ForeignKey(CrewMember, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["crew_member", "-created"]

    def __str__(self) -> str:
        return f"calendar feed of {self.crew_member.code}{' (revoked)' if self.revoked else ''}"


class TimelineSubscription(models.Model):
    """A crew member's timeline kept current from an iCalendar URL (the station's planning system): fetched
    every few minutes and applied like an uploaded timeline, inside the time aboard it names."""

    class Status(models.TextChoices):
        NEW = "new", "not fetched yet"
        APPLIED = "applied", "applied"
        UNCHANGED = "unchanged", "unchanged"
        ERROR = "error", "error"

    crew_member = models.OneToOneField(CrewMember, on_delete=models.CASCADE, related_name="timeline_subscription")
    url = models.URLField(
        "calendar URL", max_length=2000, validators=[URLValidator(schemes=["http", "https"])],
        help_text="An http or https URL answering with the person's timeline (.ics) of busy time.",
    )
    aboard_start = models.DateTimeField(
        help_text="Start of the time aboard (UTC): the calendar sets the person's free windows inside it only."
    )
    aboard_end = models.DateTimeField(help_text="End of the time aboard (UTC), exclusive.")
    min_gap = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(24 * 60)],
        help_text="Free gaps shorter than this many minutes are not usable free time; empty: the site setting.",
    )
    enabled = models.BooleanField(default=True, help_text="Unticked, the calendar is no longer fetched.")
    next_fetch = models.DateTimeField(null=True, blank=True, help_text="When it is fetched next; empty: at once.")
    last_fetched = models.DateTimeField(null=True, blank=True)
    last_changed = models.DateTimeField(null=True, blank=True, help_text="When a fetch last changed the free windows.")
    last_status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    last_message = models.TextField(blank=True, help_text="What the last fetch changed, or why it failed.")
    etag = models.CharField("ETag", max_length=500, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the last calendar applied.")

    class Meta:
        ordering = ["crew_member"]
        constraints = [
            models.CheckConstraint(condition=Q(aboard_end__gt=F("aboard_start")), name="subscription_aboard_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"calendar of {self.crew_member.code}"


def days_off_weekend() -> list[int]:
    return list(WEEKEND)


def days_off_validate(value) -> None:
    if not isinstance(value, list) or any(not isinstance(day, int) or not 0 <= day <= 6 for day in value):
        raise ValidationError("must be a list of weekday numbers, 0 = Monday to 6 = Sunday")


class DayTemplate(models.Model):
    """A station's standard crew day, from which a new crew member's free windows are generated."""

    station = models.OneToOneField(Station, on_delete=models.CASCADE, related_name="day_template")
    days_off = models.JSONField(
        default=days_off_weekend,
        blank=True,
        validators=[days_off_validate],
        help_text="Weekdays without work blocks or planning conferences; sleep, meals and exercise still apply.",
    )

    class Meta:
        ordering = ["station"]

    def __str__(self) -> str:
        return f"day template of {self.station.code}"

    @property
    def days_off_names(self) -> str:
        return ", ".join(WEEKDAYS[day] for day in sorted(self.days_off)) or "none"


class DayTemplateBlock(models.Model):
    """A busy part of the standard day, in UTC; an end not after the start runs into the next day."""

    template = models.ForeignKey(DayTemplate, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(max_length=16, choices=[(kind, kind) for kind in BLOCK_KINDS])
    start = models.TimeField(help_text="UTC (GMT).")
    end = models.TimeField(help_text="UTC (GMT); before the start means the next day, e.g. sleep 21:30–06:00.")
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["template", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(end=F("start")), name="day_template_block_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.label or self.kind} {self.start:%H:%M}–{self.end:%H:%M}"
