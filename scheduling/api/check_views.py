"""The API view of a production's conflicts: where its current schedule breaks against the station as it is now
(`scheduling.schedule_checks`)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from scheduling.schedule_checks import schedule_check_fresh

from . import selectors
from .schema import READ_ERRORS, responses
from .views import ProductionScoped


class ConflictSerializer(serializers.Serializer):
    scene = serializers.CharField(allow_null=True, help_text="The scene whose published shoot breaks the rule.")
    rule = serializers.CharField(help_text='The hard rule it breaks, e.g. "closure", "event", "free-window", "daily-cap".')
    message = serializers.CharField(help_text="What breaks, in words: the shoot, its module and times, and why.")


class ScheduleCheckSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The schedule version checked: the current one.")
    checked = serializers.CharField(help_text="When it was checked, UTC (ISO 8601).")
    conflicts = ConflictSerializer(many=True, help_text="Every hard rule a shoot breaks now; empty when all hold.")


class ConflictsView(ProductionScoped, APIView):
    @extend_schema(
        summary="Conflicts of the current schedule with the station as it is now",
        description=(
            "Every hard rule the current version's shoots break against today's station data (free windows, "
            "events, closures, module capacity and window, daily caps, light) and the other productions' current "
            "schedules, and against the scenes as they are now (a longer scene no longer fits its shoot). Checked "
            "in the background whenever station data changes; answered from that check when it is up to date, "
            "else checked now. 404 before any schedule is published."
        ),
        responses=responses({200: ScheduleCheckSerializer}, *READ_ERRORS),
    )
    def get(self, request, code):
        selectors.schedule_version_visible(production=self.production)
        return Response(ScheduleCheckSerializer(schedule_check_fresh(production=self.production)).data)
