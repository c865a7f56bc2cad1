"""The Breakdown tab: elements and the casting, listed and edited with the production file's rules."""

import html

import pytest
from django.urls import reverse

from scheduling.models import Casting, Element, Scene

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    return html.unescape(response.content.decode())


def element_pk(production, code: str) -> int:
    return Element.objects.get(production=production, code=code).pk


def test_the_breakdown_lists_elements_with_category_quantity_and_scenes(director_client, challenge, demo_document):
    page = page_of(director_client.get(reverse("web:breakdown", args=["challenge"])))
    assert 'aria-current="page">Breakdown</a>' in page
    for element in demo_document["elements"]:
        used = sum(1 for scene in demo_document["scenes"] for item in scene.get("elements", ()) if item["element"] == element["code"])
        row = page.split(f'id="element-{element_pk(challenge, element["code"])}"')[1].split("</tr>")[0]
        assert f'{element["name"]} <span class="muted">{element["code"]}</span>' in row
        assert f"<td>{element['category']}</td>" in row
        assert (f"<td>{element['quantity']}</td>" if element["quantity"] else "not limited") in row
        assert f'?element={element["code"]}">{used} scene{"s" if used > 1 else ""}</a>' in row


def test_the_breakdown_shows_the_numbered_cast_list(director_client, challenge, demo_document):
    page = page_of(director_client.get(reverse("web:breakdown", args=["challenge"])))
    names = {person["code"]: person["name"] for person in demo_document["people"]}
    expected = [f"<li>{number}. {cast['character']} — {names[cast['person']]}</li>" for number, cast in enumerate(demo_document["casting"], 1)]
    assert '<ol class="cast-list">' + "".join(expected) + "</ol>" in page
    assert "<li>1. ZHENYA — Yulia Peresild</li>" in page


def test_the_director_adds_an_element_from_the_page(director_client, challenge):
    response = director_client.post(reverse("web:element_add", args=["challenge"]), {
        "code": "helmet", "name": "Sokol helmet", "category": "wardrobe", "quantity": "2",
    })
    assert response.status_code == 302
    element = Element.objects.get(production=challenge, code="helmet")
    assert (element.name, element.category, element.quantity) == ("Sokol helmet", "wardrobe", 2)
    assert response["Location"].endswith(f"#element-{element.pk}")


@pytest.mark.parametrize("post, field, message", [
    ({"code": "cam-a", "category": "equipment"}, "code", 'code: duplicate element code "cam-a" (first at elements[0].code)'),
    ({"code": "cam c", "category": "equipment"}, "code", 'code: "cam c" may hold only letters, digits, "-" and "_"'),
    ({"code": "cam-c", "category": "equipment", "quantity": "0"}, "quantity", "quantity: must be a positive whole number, got 0"),
])
def test_a_bad_element_is_refused_on_its_field(director_client, challenge, post, field, message):
    response = director_client.post(reverse("web:element_add", args=["challenge"]), post)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in page_of(response)
    assert Element.objects.filter(production=challenge).count() == 9


def test_lowering_a_quantity_below_a_scenes_count_names_the_scene(director_client, challenge):
    Element.objects.filter(production=challenge, code="scalpel").update(quantity=None)
    scene = Scene.objects.get(production=challenge, code="014")
    scene.sceneelement_set.filter(element__code="scalpel").update(count=2)
    url = reverse("web:element_edit", args=["challenge", element_pk(challenge, "scalpel")])
    response = director_client.post(url, {"code": "scalpel", "name": "Scalpel", "category": "props", "quantity": "1"})
    assert response.status_code == 400
    index = list(challenge.scenes.order_by("position", "id").values_list("code", flat=True)).index("014")
    assert f'scenes[{index}].elements[1].count: 2 of "scalpel", but the production has 1' in response.context["form"].non_field_errors()
    assert Element.objects.get(production=challenge, code="scalpel").quantity is None


def test_renaming_an_element_on_the_page_renames_it_in_its_scenes(director_client, challenge):
    url = reverse("web:element_edit", args=["challenge", element_pk(challenge, "light-kit")])
    form = page_of(director_client.get(url))
    assert 'value="light-kit"' in form and 'value="LED light kit"' in form
    response = director_client.post(url, {"code": "led-kit", "name": "LED light kit", "category": "equipment", "quantity": "1"})
    assert response.status_code == 302
    scene = Scene.objects.get(production=challenge, code="013")
    assert [link.element.code for link in scene.sceneelement_set.all()] == ["cam-a", "led-kit"]


def test_an_element_in_use_is_not_deleted_and_the_message_names_its_scenes(director_client, challenge):
    response = director_client.post(reverse("web:element_delete", args=["challenge", element_pk(challenge, "mannequin")]), follow=True)
    assert "Not deleted: element mannequin cannot be deleted: scene 011 uses it; take it out of them first." in page_of(response)
    assert Element.objects.filter(production=challenge, code="mannequin").exists()
    spare = Element.objects.create(production=challenge, code="spare", category="other", position=99)
    response = director_client.post(reverse("web:element_delete", args=["challenge", spare.pk]), follow=True)
    assert "Element spare deleted." in page_of(response)
    assert not Element.objects.filter(pk=spare.pk).exists()


def casting_post(rows: list[tuple[str, str, str]], *, initial: int) -> dict:
    """The casting form as the browser posts it: (order, character, person) per row."""
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(initial), "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for index, (order, character, person) in enumerate(rows):
        data.update({f"form-{index}-ORDER": order, f"form-{index}-character": character, f"form-{index}-person": person})
    return data


def test_the_casting_form_renumbers_adds_and_drops_characters(director_client, challenge):
    url = reverse("web:casting", args=["challenge"])
    form = page_of(director_client.get(url))
    assert 'name="form-0-character" value="ZHENYA"' in form and 'name="form-TOTAL_FORMS" value="8"' in form
    rows = [("2", "ZHENYA", "peresild"), ("1", "ARTEM", "shipenko"), ("3", "COMMANDER", "shkaplerov"),
            ("4", "PATIENT", "novitskiy"), ("", "", ""), ("5", "NURSE", "peresild"), ("", "", ""), ("", "", "")]
    response = director_client.post(url, casting_post(rows, initial=5))
    assert response.status_code == 302
    casting = list(Casting.objects.filter(production=challenge).order_by("position").values_list("character", "person__code"))
    assert casting == [("ARTEM", "shipenko"), ("ZHENYA", "peresild"), ("COMMANDER", "shkaplerov"), ("PATIENT", "novitskiy"), ("NURSE", "peresild")]
    page = page_of(director_client.get(reverse("web:breakdown", args=["challenge"])))
    assert "<li>1. ARTEM — Klim Shipenko</li><li>2. ZHENYA — Yulia Peresild</li>" in page
    assert "Playing no character: Pyotr Dubrov." in page


def test_a_character_cast_twice_is_refused_on_its_row(director_client, challenge):
    rows = [("1", "ZHENYA", "peresild"), ("2", "Zhenya", "shipenko")]
    response = director_client.post(reverse("web:casting", args=["challenge"]), casting_post(rows, initial=0))
    assert response.status_code == 400
    assert response.context["formset"].forms[1].errors["character"] == ['"Zhenya" is cast twice (first at casting[0])']
    assert "The casting was not saved." in page_of(response)
    assert Casting.objects.filter(production=challenge).count() == 5


def test_a_character_needs_someone_to_play_it(director_client, challenge):
    rows = [("1", "ZHENYA", "")]
    response = director_client.post(reverse("web:casting", args=["challenge"]), casting_post(rows, initial=0))
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["person"] == ["is required"]


def test_the_scene_form_groups_elements_by_category_with_their_quantity(director_client, challenge):
    scene = Scene.objects.get(production=challenge, code="013")
    form = page_of(director_client.get(reverse("web:scene_edit", args=["challenge", scene.pk])))
    picker = form.split('<table class="counts">')[1].split("</table>")[0]
    headings = [part.split("</th>")[0] for part in picker.split('scope="colgroup">')[1:]]
    assert headings == ["Props", "Wardrobe", "Makeup", "Equipment"]
    camera = picker.split('<label for="id_elements-cam-a">')[1].split("</tr>")[0]
    assert "Cinema camera A (RED Komodo)</label>" in camera and "<td>1</td>" in camera
    assert 'max="1"' in camera and 'value="1"' in camera
    assert "not limited" in picker.split('<label for="id_elements-scalpel">')[1].split("</tr>")[0]


def test_breakdown_pages_are_404_for_another_director(client, other_director, challenge):
    client.force_login(other_director)
    scene = challenge.scenes.first()
    element = element_pk(challenge, "cam-a")
    for name, args in (("breakdown", []), ("element_add", []), ("element_edit", [element]), ("casting", []),
                       ("breakdown_sheets", []), ("breakdown_sheets_csv", []), ("breakdown_sheet", [scene.pk]),
                       ("breakdown_sheet_csv", [scene.pk]), ("element_report", []), ("element_report_csv", [])):
        assert client.get(reverse(f"web:{name}", args=["challenge", *args])).status_code == 404, name
    assert client.post(reverse("web:element_delete", args=["challenge", element])).status_code == 404
    assert client.post(reverse("web:casting", args=["challenge"]), casting_post([], initial=0)).status_code == 404
    assert Element.objects.filter(pk=element).exists() and Casting.objects.filter(production=challenge).count() == 5
