"""Importing production files writes all or nothing; exporting gives the same content back."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from crew.models import CrewMember, FreeWindow, Module, Station, StationEvent
from scheduling.models import Pin, Production, Scene
from scheduling.production_file import ProductionFileError, production_document_check
from scheduling.selectors import production_document
from scheduling.services import production_import

pytestmark = pytest.mark.django_db


def import_document(document, **kwargs):
    return production_import(document=production_document_check(document), **kwargs)


def export(code: str) -> dict:
    out = io.StringIO()
    call_command("export_production", code, stdout=out)
    return json.loads(out.getvalue())


def test_demo_round_trips_through_the_commands(tmp_path, demo_document):
    path = tmp_path / "challenge.json"
    path.write_text(json.dumps(demo_document))
    call_command("import_production", str(path), stdout=io.StringIO())
    assert export("challenge") == demo_document


def test_yaml_export_imports_back_to_the_same_production(tmp_path, small_document):
    import_document(small_document)
    out = io.StringIO()
    call_command("export_production", "tiny", "--format", "yaml", stdout=out)
    path = tmp_path / "tiny.yaml"
    path.write_text(out.getvalue())
    call_command("import_production", str(path), "--replace", stdout=io.StringIO())
    assert export("tiny") == small_document


def test_import_writes_scenes_people_order_and_pins(small_document):
    import_document(small_document)
    production = Production.objects.get(code="tiny")
    scene = Scene.objects.get(production=production, code="002")
    assert [cast.crew_member.code for cast in scene.scenecast_set.all()] == ["peresild"]
    assert [m.code for m in scene.modules.order_by("scenemodule__position")] == ["poisk", "zvezda"]
    assert Pin.objects.get(scene__code="001").module.code == "zvezda"
    assert production.roster.count() == 2


def test_bad_file_through_the_command_exits_non_zero_and_writes_nothing(tmp_path, small_document):
    small_document["scenes"][2]["people"] = ["shipenko", "peresil"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(small_document))
    err = io.StringIO()
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_production", str(path), stderr=err)
    assert 'scenes[2].people[1]: unknown person "peresil"' in err.getvalue()
    assert not Station.objects.exists() and not Production.objects.exists() and not CrewMember.objects.exists()


def test_existing_production_needs_replace(small_document):
    import_document(small_document)
    with pytest.raises(ProductionFileError, match="already exists"):
        import_document(small_document)
    assert Scene.objects.count() == 3


def test_failure_midway_rolls_back_station_changes(small_document, monkeypatch):
    """If writing fails after the station was updated, the station keeps its old data."""
    import_document(small_document)
    changed = copy.deepcopy(small_document)
    changed["modules"][0]["capacity"] = 4

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("scheduling.services._scenes_import", explode)
    with pytest.raises(RuntimeError):
        import_document(changed, replace=True)
    assert Module.objects.get(code="zvezda").capacity == 3
    assert Scene.objects.filter(production__code="tiny").count() == 3


def test_second_production_reuses_station_modules_and_people_and_reports_changes(small_document):
    import_document(small_document)
    second = copy.deepcopy(small_document)
    second["production"]["code"] = "sequel"
    second["modules"][0]["capacity"] = 4
    second["people"][0]["free"] = second["people"][0]["free"][:1]
    second["people"][0]["max_minutes_per_day"] = None
    report = import_document(second)
    assert Module.objects.count() == 2 and CrewMember.objects.count() == 2 and StationEvent.objects.count() == 1
    assert "module zvezda: capacity 3 → 4" in report.changes
    assert "person peresild: max_minutes_per_day 300 → none" in report.changes
    assert "person peresild: free windows replaced (2 → 1)" in report.changes
    assert FreeWindow.objects.filter(crew_member__code="peresild").count() == 1


def test_export_lists_the_station_modules_and_only_the_roster(small_document):
    import_document(small_document)
    other = copy.deepcopy(small_document)
    other["production"]["code"] = "other"
    other["modules"].append({"code": "nauka", "name": "Nauka", "segment": "ROS", "capacity": 5, "window": True, "closed": []})
    other["people"].append({"code": "dubrov", "name": "Pyotr Dubrov", "role": "cosmonaut", "max_minutes_per_day": 120, "free": []})
    other["events"].append({"code": "spacewalk", "title": "EVA prep", "start": "2021-10-06T10:00:00Z",
                            "end": "2021-10-06T12:00:00Z", "people": ["dubrov"], "modules": []})
    import_document(other)
    exported = export("tiny")
    assert [m["code"] for m in exported["modules"]] == ["zvezda", "poisk", "nauka"]
    assert [p["code"] for p in exported["people"]] == ["peresild", "shipenko"]
    assert [e["code"] for e in exported["events"]] == ["thruster"]
    production_document_check(exported)


def test_export_of_unknown_production_fails_cleanly():
    with pytest.raises(CommandError, match='no production "nope"'):
        call_command("export_production", "nope", stdout=io.StringIO())


def test_import_from_database_document_matches_import(small_document):
    import_document(small_document)
    production = Production.objects.get(code="tiny")
    assert production_document(production=production) == small_document
