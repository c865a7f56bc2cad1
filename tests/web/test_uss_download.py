"""The version bar offers the schedule as a .uss file beside JSON, CSV and iCalendar."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_version_bar_links_the_uss_download_of_the_version_shown(director_client, tiny_scheduled):
    page = director_client.get(reverse("web:stripboard", args=["tiny"])).content.decode()
    link = reverse("web:uss", args=["tiny"]) + "?version=1"
    assert f'href="{link}" download' in page
    response = director_client.get(link)
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="tiny.uss"'
    root = response.json()["universalScheduleStandard"]
    assert root["name"] == "Tiny: schedule version 1" and root["stripboards"][0]["name"] == "Schedule version 1"


def test_before_any_schedule_the_breakdown_downloads_alone(director_client, tiny):
    page = director_client.get(reverse("web:stripboard", args=["tiny"])).content.decode()
    assert f'href="{reverse("web:uss", args=["tiny"])}" download' in page
    root = director_client.get(reverse("web:uss", args=["tiny"])).json()["universalScheduleStandard"]
    assert root["stripboards"] == [] and [b["scene"] for b in root["breakdowns"]] == ["001", "002", "003"]


def test_someone_else_s_production_does_not_download(client, other_director, tiny_scheduled):
    client.force_login(other_director)
    assert client.get(reverse("web:uss", args=["tiny"])).status_code == 404
    assert client.get(reverse("web:uss", args=["tiny"]) + "?version=7").status_code == 404
