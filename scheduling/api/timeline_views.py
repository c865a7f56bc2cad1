"""The timeline import API: station operations send a crew member's .ics timeline, see the free windows it
leaves (and what that changes), and with `apply=true` save them. Rules: docs/crew-timelines.md."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from crew.models import CrewMember
from crew.services import crew_member_timeline_apply, crew_member_timeline_preview, min_gap_default
from crew.timelines import MAX_FILE_BYTES

from ..selectors import crew_member_aboard_default
from .fields import MinuteTimeField
from .permissions import ImportsTimelines
from .schema import WRITE_ERRORS, responses


class CalendarParser(BaseParser):
    """The request body is the .ics file itself; read no more than a timeline may be (the rest is refused)."""

    media_type = "text/calendar"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        return stream.read(MAX_FILE_BYTES + 1)


class PlainTextCalendarParser(CalendarParser):
    media_type = "text/plain"


class TimelineImportQuerySerializer(serializers.Serializer):
    aboard_start = MinuteTimeField(
        required=False,
        help_text="Start of the time aboard (default: the span of the person's free windows, else of their productions).",
    )
    aboard_end = MinuteTimeField(required=False, help_text="End of the time aboard, exclusive.")
    min_gap = serializers.IntegerField(
        required=False, min_value=0, max_value=24 * 60,
        help_text="Free gaps shorter than this many minutes are not usable free time (default: the site setting).",
    )
    apply = serializers.BooleanField(
        required=False, default=False, help_text="false: preview only; true: save the free windows."
    )


class TimelineUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The .ics timeline.")


class TimelineWindowSerializer(serializers.Serializer):
    start = MinuteTimeField()
    end = MinuteTimeField()


class TimelineImportSerializer(serializers.Serializer):
    station = serializers.CharField()
    person = serializers.CharField()
    aboard_start = MinuteTimeField()
    aboard_end = MinuteTimeField()
    min_gap = serializers.IntegerField()
    applied = serializers.BooleanField(help_text="Whether the free windows were saved.")
    windows = TimelineWindowSerializer(many=True, help_text="The person's free windows while aboard, after the import.")
    added = TimelineWindowSerializer(many=True, help_text="Windows the import adds.")
    removed = TimelineWindowSerializer(many=True, help_text="Current windows the import removes.")
    unchanged = serializers.IntegerField(help_text="Current windows the import keeps as they are.")
    minutes_before = serializers.IntegerField(help_text="Free minutes while aboard before the import.")
    minutes_after = serializers.IntegerField(help_text="Free minutes while aboard after the import.")


class TimelineImportView(APIView):
    permission_classes = [IsAuthenticated, ImportsTimelines]
    parser_classes = [CalendarParser, PlainTextCalendarParser, MultiPartParser]

    @extend_schema(
        operation_id="timeline_import",
        summary="Import a crew member's timeline (.ics) as free windows",
        description=(
            "Send the iCalendar timeline of what keeps the person busy as the body (`text/calendar`) or as the "
            "multipart field `file`. The answer lists the free windows it leaves while aboard and what that "
            "changes; nothing is saved unless `apply=true`, which replaces the person's free windows inside the "
            "aboard span (and keeps those outside) in one transaction."
        ),
        parameters=[TimelineImportQuerySerializer],
        request={
            "text/calendar": OpenApiTypes.STR,
            "text/plain": OpenApiTypes.STR,
            "multipart/form-data": TimelineUploadSerializer,
        },
        responses=responses({200: TimelineImportSerializer}, *WRITE_ERRORS, 415),
    )
    def post(self, request, station: str, person: str) -> Response:
        member = get_object_or_404(CrewMember.objects.select_related("station"), station__code=station, code=person)
        query = TimelineImportQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return _errors([f"{name}: {message}" for name, messages in query.errors.items() for message in messages])
        ics = _calendar_body(request)
        if ics is None:
            return _errors(["body: send the .ics as the body (Content-Type: text/calendar) or as the multipart field `file`"])
        aboard = crew_member_aboard_default(crew_member=member) or (None, None)
        start = query.validated_data.get("aboard_start", aboard[0])
        end = query.validated_data.get("aboard_end", aboard[1])
        if start is None or end is None:
            return _errors([f"aboard_start, aboard_end: {person} has no free windows or productions to take them from; give both"])
        apply = query.validated_data["apply"]
        min_gap = query.validated_data.get("min_gap", min_gap_default())
        timeline_import = crew_member_timeline_apply if apply else crew_member_timeline_preview
        # A bad file raises a TimelineError, which the API's error handler answers with 400 and every fault.
        change = timeline_import(crew_member=member, ics=ics, aboard_start=start, aboard_end=end, min_gap=min_gap)
        answer = {
            "station": member.station.code, "person": member.code,
            "aboard_start": change.start, "aboard_end": change.end, "min_gap": min_gap, "applied": apply,
            "windows": _windows(change.windows), "added": _windows(change.added), "removed": _windows(change.removed),
            "unchanged": change.unchanged, "minutes_before": change.minutes_before, "minutes_after": change.minutes_after,
        }
        return Response(TimelineImportSerializer(answer).data)


def _calendar_body(request) -> bytes | None:
    if isinstance(request.data, bytes):
        return request.data or None
    upload = request.FILES.get("file")
    return upload.read(MAX_FILE_BYTES + 1) if upload else None


def _windows(windows) -> list[dict]:
    return [{"start": start, "end": end} for start, end in windows]


def _errors(messages: list[str]) -> Response:
    return Response({"errors": messages}, status=status.HTTP_400_BAD_REQUEST)
