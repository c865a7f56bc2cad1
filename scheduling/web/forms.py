"""Forms of the director's pages. The scene form's fields come from the one definition of a scene
(`scene_fields.SCENE_FIELDS`) and it checks nothing the production file does not: it builds a production-file
scene object and lets `services.scene_save` judge it, then shows each error on the field its path names."""

from __future__ import annotations

from datetime import datetime, timezone

from django import forms
from django.conf import settings
from django.utils import timezone as django_timezone

from core.errors import DomainError
from core.times import format_time
from crew.models import CrewMember, Module

from ..models import Production, Scene, SolveRun
from ..production_file import ProductionFileError
from ..scene_checks import SceneUnshootable
from ..scene_fields import ELEMENT_CATEGORIES, SCENE_FIELDS, SceneField
from ..selectors import scene_entry
from ..services import scene_save
from ..solver.solution import ENGINES

DATETIME_FORMAT = "%Y-%m-%d %H:%M"  # what every time field shows and takes: 24-hour UTC, whatever the browser's locale
DATETIME_FORMATS = [DATETIME_FORMAT, "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%MZ", "%Y-%m-%dT%H:%M:%SZ"]


class UtcDateTimeInput(forms.DateTimeInput):
    """A text input, not `datetime-local`: browsers draw that in their locale's 12- or 24-hour clock and their
    own time zone, and the station keeps 24-hour UTC."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={
            "placeholder": "2021-10-09 08:00", "inputmode": "numeric", "autocomplete": "off", "size": 16,
            "pattern": r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?", **(attrs or {}),
        }, format=DATETIME_FORMAT)


def utc_field(label: str, help_text: str = "", required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, help_text=help_text or "UTC, 24-hour: YYYY-MM-DD HH:MM",
        widget=UtcDateTimeInput(), input_formats=DATETIME_FORMATS,
    )


def _local(moment: str | None) -> str | None:
    """A file's instant as the time inputs show it (UTC)."""
    return datetime.fromisoformat(moment).astimezone(timezone.utc).strftime(DATETIME_FORMAT) if moment else None


class CountsWidget(forms.Widget):
    """One number input per element of the production (blank or 0: not used), named `<field>-<element>`,
    grouped under headings: `choices` is `[(heading, [(code, label, quantity), ...]), ...]`."""

    template_name = "scheduling/widgets/counts.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices: list[tuple[str, list[tuple[str, str, int | None]]]] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        counts = {item["element"]: item["count"] for item in value or ()} if isinstance(value, list) else value or {}
        context["widget"]["groups"] = [
            {"label": heading, "rows": [
                {"code": code, "label": label, "quantity": quantity, "name": f"{name}-{code}", "id": f"id_{name}-{code}",
                 "value": counts.get(code, "")}
                for code, label, quantity in rows
            ]}
            for heading, rows in self.choices
        ]
        return context

    def value_from_datadict(self, data, files, name):
        # Every `<name>-<code>` posted, known or not: an unknown code is the file checker's to refuse.
        prefix = f"{name}-"
        return {key[len(prefix):]: data.get(key, "").strip() for key in data if key.startswith(prefix)}

    def value_omitted_from_data(self, data, files, name):
        return False


class CountsField(forms.Field):
    """A scene's elements with how many of each; only what is not a whole number is refused here."""

    widget = CountsWidget

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    @property
    def choices(self) -> list[tuple[str, list[tuple[str, str, int | None]]]]:
        return self.widget.choices

    @choices.setter
    def choices(self, value) -> None:
        self.widget.choices = list(value)

    def to_python(self, value) -> list[dict]:
        if isinstance(value, list):
            return value
        counts = []
        for code, text in (value or {}).items():
            if not text:
                continue
            try:
                count = int(text)
            except ValueError:
                raise forms.ValidationError(f"{code}: enter a whole number") from None
            if count != 0:
                counts.append({"element": code, "count": count})
        return counts


class ScriptWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__(widgets=[
            forms.TextInput(attrs={"placeholder": "number, e.g. 12A", "size": 8}),
            forms.TextInput(attrs={"placeholder": "heading, e.g. INT. NAUKA - NIGHT", "size": 30}),
            forms.NumberInput(attrs={"placeholder": "eighths", "style": "width:6em"}),
        ], attrs=attrs)

    def decompress(self, value: dict | None) -> list:
        return [value.get("number"), value.get("heading"), value.get("eighths")] if value else [None, None, None]


class ScriptField(forms.MultiValueField):
    """Where the scene stands in the screenplay: number, heading, eighths."""

    def __init__(self, **kwargs):
        fields = (forms.CharField(strip=False, required=False), forms.CharField(strip=False, required=False),
                  forms.IntegerField(required=False))
        super().__init__(fields=fields, widget=ScriptWidget, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list) -> dict | None:
        number, heading, eighths = (list(data_list) + [None, None, None])[:3]
        if not number and not heading and eighths is None:
            return None
        return {"number": number or None, "heading": heading or None, "eighths": eighths}


def scene_form_field(field: SceneField) -> forms.Field:
    """The form's input for one scene field. Only what an input cannot hold (a number that is not one, an
    unreadable time) is refused here; every value's rules are the production file's."""
    common = {"label": field.label, "help_text": field.help}
    if field.kind == "code":  # not stripped: the file's rules decide about spaces, as for a file
        return forms.CharField(max_length=field.maximum, strip=False, **common)
    if field.kind == "text":
        return forms.CharField(max_length=field.maximum, required=False, strip=False, **common)
    if field.kind == "whole":
        return forms.IntegerField(required=field.required, initial=field.default, **common)
    if field.kind == "flag":
        return forms.BooleanField(required=False, **common)
    if field.kind == "time":
        return utc_field(field.label, field.help)
    if field.kind == "choice":
        choices = ([("", "none")] if field.nullable else []) + list(field.choices)
        return forms.ChoiceField(choices=choices, initial=field.empty, required=False, **common)
    if field.kind == "ref":
        return forms.ChoiceField(required=False, **common)
    if field.kind == "counts":
        return CountsField(**common)
    if field.kind == "script":
        return ScriptField(**common)
    widget = forms.SelectMultiple(attrs={"size": 6}) if field.refers_to == "scene" else forms.CheckboxSelectMultiple
    return forms.MultipleChoiceField(required=False, widget=widget, **common)


class SceneForm(forms.Form):
    """Add or edit one scene of a production, with exactly the rules of an imported production file."""

    def __init__(self, *args, production: Production, scene: Scene | None = None, **kwargs):
        self.production, self.scene = production, scene
        if scene is not None and "initial" not in kwargs:
            kwargs["initial"] = scene_initial(scene)
        super().__init__(*args, **kwargs)
        for field in SCENE_FIELDS:
            self.fields[field.name] = scene_form_field(field)
            if field.kind in ("codes", "counts"):
                self.fields[field.name].choices = self._choices(field.refers_to)
            elif field.kind == "ref":
                self.fields[field.name].choices = [("", "none"), *self._choices(field.refers_to)]

    def _choices(self, refers_to: str) -> list[tuple[str, str]]:
        if refers_to == "person":
            roster = CrewMember.objects.filter(rosterentry__production=self.production).order_by("rosterentry__position", "rosterentry__id")
            return [(m.code, f"{m.name or m.code} ({m.role})" if m.role else m.name or m.code) for m in roster]
        if refers_to == "module":
            return [(m.code, m.name or m.code) for m in Module.objects.filter(station=self.production.station_id).order_by("id")]
        if refers_to == "element":
            return elements_by_category(self.production.elements.order_by("position", "id"))
        if refers_to == "place":
            return [(p.code, p.name or p.code) for p in self.production.places.all()]
        others = self.production.scenes.order_by("position", "id")
        if self.scene is not None:
            others = others.exclude(pk=self.scene.pk)
        return [(code, f"{code} {title}") for code, title in others.values_list("code", "title")]

    def entry(self) -> dict:
        """The production-file scene object the form describes."""
        entry = {}
        for field in SCENE_FIELDS:
            value = self.cleaned_data[field.name]
            if field.kind == "time":
                value = format_time(value) if value else None
            elif field.kind == "codes":
                value = list(value)
            elif field.kind in ("choice", "ref") and value in (None, ""):
                value = field.empty
            elif value is None:
                value = field.empty
            entry[field.name] = value
        return entry

    def save(self) -> Scene | None:
        """Save through the service; on a rule broken, put each error on its field and return None."""
        try:
            return scene_save(production=self.production, entry=self.entry(), code=self.scene.code if self.scene else None)
        except (ProductionFileError, SceneUnshootable) as error:
            faults_on_fields(self, error)
            return None


def faults_on_fields(form: forms.Form, error: DomainError) -> None:
    """Each fault of a refused write on the form field its path names (`minutes: ...` on minutes), the rest on
    the form as a whole."""
    for fault in error.faults:
        name = fault.path.split(".")[0].split("[")[0]
        form.add_error(name if name in form.fields else None, str(fault))


def elements_by_category(elements) -> list[tuple[str, list[tuple[str, str, int | None]]]]:
    """Elements grouped under their categories, in the spec's order of categories: the picker's choices."""
    groups: dict[str, list] = {value: [] for value, _ in ELEMENT_CATEGORIES}
    for element in elements:
        groups[element.category].append((element.code, element.name or element.code, element.quantity))
    return [(label, groups[value]) for value, label in ELEMENT_CATEGORIES if groups[value]]


def scene_initial(scene: Scene) -> dict:
    entry = scene_entry(scene=scene)
    return {field.name: _local(entry[field.name]) if field.kind == "time" else entry[field.name] for field in SCENE_FIELDS}


class SolveRunForm(forms.Form):
    """Start a solve: schedule afresh, or re-plan from an instant keeping what was already published before it."""

    ACTIONS = (("schedule", "Schedule"), ("replan-now", "Re-plan from now"), ("replan-at", "Re-plan from this time"))

    engine = forms.ChoiceField(choices=list(ENGINES.items()), initial="cp-sat")
    seconds = forms.IntegerField(label="Time limit (s)", min_value=1, max_value=SolveRun.TIME_LIMIT_MAX, initial=20)
    replan_from = utc_field("Re-plan from (UTC)")
    action = forms.ChoiceField(choices=ACTIONS, initial="schedule")

    def __init__(self, *args, production: Production | None = None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("seconds", min(20, settings.SOLVER_DEFAULT_SECONDS))
        kwargs["initial"].setdefault("replan_from", replan_default(production).strftime(DATETIME_FORMAT))
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


class RepairForm(forms.Form):
    """Repair the published schedule. The button sends nothing else: the engine and time limit default."""

    engine = forms.ChoiceField(choices=list(ENGINES.items()), required=False)
    seconds = forms.IntegerField(min_value=1, max_value=SolveRun.TIME_LIMIT_MAX, required=False)


def replan_default(production: Production | None) -> datetime:
    """Now, when it falls inside the stay; otherwise the start of the stay's middle day, so that a past (or
    future) stay offers an instant a re-plan can keep something before and move something after."""
    now = django_timezone.now().astimezone(timezone.utc).replace(second=0, microsecond=0)
    if production is None or production.start <= now < production.end:
        return now
    middle = production.start + (production.end - production.start) / 2
    return max(production.start, middle.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0))


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(coerce=int, label="Older version")
    new = forms.TypedChoiceField(coerce=int, label="Newer version")

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, f"version {number}") for number in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
