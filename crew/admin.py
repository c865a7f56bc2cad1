"""The admin panel where station operations keep crew, free time, modules, closures and station events."""

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from core.intervals import overlapping_pairs

from .day_template import WEEKDAYS
from .models import (
    CrewMember,
    DayTemplate,
    DayTemplateBlock,
    FreeWindow,
    Module,
    ModuleClosure,
    Station,
    StationEvent,
    TimelineSubscription,
)
from .selectors import crew_member_free_windows_span
from .signals import station_changes
from .services import (
    SUBSCRIPTION_FIELDS,
    FreeWindowsChange,
    crew_member_free_windows_replace,
    crew_member_timeline_preview,
    crew_member_windows_from_template,
    day_template_default,
    free_windows_change_words,
    min_gap_default,
    timeline_subscription_fetch,
    timeline_subscription_save,
)
from .timelines import MAX_FILE_BYTES, TimelineError


def count_column(relation: str, description: str):
    """A sortable changelist column counting each object's `relation` rows, annotated by `CountingAdmin`."""
    annotation = f"{relation}_count"

    @admin.display(description=description, ordering=annotation)
    def column(self, obj):
        return getattr(obj, annotation)

    column.counted = relation
    return column


class StationDataAdmin(admin.ModelAdmin):
    """Saving a form writes the object and its inlines (every free window of a person, say): the station is told
    once, when all of it is written, not once per row (`crew.signals.station_changes`)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with transaction.atomic(), station_changes():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with transaction.atomic(), station_changes():
            return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):  # bulk actions: "delete selected", generating windows
        with transaction.atomic(), station_changes():
            return super().changelist_view(request, extra_context)


class CountingAdmin(StationDataAdmin):
    """Counts the rows its `count_column`s show in the list's one query, selecting `related` with them."""

    related: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.related:
            queryset = queryset.select_related(*self.related)
        columns = [getattr(type(self), name, None) for name in self.list_display]
        counted = [column.counted for column in columns if hasattr(column, "counted")]
        return queryset.annotate(**{f"{relation}_count": Count(relation, distinct=True) for relation in counted})


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
            spans.append(((data["start"], data["end"]), form))
        for earlier, later in overlapping_pairs([span for span, _ in spans]):
            (start, end), _ = spans[earlier]
            spans[later][1].add_error("start", f"overlaps the {self.what} {start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M} UTC")


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
class StationAdmin(CountingAdmin):
    list_display = ["code", "name", "module_count", "crew_count"]
    search_fields = ["code", "name"]
    actions = ["day_template_create"]

    module_count = count_column("modules", "modules")
    crew_count = count_column("crew_members", "crew")

    @admin.action(description="Create the standard GMT day template", permissions=["change"])
    def day_template_create(self, request, queryset):
        for station in queryset:
            _, created = day_template_default(station=station)
            if created:
                messages.success(request, f"{station.code}: standard day template created; edit it under Day templates.")
            else:
                messages.warning(request, f"{station.code}: already has a day template, left as it was.")


@admin.register(Module)
class ModuleAdmin(CountingAdmin):
    list_display = ["code", "name", "station", "segment", "capacity", "window", "closure_count"]
    list_filter = ["station", "segment", "window"]
    search_fields = ["code", "name"]
    inlines = [ModuleClosureInline]

    related = ("station",)
    closure_count = count_column("closures", "closures")


@admin.register(CrewMember)
class CrewMemberAdmin(CountingAdmin):
    list_display = ["code", "name", "role", "station", "max_minutes_per_day", "free_window_count"]
    list_filter = ["station", "role"]
    search_fields = ["code", "name", "role"]
    inlines = [FreeWindowInline]
    actions = ["windows_from_day_template"]
    readonly_fields = ["calendar_subscription"]

    related = ("station",)
    free_window_count = count_column("free_windows", "free windows")

    @admin.display(description="calendar subscription")
    def calendar_subscription(self, member: CrewMember) -> str:
        """Where the member's free windows are fetched from, and how the last fetch went; or a link to start."""
        subscription = TimelineSubscription.objects.filter(crew_member=member).first() if member.pk else None
        if subscription is None:
            if not member.pk:
                return "save the person first"
            add = reverse("admin:crew_timelinesubscription_add") + f"?crew_member={member.pk}"
            return format_html('none: <a href="{}">subscribe to a calendar</a>', add)
        change = reverse("admin:crew_timelinesubscription_change", args=[subscription.pk])
        return format_html('<a href="{}">{}</a>: {}', change, subscription.url, _fetch_said(subscription))

    def aboard_default(self, member: CrewMember) -> tuple[datetime, datetime] | None:
        """The time aboard the timeline forms propose: here the span of the member's free windows (the
        scheduling admin extends it with the member's productions)."""
        return crew_member_free_windows_span(crew_member=member)

    def timeline_warnings(self, change: FreeWindowsChange) -> list[str]:
        """What saving a previewed timeline would break, for the preview page: nothing known here (the
        scheduling admin adds the published shoots it breaks)."""
        return []

    def get_urls(self):
        upload = self.admin_site.admin_view(self.timeline_upload_view)
        return [path("<path:object_id>/timeline/", upload, name="crew_crewmember_timeline"), *super().get_urls()]

    def timeline_upload_view(self, request, object_id):
        """Upload an .ics timeline, see what it changes, then confirm: the confirmation carries the derived
        windows in a signed field, so what is saved is exactly what was previewed."""
        member = self.get_object(request, unquote(object_id))
        if member is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, member):
            raise PermissionDenied
        if request.method == "POST" and "payload" in request.POST:
            return self._timeline_confirm(request, member)
        aboard = self.aboard_default(member)
        form = TimelineUploadForm(
            request.POST or None, request.FILES or None,
            initial={"aboard_start": aboard and aboard[0], "aboard_end": aboard and aboard[1], "min_gap": min_gap_default()},
        )
        change = None
        if form.is_valid():
            try:
                change = crew_member_timeline_preview(
                    crew_member=member, ics=form.cleaned_data["file"].read(), min_gap=form.cleaned_data["min_gap"],
                    aboard_start=form.cleaned_data["aboard_start"], aboard_end=form.cleaned_data["aboard_end"],
                )
            except TimelineError as error:
                for message in error.lines():
                    form.add_error("file", message)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Upload timeline of {member}",
            "opts": self.opts,
            "original": member,
            "form": form,
            "change": change,
            "payload": change and _payload_sign(change),
            "warnings": self.timeline_warnings(change) if change else [],
        }
        return TemplateResponse(request, "admin/crew/crewmember/timeline_upload.html", context)

    def _timeline_confirm(self, request, member):
        try:
            payload = signing.loads(request.POST["payload"], salt=TIMELINE_SALT, max_age=TIMELINE_CONFIRM_SECONDS)
        except signing.BadSignature:
            payload = None
        if payload is None or payload["member"] != member.pk:
            messages.error(request, "The preview expired or was changed; upload the timeline again.")
            return redirect("admin:crew_crewmember_timeline", member.pk)
        change = crew_member_free_windows_replace(
            crew_member=member, start=datetime.fromisoformat(payload["start"]), end=datetime.fromisoformat(payload["end"]),
            windows=[(datetime.fromisoformat(start), datetime.fromisoformat(end)) for start, end in payload["windows"]],
        )
        messages.success(request, f"Timeline imported for {member}: {free_windows_change_words(change)}.")
        return redirect("admin:crew_crewmember_change", member.pk)

    @admin.action(description="Generate free windows from the station's day template", permissions=["change"])
    def windows_from_day_template(self, request, queryset):
        aboard = self.aboard_default(queryset[0])
        form = DayTemplateWindowsForm(
            request.POST if "generate" in request.POST else None,
            initial={"start": aboard and aboard[0], "end": aboard and aboard[1]},
        )
        if form.is_valid():
            for member in queryset:
                try:
                    change = crew_member_windows_from_template(crew_member=member, **form.cleaned_data)
                except TimelineError as error:
                    messages.error(request, f"{member}: {'; '.join(error.lines())}")
                else:
                    messages.success(request, f"{member}: free windows from the day template, {free_windows_change_words(change)}.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Generate free windows from the day template",
            "opts": self.opts,
            "members": queryset,
            "form": form,
            "action": "windows_from_day_template",
        }
        return TemplateResponse(request, "admin/crew/crewmember/day_template_windows.html", context)


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
class StationEventAdmin(StationDataAdmin):
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
class ModuleClosureAdmin(StationDataAdmin):
    list_display = ["module", "start", "end", "reason"]
    list_filter = ["module__station", "module"]
    search_fields = ["module__code", "reason"]
    date_hierarchy = "start"


# --- timelines and the day template -----------------------------------------------------------------------

TIMELINE_SALT = "crew.timeline-upload"
TIMELINE_CONFIRM_SECONDS = 3600
MINUTE_INPUT = forms.DateTimeInput(format="%Y-%m-%d %H:%M", attrs={"placeholder": "2021-10-05 16:00", "size": 18})


class AboardSpanForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get(self.start_field), cleaned.get(self.end_field)
        if start and end and end <= start:
            self.add_error(self.end_field, "must be after the start")
        return cleaned


class TimelineUploadForm(AboardSpanForm):
    start_field, end_field = "aboard_start", "aboard_end"

    file = forms.FileField(
        label="Timeline (.ics)",
        help_text="An iCalendar file of what keeps this person busy: work, exercise, meals, conferences, sleep.",
    )
    aboard_start = forms.DateTimeField(label="Aboard from (UTC)", widget=MINUTE_INPUT)
    aboard_end = forms.DateTimeField(label="Aboard until (UTC)", widget=MINUTE_INPUT)
    min_gap = forms.IntegerField(
        label="Minimum gap (minutes)", min_value=0, max_value=24 * 60,
        help_text="Free gaps shorter than this are not usable free time.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"{upload.size} bytes is more than the {MAX_FILE_BYTES} allowed")
        return upload


class DayTemplateWindowsForm(AboardSpanForm):
    start_field, end_field = "start", "end"

    start = forms.DateTimeField(label="From (UTC)", widget=MINUTE_INPUT)
    end = forms.DateTimeField(label="Until (UTC)", widget=MINUTE_INPUT)
    replace = forms.BooleanField(
        required=False,
        label="Replace their free windows in this span",
        help_text="Unticked, the template's free time is added to the windows they already have.",
    )


def _payload_sign(change: FreeWindowsChange) -> str:
    return signing.dumps(
        {
            "member": change.crew_member.pk,
            "start": change.start.isoformat(),
            "end": change.end.isoformat(),
            "windows": [[start.isoformat(), end.isoformat()] for start, end in change.windows],
        },
        salt=TIMELINE_SALT,
        compress=True,
    )


class DayTemplateForm(forms.ModelForm):
    days_off = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAYS)), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="No work blocks or planning conferences on these days; sleep, meals and exercise still apply.",
    )

    class Meta:
        model = DayTemplate
        fields = ["station", "days_off"]


class DayTemplateBlockInline(admin.TabularInline):
    model = DayTemplateBlock
    extra = 1
    ordering = ["start"]


@admin.register(DayTemplate)
class DayTemplateAdmin(CountingAdmin):
    form = DayTemplateForm
    list_display = ["station", "days_off_names", "block_count"]
    inlines = [DayTemplateBlockInline]

    related = ("station",)
    block_count = count_column("blocks", "blocks")


# --- calendar subscriptions --------------------------------------------------------------------------------


def _fetch_said(subscription: TimelineSubscription) -> str:
    if subscription.last_fetched is None:
        return "not fetched yet" + ("" if subscription.enabled else " (paused)")
    said = f"{subscription.get_last_status_display()} {subscription.last_fetched:%Y-%m-%d %H:%M} UTC"
    return f"{said}: {subscription.last_message}" if subscription.last_message else said


@admin.register(TimelineSubscription)
class TimelineSubscriptionAdmin(admin.ModelAdmin):
    """A crew member's timeline fetched from the station's planning system: station operations see when each
    calendar was last fetched and any error, and can fetch one at once."""

    list_display = ["crew_member", "url", "enabled", "last_fetched", "last_status", "last_error", "next_fetch"]
    list_filter = ["last_status", "enabled", "crew_member__station"]
    search_fields = ["crew_member__code", "crew_member__name", "url"]
    list_select_related = ["crew_member__station"]
    autocomplete_fields = ["crew_member"]
    fields = ["crew_member", *SUBSCRIPTION_FIELDS, "last_fetched", "last_status", "last_message", "last_changed",
              "next_fetch", "etag", "last_modified", "content_hash"]
    readonly_fields = ["last_fetched", "last_status", "last_message", "last_changed", "next_fetch", "etag",
                       "last_modified", "content_hash"]
    actions = ["fetch_now"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="last error")
    def last_error(self, subscription: TimelineSubscription) -> str:
        return subscription.last_message if subscription.last_status == TimelineSubscription.Status.ERROR else ""

    def get_changeform_initial_data(self, request):
        """Adding from a person's page: their time aboard as the crew member admin proposes it for an upload."""
        initial = super().get_changeform_initial_data(request)
        member = CrewMember.objects.filter(pk=initial.get("crew_member") or None).first()
        aboard = self.admin_site.get_model_admin(CrewMember).aboard_default(member) if member else None
        if aboard:
            initial.update(aboard_start=aboard[0], aboard_end=aboard[1])
        return initial

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "crew_member"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        """Through the service, which forgets the last answer when what is fetched changes."""
        member = obj.crew_member if change else form.cleaned_data["crew_member"]
        saved = timeline_subscription_save(
            crew_member=member, fields={name: form.cleaned_data[name] for name in SUBSCRIPTION_FIELDS}
        )
        obj.pk = saved.pk

    @admin.action(description="Fetch the calendar now", permissions=["change"])
    def fetch_now(self, request, queryset):
        for subscription in queryset.select_related("crew_member"):
            fetched = timeline_subscription_fetch(subscription=subscription)
            level = messages.ERROR if fetched.last_status == TimelineSubscription.Status.ERROR else messages.SUCCESS
            messages.add_message(request, level, f"{fetched.crew_member}: {_fetch_said(fetched)}")
