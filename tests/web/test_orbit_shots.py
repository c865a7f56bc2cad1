"""The demo's orbit shots on the director's pages: a row of passes per place on the timeline, orbital sunrises
and sunsets at day zoom, and on the call sheet each orbit shot's pass or moment, read off the solver's geometry."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from scheduling.models import Shoot
from scheduling.solving import production_problem

pytestmark = pytest.mark.django_db

ORBIT_SCENES = {"008", "024", "028", "029"}


def shoot_of(production, code: str) -> Shoot:
    return Shoot.objects.get(version__production=production, scene__code=code)


def clock(problem, minute: float) -> str:
    return f"{problem.origin + timedelta(minutes=minute):%H:%M}"


def test_every_demo_orbit_scene_is_scheduled(challenge):
    assert ORBIT_SCENES <= set(Shoot.objects.filter(version__production=challenge).values_list("scene__code", flat=True))


def test_the_timeline_has_a_row_of_passes_per_place_a_scene_needs(director_client, challenge):
    page = director_client.get(reverse("web:production", args=["challenge"])).content.decode()
    assert 'data-place="moscow"' in page and 'data-place="tsup"' in page
    problem = production_problem(production=challenge)
    passes = problem.geometry.places["moscow"].in_view
    first = passes[0]
    assert f"Moscow in view {clock(problem, first.start)}–{clock(problem, first.end)}, ground dark" in page
    assert len(re.findall(r'class="band pass pass--', page)) >= len(passes)


def test_the_day_zoom_marks_orbital_sunrises_and_sunsets(director_client, challenge):
    day = "2021-10-06"
    page = director_client.get(reverse("web:production", args=["challenge"]), {"day": day}).content.decode()
    problem = production_problem(production=challenge)
    low = (problem.origin.replace(day=6, hour=0) - problem.origin).total_seconds() / 60
    sunrises = [t for t in problem.geometry.light.sunrises if low <= t < low + 1440]
    assert page.count('class="moment moment--sunrise"') == len(sunrises) >= 15
    assert f"sunrise {problem.origin + timedelta(minutes=sunrises[0]):%H:%M:%S}" in page


def test_the_call_sheet_gives_each_orbit_shot_its_pass_or_moment(director_client, challenge):
    problem = production_problem(production=challenge)
    link = shoot_of(challenge, "008")
    tsup = next(span for span in problem.geometry.places["tsup"].in_view
                if span.start <= problem.minute_at(link.start) < span.end)
    page = director_client.get(reverse("web:callsheet", args=["challenge"]), {"day": f"{link.start:%Y-%m-%d}"}).content.decode()
    assert f"Mission Control Centre, Korolyov link {clock(problem, tsup.start)}–{clock(problem, tsup.end)}" in page

    sunrise_shoot = shoot_of(challenge, "029")
    start, end = problem.minute_at(sunrise_shoot.start), problem.minute_at(sunrise_shoot.end)
    sunrise = next(t for t in problem.geometry.light.sunrises if start + 1 <= t <= end - 1)
    page = director_client.get(reverse("web:callsheet", args=["challenge"]), {"day": f"{sunrise_shoot.start:%Y-%m-%d}"}).content.decode()
    assert f"sunrise {problem.origin + timedelta(minutes=sunrise):%H:%M:%S}" in page

    view = shoot_of(challenge, "024")
    page = director_client.get(reverse("web:callsheet", args=["challenge"]), {"day": f"{view.start:%Y-%m-%d}"}).content.decode()
    assert re.search(r"Moscow in view \d\d:\d\d–\d\d:\d\d, ground lit", page)
