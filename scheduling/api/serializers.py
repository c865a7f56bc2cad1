"""Shapes of productions, scenes, pins, solve runs and schedule versions in the API.

Documents that already have a format (production files, `orbitfilm/schedule@1`, version comparisons) are
built by the selectors and exports; their serializers here only describe them for the OpenAPI schema.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scheduling.models import Production, Scene, ScheduleVersion, SolveProgress, SolveRun
from scheduling.scene_fields import SCENE_FIELDS, SceneField
from scheduling.selectors import scene_entry
from scheduling.solver.solution import ENGINES

from .fields import MinuteTimeField
from .selectors import scene_state, solve_progress_recent

# --- errors ------------------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    errors = serializers.ListField(
        child=serializers.CharField(), help_text='Every problem found, each naming its path: "people[1]: unknown person \\"x\\"".'
    )


class SolveConflictSerializer(ErrorSerializer):
    active_run = serializers.IntegerField(help_text="The solve run that is already queued or running.")


# --- productions -------------------------------------------------------------------------------------------


class ProductionSerializer(serializers.ModelSerializer):
    station = serializers.CharField(source="station.code", read_only=True)
    start = MinuteTimeField(read_only=True)
    end = MinuteTimeField(read_only=True)
    tle = serializers.ListField(child=serializers.CharField(), allow_null=True, read_only=True)
    director = serializers.CharField(source="director.username", allow_null=True, read_only=True)
    scenes = serializers.IntegerField(source="scene_count", read_only=True)
    current_version = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = Production
        fields = ["code", "title", "station", "start", "end", "tle", "director", "scenes", "current_version", "created", "updated"]
        read_only_fields = fields


class ImportQuerySerializer(serializers.Serializer):
    replace = serializers.BooleanField(default=False)


class ImportResultSerializer(serializers.Serializer):
    production = ProductionSerializer()
    replaced = serializers.BooleanField(help_text="An existing production of this code was replaced.")
    created_station = serializers.BooleanField(help_text="The file named a station that did not exist yet.")
    changes = serializers.ListField(
        child=serializers.CharField(), help_text="Station data the file added or changed (modules, people, events)."
    )


class ProductionDocumentSerializer(serializers.Serializer):
    """An `orbitfilm/production@1` document (see docs/production-file.md)."""

    format = serializers.CharField()
    production = serializers.DictField()
    modules = serializers.ListField(child=serializers.DictField())
    people = serializers.ListField(child=serializers.DictField())
    events = serializers.ListField(child=serializers.DictField())
    scenes = serializers.ListField(child=serializers.DictField())
    pinned = serializers.ListField(child=serializers.DictField())


# --- scenes and pins ---------------------------------------------------------------------------------------


class SceneElementSerializer(serializers.Serializer):
    element = serializers.CharField(help_text="An element code of the production.")
    count = serializers.IntegerField(min_value=1, default=1, help_text="How many the shoot uses (at most the element's quantity).")


class SceneScriptSerializer(serializers.Serializer):
    number = serializers.CharField(allow_null=True, required=False, help_text='As printed in the script: "12", "12A".')
    heading = serializers.CharField(allow_null=True, required=False, help_text="The scene heading as written.")
    eighths = serializers.IntegerField(min_value=1, allow_null=True, required=False, help_text="Length in eighths of a page.")


def _scene_field(field: SceneField, *, writing: bool) -> serializers.Field:
    """The API's description of one scene field, from its definition (the production file's checker judges
    every value written: these fields describe, they do not validate on their own)."""
    common = {"help_text": field.help or field.label}
    if writing:
        common["required"] = field.required
    if field.kind in ("code", "text"):
        return serializers.CharField(max_length=field.maximum, allow_blank=field.kind == "text", **common)
    if field.kind == "whole":
        return serializers.IntegerField(min_value=1, max_value=field.maximum, **common)
    if field.kind == "flag":
        return serializers.BooleanField(**common)
    if field.kind == "time":
        return MinuteTimeField(allow_null=True, **common)
    if field.kind == "choice":
        return serializers.ChoiceField(choices=list(field.choices), allow_null=field.nullable, **common)
    if field.kind == "ref":
        return serializers.CharField(allow_null=True, **common)
    if field.kind == "counts":
        return SceneElementSerializer(many=True, **common)
    if field.kind == "script":
        return SceneScriptSerializer(allow_null=True, **common)
    return serializers.ListField(child=serializers.CharField(), min_length=1 if field.at_least_one else None, **common)


SceneEntrySerializer = type("SceneEntrySerializer", (serializers.Serializer,), {
    "__doc__": "A production-file scene object (request bodies). Checked by the production file's rules, not here.",
    **{field.name: _scene_field(field, writing=True) for field in SCENE_FIELDS},
})


class PinSerializer(serializers.Serializer):
    scene = serializers.CharField(source="scene.code", read_only=True)
    start = MinuteTimeField()
    module = serializers.CharField(max_length=64, source="module.code")


class PlacementSerializer(serializers.Serializer):
    start = MinuteTimeField()
    end = MinuteTimeField()
    module = serializers.CharField()
    version = serializers.IntegerField()


def _scene_representation(self, scene: Scene) -> dict:
    return {**scene_entry(scene=scene), **scene_state(scene=scene)}


SceneSerializer = type("SceneSerializer", (serializers.Serializer,), {
    "__doc__": "The scene's production-file entry plus its state: shot, omitted, pinned, and where the current schedule has it.",
    **{field.name: _scene_field(field, writing=False) for field in SCENE_FIELDS},
    "shot": serializers.BooleanField(help_text="Already shot: frozen where the current schedule has it."),
    "omitted": serializers.BooleanField(help_text="Omitted by a script revision: kept, but out of scheduling."),
    "pin": PinSerializer(allow_null=True, help_text="The director's fixed shoot, if pinned."),
    "shoot": PlacementSerializer(allow_null=True, help_text="Where the current schedule version has it; null if unscheduled."),
    "to_representation": _scene_representation,
})


# --- solve runs --------------------------------------------------------------------------------------------


class SolveRequestSerializer(serializers.Serializer):
    engine = serializers.ChoiceField(choices=list(ENGINES.items()), default="cp-sat")
    seconds = serializers.IntegerField(
        min_value=1, max_value=SolveRun.TIME_LIMIT_MAX, required=False, allow_null=True,
        help_text="Solver time limit; the server default when left out.",
    )
    replan_from = MinuteTimeField(
        required=False, allow_null=True,
        help_text="Re-plan: keep published shoots before this instant, move as few as possible after it.",
    )
    repair = serializers.BooleanField(
        required=False, default=False,
        help_text="Repair: keep every published shoot that still holds, move only what the station broke (and as few "
        "others as that needs), add no scenes. Needs a published schedule.",
    )


class SolveProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = SolveProgress
        fields = ["recorded", "elapsed_seconds", "solutions_found", "objective", "bound"]
        read_only_fields = fields


class ShootPlaceSerializer(serializers.Serializer):
    start = MinuteTimeField()
    module = serializers.CharField()


class MoveSerializer(serializers.Serializer):
    """A published shoot a re-plan or repair moved or dropped."""

    scene = serializers.CharField()
    to = ShootPlaceSerializer(allow_null=True, help_text="Where it went; null: dropped.")
    reason = serializers.CharField(help_text='Why: "zvezda is closed then", "made room for 011"...')
    line = serializers.CharField(help_text='In a sentence: "moved 011 from 13 Oct 08:00 to 14 Oct 09:30: ...".')

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = ShootPlaceSerializer(help_text="Where the published shoot was.")  # a Python keyword
        return fields


@extend_schema_field(MoveSerializer(many=True))
class MovesField(serializers.JSONField):
    """The run's moves as it stored them (times already written as UTC text)."""


class SolveRunSerializer(serializers.ModelSerializer):
    production = serializers.CharField(source="production.code", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", allow_null=True, read_only=True)
    version = serializers.IntegerField(
        source="schedule_version.number", allow_null=True, read_only=True,
        help_text="The schedule version it published, once succeeded.",
    )
    moves = MovesField(read_only=True, help_text="Published shoots it moved or dropped, and why.")

    class Meta:
        model = SolveRun
        fields = [
            "id", "production", "engine", "time_limit_seconds", "replan_from", "repair", "status", "requested_by",
            "created", "started", "finished", "cancel_requested", "attempts", "solutions_found",
            "best_objective", "best_bound", "elapsed_seconds", "message", "moves", "version",
        ]
        read_only_fields = fields


class SolveRunDetailSerializer(SolveRunSerializer):
    progress = serializers.SerializerMethodField(help_text="The latest progress samples, oldest first.")

    class Meta(SolveRunSerializer.Meta):
        fields = [*SolveRunSerializer.Meta.fields, "progress"]
        read_only_fields = fields

    @extend_schema_field(SolveProgressSerializer(many=True))
    def get_progress(self, run: SolveRun) -> list[dict]:
        return SolveProgressSerializer(solve_progress_recent(run=run), many=True).data


# --- schedule versions and exports -------------------------------------------------------------------------


class ScheduleVersionSerializer(serializers.ModelSerializer):
    shoots = serializers.IntegerField(source="shoot_count", read_only=True)
    unscheduled = serializers.IntegerField(source="unscheduled_count", read_only=True)

    class Meta:
        model = ScheduleVersion
        fields = [
            "number", "created", "status", "objective", "bound", "engine", "seconds", "solve_run", "shoots", "unscheduled", "revision",
        ]
        read_only_fields = fields


class ShootSerializer(serializers.Serializer):
    scene = serializers.CharField()
    title = serializers.CharField()
    module = serializers.CharField()
    start = MinuteTimeField()
    end = MinuteTimeField()
    people = serializers.ListField(child=serializers.CharField())


class UnscheduledSerializer(serializers.Serializer):
    scene = serializers.CharField()
    title = serializers.CharField()
    reason = serializers.CharField()


class ScheduleDocumentSerializer(serializers.Serializer):
    """`orbitfilm/schedule@1` (docs/schedule-file.md): every scene once, in `shoots` or `unscheduled`."""

    format = serializers.ChoiceField(choices=["orbitfilm/schedule@1"])
    production = serializers.CharField()
    version = serializers.IntegerField()
    created = MinuteTimeField()
    status = serializers.CharField()
    objective = serializers.IntegerField()
    bound = serializers.IntegerField(allow_null=True)
    engine = serializers.CharField()
    seconds = serializers.FloatField()
    shoots = ShootSerializer(many=True)
    unscheduled = UnscheduledSerializer(many=True)
    revision = serializers.CharField(help_text='An extra key: the revision colour ("white", "blue", "pink"... "double white").')


class CompareQuerySerializer(serializers.Serializer):
    old = serializers.IntegerField(min_value=1, help_text="The earlier version number.")
    new = serializers.IntegerField(min_value=1, help_text="The later version number.")


class ShootMoveSerializer(serializers.Serializer):
    scene = serializers.CharField()
    to = ShootPlaceSerializer()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = ShootPlaceSerializer()  # a Python keyword, so not declarable as an attribute
        return fields


class CompareCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    dropped = serializers.IntegerField()
    moved = serializers.IntegerField()
    kept = serializers.IntegerField()


class ScheduleCompareSerializer(serializers.Serializer):
    production = serializers.CharField()
    old = serializers.IntegerField()
    new = serializers.IntegerField()
    counts = CompareCountsSerializer()
    added = serializers.ListField(child=serializers.CharField(), help_text="Scenes scheduled in new but not old.")
    dropped = serializers.ListField(child=serializers.CharField(), help_text="Scenes scheduled in old but not new.")
    moved = ShootMoveSerializer(many=True, help_text="Scenes in both whose start or module changed.")
