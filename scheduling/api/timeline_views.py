"""The timeline import API: station operations send a crew member's .ics timeline, see the free windows it
leaves (and what that changes), and with `apply=true` save them; or subscribe the person's timeline to the
station planning system's calendar URL, fetched every few minutes. Rules: docs/crew-timelines.md."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from crew.calendar_fetch import SCHEMES
from crew.models import CrewMember, TimelineSubscription
from crew.services import (
    SUBSCRIPTION_FIELDS,
    crew_member_timeline_apply,
    crew_member_timeline_preview,
    min_gap_default,
    timeline_subscription_fetch,
    timeline_subscription_save,
)
from crew.timelines import MAX_FILE_BYTES

from ..selectors import crew_member_aboard_default
from .fields import MinuteTimeField
from .permissions import ImportsTimelines
from .renderers import BoundedJSONParser
from .schema import READ_ERRORS, WRITE_ERRORS, responses


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


# --- calendar subscriptions --------------------------------------------------------------------------------


class TimelineSubscriptionSerializer(serializers.Serializer):
    station = serializers.CharField(source="crew_member.station.code", read_only=True)
    person = serializers.CharField(source="crew_member.code", read_only=True)
    url = serializers.URLField(max_length=2000, help_text="The calendar (.ics) of the person's busy time; http or https.")
    aboard_start = MinuteTimeField(
        required=False,
        help_text="The calendar sets the free windows inside the time aboard only (default when subscribing: the "
        "span of the person's free windows, else of their productions).",
    )
    aboard_end = MinuteTimeField(required=False, help_text="End of the time aboard, exclusive.")
    min_gap = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=24 * 60,
        help_text="Free gaps shorter than this many minutes are not usable free time; null: the site setting.",
    )
    enabled = serializers.BooleanField(required=False, default=True, help_text="false: no longer fetched.")
    last_fetched = serializers.DateTimeField(read_only=True, allow_null=True)
    last_status = serializers.ChoiceField(choices=TimelineSubscription.Status.choices, read_only=True)
    last_message = serializers.CharField(read_only=True, help_text="What the last fetch changed, or why it failed.")
    last_changed = serializers.DateTimeField(read_only=True, allow_null=True, help_text="When a fetch last changed the free windows.")
    next_fetch = serializers.DateTimeField(read_only=True, allow_null=True, help_text="null: at the workers' next sweep.")

    def validate_url(self, url: str) -> str:
        if url.split(":", 1)[0].lower() not in SCHEMES:
            raise serializers.ValidationError("only http and https calendars are fetched")
        return url


class _Subscribed(APIView):
    permission_classes = [IsAuthenticated, ImportsTimelines]  # the URL may carry a secret: station operations only
    parser_classes = [BoundedJSONParser]

    def member(self, station: str, person: str) -> CrewMember:
        return get_object_or_404(CrewMember.objects.select_related("station"), station__code=station, code=person)

    def subscription(self, station: str, person: str) -> TimelineSubscription:
        return get_object_or_404(
            TimelineSubscription.objects.select_related("crew_member__station"),
            crew_member__station__code=station, crew_member__code=person,
        )


class TimelineSubscriptionView(_Subscribed):
    @extend_schema(summary="A crew member's calendar subscription", responses=responses({200: TimelineSubscriptionSerializer}, *READ_ERRORS))
    def get(self, request, station: str, person: str) -> Response:
        return Response(TimelineSubscriptionSerializer(self.subscription(station, person)).data)

    @extend_schema(
        summary="Subscribe a crew member's timeline to a calendar URL",
        description=(
            "Creates or replaces the subscription. The workers fetch the calendar at once and every few minutes "
            "after, and apply it as an uploaded timeline is applied (`timeline_import` with `apply=true`); "
            "`last_status` and `last_message` say how the last fetch went. Changing the URL, the time aboard or "
            "the minimum gap makes the next fetch apply the calendar afresh."
        ),
        request=TimelineSubscriptionSerializer,
        responses=responses({200: TimelineSubscriptionSerializer, 201: TimelineSubscriptionSerializer}, *WRITE_ERRORS, 415),
    )
    def put(self, request, station: str, person: str) -> Response:
        member = self.member(station, person)
        existing = TimelineSubscription.objects.filter(crew_member=member).first()
        body = TimelineSubscriptionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fields = {name: body.validated_data[name] for name in SUBSCRIPTION_FIELDS if name in body.validated_data}
        aboard = (existing.aboard_start, existing.aboard_end) if existing else crew_member_aboard_default(crew_member=member)
        fields.setdefault("aboard_start", aboard and aboard[0])
        fields.setdefault("aboard_end", aboard and aboard[1])
        fields.setdefault("min_gap", None)
        if fields["aboard_start"] is None or fields["aboard_end"] is None:
            return _errors([f"aboard_start, aboard_end: {person} has no free windows or productions to take them from; give both"])
        try:
            subscription = timeline_subscription_save(crew_member=member, fields=fields)
        except ValidationError as error:
            return _errors([f"{name}: {message}" for name, messages in error.message_dict.items() for message in messages])
        answer = TimelineSubscriptionSerializer(subscription).data
        return Response(answer, status=status.HTTP_200_OK if existing else status.HTTP_201_CREATED)

    @extend_schema(summary="Stop fetching a crew member's calendar", description="Their free windows stay as they are.",
                   responses=responses({204: None}, *READ_ERRORS))
    def delete(self, request, station: str, person: str) -> Response:
        self.subscription(station, person).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class TimelineSubscriptionFetchView(_Subscribed):
    @extend_schema(
        summary="Fetch a crew member's calendar now",
        description="Fetches and applies it at once, as the workers would; the answer says how it went (a failed "
        "fetch is still 200, with `last_status: error` and the reason).",
        request=None, responses=responses({200: TimelineSubscriptionSerializer}, *READ_ERRORS),
    )
    def post(self, request, station: str, person: str) -> Response:
        fetched = timeline_subscription_fetch(subscription=self.subscription(station, person))
        return Response(TimelineSubscriptionSerializer(fetched).data)
