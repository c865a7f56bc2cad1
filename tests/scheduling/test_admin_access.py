"""The admin under the one rule: a director is offered, filters by and links to only their own productions'
objects, and changes them only while holding the permission."""

import copy

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from scheduling.admin import OwnProductionsMixin
from scheduling.models import Element, Place, Production, Scene, ScenePredecessor
from scheduling.production_file import production_document_check
from scheduling.roles import DIRECTORS
from scheduling.services import production_import

pytestmark = pytest.mark.django_db

SECRET = "theirs-secret"  # the other director's production code: it must appear nowhere in the first's admin


def load(document: dict, director) -> Production:
    production_import(document=production_document_check(copy.deepcopy(document)), director=director)
    return Production.objects.get(code=document["production"]["code"])


def with_breakdown(document: dict, code: str) -> dict:
    """The document under another code, with a place and an element of its own."""
    document = copy.deepcopy(document)
    document["production"]["code"] = code
    document["pinned"][0]["start"] = "2021-10-06T12:00:00Z"  # the station's crew is shared: pins apart
    document["places"] = [{"code": f"{code}-moscow", "name": "Moscow", "lat": 55.75, "lon": 37.62, "min_elevation": 10}]
    document["elements"] = [{"code": f"{code}-cam", "name": "Camera", "category": "equipment", "quantity": 1}]
    return document


@pytest.fixture
def tiny(small_document, director):
    return load(with_breakdown(small_document, "tiny"), director)


@pytest.fixture
def theirs(small_document, other_director, tiny):
    return load(with_breakdown(small_document, SECRET), other_director)


def scene_change_data(scene: Scene, **extra) -> dict:
    data = {
        "production": scene.production_id, "code": scene.code, "title": scene.title, "minutes": scene.minutes,
        "priority": scene.priority, "light": scene.light, "ground": scene.ground, "position": scene.position,
    }
    for prefix in ("scenecast_set", "scenemodule_set", "predecessor_links", "sceneelement_set"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
                 f"{prefix}-MAX_NUM_FORMS": "1000"}
    return data | extra


def inline_choices(response, prefix: str, field: str) -> set:
    formset = next(inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == prefix)
    return set(formset.empty_form.fields[field].queryset)


def test_the_scene_form_offers_only_the_directors_own_scenes_elements_and_places(client, director, tiny, theirs):
    client.force_login(director)
    scene = tiny.scenes.get(code="003")
    response = client.get(reverse("admin:scheduling_scene_change", args=[scene.pk]))
    assert response.status_code == 200
    assert inline_choices(response, "predecessor_links", "predecessor") == set(tiny.scenes.all())
    assert inline_choices(response, "sceneelement_set", "element") == set(tiny.elements.all())
    form = response.context["adminform"].form
    assert set(form.fields["over"].queryset) == set(form.fields["link"].queryset) == set(tiny.places.all())
    assert set(form.fields["production"].queryset) == {tiny}
    assert SECRET not in response.content.decode()


def test_linking_a_scene_to_another_directors_scene_is_refused(client, director, tiny, theirs):
    client.force_login(director)
    scene = tiny.scenes.get(code="003")
    stranger = theirs.scenes.get(code="001")
    response = client.post(reverse("admin:scheduling_scene_change", args=[scene.pk]), scene_change_data(
        scene, **{"predecessor_links-TOTAL_FORMS": "1", "predecessor_links-0-predecessor": stranger.pk},
    ))
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert not ScenePredecessor.objects.filter(predecessor=stranger).exclude(scene__production=theirs).exists()


def test_a_scene_comes_after_scenes_of_its_own_production_only(client, director, tiny, small_document):
    sequel = load(with_breakdown(small_document, "sequel"), director)  # the director's own, but another production
    client.force_login(director)
    scene = tiny.scenes.get(code="003")
    response = client.post(reverse("admin:scheduling_scene_change", args=[scene.pk]), scene_change_data(
        scene, **{"predecessor_links-TOTAL_FORMS": "1", "predecessor_links-0-predecessor": sequel.scenes.get(code="001").pk},
    ))
    assert response.status_code == 200
    assert "choose one of production tiny&#x27;s own" in response.content.decode()
    assert not scene.predecessor_links.exists()


@pytest.mark.parametrize("model", ["production", "scene", "element", "casting", "place", "pin", "scheduleversion", "solverun"])
def test_list_filters_and_lists_name_only_the_directors_own_productions(client, director, tiny, theirs, model):
    client.force_login(director)
    response = client.get(reverse(f"admin:scheduling_{model}_changelist"))
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_every_production_owned_admin_keeps_to_the_rule():
    from django.contrib import admin

    from scheduling.access import PRODUCTION_PATHS

    owned = [model_admin for model, model_admin in admin.site._registry.items() if model in PRODUCTION_PATHS]
    assert owned and all(isinstance(model_admin, OwnProductionsMixin) for model_admin in owned)
    inlines = [inline for model_admin in owned for inline in model_admin.inlines]
    assert inlines and all(issubclass(inline, OwnProductionsMixin) for inline in inlines)


def test_a_director_out_of_the_group_changes_nothing_in_the_admin(client, director, tiny):
    director.groups.remove(Group.objects.get(name=DIRECTORS))
    director.is_staff = True
    director.save()
    client.force_login(director)
    scene = tiny.scenes.get(code="003")
    response = client.post(reverse("admin:scheduling_scene_change", args=[scene.pk]), scene_change_data(scene, title="Changed"))
    assert response.status_code == 403
    assert client.post(reverse("admin:scheduling_scene_delete", args=[scene.pk]), {"post": "yes"}).status_code == 403
    assert Scene.objects.get(pk=scene.pk).title == "Window"


def test_the_rule_refuses_a_save_on_someone_elses_production(rf, director, other_director, tiny, theirs):
    """Even past the form (a crafted request, a custom admin view), saving is asked of the rule."""
    from django.contrib import admin
    from django.core.exceptions import PermissionDenied

    request = rf.post("/")
    request.user = director
    model_admin = admin.site._registry[Element]
    element = theirs.elements.get()
    element.name = "Stolen"
    with pytest.raises(PermissionDenied, match="Only the production's director may change it."):
        model_admin.save_model(request, element, form=None, change=True)
    assert Element.objects.get(pk=element.pk).name == "Camera"
    assert not model_admin.has_change_permission(request, element) and not model_admin.has_delete_permission(request, element)
    assert model_admin.has_change_permission(request, tiny.elements.get())
    assert Place.objects.filter(production=theirs).exists()
