"""Constraints the database itself enforces."""

from datetime import datetime, timezone

import pytest
from django.db import IntegrityError, transaction

from crew.models import CrewMember, FreeWindow, Module, ModuleClosure, Station, StationEvent
from scheduling.models import Production, Scene, ScenePredecessor

pytestmark = pytest.mark.django_db

T0 = datetime(2021, 10, 5, 16, tzinfo=timezone.utc)
T1 = datetime(2021, 10, 5, 18, tzinfo=timezone.utc)


@pytest.fixture
def station():
    return Station.objects.create(code="ISS")


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_module_codes_are_unique_per_station_only(station):
    Module.objects.create(station=station, code="zvezda", capacity=3)
    assert refused(lambda: Module.objects.create(station=station, code="zvezda", capacity=2))
    other = Station.objects.create(code="axiom")
    Module.objects.create(station=other, code="zvezda", capacity=2)


def test_module_capacity_must_be_positive(station):
    assert refused(lambda: Module.objects.create(station=station, code="poisk", capacity=0))


def test_crew_member_codes_are_unique_per_station(station):
    CrewMember.objects.create(station=station, code="dubrov")
    assert refused(lambda: CrewMember.objects.create(station=station, code="dubrov"))


def test_daily_cap_must_be_positive_when_set(station):
    assert refused(lambda: CrewMember.objects.create(station=station, code="x", max_minutes_per_day=0))
    CrewMember.objects.create(station=station, code="y", max_minutes_per_day=None)


def test_spans_must_end_after_they_start(station):
    member = CrewMember.objects.create(station=station, code="dubrov")
    module = Module.objects.create(station=station, code="zvezda", capacity=3)
    assert refused(lambda: FreeWindow.objects.create(crew_member=member, start=T1, end=T0))
    assert refused(lambda: ModuleClosure.objects.create(module=module, start=T0, end=T0))
    assert refused(lambda: StationEvent.objects.create(station=station, code="e", start=T1, end=T0))
    assert refused(lambda: Production.objects.create(code="p", station=station, start=T1, end=T0))


def test_scene_rules(station):
    production = Production.objects.create(code="p", station=station, start=T0, end=T1)
    scene = Scene.objects.create(production=production, code="001", minutes=30)
    assert refused(lambda: Scene.objects.create(production=production, code="001", minutes=30))
    assert refused(lambda: Scene.objects.create(production=production, code="002", minutes=0))
    assert refused(lambda: Scene.objects.create(production=production, code="003", minutes=5, priority=0))
    assert refused(lambda: Scene.objects.create(production=production, code="004", minutes=5, earliest=T1, latest=T0))
    assert refused(lambda: ScenePredecessor.objects.create(scene=scene, predecessor=scene))
