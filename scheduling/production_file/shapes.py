"""The shapes every part of a production file is made of (objects, lists, codes, texts, numbers, times, spans)
and how problems are collected: as `Fault`s by path, all of them, instead of stopping at the first."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from core.errors import DomainError, Fault
from core.intervals import overlapping_pairs
from core.times import TimeFormatError, format_time, parse_time

from ..scene_fields import CODE_LENGTH, MAX_INT

SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
MAX_FAULTS = 100  # problems listed in one error, the last saying how many more were found
SHOWN_CHARACTERS = 40  # of a string value quoted back in a message


class ProductionFileError(DomainError):
    """A production file (or a change to a production) that breaks the format; every fault has its path."""


class Shapes:
    """Checks of one value's shape at a path; each returns the normalised value (or a default) and records
    a fault when the value is wrong. A checker of another format raises its own `error_class`."""

    error_class: type[DomainError] = ProductionFileError
    whole = "file"  # the path of the document as a whole

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.more = 0

    def error(self, path: str, message: str) -> None:
        if len(self.faults) < MAX_FAULTS - 1:  # the last place says how many more there are
            self.faults.append(Fault(path, message))
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.more:
            self.faults.append(Fault(self.whole, f"... and {self.more} more problems"))
        if self.faults:
            raise self.error_class(faults=self.faults)

    # --- shapes -------------------------------------------------------------------------------------------

    def mapping(self, value: Any, path: str, keys: set[str] | frozenset[str], required: set[str] | frozenset[str]) -> dict | None:
        if not isinstance(value, dict):
            self.error(path, f"must be an object, got {shown(value)}")
            return None
        for key in value:
            if key not in keys:
                self.error(f"{path}.{shown_key(key)}", "unknown key")
        for key in sorted(required - value.keys()):
            self.error(f"{path}.{key}", "is required")
        return value

    def items(self, value: Any, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, f"must be a list, got {shown(value)}")
            return []
        return value

    def text(self, value: Any, path: str, *, maximum: int, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str):
            self.error(path, f"must be a string, got {shown(value)}")
            return default
        if len(value) > maximum:
            self.error(path, f"must be at most {maximum} characters, got {len(value)}")
            return default
        return value

    def slug(self, value: Any, path: str) -> str | None:
        """A station, module or person code: letters, digits, "-" and "_"."""
        if not isinstance(value, str) or not value:
            self.error(path, f"must be a non-empty string, got {shown(value)}")
            return None
        if not SLUG_CHARACTERS.issuperset(value) or len(value) > CODE_LENGTH:
            self.error(path, f'{shown(value)} may hold only letters, digits, "-" and "_" (at most {CODE_LENGTH})')
            return None
        return value

    def flag(self, value: Any, path: str, *, default: bool = False) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(path, f"must be true or false, got {shown(value)}")
            return default
        return value

    def positive(
        self, value: Any, path: str, *, nullable: bool = False, default: int | None = None, maximum: int = MAX_INT
    ) -> int | None:
        if value is None:
            if nullable or default is not None:
                return default
            self.error(path, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.error(path, f"must be a positive whole number, got {shown(value, json_style=True)}")
            return None
        if value > maximum:  # the database's column would refuse it
            self.error(path, f"must be at most {maximum}, got {value}")
            return None
        return value

    def number(self, value: Any, path: str, *, low: float, high: float, default: float | None = None) -> float | None:
        """A number (whole or not) in [low, high]; null or missing means `default` when there is one."""
        if value is None:
            if default is None:
                self.error(path, "is required")
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.error(path, f"must be a number, got {shown(value, json_style=True)}")
            return None
        if not low <= value <= high:
            self.error(path, f"must be from {low:g} to {high:g}, got {value:g}")
            return None
        return value

    def choice(self, value: Any, path: str, choices: tuple[str, ...], *, default: str) -> str:
        if value is None:
            return default
        if value not in choices:
            words = ", ".join(f'"{choice}"' for choice in choices[:-1]) + f' or "{choices[-1]}"'
            self.error(path, f"must be {words}, got {shown(value, json_style=True)}")
            return default
        return value

    def time(self, value: Any, path: str, *, nullable: bool = False) -> datetime | None:
        if value is None:
            if not nullable:
                self.error(path, "is required")
            return None
        try:
            return parse_time(value)
        except TimeFormatError as error:
            self.error(path, error.message)
            return None

    def span(self, entry: dict, path: str) -> tuple[datetime, datetime] | None:
        """The [start, end) of an already shape-checked entry."""
        start = self.time(entry.get("start"), f"{path}.start")
        end = self.time(entry.get("end"), f"{path}.end")
        if start and end and end <= start:
            self.error(path, f"ends ({format_time(end)}) before or when it starts ({format_time(start)})")
            return None
        return (start, end) if start and end else None

    def spans(self, raw: Any, path: str, keys: set[str], what: str) -> list[tuple[int, dict, tuple[datetime, datetime]]]:
        """A list of spans that must not overlap one another."""
        spans = []
        for index, entry in enumerate(self.items(raw, path)):
            if self.mapping(entry, f"{path}[{index}]", keys, {"start", "end"}) is None:
                continue
            span = self.span(entry, f"{path}[{index}]")
            if span:
                spans.append((index, entry, span))
        for earlier, later in overlapping_pairs([span for _, _, span in spans]):
            self.error(f"{path}[{spans[later][0]}]", f"overlaps {what} {path}[{spans[earlier][0]}]")
        return spans

    def codes(self, raw: Any, path: str, known: dict, what: str, *, allow_all: bool) -> list[str] | str:
        if allow_all and raw == "all":
            return "all"
        if raw is None:
            return []
        if not isinstance(raw, list):
            expected = '"all" or a list' if allow_all else "a list"
            self.error(path, f"must be {expected}, got {shown(raw)}")
            return []
        codes: list[str] = []
        for index, code in enumerate(raw):
            if not isinstance(code, str):
                self.error(f"{path}[{index}]", f"must be a {what} code string, got {shown(code)}")
            elif code not in known:
                self.error(f"{path}[{index}]", f"unknown {what} {shown(code)}")
            elif code in codes:
                self.error(f"{path}[{index}]", f"{what} {shown(code)} is listed twice")
            else:
                codes.append(code)
        return codes

    def unique(self, code: str | None, path: str, seen: dict, what: str) -> None:
        if code is None:
            return
        if code in seen:
            self.error(path, f"duplicate {what} code {shown(code)} (first at {seen[code]})")
        else:
            seen[code] = path

    def index(self, entries: list[dict], path: str, what: str) -> dict:
        seen: dict[str, str] = {}
        for i, entry in enumerate(entries):
            self.unique(entry.get("code"), f"{path}[{i}].code", seen, what)
        return seen

    def index_raw(self, entries: list, path: str, what: str) -> dict:
        """Scene codes are needed before the scenes are checked, for `after`."""
        seen: dict[str, str] = {}
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get("code"), str):
                self.unique(entry["code"], f"{path}[{i}].code", seen, what)
        return seen


def shown(value: Any, *, json_style: bool = False) -> str:
    """A value as a message shows it: strings quoted and cut short, containers by their kind only."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return ("true" if value else "false") if json_style else "a boolean"
    if isinstance(value, (int, float)):
        return str(value) if json_style else f"the number {value}"
    if isinstance(value, str):
        if len(value) <= SHOWN_CHARACTERS:
            return json.dumps(value, ensure_ascii=False)
        return json.dumps(value[:SHOWN_CHARACTERS] + "…", ensure_ascii=False) + f" ({len(value)} characters)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def shown_key(key: Any) -> str:
    text = str(key)
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
