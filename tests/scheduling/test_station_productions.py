"""Several productions on one station: each solve works around the others' published shoots."""

import copy
import json
import re
from dataclasses import replace

import pytest

from crew.models import Station
from scheduling import runs
from scheduling.models import Pin, Production, ScheduleVersion, Shoot, SolveRun
from scheduling.production_file import production_document_check
from scheduling.runs import MOST_SOLVES, solve_run_execute, solve_run_request
from scheduling.services import production_import
from scheduling.solver import engine
from scheduling.solver.problem import Problem
from scheduling.solver.validator import validate
from scheduling.solving import (
    BOOKED_ELSEWHERE, BookedElsewhere, production_problem, schedule_publish, version_solution, worked_around,
)
from scheduling.station_check import station_conflicts
from scheduling.web.station_timeline import TIMELINE_MAX_DAYS, station_timeline, station_timeline_start
from tests.conftest import DEMO_FILE
from tests.factories import production_document_build
from tests.scheduling.test_worker import wait_for

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


CHALLENGE_SCENES = [scene["code"] for scene in json.loads(DEMO_FILE.read_text())["scenes"]]


def assert_names_nothing_of_the_challenge(sentences) -> None:
    """What the making-of's director reads names neither the challenge production nor any of its scenes."""
    text = " / ".join(sentences)
    assert "challenge" not in text.lower(), text
    assert not [code for code in CHALLENGE_SCENES if re.search(rf"\b{code}\b", text)], text


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
    assert re.search(r"worked around \d+ shoots booked by other productions", second.message)
    assert "challenge" not in second.message
    assert Shoot.objects.filter(version__production=making_of).count() > 0
    assert station_conflicts(station=Station.objects.get(code="ISS")) == []
    for production in (challenge, making_of):  # each against the other's shoots as blocks, too
        version = production.schedule_versions.get()
        problem = production_problem(production=production)
        assert validate(problem, version_solution(version=version, problem=problem)) == []


def blind(problem: Problem) -> Problem:
    """The problem as if no other production had published anything: what a solve that began earlier saw."""
    return replace(problem, events=tuple(event for event in problem.events if event.code != BOOKED_ELSEWHERE))


def test_publishing_over_shoots_another_production_published_meanwhile_is_refused(demo_document):
    production_import(document=production_document_check(demo_document))
    production_import(document=production_document_check(documentary(demo_document)))
    challenge, making_of = Production.objects.get(code="challenge"), Production.objects.get(code="making-of")
    solved(challenge, engine="greedy")
    late = blind(production_problem(production=making_of))

    with pytest.raises(BookedElsewhere) as refused:
        schedule_publish(production=making_of, problem=late, solution=engine.solve(late, engine="greedy"))

    assert not making_of.schedule_versions.exists()
    sentences = refused.value.lines()
    assert sentences and all(re.fullmatch(
        r"scene M\d\d \(2021-10-\d\d \d\d:\d\d-\d\d:\d\d UTC\): "
        r"[a-z ,]+ (is|are) booked by another production 2021-10-\d\d \d\d:\d\d-\d\d:\d\d UTC", sentence
    ) for sentence in sentences), sentences
    assert_names_nothing_of_the_challenge(sentences)


def test_station_check_finds_a_double_booking_written_behind_publications_back(demo_document):
    production_import(document=production_document_check(demo_document))
    production_import(document=production_document_check(documentary(demo_document)))
    challenge, making_of = Production.objects.get(code="challenge"), Production.objects.get(code="making-of")
    published = solved(challenge, engine="greedy").schedule_version
    # A version of the making-of on exactly the challenge's first shoot, written straight into the tables.
    clash = next(shoot for shoot in published.shoots.order_by("start") if "peresild" in shoot.people)
    version = ScheduleVersion.objects.create(
        production=making_of, number=1, created=clash.start, status="feasible", objective=0, engine="greedy", seconds=0,
    )
    Shoot.objects.create(
        version=version, scene=making_of.scenes.get(code="M01"), module=clash.module, start=clash.start,
        end=clash.end, people=["peresild", "shipenko"],
    )

    conflicts = station_conflicts(station=Station.objects.get(code="ISS"))
    assert conflicts
    assert all("is double-booked" in c and "challenge scene" in c and "making-of scene M01" in c for c in conflicts)
    assert f"module {clash.module.code} is double-booked: challenge scene {clash.scene.code}" in " / ".join(conflicts)


def test_infeasible_production_fails_its_run_naming_the_conflicts(small_document):
    small_document["scenes"][0]["minutes"] = 200  # the pinned, required arrival no longer fits where pinned
    small_document["pinned"] = [{"scene": "001", "start": "2021-10-05T17:00:00Z", "module": "zvezda"}]
    small_document["people"][0]["free"][0]["end"] = "2021-10-05T19:00:00Z"
    production_import(document=production_document_check(small_document))
    run = solved(Production.objects.get(code="tiny"))
    assert run.status == "failed"
    assert run.message.startswith("infeasible: ") and "001" in run.message
    assert not Production.objects.get(code="tiny").schedule_versions.exists()


def challenge_published_during_the_first_build(monkeypatch, challenge: Production, *, every_time: bool = False):
    """Make the challenge publish its schedule just after the making-of's solve has read the station, as a
    second worker would; with `every_time`, every solve of the making-of reads the station too early."""
    early = production_problem(production=challenge)
    schedule = engine.solve(early, engine="greedy")
    builds = []

    def problem_then_race(**kwargs):
        problem = production_problem(**kwargs)
        if not builds:
            schedule_publish(production=challenge, problem=early, solution=schedule)
        builds.append(problem)
        return blind(problem) if every_time else problem

    monkeypatch.setattr(runs, "production_problem", problem_then_race)
    return builds


def two_productions(demo_document) -> tuple[Production, Production]:
    production_import(document=production_document_check(demo_document))
    production_import(document=production_document_check(documentary(demo_document)))
    return Production.objects.get(code="challenge"), Production.objects.get(code="making-of")


def test_a_run_whose_shoots_were_booked_meanwhile_solves_again_around_them(demo_document, monkeypatch):
    challenge, making_of = two_productions(demo_document)
    builds = challenge_published_during_the_first_build(monkeypatch, challenge)

    run = solved(making_of, engine="greedy")

    assert len(builds) == 2 and worked_around(builds[0]) == 0 < worked_around(builds[1])
    assert run.status == "succeeded" and "solved 2 times: another production booked" in run.message
    assert_names_nothing_of_the_challenge([run.message])
    assert station_conflicts(station=Station.objects.get(code="ISS")) == []
    version = making_of.schedule_versions.get()
    problem = production_problem(production=making_of)
    assert validate(problem, version_solution(version=version, problem=problem)) == []


def test_a_run_whose_shoots_keep_being_booked_first_fails_in_the_directors_words(demo_document, monkeypatch):
    challenge, making_of = two_productions(demo_document)
    builds = challenge_published_during_the_first_build(monkeypatch, challenge, every_time=True)

    run = solved(making_of, engine="greedy")

    assert len(builds) == MOST_SOLVES
    assert run.status == "failed" and not making_of.schedule_versions.exists()
    assert run.message.startswith(f"not published: in {MOST_SOLVES} solves in a row, another production booked")
    assert re.search(r"scene M\d\d \([^)]*\): [a-z ,]+ (is|are) booked by another production 2021-10-", run.message)
    assert_names_nothing_of_the_challenge([run.message])
    assert station_conflicts(station=Station.objects.get(code="ISS")) == []


def test_a_pin_on_another_productions_shoot_is_explained_without_naming_it(demo_document):
    challenge, making_of = two_productions(demo_document)
    taken = next(  # a challenge shoot with both people of M01 in one of its modules
        shoot for shoot in solved(challenge, engine="greedy").schedule_version.shoots.order_by("start")
        if {"peresild", "shipenko"} <= set(shoot.people) and shoot.module.code in ("zvezda", "nauka")
    )
    scene = making_of.scenes.get(code="M01")
    scene.minutes = int((taken.end - taken.start).total_seconds() // 60)  # so only the booking is in the way
    scene.save()
    Pin.objects.create(scene=scene, start=taken.start, module=taken.module)

    run = solved(making_of, engine="greedy")

    assert run.status == "failed" and run.message.startswith("infeasible: ") and "M01" in run.message
    assert re.search(r"booked by another production 2021-10-\d\d \d\d:\d\d-\d\d:\d\d UTC blocks peresild", run.message)
    assert_names_nothing_of_the_challenge([run.message])


def run_now(run: SolveRun) -> SolveRun:
    return SolveRun.objects.select_related("production").get(pk=run.pk)


def shared_station_productions() -> list[Production]:
    """Two productions on one station casting the same four people in the same three modules over the same
    days, each with more scene minutes than the crew has: every shoot of one is a slot the other wants."""
    productions = []
    for code, seed in (("alpha", 11), ("beta", 12)):
        document = production_document_build(code=code, days=5, scenes=60, people=4, modules=3, seed=seed)
        production_import(document=production_document_check(document))
        productions.append(Production.objects.get(code=code))
    return productions


def timeline_overlaps(station: Station) -> list[str]:
    """Person rows of the station timeline where shoots of two productions (two colours) overlap."""
    start = station_timeline_start(station=station)
    overlaps = []
    for row in station_timeline(station=station, start=start, days=TIMELINE_MAX_DAYS).rows:
        # One production's shoots of one person never overlap, so an overlap shows between neighbours.
        shoots = sorted(
            (float(block.left), float(block.left) + float(block.width), block.colour)
            for block in row.blocks if block.kind == "shoot"
        )
        overlaps += [
            f"{row.code}: {first} and {second}" for first, second in zip(shoots, shoots[1:])
            if second[0] < first[1] - 1e-3 and second[2] != first[2]
        ]
    return overlaps


@pytest.mark.worker
@pytest.mark.slow
def test_two_productions_solved_at_once_by_two_workers_never_clash(celery_workers):
    alpha, beta = shared_station_productions()
    station = alpha.station
    celery_workers("worker1")
    celery_workers("worker2")
    solved_again = 0
    for round_ in range(1, 6):
        ScheduleVersion.objects.filter(production__in=[alpha, beta]).delete()  # both start from an empty station
        pair = [solve_run_request(production=production, seconds=6) for production in (alpha, beta)]
        wait_for(lambda: all(not run_now(run).active for run in pair), 180, f"round {round_}: both runs to end")
        pair = [run_now(run) for run in pair]
        assert [run.status for run in pair] == ["succeeded", "succeeded"], [run.message for run in pair]
        assert station_conflicts(station=station) == [], f"round {round_}"
        assert timeline_overlaps(station) == [], f"round {round_}"
        for run in pair:
            problem = production_problem(production=run.production)
            assert validate(problem, version_solution(version=run.schedule_version, problem=problem)) == []
        solved_again += sum("solved 2 times" in run.message or "solved 3 times" in run.message for run in pair)
        print(f"\nround {round_}: " + " | ".join(f"{run.production.code}: {run.message}" for run in pair))
    assert solved_again >= 1  # the two solves did race: one of them found its plan booked and solved again
