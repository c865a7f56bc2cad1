"""Times are entered and shown as 24-hour UTC text, whatever the browser's locale, and the re-plan time
defaults to an instant inside the stay."""

from datetime import datetime, timezone

import pytest
from django.urls import reverse

from scheduling.web.forms import SolveRunForm, replan_default

pytestmark = pytest.mark.django_db


def test_the_replan_field_of_a_past_stay_defaults_inside_it(director_client, tiny):
    page = director_client.get(reverse("web:production", args=["tiny"])).content.decode()
    assert 'type="text" name="replan_from" value="2021-10-06 00:00"' in page  # the middle day of 5-7 Oct 2021
    assert 'type="datetime-local"' not in page


def test_inside_the_stay_the_replan_field_defaults_to_now(tiny, settings, monkeypatch):
    moment = datetime(2021, 10, 6, 13, 47, 30, tzinfo=timezone.utc)
    monkeypatch.setattr("scheduling.web.forms.django_timezone.now", lambda: moment)
    assert replan_default(tiny) == datetime(2021, 10, 6, 13, 47, tzinfo=timezone.utc)
    assert SolveRunForm(production=tiny)["replan_from"].value() == "2021-10-06 13:47"


@pytest.mark.parametrize("typed", ["2021-10-06 14:05", "2021-10-06T14:05", "2021-10-06T14:05:00Z"])
def test_a_24_hour_utc_time_is_read_however_it_is_typed(tiny, typed):
    form = SolveRunForm({"engine": "greedy", "seconds": "5", "action": "replan-at", "replan_from": typed}, production=tiny)
    assert form.is_valid(), form.errors
    assert form.replan_instant() == datetime(2021, 10, 6, 14, 5, tzinfo=timezone.utc)


def test_a_12_hour_time_is_refused(tiny):
    form = SolveRunForm({"engine": "greedy", "seconds": "5", "action": "replan-at", "replan_from": "10/06/2021 2:05 PM"}, production=tiny)
    assert not form.is_valid() and "replan_from" in form.errors


def test_the_scene_form_shows_times_in_24_hour_utc(director_client, tiny):
    scene = tiny.scenes.get(code="002")
    page = director_client.get(reverse("web:scene_edit", args=["tiny", scene.pk])).content.decode()
    assert 'name="earliest" value="2021-10-06 00:00"' in page
