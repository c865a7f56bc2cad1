"""Repair: re-plan keeping every published shoot that still holds, moving only what the station broke, and
adding no scenes; the run says what moved and why."""

from datetime import datetime, timedelta, timezone

import io

import pytest
from django.core.management import CommandError, call_command

from crew.models import Module, ModuleClosure
from scheduling.models import Production, ScenePredecessor, SolveRun
from scheduling.production_file import production_document_check
from scheduling.runs import solve_run_execute, solve_run_request
from scheduling.services import production_import, scene_save
from scheduling.solver import greedy
from scheduling.solver.validator import validate
from scheduling.solving import (
    NEW_SINCE_PUBLISHED,
    NothingToRepair,
    production_problem,
    repair_left_out,
    schedule_publish,
    version_solution,
)

pytestmark = pytest.mark.django_db(transaction=True)  # the solve's heartbeat thread writes too

START = datetime(2021, 10, 5, 16, 0, tzinfo=timezone.utc)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def scene_entry(code: str, people: list[str], modules: list[str], minutes: int = 60, **fields) -> dict:
    entry = {"code": code, "title": f"Scene {code}", "minutes": minutes, "people": people, "modules": modules,
             "priority": 5, "required": False, "earliest": None, "latest": None, "after": [], "light": "any",
             "window": False}
    return {**entry, **fields}


def repairable_document() -> dict:
    """Two days, three people free all the time, two roomy modules and five one-hour scenes: after any one
    closure there is room to move the shoot it hits without touching the others."""
    free = [{"start": stamp(START), "end": stamp(START + timedelta(days=2))}]
    return {
        "format": "orbitfilm/production@1",
        "production": {"code": "repairable", "title": "Repairable", "station": "ISS", "start": stamp(START),
                       "end": stamp(START + timedelta(days=2)), "tle": None},
        "modules": [
            {"code": "zvezda", "name": "Zvezda", "segment": "ROS", "capacity": 3, "window": True, "closed": []},
            {"code": "nauka", "name": "Nauka", "segment": "ROS", "capacity": 3, "window": True, "closed": []},
        ],
        "people": [
            {"code": code, "name": code.title(), "role": "actor", "max_minutes_per_day": None, "free": free}
            for code in ("peresild", "shipenko", "novitskiy")
        ],
        "events": [],
        "scenes": [
            scene_entry("001", ["peresild", "shipenko"], ["zvezda"]),
            scene_entry("002", ["peresild"], ["zvezda", "nauka"], minutes=90),
            scene_entry("003", ["shipenko"], ["zvezda"]),
            scene_entry("004", ["novitskiy"], ["nauka"], minutes=45),
            scene_entry("005", ["novitskiy", "peresild"], ["nauka", "zvezda"], after=["001"]),
        ],
        "pinned": [],
    }


@pytest.fixture
def published(director) -> Production:
    """The repairable production with version 1 published by the stripboard engine."""
    production_import(document=production_document_check(repairable_document()), director=director)
    production = Production.objects.get(code="repairable")
    problem = production_problem(production=production)
    schedule_publish(production=production, problem=problem, solution=greedy.solve(problem))
    return production


def places(version) -> dict[str, tuple[datetime, str]]:
    return {shoot.scene.code: (shoot.start, shoot.module.code) for shoot in version.shoots.select_related("scene", "module")}


def close_under(production: Production, scene: str) -> ModuleClosure:
    """A closure of the module of the scene's published shoot, over that shoot and nothing else."""
    shoot = production.schedule_versions.get(number=1).shoots.select_related("module").get(scene__code=scene)
    return ModuleClosure.objects.create(module=shoot.module, start=shoot.start, end=shoot.end, reason="cargo transfer")


def repaired(production: Production, engine: str) -> SolveRun:
    run = solve_run_request(production=production, engine_name=engine, seconds=10, repair=True, queue=False)
    return solve_run_execute(run_id=run.pk)


@pytest.mark.parametrize("engine", ["greedy", "cp-sat"])
def test_repair_moves_exactly_the_broken_shoot_and_keeps_every_other_time_and_module(published, engine):
    before = places(published.schedule_versions.get(number=1))
    closure = close_under(published, "003")
    run = repaired(published, engine)
    assert run.status == SolveRun.Status.SUCCEEDED, run.message
    version = run.schedule_version
    after = places(version)
    assert {code: place for code, place in after.items() if code != "003"} == {
        code: place for code, place in before.items() if code != "003"
    }
    moved_start, moved_module = after["003"]
    assert moved_start != before["003"][0]
    assert moved_start >= closure.end or moved_start + timedelta(minutes=60) <= closure.start or moved_module != closure.module.code
    assert before["003"] == (closure.start, closure.module.code)
    problem = production_problem(production=published)
    assert validate(problem, version_solution(version=version, problem=problem)) == []
    (move,) = run.moves
    assert (move["scene"], move["from"]["module"], move["reason"]) == ("003", "zvezda", "zvezda is closed then")
    was = before["003"][0]
    assert move["line"] == f"moved 003 from {was:%d %b %H:%M} to {moved_start:%d %b %H:%M}: zvezda is closed then"
    assert "1 published shoots moved, 0 dropped" in run.message


def test_repair_adds_no_scenes_and_says_so(published):
    scene_save(production=published, entry=scene_entry("006", ["shipenko"], ["nauka"]))
    close_under(published, "004")
    run = repaired(published, "cp-sat")
    assert run.status == SolveRun.Status.SUCCEEDED, run.message
    left = {entry.scene.code: entry.reason for entry in run.schedule_version.unscheduled.select_related("scene")}
    assert left == {"006": NEW_SINCE_PUBLISHED}
    assert "1 scenes without a published shoot stay unscheduled (a repair adds no scenes)" in run.message
    assert [move["scene"] for move in run.moves] == ["004"]


def test_scenes_left_out_of_the_published_version_keep_their_reasons_and_what_comes_after_them_waits(published):
    version = published.schedule_versions.get(number=1)
    version.shoots.filter(scene__code="001").delete()
    version.unscheduled.create(scene=published.scenes.get(code="001"), reason="no slot fits its people")
    left = {entry.scene: entry.reason for entry in repair_left_out(production=published)}
    assert left == {
        "001": "no slot fits its people",
        "005": "comes after 001, which has no published shoot, so a repair cannot keep it",
    }
    assert {scene.code for scene in production_problem(production=published, repair=True).scenes} == {"002", "003", "004"}


def test_every_published_shoot_is_an_anchor_and_shot_scenes_stay_pinned(published):
    published.scenes.filter(code="002").update(shot=True)
    problem = production_problem(production=published, repair=True)
    assert {anchor.scene for anchor in problem.anchors} == {"001", "003", "004", "005"}
    assert [pin.scene for pin in problem.pins] == ["002"]


def test_nothing_to_repair_before_the_first_schedule(director):
    production_import(document=production_document_check(repairable_document()), director=director)
    production = Production.objects.get(code="repairable")
    with pytest.raises(NothingToRepair, match="has no published schedule to repair; schedule it first"):
        solve_run_request(production=production, repair=True, queue=False)
    assert not SolveRun.objects.exists()


def test_a_repair_that_finds_no_place_for_a_broken_shoot_drops_it_and_says_why(published):
    zvezda = Module.objects.get(station=published.station, code="zvezda")
    ModuleClosure.objects.create(module=zvezda, start=START, end=START + timedelta(days=2), reason="depressurised")
    ScenePredecessor.objects.filter(scene__production=published).delete()
    run = repaired(published, "greedy")
    assert run.status == SolveRun.Status.SUCCEEDED, run.message
    dropped = {move["scene"]: move for move in run.moves if move["to"] is None}
    assert set(dropped) == {"001", "003"}
    assert dropped["003"]["line"].startswith("dropped 003 (was ")
    assert "zvezda is closed then; " in dropped["003"]["line"]



def test_solve_repair_on_the_command_line_prints_each_move(published):
    close_under(published, "003")
    out = io.StringIO()
    call_command("solve", "repairable", "--repair", "--inline", "--engine", "greedy", stdout=out)
    run = SolveRun.objects.get(repair=True)
    lines = out.getvalue().splitlines()
    assert lines[-2].startswith("published repairable version 2: feasible") and "1 published shoots moved, 0 dropped" in lines[-2]
    assert lines[-1] == f"  {run.moves[0]['line']}"


def test_solve_repair_before_the_first_schedule_is_refused(director):
    production_import(document=production_document_check(repairable_document()), director=director)
    with pytest.raises(CommandError, match="has no published schedule to repair"):
        call_command("solve", "repairable", "--repair", "--inline", stdout=io.StringIO())
