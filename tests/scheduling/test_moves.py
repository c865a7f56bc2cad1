"""Moving shoots by hand: the schedule built from the current version, judged by the independent validator
against today's production, and the verdict in a director's words."""

import threading
from datetime import datetime, timezone

import pytest
from django.db import connection

from crew.models import StationEvent
from scheduling.models import ScheduleVersion, Scene
from scheduling.moves import Move, MovesInvalid, MovesRefused, moves_check, moves_publish, version_restore
from scheduling.services import scene_mark_shot
from tests.web.conftest import load, publish


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.fixture
def tiny_published(small_document, director):
    """tiny with one greedy version: 003 (Shipenko) at 16:00, the pinned 001 (both) at 17:00 in Zvezda."""
    production = load(small_document, director)
    publish(production)
    return production


def shoot_of(version: ScheduleVersion, code: str):
    return version.shoots.select_related("module").get(scene__code=code)


def test_a_free_slot_is_valid_and_names_the_moved_shoot(tiny_published):
    checked = moves_check(production=tiny_published, moves=[Move("003", at("2021-10-05T19:00"), "zvezda")])
    assert checked.valid, checked.violations
    [placed] = checked.placed()
    assert (placed.scene, placed.module, placed.end - placed.start) == ("003", "zvezda", 30)


def test_a_clash_with_another_shoot_names_the_person_and_the_module(tiny_published):
    checked = moves_check(production=tiny_published, moves=[Move("003", at("2021-10-05T17:15"), "zvezda")])
    assert not checked.valid
    said = {(v.scene, v.rule, v.message) for v in checked.violations}
    assert ("003", "person-overlap", "Klim Shipenko is already in scene 001 then (Tue 05 Oct 17:00–18:00 UTC)") in said
    assert ("003", "module-overlap", "Zvezda is taken by scene 001 then (Tue 05 Oct 17:00–18:00 UTC)") in said


def test_a_station_event_and_a_closure_are_said_by_name(tiny_published):
    checked = moves_check(production=tiny_published, moves=[Move("002", at("2021-10-06T09:00"), "zvezda")])
    messages = [v.message for v in checked.violations]
    assert "Yulia Peresild is busy then: Thruster test (Wed 06 Oct 09:00–09:45 UTC)" in messages
    assert "Zvezda is taken then: Thruster test (Wed 06 Oct 09:00–09:45 UTC)" in messages
    assert "Zvezda is closed Wed 06 Oct 08:00–10:00 UTC" in messages


def test_a_pinned_scene_cannot_move(tiny_published):
    checked = moves_check(production=tiny_published, moves=[Move("001", at("2021-10-05T18:00"))])
    assert [(v.scene, v.rule) for v in checked.violations] == [("001", "pin")]
    assert "pinned to Zvezda at Tue 05 Oct 17:00 UTC: unpin it to move it" in checked.violations[0].message


def test_a_scene_marked_shot_cannot_move_nor_leave_the_board(tiny_published):
    scene_mark_shot(scene=Scene.objects.get(production=tiny_published, code="002"))
    for move in (Move("002", at("2021-10-06T14:00")), Move("002", None)):
        checked = moves_check(production=tiny_published, moves=[move])
        assert [(v.scene, v.rule) for v in checked.violations] == [("002", "shot")], checked.violations
        assert "is marked shot" in checked.violations[0].message


def test_the_moves_apply_together(tiny_published):
    """Each move alone fits; together they put two shoots in Zvezda at once."""
    moves = [Move("002", at("2021-10-06T14:00"), "zvezda"), Move("003", at("2021-10-06T14:30"), "zvezda")]
    assert all(moves_check(production=tiny_published, moves=[move]).valid for move in moves)
    together = moves_check(production=tiny_published, moves=moves)
    assert [(v.scene, v.rule) for v in together.violations] == [("003", "module-overlap")]


def test_the_boneyard_and_back(tiny_published):
    version = moves_publish(production=tiny_published, moves=[Move("003", None)])
    assert version.number == 2 and version.engine == "manual" and version.status == "feasible"
    assert version.bound is None and version.objective == 10 + 5
    assert version.unscheduled.get().reason == "moved to the boneyard by hand"
    back = moves_publish(production=tiny_published, moves=[Move("003", at("2021-10-05T19:00"), "zvezda")])
    shoot = shoot_of(back, "003")
    assert (back.number, back.objective, shoot.start, shoot.module.code) == (3, 17, at("2021-10-05T19:00"), "zvezda")
    assert not back.unscheduled.exists()


def test_a_boneyard_scene_needs_a_module_to_come_back(tiny_published):
    moves_publish(production=tiny_published, moves=[Move("003", None)])
    with pytest.raises(MovesInvalid) as caught:
        moves_check(production=tiny_published, moves=[Move("003", at("2021-10-05T19:00"))])
    assert caught.value.lines() == ["moves[0].module: scene 003 is in the boneyard: give the module to shoot it in"]


def test_moves_that_cannot_be_read_name_their_paths(tiny_published):
    with pytest.raises(MovesInvalid) as caught:
        moves_check(production=tiny_published, moves=[
            Move("nope", None), Move("003", at("2021-10-05T19:00"), "destiny"), Move("002", None), Move("002", None),
        ])
    assert caught.value.lines() == [
        'moves[0].scene: unknown scene "nope" in production tiny',
        'moves[1].module: unknown module "destiny": the station has no such module',
        "moves[3].scene: scene 002 is moved twice; give one move per scene",
    ]


def test_a_refused_publication_writes_nothing(tiny_published):
    with pytest.raises(MovesRefused) as caught:
        moves_publish(production=tiny_published, moves=[Move("003", at("2021-10-05T17:15"), "zvezda")])
    assert {v.rule for v in caught.value.violations} == {"person-overlap", "module-overlap"}
    assert tiny_published.schedule_versions.count() == 1


def test_publishing_on_a_stale_version_is_refused(tiny_published):
    moves_publish(production=tiny_published, moves=[Move("003", None)])
    with pytest.raises(MovesRefused) as caught:
        moves_publish(production=tiny_published, moves=[Move("002", None)], expected_base=1)
    assert caught.value.violations[0].rule == "stale"
    assert "version 2 was published after version 1" in caught.value.violations[0].message


def test_today_s_station_judges_the_moves(tiny_published):
    """A station event added after publication blocks a slot that was free when the version was solved."""
    StationEvent.objects.create(
        station=tiny_published.station, code="eva-prep", title="EVA preparation", start=at("2021-10-05T19:00"),
        end=at("2021-10-05T20:00"), all_people=True,
    )
    checked = moves_check(production=tiny_published, moves=[Move("003", at("2021-10-05T19:00"), "zvezda")])
    assert [v.message for v in checked.violations] == ["Klim Shipenko is busy then: EVA preparation (Tue 05 Oct 19:00–20:00 UTC)"]


def test_an_edited_scene_s_old_shoot_is_said_to_need_a_move(tiny_published):
    Scene.objects.filter(production=tiny_published, code="003").update(minutes=45)
    checked = moves_check(production=tiny_published, moves=[])
    assert [(v.scene, v.rule) for v in checked.violations] == [("003", "length")]
    assert "scene 003 now lasts 45 min but its shoot Tue 05 Oct 16:00–16:30 UTC lasts 30" in checked.violations[0].message
    refit = moves_check(production=tiny_published, moves=[Move("003", at("2021-10-05T16:00"))])
    assert refit.valid


def test_a_scene_added_since_publication_waits_in_the_boneyard(tiny_published, small_document):
    Scene.objects.create(production=tiny_published, code="004", minutes=20, position=3)
    checked = moves_check(production=tiny_published, moves=[])
    assert checked.valid
    assert ("004", "added after version 1 was published") in {(u.scene, u.reason) for u in checked.solution.unscheduled}


def test_restoring_an_old_version_publishes_a_copy(tiny_published):
    moves_publish(production=tiny_published, moves=[Move("003", at("2021-10-05T19:00"), "zvezda")])
    restored = version_restore(production=tiny_published, number=1)
    first = ScheduleVersion.objects.get(production=tiny_published, number=1)
    assert restored.number == 3 and restored.engine == "manual"
    assert set(restored.shoots.values_list("scene__code", "start", "module__code")) == set(
        first.shoots.values_list("scene__code", "start", "module__code")
    )


def test_an_old_version_that_no_longer_holds_is_not_restored(tiny_published):
    moves_publish(production=tiny_published, moves=[Move("003", at("2021-10-05T19:00"), "zvezda")])
    StationEvent.objects.create(
        station=tiny_published.station, code="docking", title="Progress docking", start=at("2021-10-05T16:00"),
        end=at("2021-10-05T16:30"), all_modules=True,
    )
    with pytest.raises(MovesRefused) as caught:
        version_restore(production=tiny_published, number=1)
    assert [v.message for v in caught.value.violations] == ["Zvezda is taken then: Progress docking (Tue 05 Oct 16:00–16:30 UTC)"]
    assert tiny_published.schedule_versions.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_each_build_on_the_other(small_document, director):
    production = load(small_document, director)
    publish(production)
    barrier = threading.Barrier(2)
    errors = []

    def publish_moves(moves):
        try:
            barrier.wait(timeout=10)
            moves_publish(production=production, moves=moves)
        except Exception as error:  # reported below: a thread's exception would be lost
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=publish_moves, args=([Move("003", None)],)),
        threading.Thread(target=publish_moves, args=([Move("002", at("2021-10-06T14:00"))],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(production.schedule_versions.values_list("number", flat=True)) == [1, 2, 3]
    latest = production.schedule_versions.get(number=3)
    assert not latest.shoots.filter(scene__code="003").exists()
    assert shoot_of(latest, "002").start == at("2021-10-06T14:00")
