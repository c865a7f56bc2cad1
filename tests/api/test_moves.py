"""`POST /api/productions/{code}/moves/`: hand moves checked (dry run) and published, and version restores."""

import pytest
from django.contrib.auth.models import Group

from scheduling.models import Scene
from scheduling.roles import DIRECTORS
from scheduling.services import scene_mark_shot

pytestmark = pytest.mark.django_db

MOVES = "/api/productions/tiny/moves/"
CLASH = {"scene": "003", "start": "2021-10-05T17:15:00Z", "module": "zvezda"}  # into the pinned 001's shoot
FREE = {"scene": "003", "start": "2021-10-05T19:00:00Z", "module": "zvezda"}


def post(client, moves, dry_run=True, **extra):
    return client.post(MOVES, {"moves": moves, "dry_run": dry_run, **extra}, format="json")


def test_a_free_slot_is_valid(client_for, director, published):
    response = post(client_for(director), [FREE])
    assert response.status_code == 200
    assert response.json() == {
        "valid": True, "violations": [], "base": 1,
        "shoots": [{"scene": "003", "module": "zvezda", "start": "2021-10-05T19:00:00Z", "end": "2021-10-05T19:30:00Z"}],
    }
    assert published.production.schedule_versions.count() == 1  # a dry run publishes nothing


def test_a_clash_is_refused_in_a_dry_run(client_for, director, published):
    body = post(client_for(director), [CLASH]).json()
    assert body["valid"] is False
    assert {"scene": "003", "rule": "person-overlap",
            "message": "Klim Shipenko is already in scene 001 then (Tue 05 Oct 17:00–18:00 UTC)"} in body["violations"]
    assert {violation["rule"] for violation in body["violations"]} == {"person-overlap", "module-overlap"}


def test_a_clash_is_refused_on_publishing_with_the_same_violations(client_for, director, published):
    client = client_for(director)
    dry = post(client, [CLASH]).json()["violations"]
    response = post(client, [CLASH], dry_run=False)
    assert response.status_code == 409
    assert response.json()["violations"] == dry
    assert response.json()["errors"] == [violation["message"] for violation in dry]
    assert published.production.schedule_versions.count() == 1


def test_a_valid_set_publishes_a_manual_version(client_for, director, published):
    client = client_for(director)
    response = post(client, [FREE], dry_run=False)
    assert response.status_code == 201 and response.json() == {"version": 2}
    version = client.get("/api/productions/tiny/versions/2/").json()
    assert (version["engine"], version["status"], version["bound"]) == ("manual", "feasible", None)
    shoot = next(shoot for shoot in version["shoots"] if shoot["scene"] == "003")
    assert (shoot["start"], shoot["end"], shoot["module"]) == ("2021-10-05T19:00:00Z", "2021-10-05T19:30:00Z", "zvezda")


def test_to_the_boneyard_and_back(client_for, director, published):
    client = client_for(director)
    assert post(client, [{"scene": "003", "start": None}], dry_run=False).json() == {"version": 2}
    version = client.get("/api/productions/tiny/versions/2/").json()
    assert {"scene": "003", "title": "Window", "reason": "moved to the boneyard by hand"} in version["unscheduled"]
    assert "003" not in {shoot["scene"] for shoot in version["shoots"]}
    assert post(client, [FREE], dry_run=False).json() == {"version": 3}
    version = client.get("/api/productions/tiny/versions/3/").json()
    assert version["unscheduled"] == [] and "003" in {shoot["scene"] for shoot in version["shoots"]}


def test_a_pin_cannot_move(client_for, director, published):
    client = client_for(director)
    response = post(client, [{"scene": "001", "start": "2021-10-05T19:00:00Z"}], dry_run=False)
    assert response.status_code == 409
    assert response.json()["violations"] == [{
        "scene": "001", "rule": "pin", "message": "scene 001 is pinned to Zvezda at Tue 05 Oct 17:00 UTC: unpin it to move it",
    }]


def test_a_scene_marked_shot_cannot_move(client_for, director, published):
    scene_mark_shot(scene=Scene.objects.get(production=published.production, code="002"))
    body = post(client_for(director), [{"scene": "002", "start": None}]).json()
    assert [(v["scene"], v["rule"]) for v in body["violations"]] == [("002", "shot")]


def test_moves_that_cannot_be_read_are_a_400_naming_their_paths(client_for, director, published):
    client = client_for(director)
    response = post(client, [{"scene": "nope", "start": None}, {"scene": "003", "start": "2021-10-05T19:00:30Z"}])
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "moves[1].start: time '2021-10-05T19:00:30Z' is not on a whole minute",
    ]
    response = post(client, [{"scene": "nope", "start": None}])
    assert response.status_code == 400
    assert response.json()["errors"] == ['moves[0].scene: unknown scene "nope" in production tiny']


def test_publishing_on_a_stale_base_is_a_409(client_for, director, published):
    client = client_for(director)
    post(client, [FREE], dry_run=False)
    response = post(client, [{"scene": "002", "start": None}], dry_run=False, base=1)
    assert response.status_code == 409
    assert response.json()["violations"][0]["rule"] == "stale"


def test_moving_needs_the_permission_to_change_the_production(client_for, director, published):
    director.groups.remove(Group.objects.get(name=DIRECTORS))
    client = client_for(director)
    assert post(client, [FREE]).status_code == 403  # a dry run is the first step of the write, as on the board
    refused = post(client, [FREE], dry_run=False)
    assert refused.status_code == 403 and "scheduling.change_production" in refused.json()["errors"][0]
    assert published.production.schedule_versions.count() == 1


def test_another_director_s_production_is_a_404(client_for, other_director, published):
    assert post(client_for(other_director), [FREE]).status_code == 404


def test_an_old_version_is_restored_as_a_new_one(client_for, director, published):
    client = client_for(director)
    post(client, [FREE], dry_run=False)
    response = client.post("/api/productions/tiny/versions/1/restore/")
    assert response.status_code == 201 and response.json() == {"version": 3}
    first, restored = (client.get(f"/api/productions/tiny/versions/{n}/").json()["shoots"] for n in (1, 3))
    assert restored == first
    assert client.post("/api/productions/tiny/versions/9/restore/").status_code == 404
