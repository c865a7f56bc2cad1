"""The board in a real browser: drag a shoot and publish, see a refusal with its reason, do it all from the
keyboard, undo, and restore an old version. Versions are published in-process (no worker needed)."""

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from scheduling.models import Pin, Production, ScheduleVersion, Shoot
from scheduling.moves import Move, moves_check
from scheduling.solving import production_problem
from tests.browser.conftest import log_in
from tests.web.conftest import load, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = timedelta(days=1)


@pytest.fixture
def challenge(demo_document, director) -> Production:
    production = load(demo_document, director)
    publish(production)
    return production


def a_free_slot(production: Production, shoot: Shoot) -> datetime:
    """Another start an hour or more away, on the shoot's own day and module, where every rule holds (found by
    the service itself, so the test does not guess the demo's free time)."""
    midnight = shoot.start.replace(hour=0, minute=0)
    problem = production_problem(production=production)
    for step in range(0, 24 * 12):
        start = midnight + timedelta(minutes=5 * step)
        far = abs(start - shoot.start) >= timedelta(hours=1)
        if far and start.date() == (start + timedelta(minutes=shoot.scene.minutes - 1)).date():
            if moves_check(production=production, moves=[Move(shoot.scene.code, start, shoot.module.code)], problem=problem).valid:
                return start
    raise AssertionError(f"no free slot for {shoot.scene.code} on {midnight:%Y-%m-%d}")


def a_movable_shoot(production: Production) -> tuple[Shoot, datetime]:
    pinned = set(Pin.objects.filter(scene__production=production).values_list("scene_id", flat=True))
    for shoot in Shoot.objects.filter(version__production=production).select_related("scene", "module").order_by("start"):
        if shoot.scene_id not in pinned:
            try:
                return shoot, a_free_slot(production, shoot)
            except AssertionError:
                continue
    raise AssertionError("no shoot of the demo can move on its own day")


def drag(page, source, track, start: datetime, day: datetime) -> None:
    """Press on the left edge of `source`, move to `start` on `track` (a day view's row) and hold there."""
    track.scroll_into_view_if_needed()
    source.scroll_into_view_if_needed()
    box, lane = source.bounding_box(), track.bounding_box()
    x, y = box["x"] + 2, box["y"] + box["height"] / 2
    minutes = (start - day).total_seconds() / 60
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 12, y + 4, steps=3)
    page.mouse.move(lane["x"] + minutes / 1440 * lane["width"] + 2, lane["y"] + lane["height"] / 2, steps=10)


def day_view(page, live_server, day: datetime) -> None:
    page.goto(f"{live_server.url}/p/challenge/?day={day:%Y-%m-%d}")


def drag_to_a_free_slot(page, live_server, production: Production) -> tuple[Shoot, datetime]:
    """Log in, open the day of a shoot that can move, and hold it over a free slot of its module: the ghost
    shows that every rule holds."""
    shoot, target = a_movable_shoot(production)
    day = shoot.start.replace(hour=0, minute=0)
    log_in(page, live_server, "director1", "pw-director1")
    day_view(page, live_server, day)
    block = page.locator(f'.tl-row--module a.shoot[data-scene="{shoot.scene.code}"]')
    drag(page, block, page.locator(f'.tl-row--module[data-module="{shoot.module.code}"] .tl-track'), target, day)
    expect(page.locator(".shoot-ghost")).to_have_class(re.compile("is-ok"))
    return shoot, target


def test_a_director_drags_a_shoot_to_a_free_slot_and_publishes_it(live_server, page, challenge, screenshots):
    shoot, target = drag_to_a_free_slot(page, live_server, challenge)
    expect(page.locator("#board-verdict")).to_contain_text(f"Fits: scene {shoot.scene.code} {target:%a %d %b %H:%M}")
    page.screenshot(path=str(screenshots / "board-drag.png"))
    page.mouse.up()
    draft = page.locator(".draft")
    expect(draft).to_contain_text(f"{shoot.scene.code}")
    expect(draft).to_contain_text(f"to {target:%a %d %b %H:%M}")
    moved = page.locator(f'.tl-row--module a.shoot[data-scene="{shoot.scene.code}"]')
    expect(moved).to_have_class(re.compile("shoot--draft"))
    expect(moved).to_be_focused()
    page.get_by_role("button", name="Publish the draft as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Version 2 published by hand: 1 move")
    published = ScheduleVersion.objects.get(production=challenge, number=2)
    assert published.engine == "manual"
    now = published.shoots.get(scene=shoot.scene)
    assert (now.start, now.module_id) == (target, shoot.module_id)


def test_a_boneyard_scene_dropped_on_a_busy_person_is_refused_with_the_reason(live_server, page, challenge):
    medical = datetime(2021, 10, 7, 14, 0, tzinfo=timezone.utc)  # Peresild's medical experiment, 14:00-15:30
    bone = challenge.schedule_versions.get().unscheduled.select_related("scene").filter(scene__people__code="peresild").first()
    module = bone.scene.modules.first()
    log_in(page, live_server, "director1", "pw-director1")
    day_view(page, live_server, medical.replace(hour=0))
    chip = page.locator(f'a.bone-chip[data-scene="{bone.scene.code}"]')
    drag(page, chip, page.locator(f'.tl-row--module[data-module="{module.code}"] .tl-track'), medical, medical.replace(hour=0))
    expect(page.locator(".shoot-ghost")).to_have_class(re.compile("is-bad"))
    verdict = page.locator("#board-verdict")
    expect(verdict).to_contain_text("Yulia Peresild is busy then: Medical experiment for Yulia Peresild")
    page.mouse.up()
    expect(verdict).to_contain_text("Not moved.")
    expect(verdict).to_contain_text("Yulia Peresild is busy then")
    expect(page.locator(".draft")).to_have_count(0)


def test_the_keyboard_alone_moves_a_shoot_sees_a_refusal_and_publishes(live_server, page, challenge):
    shoot, target = a_movable_shoot(challenge)
    day = shoot.start.replace(hour=0, minute=0)
    log_in(page, live_server, "director1", "pw-director1")
    day_view(page, live_server, day)
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.scene") == shoot.scene.code:
            break
    else:
        raise AssertionError(f"Tab never reached the shoot of {shoot.scene.code}")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Move scene {shoot.scene.code}")
    start = dialog.get_by_label("Start (UTC, 24-hour)")
    expect(start).to_be_focused()
    expect(start).to_have_value(f"{shoot.start:%Y-%m-%d %H:%M}")
    # A time outside the stay first: refused, in words, before anything is sent off.
    page.keyboard.press("Control+A")
    page.keyboard.type("2021-10-20 08:00")
    expect(dialog.locator(".move-verdict")).to_contain_text("falls outside the stay")
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{target:%Y-%m-%d %H:%M}")
    expect(dialog.locator(".verdict-line")).to_contain_text(f"Fits: scene {shoot.scene.code}")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator("#board-verdict")).to_contain_text("Moved into the draft")
    expect(page.locator(f'.tl-row--module a.shoot[data-scene="{shoot.scene.code}"]')).to_be_focused()
    publish_button = page.get_by_role("button", name="Publish the draft as a new version")
    for _ in range(200):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "Publish the draft as a new version":
            break
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Version 2 published by hand")
    expect(publish_button).to_have_count(0)
    now = ScheduleVersion.objects.get(production=challenge, number=2).shoots.get(scene=shoot.scene)
    assert now.start == target


def test_undo_takes_a_move_back_out_of_the_draft(live_server, page, challenge):
    shoot, _ = drag_to_a_free_slot(page, live_server, challenge)
    page.mouse.up()
    expect(page.locator(".draft")).to_contain_text(shoot.scene.code)
    page.get_by_role("button", name=re.compile(f"^Undo: the move of scene {shoot.scene.code}")).click()
    expect(page.locator(".messages")).to_contain_text(f"Undone: the move of scene {shoot.scene.code}")
    expect(page.locator(".draft")).to_have_count(0)
    expect(page.locator(f'.tl-row--module a.shoot[data-scene="{shoot.scene.code}"]')).not_to_have_class(re.compile("shoot--draft"))
    page.get_by_role("button", name=re.compile("^Redo: the move")).click()
    expect(page.locator(".draft")).to_contain_text(shoot.scene.code)


def test_an_old_version_is_restored_from_the_compare_page(live_server, page, challenge):
    shoot, target = a_movable_shoot(challenge)
    from scheduling.moves import moves_publish

    moves_publish(production=challenge, moves=[Move(shoot.scene.code, target, shoot.module.code)])
    log_in(page, live_server, "director1", "pw-director1")
    page.goto(f"{live_server.url}/p/challenge/compare/")
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.locator(".messages")).to_contain_text("Version 3 published: a copy of version 1")
    first, restored = (ScheduleVersion.objects.get(production=challenge, number=n) for n in (1, 3))
    places = ("scene_id", "start", "module_id")
    assert set(restored.shoots.values_list(*places)) == set(first.shoots.values_list(*places))


def test_a_strip_dropped_on_another_is_shot_right_after_it(live_server, page, challenge):
    """On the stripboard: drag a strip by its handle onto another strip; the draft shoots it right after."""
    problem = production_problem(production=challenge)
    pinned = set(Pin.objects.filter(scene__production=challenge).values_list("scene_id", flat=True))
    shoots = list(Shoot.objects.filter(version__production=challenge).select_related("scene", "module").order_by("start"))
    for index, before in enumerate(shoots):
        for moved in shoots[index + 1:index + 6]:
            if moved.scene_id in pinned or before.module not in moved.scene.modules.all():
                continue
            move = Move(moved.scene.code, before.end, before.module.code)
            if moves_check(production=challenge, moves=[move], problem=problem).valid:
                break
        else:
            continue
        break
    else:
        raise AssertionError("no strip of the demo can follow another nearby")
    log_in(page, live_server, "director1", "pw-director1")
    page.goto(f"{live_server.url}/p/challenge/stripboard/")
    handle = page.locator(f'tr.strip[data-scene="{moved.scene.code}"] .strip-handle')
    target = page.locator(f'tr.strip[data-scene="{before.scene.code}"]')
    target.scroll_into_view_if_needed()
    box, over = handle.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + 3)
    page.mouse.down()
    page.mouse.move(box["x"] + 10, box["y"] + 10, steps=3)
    page.mouse.move(over["x"] + over["width"] / 2, over["y"] + over["height"] / 2, steps=8)
    expect(target).to_have_class(re.compile("is-ok"))
    expect(page.locator("#board-verdict")).to_contain_text(f"Fits: scene {moved.scene.code} {before.end:%a %d %b %H:%M}")
    page.mouse.up()
    expect(page.locator(".draft")).to_contain_text(f"to {before.end:%a %d %b %H:%M}")
    expect(page.locator(f'tr.strip[data-scene="{moved.scene.code}"]')).to_have_class(re.compile("strip--draft"))
