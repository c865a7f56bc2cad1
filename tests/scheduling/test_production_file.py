"""Each kind of bad production file is refused whole, with a message naming the offending path."""

import copy
import json

import pytest

from scheduling.production_file import (
    ProductionFileError,
    production_document_check,
    production_document_dump,
    production_file_parse,
)


def errors_of(document) -> list[str]:
    with pytest.raises(ProductionFileError) as caught:
        production_document_check(document)
    return caught.value.lines()


def test_valid_file_is_normalised_with_every_key(small_document):
    del small_document["scenes"][2]["light"]
    del small_document["modules"][1]["closed"]
    small_document["production"]["start"] = "2021-10-05T18:00:00+02:00"
    document = production_document_check(small_document)
    assert document["scenes"][2]["light"] == "any"
    assert document["modules"][1]["closed"] == []
    assert document["production"]["start"] == "2021-10-05T16:00:00Z"


def test_unknown_person_is_named_by_path(small_document):
    small_document["scenes"][1]["people"] = ["shipenko", "peresil"]
    assert errors_of(small_document) == ['scenes[1].people[1]: unknown person "peresil"']


def test_unknown_module_is_named_by_path(small_document):
    small_document["scenes"][0]["modules"] = ["nauka"]
    errors = errors_of(small_document)
    assert 'scenes[0].modules[0]: unknown module "nauka"' in errors


def test_overlapping_free_windows_are_refused(small_document):
    small_document["people"][0]["free"][1]["start"] = "2021-10-05T20:00:00Z"
    assert errors_of(small_document) == ["people[0].free[1]: overlaps free window people[0].free[0]"]


def test_reversed_window_is_refused(small_document):
    small_document["people"][1]["free"][0] = {"start": "2021-10-06T21:00:00Z", "end": "2021-10-05T16:00:00Z"}
    assert errors_of(small_document) == [
        "people[1].free[0]: ends (2021-10-05T16:00:00Z) before or when it starts (2021-10-06T21:00:00Z)"
    ]


def test_reversed_filming_window_is_refused(small_document):
    small_document["production"]["end"] = "2021-10-04T00:00:00Z"
    assert any(error.startswith("production: filming window ends") for error in errors_of(small_document))


def test_pin_outside_its_scenes_modules_is_refused(small_document):
    small_document["pinned"][0]["module"] = "poisk"
    assert errors_of(small_document) == [
        "pinned[0].module: \"poisk\" is not among scene 001's modules (zvezda)"
    ]


def test_pin_past_the_filming_window_is_refused(small_document):
    small_document["pinned"][0]["start"] = "2021-10-07T15:30:00Z"
    assert errors_of(small_document) == [
        "pinned[0].start: the 60-minute shoot from 2021-10-07T15:30:00Z does not lie inside the filming window"
    ]


def test_cycle_in_after_is_refused(small_document):
    small_document["scenes"][0]["after"] = ["002"]
    errors = errors_of(small_document)
    assert len(errors) == 1 and "cycle in after" in errors[0] and "001" in errors[0] and "002" in errors[0]


def test_scene_after_itself_is_refused(small_document):
    small_document["scenes"][2]["after"] = ["003"]
    assert 'scenes[2].after: scene "003" cannot come after itself' in errors_of(small_document)


def test_wrong_format_tag_is_refused(small_document):
    small_document["format"] = "orbitfilm/production@2"
    assert errors_of(small_document) == ['format: must be "orbitfilm/production@1", got "orbitfilm/production@2"']


def test_malformed_json_names_line_and_column():
    with pytest.raises(ProductionFileError) as caught:
        production_file_parse(b'{"format": "orbitfilm/production@1",\n "production": }', filename="x.json")
    assert caught.value.lines() == ["file: malformed JSON: line 2 column 16: Expecting value"]


def test_malformed_yaml_names_line():
    with pytest.raises(ProductionFileError) as caught:
        production_file_parse("format: [unclosed\nproduction: x\n", filename="x.yaml")
    assert caught.value.lines()[0].startswith("file: malformed YAML: line")


def test_time_without_offset_or_off_the_minute_is_refused(small_document):
    small_document["scenes"][1]["earliest"] = "2021-10-06T00:00:00"
    small_document["scenes"][1]["latest"] = "2021-10-06T10:00:30Z"
    errors = errors_of(small_document)
    assert "scenes[1].earliest: time '2021-10-06T00:00:00' has no UTC offset (write it like 2021-10-05T16:00:00Z)" in errors
    assert "scenes[1].latest: time '2021-10-06T10:00:30Z' is not on a whole minute" in errors


def test_light_scene_needs_a_tle(small_document):
    small_document["scenes"][2]["light"] = "day"
    assert errors_of(small_document) == ["scenes[2].light: \"day\" needs the station's orbit: production.tle is missing"]


def test_bad_tle_is_refused(small_document):
    small_document["production"]["tle"] = ["1 garbage", "2 garbage"]
    assert errors_of(small_document)[0].startswith("production.tle: not a valid two-line element set")


def test_unknown_and_missing_keys_are_reported(small_document):
    small_document["scenes"][0]["peple"] = []
    del small_document["scenes"][0]["minutes"]
    errors = errors_of(small_document)
    assert "scenes[0].peple: unknown key" in errors
    assert "scenes[0].minutes: is required" in errors


def test_duplicate_codes_are_refused(small_document):
    small_document["people"].append(copy.deepcopy(small_document["people"][0]))
    assert 'people[2].code: duplicate person code "peresild" (first at people[0].code)' in errors_of(small_document)


def test_every_error_is_reported_at_once(small_document):
    small_document["scenes"][0]["minutes"] = 0
    small_document["scenes"][1]["priority"] = -3
    small_document["modules"][0]["capacity"] = "five"
    assert len(errors_of(small_document)) == 3


def test_yaml_and_json_give_the_same_document(small_document):
    as_yaml = production_document_dump(production_document_check(small_document), fmt="yaml")
    as_json = json.dumps(small_document)
    assert production_file_parse(as_yaml, filename="f.yaml") == production_file_parse(as_json, filename="f.json")


def test_demo_file_is_valid(demo_document):
    document = production_document_check(demo_document)
    assert 25 <= len(document["scenes"]) <= 40
    assert {person["code"] for person in document["people"]} == {
        "peresild", "shipenko", "shkaplerov", "novitskiy", "dubrov"
    }
