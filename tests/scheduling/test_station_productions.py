"""Several productions on one station: each solve works around the others' published shoots."""

import copy
from dataclasses import replace

import pytest

from crew.models import Station
from scheduling.models import Production, Shoot
from scheduling.production_file import production_document_check
from scheduling.runs import solve_run_execute, solve_run_request
from scheduling.services import production_import
from scheduling.solver import engine
from scheduling.solving import production_problem, schedule_publish, version_solution
from scheduling.solver.validator import validate
from scheduling.station_check import station_conflicts

pytestmark = pytest.mark.django_db(transaction=True)  # the solve's heartbeat thread writes too


def documentary(demo_document: dict) -> dict:
    """A making-of shot on the same station, by the same people, in the same modules, at the same time."""
    document = copy.deepcopy(demo_document)
    document["production"].update(code="making-of", title="Challenge: the making-of", tle=None)
    document["pinned"] = []
    document["scenes"] = [
        {"code": f"M{index:02d}", "title": f"Behind the scenes {index}", "minutes": 60,
         "people": ["peresild", "shipenko"], "modules": ["zvezda", "nauka"], "priority": 3, "required": False,
         "earliest": None, "latest": None, "after": [], "light": "any", "window": False}
        for index in range(1, 13)
    ]
    return document


def solved(production: Production, engine: str = "cp-sat"):
    run = solve_run_request(production=production, engine_name=engine, seconds=10, queue=False)
    return solve_run_execute(run_id=run.pk)


def test_two_productions_on_one_station_never_double_book(demo_document):
    production_import(document=production_document_check(demo_document))
    production_import(document=production_document_check(documentary(demo_document)))
    challenge, making_of = Production.objects.get(code="challenge"), Production.objects.get(code="making-of")

    first = solved(challenge)
    second = solved(making_of)

    assert first.status == second.status == "succeeded"
    assert "worked around the published shoots of challenge" in second.message
    assert Shoot.objects.filter(version__production=making_of).count() > 0
    assert station_conflicts(station=Station.objects.get(code="ISS")) == []
    for production in (challenge, making_of):  # each against the other's shoots as blocks, too
        version = production.schedule_versions.get()
        problem = production_problem(production=production)
        assert validate(problem, version_solution(version=version, problem=problem)) == []


def test_cross_production_check_finds_a_double_booking(demo_document):
    production_import(document=production_document_check(demo_document))
    production_import(document=production_document_check(documentary(demo_document)))
    challenge, making_of = Production.objects.get(code="challenge"), Production.objects.get(code="making-of")
    solved(challenge, engine="greedy")
    # Publish the making-of as if the challenge's shoots were not there: its validator cannot see them.
    blind = production_problem(production=making_of)
    blind = replace(blind, events=tuple(e for e in blind.events if not e.code.startswith("production:")))
    schedule_publish(production=making_of, problem=blind, solution=engine.solve(blind, engine="greedy"))

    conflicts = station_conflicts(station=Station.objects.get(code="ISS"))
    assert conflicts
    assert all("is double-booked" in c and "challenge scene" in c and "making-of scene" in c for c in conflicts)


def test_infeasible_production_fails_its_run_naming_the_conflicts(small_document):
    small_document["scenes"][0]["minutes"] = 200  # the pinned, required arrival no longer fits where pinned
    small_document["pinned"] = [{"scene": "001", "start": "2021-10-05T17:00:00Z", "module": "zvezda"}]
    small_document["people"][0]["free"][0]["end"] = "2021-10-05T19:00:00Z"
    production_import(document=production_document_check(small_document))
    run = solved(Production.objects.get(code="tiny"))
    assert run.status == "failed"
    assert run.message.startswith("infeasible: ") and "001" in run.message
    assert not Production.objects.get(code="tiny").schedule_versions.exists()
