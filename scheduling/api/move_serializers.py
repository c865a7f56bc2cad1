"""Shapes of hand moves and their verdicts in the API (`POST /api/productions/{code}/moves/`)."""

from rest_framework import serializers

from scheduling.production_file import MAX_SCENES
from scheduling.scene_fields import CODE_LENGTH

from .fields import MinuteTimeField


class MoveSerializer(serializers.Serializer):
    scene = serializers.CharField(max_length=CODE_LENGTH, help_text="The scene's code.")
    start = MinuteTimeField(allow_null=True, help_text="The new start (UTC, whole minute); null sends the shoot to the boneyard.")
    module = serializers.CharField(
        max_length=CODE_LENGTH, required=False, allow_null=True,
        help_text="The module to shoot it in; left out: the module it is shot in now (needed for a scene in the boneyard).",
    )


class MovesRequestSerializer(serializers.Serializer):
    moves = MoveSerializer(many=True, max_length=MAX_SCENES, help_text="Applied together, on top of the current version.")
    dry_run = serializers.BooleanField(default=True, help_text="Only check (the default); false publishes a valid set.")
    base = serializers.IntegerField(
        min_value=1, required=False, allow_null=True,
        help_text="The version the moves were made on: publishing is refused (409) if another was published since.",
    )


class MoveViolationSerializer(serializers.Serializer):
    scene = serializers.CharField(allow_null=True, help_text="The scene the rule is broken for (null: the schedule as a whole).")
    rule = serializers.CharField(help_text='The hard rule, e.g. "person-overlap", "event", "pin", "shot", "daily-cap".')
    message = serializers.CharField(help_text="What is wrong, in words for the director.")


class MovedShootSerializer(serializers.Serializer):
    scene = serializers.CharField()
    module = serializers.CharField()
    start = MinuteTimeField()
    end = MinuteTimeField()


class MovesVerdictSerializer(serializers.Serializer):
    valid = serializers.BooleanField(help_text="Every hard rule holds with the moves applied.")
    violations = MoveViolationSerializer(many=True, help_text="Every rule broken; the moved scenes' first.")
    shoots = MovedShootSerializer(many=True, help_text="Where the moved scenes that stay on the board would be shot.")
    base = serializers.IntegerField(allow_null=True, help_text="The version the moves apply to (null before any schedule).")


class MovesRefusedSerializer(MovesVerdictSerializer):
    errors = serializers.ListField(
        child=serializers.CharField(), help_text="The violations' messages, as every API error lists them."
    )


class PublishedVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The number of the version published.")
