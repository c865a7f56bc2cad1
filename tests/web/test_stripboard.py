"""Stripboard and breakdown: filters, the boneyard, scene forms with the file's rules, pins, marking shot."""

import pytest
from django.urls import reverse

from scheduling.models import Pin, Scene

pytestmark = pytest.mark.django_db


def strip_codes(page: str) -> set[str]:
    import re

    return set(re.findall(r'<span class="code">([^<]+)</span>', page))


def test_stripboard_groups_scheduled_strips_by_shooting_day(director_client, tiny_scheduled):
    page = director_client.get(reverse("web:stripboard", args=["tiny"])).content.decode()
    assert "Day 1 · Tuesday 05 October 2021" in page
    assert strip_codes(page) == {"001", "002", "003"}


@pytest.mark.parametrize("query, expected", [
    ({"person": "shipenko"}, {"001", "003"}),
    ({"module": "poisk"}, {"002"}),
    ({"light": "any"}, {"001", "002", "003"}),
    ({"light": "night"}, set()),
    ({"scheduled": "yes", "person": "peresild"}, {"001", "002"}),
])
def test_filters_narrow_the_strips(director_client, tiny_scheduled, query, expected):
    page = director_client.get(reverse("web:stripboard", args=["tiny"]), query).content.decode()
    assert strip_codes(page.split('id="boneyard"')[0]) == expected


def test_an_htmx_filter_request_gets_only_the_strips(director_client, tiny_scheduled):
    response = director_client.get(
        reverse("web:stripboard", args=["tiny"]), {"person": "shipenko"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="strips",
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="strips"') and "<html" not in page


def test_the_boneyard_lists_unscheduled_scenes_with_their_reasons(director_client, challenge):
    version = challenge.schedule_versions.get()
    left = version.unscheduled.select_related("scene").first()
    assert left is not None, "the demo under the greedy engine leaves scenes out"
    page = director_client.get(reverse("web:stripboard", args=["challenge"])).content.decode()
    boneyard = page.split('id="boneyard"')[1]
    assert f'<details class="bone" id="bone-{left.scene.pk}">' in boneyard
    assert f'<p class="reason">{left.reason}</p>'.replace("'", "&#x27;") in boneyard
    assert f'href="#bone-{left.scene.pk}">not scheduled: why?</a>' in page


def scene_post(**changes) -> dict:
    data = {"code": "004", "title": "Spacewalk view", "minutes": "45", "people": ["peresild"], "modules": ["zvezda"],
            "priority": "3", "light": "any"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_adding_a_scene_saves_it_like_a_production_file_entry(director_client, tiny):
    response = director_client.post(reverse("web:scene_add", args=["tiny"]), scene_post(after=["001"], earliest="2021-10-06T08:00"))
    assert response.status_code == 302
    scene = Scene.objects.get(production=tiny, code="004")
    assert (scene.minutes, scene.priority, scene.earliest.isoformat()) == (45, 3, "2021-10-06T08:00:00+00:00")
    assert [p.code for p in scene.people.all()] == ["peresild"] and [s.code for s in scene.after.all()] == ["001"]


@pytest.mark.parametrize("changes, field, message", [
    ({"minutes": "0"}, "minutes", "minutes: must be a positive whole number, got 0"),
    ({"code": "001"}, "code", 'code: duplicate scene code "001"'),
    ({"modules": None}, "modules", "modules: must name at least one module"),
    ({"light": "day"}, "light", "light: \"day\" needs the station's orbit: production.tle is missing"),
    ({"earliest": "2021-10-06T10:00", "latest": "2021-10-06T09:00"}, "latest", "latest (2021-10-06T09:00:00Z) is not after earliest"),
])
def test_scene_errors_name_their_path_on_the_field(director_client, tiny, changes, field, message):
    response = director_client.post(reverse("web:scene_add", args=["tiny"]), scene_post(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert message.replace('"', "&quot;").replace("'", "&#x27;") in response.content.decode()
    assert not Scene.objects.filter(production=tiny, code="004").exists()


def test_editing_a_scene_checks_the_whole_production(director_client, tiny):
    first = Scene.objects.get(production=tiny, code="001")
    form = director_client.get(reverse("web:scene_edit", args=["tiny", first.pk])).content.decode()
    assert 'value="Arrival"' in form
    cycle = scene_post(code="001", title="Arrival", minutes="60", people=["peresild", "shipenko"], after=["002"])
    response = director_client.post(reverse("web:scene_edit", args=["tiny", first.pk]), cycle)
    assert response.status_code == 400
    assert "cycle in after" in response.content.decode()
    ok = director_client.post(reverse("web:scene_edit", args=["tiny", first.pk]), dict(cycle, after=[], title="Arrival, take two"))
    assert ok.status_code == 302
    assert Scene.objects.get(pk=first.pk).title == "Arrival, take two"


def test_pinning_a_shoot_fixes_it_where_the_current_schedule_has_it(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="002")
    shoot = tiny_scheduled.schedule_versions.get().shoots.get(scene=scene)
    response = director_client.post(reverse("web:scene_pin", args=["tiny", scene.pk]), {"next": "/p/tiny/stripboard/"})
    assert response.status_code == 302 and response["Location"] == "/p/tiny/stripboard/"
    pin = Pin.objects.get(scene=scene)
    assert (pin.start, pin.module_id) == (shoot.start, shoot.module_id)
    page = director_client.get(reverse("web:stripboard", args=["tiny"])).content.decode()
    assert "Scene 002 pinned at Wed 06 Oct" in page

    director_client.post(reverse("web:scene_unpin", args=["tiny", scene.pk]))
    assert not Pin.objects.filter(scene=scene).exists()


def test_pinning_needs_a_shoot_to_pin(director_client, tiny):
    scene = Scene.objects.get(production=tiny, code="003")
    response = director_client.post(reverse("web:scene_pin", args=["tiny", scene.pk]), follow=True)
    assert "has no shoot in the schedule to pin" in response.content.decode()
    assert not Pin.objects.filter(scene=scene).exists()


def test_redirects_after_posts_stay_on_this_site(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="002")
    response = director_client.post(reverse("web:scene_unpin", args=["tiny", scene.pk]), {"next": "https://evil.example/"})
    assert response["Location"].startswith("/p/tiny/stripboard/")


def test_marking_a_scene_shot_and_back(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="002")
    director_client.post(reverse("web:scene_shot", args=["tiny", scene.pk]), {"shot": "1"})
    assert Scene.objects.get(pk=scene.pk).shot
    page = director_client.get(reverse("web:stripboard", args=["tiny"])).content.decode()
    assert '<span class="status status--shot">shot</span>' in page
    director_client.post(reverse("web:scene_shot", args=["tiny", scene.pk]), {"shot": "0"})
    assert not Scene.objects.get(pk=scene.pk).shot


def test_a_scene_without_a_shoot_cannot_be_marked_shot(director_client, tiny):
    scene = Scene.objects.get(production=tiny, code="002")
    response = director_client.post(reverse("web:scene_shot", args=["tiny", scene.pk]), {"shot": "1"}, follow=True)
    assert "has no shoot in the current schedule to freeze" in response.content.decode()
    assert not Scene.objects.get(pk=scene.pk).shot
