"""Elements and casting in the admin: a director sees only their productions', picks scenes, elements and
people only from them, and writes are checked with the production file's rules."""

import copy
import html
import re

import pytest
from django.urls import reverse

from crew.models import CrewMember
from scheduling.models import Element, Scene

from tests.web.conftest import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def productions(small_document, director, other_director):
    """The director's "tiny" (a camera its first scene uses, a scalpel, ZHENYA cast) and "sequel" (with
    Novitskiy, who is not in tiny); another director's "rival"."""
    tiny = copy.deepcopy(small_document)
    tiny["elements"] = [{"code": "cam-a", "category": "equipment", "quantity": 1}, {"code": "scalpel", "category": "props"}]
    tiny["scenes"][0]["elements"] = [{"element": "cam-a"}]
    tiny["casting"] = [{"character": "ZHENYA", "person": "peresild"}]
    sequel = copy.deepcopy(small_document)
    sequel["production"]["code"] = "sequel"
    sequel["people"].append({"code": "novitskiy", "name": "Oleg Novitskiy", "free": []})
    sequel["pinned"] = []
    rival = copy.deepcopy(small_document)
    rival["production"]["code"] = "rival"
    rival["people"].append({"code": "dubrov", "name": "Pyotr Dubrov", "free": []})
    rival["elements"] = [{"code": "rival-cam", "category": "equipment", "quantity": 1}]
    rival["pinned"] = []
    return load(tiny, director), load(sequel, director), load(rival, other_director)


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [html.unescape(label) for value, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select)]


def errors_of(response) -> str:
    return html.unescape(response.content.decode())


def element_post(production, **fields) -> dict:
    return {"production": production.pk, "code": "", "name": "", "category": "other", "quantity": "", **fields}


def test_a_director_lists_and_opens_only_their_own_elements_and_casting(client, director, productions):
    tiny, _, rival = productions
    client.force_login(director)
    elements = client.get(reverse("admin:scheduling_element_changelist")).content.decode()
    assert "cam-a" in elements and "scalpel" in elements and "rival-cam" not in elements
    theirs = Element.objects.get(production=rival, code="rival-cam")
    assert client.get(reverse("admin:scheduling_element_change", args=[theirs.pk])).status_code == 302
    casting = client.get(reverse("admin:scheduling_casting_changelist")).content.decode()
    assert "ZHENYA" in casting


def test_element_choices_are_the_directors_productions_and_the_scenes_own(client, director, productions):
    tiny, sequel, _ = productions
    client.force_login(director)
    add = client.get(reverse("admin:scheduling_element_add")).content.decode()
    assert options(add, "production") == ["sequel", "tiny"]
    scene = Scene.objects.get(production=tiny, code="001")
    change = client.get(reverse("admin:scheduling_scene_change", args=[scene.pk])).content.decode()
    assert options(change, "sceneelement_set-0-element") == ["cam-a (equipment)", "scalpel (props)"]


def test_a_new_element_is_checked_like_a_files_and_comes_last(client, director, productions):
    tiny, _, _ = productions
    client.force_login(director)
    url = reverse("admin:scheduling_element_add")
    refused = client.post(url, element_post(tiny, code="cam-a", category="equipment"))
    assert refused.status_code == 200 and 'code: duplicate element code "cam-a" (first at elements[0].code)' in errors_of(refused)
    added = client.post(url, element_post(tiny, code="helmet", category="wardrobe", quantity="2"))
    assert added.status_code == 302
    assert list(tiny.elements.order_by("position", "id").values_list("code", flat=True)) == ["cam-a", "scalpel", "helmet"]


def test_an_element_quantity_below_a_scenes_count_is_refused_in_the_admin(client, director, productions):
    tiny, _, _ = productions
    client.force_login(director)
    Scene.objects.get(production=tiny, code="002").sceneelement_set.create(element=tiny.elements.get(code="scalpel"), count=3)
    scalpel = tiny.elements.get(code="scalpel")
    response = client.post(reverse("admin:scheduling_element_change", args=[scalpel.pk]), element_post(tiny, code="scalpel", category="props", quantity="2"))
    assert response.status_code == 200
    assert 'scenes[1].elements[0].count: 3 of "scalpel", but the production has 2' in errors_of(response)
    assert tiny.elements.get(code="scalpel").quantity is None


def test_an_element_scenes_use_is_not_deleted_in_the_admin(client, director, productions):
    tiny, _, _ = productions
    client.force_login(director)
    camera = tiny.elements.get(code="cam-a")
    page = client.post(reverse("admin:scheduling_element_delete", args=[camera.pk]), {"post": "yes"})
    assert "Cannot delete element" in errors_of(page)
    assert Element.objects.filter(pk=camera.pk).exists()


def test_casting_people_are_from_the_directors_rosters_and_checked_against_the_productions(client, director, productions):
    tiny, _, _ = productions
    client.force_login(director)
    url = reverse("admin:scheduling_casting_add")
    assert sorted(options(client.get(url).content.decode(), "person")) == ["Klim Shipenko (ISS)", "Oleg Novitskiy (ISS)", "Yulia Peresild (ISS)"]
    novitskiy, shipenko = CrewMember.objects.get(code="novitskiy"), CrewMember.objects.get(code="shipenko")
    not_here = client.post(url, {"production": tiny.pk, "character": "PATIENT", "person": novitskiy.pk})
    assert not_here.status_code == 200 and 'unknown person "novitskiy"' in errors_of(not_here)
    twice = client.post(url, {"production": tiny.pk, "character": "zhenya", "person": shipenko.pk})
    assert twice.status_code == 200 and '"zhenya" is cast twice (first at casting[0])' in errors_of(twice)
    assert client.post(url, {"production": tiny.pk, "character": "ARTEM", "person": shipenko.pk}).status_code == 302
    assert list(tiny.casting.order_by("position").values_list("character", flat=True)) == ["ZHENYA", "ARTEM"]
