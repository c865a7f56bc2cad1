"""Scenes that can never be shot are refused when entered, naming why, on the field to change."""

import copy

import pytest

from scheduling.models import Production
from scheduling.scene_checks import SceneUnshootable
from scheduling.services import scene_save
from tests.web.conftest import load

pytestmark = pytest.mark.django_db

EVERYONE = ["peresild", "shipenko", "shkaplerov", "novitskiy", "dubrov"]


def entry(**changes) -> dict:
    scene = {"code": "X01", "title": "Test", "minutes": 60, "people": ["peresild"], "modules": ["zvezda"],
             "priority": 1, "required": False, "earliest": None, "latest": None, "after": [], "light": "any", "window": False}
    return {**scene, **changes}


@pytest.fixture
def demo(demo_document, director) -> Production:
    return load(demo_document, director)


def refusal(production, **changes) -> list[str]:
    with pytest.raises(SceneUnshootable) as caught:
        scene_save(production=production, entry=entry(**changes))
    assert not production.scenes.filter(code=changes.get("code", "X01")).exists()
    return caught.value.lines()


def test_a_scene_that_can_be_shot_is_saved(demo):
    assert scene_save(production=demo, entry=entry()).code == "X01"


def test_more_people_than_any_of_its_modules_holds(demo):
    assert refusal(demo, people=EVERYONE, modules=["poisk", "rassvet"], minutes=30) == [
        "people: 5 people do not fit in any of its modules: the largest, Poisk Mini-Research Module 2, holds 2",
    ]


def test_a_window_scene_without_a_window_module(demo):
    assert refusal(demo, modules=["rassvet"], window=True) == [
        "modules: it needs an Earth-facing window, but none of its modules (Rassvet Mini-Research Module 1) has a window",
    ]


def test_earliest_and_latest_outside_the_stay(demo):
    assert refusal(demo, earliest="2021-10-16T21:30:00Z")[0] == (
        "earliest: from its earliest start, Sat 16 Oct 2021 21:30 UTC, the 60-minute shoot would end after the stay "
        "ends (Sat 16 Oct 2021 22:00 UTC)"
    )
    assert refusal(demo, latest="2021-10-05T16:30:00Z")[0].startswith(
        "latest: by its latest end, Tue 05 Oct 2021 16:30 UTC, the 60-minute shoot would have to start before the stay does"
    )
    assert refusal(demo, earliest="2021-10-06T08:00:00Z", latest="2021-10-06T08:30:00Z")[0] == (
        "latest: from Wed 06 Oct 2021 08:00 UTC to Wed 06 Oct 2021 08:30 UTC is 30 min, shorter than the scene's 60"
    )


def test_longer_than_the_whole_stay(demo):
    assert refusal(demo, minutes=100_000) == ["minutes: 100000 min is longer than the whole stay (16200 min)"]


def test_longer_than_any_common_free_time_of_its_people(demo):
    free, cap = refusal(demo, minutes=400)
    assert free.startswith("minutes: 400 min is longer than any time Yulia Peresild is free: the longest is ")
    assert cap == "minutes: 400 min is more than Yulia Peresild may shoot in a day (360 min)"
    [together] = refusal(demo, people=["peresild", "shipenko"], minutes=330)
    assert together.startswith("minutes: 330 min is longer than any time Yulia Peresild and Klim Shipenko are all free: the longest is 300 min")


def test_people_never_free_together_within_earliest_and_latest(demo):
    assert refusal(demo, people=["shkaplerov"], earliest="2021-10-06T08:00:00Z", latest="2021-10-06T10:00:00Z") == [
        "people: Anton Shkaplerov has no free time during the stay between its earliest start and latest end",
    ]


def test_over_a_daily_cap_with_no_free_time_across_midnight(small_document, director):
    tiny = load(small_document, director)
    assert refusal(tiny, minutes=301, modules=["poisk"]) == ["minutes: 301 min is more than Yulia Peresild may shoot in a day (300 min)"]


def test_a_shoot_over_the_cap_that_can_straddle_midnight_is_accepted(small_document, director):
    document = copy.deepcopy(small_document)
    document["people"][1]["max_minutes_per_day"] = 200  # Shipenko, free from 16:00 on the 5th to 21:00 on the 6th
    tiny = load(document, director)
    assert scene_save(production=tiny, entry=entry(people=["shipenko"], minutes=300, modules=["poisk"])).minutes == 300
    assert refusal(tiny, code="X02", people=["shipenko"], minutes=401, modules=["poisk"]) == [
        "minutes: 401 min is more than Klim Shipenko may shoot in a day (200 min)",
    ]


def test_light_longer_than_the_longest_orbital_night(demo):
    [fault] = refusal(demo, light="night", minutes=50)
    assert fault.startswith("light: it needs 50 min of orbital night (Earth's shadow) in one stretch; the longest of the stay lasts 3")


def test_every_reason_is_given_at_once(demo):
    faults = refusal(demo, people=EVERYONE, modules=["rassvet"], window=True, minutes=30)
    assert [fault.split(":")[0] for fault in faults] == ["people", "modules"]


def test_the_api_refuses_it_with_the_reasons(director, demo):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(director)
    response = client.post("/api/productions/challenge/scenes/", entry(modules=["rassvet"], window=True), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "modules: it needs an Earth-facing window, but none of its modules (Rassvet Mini-Research Module 1) has a window",
    ]


def test_the_form_shows_the_reason_on_its_field(client, director, demo):
    from django.urls import reverse

    client.force_login(director)
    response = client.post(reverse("web:scene_add", args=["challenge"]), {
        "code": "X01", "title": "Too long", "minutes": "400", "people": ["peresild"], "modules": ["zvezda"],
        "priority": "1", "light": "any",
    })
    assert response.status_code == 400
    assert any("400 min is longer than any time Yulia Peresild is free" in error for error in response.context["form"].errors["minutes"])
