"""Revision colours: the industry's sequence, round and round again."""

import pytest

from scheduling.revisions import revision_colour, revision_paper


@pytest.mark.parametrize("number, colour", [
    (1, "white"), (2, "blue"), (3, "pink"), (4, "yellow"), (5, "green"), (6, "goldenrod"), (7, "buff"), (8, "salmon"),
    (9, "cherry"), (10, "double white"), (11, "double blue"), (18, "double cherry"), (19, "triple white"), (37, "5× white"),
])
def test_each_version_takes_the_next_revision_colour(number, colour):
    assert revision_colour(number) == colour


def test_a_double_revision_is_printed_on_the_same_paper():
    assert revision_paper(11) == revision_paper(2) != revision_paper(1)


def test_versions_count_from_one():
    with pytest.raises(ValueError):
        revision_colour(0)
