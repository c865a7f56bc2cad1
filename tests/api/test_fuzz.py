"""Schemathesis fuzzes every operation of the OpenAPI schema through the WSGI app, as a director who owns a
production with a published schedule: no response may be a server error or break the documented schema.

Path parameters are pinned to real objects (production "tiny", scene "001", station "ISS", ...) so requests
reach the code behind the lookups; bodies and query strings are generated. Each request runs in a savepoint
that is rolled back, so a generated DELETE does not starve the requests after it.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from orbitfilm.wsgi import application
from scheduling.breakdown_services import casting_replace, element_save
from scheduling.selectors import scene_entry
from scheduling.services import scene_save

from .conftest import publish

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = int(os.environ.get("ORBITFILM_FUZZ_EXAMPLES", "25"))  # per operation; about a minute in all at 25
FUZZ_CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


PINNED_PARAMETERS = {
    "code": "tiny", "scene": "001", "station": "ISS", "module": "zvezda", "person": "peresild", "event": "thruster",
    "number": 1, "element": "cam-a",
}

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.update(parameters=PINNED_PARAMETERS)


@pytest.fixture
def director_token(director, production, redis_server, settings) -> str:
    """A token of the director of "tiny" (two published versions, a camera its first scene uses, a casting);
    Redis is up, throttles are out of the way."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "100000/min", "solves": "100000/min", "calendar": "100000/min"},
    }
    element_save(production=production, entry={"code": "cam-a", "category": "equipment", "quantity": 1})
    scene_save(production=production, entry={**scene_entry(scene=production.scenes.get(code="001")), "elements": [{"element": "cam-a"}]}, code="001")
    casting_replace(production=production, entries=[{"character": "ZHENYA", "person": "peresild"}])
    publish(production)
    publish(production)
    # Django's test client keeps the test's connection open across requests; a plain WSGI call would close
    # it at the end of each request, and the test's transaction with it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield Token.objects.create(user=director).key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_generated_request_without_a_server_error_and_within_its_schema(case, director_token):
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Token {director_token}"}, checks=FUZZ_CHECKS)
        transaction.set_rollback(True)
