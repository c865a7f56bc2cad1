"""The admin panel where station operations keep crew, free time, modules, closures and station events."""

from django import forms
from django.contrib import admin
from django.db.models import Count

from .models import CrewMember, FreeWindow, Module, ModuleClosure, Station, StationEvent


class NonOverlappingSpansFormSet(forms.BaseInlineFormSet):
    """Free windows (or closures) of one owner must not overlap; a reversed span is caught by the model."""

    what = "span"

    def clean(self):
        super().clean()
        spans = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("start") or not data.get("end"):
                continue
            if data["end"] <= data["start"]:
                form.add_error("end", "must be after the start")
                continue
            spans.append((data["start"], data["end"], form))
        spans.sort(key=lambda span: (span[0], span[1]))
        for (start_a, end_a, _), (start_b, end_b, form_b) in zip(spans, spans[1:]):
            if start_b < end_a:
                form_b.add_error(
                    "start", f"overlaps the {self.what} {start_a:%Y-%m-%d %H:%M}–{end_a:%Y-%m-%d %H:%M} UTC"
                )


class FreeWindowFormSet(NonOverlappingSpansFormSet):
    what = "free window"


class ClosureFormSet(NonOverlappingSpansFormSet):
    what = "closure"


class FreeWindowInline(admin.TabularInline):
    model = FreeWindow
    formset = FreeWindowFormSet
    extra = 1
    ordering = ["start"]


class ModuleClosureInline(admin.TabularInline):
    model = ModuleClosure
    formset = ClosureFormSet
    extra = 1
    ordering = ["start"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "module_count", "crew_count"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            module_count=Count("modules", distinct=True), crew_count=Count("crew_members", distinct=True)
        )

    @admin.display(description="modules", ordering="module_count")
    def module_count(self, station):
        return station.module_count

    @admin.display(description="crew", ordering="crew_count")
    def crew_count(self, station):
        return station.crew_count


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "station", "segment", "capacity", "window", "closure_count"]
    list_filter = ["station", "segment", "window"]
    search_fields = ["code", "name"]
    inlines = [ModuleClosureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("station").annotate(closure_count=Count("closures"))

    @admin.display(description="closures", ordering="closure_count")
    def closure_count(self, module):
        return module.closure_count


@admin.register(CrewMember)
class CrewMemberAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "role", "station", "max_minutes_per_day", "free_window_count"]
    list_filter = ["station", "role"]
    search_fields = ["code", "name", "role"]
    inlines = [FreeWindowInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("station").annotate(free_window_count=Count("free_windows"))

    @admin.display(description="free windows", ordering="free_window_count")
    def free_window_count(self, member):
        return member.free_window_count


class StationEventForm(forms.ModelForm):
    class Meta:
        model = StationEvent
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        start, end, station = cleaned.get("start"), cleaned.get("end"), cleaned.get("station")
        if start and end and end <= start:
            self.add_error("end", "must be after the start")
        for field, label in (("people", "people"), ("modules", "modules")):
            strangers = [item.code for item in cleaned.get(field) or [] if station and item.station_id != station.pk]
            if strangers:
                self.add_error(field, f"{label} of another station: {', '.join(strangers)}")
        return cleaned


@admin.register(StationEvent)
class StationEventAdmin(admin.ModelAdmin):
    form = StationEventForm
    list_display = ["code", "title", "station", "start", "end", "blocks"]
    list_filter = ["station", "all_people", "all_modules"]
    search_fields = ["code", "title"]
    date_hierarchy = "start"
    filter_horizontal = ["people", "modules"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("station").prefetch_related("people", "modules")

    @admin.display(description="blocks")
    def blocks(self, event):
        people = "all people" if event.all_people else ", ".join(p.code for p in event.people.all())
        modules = "all modules" if event.all_modules else ", ".join(m.code for m in event.modules.all())
        return "; ".join(part for part in (people, modules) if part) or "nothing"


@admin.register(ModuleClosure)
class ModuleClosureAdmin(admin.ModelAdmin):
    list_display = ["module", "start", "end", "reason"]
    list_filter = ["module__station", "module"]
    search_fields = ["module__code", "reason"]
    date_hierarchy = "start"
