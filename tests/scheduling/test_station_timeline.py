"""The station timeline: every production's current shoots, a row per module and per person."""

import copy
import re
from datetime import datetime, timezone

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from crew.models import Module, ModuleClosure, Station
from scheduling.models import Production, ScheduleVersion, Scene, Shoot
from scheduling.production_file import production_document_check
from scheduling.services import production_import

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2021, 10, 4, 12, tzinfo=timezone.utc)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2021, 10, day, hour, minute, tzinfo=timezone.utc)


def publish(production: Production, number: int, shoots: list[tuple[str, str, datetime, datetime, list[str]]]):
    version = ScheduleVersion.objects.create(
        production=production, number=number, created=PUBLISHED, status="optimal", objective=1, engine="cp-sat", seconds=1
    )
    for scene_code, module_code, start, end, people in shoots:
        Shoot.objects.create(
            version=version, scene=Scene.objects.get(production=production, code=scene_code),
            module=Module.objects.get(station=production.station, code=module_code), start=start, end=end, people=people,
        )
    return version


@pytest.fixture
def two_productions(small_document, director, other_director):
    """"tiny" (published twice: only version 2 counts) and "sequel" on the same station."""
    production_import(document=production_document_check(small_document), director=director)
    sequel = copy.deepcopy(small_document)
    sequel["production"].update(code="sequel", title="The Sequel")
    sequel["pinned"] = []
    production_import(document=production_document_check(sequel), director=other_director)
    tiny, other = Production.objects.get(code="tiny"), Production.objects.get(code="sequel")
    publish(tiny, 1, [("001", "zvezda", at(5, 17), at(5, 18), ["peresild", "shipenko"])])
    publish(tiny, 2, [
        ("001", "zvezda", at(5, 18), at(5, 19), ["peresild", "shipenko"]),
        ("002", "poisk", at(6, 12), at(6, 13, 30), ["peresild"]),
    ])
    publish(other, 1, [("003", "zvezda", at(6, 14), at(6, 14, 30), ["shipenko"])])
    return tiny, other


def page(client, user, query: str = "", code: str = "ISS"):
    client.force_login(user)
    return client.get(reverse("web:station_timeline", args=[code]) + query)


def blocks(html: str) -> list[tuple[str, str, str, str]]:
    """(kind, left, width, label) of every block on the page, in page order."""
    return re.findall(
        r'class="st-block st-block--(\w+)" style="left: ([\d.]+)%; width: ([\d.]+)%;[^"]*" title="[^"]*">([^<]*)</div>', html
    )


def rows(html: str) -> dict[str, list[str]]:
    """Row code -> labels of its blocks."""
    result = {}
    for row in html.split('<div class="st-row" role="row">')[2:]:
        code = re.search(r'role="rowheader" title="[^"]*">([\w-]+)', row).group(1)
        result[code] = [label for _, _, _, label in blocks(row)]
    return result


def test_station_operations_see_every_productions_current_shoots_by_module_and_person(client, station_operator, two_productions):
    response = page(client, station_operator, "?start=2021-10-05&days=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert {code: sorted(labels) for code, labels in rows(html).items()} == {
        "zvezda": ["001", "003", "closed", "thruster"],
        "poisk": ["002"],
        "peresild": ["001", "002", "thruster"],
        "shipenko": ["001", "003", "thruster"],
    }
    assert "Tue 05 Oct 18:00–19:00 UTC" in html and "17:00–18:00" not in html  # version 1 of tiny is superseded


def legend(html: str) -> dict[str, str]:
    """Production code -> its colour in the legend."""
    swatches = re.findall(r'style="background: (#[0-9A-F]{6})"></span>\s*<strong>[^<]*</strong> \((\w+)\)', html)
    return {code: colour for colour, code in swatches}


def test_blocks_are_placed_by_time_and_coloured_by_production_with_a_legend(client, station_operator, two_productions):
    html = page(client, station_operator, "?start=2021-10-05&days=2").content.decode()
    shoots = {label: (left, width) for kind, left, width, label in blocks(html) if kind == "shoot"}
    assert shoots["001"] == ("37.5000", "2.0833")  # 18:00 of 48 hours, one hour long
    assert shoots["002"] == ("75.0000", "3.1250")
    colours = legend(html)
    assert set(colours) == {"sequel", "tiny"} and colours["sequel"] != colours["tiny"]
    assert f'background: {colours["tiny"]};" title="Tiny: scene 001' in html
    assert f'background: {colours["sequel"]};" title="The Sequel: scene 003' in html
    assert "version 2, 2 shoots shown" in html and "version 1, 1 shoot shown" in html


def test_the_range_zooms_to_the_chosen_days(client, station_operator, two_productions):
    html = page(client, station_operator, "?start=2021-10-06&days=1").content.decode()
    labels = [label for kind, _, _, label in blocks(html) if kind == "shoot"]
    assert sorted(labels) == ["002", "002", "003", "003"]  # on a module row and a person row each
    assert "?start=2021-10-05&amp;days=1" in html and "?start=2021-10-07&amp;days=1" in html


def test_without_a_start_the_timeline_opens_on_the_first_shoot_day(client, station_operator, two_productions):
    html = page(client, station_operator).content.decode()
    assert 'name="start" value="2021-10-05"' in html and 'name="days" min="1" max="62" value="7"' in html


def test_a_bad_range_is_reported_and_the_default_shown(client, station_operator, two_productions):
    response = page(client, station_operator, "?start=someday&days=500")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid date." in html and "Ensure this value is less than or equal to 62." in html


def test_closures_and_station_events_are_shown_too(client, station_operator, two_productions):
    ModuleClosure.objects.filter(module__code="zvezda").update(reason="Soyuz unloading")
    html = page(client, station_operator, "?start=2021-10-06&days=1").content.decode()
    assert 'title="closed Wed 06 Oct 08:00–10:00 UTC: Soyuz unloading">closed</div>' in html
    assert 'title="Thruster test, Wed 06 Oct 09:00–09:45 UTC">thruster</div>' in html


def test_directors_and_strangers_do_not_see_the_station_timeline(client, director, two_productions):
    assert page(client, director).status_code == 403
    client.logout()
    response = client.get(reverse("web:station_timeline", args=["ISS"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_admin_stations_list_links_to_each_stations_timeline(client, station_operator, two_productions):
    client.force_login(station_operator)
    listing = client.get(reverse("admin:crew_station_changelist")).content.decode()
    assert """<a href="/station/ISS/timeline/">all productions' shoots</a>""" in listing


def test_superusers_see_it_and_unknown_stations_are_not_found(client, two_productions):
    admin = get_user_model().objects.create_superuser("root", password="pw-root")
    assert page(client, admin).status_code == 200
    assert page(client, admin, code="MIR").status_code == 404


def test_a_station_without_productions_shows_an_empty_timeline(client, station_operator):
    Station.objects.create(code="axiom", name="Axiom Station")
    html = page(client, station_operator, "?start=2021-10-05", code="axiom").content.decode()
    assert "No productions on this station." in html and blocks(html) == []
