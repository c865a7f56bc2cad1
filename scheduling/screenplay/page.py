"""What a screenplay's pages say, whichever format it came in: the common ground of the two readers.

Both readers (`fountain.py`, `fdx.py`) turn their file into a `PageText`; `breakdown.py` turns that into the
breakdown. Nothing format-specific survives past this point, which is what makes a Fountain script and the same
script saved as Final Draft give the same breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of `Element`, as screenplays name them.
ACTION = "action"
TRANSITION = "transition"
SHOT = "shot"
GENERAL = "general"  # any other printed paragraph (Final Draft's General, New Act, Cast List...)
PARENTHETICAL = "parenthetical"
DIALOGUE = "dialogue"


@dataclass(frozen=True)
class Element:
    """One printed paragraph. `text` keeps the writer's line breaks."""

    kind: str
    text: str


@dataclass(frozen=True)
class Speech:
    """A character cue as written (`ZHENYA (V.O.)`) and the parentheticals and dialogue under it."""

    cue: str
    parts: tuple[Element, ...]


@dataclass(frozen=True)
class DualSpeech:
    """Two speeches printed side by side, spoken at once."""

    left: Speech
    right: Speech


@dataclass(frozen=True)
class SceneText:
    """A scene heading and everything printed under it up to the next heading."""

    heading: str
    number: str  # as printed in the script, "" when it prints none
    where: str  # "line 12" or "paragraph 40": where the heading is, for messages
    body: tuple[Element | Speech | DualSpeech, ...]


@dataclass(frozen=True)
class PageText:
    format: str  # FOUNTAIN or FINAL_DRAFT
    title: str
    draft_date: str
    revision: str
    scenes: tuple[SceneText, ...]


FOUNTAIN = "fountain"
FINAL_DRAFT = "fdx"
