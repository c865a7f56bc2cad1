"""Error pages a director can read, never Django's debug pages: styled 403 and 404 even with DEBUG on."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [False, True])
def test_a_call_sheet_for_a_day_outside_the_stay_is_a_styled_404(director_client, tiny, debug):
    with override_settings(DEBUG=debug):
        response = director_client.get(reverse("web:callsheet", args=["tiny"]), {"day": "2030-01-01"})
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1 id=\"error-heading\">Not found</h1>" in page and 'class="site-header"' in page
    assert "URLconf" not in page and "Traceback" not in page and "p/&lt;slug:code&gt;" not in page


@pytest.mark.parametrize("debug", [False, True])
def test_someone_else_s_production_is_a_404_that_does_not_name_it(client, other_director, tiny, debug):
    client.force_login(other_director)
    with override_settings(DEBUG=debug):
        response = client.get(reverse("web:production", args=["tiny"]))
    assert response.status_code == 404
    assert "Tiny" not in response.content.decode() and "No such production" not in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_the_station_timeline_refuses_a_director_with_a_styled_403(director_client, tiny, debug):
    with override_settings(DEBUG=debug):
        response = director_client.get(reverse("web:station_timeline", args=["ISS"]))
    assert response.status_code == 403
    assert "<h1 id=\"error-heading\">Not allowed</h1>" in response.content.decode()


def test_the_api_keeps_its_own_json_errors(director_client, tiny):
    response = director_client.get("/api/productions/nope/")
    assert response.status_code == 404 and response.json()["errors"]


@override_settings(DEBUG=False)
def test_a_server_error_is_the_styled_500(client):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong" in page and 'class="site-header"' in page
