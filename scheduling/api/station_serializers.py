"""Shapes of station data and calendar feeds. Writes are checked as strictly as a production file checks them,
so station data edited here always exports as a valid file; codes are unique per station.

Serializers get the station (and, for updates, the object) in their context.
"""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from core.intervals import overlapping_pairs
from crew.models import CalendarFeed, CrewMember, Module, ModuleClosure, Station, StationEvent

from core.times import format_time

from .fields import AllOrCodesField, MinuteTimeField

CODE = {"max_length": 64, "help_text": 'Letters, digits, "-" and "_".'}


def _span_check(attrs: dict, instance) -> None:
    start = attrs.get("start", getattr(instance, "start", None))
    end = attrs.get("end", getattr(instance, "end", None))
    if start and end and end <= start:
        raise serializers.ValidationError({"end": [f"must be after start ({format_time(start)})"]})


def _unused(code: str, taken, instance, message: str) -> str:
    """`code` unless another object (than `instance`) in `taken` has it."""
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise serializers.ValidationError(message)
    return code


class _StationScoped(serializers.Serializer):
    code_model = None

    @property
    def station(self) -> Station:
        return self.context["station"]

    def validate_code(self, code: str) -> str:
        taken = self.code_model.objects.filter(station=self.station, code=code)
        return _unused(code, taken, self.instance, f'"{code}" is already used on station {self.station.code}')


class StationSerializer(serializers.Serializer):
    code = serializers.SlugField(**CODE)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate_code(self, code: str) -> str:
        return _unused(code, Station.objects.filter(code=code), self.instance, f'station "{code}" already exists')


class ModuleSerializer(_StationScoped):
    code_model = Module
    code = serializers.SlugField(**CODE)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    segment = serializers.CharField(max_length=64, required=False, allow_blank=True, help_text="e.g. ROS or USOS.")
    capacity = serializers.IntegerField(min_value=1, max_value=1000, help_text="Most people a shoot here may involve.")
    window = serializers.BooleanField(required=False, help_text="Has an Earth-facing window.")


class ClosureSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    module = serializers.SlugField(**CODE)
    start = MinuteTimeField()
    end = MinuteTimeField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def validate_module(self, code: str) -> Module:
        module = Module.objects.filter(station=self.context["station"], code=code).first()
        if module is None:
            raise serializers.ValidationError(f'unknown module "{code}" on station {self.context["station"].code}')
        return module

    def validate(self, attrs: dict) -> dict:
        _span_check(attrs, self.instance)
        module = attrs.get("module", getattr(self.instance, "module", None))
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        others = ModuleClosure.objects.filter(module=module, start__lt=end, end__gt=start)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        clash = others.first()
        if clash is not None:
            raise serializers.ValidationError(
                {"start": [f"overlaps closure {clash.pk} of {module.code} ({format_time(clash.start)}–{format_time(clash.end)})"]}
            )
        return attrs

    def to_representation(self, closure: ModuleClosure) -> dict:
        return {
            "id": closure.pk, "module": closure.module.code, "reason": closure.reason,
            "start": format_time(closure.start), "end": format_time(closure.end),
        }


class FreeWindowSerializer(serializers.Serializer):
    start = MinuteTimeField()
    end = MinuteTimeField()

    def validate(self, attrs: dict) -> dict:
        _span_check(attrs, None)
        return attrs


class CrewMemberSerializer(_StationScoped):
    code_model = CrewMember
    code = serializers.SlugField(**CODE)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role = serializers.CharField(max_length=64, required=False, allow_blank=True, help_text="e.g. actor, cosmonaut.")
    max_minutes_per_day = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, allow_null=True, help_text="Shooting cap per UTC day; null: none."
    )
    free = FreeWindowSerializer(
        many=True, required=False, source="free_windows",
        help_text="When this person can shoot; a write replaces them all. Outside them: busy or not aboard.",
    )

    def validate_free(self, windows: list[dict]) -> list[dict]:
        clashes = overlapping_pairs([(window["start"], window["end"]) for window in windows])
        if clashes:
            raise serializers.ValidationError({later: [f"overlaps free window free[{earlier}]"] for earlier, later in clashes})
        return windows

    def to_representation(self, member: CrewMember) -> dict:
        data = super().to_representation(member)
        data["free"] = FreeWindowSerializer(member.free_windows.all(), many=True).data
        return data


class StationEventSerializer(_StationScoped):
    code_model = StationEvent
    code = serializers.SlugField(**CODE)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    start = MinuteTimeField()
    end = MinuteTimeField()
    people = AllOrCodesField(help_text='"all", or the codes of the people it blocks.')
    modules = AllOrCodesField(help_text='"all", or the codes of the modules it blocks.')

    def _members(self, codes, model, what: str):
        if codes == "all":
            return "all"
        known = {item.code: item for item in model.objects.filter(station=self.station, code__in=codes)}
        errors = {}
        for index, code in enumerate(codes):
            if code not in known:
                errors[index] = [f'unknown {what} "{code}" on station {self.station.code}']
            elif code in codes[:index]:
                errors[index] = [f'{what} "{code}" is listed twice']
        if errors:
            raise serializers.ValidationError(errors)
        return [known[code] for code in codes]

    def validate_people(self, codes):
        return self._members(codes, CrewMember, "person")

    def validate_modules(self, codes):
        return self._members(codes, Module, "module")

    def validate(self, attrs: dict) -> dict:
        _span_check(attrs, self.instance)
        return attrs

    def to_representation(self, event: StationEvent) -> dict:
        return {
            "code": event.code, "title": event.title,
            "start": format_time(event.start), "end": format_time(event.end),
            "people": "all" if event.all_people else [person.code for person in event.people.all()],
            "modules": "all" if event.all_modules else [module.code for module in event.modules.all()],
        }


class CalendarFeedSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="crew_member.code", read_only=True)
    station = serializers.CharField(source="crew_member.station.code", read_only=True)
    url = serializers.SerializerMethodField(help_text="Subscribe to this in a calendar app. It needs no login: keep it secret.")

    class Meta:
        model = CalendarFeed
        fields = ["id", "person", "station", "created", "revoked", "url"]
        read_only_fields = fields

    def get_url(self, feed: CalendarFeed) -> str:
        path = reverse("api:calendar-feed", kwargs={"token": feed.token})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
