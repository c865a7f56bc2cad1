"""`solve --inline` and `export_schedule`: the Challenge demo solves to a valid schedule, exported per spec."""

import csv
import io
import json

import icalendar
import pytest
from django.core.management import CommandError, call_command

from scheduling.models import Production, ScheduleVersion
from scheduling.production_file import production_document_check
from scheduling.services import production_import
from scheduling.solving import production_problem, version_solution
from scheduling.solver.validator import validate

pytestmark = pytest.mark.django_db(transaction=True)  # the solve's heartbeat thread writes too

SPEC_KEYS = ["format", "production", "version", "created", "status", "objective", "bound", "engine", "seconds",
             "shoots", "unscheduled"]


@pytest.fixture
def challenge(demo_document):
    production_import(document=production_document_check(demo_document))
    return Production.objects.get(code="challenge")


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_challenge_solves_inline_to_a_valid_schedule_with_every_required_scene(challenge, demo_document):
    output = command("solve", "challenge", "--inline", "--seconds", "20")
    assert "published challenge version 1" in output
    version = ScheduleVersion.objects.get(production=challenge)
    problem = production_problem(production=challenge)
    assert validate(problem, version_solution(version=version, problem=problem)) == []
    scheduled = set(version.shoots.values_list("scene__code", flat=True))
    required = {scene["code"] for scene in demo_document["scenes"] if scene["required"]}
    assert required <= scheduled
    assert version.bound is not None and version.objective <= version.bound


def test_json_export_matches_the_schedule_spec(challenge, demo_document):
    command("solve", "challenge", "--inline", "--engine", "greedy")
    document = json.loads(command("export_schedule", "challenge"))
    assert list(document) == [*SPEC_KEYS, "revision"]  # the spec's keys in order, then the documented extra
    assert document["format"] == "orbitfilm/schedule@1" and document["production"] == "challenge"
    assert document["version"] == 1 and document["engine"] == "greedy"
    listed = [shoot["scene"] for shoot in document["shoots"]] + [left["scene"] for left in document["unscheduled"]]
    assert sorted(listed) == sorted(scene["code"] for scene in demo_document["scenes"])  # each exactly once
    titles = {scene["code"]: scene["title"] for scene in demo_document["scenes"]}
    for shoot in document["shoots"]:
        assert list(shoot) == ["scene", "title", "module", "start", "end", "people"]
        assert shoot["title"] == titles[shoot["scene"]]
        assert shoot["start"].endswith(":00Z") and shoot["end"].endswith(":00Z")
    assert document["objective"] == sum(
        scene["priority"] for scene in demo_document["scenes"] if scene["code"] in {s["scene"] for s in document["shoots"]}
    )
    for left in document["unscheduled"]:
        assert list(left) == ["scene", "title", "reason"] and len(left["reason"]) > 10


def test_csv_and_ics_exports_have_one_entry_per_shoot(challenge):
    command("solve", "challenge", "--inline", "--engine", "greedy")
    shoots = json.loads(command("export_schedule", "challenge"))["shoots"]
    rows = list(csv.DictReader(io.StringIO(command("export_schedule", "challenge", "--format", "csv"))))
    assert [row["scene"] for row in rows] == [shoot["scene"] for shoot in shoots]
    assert rows[0]["people"] == ";".join(shoots[0]["people"])
    calendar = icalendar.Calendar.from_ical(command("export_schedule", "challenge", "--format", "ics"))
    events = calendar.walk("VEVENT")
    assert len(events) == len(shoots)
    assert {str(event["UID"]) for event in events} == {f"challenge-{shoot['scene']}@orbitfilm" for shoot in shoots}
    first = next(event for event in events if str(event["UID"]) == f"challenge-{shoots[0]['scene']}@orbitfilm")
    assert str(first["LOCATION"]) == shoots[0]["module"]
    assert first.decoded("DTSTART").strftime("%Y-%m-%dT%H:%M:%SZ") == shoots[0]["start"]


def test_versions_accumulate_and_old_ones_stay_readable(challenge):
    command("solve", "challenge", "--inline", "--engine", "greedy")
    command("solve", "challenge", "--inline", "--engine", "greedy")
    assert json.loads(command("export_schedule", "challenge"))["version"] == 2
    assert json.loads(command("export_schedule", "challenge", "--version", "1"))["version"] == 1
    with pytest.raises(CommandError, match="has no version 7"):
        command("export_schedule", "challenge", "--version", "7")


def test_export_before_any_solve_says_what_to_do(challenge):
    with pytest.raises(CommandError, match="run `python manage.py solve challenge` first"):
        command("export_schedule", "challenge")
