"""Rate limits: writes per user, solve requests per user, calendar subscriptions per client address.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (settings, overridable by environment variables),
read at each request rather than at import, so a changed setting applies at once. Counts live in Django's
default cache: with the local-memory cache each web process counts on its own.
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _CurrentRates:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class WriteRateThrottle(_CurrentRates, UserRateThrottle):
    """Every unsafe request (POST, PUT, PATCH, DELETE) of a user counts; reads are free."""

    scope = "writes"

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class SolveRateThrottle(_CurrentRates, UserRateThrottle):
    """Starting a solve occupies a worker for up to its time limit: a tighter limit than other writes."""

    scope = "solves"

    def allow_request(self, request, view) -> bool:
        if request.method != "POST":
            return True
        return super().allow_request(request, view)


class CalendarRateThrottle(_CurrentRates, AnonRateThrottle):
    """Calendar subscriptions carry no login; they are limited per client address."""

    scope = "calendar"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
