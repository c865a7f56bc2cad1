"""Throttles: writes per user, solve requests per user, calendar subscriptions per address; reads are free."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_writes_beyond_the_rate_get_429_with_retry_after(client_for, director, production, rates):
    rates(writes="3/min")
    client = client_for(director)
    statuses = [client.patch("/api/productions/tiny/scenes/002/", {"priority": 6}, format="json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.patch("/api/productions/tiny/scenes/002/", {"priority": 6}, format="json")
    assert int(response["Retry-After"]) > 0
    assert response.json()["errors"][0].startswith("Request was throttled.")


def test_reads_are_not_throttled(client_for, director, production, rates):
    rates(writes="1/min")
    client = client_for(director)
    assert {client.get("/api/productions/tiny/scenes/").status_code for _ in range(5)} == {200}


def test_the_write_limit_is_per_user(client_for, director, other_director, production, other_production, rates):
    rates(writes="1/min")
    assert client_for(director).patch("/api/productions/tiny/scenes/002/", {"priority": 6}, format="json").status_code == 200
    assert client_for(other_director).patch("/api/productions/other/scenes/002/", {"priority": 6}, format="json").status_code == 200


def test_solve_requests_have_their_own_tighter_limit(client_for, director, production, rates, redis_server, settings):
    settings.CELERY_BROKER_URL = redis_server
    rates(solves="2/min")
    client = client_for(director)
    first = client.post("/api/productions/tiny/solve-runs/", {"engine": "greedy"}, format="json")
    second = client.post("/api/productions/tiny/solve-runs/", {"engine": "greedy"}, format="json")
    third = client.post("/api/productions/tiny/solve-runs/", {"engine": "greedy"}, format="json")
    assert (first.status_code, second.status_code, third.status_code) == (202, 409, 429)


def test_calendar_subscriptions_are_limited_per_address(production, rates):
    rates(calendar="2/min")
    client = APIClient()
    assert [client.get("/api/calendar/x.ics").status_code for _ in range(3)] == [404, 404, 429]
