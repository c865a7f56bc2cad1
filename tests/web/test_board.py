"""The board's pages: live checks, the draft, publishing it, undo and redo of moves, pins, shot marks and scene
edits, restoring a version, deleting a scene, and pin/unpin/shot answered in place for htmx."""

import json
from datetime import datetime, timezone

import pytest
from django.urls import reverse

from scheduling.models import Pin, Scene, ScheduleVersion

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
FREE = {"scene": "003", "start": "2021-10-05 19:00", "module": "zvezda"}  # nobody and nothing busy then
CLASH = {"scene": "003", "start": "2021-10-05 17:15", "module": "zvezda"}  # into the pinned 001's shoot


def url(name: str, *args) -> str:
    return reverse(f"web:{name}", args=["tiny", *args])


def draft_of(client) -> list[dict]:
    state = client.session.get("board", {}).get("tiny", {}).get("draft")
    return state["moves"] if state else []


def test_a_live_check_answers_the_verdict_in_words(director_client, tiny_scheduled):
    fits = director_client.post(url("board_check"), FREE, **JSON).json()
    assert fits["valid"] is True and fits["summary"] == "Fits: scene 003 Tue 05 Oct 19:00–19:30 UTC in Zvezda"
    refused = director_client.post(url("board_check"), CLASH, **JSON).json()
    assert refused["valid"] is False and refused["summary"].startswith("Refused: scene 003 Tue 05 Oct 17:15")
    assert "Klim Shipenko is already in scene 001 then (Tue 05 Oct 17:00–18:00 UTC)" in [v["message"] for v in refused["violations"]]
    assert draft_of(director_client) == []  # checking changes nothing


def test_a_check_that_cannot_be_read_says_why(director_client, tiny_scheduled):
    response = director_client.post(url("board_check"), {"scene": "003", "start": "tomorrow"}, **JSON)
    assert response.status_code == 400 and response.json()["errors"] == ["Start (UTC, 24-hour): Enter a valid date/time."]


def test_an_accepted_move_builds_the_draft_and_the_timeline_draws_it(director_client, tiny_scheduled):
    response = director_client.post(url("board_move"), FREE, **JSON)
    assert response.status_code == 200 and response.json()["summary"].startswith("Moved into the draft: scene 003")
    assert draft_of(director_client) == [{"scene": "003", "start": "2021-10-05T19:00:00Z", "module": "zvezda"}]
    page = director_client.get(url("production")).content.decode()
    assert "Draft: 1 move on version 1, not published" in page
    assert 'class="shoot shoot--planned shoot--draft' in page and "Undo: the move of scene 003" in page
    strips = director_client.get(url("stripboard")).content.decode()
    assert "Tue 05 Oct 19:00–19:30 · zvezda" in strips and "strip--draft" in strips


def test_a_refused_move_leaves_the_draft_alone(director_client, tiny_scheduled):
    response = director_client.post(url("board_move"), CLASH, **JSON)
    assert response.status_code == 409 and response.json()["valid"] is False
    assert draft_of(director_client) == []


def test_a_move_posted_by_a_plain_form_answers_with_a_message(director_client, tiny_scheduled):
    response = director_client.post(url("board_move"), {**CLASH, "next": url("stripboard")}, follow=True)
    assert "Scene 003 not moved: Klim Shipenko is already in scene 001 then" in response.content.decode()
    response = director_client.post(url("board_move"), {**FREE, "next": url("stripboard")})
    assert response.status_code == 302 and response["Location"] == url("stripboard")


def test_moves_check_together_with_the_draft(director_client, tiny_scheduled):
    director_client.post(url("board_move"), {"scene": "002", "start": "2021-10-06 14:00", "module": "zvezda"}, **JSON)
    verdict = director_client.post(url("board_check"), {"scene": "003", "start": "2021-10-06 14:30", "module": "zvezda"}, **JSON).json()
    assert verdict["valid"] is False and [v["rule"] for v in verdict["violations"]] == ["module-overlap"]


def test_moving_a_scene_back_where_it_was_takes_it_out_of_the_draft(director_client, tiny_scheduled):
    director_client.post(url("board_move"), FREE, **JSON)
    director_client.post(url("board_move"), {"scene": "003", "start": "2021-10-05 16:00", "module": "zvezda"}, **JSON)
    assert draft_of(director_client) == []


def test_publishing_the_draft_makes_a_manual_version_and_empties_the_draft(director_client, tiny_scheduled):
    director_client.post(url("board_move"), FREE, **JSON)
    page = director_client.post(url("board_publish"), {"next": url("production")}, follow=True).content.decode()
    assert "Version 2 published by hand: 1 move." in page
    version = ScheduleVersion.objects.get(production=tiny_scheduled, number=2)
    assert version.engine == "manual" and version.shoots.get(scene__code="003").start == datetime(2021, 10, 5, 19, tzinfo=timezone.utc)
    assert draft_of(director_client) == []
    assert "Undo: the move of scene 003" not in page  # a published move is not taken back one by one


def test_a_draft_made_on_an_older_version_is_not_published(director_client, tiny_scheduled):
    from tests.web.conftest import publish

    director_client.post(url("board_move"), FREE, **JSON)
    publish(tiny_scheduled)  # a solve publishes version 2 meanwhile
    page = director_client.get(url("production")).content.decode()
    assert "Another version was published after this draft was started" in page
    page = director_client.post(url("board_publish"), follow=True).content.decode()
    assert "The draft was not published: version 2 was published after version 1" in page
    assert tiny_scheduled.schedule_versions.count() == 2


def test_discarding_the_draft_can_be_undone(director_client, tiny_scheduled):
    director_client.post(url("board_move"), FREE, **JSON)
    director_client.post(url("board_discard"))
    assert draft_of(director_client) == []
    page = director_client.post(url("board_undo"), follow=True).content.decode()
    assert "Undone: discarding the draft." in page
    assert len(draft_of(director_client)) == 1


def test_undo_and_redo_of_moves(director_client, tiny_scheduled):
    director_client.post(url("board_move"), FREE, **JSON)
    director_client.post(url("board_move"), {"scene": "002", "start": "2021-10-06 14:00", "module": "poisk"}, **JSON)
    director_client.post(url("board_undo"))
    assert [move["scene"] for move in draft_of(director_client)] == ["003"]
    director_client.post(url("board_undo"))
    assert draft_of(director_client) == []
    page = director_client.post(url("board_undo"), follow=True).content.decode()
    assert "Nothing to undo." in page
    director_client.post(url("board_redo"))
    director_client.post(url("board_redo"))
    assert [move["scene"] for move in draft_of(director_client)] == ["003", "002"]


def test_pins_and_shot_marks_are_undone_and_redone(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="001")
    director_client.post(url("scene_unpin", scene.pk))
    assert not Pin.objects.filter(scene=scene).exists()
    director_client.post(url("board_undo"))
    assert Pin.objects.get(scene=scene).start == datetime(2021, 10, 5, 17, tzinfo=timezone.utc)
    director_client.post(url("board_redo"))
    assert not Pin.objects.filter(scene=scene).exists()
    director_client.post(url("scene_shot", scene.pk), {"shot": "1"})
    assert Scene.objects.get(pk=scene.pk).shot
    director_client.post(url("board_undo"))
    assert not Scene.objects.get(pk=scene.pk).shot


def test_a_scene_edit_is_undone_through_the_scene_service(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="003")
    form = {"code": "003", "title": "Window, longer", "minutes": "40", "people": ["shipenko"], "modules": ["zvezda"],
            "priority": "2", "light": "any", "window": "on"}
    assert director_client.post(url("scene_edit", scene.pk), form).status_code == 302
    assert Scene.objects.get(pk=scene.pk).minutes == 40
    page = director_client.post(url("board_undo"), {"next": url("stripboard")}, follow=True).content.decode()
    assert "Undone: the edit of scene 003." in page
    restored = Scene.objects.get(pk=scene.pk)
    assert (restored.title, restored.minutes) == ("Window", 30)


def test_a_deleted_scene_comes_back_with_undo(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="003")
    assert "Delete scene 003 · Window?" in director_client.get(url("scene_delete", scene.pk)).content.decode()
    director_client.post(url("scene_delete", scene.pk))
    assert not Scene.objects.filter(production=tiny_scheduled, code="003").exists()
    director_client.post(url("board_undo"))
    back = Scene.objects.get(production=tiny_scheduled, code="003")
    assert (back.title, back.minutes, back.window) == ("Window", 30, True)


def test_a_scene_others_come_after_is_not_deleted(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="001")
    page = director_client.post(url("scene_delete", scene.pk), follow=True).content.decode()
    assert "scene 001 cannot be deleted: scenes 002 come after it" in page
    assert Scene.objects.filter(pk=scene.pk).exists()


def test_htmx_pins_answer_the_strip_in_place_with_the_words_and_undo(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="003")
    response = director_client.post(url("scene_pin", scene.pk), {"next": url("stripboard")}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith(f'<tr id="scene-{scene.pk}"') and "Unpin<span" in page
    assert 'id="board-verdict"' in page and "Scene 003 pinned at Tue 05 Oct 16:00 UTC in zvezda." in page
    assert 'id="board-history"' in page and 'hx-swap-oob="true"' in page and "Undo: pinning scene 003" in page
    assert f'value="{url("stripboard")}#scene-{scene.pk}"' in page  # the strip's forms still lead back to the stripboard


def test_the_move_page_shows_the_scene_where_it_is_in_24_hour_utc(director_client, tiny_scheduled):
    page = director_client.get(url("board_move"), {"scene": "003"}).content.decode()
    assert "Move scene 003 · Window" in page
    assert 'value="2021-10-05 16:00"' in page and "Now: Tue 05 Oct 16:00–16:30 UTC in Zvezda." in page
    dialog = director_client.get(url("board_move"), {"scene": "003", "dialog": "1"}).content.decode()
    assert dialog.lstrip().startswith('<form method="post"') and "<html" not in dialog


def test_an_old_version_is_restored_from_the_compare_page(director_client, tiny_scheduled):
    director_client.post(url("board_move"), FREE, **JSON)
    director_client.post(url("board_publish"))
    page = director_client.get(url("compare")).content.decode()
    assert "Restore version 1</button>" in page and "Restore version 2</button>" not in page
    page = director_client.post(url("version_restore", 1), follow=True).content.decode()
    assert "Version 3 published: a copy of version 1" in page
    assert ScheduleVersion.objects.get(production=tiny_scheduled, number=3).shoots.get(scene__code="003").start == datetime(
        2021, 10, 5, 16, tzinfo=timezone.utc
    )


def test_the_stripboard_names_people_and_marks_an_edited_scene_s_old_shoot(director_client, tiny_scheduled):
    Scene.objects.filter(production=tiny_scheduled, code="003").update(minutes=45)
    page = director_client.get(url("stripboard")).content.decode()
    assert '<td class="strip-cast"><div>Yulia Peresild</div><div>Klim Shipenko</div></td>' in page
    assert "now 45 min: move it to refit" in page
    assert "accept it as a pickup" not in page and "move it onto the board by hand" in page


def test_another_director_cannot_use_the_board(client, other_director, tiny_scheduled):
    client.force_login(other_director)
    assert client.post(url("board_check"), FREE, **JSON).status_code == 404
    assert client.post(url("board_move"), FREE, **JSON).status_code == 404
    assert client.post(url("version_restore", 1)).status_code == 404
    assert json.loads(json.dumps(draft_of(client))) == []
