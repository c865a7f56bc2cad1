"""Nothing leaks: a second director probing every page, every API endpoint and the admin with the first
director's codes and ids gets, byte for byte, the answer a code that does not exist gets (the probed value
itself aside, which some answers echo). Pages and endpoints come from the URL confs, so new ones are probed too.
"""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from scheduling.models import Scene, SolveRun
from tests.web.test_write_access import UNSAFE, filled, patterns

pytestmark = pytest.mark.django_db

MISSING_RUN = 987654


@pytest.fixture(autouse=True)
def _no_throttling(rates):
    rates(writes="10000/min", solves="10000/min", calendar="10000/min")


@pytest.fixture
def probes(tiny_scheduled):
    """(real, missing) values for each URL parameter: the first director's, and ones nobody has."""
    scene = tiny_scheduled.scenes.get(code="002")
    run = SolveRun.objects.create(production=tiny_scheduled, status=SolveRun.Status.SUCCEEDED)
    return {
        "code": ("tiny", "nope"), "scene": ("002", "zzz"), "run_id": (run.pk, MISSING_RUN), "number": (1, 99),
        "pk": (scene.pk, MISSING_RUN), "fmt": ("json", "json"), "station": ("ISS", "ISS"), "person": ("peresild", "peresild"),
        "module": ("zvezda", "zvezda"), "event": ("thruster", "thruster"),
    }


def values(probes: dict, which: int, pattern) -> dict:
    chosen = {name: pair[which] for name, pair in probes.items()}
    if "run" in (pattern.name or ""):  # a run's page: its pk is a run's
        chosen["pk"] = probes["run_id"][which]
    return chosen


CSRF = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')
# The page head's tags (viewport, style sheets, scripts) are the same on every page, and hold numbers
# ("initial-scale=1", "htmx-2.min.js") that a probed id may equal.
HEAD_TAGS = re.compile(r"^\s*<(meta|link|script) [^\n]*>\n", re.M)


def page_text(body: bytes) -> str:
    """A page as the comparisons read it: CSRF tokens (fresh for every page) masked, the head's tags out."""
    return HEAD_TAGS.sub("", CSRF.sub(r"\1<csrf>", body.decode(errors="replace")))


def masked(body: bytes, probes: dict, which: int, pattern) -> bytes:
    """The body with the probed values of this URL replaced by their names (so an echo of the request does
    not count) and CSRF tokens, fresh for every page, masked."""
    text = page_text(body)
    for name in pattern.pattern.converters:
        real, missing = probes.get(name, (None, None))
        if real != missing:
            text = re.sub(_alone(str((real, missing)[which])), f"<{name}>", text)
    return text.encode()


def _alone(value: str) -> str:
    """`value` as a word of its own: not part of a longer one, nor of a file name ("htmx-2.min.js" when a
    probed id is 2)."""
    return rf"(?<![\w.-]){re.escape(value)}(?![\w-]|\.\w)"


def answer(response, probes, which, pattern) -> tuple:
    return response.status_code, response.get("Location", ""), masked(response.content, probes, which, pattern)


def _fresh(client, method: str, url: str):
    """`method` on `url`, leaving no message for the next page (the admin's "does not exist" redirects and
    "notifications marked read" each leave one, which the next page would show)."""
    response = getattr(client, method)(url)
    client.cookies.pop("messages", None)
    return response


def test_pages_answer_someone_elses_codes_as_missing_ones(client, other_director, probes):
    client.force_login(other_director)
    for pattern in patterns("web"):
        for method in ("get", "post"):
            real, missing = (
                answer(_fresh(client, method, filled(pattern, "/", values(probes, which, pattern))), probes, which, pattern)
                for which in (0, 1)
            )
            assert real == missing, (pattern.name, method, real, missing)


def test_api_endpoints_answer_someone_elses_codes_as_missing_ones(other_director, probes):
    client = APIClient()
    client.force_authenticate(other_director)
    probed = 0
    for pattern in patterns("api"):
        view = getattr(pattern.callback, "cls", None)
        methods = ["get"] + [method for method in UNSAFE if view is not None and hasattr(view, method)]
        for method in methods:
            real, missing = (
                answer(
                    getattr(client, method)(filled(pattern, "/api/", values(probes, which, pattern)), {}, format="json"),
                    probes, which, pattern,
                )
                for which in (0, 1)
            )
            assert real == missing, (pattern.name, method, real, missing)
            probed += 1
    assert probed >= 40


@pytest.mark.parametrize("model", ["production", "scene", "pin", "scheduleversion", "solverun"])
def test_the_admin_answers_someone_elses_objects_as_missing_ones(client, other_director, tiny_scheduled, model):
    first = {
        "production": tiny_scheduled, "scene": tiny_scheduled.scenes.get(code="002"),
        "pin": tiny_scheduled.scenes.get(code="001").pin, "scheduleversion": tiny_scheduled.schedule_versions.get(),
        "solverun": SolveRun.objects.create(production=tiny_scheduled),
    }[model]
    client.force_login(other_director)
    for view in ("change", "delete", "history"):
        real, missing = (
            _fresh(client, "get", reverse(f"admin:scheduling_{model}_{view}", args=[pk])) for pk in (first.pk, MISSING_RUN)
        )
        assert (real.status_code, real.get("Location")) == (missing.status_code, missing.get("Location")), (model, view)
        shown, unknown = (page_text(page.content) for page in (real, missing))
        assert not re.search(_alone(str(first.pk)), shown) or shown == unknown, (model, view)
    listing = client.get(reverse(f"admin:scheduling_{model}_changelist")).content.decode()
    assert "tiny" not in listing.lower().replace("tinymce", "")


def test_a_scene_list_filter_never_names_someone_elses_production(client, other_director, tiny_scheduled):
    client.force_login(other_director)
    response = client.get(reverse("admin:scheduling_scene_changelist"), {"production__id__exact": tiny_scheduled.pk})
    assert "Tiny" not in response.content.decode() and not Scene.objects.filter(production__director=other_director).exists()
