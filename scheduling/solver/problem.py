"""The problem: frozen dataclasses describing one production's stay, in minutes from its start."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from datetime import datetime, timedelta, timezone

from core.intervals import Interval

from ..scene_fields import (  # noqa: F401 - the solver's names for them
    GROUND_ANY,
    GROUND_DAY,
    GROUND_NIGHT,
    LIGHT_ANY,
    LIGHT_DAY,
    LIGHT_NIGHT,
    MOMENT_SUNRISE,
    MOMENT_SUNSET,
)

if TYPE_CHECKING:
    from .geometry import OrbitGeometry

MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class Module:
    code: str
    capacity: int
    window: bool = False
    closed: tuple[Interval, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class Person:
    code: str
    free: tuple[Interval, ...]
    max_minutes_per_day: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Event:
    """Blocks the named people and modules for its span. `people=None` means everyone, `modules=None` every module."""

    code: str
    span: Interval
    people: tuple[str, ...] | None = ()
    modules: tuple[str, ...] | None = ()
    title: str = ""

    def blocks_person(self, person: str) -> bool:
        return self.people is None or person in self.people

    def blocks_module(self, module: str) -> bool:
        return self.modules is None or module in self.modules



@dataclass(frozen=True)
class Scene:
    """A scene as the solver sees it: the fields of `scene_fields.SCENE_FIELDS`, times in minutes."""

    code: str
    minutes: int
    people: tuple[str, ...]
    modules: tuple[str, ...]
    priority: int = 1
    required: bool = False
    earliest: int | None = None
    latest: int | None = None
    after: tuple[str, ...] = ()
    light: str = LIGHT_ANY
    window: bool = False
    title: str = ""
    elements: tuple[tuple[str, int], ...] = ()  # (element code, how many the shoot uses)
    over: str | None = None  # place code: the station is in view of it for the whole shoot (needs a window)
    ground: str = GROUND_ANY  # with `over`: the place's own light ("day", "night" or "any")
    link: str | None = None  # place code: in view for the whole shoot, for a live link
    moment: str | None = None  # "sunrise" | "sunset": the station crosses the shadow's edge during the shoot


@dataclass(frozen=True)
class Element:
    """A breakdown element; with a `quantity`, no more shoots in progress use it at once than that (rule 10)."""

    code: str
    quantity: int | None = None
    name: str = ""
    category: str = "other"


@dataclass(frozen=True)
class Place:
    """A point on the WGS-84 ellipsoid (degrees, height 0) and the elevation from which the station is in view."""

    code: str
    lat: float
    lon: float
    min_elevation: float = 10.0
    name: str = ""


@dataclass(frozen=True)
class Pin:
    scene: str
    start: int
    module: str


@dataclass(frozen=True)
class Light:
    """Orbital day (sunlit) and night (Earth's shadow) spans over the horizon, sorted and disjoint."""

    day: tuple[Interval, ...]
    night: tuple[Interval, ...]


@dataclass(frozen=True)
class Problem:
    code: str
    origin: datetime  # the production's start, timezone-aware UTC; minute 0
    horizon: int  # minutes in the filming window [0, horizon)
    modules: tuple[Module, ...]
    people: tuple[Person, ...]
    scenes: tuple[Scene, ...]
    events: tuple[Event, ...] = ()
    pins: tuple[Pin, ...] = ()
    elements: tuple[Element, ...] = ()
    places: tuple[Place, ...] = ()
    light: Light | None = None  # None when no TLE was given
    tle: tuple[str, str] | None = None
    # Everything else the orbit decides, computed once per solve with the light (which is `geometry.light.light`):
    # sunrises and sunsets, and the passes and ground light of each place a scene names. None without a TLE.
    geometry: OrbitGeometry | None = field(default=None, compare=False, hash=False)
    # Re-planning: published shoots the new plan should keep (soft; moving one costs, dropping one costs more).
    anchors: tuple[Pin, ...] = ()
    # Lookups built once; not part of equality.
    _module_by_code: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _person_by_code: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _scene_by_code: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _pin_by_scene: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _anchor_by_scene: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _element_by_code: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _place_by_code: dict = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.origin.tzinfo is None:
            raise ValueError("problem origin must be timezone-aware")
        object.__setattr__(self, "_module_by_code", {m.code: m for m in self.modules})
        object.__setattr__(self, "_person_by_code", {p.code: p for p in self.people})
        object.__setattr__(self, "_scene_by_code", {s.code: s for s in self.scenes})
        object.__setattr__(self, "_pin_by_scene", {pin.scene: pin for pin in self.pins})
        object.__setattr__(self, "_anchor_by_scene", {anchor.scene: anchor for anchor in self.anchors})
        object.__setattr__(self, "_element_by_code", {element.code: element for element in self.elements})
        object.__setattr__(self, "_place_by_code", {place.code: place for place in self.places})

    def module(self, code: str) -> Module:
        return self._module_by_code[code]

    def person(self, code: str) -> Person:
        return self._person_by_code[code]

    def scene(self, code: str) -> Scene:
        return self._scene_by_code[code]

    def element(self, code: str) -> Element | None:
        """The breakdown element of that code; None for one the production does not list."""
        return self._element_by_code.get(code)

    def place_name(self, code: str) -> str:
        """A place as a director reads it: its name, else its code."""
        place = self._place_by_code.get(code)
        return place.name or code if place is not None else code

    def anchor_for(self, scene: str) -> Pin | None:
        return self._anchor_by_scene.get(scene)

    def pin_for(self, scene: str) -> Pin | None:
        return self._pin_by_scene.get(scene)

    def minute_at(self, moment: datetime) -> int:
        return int((moment - self.origin).total_seconds() // 60)

    def moment_at(self, minute: int) -> datetime:
        return (self.origin + timedelta(minutes=minute)).astimezone(timezone.utc)
