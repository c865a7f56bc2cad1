"""Scenes, pins and shot marks over the API: edited as production-file entries, checked by the file's rules."""

import pytest

from scheduling.models import Pin, Scene

pytestmark = pytest.mark.django_db

SCENES = "/api/productions/tiny/scenes/"

NEW_SCENE = {
    "code": "004", "title": "Spacewalk view", "minutes": 45, "people": ["peresild"], "modules": ["zvezda"],
    "priority": 3, "required": False, "earliest": None, "latest": None, "after": ["001"], "light": "any",
    "window": True,
}


def scene_codes(response) -> list[str]:
    return [scene["code"] for scene in response.json()["results"]]


def test_the_director_lists_scenes_in_stripboard_order_with_their_state(client_for, director, published):
    response = client_for(director).get(SCENES)
    assert response.status_code == 200
    scenes = response.json()["results"]
    assert [scene["code"] for scene in scenes] == ["001", "002", "003"]
    arrival = scenes[0]
    assert arrival["people"] == ["peresild", "shipenko"] and arrival["after"] == []
    assert arrival["pin"] == {"scene": "001", "start": "2021-10-05T17:00:00Z", "module": "zvezda"}
    assert arrival["shoot"] == {"start": "2021-10-05T17:00:00Z", "end": "2021-10-05T18:00:00Z", "module": "zvezda", "version": 1}
    assert scenes[1]["after"] == ["001"] and scenes[1]["pin"] is None


@pytest.mark.parametrize(
    "query, expected",
    [
        ("person=shipenko", ["001", "003"]),
        ("module=poisk", ["002"]),
        ("required=true", ["001"]),
        ("light=any", ["001", "002", "003"]),
        ("pinned=true", ["001"]),
        ("pinned=false", ["002", "003"]),
        ("scheduled=true", ["001", "002", "003"]),
        ("scheduled=false", []),
        ("shot=false", ["001", "002", "003"]),
        ("person=shipenko&module=zvezda&required=false", ["003"]),
    ],
)
def test_scenes_filter(client_for, director, published, query, expected):
    assert scene_codes(client_for(director).get(f"{SCENES}?{query}")) == expected


def test_listing_scenes_takes_the_same_number_of_queries_however_many_there_are(client_for, director, published, django_assert_max_num_queries):
    client = client_for(director)
    for index in range(20):
        client.post(SCENES, {**NEW_SCENE, "code": f"1{index:02d}", "after": []}, format="json")
    with django_assert_max_num_queries(12):
        assert client.get(f"{SCENES}?page_size=100").json()["count"] == 23


def test_nothing_is_scheduled_before_a_version_is_published(client_for, director, production):
    assert scene_codes(client_for(director).get(f"{SCENES}?scheduled=true")) == []


def test_a_bad_filter_value_is_400(client_for, director, production):
    response = client_for(director).get(f"{SCENES}?light=dusk")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("light: Select a valid choice.")


def test_scenes_come_in_pages(client_for, director, production):
    response = client_for(director).get(f"{SCENES}?page_size=2&page=2")
    assert response.json()["count"] == 3 and scene_codes(response) == ["003"]


def test_the_director_adds_a_scene(client_for, director, production):
    response = client_for(director).post(SCENES, NEW_SCENE, format="json")
    assert response.status_code == 201
    assert {key: response.json()[key] for key in NEW_SCENE} == NEW_SCENE
    assert Scene.objects.get(code="004").position == 3


def test_a_bad_scene_is_400_with_paths_relative_to_the_scene_and_nothing_written(client_for, director, production):
    bad = {**NEW_SCENE, "people": ["peresild", "peresil"], "minutes": -5, "light": "dusk", "after": ["009"]}
    response = client_for(director).post(SCENES, bad, format="json")
    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == sorted([
        "minutes: must be a positive whole number, got -5",
        'people[1]: unknown person "peresil"',
        'after[0]: unknown scene "009"',
        'light: must be "any", "day" or "night", got "dusk"',
    ])
    assert not Scene.objects.filter(code="004").exists()


def test_a_duplicate_scene_code_is_400(client_for, director, production):
    response = client_for(director).post(SCENES, {**NEW_SCENE, "code": "001"}, format="json")
    assert response.status_code == 400
    assert 'duplicate scene code "001"' in response.json()["errors"][0]


def test_a_body_that_is_not_an_object_is_400(client_for, director, production):
    response = client_for(director).post(SCENES, ["001"], format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": ["body: must be a JSON object (a production-file scene), got list"]}


def test_the_director_replaces_a_scene_and_its_get_body_round_trips(client_for, director, published):
    client = client_for(director)
    body = client.get(f"{SCENES}003/").json()
    body.update(title="Window, again", minutes=40)
    response = client.put(f"{SCENES}003/", body, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Window, again" and response.json()["minutes"] == 40


def test_put_without_a_code_keeps_the_scene_code(client_for, director, production):
    body = {key: value for key, value in NEW_SCENE.items() if key not in ("code", "after")}
    response = client_for(director).put(f"{SCENES}003/", body, format="json")
    assert response.status_code == 200 and response.json()["code"] == "003"


def test_renaming_a_scene_follows_it_in_after_lists_and_pins(client_for, director, production):
    response = client_for(director).patch(f"{SCENES}001/", {"code": "001A"}, format="json")
    assert response.status_code == 200 and response.json()["code"] == "001A"
    assert client_for(director).get(f"{SCENES}002/").json()["after"] == ["001A"]
    assert Pin.objects.get().scene.code == "001A"


def test_patch_changes_only_the_given_fields(client_for, director, production):
    response = client_for(director).patch(f"{SCENES}002/", {"priority": 9}, format="json")
    assert response.status_code == 200
    assert response.json()["priority"] == 9 and response.json()["after"] == ["001"] and response.json()["minutes"] == 90


def test_patch_errors_name_the_field(client_for, director, production):
    response = client_for(director).patch(f"{SCENES}002/", {"modules": ["zvezda", "nauka"], "after": None}, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": ['modules[1]: unknown module "nauka"']}


def test_deleting_a_scene_another_comes_after_is_409(client_for, director, production):
    response = client_for(director).delete(f"{SCENES}001/")
    assert response.status_code == 409
    assert response.json() == {
        "errors": ['scene 001 cannot be deleted: scenes 002 come after it; take it out of their "after" first']
    }


def test_the_director_deletes_a_scene(client_for, director, published):
    assert client_for(director).delete(f"{SCENES}003/").status_code == 204
    assert not Scene.objects.filter(code="003").exists()


def test_an_unknown_scene_is_404(client_for, director, production):
    response = client_for(director).get(f"{SCENES}999/")
    assert response.status_code == 404
    assert response.json() == {"errors": ['no scene "999" in production tiny']}


@pytest.mark.parametrize("role", ["other_director", "station_operator", "viewer"])
def test_others_cannot_read_the_scenes(request, client_for, role, production):
    client = client_for(request.getfixturevalue(role))
    assert client.get(SCENES).status_code == 404
    assert client.get(f"{SCENES}001/").status_code == 404


def test_another_director_cannot_change_the_scenes(client_for, other_director, production):
    client = client_for(other_director)
    assert client.post(SCENES, NEW_SCENE, format="json").status_code == 404
    assert client.patch(f"{SCENES}002/", {"priority": 9}, format="json").status_code == 404
    assert client.delete(f"{SCENES}003/").status_code == 404
    assert client.put(f"{SCENES}003/pin/", {"start": "2021-10-05T18:00:00Z", "module": "zvezda"}, format="json").status_code == 404
    assert Scene.objects.get(code="002").priority == 5


@pytest.mark.parametrize("role", ["station_operator", "viewer"])
def test_users_without_scene_permissions_are_refused_writes_with_403(request, client_for, role, production):
    client = client_for(request.getfixturevalue(role))
    assert client.post(SCENES, NEW_SCENE, format="json").status_code == 403
    assert client.put(f"{SCENES}003/", NEW_SCENE, format="json").status_code == 403
    assert client.patch(f"{SCENES}003/", {"priority": 9}, format="json").status_code == 403
    assert client.delete(f"{SCENES}003/").status_code == 403
    assert client.put(f"{SCENES}003/pin/", {"start": "2021-10-05T19:00:00Z", "module": "zvezda"}, format="json").status_code == 403
    assert client.delete(f"{SCENES}001/pin/").status_code == 403
    assert client.post(f"{SCENES}003/shot/").status_code == 403
    assert client.delete(f"{SCENES}003/shot/").status_code == 403
    assert Scene.objects.count() == 3 and Pin.objects.count() == 1


# --- pins ------------------------------------------------------------------------------------------------


def test_the_director_pins_a_scene(client_for, director, production):
    response = client_for(director).put(f"{SCENES}003/pin/", {"start": "2021-10-05T19:00:00Z", "module": "zvezda"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"scene": "003", "start": "2021-10-05T19:00:00Z", "module": "zvezda"}
    assert client_for(director).get(f"{SCENES}003/").json()["pin"]["start"] == "2021-10-05T19:00:00Z"


def test_a_pin_outside_the_scenes_modules_or_window_is_400(client_for, director, production):
    client = client_for(director)
    response = client.put(f"{SCENES}003/pin/", {"start": "2021-10-09T19:00:00Z", "module": "poisk"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "module: \"poisk\" is not among scene 003's modules (zvezda)",
        "start: the 30-minute shoot from 2021-10-09T19:00:00Z does not lie inside the filming window",
    ]
    assert not Pin.objects.filter(scene__code="003").exists()


def test_a_pin_needs_a_whole_minute_with_an_offset(client_for, director, production):
    response = client_for(director).put(f"{SCENES}003/pin/", {"start": "2021-10-05T19:00:30", "module": "zvezda"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("start: time '2021-10-05T19:00:30' has no UTC offset")


def test_the_director_unpins_a_scene(client_for, director, production):
    assert client_for(director).delete(f"{SCENES}001/pin/").status_code == 204
    assert not Pin.objects.exists()


# --- shot marks ------------------------------------------------------------------------------------------


def test_marking_shot_needs_a_published_shoot(client_for, director, production):
    response = client_for(director).post(f"{SCENES}002/shot/")
    assert response.status_code == 409
    assert response.json() == {"errors": ["scene 002 has no shoot in the current schedule to freeze"]}


def test_the_director_marks_a_scene_shot_and_not_shot(client_for, director, published):
    client = client_for(director)
    response = client.post(f"{SCENES}002/shot/")
    assert response.status_code == 200 and response.json()["shot"] is True
    assert client.get(f"{SCENES}?shot=true").json()["count"] == 1
    assert client.delete(f"{SCENES}002/shot/").json()["shot"] is False
