"""Fixtures for the API tests: clients logged in as each role, productions owned by them, published versions."""

import copy

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from scheduling.models import Production, ScheduleVersion
from scheduling.production_file import production_document_check
from scheduling.services import production_import
from scheduling.solver import engine
from scheduling.solving import production_problem, schedule_publish

STATION_MODELS = ("station", "module", "moduleclosure", "crewmember", "freewindow", "stationevent")


@pytest.fixture
def viewer(db):
    """A read-only account: view permissions on station data and productions, no group, no write permission."""
    user = get_user_model().objects.create_user(username="viewer1", password="pw-viewer1")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="crew", codename__in=[f"view_{m}" for m in STATION_MODELS])
        | Permission.objects.filter(content_type__app_label="scheduling", codename__startswith="view_")
    )
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="admin1", password="pw-admin1")


@pytest.fixture
def client_for():
    """`client_for(user)`: an API client logged in with a session (None: anonymous)."""
    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client
    return make


def import_production(document: dict, *, director=None) -> Production:
    production_import(document=production_document_check(copy.deepcopy(document)), director=director)
    return Production.objects.get(code=document["production"]["code"])


def publish(production: Production) -> ScheduleVersion:
    """A new schedule version from the stripboard engine, published as a worker would (validated first)."""
    problem = production_problem(production=production)
    return schedule_publish(production=production, problem=problem, solution=engine.solve(problem, engine="greedy"))


@pytest.fixture
def production(director, small_document) -> Production:
    """"tiny", directed by `director`: three scenes, one pinned, nothing published yet."""
    return import_production(small_document, director=director)


@pytest.fixture
def other_production(other_director, small_document) -> Production:
    """"other" on the same station, directed by `other_director`; its pin is a day after tiny's, since
    productions on one station share its crew and modules."""
    document = copy.deepcopy(small_document)
    document["production"]["code"] = "other"
    document["pinned"][0]["start"] = "2021-10-06T12:00:00Z"
    return import_production(document, director=other_director)


@pytest.fixture
def published(production) -> ScheduleVersion:
    return publish(production)
