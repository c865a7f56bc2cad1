"""Elements and casting over the API: production-file entries, checked by the file's rules against the whole
production, refused with paths relative to the entry."""

import copy

import pytest

from scheduling.models import Casting, Element, Scene

from .conftest import import_production

pytestmark = pytest.mark.django_db

ELEMENTS = "/api/productions/tiny/elements/"
CASTING = "/api/productions/tiny/casting/"


@pytest.fixture
def broken_down(director, small_document):
    """"tiny" with a breakdown: a camera and two light kits (limited), a scalpel (tracked), and a casting."""
    document = copy.deepcopy(small_document)
    document["elements"] = [
        {"code": "cam-a", "name": "Camera A", "category": "equipment", "quantity": 1},
        {"code": "light-kit", "name": "LED light kit", "category": "equipment", "quantity": 2},
        {"code": "scalpel", "name": "Scalpel", "category": "props", "quantity": None},
    ]
    document["casting"] = [{"character": "ZHENYA", "person": "peresild"}, {"character": "ARTEM", "person": "shipenko"}]
    document["scenes"][0]["elements"] = [{"element": "cam-a", "count": 1}]
    document["scenes"][1]["elements"] = [{"element": "light-kit", "count": 2}, {"element": "scalpel", "count": 1}]
    return import_production(document, director=director)


def errors(response) -> list[str]:
    return response.json()["errors"]


def test_the_director_lists_elements_in_file_order_with_the_scenes_that_use_them(client_for, director, broken_down):
    response = client_for(director).get(ELEMENTS)
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"code": "cam-a", "name": "Camera A", "category": "equipment", "quantity": 1, "scenes": [{"scene": "001", "count": 1}]},
        {"code": "light-kit", "name": "LED light kit", "category": "equipment", "quantity": 2, "scenes": [{"scene": "002", "count": 2}]},
        {"code": "scalpel", "name": "Scalpel", "category": "props", "quantity": None, "scenes": [{"scene": "002", "count": 1}]},
    ]
    props = client_for(director).get(ELEMENTS + "?category=props").json()["results"]
    assert [element["code"] for element in props] == ["scalpel"]
    one = client_for(director).get(ELEMENTS + "light-kit/")
    assert one.status_code == 200 and one.json()["quantity"] == 2


def test_scenes_filter_by_element(client_for, director, broken_down):
    scenes = client_for(director).get("/api/productions/tiny/scenes/?element=scalpel").json()["results"]
    assert [scene["code"] for scene in scenes] == ["002"]


def test_the_director_adds_an_element_and_the_production_file_has_it(client_for, director, broken_down):
    client = client_for(director)
    response = client.post(ELEMENTS, {"code": "scrubs", "name": "Surgeon's scrubs", "category": "wardrobe"}, format="json")
    assert response.status_code == 201
    assert response.json() == {"code": "scrubs", "name": "Surgeon's scrubs", "category": "wardrobe", "quantity": None, "scenes": []}
    exported = client.get("/api/productions/tiny/file/").json()["elements"]
    assert [element["code"] for element in exported] == ["cam-a", "light-kit", "scalpel", "scrubs"]


@pytest.mark.parametrize("body, message", [
    ({"code": "fog", "category": "weather"},
     'category: must be "props", "wardrobe", "makeup", "equipment", "vfx", "sound" or "other", got "weather"'),
    ({"code": "cam-a", "category": "equipment"}, 'code: duplicate element code "cam-a" (first at elements[0].code)'),
    ({"code": "cam b"}, 'code: "cam b" may hold only letters, digits, "-" and "_" (at most 64)'),
    ({"code": "cam-b", "quantity": 0}, "quantity: must be a positive whole number, got 0"),
    ({"code": "cam-b", "colour": "red"}, "colour: unknown key"),
    ({"name": "No code"}, "code: is required"),
    (["cam-b"], "body: must be a JSON object (a production file's element), got list"),
])
def test_a_bad_element_is_refused_naming_its_path(client_for, director, broken_down, body, message):
    response = client_for(director).post(ELEMENTS, body, format="json")
    assert response.status_code == 400 and message in errors(response)
    assert Element.objects.filter(production=broken_down).count() == 3


def test_a_quantity_below_what_a_scene_uses_is_refused_naming_the_scene(client_for, director, broken_down):
    response = client_for(director).patch(ELEMENTS + "light-kit/", {"quantity": 1}, format="json")
    assert response.status_code == 400
    assert errors(response) == ['scenes[1].elements[0].count: 2 of "light-kit", but the production has 1']
    assert Element.objects.get(production=broken_down, code="light-kit").quantity == 2


def test_a_put_replaces_the_element_and_keeps_its_code_when_the_body_has_none(client_for, director, broken_down):
    response = client_for(director).put(ELEMENTS + "scalpel/", {"name": "Scalpels", "category": "props", "quantity": 3}, format="json")
    assert response.status_code == 200
    assert response.json() == {"code": "scalpel", "name": "Scalpels", "category": "props", "quantity": 3, "scenes": [{"scene": "002", "count": 1}]}


def test_renaming_an_element_renames_it_in_every_scene(client_for, director, broken_down):
    client = client_for(director)
    response = client.patch(ELEMENTS + "cam-a/", {"code": "camera-a"}, format="json")
    assert response.status_code == 200 and response.json()["scenes"] == [{"scene": "001", "count": 1}]
    assert client.get("/api/productions/tiny/scenes/001/").json()["elements"] == [{"element": "camera-a", "count": 1}]
    assert client.get(ELEMENTS + "cam-a/").status_code == 404


def test_an_element_scenes_use_cannot_be_deleted_and_the_message_names_them(client_for, director, broken_down):
    client = client_for(director)
    response = client.delete(ELEMENTS + "cam-a/")
    assert response.status_code == 409
    assert errors(response) == ["element cam-a cannot be deleted: scene 001 uses it; take it out of them first"]
    assert Scene.objects.get(production=broken_down, code="001").sceneelement_set.get().element.code == "cam-a"
    client.post(ELEMENTS, {"code": "spare"}, format="json")
    assert client.delete(ELEMENTS + "spare/").status_code == 204
    assert not Element.objects.filter(production=broken_down, code="spare").exists()


def test_an_unknown_element_and_someone_elses_production_are_404(client_for, director, other_director, broken_down):
    assert client_for(director).get(ELEMENTS + "cam-z/").status_code == 404
    assert client_for(director).patch(ELEMENTS + "cam-z/", {"quantity": 1}, format="json").status_code == 404
    other = client_for(other_director)
    assert other.get(ELEMENTS).status_code == 404
    assert other.get(CASTING).status_code == 404
    assert other.delete(ELEMENTS + "scalpel/").status_code == 404
    assert Element.objects.filter(production=broken_down, code="scalpel").exists()


def test_a_director_without_the_permissions_reads_but_cannot_write(client_for, director, broken_down):
    director.groups.clear()
    client = client_for(director)
    assert client.get(ELEMENTS).status_code == 200 and client.get(CASTING).status_code == 200
    assert client.post(ELEMENTS, {"code": "spare"}, format="json").status_code == 403
    assert client.delete(ELEMENTS + "scalpel/").status_code == 403
    assert client.put(CASTING, [], format="json").status_code == 403
    assert Casting.objects.filter(production=broken_down).count() == 2


def test_the_casting_is_read_and_replaced_whole(client_for, director, broken_down):
    client = client_for(director)
    assert client.get(CASTING).json() == [{"character": "ZHENYA", "person": "peresild"}, {"character": "ARTEM", "person": "shipenko"}]
    casting = [{"character": "ARTEM", "person": "shipenko"}, {"character": "ZHENYA", "person": "peresild"},
               {"character": "NURSE", "person": "peresild"}]
    response = client.put(CASTING, casting, format="json")
    assert response.status_code == 200 and response.json() == casting
    assert client.get("/api/productions/tiny/file/").json()["casting"] == casting
    assert client.put(CASTING, [], format="json").json() == []
    assert "casting" not in client.get("/api/productions/tiny/file/").json()


@pytest.mark.parametrize("body, message", [
    ([{"character": "ZHENYA", "person": "peresild"}, {"character": "ARTEM", "person": "klim"}], '[1].person: unknown person "klim"'),
    ([{"character": "ZHENYA", "person": "peresild"}, {"character": "zhenya", "person": "shipenko"}],
     '[1].character: "zhenya" is cast twice (first at casting[0])'),
    ([{"character": " ", "person": "peresild"}], "[0].character: must name the character as the script does, e.g. ZHENYA"),
    ([{"character": "ZHENYA"}], "[0].person: is required"),
    ({"character": "ZHENYA", "person": "peresild"}, "must be a list, got an object"),
])
def test_a_bad_casting_is_refused_whole_naming_each_entry(client_for, director, broken_down, body, message):
    response = client_for(director).put(CASTING, body, format="json")
    assert response.status_code == 400 and errors(response) == [message]
    assert list(Casting.objects.filter(production=broken_down).values_list("character", flat=True)) == ["ZHENYA", "ARTEM"]
