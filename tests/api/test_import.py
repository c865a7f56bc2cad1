"""Importing production files over the API: the command line's checks and messages, all or nothing."""

import copy
import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from crew.models import CrewMember, Module, Station, StationEvent
from scheduling.api.renderers import ProductionFileParser
from scheduling.models import Production, Scene
from scheduling.selectors import production_document

pytestmark = pytest.mark.django_db

IMPORT = "/api/productions/import/"


def nothing_written() -> bool:
    return not (
        Station.objects.exists() or Production.objects.exists() or CrewMember.objects.exists()
        or Module.objects.exists() or StationEvent.objects.exists()
    )


def post_json(client, document, query: str = ""):
    return client.post(IMPORT + query, json.dumps(document), content_type="application/json")


@pytest.fixture
def station_kept(small_document):
    """Station operations have already entered the station's modules, crew and events (as in the file)."""
    from scheduling.production_file import production_document_check
    from scheduling.services import production_import

    earlier = copy.deepcopy(small_document)
    earlier["production"]["code"] = "earlier"
    production_import(document=production_document_check(earlier))


def test_a_json_file_imports_and_the_importer_directs_it(client_for, director, small_document, station_kept):
    response = post_json(client_for(director), small_document)
    assert response.status_code == 201
    body = response.json()
    assert body["production"]["code"] == "tiny" and body["production"]["director"] == "director1"
    assert body["replaced"] is False and body["created_station"] is False
    assert body["changes"] == []
    production = Production.objects.get(code="tiny")
    assert production.director == director
    assert production_document(production=production) == small_document


def test_a_director_cannot_change_station_data_by_import(client_for, director, small_document, station_kept):
    changed = copy.deepcopy(small_document)
    changed["modules"][0]["capacity"] = 9
    response = post_json(client_for(director), changed)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "station ISS: only station operations may change station data; this file would: module zvezda: capacity 3 → 9"
    ]
    assert Module.objects.get(code="zvezda").capacity == 3 and not Production.objects.filter(code="tiny").exists()


def test_a_director_cannot_create_a_station_by_import(client_for, director, small_document):
    response = post_json(client_for(director), small_document)
    assert response.status_code == 400
    assert "station ISS: only station operations may change station data; this file would: module zvezda: added" in response.json()["errors"]
    assert nothing_written()


def test_a_superuser_may_import_new_station_data(client_for, django_user_model, small_document):
    admin = django_user_model.objects.create_superuser("admin", password="pw-admin")
    response = post_json(client_for(admin), small_document)
    assert response.status_code == 201
    assert response.json()["created_station"] is True and "module zvezda: added" in response.json()["changes"]


def test_a_yaml_file_imports(client_for, director, small_document, station_kept):
    text = yaml.safe_dump(small_document, sort_keys=False)
    response = client_for(director).post(IMPORT, text, content_type="application/yaml")
    assert response.status_code == 201
    assert production_document(production=Production.objects.get(code="tiny")) == small_document


def test_a_multipart_upload_imports(client_for, director, small_document, station_kept):
    upload = SimpleUploadedFile("tiny.yaml", yaml.safe_dump(small_document).encode(), content_type="application/yaml")
    response = client_for(director).post(IMPORT, {"file": upload}, format="multipart")
    assert response.status_code == 201
    assert Production.objects.get(code="tiny").scenes.count() == 3


def test_a_multipart_request_without_the_file_field_is_400(client_for, director):
    response = client_for(director).post(IMPORT, {"other": "x"}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"errors": ['file: attach the production file in the form field "file"']}


def test_a_bad_file_is_400_naming_every_bad_path_and_writes_nothing(client_for, director, small_document):
    small_document["scenes"][2]["people"] = ["shipenko", "peresil"]
    small_document["modules"][1]["capacity"] = 0
    small_document["pinned"][0]["module"] = "poisk"
    response = post_json(client_for(director), small_document)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            "modules[1].capacity: must be a positive whole number, got 0",
            'scenes[2].people[1]: unknown person "peresil"',
            "pinned[0].module: \"poisk\" is not among scene 001's modules (zvezda)",
        ]
    }
    assert nothing_written()


def test_malformed_json_is_400_with_line_and_column(client_for, director):
    response = client_for(director).post(IMPORT, '{"format": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("file: malformed JSON: line 1 column 12")
    assert nothing_written()


def test_malformed_yaml_is_400(client_for, director):
    response = client_for(director).post(IMPORT, "format: [unclosed", content_type="application/yaml")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("file: malformed YAML")


def test_an_empty_body_is_400(client_for, director):
    response = client_for(director).post(IMPORT, "", content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0].startswith("file: malformed JSON")


def test_a_file_that_is_not_an_object_is_400(client_for, director):
    response = post_json(client_for(director), ["not", "a", "production"])
    assert response.status_code == 400
    assert response.json() == {"errors": ["file: must be an object, got a list"]}


@pytest.mark.parametrize("multipart", [False, True])
def test_a_file_over_the_size_limit_is_400(client_for, director, small_document, monkeypatch, multipart):
    monkeypatch.setattr(ProductionFileParser, "limit", 2**20)
    text = json.dumps({**small_document, "padding": "x" * 2**20})
    if multipart:
        upload = SimpleUploadedFile("big.json", text.encode(), content_type="application/json")
        response = client_for(director).post(IMPORT, {"file": upload}, format="multipart")
    else:
        response = client_for(director).post(IMPORT, text, content_type="application/json")
    assert response.status_code == 400 and response.json() == {"errors": ["file: larger than 1 MiB"]}
    assert nothing_written()


def test_an_unsupported_content_type_is_415(client_for, director):
    response = client_for(director).post(IMPORT, "<production/>", content_type="application/xml")
    assert response.status_code == 415
    assert response.json() == {"errors": ['Unsupported media type "application/xml" in request.']}


def test_an_existing_production_needs_replace(client_for, director, production, small_document):
    small_document["scenes"].pop()
    small_document["scenes"][1]["title"] = "Renamed"
    response = post_json(client_for(director), small_document)
    assert response.status_code == 400
    assert response.json() == {
        "errors": ['production.code: production "tiny" already exists (import with ?replace=true to overwrite it)']
    }
    assert Scene.objects.count() == 3


def test_replace_true_replaces_the_directors_own_production(client_for, director, production, small_document):
    changed = copy.deepcopy(small_document)
    changed["scenes"].pop()
    response = post_json(client_for(director), changed, "?replace=true")
    assert response.status_code == 200 and response.json()["replaced"] is True
    assert production_document(production=Production.objects.get(code="tiny")) == changed


@pytest.mark.parametrize("query", ["", "?replace=true"])
def test_nobody_imports_over_another_directors_production_nor_learns_whose_it_is(
    client_for, other_director, production, small_document, query
):
    small_document["scenes"].pop()
    response = post_json(client_for(other_director), small_document, query)
    assert response.status_code == 400
    # What a reserved code gets too: neither "exists" nor "not yours", only what to do.
    assert response.json() == {"errors": ['production.code: "tiny" cannot be used; choose another code']}
    assert Scene.objects.count() == 3 and Production.objects.get(code="tiny").director.username == "director1"


def test_a_code_the_api_paths_use_cannot_be_imported(client_for, director, small_document):
    small_document["production"]["code"] = "import"
    response = post_json(client_for(director), small_document)
    assert response.status_code == 400
    assert response.json() == {"errors": ['production.code: "import" cannot be used; choose another code']}
    assert nothing_written()


def test_a_bad_replace_flag_is_400(client_for, director, small_document):
    response = post_json(client_for(director), small_document, "?replace=perhaps")
    assert response.status_code == 400
    assert response.json() == {"errors": ["replace: Must be a valid boolean."]}
    assert nothing_written()


@pytest.mark.parametrize("role", ["station_operator", "viewer"])
def test_users_without_add_production_cannot_import(request, client_for, role, small_document):
    response = post_json(client_for(request.getfixturevalue(role)), small_document)
    assert response.status_code == 403
    assert nothing_written()


def test_a_failure_midway_rolls_everything_back(client_for, director, small_document, monkeypatch):
    import scheduling.services

    def explode(*args, **kwargs):
        raise scheduling.services.ProductionFileError(["scenes: the disk is full"])

    monkeypatch.setattr(scheduling.services, "_scenes_import", explode)
    response = post_json(client_for(director), small_document)
    assert response.status_code == 400
    assert nothing_written()


def test_the_exported_file_imports_back_unchanged(client_for, director, production, small_document):
    client = client_for(director)
    exported = client.get("/api/productions/tiny/file/?format=yaml").content
    response = client.post(IMPORT + "?replace=true", exported, content_type="application/yaml")
    assert response.status_code == 200
    assert client.get("/api/productions/tiny/file/").json() == small_document
