"""Bounds on what users send, checked before anything expensive runs on it.

A document nested thousands of levels deep makes recursive code (parsers, checkers, error renderers) fail
with RecursionError, a 500 instead of an answer; no production file, scene or calendar is more than a few
levels deep, so anything deeper than `MAX_DEPTH` is refused up front, in time linear in the text and
stopping at the first level too many.
"""

from __future__ import annotations

import json
import re
from typing import Any

from core.errors import DomainError

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


class JSONRefused(DomainError):
    """Bytes that are not JSON worth reading. `kind` says why: "encoding" (not UTF-8 text), "depth" (nested
    more than `MAX_DEPTH` levels) or "syntax" (malformed); `message` says it in words callers put after their
    own subject, and `cause` is the decoder's own error (None for "depth")."""

    def __init__(self, message: str, *, kind: str, cause: Exception | None = None):
        super().__init__(message)
        self.kind = kind
        self.cause = cause


def json_bounded_loads(data: bytes | str, *, encoding: str = "utf-8", parse_constant=None) -> Any:
    """The JSON value in `data` (bytes in `encoding`, or text already decoded), refused with `JSONRefused`
    before parsing if it is not text or nests too deep. Size limits are the caller's: each words its own."""
    try:
        text = data.decode(encoding) if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise JSONRefused(f"not UTF-8 text ({error.reason} at byte {error.start})", kind="encoding", cause=error) from None
    if json_too_deep(text):
        raise JSONRefused(f"nested more than {MAX_DEPTH} levels deep", kind="depth")
    try:
        return json.loads(text, parse_constant=parse_constant)
    except json.JSONDecodeError as error:
        raise JSONRefused(
            f"malformed JSON: line {error.lineno} column {error.colno}: {error.msg}", kind="syntax", cause=error
        ) from None
