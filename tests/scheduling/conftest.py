"""Fixtures of the schedule-check tests: "tiny" with a published schedule, and station operations on the API."""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import import_production, publish


@pytest.fixture
def tiny(small_document, director):
    """"tiny" published by the greedy engine: 003 then 001 in zvezda on the first evening, 002 in poisk the next
    morning. Its director has an email address."""
    director.email = "klim@example.org"
    director.save()
    production = import_production(small_document, director=director)
    publish(production)
    return production


@pytest.fixture
def operator_api(station_operator) -> APIClient:
    """Station operations over the API."""
    client = APIClient()
    client.force_login(station_operator)
    return client
