"""Crew calendars that stay current: a crew member's timeline subscribed to a calendar URL, fetched from a real
local HTTP server, applied through the same checks and writes as an upload, every failure stored, nothing
half-written."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from crew import services
from crew.models import FreeWindow, TimelineSubscription
from crew.services import timeline_subscription_fetch, timeline_subscription_save, timeline_subscriptions_fetch_due
from crew.timelines import MAX_FILE_BYTES
from tests.crew.test_timeline_upload import EXPECTED, TIMELINE, at, shipenko, tiny, windows_of  # noqa: F401 - fixtures
from tests.scheduling.test_worker import wait_for

pytestmark = pytest.mark.django_db

LATER = TIMELINE.replace("DTEND:20211004T193000Z", "DTEND:20211004T200000Z")  # weekday work now ends at 20:00
INTERVAL_ZERO = TIMELINE.replace("RRULE:FREQ=DAILY", "RRULE:FREQ=DAILY;INTERVAL=0")


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    hold: threading.Event | None = None  # the handler waits for this before answering


class CalendarServer:
    """A real HTTP server on loopback answering each path as told, honouring If-None-Match against the ETag it
    was told to send, and keeping the headers of every request it got."""

    def __init__(self):
        self.answers: dict[str, Answer] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                answer = server.answers.get(self.path, Answer(status=404))
                if answer.hold is not None:
                    answer.hold.wait(30)
                etag = answer.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, body: str | bytes, **headers) -> None:
        self.answers[path] = Answer(body=body.encode() if isinstance(body, str) else body, headers=headers)


@pytest.fixture
def calendar_server(settings):
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = True  # the server is on loopback
    server = CalendarServer()
    server.thread.start()
    yield server
    for answer in server.answers.values():
        if answer.hold is not None:
            answer.hold.set()
    server.httpd.shutdown()
    server.httpd.server_close()


def subscribe(member, url: str) -> TimelineSubscription:
    return timeline_subscription_save(crew_member=member, fields={
        "url": url, "aboard_start": at(5, 16), "aboard_end": at(7, 16), "min_gap": 15, "enabled": True,
    })


def window_rows(member) -> list[tuple[int, datetime, datetime]]:
    return list(FreeWindow.objects.filter(crew_member=member).order_by("start").values_list("pk", "start", "end"))


def fetched(subscription) -> TimelineSubscription:
    return timeline_subscription_fetch(subscription=subscription)


def test_a_first_fetch_applies_the_calendar_as_an_upload_would(calendar_server, shipenko, told):
    calendar_server.serve("/shipenko.ics", TIMELINE, ETag='"v1"', **{"Last-Modified": "Mon, 04 Oct 2021 08:00:00 GMT"})
    subscription = fetched(subscribe(shipenko, calendar_server.url + "/shipenko.ics"))
    assert windows_of(shipenko) == [*EXPECTED, (at(20, 8), at(20, 12))]  # the window after the stay is kept
    assert subscription.last_status == "applied" and subscription.last_fetched is not None
    assert subscription.last_message == "4 windows added, 1 removed, 0 unchanged; 1740 → 600 free minutes"
    assert (subscription.etag, subscription.last_modified) == ('"v1"', "Mon, 04 Oct 2021 08:00:00 GMT")
    assert subscription.last_changed is not None and len(subscription.content_hash) == 64
    assert told == [shipenko.station_id]


def test_an_unchanged_calendar_answered_304_changes_nothing(calendar_server, shipenko, told):
    calendar_server.serve("/shipenko.ics", TIMELINE, ETag='"v1"')
    subscription = fetched(subscribe(shipenko, calendar_server.url + "/shipenko.ics"))
    rows, changed_at = window_rows(shipenko), subscription.last_changed
    told.clear()
    subscription = fetched(subscription)
    assert calendar_server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert (subscription.last_status, subscription.last_message) == ("unchanged", "not modified since the last fetch (HTTP 304)")
    assert window_rows(shipenko) == rows and subscription.last_changed == changed_at and told == []


def test_the_same_calendar_without_validators_is_known_by_its_hash(calendar_server, shipenko, told):
    calendar_server.serve("/plain.ics", TIMELINE)
    subscription = fetched(subscribe(shipenko, calendar_server.url + "/plain.ics"))
    rows = window_rows(shipenko)
    told.clear()
    subscription = fetched(subscription)
    assert (subscription.last_status, subscription.last_message) == ("unchanged", "the same calendar as last time")
    assert window_rows(shipenko) == rows and told == []


def test_a_changed_calendar_applies_and_tells_the_station(calendar_server, shipenko, told):
    calendar_server.serve("/shipenko.ics", TIMELINE, ETag='"v1"')
    subscription = fetched(subscribe(shipenko, calendar_server.url + "/shipenko.ics"))
    told.clear()
    calendar_server.serve("/shipenko.ics", LATER, ETag='"v2"')
    subscription = fetched(subscription)
    assert subscription.last_status == "applied" and subscription.etag == '"v2"'
    assert (at(5, 20), at(5, 21, 30)) in windows_of(shipenko) and (at(5, 19, 30), at(5, 21, 30)) not in windows_of(shipenko)
    assert told == [shipenko.station_id]


def test_a_calendar_that_changed_but_leaves_the_same_windows_writes_nothing(calendar_server, shipenko, told):
    calendar_server.serve("/shipenko.ics", TIMELINE)
    subscription = fetched(subscribe(shipenko, calendar_server.url + "/shipenko.ics"))
    rows = window_rows(shipenko)
    told.clear()
    calendar_server.serve("/shipenko.ics", TIMELINE.replace("SUMMARY:Sleep", "SUMMARY:Sleep well"))
    subscription = fetched(subscription)
    assert (subscription.last_status, subscription.last_message) == (
        "unchanged", "a new calendar, which leaves the free windows as they were"
    )
    assert window_rows(shipenko) == rows and told == []


def assert_failed_and_nothing_changed(subscription, member, rows, message: str) -> None:
    before = (subscription.etag, subscription.content_hash, subscription.last_changed)
    failed = fetched(subscription)
    assert failed.last_status == "error", failed.last_message
    assert message in failed.last_message
    assert (failed.etag, failed.content_hash, failed.last_changed) == before
    assert window_rows(member) == rows


@pytest.fixture
def applied(calendar_server, shipenko):
    """Shipenko subscribed to /shipenko.ics and applied once; then the server is told what to answer next."""
    calendar_server.serve("/shipenko.ics", TIMELINE, ETag='"v1"')
    subscription = fetched(subscribe(shipenko, calendar_server.url + "/shipenko.ics"))
    return subscription, window_rows(shipenko)


def test_a_server_that_does_not_answer_in_time_is_an_error(calendar_server, shipenko, applied, settings):
    settings.CALENDAR_FETCH_READ_SECONDS = 1
    subscription, rows = applied
    calendar_server.answers["/shipenko.ics"] = Answer(body=LATER.encode(), hold=threading.Event())
    assert_failed_and_nothing_changed(subscription, shipenko, rows, "did not answer in time")


@pytest.mark.parametrize("declared", [True, False], ids=["declared", "streamed"])
def test_a_body_larger_than_a_timeline_may_be_is_refused(calendar_server, shipenko, applied, declared):
    subscription, rows = applied
    body = LATER.encode() + b" " * MAX_FILE_BYTES
    headers = {"Content-Length": str(len(body))} if declared else {}
    calendar_server.answers["/shipenko.ics"] = Answer(body=body, headers=headers)
    assert_failed_and_nothing_changed(subscription, shipenko, rows, f"sent more than the {MAX_FILE_BYTES} bytes a timeline may have")


def test_a_page_that_is_not_a_calendar_is_refused_with_the_uploads_message(calendar_server, shipenko, applied):
    subscription, rows = applied
    calendar_server.serve("/shipenko.ics", "<html><body>Please log in</body></html>")
    assert_failed_and_nothing_changed(subscription, shipenko, rows, "not an iCalendar file (it must begin with BEGIN:VCALENDAR)")


def test_a_rule_repeating_with_interval_zero_is_refused(calendar_server, shipenko, applied):
    subscription, rows = applied
    calendar_server.serve("/shipenko.ics", INTERVAL_ZERO)
    assert_failed_and_nothing_changed(subscription, shipenko, rows, "INTERVAL")


def test_a_redirect_to_a_file_url_is_refused(calendar_server, shipenko, applied):
    subscription, rows = applied
    calendar_server.answers["/shipenko.ics"] = Answer(status=302, headers={"Location": "file:///etc/passwd"})
    assert_failed_and_nothing_changed(subscription, shipenko, rows, "only http and https URLs are fetched, not file")


def test_an_http_error_is_stored_as_such(calendar_server, shipenko, applied):
    subscription, rows = applied
    del calendar_server.answers["/shipenko.ics"]
    assert_failed_and_nothing_changed(subscription, shipenko, rows, "/shipenko.ics answered HTTP 404 Not Found")


def test_a_redirect_to_another_calendar_is_followed(calendar_server, shipenko):
    calendar_server.answers["/old.ics"] = Answer(status=301, headers={"Location": "/new.ics"})
    calendar_server.serve("/new.ics", TIMELINE)
    subscription = fetched(subscribe(shipenko, calendar_server.url + "/old.ics"))
    assert subscription.last_status == "applied" and windows_of(shipenko)[:4] == EXPECTED


def test_loopback_and_private_addresses_are_refused_unless_the_site_allows_them(calendar_server, shipenko, settings):
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = False
    calendar_server.serve("/shipenko.ics", TIMELINE)
    rows = window_rows(shipenko)
    subscription = fetched(subscribe(shipenko, calendar_server.url + "/shipenko.ics"))
    assert subscription.last_status == "error"
    assert "resolves to 127.0.0.1, a private, loopback or reserved address" in subscription.last_message
    assert calendar_server.requests == [] and window_rows(shipenko) == rows


def test_an_unexpected_failure_is_stored_never_raised(shipenko, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "calendar_fetch", broken)
    subscription = fetched(subscribe(shipenko, "https://planning.example.org/shipenko.ics"))
    assert (subscription.last_status, subscription.last_message) == ("error", "RuntimeError: the disk is full")


def test_changing_what_is_fetched_forgets_the_last_answer(calendar_server, shipenko, applied):
    subscription, _ = applied
    changed = timeline_subscription_save(crew_member=shipenko, fields={"min_gap": 180})
    assert (changed.etag, changed.content_hash, changed.next_fetch) == ("", "", None)
    assert fetched(changed).last_status == "applied"  # fetched afresh, not 304, and applied with the new gap
    assert calendar_server.requests[-1][1].get("If-None-Match") is None
    assert windows_of(shipenko) == [(at(6, 6), at(6, 10)), (at(20, 8), at(20, 12))]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)  # the worker process reads what this test writes
def test_a_real_workers_sweeper_fetches_a_due_calendar(calendar_server, shipenko, celery_workers):
    calendar_server.serve("/shipenko.ics", TIMELINE)
    subscription = subscribe(shipenko, calendar_server.url + "/shipenko.ics")
    celery_workers("calendar-worker", ORBITFILM_CALENDAR_FETCH_ALLOW_PRIVATE="true")

    def applied():
        subscription.refresh_from_db()
        return subscription.last_status == "applied"

    wait_for(applied, 60, "the worker to fetch and apply the calendar")
    assert windows_of(shipenko)[:4] == EXPECTED and subscription.next_fetch is not None


def test_each_due_calendar_is_fetched_once_per_interval(calendar_server, shipenko, settings):
    settings.CALENDAR_SUBSCRIPTION_MINUTES = 15
    calendar_server.serve("/shipenko.ics", TIMELINE)
    subscription = subscribe(shipenko, calendar_server.url + "/shipenko.ics")
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    assert timeline_subscriptions_fetch_due(now=now) == [subscription.pk]
    assert timeline_subscriptions_fetch_due(now=now + timedelta(minutes=14)) == []  # not due yet
    subscription.refresh_from_db()
    assert subscription.next_fetch == now + timedelta(minutes=15) and len(calendar_server.requests) == 1
    assert timeline_subscriptions_fetch_due(now=now + timedelta(minutes=15)) == [subscription.pk]
    TimelineSubscription.objects.filter(pk=subscription.pk).update(enabled=False, next_fetch=None)
    assert timeline_subscriptions_fetch_due(now=now + timedelta(hours=1)) == []


# --- the admin ---------------------------------------------------------------------------------------------


def test_the_admin_lists_each_calendar_with_when_it_was_fetched_and_any_error(client, station_operator, shipenko):
    subscription = subscribe(shipenko, "https://planning.example.org/shipenko.ics")
    TimelineSubscription.objects.filter(pk=subscription.pk).update(
        last_fetched=at(6, 12), last_status="error", last_message="https://planning.example.org/shipenko.ics answered HTTP 503",
    )
    client.force_login(station_operator)
    page = client.get(reverse("admin:crew_timelinesubscription_changelist")).content.decode()
    assert "https://planning.example.org/shipenko.ics answered HTTP 503" in page and "Oct. 6, 2021, noon" in page
    person = client.get(reverse("admin:crew_crewmember_change", args=[shipenko.pk])).content.decode()
    assert reverse("admin:crew_timelinesubscription_change", args=[subscription.pk]) in person
    assert "error 2021-10-06 12:00 UTC: https://planning.example.org/shipenko.ics answered HTTP 503" in person


def test_a_person_without_one_is_offered_a_subscription_for_their_time_aboard(client, station_operator, shipenko):
    client.force_login(station_operator)
    person = client.get(reverse("admin:crew_crewmember_change", args=[shipenko.pk])).content.decode()
    add = reverse("admin:crew_timelinesubscription_add") + f"?crew_member={shipenko.pk}"
    assert f'<a href="{add}">subscribe to a calendar</a>' in person
    form = client.get(add).content.decode()
    assert 'value="2021-10-05"' in form and 'value="16:00:00"' in form and 'value="2021-10-20"' in form


def test_the_admin_saves_through_the_service_and_fetches_on_demand(client, station_operator, shipenko, calendar_server):
    calendar_server.serve("/shipenko.ics", TIMELINE, ETag='"v1"')
    client.force_login(station_operator)
    response = client.post(reverse("admin:crew_timelinesubscription_add"), {
        "crew_member": shipenko.pk, "url": calendar_server.url + "/shipenko.ics", "enabled": "on", "min_gap": "15",
        "aboard_start_0": "2021-10-05", "aboard_start_1": "16:00", "aboard_end_0": "2021-10-07", "aboard_end_1": "16:00",
    })
    assert response.status_code == 302
    subscription = TimelineSubscription.objects.get(crew_member=shipenko)
    assert subscription.next_fetch is None and subscription.last_status == "new"
    answer = client.post(reverse("admin:crew_timelinesubscription_changelist"),
                         {"action": "fetch_now", "_selected_action": [subscription.pk]}, follow=True)
    assert "Klim Shipenko (ISS): applied " in answer.content.decode()
    assert windows_of(shipenko)[:4] == EXPECTED


def test_the_admin_refuses_a_calendar_url_that_is_not_http(client, station_operator, shipenko):
    client.force_login(station_operator)
    response = client.post(reverse("admin:crew_timelinesubscription_add"), {
        "crew_member": shipenko.pk, "url": "ftp://planning.example.org/shipenko.ics", "enabled": "on",
        "aboard_start_0": "2021-10-05", "aboard_start_1": "16:00", "aboard_end_0": "2021-10-07", "aboard_end_1": "16:00",
    })
    assert response.status_code == 200 and "Enter a valid URL." in response.content.decode()
    assert not TimelineSubscription.objects.exists()


def test_directors_do_not_see_calendar_urls(client, director, shipenko):
    subscribe(shipenko, "https://planning.example.org/secret-token/shipenko.ics")
    client.force_login(director)
    assert client.get(reverse("admin:crew_timelinesubscription_changelist")).status_code == 403
    response = client.get("/api/stations/ISS/crew/shipenko/subscription/")
    assert response.status_code == 403 and "secret-token" not in response.content.decode()


# --- the API -----------------------------------------------------------------------------------------------

SUBSCRIPTION = "/api/stations/ISS/crew/shipenko/subscription/"


def test_the_api_subscribes_fetches_and_shows_how_it_went(client, station_operator, shipenko, calendar_server):
    calendar_server.serve("/shipenko.ics", TIMELINE)
    client.force_login(station_operator)
    created = client.put(SUBSCRIPTION, {"url": calendar_server.url + "/shipenko.ics"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json() | {"url": None} == {
        "station": "ISS", "person": "shipenko", "url": None, "aboard_start": "2021-10-05T16:00:00Z",
        "aboard_end": "2021-10-20T12:00:00Z", "min_gap": None, "enabled": True, "last_fetched": None,
        "last_status": "new", "last_message": "", "last_changed": None, "next_fetch": None,
    }
    answer = client.post(SUBSCRIPTION + "fetch/").json()
    assert (answer["last_status"], answer["last_message"]) == ("applied", "26 windows added, 2 removed, 0 unchanged; 1980 → 6480 free minutes")
    replaced = client.put(SUBSCRIPTION, {"url": calendar_server.url + "/shipenko.ics", "aboard_end": "2021-10-07T16:00:00Z"},
                          content_type="application/json")
    assert replaced.status_code == 200 and replaced.json()["aboard_end"] == "2021-10-07T16:00:00Z"
    assert client.get(SUBSCRIPTION).json()["next_fetch"] is None
    assert client.delete(SUBSCRIPTION).status_code == 204 and not TimelineSubscription.objects.exists()
    assert windows_of(shipenko)[:4] == EXPECTED  # the windows stay


@pytest.mark.parametrize("body, error", [
    ({"url": "file:///etc/passwd"}, "url: Enter a valid URL."),
    ({"url": "ftp://planning.example.org/x.ics"}, "url: only http and https calendars are fetched"),
    ({"url": "https://planning.example.org/x.ics", "aboard_start": "2021-10-07T16:00:00Z", "aboard_end": "2021-10-05T16:00:00Z"},
     "__all__: Constraint “subscription_aboard_end_after_start” is violated."),
])
def test_the_api_refuses_a_bad_subscription(client, station_operator, shipenko, body, error):
    client.force_login(station_operator)
    response = client.put(SUBSCRIPTION, body, content_type="application/json")
    assert response.status_code == 400 and response.json() == {"errors": [error]}
