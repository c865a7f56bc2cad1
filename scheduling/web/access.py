"""What every director page starts with: the production the user may see, the version they look at."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from ..models import Production, ScheduleVersion
from ..selectors import production_for_user, schedule_version_get


def production_or_404(request: HttpRequest, code: str) -> Production:
    """Directors reach only the productions they direct, superusers every one; anything else is a 404,
    so a page never tells someone else's production exists."""
    production = production_for_user(user=request.user, code=code)
    if production is None:
        raise Http404("No such production among yours.")
    return production


def version_selected(request: HttpRequest, production: Production) -> ScheduleVersion | None:
    """`?version=N` when given (404 if there is none), else the current version (None before any schedule)."""
    number = request.GET.get("version")
    if not number:
        return schedule_version_get(production=production)
    if not number.isdigit():
        raise Http404("Version must be a number.")
    version = schedule_version_get(production=production, number=int(number))
    if version is None:
        raise Http404(f"Production {production.code} has no version {number}.")
    return version


def redirect_back(request: HttpRequest, fallback: str):
    """After a POST, back to the page it came from (`next`), if that is on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)
