"""A production's places over the API: edited as production-file entries, checked by the file's rules,
followed by the scenes that name them, and kept while scenes still use them."""

import pytest

from scheduling.models import Place, Scene

pytestmark = pytest.mark.django_db

PLACES = "/api/productions/tiny/places/"
ISS_TLE = (
    "1 25544U 98067A   21278.52661806  .00000800  00000-0  20684-4 0  9995",
    "2 25544  51.6442  13.1247 0008036  23.6079 336.5377 15.48861704303602",
)
MOSCOW = {"code": "moscow", "name": "Moscow", "lat": 55.7558, "lon": 37.6173, "min_elevation": 10}


@pytest.fixture
def moscow(client_for, director, production):
    production.tle_line1, production.tle_line2 = ISS_TLE  # scenes looking at a place need the orbit
    production.save()
    response = client_for(director).post(PLACES, MOSCOW, format="json")
    assert response.status_code == 201, response.json()
    return Place.objects.get(production=production, code="moscow")


def test_the_director_adds_a_place_and_lists_it(client_for, director, moscow):
    response = client_for(director).get(PLACES)
    assert response.status_code == 200
    assert response.json()["results"] == [MOSCOW]


def test_min_elevation_takes_the_spec_default(client_for, director, production):
    response = client_for(director).post(PLACES, {"code": "tsup", "lat": 55.9125, "lon": 37.8103}, format="json")
    assert response.status_code == 201
    assert response.json()["min_elevation"] == 10


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lat": 91}, "lat: must be from -90 to 90, got 91"),
        ({"lon": -181}, "lon: must be from -180 to 180, got -181"),
        ({"lat": "north"}, 'lat: must be a number, got "north"'),
        ({"code": "red square"}, 'code: "red square" may hold only letters, digits, "-" and "_" (at most 64)'),
        ({"height": 3}, "height: unknown key"),
    ],
)
def test_a_place_breaking_the_file_rules_is_refused_by_path(client_for, director, production, change, message):
    response = client_for(director).post(PLACES, {**MOSCOW, **change}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [message]
    assert not Place.objects.filter(production=production).exists()


def test_a_second_place_of_the_same_code_is_refused(client_for, director, moscow):
    response = client_for(director).post(PLACES, {**MOSCOW, "name": "Moscow again"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == ['code: duplicate place code "moscow" (first at places[0].code)']


def test_patch_changes_some_fields_and_put_replaces_the_place(client_for, director, moscow):
    client = client_for(director)
    patched = client.patch(PLACES + "moscow/", {"min_elevation": 20}, format="json")
    assert patched.status_code == 200 and patched.json() == {**MOSCOW, "min_elevation": 20}
    replaced = client.put(PLACES + "moscow/", {"lat": 55.75, "lon": 37.62}, format="json")
    assert replaced.json() == {"code": "moscow", "name": "", "lat": 55.75, "lon": 37.62, "min_elevation": 10}


def test_a_renamed_place_is_followed_by_the_scenes_that_name_it(client_for, director, production, moscow):
    client = client_for(director)
    scene = client.get("/api/productions/tiny/scenes/003/").json()
    assert client.put("/api/productions/tiny/scenes/003/", {**scene, "over": "moscow"}, format="json").status_code == 200
    assert client.patch(PLACES + "moscow/", {"code": "msk"}, format="json").status_code == 200
    assert client.get("/api/productions/tiny/scenes/003/").json()["over"] == "msk"
    assert client.get(PLACES + "moscow/").status_code == 404


def test_a_place_scenes_use_cannot_be_deleted(client_for, director, production, moscow):
    client = client_for(director)
    scene = client.get("/api/productions/tiny/scenes/002/").json()
    assert client.put("/api/productions/tiny/scenes/002/", {**scene, "link": "moscow"}, format="json").status_code == 200
    response = client.delete(PLACES + "moscow/")
    assert response.status_code == 409
    assert response.json()["errors"] == [
        'place moscow cannot be deleted: scenes 002 look at it or link to it; take it out of their "over" and "link" first'
    ]
    Scene.objects.filter(code="002").update(link=None)
    assert client.delete(PLACES + "moscow/").status_code == 204
    assert not Place.objects.exists()


def test_someone_elses_production_has_no_places_to_see(client_for, other_director, moscow):
    assert client_for(other_director).get(PLACES).status_code == 404


def test_a_reader_without_write_permission_cannot_add_places(client_for, viewer, production):
    production.director = viewer
    production.save()
    client = client_for(viewer)
    assert client.get(PLACES).status_code == 200
    assert client.post(PLACES, MOSCOW, format="json").status_code == 403
