"""Instants as production files write them: ISO 8601 with a UTC offset, on whole minutes, written back in UTC
as `2021-10-05T16:00:00Z`. The one reading and writing of times that files, the API, forms and the solver's
mapper share, so they accept and refuse the same values."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .errors import DomainError


class TimeFormatError(DomainError):
    """A value that is not an instant the way production files write them."""


def format_time(moment: datetime) -> str:
    utc = moment.astimezone(timezone.utc)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z"  # strftime's %Y does not pad years before 1000


def parse_time(value: Any) -> datetime:
    """An ISO 8601 instant with a UTC offset, on a whole minute, as an aware UTC datetime."""
    if isinstance(value, datetime):  # YAML loads unquoted timestamps as datetimes
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise TimeFormatError(f"not an ISO 8601 time: {_shown(value)}") from None
    else:
        raise TimeFormatError(f"must be an ISO 8601 time string, got {type(value).__name__}")
    if moment.tzinfo is None:
        raise TimeFormatError(f"time {_shown(value)} has no UTC offset (write it like 2021-10-05T16:00:00Z)")
    if moment.second or moment.microsecond:
        raise TimeFormatError(f"time {_shown(value)} is not on a whole minute")
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+05:00
        raise TimeFormatError(f"time {_shown(value)} is out of range") from None


def minutes_between(start: datetime, end: datetime) -> int:
    """Whole minutes from `start` to `end` (both on whole minutes), negative when `end` is earlier."""
    return int((end - start).total_seconds() // 60)


def _shown(value: Any) -> str:
    text = repr(str(value))
    return text if len(text) <= 40 else text[:37] + "...'"
