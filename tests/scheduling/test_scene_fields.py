"""A scene is defined once: for every field of `SCENE_FIELDS`, the production-file checker, the API and the
web form accept and refuse the same values, and every other view of a scene (the solver's, the database's)
carries every field. Nothing here lists the fields by hand: add a field to the definition and these tests
probe it too."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from scheduling.models import SCENE_LINKS, Scene
from scheduling.production_file import ProductionFileError, production_document_check
from scheduling.scene_fields import SCENE_FIELDS, SceneField
from scheduling.services import production_import
from scheduling.solver.problem import Scene as SolverScene

ISS_TLE = [
    "1 25544U 98067A   21278.52661806  .00000800  00000-0  20684-4 0  9995",
    "2 25544  51.6442  13.1247 0008036  23.6079 336.5377 15.48861704303602",
]
SCENE = 2  # the small document's scene "003", the one every probe changes
PLACES = [{"code": "moscow", "name": "Moscow", "lat": 55.7558, "lon": 37.6173, "min_elevation": 10}]
ELEMENTS = [
    {"code": "cam-a", "name": "Cinema camera A", "category": "equipment", "quantity": 1},
    {"code": "scalpel", "name": "Scalpel", "category": "props", "quantity": None},
]


def _with_additions(document: dict) -> dict:
    """The small document with an orbit, a place and two elements, so that every field has something to name."""
    document["production"]["tle"] = ISS_TLE
    document["places"] = copy.deepcopy(PLACES)
    document["elements"] = copy.deepcopy(ELEMENTS)
    document["scenes"][SCENE]["over"] = PLACES[0]["code"]  # so that its ground light may be asked for too
    return document


def _probes(field: SceneField, document: dict) -> list[tuple[object, bool]]:
    """(value as a file writes it, whether the format allows it) for one field, from its kind and limits."""
    if field.kind == "code":
        return [("S9", True), ("Ω7", True), ("", False), ("a/b", False), ("x" * (field.maximum + 1), False),
                ("ab\u202ecd", False), (" 003", False)]
    if field.kind == "text":
        return [("", True), ("x" * field.maximum, True), ("x" * (field.maximum + 1), False)]
    if field.kind == "whole":
        return [(1, True), (7, True), (field.maximum, True), (0, False), (-3, False), (field.maximum + 1, False)]
    if field.kind == "flag":
        return [(True, True), (False, True)]
    if field.kind == "time":
        return [("2021-10-06T08:00:00Z", True), ("2021-10-06T08:00:30Z", False), ("tomorrow", False)]
    if field.kind == "choice":
        return [*((value, True) for value in field.values), ("dusk", False)]
    if field.kind == "script":
        return [({"number": "7", "heading": "INT. NAUKA - NIGHT", "eighths": 11}, True), (None, True),
                ({"number": "12A", "heading": None, "eighths": None}, True), ({"number": "1" * 17}, False),
                ({"eighths": 0}, False)]
    known = {
        "person": [person["code"] for person in document["people"]],
        "module": [module["code"] for module in document["modules"]],
        "scene": [scene["code"] for scene in document["scenes"] if scene["code"] != document["scenes"][SCENE]["code"]],
        "element": [element["code"] for element in document["elements"]],
        "place": [place["code"] for place in document["places"]],
    }[field.refers_to]
    if field.kind == "ref":
        return [(known[0], True), (None, True), ("nowhere", False)]
    if field.kind == "counts":
        limited = next(e for e in document["elements"] if e["quantity"])
        unlimited = next(e for e in document["elements"] if not e["quantity"])
        return [([{"element": limited["code"], "count": limited["quantity"]}], True), ([], True),
                ([{"element": unlimited["code"], "count": 40}], True),
                ([{"element": limited["code"], "count": limited["quantity"] + 1}], False),
                ([{"element": "nothing", "count": 1}], False), ([{"element": limited["code"], "count": -1}], False)]
    return [([known[0]], True), ([], not field.at_least_one), (["nobody"], False), ([known[0], known[0]], False)]


def _cases() -> list:
    from tests.conftest import small_document_data

    document = _with_additions(small_document_data())
    return [
        pytest.param(field, value, allowed, id=f"{field.name}={str(value)[:20]!r}")
        for field in SCENE_FIELDS for value, allowed in _probes(field, document)
    ]


@pytest.fixture
def document(small_document) -> dict:
    return _with_additions(small_document)


def _checker_allows(document: dict, field: SceneField, value) -> bool:
    changed = copy.deepcopy(document)
    changed["scenes"][SCENE][field.name] = value
    try:
        production_document_check(changed)
    except ProductionFileError:
        return False
    return True


def _api_allows(director, field: SceneField, value) -> bool:
    client = APIClient()
    client.force_login(director)
    with transaction.atomic():
        response = client.patch("/api/productions/tiny/scenes/003/", {field.name: value}, format="json")
        transaction.set_rollback(True)
    assert response.status_code in (200, 400), response.content[:300]
    return response.status_code == 200


def _form_data(field: SceneField, value) -> dict:
    """The inputs the browser posts for one field's value (an unticked box, no choice: nothing)."""
    if field.kind == "flag":
        return {field.name: "on"} if value else {}
    if field.kind == "codes":
        return {field.name: list(value)} if value else {}
    if field.kind == "time":
        return {field.name: value.removesuffix("Z")} if value else {}
    if field.kind == "counts":
        return {f"{field.name}-{item['element']}": str(item["count"]) for item in value}
    if field.kind == "script":
        parts = [(value or {}).get(key) for key in ("number", "heading", "eighths")]
        return {f"{field.name}_{index}": "" if part is None else str(part) for index, part in enumerate(parts)}
    return {field.name: "" if value is None else str(value)}


def _form_allows(client, document: dict, field: SceneField, value) -> bool:
    entry = dict(document["scenes"][SCENE], **{field.name: value})
    data = {}
    for each in SCENE_FIELDS:
        data.update(_form_data(each, entry.get(each.name, each.empty)))
    scene = Scene.objects.get(production__code="tiny", code="003")
    with transaction.atomic():
        response = client.post(reverse("web:scene_edit", args=["tiny", scene.pk]), data)
        transaction.set_rollback(True)
    assert response.status_code in (302, 400), response.content[:300]
    return response.status_code == 302


@pytest.mark.parametrize("field, value, allowed", _cases())
def test_file_api_and_form_accept_and_refuse_the_same_values(field, value, allowed, document, director, client, monkeypatch):
    # The file's rules, compared: the form and the API also refuse scenes that can never be shot (a 2^31-minute
    # scene is well formed), which tests/scheduling/test_scene_checks.py covers.
    monkeypatch.setattr("scheduling.services.scene_check", lambda *args, **kwargs: None)
    production_import(document=production_document_check(copy.deepcopy(document)), director=director)
    client.force_login(director)
    verdicts = {
        "file": _checker_allows(document, field, value),
        "api": _api_allows(director, field, value),
        "form": _form_allows(client, document, field, value),
    }
    assert verdicts == dict.fromkeys(verdicts, allowed)


def test_the_solver_scene_has_every_field_of_the_definition():
    assert {f.name for f in dataclasses.fields(SolverScene)} == {field.name for field in SCENE_FIELDS if field.solver}


def test_every_field_is_stored_as_a_column_or_a_link():
    columns = {model_field.name for model_field in Scene._meta.get_fields()}
    for field in SCENE_FIELDS:
        if field.kind in ("codes", "counts"):
            assert field.name in SCENE_LINKS, field.name
        else:
            assert field.name in columns, field.name
