"""`parse`: bytes of a screenplay file in, its breakdown out, the format told by the content."""

from __future__ import annotations

import re

from .breakdown import Screenplay, breakdown
from .errors import ScreenplayError
from .fdx import read_fdx
from .fountain import line_at, read_fountain
from .limits import MAX_FOUNTAIN_BYTES, MAX_SCRIPT_BYTES

_UTF8_BOM = b"\xef\xbb\xbf"
# Control characters no text file holds (tab, line feed, form feed and carriage return are text).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (a Word document or a writing program's project, perhaps)",
    b"{\\rtf": "an RTF document",
}
_FORMATS = "Export it from the writing program as Fountain (.fountain) or Final Draft (.fdx)."


def parse(data: bytes, *, filename: str = "") -> Screenplay:
    """The breakdown of a Fountain or Final Draft file; raises `ScreenplayError` naming where it is wrong.

    `filename` only names the file in messages: the format is told by the content (Final Draft is XML whose
    root is <FinalDraft>; Fountain is plain UTF-8 text).
    """
    name = filename or "the file"
    _refuse_larger_than(MAX_SCRIPT_BYTES, data, name, "a screenplay file")
    body = data.removeprefix(_UTF8_BOM)
    if not body.strip():
        raise ScreenplayError(f"{name} is empty")
    if body.lstrip().startswith(b"<"):
        return breakdown(read_fdx(data))
    return breakdown(read_fountain(_fountain_text(body, name)))


def _refuse_larger_than(limit: int, data: bytes, name: str, what: str) -> None:
    if len(data) > limit:
        raise ScreenplayError(f"{name} is {len(data) / 2**20:.1f} MB; {what} may be at most {limit / 2**20:g} MB")


def _fountain_text(body: bytes, name: str) -> str:
    for signature, what in _SIGNATURES.items():
        if body.startswith(signature):
            raise ScreenplayError(f"{name} is {what}, not a screenplay file. {_FORMATS}")
    _refuse_larger_than(MAX_FOUNTAIN_BYTES, body, name, "a Fountain screenplay (plain text)")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        readable = body[:error.start].decode("utf-8")
        raise ScreenplayError(
            f"{name} is neither Final Draft XML nor Fountain text: byte {error.start + 1} is not UTF-8 text. "
            + _FORMATS,
            path=line_at(readable, len(readable)),
        ) from None
    if binary := _BINARY.search(text):
        raise ScreenplayError(
            f"{name} is neither Final Draft XML nor Fountain text: it holds binary data "
            f"(character U+{ord(binary.group()):04X}). " + _FORMATS,
            path=line_at(text, binary.start()),
        )
    return text
