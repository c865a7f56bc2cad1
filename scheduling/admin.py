"""Admin for productions and scenes: a director sees and changes only the productions they direct. Also what
productions add to the station data admin: the station timeline link and time aboard taken from productions."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from crew import admin as crew_admin
from crew.models import CrewMember, Station

from .models import (
    Casting,
    Element,
    Pin,
    Place,
    Production,
    RosterEntry,
    Scene,
    SceneCast,
    SceneElement,
    SceneModule,
    ScenePredecessor,
    ScheduleVersion,
    SolveRun,
)
from .selectors import crew_member_aboard_default


class OwnProductionsMixin:
    """Row-level access: non-superusers see only objects of productions they direct (others are 404)."""

    production_path = "production"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        director = f"{self.production_path}__director" if self.production_path else "director"
        return queryset.filter(**{director: request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "production" and not request.user.is_superuser:
            kwargs["queryset"] = Production.objects.filter(director=request.user)
        if db_field.name == "scene" and not request.user.is_superuser:
            kwargs["queryset"] = Scene.objects.filter(production__director=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RosterEntryInline(admin.TabularInline):
    model = RosterEntry
    extra = 0
    autocomplete_fields = ["crew_member"]


@admin.register(Production)
class ProductionAdmin(OwnProductionsMixin, admin.ModelAdmin):
    production_path = ""
    list_display = ["code", "title", "station", "start", "end", "director"]
    list_filter = ["station"]
    search_fields = ["code", "title"]
    inlines = [RosterEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("station", "director")

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("director",)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.director = request.user
        super().save_model(request, obj, form, change)


class SceneCastInline(admin.TabularInline):
    model = SceneCast
    extra = 0
    autocomplete_fields = ["crew_member"]


class SceneModuleInline(admin.TabularInline):
    model = SceneModule
    extra = 0


class ScenePredecessorInline(admin.TabularInline):
    model = ScenePredecessor
    fk_name = "scene"
    extra = 0
    verbose_name = "comes after"
    verbose_name_plural = "comes after"


class SceneElementInline(admin.TabularInline):
    model = SceneElement
    extra = 0


@admin.register(Scene)
class SceneAdmin(OwnProductionsMixin, admin.ModelAdmin):
    list_display = ["code", "title", "production", "minutes", "priority", "required", "light", "window", "shot", "omitted"]
    list_filter = ["production", "required", "light", "window", "shot", "omitted"]
    search_fields = ["code", "title"]
    inlines = [SceneCastInline, SceneModuleInline, ScenePredecessorInline, SceneElementInline]
    readonly_fields = ["omitted_by", "revised_by"]  # set by script imports (and a choice list would show everyone's)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("production")


@admin.register(Element)
class ElementAdmin(OwnProductionsMixin, admin.ModelAdmin):
    list_display = ["code", "name", "category", "quantity", "production"]
    list_filter = ["production", "category"]
    search_fields = ["code", "name"]


@admin.register(Casting)
class CastingAdmin(OwnProductionsMixin, admin.ModelAdmin):
    list_display = ["character", "person", "production"]
    list_filter = ["production"]
    search_fields = ["character", "person__code", "person__name"]


@admin.register(Place)
class PlaceAdmin(OwnProductionsMixin, admin.ModelAdmin):
    list_display = ["code", "name", "lat", "lon", "min_elevation", "production"]
    list_filter = ["production"]
    search_fields = ["code", "name"]


@admin.register(Pin)
class PinAdmin(OwnProductionsMixin, admin.ModelAdmin):
    production_path = "scene__production"
    list_display = ["scene", "start", "module"]
    list_filter = ["scene__production"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Published schedules and solve runs are written only by the solver."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScheduleVersion)
class ScheduleVersionAdmin(OwnProductionsMixin, ReadOnlyAdmin):
    list_display = ["production", "number", "created", "status", "objective", "bound", "engine", "seconds"]
    list_filter = ["production", "engine", "status"]


@admin.register(SolveRun)
class SolveRunAdmin(OwnProductionsMixin, ReadOnlyAdmin):
    list_display = ["id", "production", "status", "engine", "created", "best_objective", "best_bound", "requested_by"]
    list_filter = ["production", "status", "engine"]


# --- station data, as productions extend it ----------------------------------------------------------------
# crew/admin.py knows nothing of productions; these subclasses replace its registrations to add what does.

admin.site.unregister([Station, CrewMember])


@admin.register(Station)
class StationAdmin(crew_admin.StationAdmin):
    list_display = [*crew_admin.StationAdmin.list_display, "timeline"]

    @admin.display(description="timeline")
    def timeline(self, station):
        return format_html('<a href="{}">all productions\' shoots</a>', reverse("web:station_timeline", args=[station.code]))


@admin.register(CrewMember)
class CrewMemberAdmin(crew_admin.CrewMemberAdmin):
    def aboard_default(self, member):
        """The span of the member's free windows, else of their productions (see crew_member_aboard_default)."""
        return crew_member_aboard_default(crew_member=member)
