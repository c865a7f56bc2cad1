"""A director's day in a real browser: from logging in to a printed call sheet, with a real worker solving."""

import re
import time
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from scheduling.models import Pin, Production, ScheduleVersion, Scene
from scheduling.production_file import production_document_check
from scheduling.services import production_import
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REPLAN_FROM = datetime(2021, 10, 12, 0, 0, tzinfo=timezone.utc)


def wait_for_run_done(page, timeout: float = 90) -> list[str]:
    """Watch the live progress panel until it says done; return the statuses it showed on the way."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = page.locator("#solve-progress").get_attribute("data-status")
        if not seen or seen[-1] != status:
            seen.append(status)
        if status not in ("queued", "running"):
            return seen
        time.sleep(0.2)
    raise AssertionError(f"the run did not finish in {timeout}s; statuses seen: {seen}")


def test_a_director_schedules_the_challenge_replans_and_prints_a_call_sheet(
    live_server, page, celery_workers, demo_document, director, screenshots,
):
    production_import(document=production_document_check(demo_document), director=director)
    celery_workers("browser-worker")

    # Log in and open the Challenge production from the list.
    log_in(page, live_server, "director1", "pw-director1")
    page.get_by_role("link", name=re.compile("Challenge")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Challenge (Вызов)")
    expect(page.locator(".version-summary")).to_contain_text("Not scheduled yet")

    # A scene longer than any free window is refused as it is entered, saying why on its field.
    page.get_by_role("link", name="Stripboard & boneyard").click()
    page.get_by_role("link", name="Add a scene").click()
    page.get_by_label("Code").fill("X01")
    page.get_by_label("Title").fill("The whole operation in one take")
    page.get_by_label("Minutes").fill("400")
    page.get_by_label("Yulia Peresild (actor)").check()
    page.get_by_label("Zvezda Service Module").check()
    page.get_by_role("button", name="Add scene").click()
    expect(page.locator(".field--minutes")).to_contain_text("400 min is longer than any time Yulia Peresild is free")
    # One that fits on its own but only during the safety briefing, so no schedule can hold it: the boneyard
    # will have a reason to show.
    page.get_by_label("Minutes").fill("60")
    page.get_by_label("Earliest start (UTC)").fill("2021-10-06 08:00")
    page.get_by_label("Latest end (UTC)").fill("2021-10-06 09:30")
    page.get_by_role("button", name="Add scene").click()
    expect(page.locator(".messages")).to_contain_text("Scene X01 added")

    # Schedule, and watch the progress panel update in place until the run is done.
    page.get_by_role("link", name="Timeline").click()
    page.evaluate("window.__notReloaded = true")
    page.get_by_label("Time limit (s)").fill("8")
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator("#solve-progress")).to_be_visible()
    page.evaluate("window.__notReloaded = true")
    seen = wait_for_run_done(page)
    assert seen[-1] == "succeeded", seen
    assert {"queued", "running"} & set(seen[:-1]), seen  # it was followed live, not just found finished
    expect(page.locator("#solve-progress .run-status")).to_have_text("done")
    expect(page.locator("#solve-progress .run-result")).to_contain_text("version 1")
    assert page.evaluate("window.__notReloaded === true"), "progress should update without reloading the page"
    version = ScheduleVersion.objects.get(production__code="challenge", number=1)
    expect(page.locator("#solve-progress .run-objective")).to_have_text(str(version.objective))
    assert int(page.locator("#solve-progress .run-solutions").inner_text()) >= 1

    # The new version appears on the timeline without a reload: shoots as blocks, details on hover and focus.
    expect(page.locator(".version-summary")).to_contain_text("Version 1")
    shoots = page.locator("a.shoot[data-scene]")
    expect(shoots.first).to_be_visible()
    assert shoots.count() == version.shoots.count() > 20
    first = shoots.first
    first.hover()
    expect(first.locator(".tip")).to_be_visible()
    expect(first.locator(".tip")).to_contain_text("Module:")
    page.mouse.move(0, 0)
    first.focus()
    expect(first.locator(".tip")).to_be_visible()

    # The boneyard says why X01 was left out.
    page.get_by_role("link", name="Stripboard & boneyard").click()
    bone = page.locator("details.bone", has_text="X01")
    bone.locator("summary").click()
    reason = bone.locator(".reason")
    expect(reason).to_be_visible()
    assert len(reason.inner_text()) > 20

    # Pin a shoot after the re-plan instant, then re-plan from inside the stay: the pin holds.
    pinned_shoot = version.shoots.filter(start__gte=REPLAN_FROM).select_related("scene", "module").order_by("start").first()
    scene = pinned_shoot.scene
    page.locator(f"#scene-{scene.pk}").get_by_role("button", name=f"Pin scene {scene.code}").click()
    expect(page.locator("#board-verdict")).to_contain_text(f"Scene {scene.code} pinned at")
    assert Pin.objects.filter(scene=scene, start=pinned_shoot.start, module=pinned_shoot.module).exists()

    page.get_by_role("link", name="Timeline").click()
    page.get_by_label("Time limit (s)").fill("8")
    page.get_by_label("Re-plan from (UTC)").fill("2021-10-12T00:00")
    page.get_by_role("button", name="Re-plan from this time").click()
    expect(page.locator("#solve-progress")).to_contain_text("re-plan from 12 Oct 00:00 UTC")
    assert wait_for_run_done(page)[-1] == "succeeded"
    # The live update without a reload is checked on the first run; here the page is opened afresh.
    page.goto(f"{live_server.url}/p/challenge/")
    expect(page.locator(".version-summary")).to_contain_text("Version 2")
    replanned = ScheduleVersion.objects.get(production__code="challenge", number=2)
    kept = replanned.shoots.get(scene=scene)
    assert (kept.start, kept.module_id) == (pinned_shoot.start, pinned_shoot.module_id)
    block = page.locator(f'a.shoot[data-scene="{scene.code}"]')
    expect(block).to_have_class(re.compile("shoot--pinned"))
    before = {s.scene_id: (s.start, s.module_id) for s in version.shoots.filter(start__lt=REPLAN_FROM)}
    after = {s.scene_id: (s.start, s.module_id) for s in replanned.shoots.filter(scene_id__in=before)}
    assert after == before  # nothing before the re-plan instant moved

    page.screenshot(path=str(screenshots / "timeline.png"), full_page=True)
    page.set_viewport_size({"width": 800, "height": 900})
    page.screenshot(path=str(screenshots / "timeline-800.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 800, "no sideways scrolling at 800 px"
    page.set_viewport_size({"width": 1280, "height": 900})

    # Compare the two versions.
    page.get_by_role("link", name="Versions & compare").click()
    expect(page.get_by_role("heading", name="Version 1 → version 2")).to_be_visible()

    # Print the call sheet of the pinned shoot's day.
    page.get_by_role("link", name="Call sheets").click()
    page.get_by_label("Day", exact=True).select_option(pinned_shoot.start.date().isoformat())
    page.get_by_role("button", name="Show", exact=True).click()
    sheet = page.locator("article.callsheet")
    expect(sheet).to_contain_text(f"{scene.code} {scene.title}")
    expect(sheet.locator(".light-span").first).to_be_visible()
    # The print button works from app.js (the CSP runs no inline handler): it opens the browser's print.
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Print call sheet").click()
    assert page.evaluate("window.__printed === true"), "the Print call sheet button should print"
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    page.screenshot(path=str(screenshots / "callsheet.png"), full_page=True)
    page.pdf(path=str(screenshots.parent / "callsheet.pdf"), format="A4", landscape=True, print_background=True)
    assert (screenshots.parent / "callsheet.pdf").stat().st_size > 10_000


def test_a_station_operator_is_refused_a_directors_production(live_server, page, station_operator, director, small_document):
    production_import(document=production_document_check(small_document), director=director)
    log_in(page, live_server, "stationops1", "pw-stationops1")
    expect(page.locator("main")).to_contain_text("You direct no productions")
    for path in ("/p/tiny/", "/p/tiny/stripboard/", "/p/tiny/callsheet/"):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
        expect(page.locator("body")).not_to_contain_text("Tiny")
    assert Production.objects.get(code="tiny").director == director
    assert not Scene.objects.filter(production__code="tiny", shot=True).exists()
