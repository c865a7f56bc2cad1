"""Solving a production and publishing the result as a new schedule version.

The one way from the database to the solver is `production_problem`: the production's file document
(exactly what `export_production` writes) through the solver's mapper, with the other productions' published
shoots on the station as blocks. Every result passes the independent validator before `schedule_publish`
writes it, and publication is atomic and serialised per station: it checks the shoots once more against the
other productions' current schedules, which may have changed while the solve ran.
"""

from __future__ import annotations

import copy
import functools
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import NamedTuple

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import DomainError, Fault
from core.times import format_time
from crew.models import Module, Station
from crew.signals import station_changed_note

from .models import Production, Scene, ScenePredecessor, ScheduleVersion, Shoot, SolveRun, UnscheduledScene
from .left_out import scenes_left_out
from .selectors import production_document, schedule_version_get
from .solver.mapping import problem_from_document
from .solver.problem import Pin, Problem
from .solver.solution import Shoot as SolverShoot
from .solver.solution import Solution, Unscheduled
from .solver.validator import assert_valid
from .station_check import Booking, bookings_taken_elsewhere, current_shoots


def production_problem(*, production: Production, replan_from: datetime | None = None, repair: bool = False) -> Problem:
    """The production as a solver problem. Scenes marked shot stay where the current schedule has them; scenes
    the script left out (`scenes_left_out`: omitted, or after an omitted one) are not in it.

    Re-planning from an instant also keeps every published shoot that starts before it, lets nothing new start
    before it, and hands the published shoots after it to the engine as anchors to move as little as possible.
    A repair hands every published shoot to the engine as an anchor and leaves out every scene without one
    (`repair_left_out`): it fixes the plan where the station broke it, and adds nothing to it.
    """
    document = production_document(production=production)
    current = schedule_version_get(production=production)
    published = {}
    if current is not None:
        published = {
            code: PublishedShoot(start, module)
            for code, start, module in current.shoots.values_list("scene__code", "start", "module__code")
        }
    if repair:
        document = _without_scenes(document, {left.scene for left in repair_left_out(production=production)})
    frozen = {code for code in production.scenes.filter(shot=True).values_list("code", flat=True) if code in published}
    if replan_from is not None:
        frozen |= {code for code, shoot in published.items() if shoot.start < replan_from}
    left_out = scenes_left_out(production=production, kept=frozen)
    if left_out:
        document = _without_scenes(document, left_out)
    if frozen or replan_from is not None:
        document = _frozen_document(document, published, frozen, replan_from)
    document["events"] = document["events"] + other_productions_blocks(production=production)
    problem = _problem_of(document)
    if replan_from is not None or repair:
        scenes = {scene.code for scene in problem.scenes}
        anchors = [
            Pin(scene=code, start=problem.minute_at(shoot.start), module=shoot.module)
            for code, shoot in published.items() if code not in frozen and code in scenes
        ]
        problem = replace(problem, anchors=tuple(anchors))
    return problem


class NothingToRepair(DomainError):
    def __init__(self, production: Production):
        super().__init__(f"production {production.code} has no published schedule to repair; schedule it first")


NEW_SINCE_PUBLISHED = "not in the published version, and a repair adds no scenes: schedule again to fit it in"


def repair_left_out(*, production: Production) -> tuple[Unscheduled, ...]:
    """The scenes a repair leaves unscheduled, in the production's order, each with why: those the current version
    left out keep its reason, scenes added since say so, and a published scene that now comes after one of
    those cannot be kept either. Raises `NothingToRepair` before the first publication."""
    current = schedule_version_get(production=production)
    if current is None:
        raise NothingToRepair(production)
    kept = set(current.shoots.values_list("scene__code", flat=True))
    reasons = dict(current.unscheduled.values_list("scene__code", "reason"))
    codes = list(production.scenes.values_list("code", flat=True))
    left = {code: reasons.get(code, NEW_SINCE_PUBLISHED) for code in codes if code not in kept}
    after = defaultdict(list)
    for code, before in ScenePredecessor.objects.filter(scene__production=production).values_list("scene__code", "predecessor__code"):
        after[code].append(before)
    while True:  # until no kept scene waits on one left out
        stranded = {code: missing for code in kept if (missing := [before for before in after[code] if before not in kept])}
        if not stranded:
            break
        for code, missing in stranded.items():
            kept.discard(code)
            left[code] = f"comes after {missing[0]}, which has no published shoot, so a repair cannot keep it"
    return tuple(Unscheduled(scene=code, reason=left[code]) for code in codes if code in left)


class PublishedShoot(NamedTuple):
    start: datetime
    module: str  # its code


@functools.lru_cache(maxsize=8)
def _problem_of_text(text: str) -> Problem:
    return problem_from_document(json.loads(text))


def _problem_of(document: dict) -> Problem:
    """The solver's problem of a document. The document is read afresh every time; the mapping (SGP4 over the
    stay, clipping every window) is pure, so the problem of a document seen lately is reused: board actions
    check a move against the production as it is now several times a second."""
    return _problem_of_text(json.dumps(document, sort_keys=True))


BOOKED_ELSEWHERE = "booked by another production"


def other_productions_blocks(*, production: Production) -> list[dict]:
    """The published shoots of the station's other productions, as events blocking their people and module,
    so two productions never double-book anyone or anything. A director may not see those productions, and
    the solver's explanations quote event codes, so every block reads only `booked by another production`."""
    shoots = current_shoots(station_id=production.station_id, start=production.start, end=production.end)
    roster = set(production.roster.values_list("code", flat=True))
    return [
        {
            "code": BOOKED_ELSEWHERE, "title": BOOKED_ELSEWHERE,
            "start": format_time(shoot.start), "end": format_time(shoot.end),
            "people": [code for code in shoot.people if code in roster], "modules": [shoot.module.code],
        }
        for shoot in shoots.exclude(version__production=production)
    ]


def worked_around(problem: Problem) -> int:
    """How many shoots of other productions a solve had to work around."""
    return sum(1 for event in problem.events if event.code == BOOKED_ELSEWHERE)


def _without_scenes(document: dict, codes) -> dict:
    """The document without the scenes `codes` and their pins (and, in scenes kept, no `after` naming them)."""
    return {
        **document,
        "scenes": [
            {**scene, "after": [before for before in scene["after"] if before not in codes]}
            for scene in document["scenes"] if scene["code"] not in codes
        ],
        "pinned": [pin for pin in document["pinned"] if pin["scene"] not in codes],
    }


def _frozen_document(document: dict, published: dict, frozen: set[str], replan_from: datetime | None) -> dict:
    """Pin frozen scenes where they were published (and require them); start nothing else before `replan_from`."""
    document = copy.deepcopy(document)
    not_before = format_time(replan_from) if replan_from else None
    pinned = {pin["scene"] for pin in document["pinned"]}
    for scene in document["scenes"]:
        if scene["code"] in frozen:
            scene["required"] = True
        elif not_before and scene["code"] not in pinned and (scene["earliest"] or "") < not_before:
            scene["earliest"] = not_before
    document["pinned"] = [pin for pin in document["pinned"] if pin["scene"] not in frozen] + [
        {"scene": code, "start": format_time(published[code].start), "module": published[code].module}
        for code in sorted(frozen)
    ]
    return document


class BookedElsewhere(DomainError):
    """The schedule takes people or modules that another production published for the same times since the
    solve began: one fault per shoot in the way, worded for the director (the other production unnamed)."""


def publication_lock(*, production: Production) -> None:
    """Serialise publication on the production's station, then take the production's own row, in that order
    everywhere so two publishers never wait on each other in a cycle. Call inside a transaction.

    PostgreSQL locks the station row (FOR NO KEY UPDATE, so rows that merely refer to the station are not
    held up). SQLite has no row locks and Django skips the clause there, but the settings open every SQLite
    transaction IMMEDIATE, which takes the database's one write lock first: publications queue all the same.
    """
    Station.objects.select_for_update(no_key=True).get(pk=production.station_id)
    Production.objects.select_for_update().get(pk=production.pk)


@transaction.atomic
def schedule_publish(
    *, production: Production, problem: Problem, solution: Solution, solve_run: SolveRun | None = None,
    left_out: Sequence[Unscheduled] = (),
) -> ScheduleVersion:
    """Check the solution against the problem, constraint by constraint, and against the other productions'
    current schedules, then write it as the next version. `left_out` are the scenes the problem left out on
    purpose (a repair's, see `repair_left_out`), written as unscheduled with their reasons.

    Raises `ScheduleInvalid` when the solution breaks a hard constraint and `BookedElsewhere` when another
    production has published shoots it overlaps; nothing is written then.
    """
    assert_valid(problem, solution)
    publication_lock(production=production)
    bookings = [
        Booking(production.code, shoot.scene, shoot.module, tuple(sorted(problem.scene(shoot.scene).people)),
                problem.moment_at(shoot.start), problem.moment_at(shoot.end))
        for shoot in solution.shoots
    ]
    taken = bookings_taken_elsewhere(production=production, bookings=bookings)
    if taken:
        raise BookedElsewhere(faults=[Fault("", sentence) for sentence in taken])
    number = (production.schedule_versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = ScheduleVersion.objects.create(
        production=production, number=number, solve_run=solve_run, created=timezone.now(),
        status=solution.status, objective=solution.objective, bound=solution.bound,
        engine=solution.engine, seconds=round(solution.seconds, 3),
    )
    scenes = {scene.code: scene for scene in Scene.objects.filter(production=production)}
    modules = {module.code: module for module in Module.objects.filter(station=production.station_id)}
    Shoot.objects.bulk_create(
        Shoot(
            version=version, scene=scenes[booking.scene], module=modules[booking.module],
            start=booking.start, end=booking.end, people=list(booking.people),
        )
        for booking in bookings
    )
    UnscheduledScene.objects.bulk_create(
        UnscheduledScene(version=version, scene=scenes[left.scene], reason=left.reason)
        for left in (*solution.unscheduled, *left_out)
    )
    # Scenes the script left out were never the solver's: the version lists them too, so it has every scene once.
    listed = {scene.code for scene in problem.scenes} | {left.scene for left in left_out}
    UnscheduledScene.objects.bulk_create(
        UnscheduledScene(version=version, scene=scenes[code], reason=reason)
        for code, reason in scenes_left_out(production=production).items() if code not in listed and code in scenes
    )
    # The new shoots block the station's other productions from now on: their schedules are checked again.
    station_changed_note(station_id=production.station_id)
    return version


def version_solution(*, version: ScheduleVersion, problem: Problem) -> Solution:
    """A published version as a solver solution, so the independent validator can check it again. Scenes the
    version lists that the problem does not have (left out by the script before solving) are not the solver's."""
    in_problem = {scene.code for scene in problem.scenes}
    return Solution(
        engine=version.engine, status=version.status, objective=version.objective, bound=version.bound,
        seconds=version.seconds,
        shoots=tuple(
            SolverShoot(scene=shoot.scene.code, module=shoot.module.code,
                         start=problem.minute_at(shoot.start), end=problem.minute_at(shoot.end))
            for shoot in version.shoots.select_related("scene", "module")
        ),
        unscheduled=tuple(
            Unscheduled(scene=left.scene.code, reason=left.reason)
            for left in version.unscheduled.select_related("scene") if left.scene.code in in_problem
        ),
    )
