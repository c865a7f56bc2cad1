"""One shape for every API error: `{"errors": ["path: message", ...]}` and the matching status code.

Validation errors name the offending path the way production files do (`people[1]: unknown person "x"`,
`free[0].start: ...`); errors about the request as a whole carry no path. The services' own exceptions map
to statuses here, so views just call services: a bad production file or scene is 400, a production that
already has an active solve is 409 (the body also names the active run), an object other data still
depends on is 409, and an unreachable job queue is 503.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.errors import DomainError, InUse
from scheduling.access import NotAllowed
from scheduling.production_file import MAX_FAULTS
from scheduling.runs import BrokerUnavailable, SolveRunActive

# An error body lists at most this many messages (as many as a production file's check reports), each cut to
# this many characters: a request that is wrong in a million places gets a short answer, not a copy of itself.
MOST_MESSAGES = MAX_FAULTS
MESSAGE_CHARACTERS = 500


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state."
    default_code = "conflict"


def error_messages(detail, path: str = "") -> list[str]:
    """Flatten DRF's nested error detail into path-named messages."""
    if isinstance(detail, dict):
        messages = []
        for key, value in detail.items():
            if key in ("non_field_errors", "detail"):
                sub = path
            elif isinstance(key, int):
                sub = f"{path}[{key}]"
            else:
                sub = f"{path}.{key}" if path else str(key)
            messages += error_messages(value, sub)
        return messages
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [f"{path}: {item}" if path else str(item) for item in detail]
        messages = []
        for index, item in enumerate(detail):
            messages += error_messages(item, f"{path}[{index}]") if isinstance(item, (dict, list)) else error_messages([item], path)
        return messages
    return [f"{path}: {detail}" if path else str(detail)]


def _protected_message(error: ProtectedError | RestrictedError) -> str:
    counts = Counter(obj._meta for obj in error.protected_objects)
    users = ", ".join(
        f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
        for meta, count in sorted(counts.items(), key=lambda item: item[0].label)
    )
    return f"still in use by {users}; change or remove those first"


def exception_handler(exc, context):
    request = context.get("request")
    if request is not None and getattr(getattr(request, "accepted_renderer", None), "export_only", False):
        # Exports render documents, not errors: errors are always JSON.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type

    if isinstance(exc, SolveRunActive):
        return _error(status.HTTP_409_CONFLICT, exc.lines(), active_run=exc.run.pk)
    if isinstance(exc, BrokerUnavailable):
        return _error(status.HTTP_503_SERVICE_UNAVAILABLE, exc.lines(), headers={"Retry-After": "30"})
    if isinstance(exc, NotAllowed):
        return _error(status.HTTP_403_FORBIDDEN, [exc.reason])
    if isinstance(exc, InUse):
        return _error(status.HTTP_409_CONFLICT, exc.lines())
    if isinstance(exc, DomainError):  # a file, scene or request that breaks the product's rules
        return _error(status.HTTP_400_BAD_REQUEST, exc.lines())
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return _error(status.HTTP_409_CONFLICT, [_protected_message(exc)])

    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = {"errors": _capped(error_messages(response.data))}
    return response


def _capped(messages: list[str]) -> list[str]:
    if len(messages) > MOST_MESSAGES:
        messages = [*messages[:MOST_MESSAGES - 1], f"... and {len(messages) - MOST_MESSAGES + 1} more"]
    return [message if len(message) <= MESSAGE_CHARACTERS else message[:MESSAGE_CHARACTERS] + "…" for message in messages]


def _error(code: int, messages: list[str], *, headers: dict | None = None, **extra) -> Response:
    set_rollback()
    return Response({"errors": _capped(messages), **extra}, status=code, headers=headers)
