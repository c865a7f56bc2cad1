"""Authentication: session login for the UI, tokens for tools; nothing but the calendar URL without either."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

AUTHENTICATED_URLS = [
    "/api/productions/",
    "/api/productions/tiny/",
    "/api/productions/tiny/file/",
    "/api/productions/tiny/scenes/",
    "/api/productions/tiny/scenes/001/",
    "/api/productions/tiny/solve-runs/",
    "/api/productions/tiny/versions/",
    "/api/productions/tiny/versions/1/",
    "/api/productions/tiny/versions/compare/?old=1&new=1",
    "/api/productions/tiny/schedule/",
    "/api/solve-runs/1/",
    "/api/stations/",
    "/api/stations/ISS/",
    "/api/stations/ISS/modules/",
    "/api/stations/ISS/closures/",
    "/api/stations/ISS/crew/",
    "/api/stations/ISS/events/",
    "/api/stations/ISS/crew/peresild/feeds/",
]


@pytest.mark.parametrize("url", AUTHENTICATED_URLS)
def test_anonymous_requests_are_refused_with_401_asking_for_a_token(url, published):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"errors": ["Authentication credentials were not provided."]}


def test_anonymous_writes_are_refused_before_anything_is_checked(small_document):
    response = APIClient().post("/api/productions/import/", small_document, format="json")
    assert response.status_code == 401


def test_a_token_from_drf_create_token_authenticates_a_tool(director, production):
    out = io.StringIO()
    call_command("drf_create_token", director.username, stdout=out)
    key = Token.objects.get(user=director).key
    assert key in out.getvalue()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/productions/tiny/")
    assert response.status_code == 200 and response.json()["director"] == director.username


def test_a_wrong_token_is_refused(production):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get("/api/productions/")
    assert response.status_code == 401
    assert response.json() == {"errors": ["Invalid token."]}


def test_session_login_works_for_the_ui_and_needs_csrf_for_writes(director, production):
    client = APIClient(enforce_csrf_checks=True)
    login = client.get(reverse("login"))
    client.post(reverse("login"), {
        "username": director.username, "password": "pw-" + director.username,
        "csrfmiddlewaretoken": login.cookies["csrftoken"].value,
    })
    assert "_auth_user_id" in client.session
    assert client.get("/api/productions/tiny/").status_code == 200
    response = client.delete("/api/productions/tiny/")
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]


def test_schema_and_docs_page_need_no_login():
    client = APIClient()
    assert client.get(reverse("api:schema")).status_code == 200
    assert client.get(reverse("api:docs")).status_code == 200
