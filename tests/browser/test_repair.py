"""Repair in one click, in a real browser with a real worker: the station closes a module under one shoot, the
director presses Repair, and reads which shoot moved and why while everything else stays put."""

import pytest
from playwright.sync_api import expect

from scheduling.models import ScheduleVersion
from tests.browser.conftest import log_in
from tests.browser.test_director_walkthrough import wait_for_run_done
from tests.scheduling.test_repair import close_under, places, published  # noqa: F401 - `published` is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_director_repairs_a_plan_the_station_broke_in_one_click(live_server, page, celery_workers, published, screenshots):
    before = places(published.schedule_versions.get(number=1))
    close_under(published, "003")
    celery_workers("repair-worker")

    log_in(page, live_server, "director1", "pw-director1")
    page.goto(f"{live_server.url}/p/repairable/")
    expect(page.locator(".version-summary")).to_contain_text("Version 1")
    page.get_by_role("button", name="Repair", exact=True).click()
    expect(page.locator("#solve-progress")).to_contain_text("repair")
    assert wait_for_run_done(page)[-1] == "succeeded"

    repaired = ScheduleVersion.objects.get(production=published, number=2)
    after = places(repaired)
    assert [code for code in before if after[code] != before[code]] == ["003"]
    moves = page.locator("#solve-progress .run-moves li")
    expect(moves).to_have_count(1)
    expect(moves.first).to_have_text(
        f"moved 003 from {before['003'][0]:%d %b %H:%M} to {after['003'][0]:%d %b %H:%M}: zvezda is closed then"
    )
    expect(page.locator(".version-summary")).to_contain_text("Version 2")
    page.locator(".schedule-panel").screenshot(path=str(screenshots / "repair.png"))
