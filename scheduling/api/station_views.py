"""API views for station data (stations, modules, closures, crew with free windows, station events) and the
per-person calendar feeds.

Station data is read with `view_*` and written with `add_*`/`change_*`/`delete_*` Django model permissions:
directors read it, station operations manage it. Calendar feeds are managed by station operations; the feed
URL itself needs no login (its secret token is the credential).
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from crew.models import CalendarFeed, CrewMember, FreeWindow, Module, ModuleClosure, Station, StationEvent

from .feeds import calendar_feed_active, calendar_feed_create, calendar_feed_ical, calendar_feed_revoke
from .filters import ClosureFilter, CrewMemberFilter, ModuleFilter, StationEventFilter
from .permissions import ManagesCalendarFeeds, StationDataPermissions
from .renderers import AcceptAnything, BoundedJSONParser
from .schema import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, responses
from .services import closure_save, crew_member_save, module_save, station_event_save, station_save
from .station_serializers import (
    CalendarFeedSerializer,
    ClosureSerializer,
    CrewMemberSerializer,
    ModuleSerializer,
    StationEventSerializer,
    StationSerializer,
)
from .throttles import CalendarRateThrottle


class _Editing(generics.GenericAPIView):
    # Shared by the station-data views: write a validated body through `save`, answer with the object.

    permission_classes = [StationDataPermissions]
    parser_classes = [BoundedJSONParser]

    def save(self, data: dict, instance):
        raise NotImplementedError

    def write(self, request, instance, *, partial: bool = False) -> Response:
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        saved = self.save(dict(serializer.validated_data), instance)
        answer = self.get_serializer(self.get_queryset().get(pk=saved.pk))
        return Response(answer.data, status=status.HTTP_200_OK if instance else status.HTTP_201_CREATED)


class _Listing(_Editing, generics.ListAPIView):
    def post(self, request, *args, **kwargs):
        return self.write(request, None)


class _Detail(_Editing):
    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def put(self, request, *args, **kwargs):
        return self.write(request, self.get_object())

    def patch(self, request, *args, **kwargs):
        return self.write(request, self.get_object(), partial=True)

    def delete(self, request, *args, **kwargs):
        self.get_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class _OnStation:
    # Views under /stations/{station}/: the station is looked up after the permission checks.

    station_path = "station"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.station = get_object_or_404(Station, code=kwargs["station"])

    def get_queryset(self):
        if not hasattr(self, "station"):  # permission checks and schema generation only need the model
            return self.queryset.none()
        return self.station_queryset().filter(**{self.station_path: self.station})

    def station_queryset(self):
        return self.queryset.all()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "station": getattr(self, "station", None)}


def _views(resource: type, noun: str) -> tuple[type, type]:
    """The list view (GET, POST) and the detail view (GET, PUT, PATCH, DELETE) of one kind of station data,
    documented for OpenAPI."""
    one = resource.serializer_class
    listing = extend_schema_view(
        get=extend_schema(summary=f"List {noun}s", responses=responses({200: one(many=True)}, *LIST_ERRORS)),
        post=extend_schema(summary=f"Add a {noun}", responses=responses({201: one}, *WRITE_ERRORS)),
    )(type(f"{resource.__name__[1:]}ListView", (resource, _Listing), {}))
    detail = extend_schema_view(
        get=extend_schema(summary=f"Get a {noun}", responses=responses({200: one}, *READ_ERRORS)),
        put=extend_schema(summary=f"Replace a {noun}", responses=responses({200: one}, *WRITE_ERRORS)),
        patch=extend_schema(summary=f"Change a {noun}", responses=responses({200: one}, *WRITE_ERRORS)),
        delete=extend_schema(
            summary=f"Delete a {noun}",
            responses=responses({204: None, 409: OpenApiResponse(description="Still in use.")}, 401, 403, 404, 429),
        ),
    )(type(f"{resource.__name__[1:]}DetailView", (resource, _Detail), {"filterset_class": None}))
    return listing, detail


# --- stations ----------------------------------------------------------------------------------------------


class _Stations:
    queryset = Station.objects.all()
    serializer_class = StationSerializer
    lookup_field, lookup_url_kwarg = "code", "station"

    def save(self, data, instance):
        return station_save(station=instance, fields=data)


StationListView, StationDetailView = _views(_Stations, "station")


# --- modules and closures ----------------------------------------------------------------------------------


class _Modules(_OnStation):
    queryset = Module.objects.all()
    serializer_class = ModuleSerializer
    filterset_class = ModuleFilter
    lookup_field, lookup_url_kwarg = "code", "module"

    def save(self, data, instance):
        return module_save(station=self.station, module=instance, fields=data)


ModuleListView, ModuleDetailView = _views(_Modules, "module")


class _Closures(_OnStation):
    queryset = ModuleClosure.objects.all()
    serializer_class = ClosureSerializer
    filterset_class = ClosureFilter
    station_path = "module__station"
    lookup_field, lookup_url_kwarg = "pk", "closure"

    def station_queryset(self):
        return self.queryset.select_related("module").order_by("start", "id")

    def save(self, data, instance):
        return closure_save(closure=instance, fields=data)


ClosureListView, ClosureDetailView = _views(_Closures, "module closure")


# --- crew and events ---------------------------------------------------------------------------------------


class _Crew(_OnStation):
    queryset = CrewMember.objects.all()
    serializer_class = CrewMemberSerializer
    filterset_class = CrewMemberFilter
    lookup_field, lookup_url_kwarg = "code", "person"

    def station_queryset(self):
        return self.queryset.prefetch_related(Prefetch("free_windows", queryset=FreeWindow.objects.order_by("start")))

    def save(self, data, instance):
        free = data.pop("free_windows", None)
        spans = None if free is None else [(window["start"], window["end"]) for window in free]
        return crew_member_save(station=self.station, member=instance, fields=data, free=spans)


CrewListView, CrewDetailView = _views(_Crew, "crew member")


class _Events(_OnStation):
    queryset = StationEvent.objects.all()
    serializer_class = StationEventSerializer
    filterset_class = StationEventFilter
    lookup_field, lookup_url_kwarg = "code", "event"

    def station_queryset(self):
        return self.queryset.prefetch_related("people", "modules").order_by("start", "id")

    def save(self, data, instance):
        people, modules = data.pop("people", None), data.pop("modules", None)
        return station_event_save(station=self.station, event=instance, fields=data, people=people, modules=modules)


StationEventListView, StationEventDetailView = _views(_Events, "station event")


# --- calendar feeds ----------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="List a crew member's calendar feeds", responses=responses({200: CalendarFeedSerializer(many=True)}, *LIST_ERRORS)),
    post=extend_schema(
        summary="Create a calendar feed for a crew member",
        description="A secret URL that shows this person only their own shoots; anyone with it can read them.",
        request=None, responses=responses({201: CalendarFeedSerializer}, 401, 403, 404, 429),
    ),
)
class CalendarFeedListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, ManagesCalendarFeeds]
    serializer_class = CalendarFeedSerializer
    queryset = CalendarFeed.objects.none()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.crew_member = get_object_or_404(CrewMember, station__code=kwargs["station"], code=kwargs["person"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return CalendarFeed.objects.filter(crew_member=self.crew_member).select_related("crew_member__station")

    def post(self, request, station, person):
        feed = calendar_feed_create(crew_member=self.crew_member)
        return Response(self.get_serializer(feed).data, status=status.HTTP_201_CREATED)


class CalendarFeedRevokeView(APIView):
    permission_classes = [IsAuthenticated, ManagesCalendarFeeds]

    @extend_schema(
        summary="Revoke a calendar feed", description="Its URL answers 404 from now on. Revoking twice is harmless.",
        responses=responses({204: None}, 401, 403, 404, 429),
    )
    def delete(self, request, feed_id):
        calendar_feed_revoke(feed=get_object_or_404(CalendarFeed, pk=feed_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarView(APIView):
    """The subscription URL of a calendar feed. No login: the token in the URL is the credential."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [CalendarRateThrottle]
    renderer_classes = [JSONRenderer]  # for errors; the calendar itself is returned as it is
    content_negotiation_class = AcceptAnything

    @extend_schema(
        summary="A crew member's calendar (iCalendar)",
        description="The person's shoots in the current schedule of every production on their station. "
        "404 once the feed is revoked.",
        operation_id="calendar_feed_ics", auth=[], responses=responses({(200, "text/calendar"): OpenApiTypes.STR}, 404, 429),
    )
    def get(self, request, token):
        feed = calendar_feed_active(token=token)
        if feed is None:
            raise Http404("no such calendar feed (it may have been revoked)")
        return HttpResponse(calendar_feed_ical(feed=feed), content_type="text/calendar; charset=utf-8")
