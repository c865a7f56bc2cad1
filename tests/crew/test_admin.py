"""The admin: station operations keep station data; directors read it and keep only their own productions."""

import pytest
from django.urls import reverse

from crew.admin import ModuleAdmin
from crew.models import CrewMember, FreeWindow, Module
from scheduling.models import Production, Scene
from scheduling.production_file import production_document_check
from scheduling.services import production_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny(small_document, director):
    production_import(document=production_document_check(small_document), director=director)
    return Production.objects.get(code="tiny")


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["crewmember", "module", "stationevent", "station", "moduleclosure"])
def test_station_operator_sees_station_lists_and_forms(client, station_operator, tiny, model):
    login(client, station_operator)
    assert client.get(reverse(f"admin:crew_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:crew_{model}_add")).status_code == 200


def test_lists_count_related_rows_and_sort_by_the_counts(client, station_operator, tiny):
    login(client, station_operator)
    modules = reverse("admin:crew_module_changelist")
    closures = ModuleAdmin.list_display.index("closure_count")
    # Zvezda has the one closure; sorted by closures, most first, it heads the list.
    page = client.get(modules, {"o": f"-{closures + 1}"})
    assert page.status_code == 200
    rows = page.context["cl"].result_list
    assert [(module.code, module.closures_count) for module in rows][0] == ("zvezda", 1)
    assert [module.closures_count for module in rows] == sorted((module.closures_count for module in rows), reverse=True)
    assert '<td class="field-closure_count">1</td>' in page.content.decode()
    station = client.get(reverse("admin:crew_station_changelist")).context["cl"].result_list[0]
    assert (station.modules_count, station.crew_members_count) == (Module.objects.count(), CrewMember.objects.count())


def test_station_operator_sees_the_challenge_crew(client, station_operator, demo_document):
    production_import(document=production_document_check(demo_document))
    login(client, station_operator)
    page = client.get(reverse("admin:crew_crewmember_changelist")).content.decode()
    for name in ("Yulia Peresild", "Klim Shipenko", "Anton Shkaplerov", "Oleg Novitskiy", "Pyotr Dubrov"):
        assert name in page
    events = client.get(reverse("admin:crew_stationevent_changelist")).content.decode()
    assert "thruster" in events.lower()


def test_station_operator_filters_crew_by_role(client, station_operator, tiny):
    login(client, station_operator)
    page = client.get(reverse("admin:crew_crewmember_changelist") + "?role=director").content.decode()
    assert "Klim Shipenko" in page and "Yulia Peresild" not in page


def free_window_post(member, windows):
    data = {
        "station": member.station_id, "code": member.code, "name": member.name, "role": member.role,
        "max_minutes_per_day": member.max_minutes_per_day or "",
        "free_windows-TOTAL_FORMS": str(len(windows)), "free_windows-INITIAL_FORMS": "0",
        "free_windows-MIN_NUM_FORMS": "0", "free_windows-MAX_NUM_FORMS": "1000",
    }
    for index, (start, end) in enumerate(windows):
        data[f"free_windows-{index}-start_0"], data[f"free_windows-{index}-start_1"] = start.split(" ")
        data[f"free_windows-{index}-end_0"], data[f"free_windows-{index}-end_1"] = end.split(" ")
    return data


def shipenko_free_windows_post(client, station_operator, windows):
    """Station operations give Shipenko, who has none yet, these free windows in his change form."""
    member = CrewMember.objects.get(code="shipenko")
    member.free_windows.all().delete()
    login(client, station_operator)
    return client.post(reverse("admin:crew_crewmember_change", args=[member.pk]), free_window_post(member, windows))


def test_station_operator_adds_free_windows_inline(client, station_operator, tiny):
    response = shipenko_free_windows_post(client, station_operator, [("2021-10-08 10:00:00", "2021-10-08 12:00:00")])
    assert response.status_code == 302
    assert FreeWindow.objects.filter(crew_member__code="shipenko").count() == 1


def test_overlapping_free_windows_are_refused_in_the_admin(client, station_operator, tiny):
    response = shipenko_free_windows_post(client, station_operator, [
        ("2021-10-08 10:00:00", "2021-10-08 12:00:00"), ("2021-10-08 11:00:00", "2021-10-08 13:00:00"),
    ])
    assert response.status_code == 200
    assert "overlaps the free window" in response.content.decode()
    assert not FreeWindow.objects.filter(crew_member__code="shipenko").exists()


def test_each_free_window_inside_a_longer_one_is_refused_in_the_admin(client, station_operator, tiny):
    response = shipenko_free_windows_post(client, station_operator, [
        ("2021-10-08 10:00:00", "2021-10-08 15:00:00"), ("2021-10-08 11:00:00", "2021-10-08 12:00:00"),
        ("2021-10-08 13:00:00", "2021-10-08 14:00:00"),
    ])
    assert response.status_code == 200
    assert response.content.decode().count("overlaps the free window 2021-10-08 10:00–2021-10-08 15:00 UTC") == 2
    assert not FreeWindow.objects.filter(crew_member__code="shipenko").exists()


def test_director_reads_station_data_but_cannot_change_it(client, director, tiny):
    login(client, director)
    module = Module.objects.get(code="zvezda")
    assert client.get(reverse("admin:crew_module_changelist")).status_code == 200
    page = client.get(reverse("admin:crew_module_change", args=[module.pk]))
    assert page.status_code == 200 and 'name="capacity"' not in page.content.decode()
    response = client.post(reverse("admin:crew_module_change", args=[module.pk]), {"capacity": 9})
    assert response.status_code == 403
    assert client.get(reverse("admin:crew_module_add")).status_code == 403
    assert Module.objects.get(pk=module.pk).capacity == 3


def test_director_edits_own_scene(client, director, tiny):
    login(client, director)
    scene = Scene.objects.get(production=tiny, code="003")
    url = reverse("admin:scheduling_scene_change", args=[scene.pk])
    assert client.get(url).status_code == 200
    data = {
        "production": tiny.pk, "code": "003", "title": "Window, retitled", "minutes": 45, "priority": 2,
        "light": "any", "ground": "any", "position": 2, "window": "on",
        **{f"{prefix}-{key}": value for prefix in ("scenecast_set", "scenemodule_set", "predecessor_links", "sceneelement_set")
           for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))},
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    scene.refresh_from_db()
    assert scene.minutes == 45 and scene.title == "Window, retitled"


def test_director_cannot_see_another_directors_production(client, other_director, tiny):
    login(client, other_director)
    listing = client.get(reverse("admin:scheduling_production_changelist")).content.decode()
    assert "tiny" not in listing
    response = client.get(reverse("admin:scheduling_production_change", args=[tiny.pk]))
    assert response.status_code == 302  # the admin redirects "does not exist" to the index
    scene = Scene.objects.get(production=tiny, code="001")
    assert client.get(reverse("admin:scheduling_scene_change", args=[scene.pk])).status_code == 302


def test_station_operator_is_refused_production_pages(client, station_operator, tiny):
    login(client, station_operator)
    assert client.get(reverse("admin:scheduling_production_changelist")).status_code == 403
    assert client.get(reverse("admin:scheduling_scene_changelist")).status_code == 403


def test_new_production_by_a_director_is_theirs(client, director, tiny):
    login(client, director)
    response = client.post(reverse("admin:scheduling_production_add"), {
        "code": "sequel", "title": "Sequel", "station": tiny.station_id,
        "start_0": "2021-10-05", "start_1": "16:00:00", "end_0": "2021-10-09", "end_1": "16:00:00",
        "tle_line1": "", "tle_line2": "", "minutes_per_page": "60",
        "rosterentry_set-TOTAL_FORMS": "0", "rosterentry_set-INITIAL_FORMS": "0",
        "rosterentry_set-MIN_NUM_FORMS": "0", "rosterentry_set-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Production.objects.get(code="sequel").director == director
