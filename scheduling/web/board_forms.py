"""The board's one form: move a scene's shoot to a start (24-hour UTC) and module, or to the boneyard."""

from __future__ import annotations

from django import forms

from crew.models import Module

from ..models import Scene
from ..moves import Move
from .forms import utc_field


class MoveForm(forms.Form):
    """What the move dialog, the drag on the board and the move page post. The module may be any of the
    station's (a drag can land anywhere; the verdict says when the scene may not be shot there); the dialog
    lists the scene's own modules first."""

    scene = forms.CharField(widget=forms.HiddenInput)
    start = utc_field("Start (UTC, 24-hour)")
    module = forms.ChoiceField(label="Module", required=False)
    boneyard = forms.BooleanField(required=False, label="To the boneyard instead")

    def __init__(self, *args, scene: Scene | None = None, modules: list[Module], **kwargs):
        super().__init__(*args, **kwargs)
        allowed = set(scene.modules.values_list("code", flat=True)) if scene else set()
        ordered = sorted(modules, key=lambda module: (module.code not in allowed, module.pk))
        self.fields["module"].choices = [
            (module.code, (module.name or module.code) + ("" if module.code in allowed or not allowed else " (not one of its modules)"))
            for module in ordered
        ]

    def clean(self):
        data = super().clean()
        if not data.get("boneyard") and not data.get("start") and "start" not in self.errors:
            self.add_error("start", "Give the start (UTC, 24-hour: YYYY-MM-DD HH:MM), or send it to the boneyard.")
        return data

    def move(self) -> Move:
        data = self.cleaned_data
        if data.get("boneyard"):
            return Move(scene=data["scene"], start=None)
        return Move(scene=data["scene"], start=data["start"], module=data.get("module") or None)
