"""Who sees which director page: directors their own productions, superusers all, nobody else any."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from scheduling.models import SolveRun

pytestmark = pytest.mark.django_db


def pages(production) -> list[str]:
    scene = production.scenes.first()
    run = SolveRun.objects.create(production=production, status=SolveRun.Status.SUCCEEDED)
    code = production.code
    return [
        reverse("web:production", args=[code]),
        reverse("web:production", args=[code]) + "?week=1",
        reverse("web:production", args=[code]) + "?day=2021-10-06",
        reverse("web:stripboard", args=[code]),
        reverse("web:scene_add", args=[code]),
        reverse("web:scene_edit", args=[code, scene.pk]),
        reverse("web:callsheet", args=[code]),
        reverse("web:dood", args=[code]),
        reverse("web:compare", args=[code]),
        reverse("web:run", args=[code, run.pk]),
        reverse("web:run_progress", args=[code, run.pk]),
        reverse("web:export", args=[code, 1, "json"]),
    ]


def test_every_director_page_renders_for_its_director(director_client, tiny_scheduled):
    for url in pages(tiny_scheduled):
        assert director_client.get(url).status_code == 200, url


def test_another_director_gets_404_on_every_page(client, other_director, tiny_scheduled):
    client.force_login(other_director)
    for url in pages(tiny_scheduled):
        assert client.get(url).status_code == 404, url


def test_a_station_operator_is_refused_every_director_page(client, station_operator, tiny_scheduled):
    client.force_login(station_operator)
    for url in pages(tiny_scheduled):
        assert client.get(url).status_code == 404, url


def test_posts_on_someone_elses_production_are_refused(client, other_director, tiny_scheduled):
    client.force_login(other_director)
    scene = tiny_scheduled.scenes.get(code="002")
    for name in ("scene_pin", "scene_unpin", "scene_shot"):
        assert client.post(reverse(f"web:{name}", args=["tiny", scene.pk])).status_code == 404
    assert client.post(reverse("web:run_start", args=["tiny"]), {"action": "schedule", "engine": "greedy", "seconds": 5}).status_code == 404
    assert not tiny_scheduled.scenes.get(code="002").shot


def test_a_superuser_sees_every_production(client, tiny_scheduled):
    admin = get_user_model().objects.create_superuser("root", password="pw-root")
    client.force_login(admin)
    assert client.get(reverse("web:production", args=["tiny"])).status_code == 200
    assert "Tiny" in client.get(reverse("web:productions")).content.decode()


def test_anonymous_visitors_are_sent_to_the_login_form(client, tiny):
    response = client.get(reverse("web:production", args=["tiny"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">Username</label>' in login and 'name="password"' in login


def test_the_login_form_signs_a_director_in(client, director):
    response = client.post(reverse("login"), {"username": "director1", "password": "pw-director1"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_production_list_shows_only_own_productions_with_their_schedule(client, director, other_director, small_document, tiny_scheduled):
    other = dict(small_document, production={**small_document["production"], "code": "theirs", "title": "Theirs"})
    from tests.web.conftest import load

    load(other, other_director)
    client.force_login(director)
    page = client.get(reverse("web:productions")).content.decode()
    assert "Tiny" in page and "Theirs" not in page
    version = tiny_scheduled.schedule_versions.get()
    assert f"version {version.number}" in page
    assert f"{version.objective} / no bound" in page  # the greedy engine proves no bound
    assert f"{version.shoots.count()} in / {version.unscheduled.count()} out" in page


def test_a_station_operator_sees_no_productions_but_a_way_to_station_data(client, station_operator, tiny):
    client.force_login(station_operator)
    page = client.get(reverse("web:productions")).content.decode()
    assert "Tiny" not in page and "You direct no productions" in page and reverse("admin:index") in page
