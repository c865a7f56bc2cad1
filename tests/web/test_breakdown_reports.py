"""What the breakdown prints and where it shows: breakdown sheets and the element report (HTML and CSV), the
cast list on call sheets and the day out of days, the element filter and element rows on the timeline."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from scheduling.models import Scene
from scheduling.selectors import scene_entry
from scheduling.services import scene_save
from scheduling.web.breakdown import REPORT_COLUMNS, SHEET_COLUMNS, pages_from_eighths

pytestmark = pytest.mark.django_db

CAST = ["1. ZHENYA — Yulia Peresild", "2. ARTEM — Klim Shipenko", "3. COMMANDER — Anton Shkaplerov",
        "4. PATIENT — Oleg Novitskiy", "5. ENGINEER — Pyotr Dubrov"]


def page_of(response) -> str:
    return html.unescape(response.content.decode())


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def scene(production, code: str) -> Scene:
    return Scene.objects.get(production=production, code=code)


def scripted(production, code: str, script: dict) -> Scene:
    """The scene with a place in the screenplay, saved like any scene."""
    return scene_save(production=production, entry={**scene_entry(scene=scene(production, code)), "script": script}, code=code)


def shoot_of(production, code: str):
    return production.schedule_versions.get().shoots.filter(scene__code=code).select_related("module").first()


def day_of(production, shoot) -> int:
    return (shoot.start.date() - production.start.date()).days + 1


@pytest.mark.parametrize("eighths, pages", [(11, "1 3/8 pages"), (8, "1 page"), (3, "3/8 page"), (4, "4/8 page"),
                                            (16, "2 pages"), (17, "2 1/8 pages"), (None, "")])
def test_pages_are_counted_in_eighths_never_reduced(eighths, pages):
    assert pages_from_eighths(eighths) == pages


def test_a_breakdown_sheet_has_the_industrys_parts_for_its_scene(director_client, challenge):
    surgery = scripted(challenge, "014", {"number": "14", "heading": "INT. NAUKA - NIGHT", "eighths": 11})
    page = page_of(director_client.get(reverse("web:breakdown_sheet", args=["challenge", surgery.pk])))
    assert page.count('<article class="sheet"') == 1
    sheet = page.split('<article class="sheet"')[1]
    assert 'Scene <span class="sheet-number">14</span> <span class="muted">(scene code 014)</span>' in sheet
    assert '<p class="sheet-heading">INT. NAUKA - NIGHT</p>' in sheet and "Surgery, part one: the incision" in sheet
    assert "<dd>1 3/8 pages</dd>" in sheet and f"<dd>{surgery.minutes} min</dd>" in sheet
    assert "<h3>Cast</h3><ul>" + "".join(f"<li>{line}</li>" for line in CAST[:4]) + "</ul>" in sheet
    assert "<h3>Props</h3><ul><li>1 × Scalpel and surgical instruments</li><li>1 × Heart monitor</li></ul>" in sheet
    assert "<h3>Wardrobe</h3><ul><li>1 × Surgeon's scrubs</li></ul>" in sheet
    assert "<h3>Makeup</h3><ul><li>1 × Fake blood</li></ul>" in sheet
    assert "<h3>Equipment</h3><ul><li>1 × Cinema camera A (RED Komodo) (of 1)</li></ul>" in sheet
    assert "<li>Nauka Multipurpose Laboratory Module</li><li>Zvezda Service Module</li>" in sheet
    assert '<li class="muted">No light or orbit needs</li>' in sheet
    assert "<li>Required: the schedule is infeasible without it</li>" in sheet and "<li>After scene 009</li>" in sheet
    shoot = shoot_of(challenge, "014")
    where = f"Day {day_of(challenge, shoot)} · {shoot.start:%a %d %b %H:%M}–{shoot.end:%H:%M} UTC in {shoot.module.name}" if shoot else "Not scheduled in version 1"
    assert f"<dd>{where}</dd>" in sheet


def test_a_sheet_says_the_light_and_orbit_needs_in_words(director_client, challenge):
    night = page_of(director_client.get(reverse("web:breakdown_sheet", args=["challenge", scene(challenge, "019").pk])))
    assert "<li>Orbital night: the whole shoot in Earth's shadow</li><li>A module with an Earth-facing window</li>" in night
    day = page_of(director_client.get(reverse("web:breakdown_sheet", args=["challenge", scene(challenge, "002").pk])))
    assert "<li>Orbital day: the whole shoot in sunlight</li>" in day
    pinned = page_of(director_client.get(reverse("web:breakdown_sheet", args=["challenge", scene(challenge, "001").pk])))
    assert "<li>Pinned at Tue 05 Oct 17:15 UTC in Zvezda Service Module</li>" in pinned
    assert "<li>Ends no later than Thu 07 Oct 00:00 UTC</li>" in pinned
    assert 'Scene <span class="sheet-number">001</span></h2>' in pinned  # no script number: the scene code


def test_a_sheet_says_the_orbit_shots_needs_in_words(director_client, challenge):
    def needs(code: str) -> str:
        page = page_of(director_client.get(reverse("web:breakdown_sheet", args=["challenge", scene(challenge, code).pk])))
        return page.split("<h3>Light and orbit</h3>")[1].split("</section>")[0]

    assert needs("024") == ("<ul><li>Earth view over Moscow: the station in view of it (at least 10° up) for the whole shoot</li>"
                            "<li>Moscow in daylight</li><li>A module with an Earth-facing window</li></ul>")
    assert "<li>Moscow at night, the Sun at least 6° below its horizon (city lights)</li>" in needs("028")
    assert "<li>Live link with Mission Control Centre, Korolyov: the station in view of it for the whole shoot</li>" in needs("008")
    assert "<li>Orbital sunrise during the shoot: the station leaves Earth's shadow</li>" in needs("029")


def test_all_sheets_print_on_one_page_in_stripboard_order(director_client, challenge, demo_document):
    page = page_of(director_client.get(reverse("web:breakdown_sheets", args=["challenge"])))
    numbers = re.findall(r'Scene <span class="sheet-number">([^<]+)</span>', page)
    assert numbers == [entry["code"] for entry in demo_document["scenes"]]
    assert f"Print {len(numbers)} sheets" in page and "data-print>" in page  # app.js prints: the CSP runs no inline handler


def test_the_sheets_as_csv_have_a_row_per_scene(director_client, challenge, demo_document):
    scripted(challenge, "014", {"number": "14", "heading": "INT. NAUKA - NIGHT", "eighths": 11})
    response = director_client.get(reverse("web:breakdown_sheets_csv", args=["challenge"]))
    assert response["Content-Disposition"] == 'attachment; filename="challenge-breakdown.csv"'
    assert response.content.decode().splitlines()[0] == ",".join(SHEET_COLUMNS)
    rows = {row["scene"]: row for row in csv_rows(response)}
    assert list(rows) == [entry["code"] for entry in demo_document["scenes"]]
    surgery = rows["014"]
    assert (surgery["number"], surgery["heading"], surgery["pages"], surgery["eighths"]) == ("14", "INT. NAUKA - NIGHT", "1 3/8 pages", "11")
    assert surgery["cast"] == "; ".join(CAST[:4])
    assert surgery["props"] == "1 × Scalpel and surgical instruments; 1 × Heart monitor"
    assert surgery["equipment"] == "1 × Cinema camera A (RED Komodo) (of 1)" and surgery["vfx"] == ""
    assert surgery["modules"] == "Nauka Multipurpose Laboratory Module; Zvezda Service Module"
    assert rows["001"]["number"] == "001" and rows["001"]["pages"] == ""
    one = director_client.get(reverse("web:breakdown_sheet_csv", args=["challenge", scene(challenge, "P02").pk]))
    assert one["Content-Disposition"] == 'attachment; filename="challenge-breakdown-P02.csv"'
    assert [row["scene"] for row in csv_rows(one)] == ["P02"]


def uses_of(demo_document, code: str) -> list[str]:
    return [entry["code"] for entry in demo_document["scenes"] if any(item["element"] == code for item in entry.get("elements", ()))]


def test_the_element_report_gives_each_elements_scenes_and_shooting_days(director_client, challenge, demo_document):
    page = page_of(director_client.get(reverse("web:element_report", args=["challenge"])))
    section = page.split('<tbody id="report-cam-b">')[1].split("</tbody>")[0]
    users = uses_of(demo_document, "cam-b")
    shoots = {code: shoot_of(challenge, code) for code in users}
    days = sorted({day_of(challenge, shoot) for shoot in shoots.values() if shoot})
    head = f"equipment · 1 available · {len(users)} scenes"
    assert head + (f", shot on days {', '.join(map(str, days))}" if days else "") in section
    listed = re.findall(r'<th scope="row">(\S+) ', section)
    scheduled = sorted((code for code in users if shoots[code]), key=lambda code: shoots[code].start)
    assert listed == scheduled + [code for code in users if not shoots[code]]
    for code in scheduled:
        row = section.split(f'<th scope="row">{code} ')[1].split("</tr>")[0]
        assert f"<td>Day {day_of(challenge, shoots[code])}</td>" in row and f"{shoots[code].start:%a %d %b %H:%M}" in row


def test_the_element_report_as_csv_has_a_row_per_element_and_scene(director_client, challenge, demo_document):
    response = director_client.get(reverse("web:element_report_csv", args=["challenge"]))
    assert response["Content-Disposition"] == 'attachment; filename="challenge-elements.csv"'
    assert response.content.decode().splitlines()[0] == ",".join(REPORT_COLUMNS)
    rows = csv_rows(response)
    for element in demo_document["elements"]:
        mine = [row for row in rows if row["element"] == element["code"]]
        assert sorted(row["scene"] for row in mine) == sorted(uses_of(demo_document, element["code"]))
        assert {row["quantity"] for row in mine} == {str(element["quantity"]) if element["quantity"] else ""}
    for row in rows:
        shoot = shoot_of(challenge, row["scene"])
        expected = [str(day_of(challenge, shoot)), shoot.start.strftime("%Y-%m-%dT%H:%M:%SZ"), shoot.module.code] if shoot else ["", "", ""]
        assert [row["day"], row["start"], row["module"]] == expected


def test_the_call_sheet_lists_people_by_the_numbered_cast_list(director_client, challenge):
    first = challenge.schedule_versions.get().shoots.order_by("start").select_related("scene").first()
    page = page_of(director_client.get(reverse("web:callsheet", args=["challenge"]) + f"?day={first.start:%Y-%m-%d}"))
    calls = re.findall(r'<tr><th scope="row">([^<]+)</th>', page.split('id="calls-heading"')[1].split("</table>")[0])
    day_cast = {code for shoot in challenge.schedule_versions.get().shoots.filter(start__date=first.start.date()) for code in shoot.people}
    codes = ["peresild", "shipenko", "shkaplerov", "novitskiy", "dubrov"]
    assert calls == [line for code, line in zip(codes, CAST) if code in day_cast]
    shoots = page.split('id="shoots-heading"')[1]
    listed = [line for code, line in zip(codes, CAST) if code in first.people]
    assert "".join(f"<div>{line}</div>" for line in listed) in shoots


def test_the_day_out_of_days_lists_people_in_cast_number_order(director_client, challenge):
    page = page_of(director_client.get(reverse("web:dood", args=["challenge"])))
    assert re.findall(r'<th scope="row">([^<]+)<div class="muted">', page) == CAST


def test_the_stripboard_filters_by_element_and_shows_the_cast_by_character(director_client, challenge, demo_document):
    page = page_of(director_client.get(reverse("web:stripboard", args=["challenge"]), {"element": "cam-b"}))
    strips = page.split('id="boneyard"')[0]
    assert sorted(re.findall(r'<span class="code">([^<]+)</span>', strips)) == sorted(uses_of(demo_document, "cam-b"))
    assert '<option value="cam-b" selected>Cinema camera B (RED Komodo)</option>' in page
    strip = strips.split('<span class="code">P03</span>')[1].split("</tr>")[0]
    assert f'<td class="strip-cast"><div>{CAST[0]}</div><div>{CAST[1]}</div><div>{CAST[3]}</div></td>' in strip
    mannequin = page_of(director_client.get(reverse("web:stripboard", args=["challenge"]), {"element": "mannequin", "scheduled": "no"}))
    expected = {code for code in uses_of(demo_document, "mannequin") if not shoot_of(challenge, code)}
    assert set(re.findall(r'<span class="code">([^<]+)</span>', mannequin.split('id="boneyard"')[0])) == expected


def test_the_timeline_has_a_row_per_limited_element_with_the_shoots_using_it(director_client, challenge, demo_document):
    page = page_of(director_client.get(reverse("web:production", args=["challenge"])))
    rows = dict(re.findall(r'<div class="tl-row tl-row--element" data-element="([^"]+)">(.*?)</div>\s*</div>', page, re.DOTALL))
    assert list(rows) == [element["code"] for element in demo_document["elements"] if element["quantity"]]
    assert "Cinema camera B (RED Komodo)<small>equipment · 1 available</small>" in rows["cam-b"]
    drawn = {code: re.findall(r'<span class="shoot-code">([^<]+)</span>', row) for code, row in rows.items()}
    for code, scenes in drawn.items():
        shoots = challenge.schedule_versions.get().shoots.filter(scene__sceneelement__element__code=code).order_by("start")
        assert scenes == [shoot.scene.code for shoot in shoots.select_related("scene")]
    assert all(drawn.values()), "the demo schedule uses every limited element"


def test_without_a_schedule_the_element_rows_are_empty(director_client, tiny, small_document):
    from scheduling.breakdown_services import element_save

    element_save(production=tiny, entry={"code": "cam-a", "category": "equipment", "quantity": 1})
    element_save(production=tiny, entry={"code": "scalpel", "category": "props"})
    page = page_of(director_client.get(reverse("web:production", args=["tiny"])))
    assert page.count('class="tl-row tl-row--element"') == 1 and 'data-element="cam-a"' in page


@pytest.mark.parametrize("page", ["web:breakdown_sheets", "web:element_report", "web:breakdown"])
def test_breakdown_pages_take_the_same_queries_however_many_scenes(director_client, challenge, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert director_client.get(reverse(page, args=["challenge"])).status_code == 200
        return len(captured)

    before = queries()
    surgery = scene_entry(scene=scene(challenge, "014"))
    for number in range(10):
        scene_save(production=challenge, entry={**surgery, "code": f"X{number}", "after": []})
    assert queries() == before
