"""Station data over the API: directors and viewers read it, station operations manage it, and what they write
stays as valid as an imported production file."""

import pytest

from crew.models import CrewMember, FreeWindow, Module, ModuleClosure, Station, StationEvent
from scheduling.production_file import production_document_check
from scheduling.selectors import production_document

pytestmark = pytest.mark.django_db

ISS = "/api/stations/ISS/"

READ_URLS = [
    "/api/stations/", ISS, ISS + "modules/", ISS + "modules/zvezda/", ISS + "closures/", ISS + "crew/",
    ISS + "crew/peresild/", ISS + "events/", ISS + "events/thruster/",
]


@pytest.mark.parametrize("role", ["director", "station_operator", "viewer", "superuser"])
@pytest.mark.parametrize("url", READ_URLS)
def test_station_data_is_readable_by_everyone_with_view_permissions(request, client_for, production, role, url):
    assert client_for(request.getfixturevalue(role)).get(url).status_code == 200


def test_an_account_without_view_permissions_cannot_read_station_data(client_for, production, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody")
    response = client_for(nobody).get(ISS + "modules/")
    assert response.status_code == 403


def test_crew_members_come_with_their_free_windows(client_for, director, production):
    crew = client_for(director).get(ISS + "crew/").json()["results"]
    assert crew[0]["code"] == "peresild" and crew[0]["max_minutes_per_day"] == 300
    assert crew[0]["free"] == [
        {"start": "2021-10-05T16:00:00Z", "end": "2021-10-05T21:00:00Z"},
        {"start": "2021-10-06T07:00:00Z", "end": "2021-10-06T21:00:00Z"},
    ]


def test_events_filter_by_time_person_and_module(client_for, director, production):
    client = client_for(director)
    assert client.get(ISS + "events/?since=2021-10-06T09:30:00Z").json()["count"] == 1
    assert client.get(ISS + "events/?until=2021-10-06T09:00:00Z").json()["count"] == 0
    assert client.get(ISS + "events/?person=peresild").json()["count"] == 1  # blocks everyone
    assert client.get(ISS + "events/?module=poisk").json()["count"] == 0


def test_closures_and_modules_filter(client_for, director, production):
    client = client_for(director)
    assert client.get(ISS + "closures/?module=zvezda").json()["count"] == 1
    assert client.get(ISS + "closures/?module=poisk").json()["count"] == 0
    assert [m["code"] for m in client.get(ISS + "modules/?window=true").json()["results"]] == ["zvezda"]


def test_an_unknown_station_is_404(client_for, director, production):
    assert client_for(director).get("/api/stations/Mir/modules/").status_code == 404


@pytest.mark.parametrize("role", ["director", "viewer"])
def test_directors_and_viewers_cannot_write_station_data(request, client_for, production, role):
    client = client_for(request.getfixturevalue(role))
    assert client.post("/api/stations/", {"code": "Tiangong"}, format="json").status_code == 403
    assert client.post(ISS + "modules/", {"code": "nauka", "capacity": 4}, format="json").status_code == 403
    assert client.patch(ISS + "modules/zvezda/", {"capacity": 1}, format="json").status_code == 403
    assert client.delete(ISS + "events/thruster/").status_code == 403
    assert client.put(ISS + "crew/peresild/", {"code": "peresild"}, format="json").status_code == 403
    assert Module.objects.get(code="zvezda").capacity == 3 and StationEvent.objects.exists()


def test_station_operations_add_a_station_and_a_module(client_for, station_operator, production):
    client = client_for(station_operator)
    assert client.post("/api/stations/", {"code": "Tiangong", "name": "Tiangong"}, format="json").status_code == 201
    response = client.post(ISS + "modules/", {"code": "nauka", "name": "Nauka", "segment": "ROS", "capacity": 4, "window": True}, format="json")
    assert response.status_code == 201
    assert response.json() == {"code": "nauka", "name": "Nauka", "segment": "ROS", "capacity": 4, "window": True}
    assert Module.objects.get(station__code="ISS", code="nauka").capacity == 4


def test_module_codes_are_unique_per_station(client_for, station_operator, production):
    response = client_for(station_operator).post(ISS + "modules/", {"code": "zvezda", "capacity": 4}, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": ['code: "zvezda" is already used on station ISS']}


def test_a_module_needs_room_for_someone(client_for, station_operator, production):
    response = client_for(station_operator).patch(ISS + "modules/poisk/", {"capacity": 0}, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": ["capacity: Ensure this value is greater than or equal to 1."]}


def test_a_module_scenes_use_cannot_be_deleted(client_for, station_operator, production):
    response = client_for(station_operator).delete(ISS + "modules/zvezda/")
    assert response.status_code == 409
    assert response.json()["errors"][0].startswith("still in use by")
    assert Module.objects.filter(code="zvezda").exists()


def test_station_operations_rename_a_station_and_delete_an_unused_one(client_for, station_operator, production):
    client = client_for(station_operator)
    assert client.patch(ISS, {"name": "International Space Station"}, format="json").json()["name"] == "International Space Station"
    client.post("/api/stations/", {"code": "Mir"}, format="json")
    assert client.delete("/api/stations/Mir/").status_code == 204
    assert list(Station.objects.values_list("code", flat=True)) == ["ISS"]


def test_a_station_with_productions_cannot_be_deleted(client_for, station_operator, production):
    assert client_for(station_operator).delete(ISS).status_code == 409
    assert Station.objects.filter(code="ISS").exists()


def test_station_operations_replace_a_crew_members_free_windows(client_for, station_operator, production):
    free = [{"start": "2021-10-05T18:00:00Z", "end": "2021-10-05T20:00:00Z"}]
    response = client_for(station_operator).patch(ISS + "crew/peresild/", {"free": free, "max_minutes_per_day": None}, format="json")
    assert response.status_code == 200
    assert response.json()["free"] == free and response.json()["max_minutes_per_day"] is None
    assert FreeWindow.objects.filter(crew_member__code="peresild").count() == 1
    production_document_check(production_document(production=production))  # still a valid file


def test_overlapping_free_windows_are_refused_naming_both(client_for, station_operator, production):
    free = [
        {"start": "2021-10-05T18:00:00Z", "end": "2021-10-05T20:00:00Z"},
        {"start": "2021-10-05T19:00:00Z", "end": "2021-10-05T21:00:00Z"},
    ]
    response = client_for(station_operator).patch(ISS + "crew/peresild/", {"free": free}, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": ["free[1]: overlaps free window free[0]"]}


def test_each_free_window_inside_a_longer_one_is_refused_on_its_own(client_for, station_operator, production):
    free = [
        {"start": "2021-10-05T18:00:00Z", "end": "2021-10-05T23:00:00Z"},
        {"start": "2021-10-05T19:00:00Z", "end": "2021-10-05T20:00:00Z"},
        {"start": "2021-10-05T21:00:00Z", "end": "2021-10-05T22:00:00Z"},
    ]
    response = client_for(station_operator).patch(ISS + "crew/peresild/", {"free": free}, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": ["free[1]: overlaps free window free[0]", "free[2]: overlaps free window free[0]"]}


def test_times_must_be_whole_minutes_with_an_offset_and_end_after_start(client_for, station_operator, production):
    free = [{"start": "2021-10-05T18:00:30Z", "end": "2021-10-05T17:00:00Z"}, {"start": "2021-10-05T18:00:00", "end": "2021-10-05T19:00:00Z"}]
    response = client_for(station_operator).patch(ISS + "crew/peresild/", {"free": free}, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": [
        "free[0].start: time '2021-10-05T18:00:30Z' is not on a whole minute",
        "free[1].start: time '2021-10-05T18:00:00' has no UTC offset (write it like 2021-10-05T16:00:00Z)",
    ]}


def test_a_crew_member_in_scenes_cannot_be_deleted(client_for, station_operator, production):
    assert client_for(station_operator).delete(ISS + "crew/peresild/").status_code == 409
    assert CrewMember.objects.filter(code="peresild").exists()


def test_station_operations_add_a_crew_member(client_for, station_operator, production):
    body = {"code": "dubrov", "name": "Pyotr Dubrov", "role": "cosmonaut", "free": [{"start": "2021-10-05T16:00:00Z", "end": "2021-10-05T18:00:00Z"}]}
    response = client_for(station_operator).post(ISS + "crew/", body, format="json")
    assert response.status_code == 201
    assert response.json() == {**body, "max_minutes_per_day": None}


def test_station_operations_add_a_closure_that_must_not_overlap_another(client_for, station_operator, production):
    client = client_for(station_operator)
    closure = {"module": "zvezda", "start": "2021-10-06T12:00:00Z", "end": "2021-10-06T13:00:00Z", "reason": "repair"}
    response = client.post(ISS + "closures/", closure, format="json")
    assert response.status_code == 201 and response.json()["module"] == "zvezda"
    clash = {**closure, "start": "2021-10-06T09:00:00Z"}
    response = client.post(ISS + "closures/", clash, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("start: overlaps closure")
    assert ModuleClosure.objects.count() == 2


def test_station_operations_move_and_delete_a_closure(client_for, station_operator, production):
    client = client_for(station_operator)
    closure = ModuleClosure.objects.get()
    url = f"{ISS}closures/{closure.pk}/"
    assert client.get(url).json()["reason"] == "cargo"
    moved = {"module": "poisk", "start": "2021-10-06T12:00:00Z", "end": "2021-10-06T13:00:00Z", "reason": "leak check"}
    assert client.put(url, moved, format="json").json() == {"id": closure.pk, **moved}
    assert client.delete(url).status_code == 204
    assert not ModuleClosure.objects.exists()


def test_directors_read_but_cannot_change_closures(client_for, director, production):
    url = f"{ISS}closures/{ModuleClosure.objects.get().pk}/"
    client = client_for(director)
    assert client.get(url).status_code == 200
    assert client.patch(url, {"reason": "x"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403


def test_a_closure_names_a_module_of_its_station(client_for, station_operator, production):
    body = {"module": "kibo", "start": "2021-10-06T12:00:00Z", "end": "2021-10-06T13:00:00Z"}
    response = client_for(station_operator).post(ISS + "closures/", body, format="json")
    assert response.json() == {"errors": ['module: unknown module "kibo" on station ISS']}


def test_station_operations_edit_and_delete_an_event(client_for, station_operator, production):
    client = client_for(station_operator)
    response = client.patch(ISS + "events/thruster/", {"people": ["shipenko"], "modules": "all"}, format="json")
    assert response.status_code == 200
    assert response.json()["people"] == ["shipenko"] and response.json()["modules"] == "all"
    assert client.delete(ISS + "events/thruster/").status_code == 204
    assert not StationEvent.objects.exists()


def test_an_event_names_only_people_and_modules_of_its_station(client_for, station_operator, production):
    body = {"code": "docking", "start": "2021-10-06T12:00:00Z", "end": "2021-10-06T13:00:00Z",
            "people": ["peresild", "pesquet", "peresild"], "modules": ["kibo"]}
    response = client_for(station_operator).post(ISS + "events/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": [
        'people[1]: unknown person "pesquet" on station ISS',
        'people[2]: person "peresild" is listed twice',
        'modules[0]: unknown module "kibo" on station ISS',
    ]}
