"""A .uss file checked whole as the standard shapes it: the JSON, the root object and version, and every
breakdown, category and element with the ids that tie them together. Every problem is a `Fault` whose path is
the file's own (`breakdowns[3].elements[1]`); keys this reader does not use are not looked at, so files of
later 1.x versions, tools' own `_keys` and the drafts' spellings read too."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from core.errors import DomainError
from core.payloads import JSONRefused, json_bounded_loads

from ..production_file import MAX_SCENES
from ..production_file.shapes import Shapes, shown
from .standard import BREAKDOWN_TYPES, READ_MAJOR, ROOT, USS_VERSION

MAX_BYTES = 20 * 2**20  # a 10,000-scene schedule with its elements is about 15 MiB
MAX_ELEMENTS = 50_000  # a feature film has a few hundred; a long series a few thousand
MAX_CATEGORIES = 1_000  # the standard defines 34
ID_LENGTH = 128  # the standard's ids are 24 characters; any UUID is 36


class UssError(DomainError):
    """A .uss file that is not one, or whose breakdown cannot go into the production; every fault names its
    path in the file (`elements[4].name`), or none for the file as a whole."""


@dataclass(frozen=True)
class UssBreakdown:
    path: str
    id: str
    type: str
    scene: str | None
    description: str | None
    pages: float | None
    duration: float | None  # milliseconds
    elements: tuple[str, ...]  # element ids, in the file's order
    banner_text: str | None


@dataclass(frozen=True)
class UssCategory:
    path: str
    id: str
    name: str
    ucid: int


@dataclass(frozen=True)
class UssElement:
    path: str
    id: str
    category: str  # a category id
    name: str
    element_id: str | None  # the "board id": a cast number, or our own code
    linked: tuple[str, ...]  # element ids


@dataclass(frozen=True)
class UssFile:
    name: str | None
    project: str | None
    source: str | None
    version: str
    breakdowns: tuple[UssBreakdown, ...]
    categories: tuple[UssCategory, ...]
    elements: tuple[UssElement, ...]
    stripboards: int
    calendars: int

    def category_of(self, element: UssElement) -> UssCategory:
        return next(category for category in self.categories if category.id == element.category)


def uss_parse(data: bytes) -> UssFile:
    """The file's breakdown, checked whole; raises `UssError` with every problem found."""
    checker = _Checker()
    root = checker.root(_decoded(data))
    checker.raise_if_any()
    return root


def _decoded(data: bytes) -> Any:
    if len(data) > MAX_BYTES:
        raise UssError(f"{len(data):,} bytes; a .uss file may have at most {MAX_BYTES // 2**20} MiB")
    try:
        return json_bounded_loads(data, encoding="utf-8-sig", parse_constant=_not_json)
    except JSONRefused as refused:
        if refused.kind == "depth":
            raise UssError(f"{refused.message}; a .uss file needs eight") from None
        raise UssError(f"not a .uss file: {refused.message}") from None


def _not_json(constant: str):
    raise json.JSONDecodeError(f"{constant} is not a JSON value", constant, 0)


class _Checker(Shapes):
    error_class = UssError
    whole = ""

    # --- the file ----------------------------------------------------------------------------------------

    def root(self, raw: Any) -> UssFile | None:
        if not isinstance(raw, dict) or not isinstance(raw.get(ROOT), dict):
            self.error("", f'not a .uss file: a Universal Schedule Standard file is a JSON object with a "{ROOT}" object')
            return None
        header = raw[ROOT]
        version = self.version(header.get("ussVersion"))
        lists = {key: self.listed(header, key, maximum) for key, maximum in
                 (("breakdowns", MAX_SCENES), ("categories", MAX_CATEGORIES), ("elements", MAX_ELEMENTS))}
        for key in ("stripboards", "calendars"):
            if header.get(key) is not None and not isinstance(header[key], list):
                self.error(key, f"must be a list or null, got {shown(header[key])}")
        categories = self.by_id([self.category(entry, f"categories[{i}]") for i, entry in enumerate(lists["categories"])], "category")
        elements = self.by_id([self.element(entry, f"elements[{i}]", categories) for i, entry in enumerate(lists["elements"])], "element")
        # An element refused above is reported once, not again by every breakdown that lists it.
        element_ids = {entry.get("id") for entry in lists["elements"] if isinstance(entry, dict)}
        breakdowns = self.by_id([
            self.breakdown(entry, f"breakdowns[{i}]", element_ids, elements) for i, entry in enumerate(lists["breakdowns"])
        ], "breakdown")
        return UssFile(
            name=self.string(header, "name", ""), project=self.string(header, "project", ""),
            source=self.string(header, "source", ""), version=version or "",
            breakdowns=tuple(breakdowns.values()), categories=tuple(categories.values()),
            elements=tuple(elements.values()),
            stripboards=len(header.get("stripboards") or []), calendars=len(header.get("calendars") or []),
        )

    def version(self, value: Any) -> str | None:
        if value is None:
            self.error("ussVersion", f'is required: the version of the standard the file follows, e.g. "{USS_VERSION}"')
        elif not isinstance(value, str):
            self.error("ussVersion", f"must be a string, got {shown(value)}")
        elif value.split(".")[0] != READ_MAJOR:
            self.error("ussVersion", f"orbitfilm reads version {READ_MAJOR}.x of the standard, got {shown(value)}")
        else:
            return value
        return None

    def listed(self, header: dict, key: str, maximum: int) -> list:
        value = header.get(key)
        if not isinstance(value, list):
            self.error(key, "is required: every .uss file has breakdowns, categories and elements" if value is None
                       else f"must be a list, got {shown(value)}")
            return []
        if len(value) > maximum:
            self.error(key, f"{len(value):,} {key}; orbitfilm reads at most {maximum:,}")
            return []
        return value

    def by_id(self, entries: list, what: str) -> dict:
        """The entries by id; an id used twice is an error at the second."""
        by_id: dict[str, Any] = {}
        for entry in entries:
            if entry is None:
                continue
            if entry.id in by_id:
                self.error(f"{entry.path}.id", f"{what} id {shown(entry.id)} is already {by_id[entry.id].path}")
            else:
                by_id[entry.id] = entry
        return by_id

    # --- objects -----------------------------------------------------------------------------------------

    def entry(self, raw: Any, path: str) -> dict | None:
        if not isinstance(raw, dict):
            self.error(path, f"must be an object, got {shown(raw)}")
            return None
        identifier = raw.get("id")
        if not isinstance(identifier, str) or not identifier or len(identifier) > ID_LENGTH:
            self.error(f"{path}.id", f"must be a non-empty string of at most {ID_LENGTH} characters, got {shown(identifier)}")
            return None
        return raw

    def category(self, raw: Any, path: str) -> UssCategory | None:
        entry = self.entry(raw, path)
        if entry is None:
            return None
        ucid = entry.get("ucid")
        if isinstance(ucid, float) and ucid.is_integer():
            ucid = int(ucid)
        if isinstance(ucid, bool) or not isinstance(ucid, int) or ucid < 0:
            self.error(f"{path}.ucid", f"must be a category number of the standard (0 or more), got {shown(ucid, json_style=True)}")
            return None
        name = self.string(entry, "name", path, required=True)
        return UssCategory(path, entry["id"], name or "", ucid)

    def element(self, raw: Any, path: str, categories: dict[str, UssCategory]) -> UssElement | None:
        entry = self.entry(raw, path)
        if entry is None:
            return None
        category = entry.get("category")
        name = self.string(entry, "name", path, required=True)
        if not isinstance(category, str):
            self.error(f"{path}.category", f"must be the id of a category, got {shown(category)}")
            return None
        if category not in categories:
            self.error(f"{path}.category", f"unknown category id {shown(category)}")
            return None
        if not name or not name.strip():
            self.error(f"{path}.name", "must name the element")
            return None
        linked = entry.get("linkedElements")
        if linked is not None and not (isinstance(linked, list) and all(isinstance(item, str) for item in linked)):
            self.error(f"{path}.linkedElements", f"must be a list of element ids or null, got {shown(linked)}")
            linked = None
        return UssElement(path, entry["id"], category, name.strip(), self.string(entry, "elementId", path) or None, tuple(linked or ()))

    def breakdown(self, raw: Any, path: str, element_ids: set, elements: dict[str, UssElement]) -> UssBreakdown | None:
        entry = self.entry(raw, path)
        if entry is None:
            return None
        kind = entry.get("type")
        if kind not in BREAKDOWN_TYPES:
            self.error(f"{path}.type", f'must be "scene" or "banner", got {shown(kind, json_style=True)}')
        listed = entry.get("elements")
        ids: list[str] = []
        if not isinstance(listed, list):
            self.error(f"{path}.elements", "is required: the ids of the breakdown's elements" if listed is None
                       else f"must be a list of element ids, got {shown(listed)}")
        else:
            for index, identifier in enumerate(listed):
                at = f"{path}.elements[{index}]"
                if not isinstance(identifier, str):
                    self.error(at, f"must be an element id string, got {shown(identifier)}")
                elif identifier not in element_ids:
                    self.error(at, f"unknown element id {shown(identifier)}")
                elif identifier in ids:
                    named = elements[identifier].name if identifier in elements else identifier
                    self.error(at, f"element {shown(named)} is listed twice")
                else:
                    ids.append(identifier)
        return UssBreakdown(
            path=path, id=entry["id"], type=kind if isinstance(kind, str) else "",
            scene=self.string(entry, "scene", path), description=self.string(entry, "description", path),
            pages=self.amount(entry, "pages", path), duration=self.amount(entry, "duration", path),
            elements=tuple(ids), banner_text=self.string(entry, "bannerText", path),
        )

    # --- values ------------------------------------------------------------------------------------------

    def string(self, entry: dict, key: str, path: str, *, required: bool = False) -> str | None:
        value = entry.get(key)
        at = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.error(at, "is required")
            return None
        if not isinstance(value, str):
            self.error(at, f"must be a string, got {shown(value)}")
            return None
        return value

    def amount(self, entry: dict, key: str, path: str) -> float | None:
        """A number of 0 or more, or null: pages (decimal eighths) and durations (milliseconds)."""
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            self.error(f"{path}.{key}", f"must be a number of 0 or more, or null, got {shown(value, json_style=True)}")
            return None
        return value
