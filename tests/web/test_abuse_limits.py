"""Limits on abuse through the pages: login lockout after repeated failures, rate limits on writes and solve
starts, and the Content-Security-Policy on every page."""

import pytest
from django.urls import reverse

from scheduling.models import SolveRun

pytestmark = pytest.mark.django_db


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_thirty_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, director, settings):
    wrong = [log_in(client, director.username, f"guess-{attempt}").status_code for attempt in range(30)]
    assert wrong[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again
    assert set(wrong[settings.AXES_FAILURE_LIMIT:]) == {429}
    response = log_in(client, director.username, "pw-" + director.username)
    assert response.status_code == 429
    assert "too many login attempts" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_username_from_that_address(client, director, other_director, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, director.username, f"guess-{attempt}")
    assert log_in(client, other_director.username, "pw-" + other_director.username).status_code == 302
    elsewhere = client.__class__(REMOTE_ADDR="198.51.100.7")
    assert log_in(elsewhere, director.username, "pw-" + director.username).status_code == 302


def test_a_few_mistakes_then_the_right_password_logs_in(client, director):
    for attempt in range(3):
        log_in(client, director.username, f"guess-{attempt}")
    assert log_in(client, director.username, "pw-" + director.username).status_code == 302


def test_web_writes_beyond_the_rate_get_429_with_retry_after(client, director, tiny_scheduled, rates):
    rates(writes="3/min")
    client.force_login(director)
    scene = tiny_scheduled.scenes.get(code="002")
    url = reverse("web:scene_shot", args=["tiny", scene.pk])
    statuses = [client.post(url, {"shot": "0"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    response = client.post(url, {"shot": "0"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many changes in a short time" in response.content.decode()
    assert client.get(reverse("web:stripboard", args=["tiny"])).status_code == 200  # reading is not limited


def test_web_and_api_writes_share_one_budget(client, director, tiny_scheduled, rates):
    rates(writes="2/min")
    client.force_login(director)
    scene = tiny_scheduled.scenes.get(code="002")
    assert client.post(reverse("web:scene_shot", args=["tiny", scene.pk]), {"shot": "0"}).status_code == 302
    assert client.patch("/api/productions/tiny/scenes/002/", {"priority": 6}, content_type="application/json").status_code == 200
    assert client.post(reverse("web:scene_shot", args=["tiny", scene.pk]), {"shot": "0"}).status_code == 429


def test_web_solve_starts_have_their_own_tighter_limit(client, director, tiny, rates, redis_server, settings):
    settings.CELERY_BROKER_URL = redis_server
    rates(solves="1/min")
    client.force_login(director)
    url = reverse("web:run_start", args=["tiny"])
    assert client.post(url, {"action": "schedule", "engine": "greedy", "seconds": 5}).status_code == 302
    SolveRun.objects.update(status=SolveRun.Status.CANCELLED)  # no active run in the way of the second start
    assert client.post(url, {"action": "schedule", "engine": "greedy", "seconds": 5}).status_code == 429
    assert SolveRun.objects.count() == 1


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/p/tiny/", "/p/tiny/stripboard/", "/api/productions/", "/admin/"])
def test_every_answer_carries_the_content_security_policy(client, director, tiny_scheduled, url):
    client.force_login(director)
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert directives["style-src-elem"] == "'self'" and directives["frame-ancestors"] == "'none'"


def test_pages_have_no_inline_script_or_handler(client, director, tiny_scheduled):
    """What the policy would block, caught here before a browser does."""
    import re

    client.force_login(director)
    day = tiny_scheduled.start.date().isoformat()
    for url in ("/", "/p/tiny/", "/p/tiny/stripboard/", f"/p/tiny/callsheet/?day={day}", "/p/tiny/dood/", "/p/tiny/compare/",
                f"/p/tiny/scenes/{tiny_scheduled.scenes.first().pk}/edit/", "/accounts/login/"):
        page = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"\son[a-z]+=", page), url
        assert "<style" not in page, url


def test_the_boards_live_checks_have_a_limit_of_their_own(client, director, tiny_scheduled, rates):
    """A drag asks for a check at every step, so checks do not use up the writes; but a script hammering the
    check (a validator run each) is stopped all the same."""
    rates(writes="1/min", checks="3/min")
    client.force_login(director)
    check = reverse("web:board_check", args=["tiny"])
    move = {"scene": "003", "start": "2021-10-05 19:00", "module": "zvezda"}
    statuses = [client.post(check, move, HTTP_ACCEPT="application/json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    scene = tiny_scheduled.scenes.get(code="002")
    assert client.post(reverse("web:scene_shot", args=["tiny", scene.pk]), {"shot": "0"}).status_code == 302
