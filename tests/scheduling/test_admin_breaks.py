"""The station operator's admin warns before saving a change that breaks published shoots, naming the
production and each shoot, and saves it only when told to save anyway."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crew.models import CrewMember, Module, ModuleClosure, StationEvent
from scheduling.models import Shoot

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, station_operator):
    client.force_login(station_operator)
    return client


def shoot(production, scene: str) -> Shoot:
    return Shoot.objects.select_related("module").get(version__production=production, scene__code=scene)


def split(moment) -> tuple[str, str]:
    return f"{moment:%Y-%m-%d}", f"{moment:%H:%M:%S}"


def closure_post(module: Module, start, end, **extra) -> dict:
    (start_day, start_time), (end_day, end_time) = split(start), split(end)
    return {"module": module.pk, "start_0": start_day, "start_1": start_time, "end_0": end_day, "end_1": end_time,
            "reason": "Hatch seal check", **extra}


def test_a_closure_that_breaks_a_shoot_is_not_saved_until_the_operator_says_so(operator, tiny):
    target = shoot(tiny, "003")
    url = reverse("admin:crew_moduleclosure_add")
    data = closure_post(target.module, target.start - timedelta(minutes=30), target.start + timedelta(minutes=10))
    warned = operator.post(url, data)
    assert warned.status_code == 200
    page = warned.content.decode()
    assert f"This closure breaks 1 shoot of Tiny: 003 on {target.start:%d %b %H:%M}." in page
    assert f"003: scene 003 in {target.module.code}" in page and "Save anyway" in page
    assert ModuleClosure.objects.filter(reason="Hatch seal check").count() == 0  # the preview was rolled back

    saved = operator.post(url, {**data, "save_anyway": "on"})
    assert saved.status_code == 302
    assert ModuleClosure.objects.filter(reason="Hatch seal check").count() == 1


def test_a_closure_that_breaks_nothing_is_saved_at_once(operator, tiny):
    module = Module.objects.get(code="poisk")
    start = tiny.end + timedelta(hours=1)  # after the stay
    response = operator.post(reverse("admin:crew_moduleclosure_add"), closure_post(module, start, start + timedelta(hours=1)))
    assert response.status_code == 302
    assert ModuleClosure.objects.filter(module=module).count() == 1


def test_a_form_with_errors_shows_them_and_saves_nothing(operator, tiny):
    module = Module.objects.get(code="poisk")
    start = tiny.start + timedelta(hours=1)
    response = operator.post(reverse("admin:crew_moduleclosure_add"), closure_post(module, start, start - timedelta(hours=1)))
    assert response.status_code == 200 and "closure_ends_after_start" in response.content.decode()
    assert not ModuleClosure.objects.filter(module=module).exists()


def test_an_event_over_every_shoot_names_each(operator, tiny):
    shoots = list(Shoot.objects.filter(version__production=tiny).order_by("start"))
    start, end = shoots[0].start, shoots[-1].end
    (start_day, start_time), (end_day, end_time) = split(start), split(end)
    data = {"station": tiny.station_id, "code": "hatches-sealed", "title": "Hatches sealed", "start_0": start_day,
            "start_1": start_time, "end_0": end_day, "end_1": end_time, "all_people": "on", "all_modules": "on"}
    page = operator.post(reverse("admin:crew_stationevent_add"), data).content.decode()
    named = ", ".join(f"{s.scene.code} on {s.start:%d %b %H:%M}" for s in shoots)
    assert f"This event breaks {len(shoots)} shoots of Tiny: {named}." in page
    assert not StationEvent.objects.filter(code="hatches-sealed").exists()


def test_removing_a_free_window_under_a_shoot_warns_in_the_crew_members_form(operator, tiny):
    member = CrewMember.objects.get(code="peresild")
    windows = list(member.free_windows.order_by("start"))
    data = {
        "station": member.station_id, "code": member.code, "name": member.name, "role": member.role,
        "max_minutes_per_day": member.max_minutes_per_day, "free_windows-TOTAL_FORMS": str(len(windows)),
        "free_windows-INITIAL_FORMS": str(len(windows)), "free_windows-MIN_NUM_FORMS": "0",
        "free_windows-MAX_NUM_FORMS": "1000",
    }
    for index, window in enumerate(windows):
        (data[f"free_windows-{index}-start_0"], data[f"free_windows-{index}-start_1"]) = split(window.start)
        (data[f"free_windows-{index}-end_0"], data[f"free_windows-{index}-end_1"]) = split(window.end)
        data[f"free_windows-{index}-id"] = window.pk
        data[f"free_windows-{index}-crew_member"] = member.pk
    second_day = shoot(tiny, "002")  # peresild's only shoot in her second window
    data["free_windows-1-DELETE"] = "on"
    page = operator.post(reverse("admin:crew_crewmember_change", args=[member.pk]), data).content.decode()
    assert f"This change breaks 1 shoot of Tiny: 002 on {second_day.start:%d %b %H:%M}." in page
    assert member.free_windows.count() == len(windows)


def test_the_timeline_upload_preview_warns_of_the_shoots_it_breaks(operator, tiny):
    target = shoot(tiny, "002")
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:medical@test\r\n"
        f"DTSTART:{target.start:%Y%m%dT%H%M%SZ}\r\nDTEND:{target.end:%Y%m%dT%H%M%SZ}\r\n"
        "SUMMARY:Medical experiment\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    member = CrewMember.objects.get(code="peresild")
    before = list(member.free_windows.values_list("start", "end"))
    data = {"file": SimpleUploadedFile("peresild.ics", ics, content_type="text/calendar"),
            "aboard_start": f"{tiny.start:%Y-%m-%d %H:%M}", "aboard_end": f"{tiny.end:%Y-%m-%d %H:%M}", "min_gap": "15"}
    page = operator.post(reverse("admin:crew_crewmember_timeline", args=[member.pk]), data).content.decode()
    assert f"This timeline breaks 1 shoot of Tiny: 002 on {target.start:%d %b %H:%M}." in page
    assert "Save anyway: save these free windows" in page
    assert list(member.free_windows.values_list("start", "end")) == before  # a preview saves nothing
