"""What every director page starts with: the production the user may see, the version they look at, and, for
a page that changes a production, the one rule of who may (`production_write`).

Every page of the web URL conf is one of two kinds, and tests/web/test_write_access.py holds each to it:
- it reads: decorated `require_safe` (GET and HEAD only, anything else 405);
- it writes: decorated `production_write(action)`, which refuses with 403 whoever may not write (saying
  why), counts the user's writes against the shared rate limit, and hands the view the production.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from ..access import NotAllowed, production_write_check
from ..models import Production, ScheduleVersion
from ..rate_limits import rate_limit_hit
from ..selectors import production_for_user, schedule_version_get

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def production_write(
    action: str | Iterable[str], *, limits: tuple[str, ...] = ("writes",), get_reads: bool = False
) -> Callable:
    """Decorate a page that changes a production: `view(request, production, **kwargs)` for the URL's `code`.

    In order: logged in (else the login form); an unsafe request counted against each rate limit in `limits`
    (429 past one, before anything is looked up); the production among the user's (404 otherwise, as for a
    code that does not exist); then `production_write_check` for `action` (403 with the reason). The form a
    write page shows on GET is refused the same way, there being nothing to do with it, unless `get_reads`:
    a page that lists what it changes (the places with a form to add one) is read with GET like any other.
    """
    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def checked(request: HttpRequest, code: str, **kwargs) -> HttpResponse:
            if request.method not in SAFE_METHODS:
                for scope in limits:
                    wait = rate_limit_hit(scope=scope, ident=f"user-{request.user.pk}")
                    if wait is not None:
                        return _too_many(wait)
            production = production_or_404(request, code)
            if get_reads and request.method in SAFE_METHODS:
                return view(request, production, **kwargs)
            try:
                production_write_check(user=request.user, production=production, action=action)
            except NotAllowed as error:
                raise PermissionDenied(error.reason) from None
            return view(request, production, **kwargs)

        checked.production_action = action
        return checked
    return decorate


def _too_many(wait: float) -> HttpResponse:
    seconds = int(wait + 0.999)
    response = HttpResponse(
        f"Too many changes in a short time: wait {seconds} s, then try again.\n", status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(seconds)
    return response


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
