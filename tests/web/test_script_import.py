"""The "Import script" page: upload, preview, apply; the file kept on the server in between, never re-posted;
the stripboard and timeline then show omitted scenes greyed and shoots changed since their version."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scheduling.models import Scene, ScriptImport, ScriptUpload
from scheduling.script_import import script_apply
from tests.conftest import REPO
from tests.script_import.conftest import revised

from .conftest import load, publish

pytestmark = pytest.mark.django_db

FOUNTAIN = (REPO / "demo" / "challenge.fountain").read_bytes()
PAGE = reverse("web:script_import", args=["challenge"])
APPLY = reverse("web:script_import_apply", args=["challenge"])


@pytest.fixture
def challenge(demo_document, director):
    return load(demo_document, director)


def upload(client, data: bytes = FOUNTAIN, name: str = "challenge.fountain", minutes_per_page: int = 60):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data), "minutes_per_page": minutes_per_page})


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_the_page_offers_an_upload_with_the_productions_minutes_per_page(director_client, challenge):
    page = director_client.get(PAGE).content.decode()
    assert 'type="file" name="file"' in page and 'name="minutes_per_page" value="60"' in page
    assert "No script imported yet." in page
    assert '>Import script</a>' in director_client.get(reverse("web:stripboard", args=["challenge"])).content.decode()


def test_an_upload_shows_the_preview_and_writes_nothing_but_the_kept_file(director_client, challenge):
    response = upload(director_client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: CHALLENGE" in page and "Revision Blue · draft of 2021-10-01" in page
    assert "Scenes matched by code (10)" in page and "New scenes (1)" in page
    assert 'data-scene="027A"' in page and "MOSCOW HOSPITAL: Snow on the steps." in page
    assert "NURSE is not cast: cast the part, or scene 027A has no one playing NURSE" in page
    assert "MOSCOW HOSPITAL names no module of station ISS: scene 027A may be shot in any module" in page
    assert "NIGHT is the story&#x27;s time, not orbital light" in page
    assert token_of(response)
    assert not ScriptImport.objects.exists() and not Scene.objects.filter(code="027A").exists()
    kept = ScriptUpload.objects.get()
    assert bytes(kept.data) == FOUNTAIN and kept.filename == "challenge.fountain"


def test_applying_the_preview_imports_the_kept_file_and_goes_to_the_stripboard(director_client, challenge, director):
    token = token_of(upload(director_client, minutes_per_page=120))
    response = director_client.post(APPLY, {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:stripboard", args=["challenge"])
    page = response.content.decode()
    assert "Script imported (revision Blue, 2021-10-01): 1 new, 10 linked." in page
    assert '<span class="code">027A</span>' in page
    assert Scene.objects.get(production=challenge, code="027A").minutes == 30  # 120 minutes a page, as previewed
    assert ScriptImport.objects.get().imported_by == director
    assert not ScriptUpload.objects.exists()
    history = director_client.get(PAGE).content.decode()
    assert "challenge.fountain" in history and "1 new, 10 linked" in history
    again = director_client.post(APPLY, {"token": token})  # the kept copy went with the apply
    assert again.status_code == 400 and "no longer kept" in again.content.decode()
    assert ScriptImport.objects.count() == 1


@pytest.mark.parametrize("token", ["", "made-up", "eyJ1cGxvYWQiOjF9:1vQmAB:forged"])
def test_a_token_that_is_not_ours_applies_nothing(director_client, challenge, token):
    upload(director_client)
    response = director_client.post(APPLY, {"token": token})
    assert response.status_code == 400
    assert "this preview has expired or is not valid" in response.content.decode()
    assert not ScriptImport.objects.exists()


def test_a_newer_upload_replaces_the_kept_file_and_its_preview(director_client, challenge):
    first = token_of(upload(director_client))
    second = token_of(upload(director_client, revised(), "pink.fountain"))
    assert ScriptUpload.objects.count() == 1
    assert director_client.post(APPLY, {"token": first}).status_code == 400
    assert director_client.post(APPLY, {"token": second}).status_code == 302
    assert ScriptImport.objects.get().revision == "Pink"


def test_a_preview_the_production_has_moved_past_is_shown_again_instead_of_applied(director_client, challenge):
    token = token_of(upload(director_client, revised()))
    script_apply(production=challenge, data=FOUNTAIN)  # someone imports the Blue draft meanwhile
    response = director_client.post(APPLY, {"token": token})
    assert response.status_code == 409
    page = response.content.decode()
    assert "the production changed since this preview" in page and "Changed scenes (1)" in page
    assert ScriptImport.objects.count() == 1
    assert director_client.post(APPLY, {"token": token_of(response)}).status_code == 302
    assert ScriptImport.objects.filter(revision="Pink").exists()


def test_a_refused_file_shows_why_and_keeps_nothing(director_client, challenge):
    response = upload(director_client, b"INT. NAUKA #5#\n\nOne.\n\nINT. POISK #5#\n\nTwo.\n", "bad.fountain")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported." in page and "line 5: scene number &quot;5&quot; is also the number" in page
    assert 'name="token"' not in page and not ScriptUpload.objects.exists()


def test_someone_elses_production_is_a_404(client, other_director, challenge):
    client.force_login(other_director)
    assert client.get(PAGE).status_code == 404
    assert client.post(APPLY, {"token": "x"}).status_code == 404


def test_the_stripboard_greys_omitted_scenes_and_marks_shoots_changed_since_their_version(director_client, challenge):
    script_apply(production=challenge, data=FOUNTAIN)
    version = publish(challenge)
    script_apply(production=challenge, data=revised())
    page = director_client.get(reverse("web:stripboard", args=["challenge"])).content.decode()
    omitted, changed = (Scene.objects.get(production=challenge, code=code) for code in ("021", "012"))
    assert re.search(rf'<tr id="scene-{omitted.pk}" class="[^"]*strip--omitted', page)
    assert "omitted from the script</span>" in page.split(f'id="scene-{omitted.pk}"')[1].split("</tr>")[0]
    strip = page.split(f'id="scene-{changed.pk}"')[1].split("</tr>")[0]
    assert f"changed since version {version.number}" in strip
    timeline = director_client.get(reverse("web:production", args=["challenge"])).content.decode()
    assert re.search(r'class="shoot shoot--\w+ shoot--changed[^"]*"[^>]*data-scene="012"', timeline)
    assert "scene changed by the script since this version" in timeline

    later = publish(challenge)  # a schedule made after the revision: nothing is changed since it
    page = director_client.get(reverse("web:stripboard", args=["challenge"])).content.decode()
    assert "changed since version" not in page
    assert later.unscheduled.get(scene=omitted).reason == "omitted from the script (revision Pink, 2021-10-09)"
    assert "omitted from the script (revision Pink, 2021-10-09)" in page.split('id="boneyard"')[1]
    assert re.search(rf'<tr id="scene-{omitted.pk}" class="[^"]*strip--omitted', page)
