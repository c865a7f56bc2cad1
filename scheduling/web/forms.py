"""Forms of the director's pages. The scene form checks nothing the production file does not: it builds a
production-file scene object and lets `services.scene_save` judge it, then shows each path-named error on
the field it names."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from django import forms
from django.conf import settings
from django.utils import timezone as django_timezone

from crew.models import CrewMember, Module

from ..models import Production, Scene, SolveRun
from ..production_file import ProductionFileError, format_time
from ..services import scene_save

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class UtcDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": 60, **(attrs or {})}, format=DATETIME_FORMAT)


def utc_field(label: str, help_text: str = "", required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, help_text=help_text, widget=UtcDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )


def _stamp(moment: datetime | None) -> str | None:
    return format_time(moment) if moment else None


def _local(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).strftime(DATETIME_FORMAT) if moment else None


class SceneForm(forms.Form):
    """Add or edit one scene of a production, with exactly the rules of an imported production file."""

    code = forms.CharField(max_length=64, help_text="Unique in the production, e.g. 007 or P03.")
    title = forms.CharField(max_length=300, required=False)
    minutes = forms.IntegerField(help_text="Shoot length, set-up included.")
    people = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text="Everyone needed for the whole shoot.")
    modules = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                        help_text="Any one of these.")
    priority = forms.IntegerField(initial=1, required=False, help_text="Weight of the scene in the schedule's objective.")
    required = forms.BooleanField(required=False, help_text="The schedule is infeasible without it.")
    earliest = utc_field("Earliest start (UTC)")
    latest = utc_field("Latest end (UTC)")
    after = forms.MultipleChoiceField(required=False, label="After scenes",
                                      widget=forms.SelectMultiple(attrs={"size": 6}),
                                      help_text="Each is scheduled too and ends before this one starts.")
    light = forms.ChoiceField(choices=Scene.Light.choices, initial=Scene.Light.ANY, label="Orbital light")
    window = forms.BooleanField(required=False, label="Needs an Earth-facing window")

    def __init__(self, *args, production: Production, scene: Scene | None = None, **kwargs):
        self.production, self.scene = production, scene
        if scene is not None and "initial" not in kwargs:
            kwargs["initial"] = scene_initial(scene)
        super().__init__(*args, **kwargs)
        roster = CrewMember.objects.filter(rosterentry__production=production).order_by("rosterentry__position", "rosterentry__id")
        self.fields["people"].choices = [(m.code, f"{m.name or m.code} ({m.role})" if m.role else m.name or m.code) for m in roster]
        self.fields["modules"].choices = [
            (m.code, m.name or m.code) for m in Module.objects.filter(station=production.station_id).order_by("id")
        ]
        others = production.scenes.order_by("position", "id")
        if scene is not None:
            others = others.exclude(pk=scene.pk)
        self.fields["after"].choices = [(code, f"{code} {title}") for code, title in others.values_list("code", "title")]

    def entry(self) -> dict:
        """The production-file scene object the form describes."""
        data = self.cleaned_data
        return {
            "code": data["code"], "title": data["title"], "minutes": data["minutes"],
            "people": list(data["people"]), "modules": list(data["modules"]),
            "priority": data["priority"] if data["priority"] is not None else 1, "required": data["required"],
            "earliest": _stamp(data["earliest"]), "latest": _stamp(data["latest"]),
            "after": list(data["after"]), "light": data["light"], "window": data["window"],
        }

    def save(self) -> Scene | None:
        """Save through the service; on a rule broken, put each error on its field and return None."""
        try:
            return scene_save(production=self.production, entry=self.entry(), code=self.scene.code if self.scene else None)
        except ProductionFileError as error:
            for line in error.errors:
                self.add_error(self._field_of(line), line)
            return None

    def _field_of(self, line: str) -> str | None:
        """`people[1]: unknown person "x"` belongs to the people field; `scenes[4]: ...` to the whole form."""
        head = re.match(r"^([a-z_]+)[\[.:]", line)
        if head and head.group(1) in self.fields:
            return head.group(1)
        if re.match(r"^scenes\[\d+\]: latest ", line):
            return "latest"
        return None


def scene_initial(scene: Scene) -> dict:
    return {
        "code": scene.code, "title": scene.title, "minutes": scene.minutes,
        "people": [cast.crew_member.code for cast in scene.scenecast_set.select_related("crew_member")],
        "modules": [link.module.code for link in scene.scenemodule_set.select_related("module")],
        "priority": scene.priority, "required": scene.required,
        "earliest": _local(scene.earliest), "latest": _local(scene.latest),
        "after": [link.predecessor.code for link in scene.predecessor_links.select_related("predecessor")],
        "light": scene.light, "window": scene.window,
    }


class SolveRunForm(forms.Form):
    """Start a solve: schedule afresh, or re-plan from an instant keeping what was already published before it."""

    ACTIONS = (("schedule", "Schedule"), ("replan-now", "Re-plan from now"), ("replan-at", "Re-plan from this time"))

    engine = forms.ChoiceField(choices=[(SolveRun.Engine.CP_SAT, "CP-SAT (optimising)"), (SolveRun.Engine.GREEDY, "Greedy (fast)")],
                               initial=SolveRun.Engine.CP_SAT)
    seconds = forms.IntegerField(label="Time limit (s)", min_value=1, max_value=3600, initial=20)
    replan_from = utc_field("Re-plan from (UTC)")
    action = forms.ChoiceField(choices=ACTIONS, initial="schedule")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("seconds", min(20, settings.SOLVER_DEFAULT_SECONDS))
        kwargs["initial"].setdefault("replan_from", django_timezone.now().strftime(DATETIME_FORMAT))
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("action") == "replan-at" and not data.get("replan_from"):
            self.add_error("replan_from", "Give the instant to re-plan from.")
        return data

    def replan_instant(self) -> datetime | None:
        action = self.cleaned_data["action"]
        if action == "replan-now":
            return django_timezone.now().replace(second=0, microsecond=0)
        if action == "replan-at":
            return self.cleaned_data["replan_from"]
        return None


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(coerce=int, label="Older version")
    new = forms.TypedChoiceField(coerce=int, label="Newer version")

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, f"version {number}") for number in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
