"""The spec's additions to `orbitfilm/production@1`: elements, casting, script, places and orbit-aware scenes,
each refused by path when wrong, and a production that uses them round-trips through export and import."""

from __future__ import annotations

import copy
import json

import pytest

from scheduling.production_file import ProductionFileError, production_document_check, production_document_dump
from scheduling.selectors import production_document
from scheduling.services import production_import

ISS_TLE = [
    "1 25544U 98067A   21278.52661806  .00000800  00000-0  20684-4 0  9995",
    "2 25544  51.6442  13.1247 0008036  23.6079 336.5377 15.48861704303602",
]


@pytest.fixture
def breakdown(small_document) -> dict:
    """The small document with every addition in use, as the spec writes them."""
    document = small_document
    document["production"]["tle"] = ISS_TLE
    document["elements"] = [
        {"code": "cam-a", "name": "Cinema camera A", "category": "equipment", "quantity": 1},
        {"code": "light-kit", "name": "LED light kit", "category": "equipment", "quantity": 2},
        {"code": "scalpel", "name": "Scalpel", "category": "props", "quantity": None},
    ]
    document["casting"] = [{"character": "ZHENYA", "person": "peresild"}, {"character": "ARTEM", "person": "shipenko"}]
    document["places"] = [
        {"code": "moscow", "name": "Moscow", "lat": 55.7558, "lon": 37.6173, "min_elevation": 10},
        {"code": "tsup", "name": "Mission Control Centre, Korolyov", "lat": 55.9125, "lon": 37.8103, "min_elevation": 5},
    ]
    first, second, third = document["scenes"]
    first["elements"] = [{"element": "cam-a", "count": 1}, {"element": "scalpel", "count": 1}]
    first["script"] = {"number": "7", "heading": "INT. NAUKA - NIGHT", "eighths": 11}
    second["link"] = "tsup"
    third.update(over="moscow", ground="day")
    second["moment"] = "sunrise"
    return document


def errors_of(document) -> list[str]:
    with pytest.raises(ProductionFileError) as caught:
        production_document_check(document)
    return caught.value.lines()


def test_a_file_using_every_addition_is_valid_and_keeps_them(breakdown):
    checked = production_document_check(breakdown)
    assert checked["elements"][2] == {"code": "scalpel", "name": "Scalpel", "category": "props", "quantity": None}
    assert checked["scenes"][0]["elements"] == [{"element": "cam-a", "count": 1}, {"element": "scalpel", "count": 1}]
    assert checked["scenes"][0]["script"] == {"number": "7", "heading": "INT. NAUKA - NIGHT", "eighths": 11}
    assert (checked["scenes"][2]["over"], checked["scenes"][2]["ground"]) == ("moscow", "day")
    assert checked["places"][0]["min_elevation"] == 10


def test_a_count_defaults_to_one_and_min_elevation_to_ten(breakdown):
    breakdown["scenes"][0]["elements"] = [{"element": "light-kit"}]
    del breakdown["places"][1]["min_elevation"]
    checked = production_document_check(breakdown)
    assert checked["scenes"][0]["elements"] == [{"element": "light-kit", "count": 1}]
    assert checked["places"][1]["min_elevation"] == 10


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["scenes"][0].update(elements=[{"element": "cam-b"}]),
     'scenes[0].elements[0].element: unknown element "cam-b"'),
    (lambda d: d["scenes"][0].update(elements=[{"element": "light-kit", "count": 3}]),
     'scenes[0].elements[0].count: 3 of "light-kit", but the production has 2'),
    (lambda d: d["scenes"][0].update(elements=[{"element": "scalpel"}, {"element": "scalpel"}]),
     'scenes[0].elements[1].element: element "scalpel" is listed twice'),
    (lambda d: d["casting"].append({"character": "zhenya", "person": "shipenko"}),
     'casting[2].character: "zhenya" is cast twice (first at casting[0])'),
    (lambda d: d["casting"].append({"character": "PATIENT", "person": "novitskiy"}),
     'casting[2].person: unknown person "novitskiy"'),
    (lambda d: d["scenes"][1].update(ground="night"),
     'scenes[1].ground: "night" is the light at the place the scene looks at: give "over" too'),
    (lambda d: d["places"][0].update(lat=91), "places[0].lat: must be from -90 to 90, got 91"),
    (lambda d: d["places"][0].update(lon=-180.5), "places[0].lon: must be from -180 to 180, got -180.5"),
    (lambda d: d["scenes"][1].update(link="baikonur"), 'scenes[1].link: unknown place "baikonur"'),
    (lambda d: d["scenes"][2].update(over="baikonur"), 'scenes[2].over: unknown place "baikonur"'),
    (lambda d: d["scenes"][1].update(moment="noon"), 'scenes[1].moment: must be "sunrise", "sunset" or null, got "noon"'),
    (lambda d: d["elements"][0].update(category="camera"),
     'elements[0].category: must be "props", "wardrobe", "makeup", "equipment", "vfx", "sound" or "other", got "camera"'),
    (lambda d: d["elements"][0].update(quantity=0), "elements[0].quantity: must be a positive whole number, got 0"),
    (lambda d: d["elements"].append({"code": "cam-a", "category": "equipment"}),
     'elements[3].code: duplicate element code "cam-a" (first at elements[0].code)'),
    (lambda d: d["scenes"][0].update(script={"number": "7", "eighths": 0}),
     "scenes[0].script.eighths: must be a positive whole number, got 0"),
])
def test_each_addition_error_is_named_by_path(breakdown, change, expected):
    change(breakdown)
    assert expected in errors_of(breakdown)


@pytest.mark.parametrize("key, value", [("over", "moscow"), ("link", "tsup"), ("moment", "sunset"), ("light", "day")])
def test_orbit_needs_the_tle(breakdown, key, value):
    breakdown["production"]["tle"] = None
    for scene in breakdown["scenes"]:
        scene.update(over=None, ground="any", link=None, moment=None, light="any")
    breakdown["scenes"][0][key] = value
    assert errors_of(breakdown) == [f'scenes[0].{key}: "{value}" needs the station\'s orbit: production.tle is missing']


def test_a_production_using_the_additions_round_trips(db, breakdown):
    checked = production_document_check(copy.deepcopy(breakdown))
    production_import(document=checked)
    exported = production_document(production=_production("tiny"))
    assert production_document_check(exported) == checked
    again = production_document_dump(exported)
    production_import(document=production_document_check(json.loads(again)), replace=True)
    assert production_document_dump(production_document(production=_production("tiny"))) == again


def test_a_production_without_additions_exports_none_of_their_keys(db, small_document):
    production_import(document=production_document_check(copy.deepcopy(small_document)))
    exported = production_document(production=_production("tiny"))
    assert set(exported) == {"format", "production", "modules", "people", "events", "scenes", "pinned"}
    assert all(set(scene) == {"code", "title", "minutes", "people", "modules", "priority", "required", "earliest",
                              "latest", "after", "light", "window"} for scene in exported["scenes"])


def _production(code):
    from scheduling.models import Production

    return Production.objects.get(code=code)
