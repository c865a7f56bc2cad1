"""Admin for productions and scenes: a director sees and changes only the productions they direct, and picks
scenes, elements and people only from them. Elements and casting are checked with the production file's rules
(`breakdown_services`), as on the director's pages and in the API. Also what productions add to the station
data admin: the station timeline link and time aboard taken from productions."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Max
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from crew import admin as crew_admin
from crew.models import CrewMember, Module, ModuleClosure, Station, StationEvent

from .admin_breaks import ShootsBrokenWarning, timeline_broken_warnings

from .access import PRODUCTION_PATHS, NotAllowed, owned_by, production_of, production_write_check, production_writable
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

class OwnProductionsMixin:
    """The one rule of `scheduling.access` in the admin, for any production-owned model and its inlines.

    Non-superusers see only objects of productions they direct (anyone else's is "does not exist"); every
    choice of a production-owned object (a production, a scene to come after, an element, a place) and every
    list filter on one lists only theirs; adding, changing and deleting need the model permission and the
    production's direction, asked again before each save.
    """

    def get_queryset(self, request):
        return owned_by(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in PRODUCTION_PATHS:
            kwargs["queryset"] = owned_by(db_field.related_model._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        return [self._own_filter(item) for item in super().get_list_filter(request)]

    def _own_filter(self, item):
        """A filter on a production-owned relation offers only the values among the user's own rows."""
        if isinstance(item, str) and getattr(get_fields_from_path(self.model, item)[-1], "related_model", None) in PRODUCTION_PATHS:
            return (item, admin.RelatedOnlyFieldListFilter)
        return item

    def _writable(self, request, action: str, obj) -> bool:
        """`obj`: the object itself, or for an inline the object it is edited with; None before one exists."""
        permission = f"{self.opts.app_label}.{get_permission_codename(action, self.opts)}"
        production = production_of(obj) if obj is not None else None
        return production_writable(user=request.user, production=production, action=permission)

    def has_add_permission(self, request, *obj):
        return super().has_add_permission(request, *obj) and self._writable(request, "add", obj[0] if obj else None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._writable(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._writable(request, "delete", obj)

    def save_model(self, request, obj, form, change):
        self._write_check(request, obj, "change" if change else "add")
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        self._write_check(request, obj, "delete")
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        self._write_check(request, form.instance, "change")
        super().save_formset(request, form, formset, change)

    def _write_check(self, request, obj, action: str) -> None:
        permission = f"{obj._meta.app_label}.{get_permission_codename(action, obj._meta)}"
        try:
            production_write_check(user=request.user, production=production_of(obj), action=permission)
        except NotAllowed as error:
            raise PermissionDenied(error.reason) from None


class SameProductionFormSet(BaseInlineFormSet):
    """Rows link only within the production of the object they are edited with: a scene comes after, and
    uses the elements of, its own production alone."""

    def clean(self):
        super().clean()
        production = production_of(self.instance)
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            for name, value in list(form.cleaned_data.items()):  # add_error takes the field out
                if isinstance(value, models.Model) and type(value) in PRODUCTION_PATHS and value is not self.instance:
                    if production is not None and production_of(value) != production:
                        form.add_error(name, f"choose one of production {production.code}'s own")


class OwnInline(OwnProductionsMixin, admin.TabularInline):
    formset = SameProductionFormSet
    extra = 0


class SceneChoicesInline(OwnInline):
    """An inline of a scene whose `choice` foreign key offers only what the scene's production has (`of`)."""

    choice = ""

    def of(self, production: Production):
        raise NotImplementedError

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:  # a fresh form class each time: narrowing its field touches no other request
            formset.form.base_fields[self.choice].queryset = self.of(obj.production)
        return formset


class RosterEntryInline(OwnInline):
    model = RosterEntry
    autocomplete_fields = ["crew_member"]


@admin.register(Production)
class ProductionAdmin(OwnProductionsMixin, admin.ModelAdmin):
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
    autocomplete_fields = ["crew_member"]
    choice = "crew_member"

    def of(self, production):
        return production.roster.all()


class SceneModuleInline(OwnInline):
    model = SceneModule


class ScenePredecessorInline(OwnInline):
    model = ScenePredecessor
    fk_name = "scene"
    verbose_name = "comes after"
    verbose_name_plural = "comes after"


class SceneElementInline(SceneChoicesInline):
    model = SceneElement
    choice = "element"

    def of(self, production):
        return production.elements.all()


@admin.register(Scene)
class SceneAdmin(OwnProductionsMixin, admin.ModelAdmin):
    list_display = ["code", "title", "production", "minutes", "priority", "required", "light", "window", "shot", "omitted"]
    list_filter = ["production", "required", "light", "window", "shot", "omitted"]
    search_fields = ["code", "title"]
    inlines = [SceneCastInline, SceneModuleInline, ScenePredecessorInline, SceneElementInline]
    readonly_fields = ["omitted_by", "revised_by"]  # set by script imports (and a choice list would show everyone's)

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
        self._write_check(request, obj, "change" if change else "add")  # as super().save_model would
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person" and not request.user.is_superuser:  # people of the user's own rosters
            kwargs["queryset"] = CrewMember.objects.filter(rosterentry__production__director=request.user).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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

admin.site.unregister([Station, CrewMember, Module, ModuleClosure, StationEvent])


@admin.register(Station)
class StationAdmin(crew_admin.StationAdmin):
    list_display = [*crew_admin.StationAdmin.list_display, "timeline"]

    @admin.display(description="timeline")
    def timeline(self, station):
        return format_html('<a href="{}">all productions\' shoots</a>', reverse("web:station_timeline", args=[station.code]))


@admin.register(CrewMember)
class CrewMemberAdmin(ShootsBrokenWarning, crew_admin.CrewMemberAdmin):
    def aboard_default(self, member):
        """The span of the member's free windows, else of their productions (see crew_member_aboard_default)."""
        return crew_member_aboard_default(crew_member=member)

    def timeline_warnings(self, change):
        return timeline_broken_warnings(change)


# Before a change that breaks published shoots is saved, the operator is told which (admin_breaks).


@admin.register(Module)
class ModuleAdmin(ShootsBrokenWarning, crew_admin.ModuleAdmin):
    pass


@admin.register(ModuleClosure)
class ModuleClosureAdmin(ShootsBrokenWarning, crew_admin.ModuleClosureAdmin):
    change_noun = "closure"


@admin.register(StationEvent)
class StationEventAdmin(ShootsBrokenWarning, crew_admin.StationEventAdmin):
    change_noun = "event"
