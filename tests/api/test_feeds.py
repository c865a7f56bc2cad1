"""Per-person calendar feeds: station operations hand out and revoke secret URLs; a calendar app reads one
without logging in and sees only that person's shoots, across the productions on their station."""

import pytest
from icalendar import Calendar
from rest_framework.test import APIClient

from crew.models import CalendarFeed

from .conftest import publish

pytestmark = pytest.mark.django_db

FEEDS = "/api/stations/ISS/crew/peresild/feeds/"


@pytest.fixture
def feed_url(client_for, station_operator, published) -> str:
    response = client_for(station_operator).post(FEEDS)
    assert response.status_code == 201
    return response.json()["url"]


def subscribe(url: str, **headers):
    return APIClient().get(url.removeprefix("http://testserver"), **headers)


def test_station_operations_create_a_feed_with_a_long_random_token(client_for, station_operator, production):
    response = client_for(station_operator).post(FEEDS)
    assert response.status_code == 201
    feed = CalendarFeed.objects.get()
    assert len(feed.token) >= 43 and feed.crew_member.code == "peresild"
    assert response.json()["url"] == f"http://testserver/api/calendar/{feed.token}.ics"
    assert response.json()["revoked"] is None
    assert client_for(station_operator).get(FEEDS).json()["count"] == 1


def test_each_feed_gets_its_own_token(client_for, station_operator, production):
    client = client_for(station_operator)
    assert client.post(FEEDS).json()["url"] != client.post(FEEDS).json()["url"]


@pytest.mark.parametrize("role", ["director", "viewer"])
def test_only_station_operations_manage_feeds(request, client_for, station_operator, role, production):
    feed = client_for(station_operator).post(FEEDS).json()
    client = client_for(request.getfixturevalue(role))
    assert client.post(FEEDS).status_code == 403
    assert client.get(FEEDS).status_code == 403
    assert client.delete(f"/api/feeds/{feed['id']}/").status_code == 403
    assert CalendarFeed.objects.filter(revoked__isnull=True).count() == 1


def test_a_feed_for_an_unknown_person_is_404(client_for, station_operator, production):
    assert client_for(station_operator).post("/api/stations/ISS/crew/nobody/feeds/").status_code == 404


def test_the_feed_needs_no_login_and_shows_only_that_persons_shoots(feed_url):
    response = subscribe(feed_url)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(event["UID"]) for event in events) == ["tiny-001@orbitfilm", "tiny-002@orbitfilm"]
    assert all("peresild" in str(event["DESCRIPTION"]) for event in events)
    assert {str(event["SUMMARY"]) for event in events} == {"Tiny: 001 Arrival", "Tiny: 002 Examination"}


def test_the_feed_answers_whatever_a_calendar_app_accepts(feed_url):
    assert subscribe(feed_url, HTTP_ACCEPT="text/calendar").status_code == 200


def test_the_feed_merges_the_current_versions_of_every_production_on_the_station(feed_url, other_production):
    publish(other_production)
    events = Calendar.from_ical(subscribe(feed_url).content).walk("VEVENT")
    assert sorted(str(event["UID"]) for event in events) == [
        "other-001@orbitfilm", "other-002@orbitfilm", "tiny-001@orbitfilm", "tiny-002@orbitfilm",
    ]


def test_the_feed_follows_new_versions_with_the_same_uids(feed_url, production):
    publish(production)
    events = Calendar.from_ical(subscribe(feed_url).content).walk("VEVENT")
    assert {int(event["SEQUENCE"]) for event in events} == {2}
    assert len(events) == 2


def test_a_revoked_feed_is_404(client_for, station_operator, feed_url):
    feed = CalendarFeed.objects.get()
    response = client_for(station_operator).delete(f"/api/feeds/{feed.pk}/")
    assert response.status_code == 204
    response = subscribe(feed_url)
    assert response.status_code == 404
    assert response.json() == {"errors": ["no such calendar feed (it may have been revoked)"]}
    assert client_for(station_operator).delete(f"/api/feeds/{feed.pk}/").status_code == 204  # harmless twice


def test_an_unknown_token_is_404(production):
    assert APIClient().get("/api/calendar/not-a-token.ics").status_code == 404
