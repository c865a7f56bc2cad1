"""Productions: a director sees and changes only their own; everyone else gets 404, never 403."""

import json

import pytest
import yaml

from scheduling.models import Production, Scene
from scheduling.selectors import production_document

from .conftest import import_production

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [production["code"] for production in response.json()["results"]]


def test_a_director_lists_only_the_productions_they_direct(client_for, director, production, other_production):
    response = client_for(director).get("/api/productions/")
    assert response.status_code == 200
    assert codes(response) == ["tiny"]
    listed = response.json()["results"][0]
    assert listed["director"] == "director1" and listed["scenes"] == 3 and listed["current_version"] is None


def test_a_superuser_lists_every_production(client_for, superuser, production, other_production):
    assert codes(client_for(superuser).get("/api/productions/")) == ["other", "tiny"]


@pytest.mark.parametrize("role", ["station_operator", "viewer"])
def test_users_who_direct_nothing_list_no_productions(request, client_for, role, production):
    assert codes(client_for(request.getfixturevalue(role)).get("/api/productions/")) == []


def test_productions_filter_by_station(client_for, superuser, production):
    assert codes(client_for(superuser).get("/api/productions/?station=ISS")) == ["tiny"]
    assert codes(client_for(superuser).get("/api/productions/?station=Tiangong")) == []


def test_a_page_past_the_end_is_404(client_for, director, production):
    assert client_for(director).get("/api/productions/?page=9").status_code == 404


def test_the_director_gets_their_production(client_for, director, published):
    response = client_for(director).get("/api/productions/tiny/")
    assert response.status_code == 200
    assert response.json()["current_version"] == 1 and response.json()["station"] == "ISS"


@pytest.mark.parametrize("role", ["other_director", "station_operator", "viewer"])
@pytest.mark.parametrize("url", ["/api/productions/tiny/", "/api/productions/tiny/file/"])
def test_anyone_but_its_director_gets_404_for_a_production(request, client_for, role, url, production):
    response = client_for(request.getfixturevalue(role)).get(url)
    assert response.status_code == 404
    assert response.json() == {"errors": ['no production "tiny"']}


def test_an_unknown_code_and_someone_elses_code_answer_alike(client_for, other_director, production):
    client = client_for(other_director)
    unknown, hidden = client.get("/api/productions/nope/"), client.get("/api/productions/tiny/")
    assert unknown.status_code == hidden.status_code == 404
    assert unknown.json()["errors"][0].replace("nope", "tiny") == hidden.json()["errors"][0]


def test_the_director_deletes_their_production(client_for, director, published):
    response = client_for(director).delete("/api/productions/tiny/")
    assert response.status_code == 204
    assert not Production.objects.filter(code="tiny").exists() and not Scene.objects.exists()


def test_another_director_cannot_delete_it(client_for, other_director, production):
    assert client_for(other_director).delete("/api/productions/tiny/").status_code == 404
    assert Production.objects.filter(code="tiny").exists()


def test_a_director_without_write_permissions_reads_but_cannot_delete(client_for, director, production):
    director.groups.clear()
    client = client_for(director)
    assert client.get("/api/productions/tiny/").status_code == 200
    response = client.delete("/api/productions/tiny/")
    assert response.status_code == 403
    assert Production.objects.filter(code="tiny").exists()


def test_a_station_operator_cannot_delete_a_production(client_for, station_operator, production):
    assert client_for(station_operator).delete("/api/productions/tiny/").status_code == 403


def test_the_production_file_exports_as_json_equal_to_the_command_line_export(client_for, director, production, small_document):
    response = client_for(director).get("/api/productions/tiny/file/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == production_document(production=production) == small_document


def test_the_production_file_exports_as_yaml(client_for, director, production, small_document):
    response = client_for(director).get("/api/productions/tiny/file/?format=yaml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(response.content) == small_document


def test_an_unknown_export_format_says_which_there_are(client_for, director, production):
    response = client_for(director).get("/api/productions/tiny/file/?format=xml")
    assert response.status_code == 404
    assert response.json() == {"errors": ['format: no format "xml" here; choose json, yaml']}


def test_json_exports_keep_non_ascii_titles(client_for, director, small_document):
    small_document["scenes"][0]["title"] = "Прибытие"
    import_production(small_document, director=director)
    body = client_for(director).get("/api/productions/tiny/file/").content.decode()
    assert json.loads(body)["scenes"][0]["title"] == "Прибытие"
