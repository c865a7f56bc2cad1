"""Productions, their scenes and pins, and the schedules solved for them."""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from crew.models import CrewMember, Module, Station

from .scene_fields import (
    CODE_LENGTH,
    ELEMENT_CATEGORIES,
    GROUND_ANY,
    GROUND_CHOICES,
    LIGHT_ANY,
    LIGHT_CHOICES,
    MOMENT_CHOICES,
    TITLE_LENGTH,
)
from .revisions import revision_colour, revision_paper
from .solver.solution import ENGINES

DEFAULT_MINUTES_PER_PAGE = 60  # a page of script, a shooting hour: the industry's rule of thumb
MAX_MINUTES_PER_PAGE = 600


class Production(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=300, blank=True)
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="productions")
    start = models.DateTimeField(help_text="Filming window start: every shoot lies inside [start, end).")
    end = models.DateTimeField()
    tle_line1 = models.CharField("TLE line 1", max_length=80, blank=True)
    tle_line2 = models.CharField("TLE line 2", max_length=80, blank=True)
    minutes_per_page = models.PositiveIntegerField(
        default=DEFAULT_MINUTES_PER_PAGE,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES_PER_PAGE)],
        help_text="Shoot minutes per script page, for scenes made from a screenplay (minutes = eighths × this ÷ 8).",
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="productions"
    )
    roster = models.ManyToManyField(
        CrewMember, through="RosterEntry", related_name="productions", help_text="The people in its file."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="production_ends_after_start"),
            models.CheckConstraint(
                condition=Q(minutes_per_page__gte=1, minutes_per_page__lte=MAX_MINUTES_PER_PAGE),
                name="production_minutes_per_page_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def tle(self) -> list[str] | None:
        return [self.tle_line1, self.tle_line2] if self.tle_line1 else None


class RosterEntry(models.Model):
    production = models.ForeignKey(Production, on_delete=models.CASCADE)
    crew_member = models.ForeignKey(CrewMember, on_delete=models.CASCADE)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "roster entries"
        constraints = [
            models.UniqueConstraint(fields=["production", "crew_member"], name="roster_entry_unique"),
        ]


class Element(models.Model):
    """A breakdown element of a production: a prop, costume, camera... With a quantity it limits the schedule
    (no more shoots use it at once than there are); without one it is only tracked."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="elements")
    code = models.SlugField(max_length=CODE_LENGTH)
    name = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=16, choices=ELEMENT_CATEGORIES, default="other")
    quantity = models.PositiveIntegerField(null=True, blank=True, help_text="How many there are; empty: not limited.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["production", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production", "code"], name="element_code_unique_per_production"),
            models.CheckConstraint(condition=Q(quantity__isnull=True) | Q(quantity__gt=0), name="element_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.category})"


class Casting(models.Model):
    """Which crew member plays which script character."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="casting")
    character = models.CharField(max_length=CODE_LENGTH)
    person = models.ForeignKey(CrewMember, on_delete=models.PROTECT, related_name="castings")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["production", "position", "id"]
        verbose_name_plural = "casting"
        constraints = [
            models.UniqueConstraint(fields=["production", "character"], name="casting_character_once_per_production"),
        ]

    def __str__(self) -> str:
        return f"{self.character}: {self.person.code}"


class Place(models.Model):
    """A point on Earth an orbit-aware scene looks at (`over`) or talks to (`link`)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="places")
    code = models.SlugField(max_length=CODE_LENGTH)
    name = models.CharField(max_length=200, blank=True)
    lat = models.FloatField(help_text="Degrees north, -90 to 90 (WGS-84).")
    lon = models.FloatField(help_text="Degrees east, -180 to 180.")
    min_elevation = models.FloatField(default=10, help_text="Degrees above the horizon from which the station is in view.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["production", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production", "code"], name="place_code_unique_per_production"),
            models.CheckConstraint(condition=Q(lat__gte=-90, lat__lte=90), name="place_lat_in_range"),
            models.CheckConstraint(condition=Q(lon__gte=-180, lon__lte=180), name="place_lon_in_range"),
        ]

    def __str__(self) -> str:
        return self.name or self.code


class ScriptImport(models.Model):
    """A screenplay applied to a production: its title page as the script has it, and what the import made of
    each scene, so the next revision is compared with it (see `scheduling.script_import`)."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="script_imports")
    title = models.CharField(max_length=300, blank=True)
    draft_date = models.CharField(max_length=100, blank=True)
    revision = models.CharField(max_length=100, blank=True, help_text="The revision colour or name, as written.")
    format = models.CharField(max_length=16, help_text='"fountain" or "fdx".')
    filename = models.CharField(max_length=255, blank=True)
    minutes_per_page = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Empty: from the command line.",
    )
    applied = models.DateTimeField()
    counts = models.JSONField(default=dict, help_text="Scenes by what the import did: new, linked, changed...")
    scenes = models.JSONField(
        default=list, help_text='Per script scene: {"number", "scene", "people"}, the people the script cast.'
    )

    class Meta:
        ordering = ["production", "-applied", "-id"]

    def __str__(self) -> str:
        return f"{self.production.code}: {self.described}"

    @property
    def counted(self) -> str:
        """"1 new, 10 linked": what the import did, leaving out what it did to no scene."""
        return ", ".join(f"{count} {action}" for action, count in self.counts.items() if count)

    @property
    def described(self) -> str:
        """How a director names this draft: "revision Blue, 2021-10-01", else the file and when it came in."""
        parts = [f"revision {self.revision}" if self.revision else "", self.draft_date]
        return ", ".join(part for part in parts if part) or f"{self.filename or 'script'} of {self.applied:%Y-%m-%d %H:%M} UTC"


class Scene(models.Model):
    """A scene's columns carry the fields of `scene_fields.SCENE_FIELDS` under their own names, its link
    models (`SCENE_LINKS`) the lists of codes; `shot`, `omitted`, `omitted_by`, `revised_by` and `position` are
    state, not file fields."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="scenes")
    code = models.CharField(max_length=CODE_LENGTH)
    title = models.CharField(max_length=TITLE_LENGTH, blank=True)
    minutes = models.PositiveIntegerField(help_text="Shoot length, set-up included.")
    people = models.ManyToManyField(CrewMember, through="SceneCast", related_name="scenes")
    modules = models.ManyToManyField(Module, through="SceneModule", related_name="scenes")
    priority = models.PositiveIntegerField(default=1)
    required = models.BooleanField(default=False)
    earliest = models.DateTimeField(null=True, blank=True)
    latest = models.DateTimeField(null=True, blank=True)
    after = models.ManyToManyField(
        "self", through="ScenePredecessor", symmetrical=False, related_name="followers", blank=True
    )
    light = models.CharField(max_length=8, choices=LIGHT_CHOICES, default=LIGHT_ANY)
    window = models.BooleanField(default=False, help_text="Needs a module with a window.")
    script = models.JSONField(null=True, blank=True, help_text='Where it stands in the screenplay: {"number", "heading", "eighths"}.')
    over = models.ForeignKey(Place, null=True, blank=True, on_delete=models.RESTRICT, related_name="scenes_over")
    ground = models.CharField(max_length=8, choices=GROUND_CHOICES, default=GROUND_ANY)
    link = models.ForeignKey(Place, null=True, blank=True, on_delete=models.RESTRICT, related_name="scenes_linked")
    moment = models.CharField(max_length=8, choices=MOMENT_CHOICES, null=True, blank=True)
    shot = models.BooleanField(default=False, help_text="Already shot: frozen where it was.")
    omitted = models.BooleanField(default=False, help_text="Dropped by a script revision: kept, but not scheduled.")
    omitted_by = models.ForeignKey(
        ScriptImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="omitted_scenes",
        help_text="The script import that omitted it.",
    )
    revised_by = models.ForeignKey(
        ScriptImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="revised_scenes",
        help_text="The script import that last changed it: shoots published before it are marked changed.",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["production", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["production", "code"], name="scene_code_unique_per_production"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="scene_minutes_positive"),
            models.CheckConstraint(condition=Q(priority__gt=0), name="scene_priority_positive"),
            models.CheckConstraint(
                condition=Q(earliest__isnull=True) | Q(latest__isnull=True) | Q(latest__gt=F("earliest")),
                name="scene_latest_after_earliest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class SceneCast(models.Model):
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE)
    crew_member = models.ForeignKey(CrewMember, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["scene", "crew_member"], name="scene_cast_unique")]


class SceneModule(models.Model):
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE)
    module = models.ForeignKey(Module, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["scene", "module"], name="scene_module_unique")]


class ScenePredecessor(models.Model):
    """`scene` starts only after `predecessor` has been shot (and `predecessor` must be scheduled)."""

    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="predecessor_links")
    predecessor = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="follower_links")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scene", "predecessor"], name="scene_predecessor_unique"),
            models.CheckConstraint(condition=~Q(scene=F("predecessor")), name="scene_not_after_itself"),
        ]


class SceneElement(models.Model):
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE)
    element = models.ForeignKey(Element, on_delete=models.RESTRICT, related_name="scene_links")
    count = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scene", "element"], name="scene_element_unique"),
            models.CheckConstraint(condition=Q(count__gt=0), name="scene_element_count_positive"),
        ]


@dataclass(frozen=True)
class SceneLink:
    """How a `codes` (or `counts`) field of a scene is stored: rows of `model` (with `scene`, `position`, and
    for counts `count`) whose `target` foreign key names the thing; the scene reaches them through `accessor`."""

    model: type[models.Model]
    target: str
    accessor: str


SCENE_LINKS = {
    "people": SceneLink(SceneCast, "crew_member", "scenecast_set"),
    "modules": SceneLink(SceneModule, "module", "scenemodule_set"),
    "after": SceneLink(ScenePredecessor, "predecessor", "predecessor_links"),
    "elements": SceneLink(SceneElement, "element", "sceneelement_set"),
}


class Pin(models.Model):
    """A director's fixed shoot: the scene is scheduled exactly here."""

    scene = models.OneToOneField(Scene, on_delete=models.CASCADE, related_name="pin")
    start = models.DateTimeField()
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="pins")

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.scene.code} pinned at {self.start:%Y-%m-%d %H:%M} in {self.module.code}"


class SolveRun(models.Model):
    """One request to schedule a production, from queued to a published version (or a failure)."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELLED = "cancelled"

    TIME_LIMIT_MAX = 3600  # seconds a director may give one solve

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="solve_runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    engine = models.CharField(max_length=16, choices=list(ENGINES.items()), default="cp-sat")
    time_limit_seconds = models.PositiveIntegerField(default=30)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    replan_from = models.DateTimeField(
        null=True, blank=True, help_text="Re-plan: keep the published shoots before this instant, move few after it."
    )
    repair = models.BooleanField(
        default=False, help_text="Repair: keep every published shoot that still holds, move only what must, add no scenes."
    )
    moves = models.JSONField(
        default=list, blank=True,
        help_text='Published shoots a re-plan or repair moved or dropped: [{"scene", "from", "to", "reason"}].',
    )
    cancel_requested = models.BooleanField(default=False)
    worker = models.CharField(max_length=200, blank=True, help_text="The worker that claimed the run.")
    heartbeat = models.DateTimeField(null=True, blank=True, help_text="Last sign of life from its worker.")
    attempts = models.PositiveIntegerField(default=0)
    solutions_found = models.PositiveIntegerField(default=0)
    best_objective = models.IntegerField(null=True, blank=True)
    best_bound = models.IntegerField(null=True, blank=True)
    elapsed_seconds = models.FloatField(default=0)
    message = models.TextField(blank=True)

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(time_limit_seconds__gt=0), name="solve_run_time_limit_positive"),
        ]

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE

    def __str__(self) -> str:
        return f"run {self.pk} of {self.production.code} ({self.status})"


class SolveProgress(models.Model):
    """A progress sample of a running solve: what the CP-SAT solution callback last reported."""

    solve_run = models.ForeignKey(SolveRun, on_delete=models.CASCADE, related_name="progress")
    recorded = models.DateTimeField()
    elapsed_seconds = models.FloatField()
    solutions_found = models.PositiveIntegerField()
    objective = models.IntegerField(null=True, blank=True)
    bound = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["solve_run", "elapsed_seconds", "id"]


class ScheduleVersion(models.Model):
    """An immutable published schedule; the production's current schedule is its latest version."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="schedule_versions")
    number = models.PositiveIntegerField()
    solve_run = models.OneToOneField(
        SolveRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="schedule_version"
    )
    created = models.DateTimeField()
    status = models.CharField(max_length=32)
    objective = models.IntegerField()
    bound = models.IntegerField(null=True, blank=True)
    engine = models.CharField(max_length=16)
    seconds = models.FloatField()

    class Meta:
        ordering = ["production", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["production", "number"], name="schedule_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gt=0), name="schedule_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.production.code} v{self.number}"

    @property
    def revision(self) -> str:
        """Its colour in the industry's revision sequence: white, blue, pink... (`revisions`)."""
        return revision_colour(self.number)

    @property
    def revision_paper(self) -> str:
        return revision_paper(self.number)


class Shoot(models.Model):
    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="shoots")
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="shoots")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="shoots")
    start = models.DateTimeField()
    end = models.DateTimeField()
    people = models.JSONField(default=list, help_text="Person codes at publication time, sorted.")

    class Meta:
        ordering = ["version", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "scene"], name="shoot_scene_once_per_version"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="shoot_ends_after_start"),
        ]


class ScriptUpload(models.Model):
    """A screenplay uploaded on the web and previewed, kept on the server until it is applied (or replaced by the
    next upload), so the apply step reads exactly the previewed bytes and nothing the browser sends back."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField()

    class Meta:
        ordering = ["-created", "-id"]


class UnscheduledScene(models.Model):
    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="unscheduled")
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()

    class Meta:
        ordering = ["version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "scene"], name="unscheduled_scene_once_per_version"),
        ]


# --- published schedules against the station as it is now ---------------------------------------------------


class StationRevision(models.Model):
    """How many times the data of a station with published schedules has changed, and when it last did: what a
    schedule check was compared against, so checks older than the station's last change can be found."""

    station = models.OneToOneField(Station, on_delete=models.CASCADE, primary_key=True, related_name="revision")
    number = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.station.code} revision {self.number}"


class ScheduleCheck(models.Model):
    """The latest re-check of a production's current schedule against the station as it is now: which version,
    against which station revision, when, and every hard rule its shoots break (`conflicts`, a list of
    {"scene", "rule", "message"})."""

    production = models.OneToOneField(Production, on_delete=models.CASCADE, primary_key=True, related_name="schedule_check")
    version = models.ForeignKey(ScheduleVersion, on_delete=models.CASCADE, related_name="+")
    station_revision = models.PositiveBigIntegerField()
    checked = models.DateTimeField()
    conflicts = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.production.code} v{self.version.number}: {len(self.conflicts)} conflicts"


class Notification(models.Model):
    """Something a person should know, shown in the app until they mark it read (and sent by email)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    production = models.ForeignKey(Production, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    created = models.DateTimeField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    read = models.DateTimeField(null=True, blank=True)
    emailed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read"], name="notification_user_unread")]

    def __str__(self) -> str:
        return f"to {self.user}: {self.subject}"
