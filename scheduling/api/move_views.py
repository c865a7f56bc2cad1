"""API views for moving shoots by hand and restoring an older version (see `scheduling.moves`)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.times import format_time
from scheduling.moves import MOVE_PERMISSION, Move, MovesChecked, MovesRefused, moves_check, moves_publish, version_restore

from . import selectors
from .move_serializers import MovesRefusedSerializer, MovesRequestSerializer, MovesVerdictSerializer, PublishedVersionSerializer
from .renderers import BoundedJSONParser
from .schema import responses
from .views import ProductionScoped

REFUSED = OpenApiResponse(MovesRefusedSerializer, description="A hard rule is broken: nothing was published.")


def verdict(checked: MovesChecked) -> dict:
    problem = checked.problem
    return {
        "valid": checked.valid,
        "violations": [{"scene": v.scene, "rule": v.rule, "message": v.message} for v in checked.violations],
        "shoots": [
            {"scene": shoot.scene, "module": shoot.module,
             "start": format_time(problem.moment_at(shoot.start)), "end": format_time(problem.moment_at(shoot.end))}
            for shoot in checked.placed()
        ],
        "base": checked.base.number if checked.base else None,
    }


def refused(error: MovesRefused) -> Response:
    violations = [{"scene": v.scene, "rule": v.rule, "message": v.message} for v in error.violations]
    return Response(
        {"errors": [v["message"] for v in violations], "valid": False, "violations": violations, "shoots": [], "base": None},
        status=status.HTTP_409_CONFLICT,
    )


class MovesView(ProductionScoped, APIView):
    parser_classes = [BoundedJSONParser]
    write_permissions = {"POST": (MOVE_PERMISSION,)}  # a dry run too: it is the first step of the write

    @extend_schema(
        summary="Move shoots by hand",
        description=(
            "The current version with the moves applied together, checked by the independent validator against "
            "the production as it is now (station data, other productions' shoots, pins, scenes marked shot). "
            "`start: null` sends a shoot to the boneyard; a boneyard scene moves in with a start and a module. "
            "A dry run (the default) answers 200 with the verdict; with `dry_run: false` a valid set publishes a new "
            'version (engine "manual") and answers 201, and an invalid one 409 with the same violations.'
        ),
        request=MovesRequestSerializer,
        responses=responses(
            {200: OpenApiResponse(MovesVerdictSerializer, description="Dry run: the verdict."),
             201: OpenApiResponse(PublishedVersionSerializer, description="Published."), 409: REFUSED},
            400, 401, 403, 404, 429,
        ),
    )
    def post(self, request, code):
        body = MovesRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        moves = [Move(scene=m["scene"], start=m["start"], module=m.get("module")) for m in body.validated_data["moves"]]
        if body.validated_data["dry_run"]:
            return Response(verdict(moves_check(production=self.production, moves=moves)))
        try:
            version = moves_publish(production=self.production, moves=moves, expected_base=body.validated_data.get("base"))
        except MovesRefused as error:
            return refused(error)
        return Response({"version": version.number}, status=status.HTTP_201_CREATED)


class VersionRestoreView(ProductionScoped, APIView):
    write_permissions = {"POST": (MOVE_PERMISSION,)}

    @extend_schema(
        summary="Restore a schedule version",
        description="Publishes a copy of the version as the next one, checked again against the production as it "
        "is now; 409 with the violations when it no longer holds.",
        request=None,
        responses=responses({201: PublishedVersionSerializer, 409: REFUSED}, 401, 403, 404, 429),
    )
    def post(self, request, code, number):
        selectors.schedule_version_visible(production=self.production, number=number)  # 404 for a version it lacks
        try:
            version = version_restore(production=self.production, number=number)
        except MovesRefused as error:
            return refused(error)
        return Response({"version": version.number}, status=status.HTTP_201_CREATED)
