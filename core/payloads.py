"""Bounds on what users send, checked before anything expensive runs on it.

A document nested thousands of levels deep makes recursive code (parsers, checkers, error renderers) fail
with RecursionError, a 500 instead of an answer; no production file, scene or calendar is more than a few
levels deep, so anything deeper than `MAX_DEPTH` is refused up front, in time linear in the text and
stopping at the first level too many.
"""

from __future__ import annotations

import re

MAX_DEPTH = 32

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_too_deep(text: str, *, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects more than `limit` levels deep (brackets inside strings do
    not count). Malformed text is left to the parser to report."""
    depth = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False
