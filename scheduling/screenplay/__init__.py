"""Screenplays read into a breakdown: pure Python, no Django.

`parse(data, filename=...)` takes the bytes of a Fountain (.fountain) or Final Draft (.fdx) file and returns a
`Screenplay`: its title page fields and one `Scene` per scene heading (number, heading, location, story time,
first action line, who speaks, length in eighths of a page). A file it cannot read raises `ScreenplayError`
(a `core.errors.DomainError`) whose faults name the line or paragraph. docs/screenplay-import.md says what is
read from each format and how the eighths are counted.
"""

from .breakdown import Character, Scene, Screenplay
from .errors import ScreenplayError
from .formats import parse

__all__ = ["Character", "Scene", "Screenplay", "ScreenplayError", "parse"]
