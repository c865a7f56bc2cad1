"""Admin for productions and scenes: a director sees and changes only the productions they direct, and picks
scenes, elements and people only from them. Elements and casting are checked with the production file's rules
(`breakdown_services`), as on the director's pages and in the API. Also what productions add to the station
data admin: the station timeline link and time aboard taken from productions."""

from django import forms
from django.contrib import admin
from django.db.models import Max
from django.urls import reverse
from django.utils.html import format_html

from crew import admin as crew_admin
from crew.models import CrewMember, Station

from .breakdown_services import ELEMENT_COLUMNS, casting_checked, element_checked, element_save
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
from .production_file import ProductionFileError
from .selectors import crew_member_aboard_default
from .web.forms import faults_on_fields

# What a foreign key may point to for a director: only things of the productions they direct. (A roster's
# `crew_member` is not here: rosters are filled from the whole station's crew.)
OWN_CHOICES = {
    "production": lambda user: Production.objects.filter(director=user),
    "scene": lambda user: Scene.objects.filter(production__director=user),
    "element": lambda user: Element.objects.filter(production__director=user),
    "person": lambda user: CrewMember.objects.filter(rosterentry__production__director=user).distinct(),
}


class OwnChoicesMixin:
    """Foreign-key choices of non-superusers limited to the productions they direct."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in OWN_CHOICES and not request.user.is_superuser:
            kwargs["queryset"] = OWN_CHOICES[db_field.name](request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OwnProductionsMixin(OwnChoicesMixin):
    """Row-level access: non-superusers see only objects of productions they direct (others are 404)."""

    production_path = "production"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        director = f"{self.production_path}__director" if self.production_path else "director"
        return queryset.filter(**{director: request.user})


class SceneChoicesInline(OwnChoicesMixin, admin.TabularInline):
    """An inline of a scene whose `choice` foreign key offers only what the scene's production has (`of`)."""

    choice = ""

    def of(self, production: Production):
        raise NotImplementedError

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:  # a fresh form class each time: narrowing its field touches no other request
            field = formset.form.base_fields[self.choice]
            field.queryset = self.of(obj.production)
        return formset


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


class SceneCastInline(SceneChoicesInline):
    model = SceneCast
    extra = 0
    autocomplete_fields = ["crew_member"]
    choice = "crew_member"

    def of(self, production):
        return production.roster.all()


class SceneModuleInline(admin.TabularInline):
    model = SceneModule
    extra = 0


class ScenePredecessorInline(admin.TabularInline):
    model = ScenePredecessor
    fk_name = "scene"
    extra = 0
    verbose_name = "comes after"
    verbose_name_plural = "comes after"


class SceneElementInline(SceneChoicesInline):
    model = SceneElement
    extra = 0
    choice = "element"

    def of(self, production):
        return production.elements.all()


@admin.register(Scene)
class SceneAdmin(OwnProductionsMixin, admin.ModelAdmin):
    list_display = ["code", "title", "production", "minutes", "priority", "required", "light", "window", "shot"]
    list_filter = ["production", "required", "light", "window", "shot"]
    search_fields = ["code", "title"]
    inlines = [SceneCastInline, SceneModuleInline, ScenePredecessorInline, SceneElementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("production")


class ElementAdminForm(forms.ModelForm):
    """Checked like the element's entry in the production file, against the whole production."""

    class Meta:
        model = Element
        fields = ["production", *ELEMENT_COLUMNS]

    def clean(self):
        data = super().clean()
        production = self.instance.production if self.instance.pk else data.get("production")
        if production is not None and not self.errors:
            entry = {name: data.get(name) for name in ELEMENT_COLUMNS}
            try:
                element_checked(production=production, entry=entry, code=self.instance.code if self.instance.pk else None)
            except ProductionFileError as error:
                faults_on_fields(self, error)
        return data


@admin.register(Element)
class ElementAdmin(OwnProductionsMixin, admin.ModelAdmin):
    form = ElementAdminForm
    list_display = ["code", "name", "category", "quantity", "production"]
    list_filter = ["production", "category"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ("production",) if obj is not None else ()  # its scenes are that production's

    def save_model(self, request, obj, form, change):
        original = Element.objects.get(pk=obj.pk).code if change else None
        saved = element_save(production=obj.production, entry={name: getattr(obj, name) for name in ELEMENT_COLUMNS}, code=original)
        obj.pk, obj.position = saved.pk, saved.position


class CastingAdminForm(forms.ModelForm):
    """Checked as the production's whole casting with this entry in it, by the production file's rules."""

    class Meta:
        model = Casting
        fields = ["production", "character", "person"]

    def clean(self):
        data = super().clean()
        production = self.instance.production if self.instance.pk else data.get("production")
        if production is None or self.errors:
            return data
        entry = {"character": data.get("character"), "person": data["person"].code}
        others = production.casting.exclude(pk=self.instance.pk) if self.instance.pk else production.casting.all()
        kept = [{"character": cast.character, "person": cast.person.code} for cast in others.select_related("person").order_by("position", "id")]
        try:
            casting_checked(production=production, entries=[*kept, entry])
        except ProductionFileError as error:
            for fault in error.faults:
                mine = fault.path.startswith(f"[{len(kept)}].")
                field = fault.path.rsplit(".", 1)[-1] if mine else None
                self.add_error(field if field in self.fields else None, fault.message if mine else str(fault))
        return data


@admin.register(Casting)
class CastingAdmin(OwnProductionsMixin, admin.ModelAdmin):
    form = CastingAdminForm
    list_display = ["character", "person", "production"]
    list_filter = ["production"]
    search_fields = ["character", "person__code", "person__name"]

    def get_readonly_fields(self, request, obj=None):
        return ("production",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if not change:  # a new character comes last in the cast list
            last = obj.production.casting.aggregate(last=Max("position"))["last"]
            obj.position = 0 if last is None else last + 1
        super().save_model(request, obj, form, change)


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
