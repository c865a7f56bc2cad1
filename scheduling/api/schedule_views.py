"""API views for solve runs (start, follow, cancel), schedule versions (list, get, compare) and the schedule
exports (JSON `orbitfilm/schedule@1`, CSV, iCalendar)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from scheduling.exports import schedule_document
from scheduling.models import ScheduleVersion, SolveRun
from scheduling.runs import solve_run_cancel, solve_run_request
from scheduling.selectors import schedule_versions_compare

from . import selectors
from .errors import Conflict
from .filters import SolveRunFilter
from .permissions import ProductionWrites
from .renderers import BoundedJSONParser, ScheduleCSVRenderer, ScheduleICalendarRenderer
from .schema import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, responses
from .serializers import (
    CompareQuerySerializer,
    ScheduleCompareSerializer,
    ScheduleDocumentSerializer,
    ScheduleVersionSerializer,
    SolveConflictSerializer,
    SolveRequestSerializer,
    SolveRunDetailSerializer,
    SolveRunSerializer,
)
from .throttles import SolveRateThrottle, WriteRateThrottle
from .views import ProductionScoped


# --- solve runs --------------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="List solve runs", responses=responses({200: SolveRunSerializer(many=True)}, *LIST_ERRORS)),
    post=extend_schema(
        summary="Start a solve",
        description="Queues a solve on the workers and answers at once (202); follow it at the run's URL (`Location`).",
        request=SolveRequestSerializer,
        responses=responses(
            {202: SolveRunSerializer,
             409: OpenApiResponse(SolveConflictSerializer, description="A solve of this production is already queued or running.")},
            *WRITE_ERRORS, 503,
        ),
    ),
)
class SolveRunListView(ProductionScoped, generics.ListAPIView):
    serializer_class = SolveRunSerializer
    filterset_class = SolveRunFilter
    parser_classes = [BoundedJSONParser]
    throttle_classes = [WriteRateThrottle, SolveRateThrottle]
    queryset = SolveRun.objects.none()
    write_permissions = {"POST": ("scheduling.change_production",)}

    def production_queryset(self):
        return selectors.solve_runs_for_user(user=self.request.user).filter(production=self.production)

    def post(self, request, code):
        solve = SolveRequestSerializer(data=request.data)
        solve.is_valid(raise_exception=True)
        run = solve_run_request(
            production=self.production, requested_by=request.user, engine_name=solve.validated_data["engine"],
            seconds=solve.validated_data.get("seconds"), replan_from=solve.validated_data.get("replan_from"),
        )
        run = selectors.solve_run_visible(user=request.user, run_id=run.pk)
        location = reverse("api:solve-run-detail", kwargs={"run_id": run.pk}, request=request)
        return Response(SolveRunSerializer(run).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class SolveRunDetailView(APIView):
    @extend_schema(summary="Follow a solve run", responses=responses({200: SolveRunDetailSerializer}, *READ_ERRORS))
    def get(self, request, run_id):
        return Response(SolveRunDetailSerializer(selectors.solve_run_visible(user=request.user, run_id=run_id)).data)


class SolveRunCancelView(APIView):
    permission_classes = [IsAuthenticated, ProductionWrites]
    write_permissions = {"POST": ("scheduling.change_production",)}

    @extend_schema(
        summary="Cancel a solve run",
        description="A queued run stops at once, a running one at the solver's next report; nothing is published. "
        "409 when the run has already finished.",
        request=None, responses=responses({200: SolveRunSerializer}, 401, 403, 404, 409, 429),
    )
    def post(self, request, run_id):
        run = selectors.solve_run_visible(user=request.user, run_id=run_id)
        if not run.active:
            raise Conflict(f"solve run {run.pk} has already finished ({run.status})")
        return Response(SolveRunSerializer(solve_run_cancel(run=run)).data)


# --- schedule versions and exports -------------------------------------------------------------------------

SCHEDULE_RESPONSES = responses(
    {
        (200, "application/json"): ScheduleDocumentSerializer,
        (200, "text/csv"): OpenApiTypes.STR,
        (200, "text/calendar"): OpenApiTypes.STR,
    },
    *READ_ERRORS,
)
SCHEDULE_DESCRIPTION = (
    "`orbitfilm/schedule@1` as JSON; `?format=csv` for CSV (one row per shoot) or `?format=ics` for iCalendar "
    "(one event per shoot, UIDs stable across versions). The Accept header works too."
)


@extend_schema_view(get=extend_schema(summary="List schedule versions", responses=responses({200: ScheduleVersionSerializer(many=True)}, *LIST_ERRORS)))
class ScheduleVersionListView(ProductionScoped, generics.ListAPIView):
    serializer_class = ScheduleVersionSerializer
    queryset = ScheduleVersion.objects.none()

    def production_queryset(self):
        return selectors.schedule_versions_listing(production=self.production)


class ScheduleExportView(ProductionScoped, APIView):
    renderer_classes = [JSONRenderer, ScheduleCSVRenderer, ScheduleICalendarRenderer]
    metadata_class = None  # an OPTIONS description has no CSV or iCalendar form

    @extend_schema(summary="Export the current schedule", description=SCHEDULE_DESCRIPTION, responses=SCHEDULE_RESPONSES)
    def get(self, request, code, number=None):
        version = selectors.schedule_version_visible(production=self.production, number=number)
        headers = {}
        if request.accepted_renderer.format in ("csv", "ics"):
            filename = f"{self.production.code}-schedule-v{version.number}.{request.accepted_renderer.format}"
            headers["Content-Disposition"] = f'inline; filename="{filename}"'
        return Response(schedule_document(version=version), headers=headers)


class ScheduleVersionView(ScheduleExportView):
    @extend_schema(summary="Export a schedule version", description=SCHEDULE_DESCRIPTION, responses=SCHEDULE_RESPONSES)
    def get(self, request, code, number=None):
        return super().get(request, code, number)


class ScheduleCompareView(ProductionScoped, APIView):
    @extend_schema(
        summary="Compare two schedule versions",
        parameters=[OpenApiParameter("old", int, required=True), OpenApiParameter("new", int, required=True)],
        responses=responses({200: ScheduleCompareSerializer}, 400, *READ_ERRORS),
    )
    def get(self, request, code):
        query = CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        old = selectors.schedule_version_visible(production=self.production, number=query.validated_data["old"])
        new = selectors.schedule_version_visible(production=self.production, number=query.validated_data["new"])
        return Response(schedule_versions_compare(old=old, new=new))

