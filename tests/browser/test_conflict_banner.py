"""A station operator's closure breaks a published shoot: a real worker checks it, and the director sees the
banner, the marked shoot and a notification in a real browser."""

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from core.times import format_time
from scheduling.models import ScheduleCheck, Shoot
from tests.api.conftest import import_production, publish
from tests.browser.conftest import log_in
from tests.scheduling.test_worker import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_director_sees_the_banner_and_the_broken_shoot_after_a_station_change(
    live_server, page, celery_workers, small_document, director, station_operator, screenshots
):
    production = import_production(small_document, director=director)
    publish(production)
    celery_workers("checker")
    log_in(page, live_server, "director1", "pw-director1")
    page.goto(f"{live_server.url}/p/tiny/")
    expect(page.locator(".version-summary")).to_contain_text("Version 1")
    expect(page.locator(".conflicts-banner")).to_have_count(0)

    target = Shoot.objects.select_related("module").get(version__production=production, scene__code="001")
    operator = APIClient()
    operator.force_login(station_operator)
    closure = {"module": target.module.code, "start": format_time(target.start), "end": format_time(target.end),
               "reason": "Hatches sealed"}
    assert operator.post("/api/stations/ISS/closures/", closure, format="json").status_code == 201
    wait_for(lambda: ScheduleCheck.objects.filter(production=production, conflicts__0__scene="001").exists(), 60,
             "the worker to store the check")

    page.reload()
    banner = page.get_by_role("region", name="1 shoot broken by station changes since version 1")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(f"{target.module.code} is closed")
    block = page.locator('a.shoot[data-scene="001"]')
    expect(block).to_have_class("shoot shoot--pinned shoot--broken")
    block.hover()
    expect(block.locator(".tip")).to_contain_text("Broken:")
    expect(page.locator('a.shoot--broken[data-scene]')).to_have_count(1)  # its module's row; people's rows repeat it
    page.screenshot(path=str(screenshots / "conflicts-banner.png"), full_page=True)

    expect(page.get_by_role("link", name="Notifications 1")).to_be_visible()
    page.get_by_role("link", name="Productions").click()
    expect(page.locator(".conflicts-banner")).to_contain_text("Tiny: 1 shoot broken by station changes since version 1")
    page.get_by_role("link", name="Notifications 1").click()
    expect(page.locator(".notification").first).to_contain_text("001 on")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
