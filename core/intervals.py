"""Half-open spans [start, end) and sorted, disjoint sets of them: the one algebra of time spans.

Endpoints are anything ordered whose difference means a length: whole minutes from a production's start in
the solver, aware datetimes in crew code. A *set* is a tuple of `Interval`s sorted by start, pairwise
disjoint and not touching, as `normalize` returns it; the functions taking sets trust that and do not check
it again (they run millions of times in a solve). The solver's validator keeps an algebra of its own on
purpose, so that a bug here cannot hide itself there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

T = TypeVar("T")  # an endpoint: int minutes, aware datetime, ...

_start = itemgetter(0)
# Above this ratio of lengths, binary search into the longer set beats walking both.
SPARSE_RATIO = 8


class Interval(NamedTuple, Generic[T]):
    """A half-open span [start, end).

    A named tuple rather than a dataclass: solves of long stays build millions of these, and a tuple is
    several times cheaper to make. Immutable, ordered by (start, end), hashable, equal to the plain
    (start, end) tuple.
    """

    start: T
    end: T

    @property
    def length(self) -> Any:
        """end - start: minutes for whole-minute spans, a timedelta for datetime spans."""
        return self.end - self.start


def normalize(spans: Iterable[tuple[T, T]]) -> tuple[Interval[T], ...]:
    """Union of the (start, end) spans as a set: sorted and disjoint, touching spans merged, empty ones gone."""
    merged: list[list[T]] = []
    for start, end in sorted(spans):
        if not start < end:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return tuple(Interval(start, end) for start, end in merged)


def intersect(left: tuple[Interval[T], ...], right: tuple[Interval[T], ...]) -> tuple[Interval[T], ...]:
    """Intersection of two sets."""
    if len(left) > len(right):
        left, right = right, left
    if len(right) > SPARSE_RATIO * (len(left) + 1):
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


def _intersect_sparse(few: tuple[Interval[T], ...], many: tuple[Interval[T], ...]) -> tuple[Interval[T], ...]:
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


def subtract(base: tuple[Interval[T], ...], removed: tuple[Interval[T], ...]) -> tuple[Interval[T], ...]:
    """`base` minus `removed`, both sets."""
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


def covers(spans: tuple[Interval[T], ...], start: T, end: T) -> bool:
    """Whether one span of the set holds all of [start, end)."""
    index = bisect_right(spans, start, key=_start) - 1
    return index >= 0 and end <= spans[index].end


def contains(spans: tuple[Interval[T], ...], point: T) -> bool:
    """Whether the point lies in a span of the set."""
    index = bisect_right(spans, point, key=_start) - 1
    return index >= 0 and point < spans[index].end


def start_ranges(spans: tuple[Interval[int], ...], minutes: int) -> tuple[Interval[int], ...]:
    """Whole-minute starts t with [t, t + minutes) inside one span of the set, as ranges of start minutes
    [first, last + 1)."""
    return tuple(Interval(span.start, span.end - minutes + 1) for span in spans if span.end - span.start >= minutes)


def overlapping_pairs(spans: Sequence[tuple[T, T]]) -> list[tuple[int, int]]:
    """For spans that must not overlap one another: (earlier index, later index) for each span that starts
    before an earlier one ends, in start order, paired with the earlier span reaching furthest. Each
    offending span is named once, so a caller reports one clash per entry; none when nothing overlaps."""
    pairs = []
    reaching: int | None = None  # index of the span, among those before, that ends last
    for index in sorted(range(len(spans)), key=lambda index: (spans[index][0], spans[index][1])):
        if reaching is not None and spans[index][0] < spans[reaching][1]:
            pairs.append((reaching, index))
        if reaching is None or spans[index][1] > spans[reaching][1]:
            reaching = index
    return pairs
