"""Importing a crew timeline (.ics): preview, then confirm, through the admin and through the API; production
files built afterwards carry the resulting free windows."""

from datetime import datetime, timezone

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crew.models import CrewMember, FreeWindow
from scheduling.models import Production
from scheduling.production_file import production_document_check
from scheduling.selectors import production_document
from scheduling.services import production_import

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 10, day, hour, minute, tzinfo=timezone.utc)


# Shipenko aboard the tiny production (2021-10-05 16:00 to 10-07 16:00): daily sleep 21:30-06:00, work on
# weekdays (the 5th to 7th are Tuesday to Thursday) 08:00-19:00 with the evening conference until 19:30,
# Wednesday's work moved to 10:00-19:00 by an override, and an all-day event on the 7th marked as free.
TIMELINE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//ISS Planning//Timeline export//EN
BEGIN:VEVENT
UID:sleep
SUMMARY:Sleep
DTSTART:20211001T213000Z
DTEND:20211002T060000Z
RRULE:FREQ=DAILY
END:VEVENT
BEGIN:VEVENT
UID:work
SUMMARY:Work
DTSTART:20211004T080000Z
DTEND:20211004T193000Z
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
END:VEVENT
BEGIN:VEVENT
UID:work
RECURRENCE-ID:20211006T080000Z
SUMMARY:Work, late start
DTSTART:20211006T100000Z
DTEND:20211006T193000Z
END:VEVENT
BEGIN:VEVENT
UID:rest
SUMMARY:Crew birthday
TRANSP:TRANSPARENT
DTSTART;VALUE=DATE:20211007
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")
ABOARD = {"aboard_start": "2021-10-05T16:00:00Z", "aboard_end": "2021-10-07T16:00:00Z"}
EXPECTED = [
    (at(5, 19, 30), at(5, 21, 30)),
    (at(6, 6), at(6, 10)),
    (at(6, 19, 30), at(6, 21, 30)),
    (at(7, 6), at(7, 8)),
]


@pytest.fixture
def tiny(small_document, director):
    production_import(document=production_document_check(small_document), director=director)
    return Production.objects.get(code="tiny")


@pytest.fixture
def shipenko(tiny):
    member = CrewMember.objects.get(code="shipenko")
    # Besides his window inside the stay (replaced by the import), one after it that must survive.
    FreeWindow.objects.create(crew_member=member, start=at(20, 8), end=at(20, 12))
    return member


def windows_of(member) -> list[tuple[datetime, datetime]]:
    return [(window.start, window.end) for window in FreeWindow.objects.filter(crew_member=member).order_by("start")]


def assert_export_shows_the_imported_windows(production):
    document = production_document(production=production)
    production_document_check(document)  # still a valid production file
    person = next(person for person in document["people"] if person["code"] == "shipenko")
    assert person["free"] == [
        {"start": "2021-10-05T19:30:00Z", "end": "2021-10-05T21:30:00Z"},
        {"start": "2021-10-06T06:00:00Z", "end": "2021-10-06T10:00:00Z"},
        {"start": "2021-10-06T19:30:00Z", "end": "2021-10-06T21:30:00Z"},
        {"start": "2021-10-07T06:00:00Z", "end": "2021-10-07T08:00:00Z"},
        {"start": "2021-10-20T08:00:00Z", "end": "2021-10-20T12:00:00Z"},
    ]


# --- the admin ---------------------------------------------------------------------------------------------


def upload(client, member, ics: str, **fields):
    data = {
        "file": SimpleUploadedFile("shipenko.ics", ics.encode(), content_type="text/calendar"),
        "aboard_start": "2021-10-05 16:00", "aboard_end": "2021-10-07 16:00", "min_gap": "15", **fields,
    }
    return client.post(reverse("admin:crew_crewmember_timeline", args=[member.pk]), data)


def test_crew_member_page_links_to_the_timeline_upload(client, station_operator, shipenko):
    client.force_login(station_operator)
    page = client.get(reverse("admin:crew_crewmember_change", args=[shipenko.pk])).content.decode()
    assert reverse("admin:crew_crewmember_timeline", args=[shipenko.pk]) in page and "Upload timeline (.ics)" in page


def test_upload_form_proposes_the_span_of_the_members_windows(client, station_operator, tiny):
    member = CrewMember.objects.get(code="peresild")
    client.force_login(station_operator)
    page = client.get(reverse("admin:crew_crewmember_timeline", args=[member.pk])).content.decode()
    assert 'value="2021-10-05 16:00"' in page and 'value="2021-10-06 21:00"' in page and 'value="15"' in page


def test_admin_upload_previews_then_confirm_saves_the_windows(client, station_operator, shipenko, tiny):
    client.force_login(station_operator)
    preview = upload(client, shipenko, TIMELINE)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Free time there goes from <strong>1740</strong> to <strong>600</strong> minutes" in page
    assert "<strong>4</strong> windows added" in page and "<strong>1</strong> removed" in page
    assert page.count('class="timeline-added"') == 4
    assert windows_of(shipenko) == [(at(5, 16), at(6, 21)), (at(20, 8), at(20, 12))]  # nothing saved yet

    payload = page.split('name="payload" value="')[1].split('"')[0]
    done = client.post(reverse("admin:crew_crewmember_timeline", args=[shipenko.pk]), {"payload": payload}, follow=True)
    assert "Timeline imported for Klim Shipenko (ISS): 4 windows added, 1 removed" in done.content.decode()
    assert windows_of(shipenko) == EXPECTED + [(at(20, 8), at(20, 12))]
    assert_export_shows_the_imported_windows(tiny)


def test_admin_upload_of_a_bad_file_shows_the_problems_on_the_form(client, station_operator, shipenko):
    client.force_login(station_operator)
    broken = TIMELINE.replace("DTSTART:20211004T080000Z", "DTSTART:2021-10-04 08:00")
    page = upload(client, shipenko, broken).content.decode()
    assert 'event 2 &quot;Work&quot;: DTSTART: unreadable value' in page
    assert 'name="payload"' not in page
    not_a_calendar = upload(client, shipenko, "Subject,Start\nWork,2021-10-05\n").content.decode()
    assert "not an iCalendar file (it must begin with BEGIN:VCALENDAR)" in not_a_calendar
    assert windows_of(shipenko) == [(at(5, 16), at(6, 21)), (at(20, 8), at(20, 12))]


def test_a_tampered_confirmation_is_refused(client, station_operator, shipenko):
    client.force_login(station_operator)
    page = upload(client, shipenko, TIMELINE).content.decode()
    payload = page.split('name="payload" value="')[1].split('"')[0]
    response = client.post(
        reverse("admin:crew_crewmember_timeline", args=[shipenko.pk]), {"payload": payload[:-3] + "xyz"}, follow=True
    )
    assert "The preview expired or was changed; upload the timeline again." in response.content.decode()
    assert windows_of(shipenko) == [(at(5, 16), at(6, 21)), (at(20, 8), at(20, 12))]


def test_a_confirmation_for_another_member_is_refused(client, station_operator, shipenko):
    client.force_login(station_operator)
    page = upload(client, shipenko, TIMELINE).content.decode()
    payload = page.split('name="payload" value="')[1].split('"')[0]
    other = CrewMember.objects.get(code="peresild")
    client.post(reverse("admin:crew_crewmember_timeline", args=[other.pk]), {"payload": payload})
    assert windows_of(other) == [(at(5, 16), at(5, 21)), (at(6, 7), at(6, 21))]


def test_directors_cannot_upload_timelines_in_the_admin(client, director, shipenko):
    client.force_login(director)
    assert client.get(reverse("admin:crew_crewmember_timeline", args=[shipenko.pk])).status_code == 403
    assert upload(client, shipenko, TIMELINE).status_code == 403


# --- the API -----------------------------------------------------------------------------------------------


def api_url(station="ISS", person="shipenko", **query) -> str:
    params = "&".join(f"{key}={value}" for key, value in {**ABOARD, **query}.items())
    return f"{reverse('api:timeline-import', args=[station, person])}?{params}"


def window_json(windows):
    return [{"start": f"{s:%Y-%m-%dT%H:%M:%SZ}", "end": f"{e:%Y-%m-%dT%H:%M:%SZ}"} for s, e in windows]


def test_api_preview_lists_the_changes_and_writes_nothing(client, station_operator, shipenko):
    client.force_login(station_operator)
    response = client.post(api_url(), TIMELINE, content_type="text/calendar")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "station": "ISS", "person": "shipenko",
        "aboard_start": "2021-10-05T16:00:00Z", "aboard_end": "2021-10-07T16:00:00Z", "min_gap": 15,
        "applied": False,
        "windows": window_json(EXPECTED),
        "added": window_json(EXPECTED),
        "removed": window_json([(at(5, 16), at(6, 21))]),
        "unchanged": 0, "minutes_before": 1740, "minutes_after": 600,
    }
    assert windows_of(shipenko) == [(at(5, 16), at(6, 21)), (at(20, 8), at(20, 12))]


def test_api_apply_saves_the_windows_and_the_export_shows_them(client, station_operator, shipenko, tiny):
    client.force_login(station_operator)
    response = client.post(api_url(apply="true"), TIMELINE, content_type="text/calendar")
    assert response.status_code == 200 and response.json()["applied"] is True
    assert windows_of(shipenko) == EXPECTED + [(at(20, 8), at(20, 12))]
    assert_export_shows_the_imported_windows(tiny)
    again = client.post(api_url(), TIMELINE, content_type="text/calendar").json()
    assert again["added"] == [] and again["removed"] == [] and again["unchanged"] == 4


def test_api_accepts_a_multipart_upload_and_a_minimum_gap(client, station_operator, shipenko):
    client.force_login(station_operator)
    upload_file = SimpleUploadedFile("shipenko.ics", TIMELINE.encode(), content_type="text/calendar")
    response = client.post(api_url(min_gap=150), {"file": upload_file})
    assert response.status_code == 200
    assert response.json()["windows"] == window_json([(at(6, 6), at(6, 10))])


def test_api_takes_the_time_aboard_from_the_members_windows_when_not_given(client, station_operator, tiny):
    client.force_login(station_operator)
    url = reverse("api:timeline-import", args=["ISS", "shipenko"])
    body = client.post(url, TIMELINE, content_type="text/calendar").json()
    assert (body["aboard_start"], body["aboard_end"]) == ("2021-10-05T16:00:00Z", "2021-10-06T21:00:00Z")


@pytest.mark.parametrize(
    ("body", "query", "message"),
    [
        ("hello", {}, "file: not an iCalendar file (it must begin with BEGIN:VCALENDAR)"),
        (TIMELINE.replace("DTSTART:20211001T213000Z\r\n", ""), {}, 'event 1 "Sleep": no DTSTART (every event needs a start)'),
        ("", {}, "body: send the .ics as the body"),
        (TIMELINE, {"aboard_start": "2021-10-07T16:00:00Z", "aboard_end": "2021-10-05T16:00:00Z"},
         "aboard end 2021-10-05 16:00 UTC must be after aboard start 2021-10-07 16:00 UTC"),
        (TIMELINE, {"aboard_start": "yesterday"}, "aboard_start: not an ISO 8601 time: 'yesterday'"),
        (TIMELINE, {"min_gap": "-1"}, "min_gap: Ensure this value is greater than or equal to 0."),
    ],
    ids=["not-ics", "no-dtstart", "empty", "reversed-span", "bad-time", "negative-gap"],
)
def test_api_refuses_bad_requests_with_messages(client, station_operator, shipenko, body, query, message):
    client.force_login(station_operator)
    response = client.post(api_url(**query), body, content_type="text/calendar")
    assert response.status_code == 400
    assert message in response.json()["errors"][0]
    assert windows_of(shipenko) == [(at(5, 16), at(6, 21)), (at(20, 8), at(20, 12))]


def test_api_refuses_directors_and_strangers_and_unknown_people(client, director, station_operator, shipenko):
    client.force_login(director)
    assert client.post(api_url(apply="true"), TIMELINE, content_type="text/calendar").status_code == 403
    client.logout()
    assert client.post(api_url(apply="true"), TIMELINE, content_type="text/calendar").status_code in (401, 403)
    client.force_login(station_operator)
    assert client.post(api_url(person="nobody"), TIMELINE, content_type="text/calendar").status_code == 404
    assert client.post(api_url(station="MIR"), TIMELINE, content_type="text/calendar").status_code == 404
    assert windows_of(shipenko) == [(at(5, 16), at(6, 21)), (at(20, 8), at(20, 12))]


def test_api_refuses_other_content_types(client, station_operator, shipenko):
    client.force_login(station_operator)
    assert client.post(api_url(), {"ics": TIMELINE}, content_type="application/json").status_code == 415
