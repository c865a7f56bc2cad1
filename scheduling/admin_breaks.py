"""The station operator's warning before saving a change of station data that breaks published shoots.

A POST of a station-data form is first made in a transaction that is rolled back (form, inlines and all,
exactly as a save would), with `station_breaks.ShootsBrokenWatch` comparing the station's published schedules
before and after. When shoots break, the form comes back unsaved with the warning ("This closure breaks 1
shoot of Challenge: 011 on 13 Oct 08:00.") and a "Save anyway" box; ticked, the change is saved as usual and
the re-checks tell the directors.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.http import HttpResponseRedirect

from crew.services import crew_member_free_windows_replace

from .station_breaks import ShootsBrokenWatch, rolled_back, shoots_broken_by, shoots_broken_words

SAVE_ANYWAY = "save_anyway"


class ShootsBrokenWarning:
    """For the admin of a station-data model: `change_noun` names the change in the warning."""

    change_noun = "change"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or SAVE_ANYWAY in request.POST:
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if SAVE_ANYWAY in request.POST and isinstance(response, HttpResponseRedirect):
                messages.warning(request,
                                 "Saved anyway: the directors of the shoots it breaks are told once it is checked.")
            return response
        response, broken = self._preview(request, object_id, form_url, extra_context)
        if broken is None:
            return response  # the form has errors: the preview saved nothing, and shows them
        if not broken:
            return super().changeform_view(request, object_id, form_url, extra_context)
        request.shoots_broken_lines = shoots_broken_words(broken, what=self.change_noun)
        return super().changeform_view(request, object_id, form_url, extra_context)  # the warning; saves nothing

    def _preview(self, request, object_id, form_url, extra_context):
        """The admin's own save, rolled back, watched: its response and the shoots it breaks (None when it
        did not get as far as saving). Its messages ("... was changed successfully") go to a throwaway store."""
        kept, request._messages = request._messages, default_storage(request)
        request.shoots_broken_watch = []  # save_model puts the watch in, save_related the shoots it saw broken
        try:
            with rolled_back():
                response = super().changeform_view(request, object_id, form_url, extra_context)
        finally:
            request._messages = kept
            watched = request.shoots_broken_watch
            del request.shoots_broken_watch
        return response, watched[1] if len(watched) == 2 else None

    def save_model(self, request, obj, form, change):
        watched = getattr(request, "shoots_broken_watch", None)
        if watched is not None:
            watched.append(ShootsBrokenWatch(station_id=_station_id(obj)))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        watched = getattr(request, "shoots_broken_watch", None)
        if watched:
            watched.append(watched[0].broken())

    def get_form(self, request, obj=None, change=False, **kwargs):
        lines = getattr(request, "shoots_broken_lines", None)
        if lines and kwargs.get("fields"):  # the fieldsets name the box, which is the form's, not the model's
            kwargs["fields"] = [name for name in kwargs["fields"] if name != SAVE_ANYWAY]
        form = super().get_form(request, obj, change=change, **kwargs)
        if not lines:
            return form

        class WarnedForm(form):
            save_anyway = forms.BooleanField(
                label="Save anyway", required=False,
                help_text="The shoots above break: their directors are told at once, and may schedule again.",
            )

            def clean(self):
                super().clean()
                raise forms.ValidationError([*lines, "Not saved yet: tick “Save anyway” to save it all the same."])

        return WarnedForm


def _station_id(obj) -> int:
    return obj.station_id if hasattr(obj, "station_id") else obj.module.station_id


def timeline_broken_warnings(change) -> list[str]:
    """What saving a previewed timeline (`crew.services.FreeWindowsChange`) would break, for its preview page."""
    member = change.crew_member
    broken = shoots_broken_by(
        station_id=member.station_id,
        change=lambda: crew_member_free_windows_replace(
            crew_member=member, windows=change.windows, start=change.start, end=change.end
        ),
    )
    return shoots_broken_words(broken, what="timeline")
