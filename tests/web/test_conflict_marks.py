"""Broken shoots shown everywhere a director looks: the banner on the production page and the list, marks on
the timeline, stripboard and call sheet with the reason, and notifications in the header and their page.
Pages read the stored check; they never compute one."""

import pytest
from django.urls import reverse

from crew.models import ModuleClosure
from scheduling import schedule_checks
from scheduling.models import Notification, Shoot
from scheduling.schedule_checks import schedule_check
from tests.web.conftest import publish

pytestmark = pytest.mark.django_db

HEADLINE = "1 shoot broken by station changes since version 1"


@pytest.fixture
def broken_003(tiny_scheduled) -> Shoot:
    """tiny's shoot of 003 broken by a closure of its module, and the check stored as a worker would."""
    shoot = Shoot.objects.select_related("module").get(version__production=tiny_scheduled, scene__code="003")
    ModuleClosure.objects.create(module=shoot.module, start=shoot.start, end=shoot.end, reason="leak check")
    schedule_check(production=tiny_scheduled)
    return shoot


@pytest.fixture
def no_recomputing(monkeypatch):
    def refuse(**kwargs):
        raise AssertionError("a page computed a check instead of reading the stored one")

    monkeypatch.setattr(schedule_checks, "schedule_conflicts", refuse)


def page(client, name: str, *args, **query) -> str:
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_production_page_and_the_list_carry_the_banner(director_client, broken_003, no_recomputing):
    production = page(director_client, "web:production", "tiny")
    assert HEADLINE in production and 'class="conflicts-banner"' in production
    assert f"{broken_003.module.code} is closed" in production
    listing = page(director_client, "web:productions")
    assert HEADLINE in listing and 'href="/p/tiny/"' in listing


def test_no_banner_while_nothing_is_broken(director_client, tiny_scheduled):
    schedule_check(production=tiny_scheduled)
    assert "conflicts-banner" not in page(director_client, "web:production", "tiny")
    assert "conflicts-banner" not in page(director_client, "web:productions")


def test_the_timeline_marks_only_the_broken_shoot_with_its_reason(director_client, broken_003, no_recomputing):
    html = page(director_client, "web:production", "tiny")
    marked = [chunk for chunk in html.split("<a class=\"shoot ")[1:] if "shoot--broken" in chunk.split('"')[0]]
    assert marked and all('<span class="shoot-code">003</span>' in chunk for chunk in marked)
    assert 'data-scene="003"' in html and "broken: scene 003 in" in html  # the label, for screen readers
    assert "<strong>Broken:</strong> scene 003" in html  # the tooltip
    assert "broken by station changes (⚠)" in html  # the legend


def test_the_stripboard_and_the_call_sheet_say_why(director_client, broken_003, no_recomputing):
    stripboard = page(director_client, "web:stripboard", "tiny")
    assert stripboard.count("⚠ Broken:") == 1
    row = stripboard[stripboard.index('id="scene-' + str(broken_003.scene_id) + '"'):]
    assert row.index("⚠ Broken:") < row.index("</tr>")
    sheet = page(director_client, "web:callsheet", "tiny", day=f"{broken_003.start:%Y-%m-%d}")
    assert sheet.count("⚠ Broken:") == 1 and "is closed" in sheet


def test_an_older_version_shows_no_marks_the_current_one_is_what_broke(director_client, broken_003):
    publish(broken_003.version.production)
    schedule_check(production=broken_003.version.production)
    older = page(director_client, "web:production", "tiny", version="1")
    assert "shoot--broken" not in older and "conflicts-banner" not in older


def test_the_header_counts_unread_notifications_and_the_page_marks_them_read(director_client, director, broken_003):
    notification = Notification.objects.get(user=director)
    home = page(director_client, "web:productions")
    assert 'aria-label="1 unread"' in home
    listing = page(director_client, "web:notifications")
    assert notification.subject in listing and "003 on" in listing
    response = director_client.post(reverse("web:notifications_read"), {"notification": notification.pk})
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read is not None
    assert "unread-count" not in page(director_client, "web:productions")


def test_nobody_marks_or_reads_anothers_notifications(client, other_director, broken_003):
    client.force_login(other_director)
    notification = Notification.objects.get()
    assert notification.subject not in page(client, "web:notifications")
    client.post(reverse("web:notifications_read"), {"notification": notification.pk})
    client.post(reverse("web:notifications_read"))
    notification.refresh_from_db()
    assert notification.read is None
