"""Serializer fields shared by the API: times as production files write them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.times import TimeFormatError, format_time, parse_time


class MinuteTimeField(serializers.DateTimeField):
    """An ISO 8601 instant with a UTC offset on a whole minute, written back as `2021-10-05T16:00:00Z`.

    Parsed by the production file's own rule, so the API and files accept and refuse the same times.
    """

    def to_internal_value(self, value):
        try:
            return parse_time(value)
        except TimeFormatError as error:
            raise serializers.ValidationError(error.message) from None

    def to_representation(self, value):
        return format_time(value) if value else None


@extend_schema_field(
    {"oneOf": [{"type": "string", "enum": ["all"]}, {"type": "array", "items": {"type": "string"}}]}
)
class AllOrCodesField(serializers.Field):
    """`"all"` or a list of codes, as in a production file's events."""

    def to_internal_value(self, value):
        if value == "all":
            return "all"
        if not isinstance(value, list):
            raise serializers.ValidationError('must be "all" or a list of codes')
        errors = {index: ["must be a code string"] for index, code in enumerate(value) if not isinstance(code, str)}
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def to_representation(self, value):
        return value
