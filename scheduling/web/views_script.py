"""The "Import script" page: upload a screenplay, read the preview, apply it.

Between the two steps the file stays on the server (`script_import.uploads`); the apply form carries only a
signed token naming it, and the apply step re-reads that copy and refuses if its preview would now differ from
the one the director saw. Nothing a browser posts back is ever taken for the preview.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import DomainError

from ..models import MAX_MINUTES_PER_PAGE, Production
from ..screenplay.limits import MAX_SCRIPT_BYTES
from ..script_import import (
    ACTIONS,
    APPLY_PERMISSIONS,
    TOO_LARGE,
    PreviewOutdated,
    UploadGone,
    script_apply,
    script_preview,
    script_upload_discard,
    script_upload_keep,
    script_upload_take,
)
from .access import production_write

# What each table of the preview shows, in the order the page shows them.
SECTIONS = {
    "new": ("New scenes", "Made from the script."),
    "linked": ("Scenes matched by code", (
        "Scenes without a script number whose code is the scene's number: they get their script line and the people "
        "the script casts; minutes, modules and titles stay yours."
    )),
    "changed": ("Changed scenes", "Where this draft differs from the last import: heading, length, cast."),
    "omitted": ("Omitted scenes", "Not in this draft: kept, shown greyed, left out of scheduling."),
    "kept": ("Kept: marked shot", "Shot scenes are never changed, whatever the script says."),
}
assert set(SECTIONS) <= set(ACTIONS)


class ScriptUploadForm(forms.Form):
    file = forms.FileField(label="Screenplay file", help_text="Fountain (.fountain) or Final Draft (.fdx).")
    minutes_per_page = forms.IntegerField(
        label="Minutes per page", min_value=1, max_value=MAX_MINUTES_PER_PAGE,
        help_text="Shoot minutes for a page of script: a scene of 3/8 page at 60 is 25 minutes (rounded up to 5).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SCRIPT_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        return upload


def _page(request, production: Production, *, form=None, preview=None, token="", errors=(), status=200) -> HttpResponse:
    sections = []
    if preview is not None:
        sections = [
            (action, title, hint, [plan for plan in preview.scenes if plan.action == action])
            for action, (title, hint) in SECTIONS.items()
        ]
    return render(request, "scheduling/script_import.html", {
        "production": production, "tab": "script", "preview": preview, "token": token, "errors": errors,
        "form": form or ScriptUploadForm(initial={"minutes_per_page": production.minutes_per_page}),
        "sections": sections, "imports": production.script_imports.select_related("imported_by")[:20],
        "max_megabytes": MAX_SCRIPT_BYTES // 2**20,
    }, status=status)


@production_write(APPLY_PERMISSIONS, get_reads=True)
def script_import(request: HttpRequest, production: Production) -> HttpResponse:
    """GET: the upload form and the imports so far. POST: the uploaded file's preview, ready to apply."""
    if request.method != "POST":
        return _page(request, production)
    form = ScriptUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, production, form=form, status=400)
    upload, minutes_per_page = form.cleaned_data["file"], form.cleaned_data["minutes_per_page"]
    data, filename = upload.read(), upload.name or ""
    try:
        preview = script_preview(production=production, data=data, filename=filename, minutes_per_page=minutes_per_page)
    except DomainError as error:
        return _page(request, production, form=form, errors=error.lines(), status=400)
    token = script_upload_keep(production=production, user=request.user, data=data, filename=filename, preview=preview)
    return _page(request, production, form=form, preview=preview, token=token)


@require_POST
@production_write(APPLY_PERMISSIONS)
def script_import_apply(request: HttpRequest, production: Production) -> HttpResponse:
    try:
        kept = script_upload_take(production=production, user=request.user, token=request.POST.get("token", ""))
    except UploadGone as error:
        return _page(request, production, errors=error.lines(), status=400)
    arguments = {"production": production, "data": kept.data, "filename": kept.upload.filename,
                 "minutes_per_page": kept.minutes_per_page}
    try:
        done = script_apply(**arguments, user=request.user, expected=kept.fingerprint)
    except PreviewOutdated as error:
        try:
            preview = script_preview(**arguments)
        except DomainError as refused:
            return _page(request, production, errors=[*error.lines(), *refused.lines()], status=409)
        token = script_upload_keep(production=production, user=request.user, data=kept.data,
                                   filename=kept.upload.filename, preview=preview)
        return _page(request, production, preview=preview, token=token, errors=error.lines(), status=409)
    except DomainError as error:
        return _page(request, production, errors=error.lines(), status=400)
    script_upload_discard(kept=kept)
    messages.success(request, f"Script imported ({done.applied.described}): {done.applied.counted}. Schedule again to place the changes.")
    return redirect(reverse("web:stripboard", args=[production.code]))
