"""Hostile or huge input gets a fast, small, clear 4xx and writes nothing: what an attacker (or a broken tool)
would actually send to the import and scene endpoints."""

from __future__ import annotations

import copy
import json
import time

import pytest

from scheduling.models import Production, Scene
from scheduling.production_file import MAX_FAULTS, MAX_SCENES

IMPORT = "/api/productions/import/"
FAST = 10.0  # seconds: generous on a loaded machine, yet a hang or a blow-up is far beyond it
SMALL = 20_000  # bytes of error body


def _post_file(client, body: bytes, content_type: str):
    started = time.perf_counter()
    response = client.post(IMPORT, body, content_type=content_type)
    return response, time.perf_counter() - started


def _chain_document(small_document: dict, scenes: int, *, last_first: bool) -> dict:
    """A valid production whose scenes each come after the one before, a long `after` chain."""
    document = copy.deepcopy(small_document)
    document["production"]["code"] = "chain"
    document["pinned"] = []
    chain = [
        {"code": f"s{index:05d}", "minutes": 5, "people": ["shipenko"], "modules": ["poisk"],
         "after": [f"s{index - 1:05d}"] if index else []}
        for index in range(scenes)
    ]
    document["scenes"] = chain[::-1] if last_first else chain
    return document


def test_nested_yaml_aliases_are_refused_small_and_fast(client_for, director):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join(['*' + chr(97 + level)] * 10)}]\n" for level in range(8)
    )
    assert len(bomb) < 500
    response, seconds = _post_file(client_for(director), bomb.encode(), "application/yaml")
    assert response.status_code == 400
    assert len(response.content) < SMALL and seconds < FAST
    assert "aliases" in response.json()["errors"][0]
    assert not Production.objects.exists()


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_deeply_nested_json_import_is_refused_small_and_fast(client_for, director, opening, closing):
    body = (opening * 100_000 + "1" + closing * 100_000).encode()
    response, seconds = _post_file(client_for(director), body, "application/json")
    assert response.status_code == 400
    assert len(response.content) < SMALL and seconds < FAST
    assert response.json() == {"errors": ["file: nested more than 32 levels deep; a production file needs five"]}
    assert not Production.objects.exists()


def test_deeply_nested_scene_patch_is_refused_and_changes_nothing(client_for, director, production):
    body = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    started = time.perf_counter()
    response = client_for(director).patch("/api/productions/tiny/scenes/003/", body, content_type="application/json")
    assert response.status_code == 400
    assert len(response.content) < SMALL and time.perf_counter() - started < FAST
    assert "nested more than 32 levels deep" in response.json()["errors"][0]
    assert Scene.objects.get(production=production, code="003").title == "Window"


def test_a_long_after_chain_listed_last_first_imports_quickly(client_for, director, production, small_document):
    document = _chain_document(small_document, 3_000, last_first=True)  # on tiny's station, as tiny has it
    response, seconds = _post_file(client_for(director), json.dumps(document).encode(), "application/json")
    assert response.status_code == 201, response.content[:500]
    assert seconds < 60  # 3,000 scenes and 2,999 links written on a loaded machine; it used to fail after 117 s
    assert Scene.objects.filter(production__code="chain").count() == 3_000


def test_a_cycle_at_the_end_of_a_long_chain_is_found(client_for, director, small_document):
    document = _chain_document(small_document, 3_000, last_first=True)
    document["scenes"][-1]["after"] = ["s02999"]  # the first scene of the chain now comes after the last
    response, seconds = _post_file(client_for(director), json.dumps(document).encode(), "application/json")
    assert response.status_code == 400 and seconds < FAST
    (message,) = response.json()["errors"]
    assert message.startswith("scenes[0].after: cycle in after: ") or "cycle in after" in message
    assert not Production.objects.filter(code="chain").exists()


def test_more_scenes_than_a_production_may_have_are_refused(client_for, director, small_document):
    document = _chain_document(small_document, MAX_SCENES + 1, last_first=False)
    for scene in document["scenes"]:
        scene["after"] = []
    response, seconds = _post_file(client_for(director), json.dumps(document).encode(), "application/json")
    assert response.status_code == 400 and seconds < FAST
    assert response.json() == {"errors": [f"scenes: {MAX_SCENES + 1} scenes; a production may have at most {MAX_SCENES}"]}
    assert not Production.objects.filter(code="chain").exists()


def test_a_file_wrong_everywhere_gets_a_short_answer(client_for, director, small_document):
    document = _chain_document(small_document, 5_000, last_first=False)
    for scene in document["scenes"]:
        scene["people"] = ["nobody-" + "x" * 1_000]
        scene["after"] = []
    response, seconds = _post_file(client_for(director), json.dumps(document).encode(), "application/json")
    assert response.status_code == 400 and seconds < FAST
    errors = response.json()["errors"]
    assert len(errors) == MAX_FAULTS and errors[-1] == f"file: ... and {5_000 - MAX_FAULTS + 1} more problems"
    assert errors[0] == 'scenes[0].people[0]: unknown person "nobody-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (1007 characters)'
    assert len(response.content) < SMALL


@pytest.mark.parametrize("code, problem", [
    ("007\u202e", "U+202E"),  # right-to-left override: shows as something else than it is
    ("00\u00007", "U+0000"),
    ("../007", '"/"'),
    ("a\\b", '"\\"'),
    ("x" * 65, "1 to 64 characters"),
])
def test_scene_codes_that_hide_or_name_paths_are_refused(client_for, director, production, code, problem):
    response = client_for(director).patch("/api/productions/tiny/scenes/003/", {"code": code}, format="json")
    assert response.status_code == 400
    (message,) = response.json()["errors"]
    assert message.startswith("code: ") and problem in message
    assert Scene.objects.filter(production=production, code="003").exists()


@pytest.mark.parametrize("path, value, limit", [
    (("production", "title"), "t" * 301, 300),
    (("modules", 0, "name"), "n" * 201, 200),
    (("people", 0, "role"), "r" * 65, 64),
    (("events", 0, "title"), "e" * 301, 300),
])
def test_texts_longer_than_the_database_stores_are_refused(client_for, director, small_document, path, value, limit):
    target = small_document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    response, _ = _post_file(client_for(director), json.dumps(small_document).encode(), "application/json")
    assert response.status_code == 400
    (message,) = response.json()["errors"]
    assert message.endswith(f"must be at most {limit} characters, got {len(value)}")
    assert not Production.objects.exists()
