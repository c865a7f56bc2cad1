"""The add and edit pages of one kind of production-file entry (a scene, an element): the form writes through
its service with the production file's rules, and is shown again, with each error on its field, if they refuse."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .access import production_write


def entry_form_views(*, noun: str, model, form_class, template: str, tab: str, back: str, saved_note: str = "", on_save=None):
    """The views `add(request, code)` and `edit(request, code, pk)` of `noun`s (`model` rows of a production).

    `form_class(data, production=..., <noun>=entry or None)` has a `save()` that returns the saved entry, or
    None with the errors on the form. A save goes back to the page named `back`, at `#<noun>-<pk>`. Both pages
    are writes under the one rule (`production_write`): `scheduling.add_<model>` and `scheduling.change_<model>`.
    `on_save(request, production, entry)`, when given, is asked before a save and returns what to call with the
    saved entry after it (the board's undo history).
    """
    model_name = model._meta.model_name

    def page(request: HttpRequest, production, entry) -> HttpResponse:
        form = form_class(request.POST or None, production=production, **{noun: entry})
        if request.method == "POST" and form.is_valid():
            after_save = on_save(request, production, entry) if on_save else None
            saved = form.save()
            if saved is not None:
                if after_save is not None:
                    after_save(saved)
                verb = "added" if entry is None else "saved"
                messages.success(request, f"{noun.capitalize()} {saved.code} {verb}.{saved_note}")
                return redirect(reverse(back, args=[production.code]) + f"#{noun}-{saved.pk}")
        context = {"production": production, "tab": tab, "form": form, noun: entry}
        return render(request, template, context, status=400 if request.method == "POST" else 200)

    @production_write(f"scheduling.add_{model_name}")
    def add(request: HttpRequest, production) -> HttpResponse:
        return page(request, production, None)

    @production_write(f"scheduling.change_{model_name}")
    def edit(request: HttpRequest, production, pk: int) -> HttpResponse:
        return page(request, production, get_object_or_404(model, production=production, pk=pk))

    return add, edit
