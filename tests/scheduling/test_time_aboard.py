"""The time aboard proposed for a timeline import: the member's free windows, else their productions, else every
production on their station. The admin forms and the API propose the same span."""

from datetime import datetime, timezone

import pytest
from django.urls import reverse

from crew.models import CrewMember, Station
from scheduling.models import Production, RosterEntry
from scheduling.production_file import production_document_check
from scheduling.selectors import crew_member_aboard_default
from scheduling.services import production_import

pytestmark = pytest.mark.django_db

TIMELINE = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:sleep\r\nDTSTART:20211005T213000Z\r\nDTEND:20211006T060000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 10, day, hour, minute, tzinfo=timezone.utc)


@pytest.fixture
def station(small_document, director):
    """"tiny" (10-05 16:00 to 10-07 16:00) and "sequel" (10-10 to 10-12, casting Novitskiy, who has no free
    windows) on the ISS; Dubrov is aboard with neither windows nor productions."""
    production_import(document=production_document_check(small_document), director=director)
    iss = Station.objects.get(code="ISS")
    sequel = Production.objects.create(code="sequel", station=iss, start=at(10, 0), end=at(12, 0), director=director)
    novitskiy = CrewMember.objects.create(station=iss, code="novitskiy", name="Oleg Novitskiy")
    RosterEntry.objects.create(production=sequel, crew_member=novitskiy)
    CrewMember.objects.create(station=iss, code="dubrov", name="Pyotr Dubrov")
    return iss


def member(code: str) -> CrewMember:
    return CrewMember.objects.get(code=code)


def test_a_member_with_free_windows_is_aboard_from_the_first_to_the_last(station):
    assert crew_member_aboard_default(crew_member=member("peresild")) == (at(5, 16), at(6, 21))


def test_a_member_without_windows_is_aboard_for_the_productions_casting_them(station):
    assert crew_member_aboard_default(crew_member=member("novitskiy")) == (at(10, 0), at(12, 0))


def test_a_member_in_no_production_is_aboard_for_every_production_on_the_station(station):
    assert crew_member_aboard_default(crew_member=member("dubrov")) == (at(5, 16), at(12, 0))


def test_a_member_of_a_station_without_productions_has_no_default(station):
    mir = Station.objects.create(code="MIR")
    loner = CrewMember.objects.create(station=mir, code="loner")
    assert crew_member_aboard_default(crew_member=loner) is None


def test_the_admin_upload_form_proposes_the_productions_span(client, station_operator, station):
    client.force_login(station_operator)
    page = client.get(reverse("admin:crew_crewmember_timeline", args=[member("novitskiy").pk])).content.decode()
    assert 'value="2021-10-10 00:00"' in page and 'value="2021-10-12 00:00"' in page


def test_the_day_template_action_proposes_the_first_members_span(client, station_operator, station):
    client.force_login(station_operator)
    page = client.post(
        reverse("admin:crew_crewmember_changelist"),
        {"action": "windows_from_day_template", "_selected_action": [member("dubrov").pk]},
    ).content.decode()
    assert 'value="2021-10-05 16:00"' in page and 'value="2021-10-12 00:00"' in page


def test_the_api_takes_the_productions_span_when_none_is_given(client, station_operator, station):
    client.force_login(station_operator)
    response = client.post(reverse("api:timeline-import", args=["ISS", "novitskiy"]), TIMELINE, content_type="text/calendar")
    assert response.status_code == 200, response.content
    assert (response.json()["aboard_start"], response.json()["aboard_end"]) == ("2021-10-10T00:00:00Z", "2021-10-12T00:00:00Z")


def test_the_api_asks_for_the_span_when_nothing_proposes_one(client, station_operator, station):
    CrewMember.objects.create(station=Station.objects.create(code="MIR"), code="loner")
    client.force_login(station_operator)
    response = client.post(reverse("api:timeline-import", args=["MIR", "loner"]), TIMELINE, content_type="text/calendar")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "aboard_start, aboard_end: loner has no free windows or productions to take them from; give both"
    ]


def test_the_import_keeps_its_address():
    assert reverse("api:timeline-import", args=["ISS", "shipenko"]) == "/api/timelines/ISS/shipenko/ics/"
