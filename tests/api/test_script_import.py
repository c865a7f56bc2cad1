"""Importing a screenplay over the API: the file as the body or multipart, the preview by default, the import
with ?apply=true; refusals name the line; only the production's director may, and applying needs write rights."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from scheduling.models import Scene, ScriptImport
from tests.conftest import REPO
from tests.script_import.conftest import revised

from .conftest import import_production

pytestmark = pytest.mark.django_db

SCRIPT = "/api/productions/challenge/script/"
FOUNTAIN = (REPO / "demo" / "challenge.fountain").read_bytes()
FINAL_DRAFT = (REPO / "demo" / "challenge.fdx").read_bytes()


@pytest.fixture
def challenge(demo_document, director):
    return import_production(demo_document, director=director)


def post(client, data: bytes, query: str = "", content_type: str = "text/plain", **headers):
    return client.post(SCRIPT + query, data, content_type=content_type, **headers)


def test_a_fountain_body_answers_with_the_preview_and_writes_nothing(client_for, director, challenge):
    response = post(client_for(director), FOUNTAIN, HTTP_CONTENT_DISPOSITION='attachment; filename="challenge.fountain"')
    assert response.status_code == 200
    body = response.json()
    assert body["applied"] is None
    assert body["script"] == {"title": "CHALLENGE", "draft_date": "2021-10-01", "revision": "Blue", "format": "fountain",
                              "filename": "challenge.fountain", "scenes": 11}
    assert body["counts"] == {"new": 1, "linked": 10, "changed": 0, "unchanged": 0, "omitted": 0, "kept": 0}
    assert body["uncast"][0]["character"] == "NURSE" and body["unmatched_locations"][0]["location"] == "MOSCOW HOSPITAL"
    assert not Scene.objects.filter(code="027A").exists() and not ScriptImport.objects.exists()


def test_applying_answers_201_with_what_was_done_and_200_when_it_made_no_scene(client_for, director, challenge):
    client = client_for(director)
    response = post(client, FOUNTAIN, "?apply=true")
    assert response.status_code == 201
    body = response.json()
    record = ScriptImport.objects.get()
    assert body["applied"]["id"] == record.pk and body["applied"]["by"] == "director1"
    assert Scene.objects.get(production=challenge, code="027A").minutes == 15
    again = post(client, revised(), "?apply=true")
    assert again.status_code == 200
    assert again.json()["counts"]["omitted"] == 1 and Scene.objects.get(production=challenge, code="021").omitted


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml", "application/octet-stream"])
def test_a_final_draft_body_is_read_whatever_its_declared_type(client_for, director, challenge, content_type):
    response = post(client_for(director), FINAL_DRAFT, content_type=content_type)
    assert response.status_code == 200
    body = response.json()
    # screenplain's export numbers scenes by position: 1 to 11, none of them a demo scene's code
    assert body["script"]["format"] == "fdx" and body["counts"]["new"] == 11


def test_a_multipart_upload_in_the_field_file_and_minutes_per_page(client_for, director, challenge):
    upload = SimpleUploadedFile("challenge.fountain", FOUNTAIN, content_type="text/plain")
    response = client_for(director).post(SCRIPT + "?minutes_per_page=120", {"file": upload}, format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert body["minutes_per_page"] == 120 and body["script"]["filename"] == "challenge.fountain"
    assert body["scenes"][-1]["minutes"] == 30
    missing = client_for(director).post(SCRIPT, {"other": "x"}, format="multipart")
    assert missing.status_code == 400
    assert missing.json()["errors"] == ['file: attach the screenplay in the form field "file"']


@pytest.mark.parametrize("data, error", [
    (b"", "the file is empty"),
    (b"INT. NAUKA #5#\n\nOne.\n\nINT. POISK #5#\n\nTwo.\n",
     'line 5: scene number "5" is also the number of the scene at line 1 (INT. NAUKA); scene numbers must differ'),
    (b'<?xml version="1.0"?>\n<FinalDraft><Content><Paragraph Type="Action">\n</Content></FinalDraft>',
     "line 3, column 3: malformed XML: mismatched tag"),
])
def test_refused_files_are_a_400_naming_the_line_and_nothing_is_written(client_for, director, challenge, data, error):
    response = post(client_for(director), data, "?apply=true", content_type="application/octet-stream")
    assert response.status_code == 400
    assert response.json()["errors"] == [error]
    assert not ScriptImport.objects.exists()


def test_a_bad_minutes_per_page_is_a_400(client_for, director, challenge):
    response = post(client_for(director), FOUNTAIN, "?minutes_per_page=0")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("minutes_per_page:")


def test_a_file_larger_than_any_screenplay_is_refused_unread(client_for, director, challenge):
    response = post(client_for(director), b"x" * (5 * 2**20 + 1), content_type="application/octet-stream")
    assert response.status_code == 400
    assert "larger than 5 MB" in response.json()["errors"][0]


def test_someone_elses_production_is_a_404_and_anonymous_a_401(client_for, other_director, challenge):
    assert post(client_for(other_director), FOUNTAIN).status_code == 404
    assert post(client_for(), FOUNTAIN).status_code == 401


def test_previewing_and_applying_need_the_right_to_add_and_change_scenes(client_for, director, challenge):
    director.groups.clear()
    director.user_permissions.set(Permission.objects.filter(codename="view_scene"))
    client = client_for(director)
    assert post(client, FOUNTAIN).status_code == 403  # a preview is the first step of the write, as for a .uss file
    refused = post(client, FOUNTAIN, "?apply=true")
    assert refused.status_code == 403
    assert "scheduling.add_scene" in refused.json()["errors"][0]
    assert not ScriptImport.objects.exists()
