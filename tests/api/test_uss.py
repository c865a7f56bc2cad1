"""The .uss download and import over the API: a file named for the production, previews and writes, bad files
as 400s naming their paths, and nothing written unless asked and valid."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scheduling.models import Element, Scene

from ..scheduling.uss import SAMPLE
from .conftest import publish

pytestmark = pytest.mark.django_db


def url(code: str = "tiny") -> str:
    return f"/api/productions/{code}/uss/"


@pytest.fixture
def cast_production(production):
    production.casting.create(character="ZHENYA", person=production.roster.get(code="peresild"))
    return production


def test_the_download_is_a_uss_file_named_for_the_production(client_for, director, production):
    publish(production)
    response = client_for(director).get(url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tiny.uss"'
    root = response.json()["universalScheduleStandard"]
    assert root["ussVersion"] == "1.0.0" and len(root["breakdowns"]) == 3 and len(root["stripboards"]) == 1


def test_an_earlier_version_downloads_by_number_and_a_missing_one_is_a_404(client_for, director, production):
    publish(production)
    publish(production)
    client = client_for(director)
    assert client.get(url() + "?version=1").json()["universalScheduleStandard"]["name"] == "Tiny: schedule version 1"
    assert client.get(url() + "?version=3").json() == {"errors": ["version: production tiny has no version 3"]}


def test_someone_else_s_production_is_not_found(client_for, other_director, production):
    assert client_for(other_director).get(url()).status_code == 404
    assert client_for(other_director).post(url(), SAMPLE.read_bytes(), content_type="application/json").status_code == 404


def test_a_post_is_a_preview_and_writes_nothing(client_for, director, cast_production):
    response = client_for(director).post(url(), SAMPLE.read_bytes(), content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["applied"] is False and body["scenes_added"] == ["12A", "13"]
    assert body["elements_added"] == ["sleeping-bag", "cam-a"] and len(body["dropped"]) == 3
    assert not Scene.objects.filter(code="12A").exists() and not Element.objects.exists()


def test_apply_writes_the_import(client_for, director, cast_production):
    response = client_for(director).post(url() + "?apply=true&minutes_per_page=120", SAMPLE.read_bytes(), content_type="application/json")
    assert response.status_code == 200 and response.json()["applied"] is True
    assert Scene.objects.get(production=cast_production, code="12A").minutes == 165  # 11/8 pages x 120 minutes


def test_a_multipart_upload_imports_too(client_for, director, cast_production):
    upload = SimpleUploadedFile("breakdown.uss", SAMPLE.read_bytes(), content_type="application/octet-stream")
    response = client_for(director).post(url() + "?apply=true", {"file": upload}, format="multipart")
    assert response.status_code == 200
    assert Scene.objects.filter(production=cast_production, code__in=["12A", "13"]).count() == 2


def test_a_bad_file_is_a_400_naming_its_paths_and_writes_nothing(client_for, director, cast_production):
    file = json.loads(SAMPLE.read_bytes())
    file["universalScheduleStandard"]["breakdowns"][2]["elements"].append("5d9fc8cfc0efae0017a3beef")
    response = client_for(director).post(url() + "?apply=true", json.dumps(file), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"errors": ['breakdowns[2].elements[5]: unknown element id "5d9fc8cfc0efae0017a3beef"']}
    assert not Scene.objects.filter(code__in=["12A", "13"]).exists() and not Element.objects.exists()


def test_a_bad_query_is_a_400(client_for, director, cast_production):
    response = client_for(director).post(url() + "?minutes_per_page=0", SAMPLE.read_bytes(), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("minutes_per_page: ")


def test_importing_needs_the_permission_to_add_and_change_scenes(client_for, viewer, cast_production):
    cast_production.director = viewer
    cast_production.save()
    response = client_for(viewer).post(url() + "?apply=true", SAMPLE.read_bytes(), content_type="application/json")
    assert response.status_code == 403 and not Scene.objects.filter(code="12A").exists()
    assert client_for(viewer).get(url()).status_code == 200


def test_deep_or_huge_files_are_refused_small_and_fast(client_for, director, cast_production):
    client = client_for(director)
    deep = client.post(url(), b"[" * 100_000 + b"]" * 100_000, content_type="application/json")
    assert deep.status_code == 400
    assert deep.json() == {"errors": ["nested more than 32 levels deep; a .uss file needs eight"]}
    huge = client.post(url(), b" " * (20 * 2**20 + 1), content_type="application/json")
    assert huge.status_code == 400 and huge.json() == {"errors": ["file: larger than 20 MiB"]}
