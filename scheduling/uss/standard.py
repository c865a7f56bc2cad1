"""What the Universal Schedule Standard says, as orbitfilm uses it: the version, the keys of each object, the
category numbers (the Universal Category Identification standard's `ucid`s) and how they map to ours, ids and
dates. docs/uss.md has the same tables for readers."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

USS_VERSION = "1.0.0"
READ_MAJOR = "1"  # any 1.x file is read: minor versions only add keys, which are ignored
ROOT = "universalScheduleStandard"
EXTENSION = "uss"
SOURCE = "orbitfilm"

# Every key of every object, in the standard's order; a writer must write them all (null when unused).
HEADER_KEYS = (
    "id", "author", "company", "created", "description", "episode", "episodeName", "name", "project",
    "schedColor", "schedDate", "scriptColor", "scriptDate", "season", "source", "ussVersion",
)
LIST_KEYS = ("breakdowns", "categories", "elements", "stripboards", "calendars")
BREAKDOWN_KEYS = (
    "id", "bannerText", "comments", "created", "description", "elements", "pages", "scene", "scriptPage",
    "duration", "type",
)
CATEGORY_KEYS = ("id", "created", "name", "ucid")
ELEMENT_KEYS = (
    "id", "category", "created", "daysOff", "dropDayCount", "elementId", "events", "isDood", "isDrop", "isHold",
    "isIdLock", "linkedElements", "name",
)
STRIPBOARD_KEYS = ("id", "boards", "calendar", "name")
BOARD_KEYS = ("id", "name", "breakdownIds")
CALENDAR_KEYS = ("id", "daysOff", "events", "name")
EVENT_KEYS = ("id", "date", "type", "name")

SCENE = "scene"
BANNER = "banner"
LEGACY_SCENE = "strip"  # what writers of the standard's drafts (and its full sample) call a scene
BREAKDOWN_TYPES = (SCENE, BANNER, LEGACY_SCENE)

MS_PER_MINUTE = 60_000
EIGHTHS_PER_PAGE = 8
# The standard's day-out-of-days default: a drop shorter than ten days is not allowed (the samples' value).
DROP_DAY_COUNT = 10

# Universal Category Identification numbers. Scene categories (0-99) describe the scene as a whole, action
# categories (100 up) the things in it; 50-99 and 500 up are a tool's own.
UCID_SET, UCID_INT_EXT, UCID_DAY_NIGHT, UCID_LOCATION = 0, 1, 2, 6
UCID_CAST = 100
UCID_CREW = 500  # our own action category: the station's crew members, whom cast members link to
SCENE_CATEGORY_END = 100
CUSTOM_ACTION_START = 500
CREW_CATEGORY_NAME = "Station crew"

# Role of a category on import, beyond our element categories.
CAST, CREW, SET, INT_EXT, DAY_NIGHT, LOCATION = "cast", "crew", "set", "int/ext", "day/night", "location"

# Our element categories as the standard numbers and names them (export).
CATEGORY_UCIDS = {
    "props": (104, "Props"),
    "wardrobe": (106, "Wardrobe"),
    "makeup": (107, "Makeup/Hair"),
    "equipment": (119, "Special Equipment"),
    "vfx": (121, "Visual Effects"),
    "sound": (113, "Sound"),
    "other": (126, "Other"),
}
# Categories orbitfilm writes besides those, in the order files list them.
ROLE_UCIDS = {
    SET: (UCID_SET, "Set"),
    INT_EXT: (UCID_INT_EXT, "INT/EXT"),
    DAY_NIGHT: (UCID_DAY_NIGHT, "Day/Night"),
    LOCATION: (UCID_LOCATION, "Location"),
    CAST: (UCID_CAST, "Cast Members"),
    CREW: (UCID_CREW, CREW_CATEGORY_NAME),
}
# Import: which of our element categories each standard action category becomes (anything not listed and
# not dropped below, a tool's own included, becomes "other").
UCID_CATEGORIES = {
    104: "props", 115: "props", 116: "props", 117: "props",  # props, art department, set dressing, greenery
    106: "wardrobe",
    107: "makeup",
    110: "equipment", 111: "equipment", 112: "equipment", 119: "equipment",  # camera, grip, electric, special
    105: "vfx", 121: "vfx", 122: "vfx",  # special, visual and mechanical effects
    113: "sound", 114: "sound",  # sound, music
}
# Import: categories whose elements are not things a shoot needs, with the reason a preview gives.
UCID_DROPPED = {
    123: "notes are text, not elements a shoot needs",
    124: "comments are text, not elements a shoot needs",
}
SCENE_CATEGORY_DROPPED = "a scene category orbitfilm has no field for (only Set, INT/EXT, Day/Night and Location are read)"


def category_role(ucid: int, name: str) -> str:
    """What a category's elements become on import: an element category of ours, a scene part (`SET`,
    `INT_EXT`, `DAY_NIGHT`, `LOCATION`), `CAST`, `CREW`, or "" when they are dropped."""
    scene_roles = {UCID_SET: SET, UCID_INT_EXT: INT_EXT, UCID_DAY_NIGHT: DAY_NIGHT, UCID_LOCATION: LOCATION}
    if ucid < SCENE_CATEGORY_END:
        return scene_roles.get(ucid, "")
    if ucid == UCID_CAST:
        return CAST
    if ucid >= CUSTOM_ACTION_START and name.strip().casefold() == CREW_CATEGORY_NAME.casefold():
        return CREW
    if ucid in UCID_DROPPED:
        return ""
    return UCID_CATEGORIES.get(ucid, "other")


def object_id(*parts: str) -> str:
    """A stable id in the standard's recommended shape (12 bytes as 24 hex digits, like a BSON ObjectId): the
    same production exports the same ids every time, so a tool that imports it again can match what it has."""
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=12).hexdigest()


def uss_date(moment: datetime) -> str:
    """The standard's date format, `2022-06-24T08:00:00.000Z`."""
    utc = moment.astimezone(timezone.utc)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"
