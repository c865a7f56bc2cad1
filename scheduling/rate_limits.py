"""Rate limits that hold across processes and machines: the API's throttles and the web pages' writes count here.

Counts live in Django's default cache, which in production is Redis (settings `CACHES`), so every web process
on every machine shares them. Each limit is a window that opens at a user's first counted request in a scope
and lasts the rate's period: up to the rate's number of requests pass in it. The count is one cache `incr`
(Redis INCR: atomic), so requests arriving together on several processes never both take the last place,
which the read-then-write of a request log cannot promise.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("120/min"), read at each request. A cache that does
not answer lets the request through (logged): losing Redis must not stop directors from editing, and the
login lockout does not depend on it (django-axes counts failures in the database).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from rest_framework.settings import api_settings

log = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3_600, "d": 86_400}


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int


def rate_for(scope: str) -> Rate | None:
    """The rate of a scope ("writes", "solves", "calendar"), or None when it has none (no limit)."""
    text = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
    if not text:
        return None
    requests, period = text.split("/")
    return Rate(int(requests), PERIODS[period[0]])


def rate_limit_hit(*, scope: str, ident: str) -> float | None:
    """Count one request of `ident` (a user or a client address) in `scope`. None when it may go ahead; else the
    seconds until its window ends, for a Retry-After."""
    rate = rate_for(scope)
    if rate is None:
        return None
    key = f"rate:{scope}:{ident}"
    now = time.time()
    try:
        count = _count(key, now, rate)
        if count <= rate.requests:
            return None
        opened = cache.get(f"{key}:opened") or now
    except Exception:  # noqa: BLE001 - the cache's client raises its own types (redis.ConnectionError...)
        log.warning("rate limit %s not counted: the cache does not answer", scope, exc_info=True)
        return None
    return max(opened + rate.seconds - now, 1.0)


def _count(key: str, now: float, rate: Rate) -> int:
    cache.add(f"{key}:opened", now, rate.seconds)
    for _ in range(3):
        cache.add(key, 0, rate.seconds)
        try:
            return cache.incr(key)
        except ValueError:  # the window closed between `add` and `incr`: open the next one
            continue
    raise RuntimeError(f"cannot count {key}")
