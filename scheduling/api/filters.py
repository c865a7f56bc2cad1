"""Query-string filters of the lists (django-filter), documented in the OpenAPI schema."""

from datetime import timezone

import django_filters as filters
from django import forms
from django_filters.fields import IsoDateTimeField

from crew.models import CrewMember, Module, ModuleClosure, StationEvent
from scheduling.models import Element, Production, Scene, SolveRun
from scheduling.scene_fields import ELEMENT_CATEGORIES, LIGHT_CHOICES
from scheduling.solver.solution import ENGINES


class ProductionFilter(filters.FilterSet):
    station = filters.CharFilter(field_name="station__code", help_text="Station code.")

    class Meta:
        model = Production
        fields = ["station"]


class SceneFilter(filters.FilterSet):
    module = filters.CharFilter(field_name="scenemodule__module__code", help_text="Scenes that may use this module.")
    person = filters.CharFilter(field_name="scenecast__crew_member__code", help_text="Scenes this person is in.")
    element = filters.CharFilter(field_name="sceneelement__element__code", help_text="Scenes that list this element.")
    light = filters.ChoiceFilter(choices=LIGHT_CHOICES)
    required = filters.BooleanFilter()
    shot = filters.BooleanFilter()
    pinned = filters.BooleanFilter(field_name="pin", lookup_expr="isnull", exclude=True, help_text="Scenes with a pin.")
    scheduled = filters.BooleanFilter(help_text="Scenes with a shoot in the current schedule version.")

    class Meta:
        model = Scene
        fields = ["module", "person", "element", "light", "required", "shot", "pinned", "scheduled"]


class SolveRunFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=SolveRun.Status.choices)
    engine = filters.ChoiceFilter(choices=list(ENGINES.items()))

    class Meta:
        model = SolveRun
        fields = ["status", "engine"]


class ModuleFilter(filters.FilterSet):
    segment = filters.CharFilter()
    window = filters.BooleanFilter()

    class Meta:
        model = Module
        fields = ["segment", "window"]


class CrewMemberFilter(filters.FilterSet):
    role = filters.CharFilter()

    class Meta:
        model = CrewMember
        fields = ["role"]


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant, turned to UTC before it reaches the database (PostgreSQL refuses odd offsets)."""

    def to_python(self, value):
        moment = super().to_python(value)
        try:
            return moment.astimezone(timezone.utc) if moment else moment
        except OverflowError:
            raise forms.ValidationError("out of range", code="invalid") from None


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class _SpanFilter(filters.FilterSet):
    since = UtcDateTimeFilter(field_name="end", lookup_expr="gt", help_text="Only those ending after this instant.")
    until = UtcDateTimeFilter(field_name="start", lookup_expr="lt", help_text="Only those starting before this instant.")


class StationEventFilter(_SpanFilter):
    person = filters.CharFilter(method="blocking_person", help_text="Events that block this person (or everyone).")
    module = filters.CharFilter(method="blocking_module", help_text="Events that block this module (or every module).")

    class Meta:
        model = StationEvent
        fields = ["since", "until", "person", "module"]

    def blocking_person(self, queryset, name, code):
        return queryset.filter(pk__in=queryset.filter(people__code=code).values("pk")) | queryset.filter(all_people=True)

    def blocking_module(self, queryset, name, code):
        return queryset.filter(pk__in=queryset.filter(modules__code=code).values("pk")) | queryset.filter(all_modules=True)


class ClosureFilter(_SpanFilter):
    module = filters.CharFilter(field_name="module__code")

    class Meta:
        model = ModuleClosure
        fields = ["module", "since", "until"]


class ElementFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=ELEMENT_CATEGORIES)

    class Meta:
        model = Element
        fields = ["category"]
