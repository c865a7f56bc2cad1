"""The production file, mapped to minutes from its start."""

from __future__ import annotations

import copy

import pytest

from scheduling.solver.mapping import problem_from_document
from scheduling.solver.problem import Event, Interval, Pin

DOCUMENT = {
    "format": "orbitfilm/production@1",
    "production": {"code": "challenge", "title": "Challenge", "station": "ISS",
                   "start": "2021-10-05T16:00:00Z", "end": "2021-10-06T16:00:00+00:00", "tle": None},
    "modules": [
        {"code": "zvezda", "name": "Zvezda", "segment": "ROS", "capacity": 5, "window": True,
         "closed": [{"start": "2021-10-05T15:00:00Z", "end": "2021-10-05T17:00:00Z", "reason": "cargo"}]},
        {"code": "poisk", "name": "Poisk", "segment": "ROS", "capacity": 2},
    ],
    "people": [
        {"code": "peresild", "name": "Yulia Peresild", "role": "actor", "max_minutes_per_day": 300,
         "free": [{"start": "2021-10-05T18:00:00Z", "end": "2021-10-05T21:00:00Z"},
                  {"start": "2021-10-06T15:00:00Z", "end": "2021-10-06T18:00:00Z"},
                  {"start": "2021-10-07T08:00:00Z", "end": "2021-10-07T10:00:00Z"}]},
        {"code": "shipenko", "name": "Klim Shipenko", "role": "director"},
    ],
    "events": [
        {"code": "ms18-test", "title": "Soyuz MS-18 thruster test", "start": "2021-10-05T20:00:00Z",
         "end": "2021-10-05T20:30:00Z", "people": "all", "modules": ["zvezda"]},
        {"code": "old", "title": "Before the shoot", "start": "2021-10-04T20:00:00Z", "end": "2021-10-04T21:00:00Z"},
    ],
    "scenes": [
        {"code": "001", "title": "Arrival", "minutes": 60, "people": ["peresild", "shipenko"], "modules": ["zvezda"],
         "priority": 10, "required": True, "earliest": "2021-10-05T18:00:00Z", "latest": "2021-10-06T12:00:00Z",
         "after": [], "light": "night", "window": True},
        {"code": "002", "title": "Examination", "minutes": 90, "people": ["peresild"], "modules": ["poisk", "zvezda"],
         "after": ["001"]},
    ],
    "pinned": [{"scene": "001", "start": "2021-10-05T19:30:00Z", "module": "zvezda"}],
}


@pytest.fixture
def document() -> dict:
    return copy.deepcopy(DOCUMENT)


def test_times_become_minutes_from_the_production_start(document):
    problem = problem_from_document(document)
    assert problem.origin.isoformat() == "2021-10-05T16:00:00+00:00"
    assert problem.horizon == 1440
    assert problem.pins == (Pin(scene="001", start=210, module="zvezda"),)
    assert (problem.scene("001").earliest, problem.scene("001").latest) == (120, 1200)


def test_spans_are_clipped_to_the_filming_window_and_dropped_outside_it(document):
    problem = problem_from_document(document)
    assert problem.person("peresild").free == (Interval(120, 300), Interval(1380, 1440))
    assert problem.module("zvezda").closed == (Interval(0, 60),)
    assert problem.events == (Event("ms18-test", Interval(240, 270), people=None, modules=("zvezda",), title="Soyuz MS-18 thruster test"),)


def test_missing_optional_keys_take_the_spec_defaults(document):
    problem = problem_from_document(document)
    poisk, shipenko, examination = problem.module("poisk"), problem.person("shipenko"), problem.scene("002")
    assert (poisk.window, poisk.closed) == (False, ())
    assert (shipenko.free, shipenko.max_minutes_per_day) == ((), None)
    assert (examination.priority, examination.required, examination.light, examination.window) == (1, False, "any", False)
    assert (examination.earliest, examination.latest, examination.after) == (None, None, ("001",))


def test_light_is_computed_only_when_the_station_has_elements(document, iss_tle):
    assert problem_from_document(document).light is None
    document["production"]["tle"] = list(iss_tle)
    problem = problem_from_document(document)
    assert problem.tle == iss_tle
    covered = sum(span.length for span in (*problem.light.day, *problem.light.night))
    assert 1440 - len(problem.light.day) - len(problem.light.night) < covered < 1440 and 14 <= len(problem.light.night) <= 17


def test_the_orbit_geometry_is_computed_once_with_the_light_for_the_places_scenes_name(iss_tle):
    document = copy.deepcopy(DOCUMENT)
    document["production"]["tle"] = list(iss_tle)
    document["places"] = [
        {"code": "moscow", "name": "Moscow", "lat": 55.7558, "lon": 37.6173, "min_elevation": 10},
        {"code": "tsup", "lat": 55.9125, "lon": 37.8103, "min_elevation": 5},
        {"code": "unused", "lat": 0, "lon": 0},
    ]
    document["scenes"][1].update(over="moscow", ground="day", link="tsup", moment="sunrise")
    problem = problem_from_document(document)
    assert problem.light == problem.geometry.light.light
    assert set(problem.geometry.places) == {"moscow", "tsup"}
    assert problem.geometry.places["tsup"].in_view  # the station passes over Korolyov within the day
    assert 14 <= len(problem.geometry.light.sunrises) <= 17
    scene = problem.scene("002")
    assert (scene.over, scene.ground, scene.link, scene.moment) == ("moscow", "day", "tsup", "sunrise")
