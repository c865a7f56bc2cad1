"""Sorted, disjoint sets of half-open minute intervals, the algebra every rule is built from."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from .problem import Interval


def normalize(spans: Iterable[Interval]) -> tuple[Interval, ...]:
    """Union of the spans, as sorted disjoint intervals (touching spans merge)."""
    merged: list[list[int]] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
        else:
            merged.append([span.start, span.end])
    return tuple(Interval(start, end) for start, end in merged)


def intersect(left: tuple[Interval, ...], right: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """Intersection of two normalized sets."""
    if len(left) > len(right):
        left, right = right, left
    if len(right) > 8 * (len(left) + 1):
        return _intersect_sparse(left, right)
    result = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i].start, right[j].start)
        end = min(left[i].end, right[j].end)
        if start < end:
            result.append(Interval(start, end))
        if left[i].end < right[j].end:
            i += 1
        else:
            j += 1
    return tuple(result)


def _intersect_sparse(few: tuple[Interval, ...], many: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """Intersection when one set is much shorter: binary-search into the longer one for each short span
    (a scene's few common free windows against months of orbital day/night spans)."""
    ends = [span.end for span in many]
    result = []
    for span in few:
        j = bisect_right(ends, span.start)
        while j < len(many) and many[j].start < span.end:
            start, end = max(span.start, many[j].start), min(span.end, many[j].end)
            if start < end:
                result.append(Interval(start, end))
            j += 1
    return tuple(result)


def subtract(base: tuple[Interval, ...], removed: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """`base` minus `removed`, both normalized."""
    result = []
    j = 0
    for span in base:
        cursor = span.start
        while j < len(removed) and removed[j].end <= cursor:
            j += 1
        k = j
        while k < len(removed) and removed[k].start < span.end:
            if removed[k].start > cursor:
                result.append(Interval(cursor, removed[k].start))
            cursor = max(cursor, removed[k].end)
            k += 1
        if cursor < span.end:
            result.append(Interval(cursor, span.end))
    return tuple(result)


def covers(spans: tuple[Interval, ...], target: Interval) -> bool:
    """Whether one span of the normalized set contains the target wholly."""
    return any(span.contains(target) for span in spans)


def start_ranges(spans: tuple[Interval, ...], minutes: int) -> tuple[Interval, ...]:
    """Starts t with [t, t + minutes) inside one span, as intervals of start minutes [first, last + 1)."""
    return tuple(Interval(span.start, span.end - minutes + 1) for span in spans if span.length >= minutes)
