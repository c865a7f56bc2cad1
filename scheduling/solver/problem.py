"""The problem: frozen dataclasses describing one production's stay, in minutes from its start."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from core.intervals import Interval

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


LIGHT_ANY = "any"
LIGHT_DAY = "day"
LIGHT_NIGHT = "night"


@dataclass(frozen=True)
class Scene:
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
    light: Light | None = None  # None when no TLE was given
    tle: tuple[str, str] | None = None
    # Re-planning: published shoots the new plan should keep (soft; moving one costs, dropping one costs more).
    anchors: tuple[Pin, ...] = ()
    # Lookups built once; not part of equality.
    _module_by_code: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _person_by_code: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _scene_by_code: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _pin_by_scene: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _anchor_by_scene: dict = field(default=None, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.origin.tzinfo is None:
            raise ValueError("problem origin must be timezone-aware")
        object.__setattr__(self, "_module_by_code", {m.code: m for m in self.modules})
        object.__setattr__(self, "_person_by_code", {p.code: p for p in self.people})
        object.__setattr__(self, "_scene_by_code", {s.code: s for s in self.scenes})
        object.__setattr__(self, "_pin_by_scene", {pin.scene: pin for pin in self.pins})
        object.__setattr__(self, "_anchor_by_scene", {anchor.scene: anchor for anchor in self.anchors})

    def module(self, code: str) -> Module:
        return self._module_by_code[code]

    def person(self, code: str) -> Person:
        return self._person_by_code[code]

    def scene(self, code: str) -> Scene:
        return self._scene_by_code[code]

    def anchor_for(self, scene: str) -> Pin | None:
        return self._anchor_by_scene.get(scene)

    def pin_for(self, scene: str) -> Pin | None:
        return self._pin_by_scene.get(scene)

    def minute_at(self, moment: datetime) -> int:
        return int((moment - self.origin).total_seconds() // 60)

    def moment_at(self, minute: int) -> datetime:
        return (self.origin + timedelta(minutes=minute)).astimezone(timezone.utc)
