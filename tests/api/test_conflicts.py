"""GET /api/productions/{code}/conflicts/: the current schedule against the station as it is now."""

import pytest
import yaml
from django.test import Client

from core.times import format_time
from scheduling.models import ScheduleCheck, Shoot

pytestmark = pytest.mark.django_db

ISS = "/api/stations/ISS/"


def test_conflicts_answer_the_version_when_it_was_checked_and_each_broken_shoot(
    client_for, director, station_operator, published
):
    url = "/api/productions/tiny/conflicts/"
    clean = client_for(director).get(url)
    assert clean.status_code == 200
    assert clean.json()["version"] == published.number and clean.json()["conflicts"] == []
    target = Shoot.objects.select_related("module").get(version=published, scene__code="003")
    closure = {"module": target.module.code, "start": format_time(target.start), "end": format_time(target.end), "reason": "leak"}
    assert client_for(station_operator).post(ISS + "closures/", closure, format="json").status_code == 201
    body = client_for(director).get(url).json()
    assert list(body) == ["version", "checked", "conflicts"]
    assert body["version"] == 1 and body["checked"].endswith("Z")
    assert [list(conflict) for conflict in body["conflicts"]] == [["scene", "rule", "message"]]
    assert [(c["scene"], c["rule"]) for c in body["conflicts"]] == [("003", "closure")]
    assert f"{target.module.code} is closed" in body["conflicts"][0]["message"]
    assert ScheduleCheck.objects.get(production=published.production).conflicts == body["conflicts"]  # stored


def test_conflicts_are_404_before_any_schedule_and_for_anyone_elses_production(client_for, director, other_director, production):
    assert client_for(director).get("/api/productions/tiny/conflicts/").status_code == 404
    assert client_for(other_director).get("/api/productions/tiny/conflicts/").status_code == 404
    assert client_for(None).get("/api/productions/tiny/conflicts/").status_code == 401


def test_the_conflicts_shape_is_in_the_schema():
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    operation = schema["paths"]["/api/productions/{code}/conflicts/"]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    check = schema["components"]["schemas"][ok]
    assert set(check["properties"]) == {"version", "checked", "conflicts"}
    conflict = schema["components"]["schemas"][check["properties"]["conflicts"]["items"]["$ref"].rsplit("/", 1)[-1]]
    assert set(conflict["properties"]) == {"scene", "rule", "message"}
