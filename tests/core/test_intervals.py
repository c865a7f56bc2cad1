"""The interval toolkit: each operation agrees with the same operation on plain sets of minutes, and works on
datetimes as it does on minutes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from core.intervals import (
    Interval,
    contains,
    covers,
    intersect,
    normalize,
    overlapping_pairs,
    start_ranges,
    subtract,
)

LAST_MINUTE = 200


def minutes(spans) -> set[int]:
    return {minute for start, end in spans for minute in range(start, end)}


raw_spans = st.lists(
    st.tuples(st.integers(0, LAST_MINUTE), st.integers(0, 60)).map(lambda pair: (pair[0], pair[0] + pair[1])),
    max_size=12,
)
# Both lengths of the intersection's sparse path (one set much longer than the other) get drawn.
long_raw_spans = st.lists(st.integers(0, LAST_MINUTE).map(lambda start: (start, start + 1)), max_size=120)


def is_a_set(spans) -> bool:
    """Sorted, every span non-empty, each ending strictly before the next starts."""
    return all(span.start < span.end for span in spans) and all(a.end < b.start for a, b in zip(spans, spans[1:]))


@given(raw_spans)
def test_normalize_is_the_union_as_sorted_disjoint_spans(spans):
    union = normalize(spans)
    assert is_a_set(union)
    assert minutes(union) == minutes(spans)


def test_normalize_merges_touching_spans_and_drops_empty_ones():
    assert normalize([(30, 40), (10, 20), (20, 25), (50, 50)]) == (Interval(10, 25), Interval(30, 40))


@given(raw_spans, long_raw_spans)
def test_intersect_keeps_the_minutes_in_both(left, right):
    common = intersect(normalize(left), normalize(right))
    assert is_a_set(common)
    assert minutes(common) == minutes(left) & minutes(right)
    assert intersect(normalize(right), normalize(left)) == common


@given(raw_spans, raw_spans)
def test_subtract_keeps_the_minutes_of_the_first_not_in_the_second(base, removed):
    left = subtract(normalize(base), normalize(removed))
    assert minutes(left) == minutes(base) - minutes(removed)


@given(raw_spans, st.integers(0, LAST_MINUTE), st.integers(1, 30))
def test_covers_and_contains_agree_with_the_minutes(spans, start, length):
    union = normalize(spans)
    inside = minutes(spans)
    assert contains(union, start) == (start in inside)
    # A span is covered by one piece of a set exactly when all its minutes are in the set: pieces never touch.
    assert covers(union, start, start + length) == all(minute in inside for minute in range(start, start + length))


@given(raw_spans, st.integers(1, 40))
def test_start_ranges_are_the_starts_whose_whole_shoot_fits_in_one_span(spans, length):
    union = normalize(spans)
    starts = minutes(start_ranges(union, length))
    assert starts == {start for start in range(LAST_MINUTE + 60) if covers(union, start, start + length)}


def test_overlapping_pairs_name_each_span_that_starts_before_an_earlier_one_ends():
    spans = [(100, 130), (0, 100), (10, 20), (30, 40), (130, 140)]
    # (30, 40) lies inside (0, 100) though (10, 20) comes between them in start order; touching is no overlap.
    assert overlapping_pairs(spans) == [(1, 2), (1, 3)]


def test_overlapping_pairs_find_nothing_among_disjoint_spans():
    assert overlapping_pairs([(20, 30), (0, 10), (10, 20)]) == []


@given(raw_spans)
def test_overlapping_pairs_are_empty_exactly_when_no_two_spans_share_a_minute(spans):
    spans = [span for span in spans if span[0] < span[1]]
    shared = any(minutes([a]) & minutes([b]) for i, a in enumerate(spans) for b in spans[i + 1:])
    assert bool(overlapping_pairs(spans)) == shared
    for earlier, later in overlapping_pairs(spans):
        assert minutes([spans[earlier]]) & minutes([spans[later]])


def test_datetime_spans_take_the_same_algebra():
    def at(hour: int) -> datetime:
        return datetime(2021, 10, 5, tzinfo=timezone.utc) + timedelta(hours=hour)

    aboard = (Interval(at(0), at(24)),)
    busy = normalize([(at(8), at(12)), (at(11), at(13)), (at(20), at(26))])
    free = subtract(aboard, busy)
    assert free == ((at(0), at(8)), (at(13), at(20)))
    assert [window.length for window in free] == [timedelta(hours=8), timedelta(hours=7)]
    assert overlapping_pairs([(at(8), at(12)), (at(11), at(13))]) == [(0, 1)]
