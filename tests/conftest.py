"""Fixtures shared by the Django-side tests: the demo file, users in each role, and a factory of documents."""

import copy
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from crew.services import DIRECTORS, STATION_OPERATIONS

REPO = Path(__file__).resolve().parent.parent
DEMO_FILE = REPO / "demo" / "challenge.json"


@pytest.fixture(scope="session")
def demo_document() -> dict:
    return json.loads(DEMO_FILE.read_text())


@pytest.fixture
def small_document() -> dict:
    """A tiny valid production: two modules, two people, three scenes, one event, one pin."""
    return copy.deepcopy(
        {
            "format": "orbitfilm/production@1",
            "production": {
                "code": "tiny", "title": "Tiny", "station": "ISS",
                "start": "2021-10-05T16:00:00Z", "end": "2021-10-07T16:00:00Z", "tle": None,
            },
            "modules": [
                {"code": "zvezda", "name": "Zvezda", "segment": "ROS", "capacity": 3, "window": True,
                 "closed": [{"start": "2021-10-06T08:00:00Z", "end": "2021-10-06T10:00:00Z", "reason": "cargo"}]},
                {"code": "poisk", "name": "Poisk", "segment": "ROS", "capacity": 2, "window": False, "closed": []},
            ],
            "people": [
                {"code": "peresild", "name": "Yulia Peresild", "role": "actor", "max_minutes_per_day": 300,
                 "free": [{"start": "2021-10-05T16:00:00Z", "end": "2021-10-05T21:00:00Z"},
                          {"start": "2021-10-06T07:00:00Z", "end": "2021-10-06T21:00:00Z"}]},
                {"code": "shipenko", "name": "Klim Shipenko", "role": "director", "max_minutes_per_day": None,
                 "free": [{"start": "2021-10-05T16:00:00Z", "end": "2021-10-06T21:00:00Z"}]},
            ],
            "events": [
                {"code": "thruster", "title": "Thruster test", "start": "2021-10-06T09:00:00Z",
                 "end": "2021-10-06T09:45:00Z", "people": "all", "modules": ["zvezda"]},
            ],
            "scenes": [
                {"code": "001", "title": "Arrival", "minutes": 60, "people": ["peresild", "shipenko"],
                 "modules": ["zvezda"], "priority": 10, "required": True, "earliest": None, "latest": None,
                 "after": [], "light": "any", "window": False},
                {"code": "002", "title": "Examination", "minutes": 90, "people": ["peresild"],
                 "modules": ["poisk", "zvezda"], "priority": 5, "required": False,
                 "earliest": "2021-10-06T00:00:00Z", "latest": None, "after": ["001"], "light": "any",
                 "window": False},
                {"code": "003", "title": "Window", "minutes": 30, "people": ["shipenko"],
                 "modules": ["zvezda"], "priority": 2, "required": False, "earliest": None, "latest": None,
                 "after": [], "light": "any", "window": True},
            ],
            "pinned": [{"scene": "001", "start": "2021-10-05T17:00:00Z", "module": "zvezda"}],
        }
    )


def _user(username: str, group: str | None):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def director(db):
    return _user("director1", DIRECTORS)


@pytest.fixture
def other_director(db):
    return _user("director2", DIRECTORS)


@pytest.fixture
def station_operator(db):
    return _user("stationops1", STATION_OPERATIONS)
