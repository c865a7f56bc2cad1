"""The timeline: rows per person and module, free time, closures, events, night bands, shoots by status."""

import re
from datetime import datetime, timezone

import pytest
from django.urls import reverse

from scheduling.models import Pin, Scene
from scheduling.web.timeline import Scale, stay_days, zoom_parse

pytestmark = pytest.mark.django_db


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_scale_places_a_span_as_percentages_clipped_to_the_view():
    scale = Scale(utc(2021, 10, 5), utc(2021, 10, 6))
    assert scale.place(utc(2021, 10, 5, 6), utc(2021, 10, 5, 12)) == "left:25.000%;width:25.000%"
    assert scale.place(utc(2021, 10, 4, 22), utc(2021, 10, 5, 6)) == "left:0.000%;width:25.000%"
    assert scale.place(utc(2021, 10, 6, 1), utc(2021, 10, 6, 2)) is None


def test_zoom_reads_week_and_day_and_falls_back_to_the_whole_stay(tiny):
    assert stay_days(tiny) == [utc(2021, 10, d).date() for d in (5, 6, 7)]
    day = zoom_parse(tiny, day="2021-10-06")
    assert (day.kind, day.start, day.end) == ("day", utc(2021, 10, 6), utc(2021, 10, 7))
    week = zoom_parse(tiny, week="1")
    assert (week.kind, week.start, week.end) == ("week", utc(2021, 10, 5), utc(2021, 10, 8))
    for wrong in ({"day": "2021-11-01"}, {"day": "yesterday"}, {"week": "9"}, {"week": "x"}):
        stay = zoom_parse(tiny, **wrong)
        assert (stay.kind, stay.start, stay.end) == ("stay", tiny.start, tiny.end)


def test_timeline_has_a_row_per_person_and_module_with_free_time_closures_and_events(director_client, tiny_scheduled):
    page = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    for label in ("Yulia Peresild", "Klim Shipenko", "Zvezda", "Poisk"):
        assert f'<div class="tl-label">{label}' in page
    assert page.count('class="band band--free"') == 3  # two free windows of Peresild, one of Shipenko
    assert 'class="band band--closure" style="left:' in page and 'title="closed: cargo"' in page
    # The thruster test blocks both people and Zvezda: three bands, and one labelled block on the events row.
    assert page.count('class="band band--event"') == 3
    assert '<span class="event-title">Thruster test</span>' in page


def test_shoots_are_blocks_coloured_by_status_with_details_on_hover_or_focus(director_client, tiny_scheduled):
    scene = Scene.objects.get(production=tiny_scheduled, code="002")
    scene.shot = True
    scene.save()
    page = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    module_blocks = re.findall(r'<a class="shoot shoot--(\w+)[^"]*" style="[^"]+" href="[^"]+" data-scene="(\w+)"', page)
    assert ("pinned", "001") in module_blocks and ("shot", "002") in module_blocks
    tip = re.search(
        r'data-scene="001" data-minutes="60" aria-label="[^"]*"><span class="shoot-label"><span class="shoot-code">001</span> '
        r'<span class="shoot-title">Arrival</span></span><span class="tip" role="tooltip">(.*?)</span></a>', page,
    ).group(1)
    assert "001 Arrival" in tip and "Tue 05 Oct 17:00–18:00 UTC" in tip and "Module: Zvezda" in tip
    assert "People: Yulia Peresild, Klim Shipenko" in tip and "Status: pinned" in tip
    assert 'aria-label="Scene 001 Arrival, Tue 05 Oct 17:00–18:00 UTC, Zvezda, people: Yulia Peresild, Klim Shipenko, pinned"' in page


def test_a_shoot_is_focusable_once_and_drawn_in_each_of_its_peoples_rows(director_client, tiny_scheduled):
    page = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    assert page.count('data-scene="001"') == 1
    assert len(re.findall(r'tabindex="-1" aria-hidden="true"><span class="shoot-label"><span class="shoot-code">001<', page)) == 2


def test_without_an_orbit_there_are_no_night_bands(director_client, tiny_scheduled):
    page = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    assert "Orbital light" not in page and "band--night" not in page


def test_night_bands_are_drawn_from_the_productions_orbit(director_client, challenge):
    day = director_client.get(reverse("web:production", args=["challenge"]) + "?day=2021-10-08").content.decode()
    bands = day.count('class="band band--night"')
    assert 14 <= bands <= 17  # the ISS sees 15-16 nights a day
    assert "Timeline: Fri 08 Oct 2021" in day


def test_week_zoom_shows_seven_days_and_links_to_the_next(director_client, challenge):
    page = director_client.get(reverse("web:production", args=["challenge"]) + "?week=1").content.decode()
    assert "Timeline: week 1: 05 Oct – 11 Oct 2021" in page
    assert 'href="/p/challenge/?week=2" rel="next"' in page
    assert page.count('class="tl-tick"') == 7


def test_a_version_can_be_viewed_and_pins_show_in_every_version(director_client, tiny_scheduled):
    from tests.web.conftest import publish

    publish(tiny_scheduled)
    page = director_client.get(reverse("web:production", args=["tiny"]) + "?version=1").content.decode()
    assert "<strong>Version 1</strong> <span class=\"revision\" style=\"--paper: #ffffff\">white revision</span> (current is version 2)" in page
    assert director_client.get(reverse("web:production", args=["tiny"]) + "?version=7").status_code == 404
    assert Pin.objects.filter(scene__production=tiny_scheduled).count() == 1
