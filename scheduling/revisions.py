"""Schedule revisions the film industry's way: each published version of a production takes the next colour of
the revision sequence, white, blue, pink, yellow, green, goldenrod, buff, salmon, cherry, then round again as
double white, double blue, ..., triple white, ... Printed pages carry their colour, so a crew member sees at a
glance which revision they hold."""

from __future__ import annotations

REVISION_COLOURS = ("white", "blue", "pink", "yellow", "green", "goldenrod", "buff", "salmon", "cherry")
# The paper each colour is printed on, as a screen tint (the page's text stays readable on all of them).
PAPER = {
    "white": "#ffffff", "blue": "#cfe3ff", "pink": "#ffd6e7", "yellow": "#fff3a8", "green": "#cdeccf",
    "goldenrod": "#f3d36b", "buff": "#f0dcb4", "salmon": "#ffc4ae", "cherry": "#f4a3ae",
}
ROUNDS = ("", "double ", "triple ", "quadruple ")


def revision_colour(number: int) -> str:
    """The revision colour of version `number` (1 is white, 10 double white)."""
    if number < 1:
        raise ValueError(f"versions count from 1, got {number}")
    rounds, index = divmod(number - 1, len(REVISION_COLOURS))
    prefix = ROUNDS[rounds] if rounds < len(ROUNDS) else f"{rounds + 1}× "
    return prefix + REVISION_COLOURS[index]


def revision_paper(number: int) -> str:
    """The tint that stands for the revision's paper on screen."""
    return PAPER[REVISION_COLOURS[(number - 1) % len(REVISION_COLOURS)]]
