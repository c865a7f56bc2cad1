"""A director taken out of the "directors" group reads their productions but writes nothing: 403 on every web
write and every API write. Both lists come from the URL confs, so a page or endpoint added later without the
rule fails here: every web page either only reads (`require_safe`: anything but GET and HEAD is a 405) or
writes through `production_write`; every API write names its permissions."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from scheduling.models import Pin, Scene, SolveRun
from scheduling.roles import DIRECTORS

pytestmark = pytest.mark.django_db

WEB_WRITES = {"scene_add", "scene_edit", "scene_pin", "scene_unpin", "scene_shot", "run_start", "run_cancel"}
UNSAFE = ("post", "put", "patch", "delete")


def patterns(namespace: str) -> list[URLPattern]:
    """Every URL pattern under a namespace of the root URL conf, nested includes too."""
    found = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns)
            else:
                found.append(entry)

    walk(get_resolver().namespace_dict[namespace][1].url_patterns)
    return found


def filled(pattern: URLPattern, prefix: str, values: dict) -> str:
    """The pattern's route with each parameter given a value (by name, else by converter), e.g. a real
    production code; the rule is asked before any other object is looked up, so the rest need not exist."""
    route = str(pattern.pattern)
    for name, converter in pattern.pattern.converters.items():
        value = values.get(name, 1 if type(converter).__name__ == "IntConverter" else "x")
        route = re.sub(rf"<(\w+:)?{name}>", str(value), route)
    assert "<" not in route, route
    return prefix + route


# Pages that change only the signed-in user's own things, no production's: marking one's notifications read.
OWN_WRITES = {"notifications_read"}


@pytest.fixture
def demoted(director, tiny_scheduled):
    """The director of tiny, taken out of the directors group (still staff, still tiny's director)."""
    director.groups.remove(Group.objects.get(name=DIRECTORS))
    return director


def state(production) -> tuple:
    scenes = tuple(Scene.objects.filter(production=production).order_by("pk").values_list("code", "title", "shot"))
    return scenes, Pin.objects.count(), SolveRun.objects.count()


def test_every_web_write_refuses_a_director_without_permission_with_403(client, demoted, tiny_scheduled):
    client.force_login(demoted)
    before = state(tiny_scheduled)
    values = {"code": tiny_scheduled.code, "fmt": "json"}
    refused = set()
    for pattern in patterns("web"):
        url = filled(pattern, "/", values)
        response = client.post(url, {"engine": "greedy", "seconds": 5, "title": "Changed"})
        if pattern.name in OWN_WRITES:
            continue
        assert response.status_code in (403, 405), (pattern.name, url, response.status_code)
        if response.status_code == 403:
            refused.add(pattern.name)
            assert hasattr(pattern.callback, "production_action") or pattern.name == "station_timeline", pattern.name
    assert WEB_WRITES <= refused
    assert state(tiny_scheduled) == before


def test_the_refusal_says_why_and_reading_goes_on(client, rf, demoted, tiny_scheduled):
    from django.core.exceptions import PermissionDenied

    from scheduling.web.views_scenes import scene_shot

    request = rf.post("/p/tiny/scenes/1/shot/")
    request.user = demoted
    with pytest.raises(PermissionDenied, match=r"Your account may not change scenes \(it lacks scheduling.change_scene\)"):
        scene_shot(request, code="tiny", pk=tiny_scheduled.scenes.get(code="002").pk)
    client.force_login(demoted)
    assert client.get("/p/tiny/scenes/new/").status_code == 403  # the form too: there is nothing to do with it
    assert client.get("/p/tiny/").status_code == 200
    assert client.get("/p/tiny/stripboard/").status_code == 200


def test_every_api_write_refuses_a_director_without_permission_with_403(demoted, tiny_scheduled):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(demoted)
    before = state(tiny_scheduled)
    values = {"code": "tiny", "scene": "002", "station": "ISS", "person": "peresild", "module": "zvezda", "event": "thruster"}
    checked = 0
    for pattern in patterns("api"):
        view = getattr(pattern.callback, "cls", None)
        for method in UNSAFE:
            if view is None or not hasattr(view, method):
                continue
            url = filled(pattern, "/api/", values)
            response = getattr(client, method)(url, {}, format="json")
            assert response.status_code == 403, (pattern.name, method, url, response.status_code, response.content[:300])
            assert response.json()["errors"], pattern.name
            checked += 1
    assert checked >= 20
    assert state(tiny_scheduled) == before
