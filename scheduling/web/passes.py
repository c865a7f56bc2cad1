"""What the orbit decides for orbit-aware shots, as the timeline and the call sheet show it: each place's passes
(the station in view, the ground there lit or dark), orbital sunrises and sunsets, and for one shoot the pass
or moment it was scheduled for, so the crew is at the window on time.

The geometry is the solver's own (`solver.geometry.orbit_geometry`), for the places the production's scenes
name, computed once per process for each (orbit, window, places).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from core.intervals import Interval, intersect

from ..models import Place, Production, Scene
from ..solver.geometry import OrbitGeometry, PlaceGeometry, orbit_geometry
from ..solver.problem import MOMENT_SUNRISE
from ..solver.problem import Place as SolverPlace

GROUND_WORDS = {"lit": "ground lit", "dark": "ground dark", "twilight": "ground in twilight"}


@functools.lru_cache(maxsize=32)
def _geometry(tle1: str, tle2: str, origin: datetime, horizon: int, places: tuple[SolverPlace, ...]) -> OrbitGeometry:
    return orbit_geometry((tle1, tle2), origin, horizon, places)


def places_needed(production: Production) -> list[Place]:
    """The production's places that some scene looks at or links to, in file order."""
    return list(
        production.places.filter(Q(scenes_over__isnull=False) | Q(scenes_linked__isnull=False)).distinct().order_by("position", "id")
    )


def production_geometry(production: Production, places: list[Place] | None = None) -> OrbitGeometry | None:
    """The orbit's geometry over the filming window for the places scenes name; None without a TLE."""
    if not production.tle_line1:
        return None
    places = places_needed(production) if places is None else places
    horizon = int((production.end - production.start).total_seconds() // 60)
    solver_places = tuple(
        SolverPlace(code=place.code, lat=place.lat, lon=place.lon, min_elevation=place.min_elevation, name=place.name)
        for place in places
    )
    return _geometry(production.tle_line1, production.tle_line2, production.start, horizon, solver_places)


def ground_pieces(place: PlaceGeometry, span: Interval) -> list[tuple[str, Interval]]:
    """The span cut where the ground's light changes: ("lit" | "dark" | "twilight", piece), in order."""
    lit = intersect((span,), place.ground_day)
    dark = intersect((span,), place.ground_night)
    pieces = [("lit", piece) for piece in lit] + [("dark", piece) for piece in dark]
    cursor, filled = span.start, []
    for kind, piece in sorted(pieces, key=lambda item: item[1]):
        if piece.start > cursor:
            filled.append(("twilight", Interval(cursor, piece.start)))
        filled.append((kind, piece))
        cursor = piece.end
    if cursor < span.end:
        filled.append(("twilight", Interval(cursor, span.end)))
    return filled


# --- the timeline -----------------------------------------------------------------------------------------


@dataclass
class PassBand:
    style: str
    ground: str  # lit | dark | twilight
    text: str


@dataclass
class PassRow:
    code: str
    name: str
    detail: str
    bands: list[PassBand]


@dataclass
class MomentMark:
    left: str
    kind: str  # sunrise | sunset
    text: str


def pass_rows(production: Production, scale, start: datetime, end: datetime) -> list[PassRow]:
    """A row per place some scene needs: each pass in view, coloured by the ground's light."""
    places = places_needed(production)
    geometry = production_geometry(production, places)
    if geometry is None:
        return []
    origin = production.start
    rows = []
    for place in places:
        passes = geometry.places[place.code]
        bands = []
        for span in _spans_in(passes.in_view, origin, start, end):
            for ground, piece in ground_pieces(passes, span):
                style = scale.place(origin + timedelta(minutes=piece.start), origin + timedelta(minutes=piece.end))
                if style:
                    text = f"{place.name or place.code} in view {_clock(origin, span.start)}–{_clock(origin, span.end)}, {GROUND_WORDS[ground]}"
                    bands.append(PassBand(style=style, ground=ground, text=text))
        rows.append(PassRow(
            code=place.code, name=place.name or place.code,
            detail=f"in view from {place.min_elevation:g}° · {len(passes.in_view)} passes", bands=bands,
        ))
    return rows


def moment_marks(production: Production, scale, start: datetime, end: datetime) -> list[MomentMark]:
    """Orbital sunrises and sunsets in view, as marks on the light row."""
    geometry = production_geometry(production)
    if geometry is None:
        return []
    low, high = _minutes(production.start, start), _minutes(production.start, end)
    marks = []
    for kind, instants in (("sunrise", geometry.light.sunrises), ("sunset", geometry.light.sunsets)):
        for instant in instants:
            if low <= instant < high:
                moment = production.start + timedelta(minutes=instant)
                marks.append(MomentMark(left=f"{scale.at(moment):.3f}%", kind=kind, text=f"{kind} {moment:%H:%M:%S}"))
    return sorted(marks, key=lambda mark: float(mark.left[:-1]))


def _minutes(origin: datetime, moment: datetime) -> float:
    return (moment - origin).total_seconds() / 60


def _spans_in(spans: tuple[Interval, ...], origin: datetime, start: datetime, end: datetime) -> list[Interval]:
    low, high = _minutes(origin, start), _minutes(origin, end)
    return [span for span in spans if span.end > low and span.start < high]


def _clock(origin: datetime, minute: float) -> str:
    return f"{origin + timedelta(minutes=minute):%H:%M}"


# --- the call sheet ---------------------------------------------------------------------------------------


def shoot_orbit_notes(production: Production, scene: Scene, start: datetime, end: datetime) -> list[str]:
    """For a shoot of an orbit-aware scene, when the crew must be at the window: the pass over its place with
    the ground's light ("Moscow in view 10:41–10:47, ground lit"), the pass of its live link ("TsUP link
    14:02–14:10"), its sunrise or sunset ("sunrise 06:12:30"). Empty for any other scene."""
    if not (scene.over_id or scene.link_id or scene.moment):
        return []
    geometry = production_geometry(production)
    if geometry is None:
        return []
    origin = production.start
    shoot = Interval(int(_minutes(origin, start)), int(_minutes(origin, end)))
    notes = []
    if scene.over_id:
        passes, span = _pass_over(geometry, scene.over, shoot)
        if span is not None:
            grounds = {ground for ground, piece in ground_pieces(passes, shoot)}
            ground = GROUND_WORDS[grounds.pop()] if len(grounds) == 1 else "ground light changing"
            notes.append(f"{scene.over.name or scene.over.code} in view {_clock(origin, span.start)}–{_clock(origin, span.end)}, {ground}")
    if scene.link_id:
        _, span = _pass_over(geometry, scene.link, shoot)
        if span is not None:
            notes.append(f"{scene.link.name or scene.link.code} link {_clock(origin, span.start)}–{_clock(origin, span.end)}")
    if scene.moment:
        light = geometry.light
        instants = light.sunrises if scene.moment == MOMENT_SUNRISE else light.sunsets
        notes.extend(
            f"{scene.moment} {origin + timedelta(minutes=instant):%H:%M:%S}" for instant in instants if shoot.start <= instant <= shoot.end
        )
    return notes


def _pass_over(geometry: OrbitGeometry, place: Place, shoot: Interval) -> tuple[PlaceGeometry | None, Interval | None]:
    """The place's pass the shoot lies in (the first it overlaps), if any."""
    passes = geometry.places.get(place.code)
    if passes is None:
        return None, None
    return passes, next((span for span in passes.in_view if span.start < shoot.end and shoot.start < span.end), None)
