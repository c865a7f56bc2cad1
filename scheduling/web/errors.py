"""Error pages a director can read: 403 and 404 are the styled templates/403.html and 404.html on every page
but the API's, even with DEBUG on (Django's debug 404 would list every URL pattern of the site). 500 uses
templates/500.html whenever DEBUG is off; with DEBUG on a developer still gets the traceback."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

API_PREFIX = "/api/"  # the API answers its own errors as JSON


class StyledErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith(API_PREFIX):
            return None
        for kind, status in ((Http404, 404), (PermissionDenied, 403)):
            if isinstance(exception, kind):
                return HttpResponse(render_to_string(f"{status}.html", request=request), status=status)
        return None
