"""The Challenge demo's limited equipment (hard constraint 10) from the database to the published schedule:
one camera A, one camera B and one light kit, never used by two shoots at once."""

import copy
from collections import defaultdict

import pytest

from scheduling.models import Production
from scheduling.production_file import production_document_check
from scheduling.services import production_import
from scheduling.solver import engine
from scheduling.solver.validator import validate
from scheduling.solving import production_problem, schedule_publish, version_solution

pytestmark = pytest.mark.django_db(transaction=True)  # the solve's heartbeat thread writes too

LIMITED = {"cam-a": 1, "cam-b": 1, "light-kit": 1}


def imported(document: dict) -> Production:
    production_import(document=production_document_check(document))
    return Production.objects.get(code=document["production"]["code"])


def uses_at_once(problem, shoots) -> dict[str, int]:
    """The most shoots using each limited element at one minute, counted minute by minute."""
    in_use: dict[tuple[str, int], int] = defaultdict(int)
    for shoot in shoots:
        for code, count in problem.scene(shoot.scene).elements:
            if code in LIMITED:
                for minute in range(shoot.start, shoot.end):
                    in_use[code, minute] += count
    most: dict[str, int] = defaultdict(int)
    for (code, _), count in in_use.items():
        most[code] = max(most[code], count)
    return dict(most)


def test_the_demo_schedules_without_using_a_camera_twice_at_once(demo_document):
    production = imported(demo_document)
    problem = production_problem(production=production)
    assert {element.code: element.quantity for element in problem.elements if element.quantity is not None} == LIMITED
    solution = engine.solve(problem, engine="cp-sat", seconds=20)
    version = schedule_publish(production=production, problem=problem, solution=solution)
    published = version_solution(version=version, problem=production_problem(production=production))
    assert validate(problem, published) == []
    assert set(uses_at_once(problem, published.shoots).values()) == {1}


def test_two_scenes_that_only_share_the_camera_and_their_only_slot_are_never_shot_together(demo_document):
    # Two guests, each free for one 75-minute slot, each with a module of their own: nothing but cam-a stands
    # between their scenes, and nothing else can take their people or modules then.
    document = copy.deepcopy(demo_document)
    slot = {"start": "2021-10-07T17:45:00Z", "end": "2021-10-07T19:00:00Z"}
    for code, person, module in (("X1", "kotov", "unity"), ("X2", "klimuk", "harmony")):
        document["people"].append({"code": person, "name": person.title(), "role": "guest", "max_minutes_per_day": None,
                                   "free": [slot]})
        document["modules"].append({"code": module, "name": module.title(), "segment": "USOS", "capacity": 2,
                                    "window": False, "closed": []})
        document["scenes"].append({
            "code": code, "title": f"Second unit {code}", "minutes": 75, "people": [person], "modules": [module],
            "priority": 100, "required": False, "earliest": None, "latest": None, "after": [], "light": "any",
            "window": False, "elements": [{"element": "cam-a", "count": 1}],
        })
    production = imported(document)
    problem = production_problem(production=production)
    solution = engine.solve(problem, engine="cp-sat", seconds=20)
    assert validate(problem, solution) == []
    shot = {shoot.scene for shoot in solution.shoots} & {"X1", "X2"}
    assert len(shot) == 1  # worth more than anything else the camera could do then, but only one fits
    (kept,), (other,) = shot, {"X1", "X2"} - shot
    reasons = {entry.scene: entry.reason for entry in solution.unscheduled}
    assert reasons[other] == f"needs cam-a, which scene {kept} uses then"
