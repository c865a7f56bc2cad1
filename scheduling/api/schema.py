"""Helpers that keep the OpenAPI description of responses, errors included, short at each view."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ErrorSerializer

ERROR_MEANINGS = {
    400: "Invalid input: every problem, each naming its path.",
    401: "Not logged in: no session and no valid `Authorization: Token ...` header.",
    403: "Logged in, but the account lacks the permission this needs.",
    404: "No such object, or not one this account may see.",
    409: "Conflicts with the current state (the message says how).",
    415: "Unsupported request content type.",
    429: "Too many requests: see the Retry-After header.",
    503: "The job queue (Redis) is not reachable: nothing was started.",
}
READ_ERRORS = (401, 403, 404)
LIST_ERRORS = (400, 401, 403, 404)  # 400: a bad filter value; 404: a page past the end
WRITE_ERRORS = (400, 401, 403, 404, 429)

REPLACE_PARAMETER = OpenApiParameter(
    "replace", bool, description="Overwrite an existing production of the same code (yours), schedules included."
)


def responses(ok: dict, *codes: int) -> dict:
    """`ok` plus the error responses for `codes`, all JSON in the `{"errors": [...]}` shape (even where the
    success is CSV, iCalendar or YAML)."""
    errors = {(code, "application/json"): OpenApiResponse(ErrorSerializer, description=ERROR_MEANINGS[code]) for code in codes}
    return {**ok, **errors}
