"""Forms of the Breakdown pages: an element, and the casting. Like the scene form they check nothing the
production file does not: they build the file's entries and let `breakdown_services` judge them, then show
each error on the field (or the casting row) its path names."""

from __future__ import annotations

import re

from django import forms

from crew.models import CrewMember

from ..breakdown_selectors import casting_entries, element_entry
from ..breakdown_services import casting_replace, element_save
from ..models import Element, Production
from ..production_file import ProductionFileError
from ..production_file.additions import NAME_LENGTH
from ..scene_fields import CODE_LENGTH, ELEMENT_CATEGORIES
from .forms import faults_on_fields

CASTING_ROWS_SPARE = 3  # empty rows under the casting to add characters
CASTING_PATH = re.compile(r"^\[(\d+)\]\.?(\w*)")


class ElementForm(forms.Form):
    code = forms.CharField(max_length=CODE_LENGTH, strip=False, help_text='Letters, digits, "-" and "_", e.g. cam-a.')
    name = forms.CharField(max_length=NAME_LENGTH, required=False, strip=False)
    category = forms.ChoiceField(choices=ELEMENT_CATEGORIES, initial="other")
    quantity = forms.IntegerField(
        required=False, help_text="How many the production has: no more shoots use it at once. Empty: tracked only, never limiting.",
    )

    def __init__(self, *args, production: Production, element: Element | None = None, **kwargs):
        self.production, self.element = production, element
        if element is not None and "initial" not in kwargs:
            kwargs["initial"] = element_entry(element=element)
        super().__init__(*args, **kwargs)

    def save(self) -> Element | None:
        """Save through the service; on a rule broken, put each error on its field and return None."""
        entry = {name: self.cleaned_data[name] for name in ("code", "name", "category", "quantity")}
        try:
            return element_save(production=self.production, entry=entry, code=self.element.code if self.element else None)
        except ProductionFileError as error:
            faults_on_fields(self, error)
            return None


class CastingRowForm(forms.Form):
    character = forms.CharField(max_length=CODE_LENGTH, required=False, strip=False)
    person = forms.ChoiceField(required=False)

    def __init__(self, *args, people: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "nobody"), *people]

    @property
    def is_blank(self) -> bool:
        return not self.cleaned_data.get("character", "").strip() and not self.cleaned_data.get("person")


class BaseCastingFormSet(forms.BaseFormSet):
    """The whole casting, one row per character; the rows' order is the cast numbers' order (renumber with the
    "Order" inputs), a ticked "Delete" or an empty row drops the character."""

    def __init__(self, *args, production: Production, **kwargs):
        self.production = production
        self.refusals: list[str] = []  # what the production file's rules refused about the casting as a whole
        roster = CrewMember.objects.filter(rosterentry__production=production).order_by("rosterentry__position", "rosterentry__id")
        self.people = [(member.code, member.name or member.code) for member in roster]
        kwargs.setdefault("initial", casting_entries(production=production))
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "people": self.people}

    def kept(self) -> list[CastingRowForm]:
        return [form for form in self.ordered_forms if not self._should_delete_form(form) and not form.is_blank]

    def save(self) -> bool:
        """Replace the casting by the kept rows in order; on a rule broken, put each error on its row."""
        rows = self.kept()
        # A row without a person leaves the key out, so the file's rules say "is required" rather than
        # calling an empty choice an unknown person.
        entries = [
            {"character": form.cleaned_data["character"], **({"person": form.cleaned_data["person"]} if form.cleaned_data["person"] else {})}
            for form in rows
        ]
        try:
            casting_replace(production=self.production, entries=entries)
        except ProductionFileError as error:
            for fault in error.faults:
                match = CASTING_PATH.match(fault.path)
                if match is None:
                    self.refusals.append(str(fault))
                    continue
                row = rows[int(match.group(1))]
                row.add_error(match.group(2) if match.group(2) in row.fields else None, fault.message)
            return False
        return True


CastingFormSet = forms.formset_factory(
    CastingRowForm, formset=BaseCastingFormSet, extra=CASTING_ROWS_SPARE, can_order=True, can_delete=True,
)
