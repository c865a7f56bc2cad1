"""Rate limits: writes per user, solve requests per user, calendar subscriptions per client address.

The counting is `scheduling.rate_limits` (shared with the web pages, so a user's writes count once whether
they come through the API or a page, and in every process alike); these classes say which requests count.
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import BaseThrottle

from ..rate_limits import rate_limit_hit


class _CountedThrottle(BaseThrottle):
    scope = ""
    retry_after: float | None = None

    def counts(self, request) -> bool:
        return True

    def ident(self, request) -> str:
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return f"address-{self.get_ident(request)}"

    def allow_request(self, request, view) -> bool:
        if not self.counts(request):
            return True
        self.retry_after = rate_limit_hit(scope=self.scope, ident=self.ident(request))
        return self.retry_after is None

    def wait(self) -> float | None:
        return self.retry_after


class WriteRateThrottle(_CountedThrottle):
    """Every unsafe request (POST, PUT, PATCH, DELETE) of a user counts; reads are free."""

    scope = "writes"

    def counts(self, request) -> bool:
        return request.method not in SAFE_METHODS


class SolveRateThrottle(_CountedThrottle):
    """Starting a solve occupies a worker for up to its time limit: a tighter limit than other writes."""

    scope = "solves"

    def counts(self, request) -> bool:
        return request.method == "POST"


class CalendarRateThrottle(_CountedThrottle):
    """Calendar subscriptions carry no login; they are limited per client address."""

    scope = "calendar"

    def ident(self, request) -> str:
        return f"address-{self.get_ident(request)}"
