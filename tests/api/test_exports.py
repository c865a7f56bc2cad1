"""Schedule exports read back by real parsers: JSON per spec/schedule-file.md, CSV by the csv module,
iCalendar by the icalendar library; versions listed, fetched by number and compared."""

import csv
import io

import pytest
from icalendar import Calendar

from scheduling.models import Pin

from .conftest import publish

pytestmark = pytest.mark.django_db

SCHEDULE = "/api/productions/tiny/schedule/"
TOP_KEYS = {"format", "production", "version", "created", "status", "objective", "bound", "engine", "seconds", "shoots", "unscheduled"}
EXTRA_KEYS = {"revision"}  # documented in docs/schedule-file.md, after the spec's
SHOOT_KEYS = {"scene", "title", "module", "start", "end", "people"}


def vevents(content: bytes) -> list:
    return Calendar.from_ical(content).walk("VEVENT")


def test_the_current_schedule_is_json_exactly_per_the_spec(client_for, director, published):
    response = client_for(director).get(SCHEDULE)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = response.json()
    assert set(document) == TOP_KEYS | EXTRA_KEYS and document["revision"] == "white"
    assert document["format"] == "orbitfilm/schedule@1" and document["production"] == "tiny" and document["version"] == 1
    assert document["created"].endswith(":00Z") and isinstance(document["seconds"], float)
    assert all(set(shoot) == SHOOT_KEYS for shoot in document["shoots"])
    assert all(set(left) == {"scene", "title", "reason"} for left in document["unscheduled"])
    placed = {shoot["scene"] for shoot in document["shoots"]} | {left["scene"] for left in document["unscheduled"]}
    assert sorted(placed) == ["001", "002", "003"]  # every scene exactly once
    arrival = next(shoot for shoot in document["shoots"] if shoot["scene"] == "001")
    assert arrival == {
        "scene": "001", "title": "Arrival", "module": "zvezda", "start": "2021-10-05T17:00:00Z",
        "end": "2021-10-05T18:00:00Z", "people": ["peresild", "shipenko"],
    }
    assert document["objective"] == published.objective


def test_the_schedule_as_csv_has_one_row_per_shoot(client_for, director, published):
    response = client_for(director).get(f"{SCHEDULE}?format=csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="tiny-schedule-v1.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["scene"] for row in rows] == ["003", "001", "002"]
    assert rows[1] == {
        "scene": "001", "title": "Arrival", "module": "zvezda", "start": "2021-10-05T17:00:00Z",
        "end": "2021-10-05T18:00:00Z", "people": "peresild;shipenko",
    }


def test_the_accept_header_chooses_the_format_too(client_for, director, published):
    response = client_for(director).get(SCHEDULE, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_the_schedule_as_icalendar_has_one_event_per_shoot_with_module_people_and_title(client_for, director, published):
    response = client_for(director).get(f"{SCHEDULE}?format=ics")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {str(event["UID"]): event for event in vevents(response.content)}
    assert sorted(events) == ["tiny-001@orbitfilm", "tiny-002@orbitfilm", "tiny-003@orbitfilm"]
    arrival = events["tiny-001@orbitfilm"]
    assert str(arrival["SUMMARY"]) == "001 Arrival" and str(arrival["LOCATION"]) == "zvezda"
    assert "peresild" in str(arrival["DESCRIPTION"]) and "shipenko" in str(arrival["DESCRIPTION"])
    assert arrival.decoded("DTSTART").isoformat() == "2021-10-05T17:00:00+00:00"
    assert arrival.decoded("DTEND").isoformat() == "2021-10-05T18:00:00+00:00"


def test_icalendar_uids_stay_the_same_across_versions_so_calendars_update_in_place(client_for, director, published, production):
    client = client_for(director)
    first = {str(event["UID"]): event for event in vevents(client.get(f"{SCHEDULE}?format=ics").content)}
    Pin.objects.filter(scene__code="001").update(start="2021-10-05T19:00:00Z")
    publish(production)
    second = {str(event["UID"]): event for event in vevents(client.get(f"{SCHEDULE}?format=ics").content)}
    assert set(first) == set(second)
    moved = second["tiny-001@orbitfilm"]
    assert moved.decoded("DTSTART").isoformat() == "2021-10-05T19:00:00+00:00"
    assert int(moved["SEQUENCE"]) > int(first["tiny-001@orbitfilm"]["SEQUENCE"])


def test_any_version_is_exported_by_number_in_every_format(client_for, director, published, production):
    publish(production)
    client = client_for(director)
    assert client.get(SCHEDULE).json()["version"] == 2
    assert client.get("/api/productions/tiny/versions/1/").json()["version"] == 1
    rows = list(csv.DictReader(io.StringIO(client.get("/api/productions/tiny/versions/1/?format=csv").content.decode())))
    assert len(rows) == 3
    assert len(vevents(client.get("/api/productions/tiny/versions/1/?format=ics").content)) == 3


def test_versions_are_listed_newest_first_with_counts(client_for, director, published, production):
    publish(production)
    response = client_for(director).get("/api/productions/tiny/versions/")
    assert [version["number"] for version in response.json()["results"]] == [2, 1]
    assert response.json()["results"][0]["shoots"] == 3 and response.json()["results"][0]["unscheduled"] == 0


def test_two_versions_compare(client_for, director, published, production):
    Pin.objects.filter(scene__code="001").update(start="2021-10-05T19:00:00Z")
    publish(production)
    response = client_for(director).get("/api/productions/tiny/versions/compare/?old=1&new=2")
    assert response.status_code == 200
    comparison = response.json()
    assert comparison["old"] == 1 and comparison["new"] == 2
    moved = {move["scene"]: move for move in comparison["moved"]}
    assert moved["001"]["from"] == {"start": "2021-10-05T17:00:00Z", "module": "zvezda"}
    assert moved["001"]["to"] == {"start": "2021-10-05T19:00:00Z", "module": "zvezda"}


def test_comparing_needs_both_version_numbers(client_for, director, published):
    response = client_for(director).get("/api/productions/tiny/versions/compare/?old=x")
    assert response.status_code == 400
    assert response.json() == {"errors": ["old: A valid integer is required.", "new: This field is required."]}


def test_an_unknown_version_is_404(client_for, director, published):
    client = client_for(director)
    assert client.get("/api/productions/tiny/versions/7/").json() == {"errors": ["production tiny has no schedule version 7"]}
    assert client.get("/api/productions/tiny/versions/compare/?old=1&new=7").status_code == 404


def test_no_published_schedule_is_404_in_json_whatever_format_was_asked(client_for, director, production):
    response = client_for(director).get(f"{SCHEDULE}?format=ics")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"errors": ["production tiny has no published schedule yet"]}


@pytest.mark.parametrize("role", ["other_director", "station_operator", "viewer"])
@pytest.mark.parametrize(
    "url",
    [SCHEDULE, f"{SCHEDULE}?format=csv", f"{SCHEDULE}?format=ics", "/api/productions/tiny/versions/",
     "/api/productions/tiny/versions/1/", "/api/productions/tiny/versions/compare/?old=1&new=1"],
)
def test_others_cannot_export_the_schedule(request, client_for, role, url, published):
    response = client_for(request.getfixturevalue(role)).get(url)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_a_superuser_exports_any_schedule(client_for, superuser, published):
    assert client_for(superuser).get(SCHEDULE).status_code == 200
