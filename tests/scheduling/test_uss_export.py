"""USS export: the demo's breakdown and schedule in the shape the standard's samples have, every id reference
resolving, days as day breaks in shooting order, the cast numbered and linked to the crew who play it."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date, timedelta, timezone

import pytest
from django.core.management import call_command

from scheduling.production_file import production_document_check
from scheduling.uss import uss_parse, uss_read
from scheduling.uss.selectors import uss_export

from .uss import SAMPLE, STANDARD_SAMPLES, dumped, load, scheduled, standard_sample

pytestmark = pytest.mark.django_db

LISTS = ("breakdowns", "categories", "elements", "stripboards", "calendars")
# Keys the standard's full sample spells as its drafts did, and the 1.0.0 spelling the documentation gives.
DRAFT_SPELLINGS = {"doodDayCount": "dropDayCount", "breakdownArrays": "breakdownIds"}


@pytest.fixture
def challenge(demo_document, director):
    return scheduled(load(demo_document, director=director))


@pytest.fixture
def exported(challenge) -> dict:
    return uss_export(production=challenge)


def kind_of(value) -> str:
    """A JSON value's type as the standard's documentation names them (null fits any)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def shapes(document: dict) -> dict[str, dict[str, set[str]]]:
    """For each kind of object in a .uss document, each key with the JSON types its values have."""
    root = document["universalScheduleStandard"]
    found: dict[str, dict[str, set[str]]] = {}

    def note(kind: str, entry: dict) -> None:
        keys = found.setdefault(kind, {})
        for key, value in entry.items():
            keys.setdefault(DRAFT_SPELLINGS.get(key, key), set()).add(kind_of(value))

    note("header", {key: value for key, value in root.items() if key not in LISTS})
    for key in LISTS:
        for entry in root[key] or []:
            note(key, entry)
    for stripboard in root["stripboards"] or []:
        for board in stripboard["boards"]:
            note("boards", board)
    for calendar in root["calendars"] or []:
        for event in calendar["events"]:
            note("events", event)
    for element in root["elements"]:
        for event in element["events"] or []:
            note("events", event)
    return found


def assert_same_shape(ours: dict, reference: dict) -> None:
    """Every kind of object has the reference's keys, no others, each with a type the reference uses."""
    ours, reference = shapes(ours), shapes(reference)
    for kind, keys in reference.items():
        assert set(ours.get(kind, {})) == set(keys), kind
        for key, types in ours[kind].items():
            assert types - {"null"} <= keys[key] | {"null"} or keys[key] == {"null"}, (kind, key, types, keys[key])


def test_the_export_has_the_shape_of_our_sample(exported):
    assert_same_shape(exported, json.loads(SAMPLE.read_bytes()))


@pytest.mark.parametrize("path", STANDARD_SAMPLES)
def test_the_export_has_the_shape_of_the_standards_samples(exported, path):
    assert_same_shape(exported, json.loads(standard_sample(path)))


@pytest.mark.parametrize("path", STANDARD_SAMPLES)
def test_our_sample_has_the_shape_of_the_standards_samples(path):
    assert_same_shape(json.loads(SAMPLE.read_bytes()), json.loads(standard_sample(path)))


def test_every_reference_in_the_export_resolves(exported):
    root = exported["universalScheduleStandard"]
    assert root["ussVersion"] == "1.0.0" and root["source"] == "orbitfilm"
    every_id = [entry["id"] for key in LISTS for entry in root[key]]
    assert len(every_id) == len(set(every_id))
    categories = {category["id"] for category in root["categories"]}
    elements = {element["id"] for element in root["elements"]}
    assert all(element["category"] in categories for element in root["elements"])
    assert all(set(element["linkedElements"]) <= elements for element in root["elements"])
    assert all(set(breakdown["elements"]) <= elements for breakdown in root["breakdowns"])
    assert all(len(set(breakdown["elements"])) == len(breakdown["elements"]) for breakdown in root["breakdowns"])
    (stripboard,) = root["stripboards"]
    (calendar,) = root["calendars"]
    assert stripboard["calendar"] == calendar["id"]
    days, boneyard = (board["breakdownIds"] for board in stripboard["boards"])
    placed = [identifier for day in days for identifier in day] + boneyard
    assert Counter(placed) == Counter(breakdown["id"] for breakdown in root["breakdowns"])
    assert [event["type"] for event in calendar["events"]].count("start") == 1


def test_days_are_day_breaks_in_shooting_order_on_their_dates(challenge, exported):
    root = exported["universalScheduleStandard"]
    scenes = {breakdown["id"]: breakdown["scene"] for breakdown in root["breakdowns"]}
    days = root["stripboards"][0]["boards"][0]["breakdownIds"]
    shoots = challenge.schedule_versions.get().shoots.order_by("start", "scene__code")
    by_day: dict[date, list[str]] = {}
    for shoot in shoots.select_related("scene"):
        by_day.setdefault(shoot.start.astimezone(timezone.utc).date(), []).append(shoot.scene.code)
    assert [[scenes[identifier] for identifier in day] for day in days] == list(by_day.values())

    events = root["calendars"][0]["events"]
    start = date.fromisoformat(next(e["date"] for e in events if e["type"] == "start")[:10])
    off = {date.fromisoformat(e["date"][:10]) for e in events if e["type"] == "dayOff"}
    dated, day = [], start
    for _ in days:  # the standard dates each day break by counting on from the start, skipping days off
        while day in off:
            day += timedelta(days=1)
        dated.append(day)
        day += timedelta(days=1)
    assert dated == list(by_day)


def test_scenes_carry_length_cast_crew_modules_and_elements(demo_document, exported):
    root = exported["universalScheduleStandard"]
    elements = {element["id"]: element for element in root["elements"]}
    category = {entry["id"]: entry["ucid"] for entry in root["categories"]}
    breakdown = next(b for b in root["breakdowns"] if b["scene"] == "014")
    listed = [elements[identifier] for identifier in breakdown["elements"]]

    def names(ucid: int) -> list[str]:
        return [element["name"] for element in listed if category[element["category"]] == ucid]

    assert breakdown["description"] == "Surgery, part one: the incision" and breakdown["duration"] == 90 * 60_000
    assert breakdown["type"] == "scene" and breakdown["pages"] is None
    assert names(6) == ["Nauka Multipurpose Laboratory Module", "Zvezda Service Module"]
    assert names(500) == ["Yulia Peresild", "Klim Shipenko", "Oleg Novitskiy", "Anton Shkaplerov"]
    assert names(100) == ["ZHENYA", "ARTEM", "COMMANDER", "PATIENT"]
    assert names(119) == ["Cinema camera A (RED Komodo)"]
    assert names(104) == ["Scalpel and surgical instruments", "Heart monitor"]
    assert names(106) == ["Surgeon's scrubs"] and names(107) == ["Fake blood"]


def test_the_cast_is_numbered_as_the_casting_lists_it_and_linked_to_who_plays_it(demo_document, exported):
    root = exported["universalScheduleStandard"]
    cast_category = next(c["id"] for c in root["categories"] if c["ucid"] == 100)
    by_id = {element["id"]: element for element in root["elements"]}
    cast = [element for element in root["elements"] if element["category"] == cast_category]
    assert sorted((int(e["elementId"]), e["name"], by_id[e["linkedElements"][0]]["elementId"]) for e in cast) == [
        (number, entry["character"], entry["person"]) for number, entry in enumerate(demo_document["casting"], start=1)
    ]


def test_orbit_needs_the_standard_has_no_key_for_are_comments(exported):
    breakdowns = {b["scene"]: b for b in exported["universalScheduleStandard"]["breakdowns"]}
    assert breakdowns["019"]["comments"] == "Needs orbital night; an Earth-facing window."
    assert breakdowns["001"]["comments"] is None


def test_a_heading_becomes_int_ext_set_and_day_night_and_eighths_become_pages(demo_document, director):
    demo_document = json.loads(json.dumps(demo_document))
    demo_document["scenes"][0]["script"] = {"number": "1", "heading": "INT. ZVEZDA - NIGHT", "eighths": 11}
    production = load(demo_document, director=director)
    root = uss_export(production=production)["universalScheduleStandard"]
    elements = {element["id"]: element for element in root["elements"]}
    category = {entry["id"]: entry["name"] for entry in root["categories"]}
    breakdown = root["breakdowns"][0]
    assert breakdown["pages"] == 1.375
    assert [(category[elements[i]["category"]], elements[i]["name"]) for i in breakdown["elements"][:3]] == [
        ("INT/EXT", "INT"), ("Set", "ZVEZDA"), ("Day/Night", "NIGHT"),
    ]


def test_before_any_schedule_the_export_is_a_breakdown(demo_document, director):
    root = uss_export(production=load(demo_document, director=director))["universalScheduleStandard"]
    assert root["stripboards"] == [] and root["calendars"] == [] and root["schedDate"] is None
    assert len(root["breakdowns"]) == len(demo_document["scenes"])


def test_ids_are_stable_from_one_export_to_the_next(challenge, exported):
    again = uss_export(production=challenge)
    assert again == exported


def test_our_reader_accepts_our_exporter_output_and_our_sample(exported, demo_document, small_document):
    production = production_document_check(demo_document)
    parts = uss_read(dumped(exported), production=production)
    assert [scene.code for scene in parts.scenes] == [scene["code"] for scene in demo_document["scenes"]]
    small_document["casting"] = [{"character": "ZHENYA", "person": "peresild"}]
    parts = uss_read(SAMPLE.read_bytes(), production=production_document_check(small_document))
    assert [scene.code for scene in parts.scenes] == ["12A", "13"]


@pytest.mark.parametrize("path", STANDARD_SAMPLES)
def test_our_reader_accepts_the_standards_samples_as_uss_files(path):
    document = uss_parse(standard_sample(path))
    reference = json.loads(standard_sample(path))["universalScheduleStandard"]
    assert len(document.breakdowns) == len(reference["breakdowns"]) and len(document.elements) == len(reference["elements"])


def test_the_export_command_prints_the_document(challenge, exported):
    out = io.StringIO()
    call_command("export_uss", "challenge", "--version", "1", stdout=out)
    assert json.loads(out.getvalue()) == exported
