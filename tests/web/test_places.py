"""The Places page: a director adds, edits and deletes a production's places, finding them by name in the
offline gazetteer or typing their coordinates, with the production file's rules."""

import pytest
from django.urls import reverse

from scheduling.models import Place

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"web:{name}", args=["tiny", *args])


def test_the_production_header_links_to_its_places(director_client, tiny):
    page = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    assert f'href="{url("places")}"' in page


def test_a_director_adds_a_place_by_its_coordinates(director_client, tiny):
    response = director_client.post(url("places"), {"code": "tsup", "name": "Mission Control Centre, Korolyov",
                                                    "lat": "55.9125", "lon": "37.8103", "min_elevation": "5"})
    assert response.status_code == 302
    place = Place.objects.get(production=tiny)
    assert (place.code, place.lat, place.lon, place.min_elevation) == ("tsup", 55.9125, 37.8103, 5)
    page = director_client.get(url("places")).content.decode()
    assert "Mission Control Centre, Korolyov" in page and "55.9125°" in page


def test_a_place_off_the_globe_is_refused_on_its_field(director_client, tiny):
    response = director_client.post(url("places"), {"code": "nowhere", "lat": "95", "lon": "0"})
    assert response.status_code == 400
    assert "must be from -90 to 90, got 95" in response.content.decode()
    assert not Place.objects.exists()


def test_searching_the_gazetteer_lists_cities_to_pick(director_client, tiny):
    response = director_client.get(url("place_find"), {"q": "korol"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Korolev, RU" in page and "55.9142°, 37.8256°" in page
    assert "<html" not in page


def test_a_name_the_gazetteer_does_not_know_asks_for_coordinates(director_client, tiny):
    page = director_client.get(url("place_find"), {"q": "qqqq"}).content.decode()
    assert "type its coordinates" in page


def test_picking_a_city_fills_in_its_coordinates_and_a_code(director_client, tiny):
    page = director_client.get(url("place_fill"), {"name": "Korolev", "lat": "55.9142", "lon": "37.8256", "code": ""}).content.decode()
    assert 'name="code" value="korolev"' in page
    assert 'name="lat" value="55.9142"' in page and 'name="lon" value="37.8256"' in page


def test_editing_and_deleting_a_place(director_client, tiny):
    director_client.post(url("places"), {"code": "moscow", "lat": "55.75", "lon": "37.61"})
    place = Place.objects.get()
    director_client.post(url("place_edit", place.pk), {"code": "moscow", "name": "Moscow", "lat": "55.7558", "lon": "37.6173", "min_elevation": "10"})
    place.refresh_from_db()
    assert (place.name, place.lat) == ("Moscow", 55.7558)
    assert director_client.post(url("place_delete", place.pk)).status_code == 302
    assert not Place.objects.exists()


def test_a_place_a_scene_looks_at_is_kept_with_a_reason(director_client, tiny):
    director_client.post(url("places"), {"code": "moscow", "lat": "55.75", "lon": "37.61"})
    place = Place.objects.get()
    tiny.scenes.filter(code="003").update(over=place)
    response = director_client.post(url("place_delete", place.pk), follow=True)
    assert "place moscow cannot be deleted: scenes 003 look at it" in response.content.decode()
    assert Place.objects.exists()
