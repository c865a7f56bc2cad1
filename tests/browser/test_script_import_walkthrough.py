"""A director imports the Challenge's screenplay in a real browser: upload, preview, apply, the stripboard; then
a revised draft, whose omitted scene is greyed and whose changed scene's published shoot is marked."""

import re

import pytest
from playwright.sync_api import expect

from scheduling.models import Scene, ScriptImport, ScriptUpload
from scheduling.production_file import production_document_check
from scheduling.services import production_import
from tests.browser.conftest import log_in
from tests.script_import.conftest import DEMO_SCRIPT, publish, revised

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def preview_and_apply(page, script_path, *, expect_in_preview: list[str], screenshot=None) -> None:
    page.get_by_role("link", name="Import script").click()
    page.get_by_label("Screenplay file").set_input_files(str(script_path))
    page.get_by_role("button", name="Preview").click()
    preview = page.locator(".script-preview")
    for text in expect_in_preview:
        expect(preview).to_contain_text(text)
    if screenshot is not None:
        page.screenshot(path=str(screenshot), full_page=True)
    page.get_by_role("button", name="Apply the import").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Stripboard"))).to_be_visible()


def test_a_director_imports_the_screenplay_then_a_revision_of_it(live_server, page, demo_document, director, screenshots, tmp_path):
    production_import(document=production_document_check(demo_document), director=director)
    log_in(page, live_server, "director1", "pw-director1")
    page.get_by_role("link", name=re.compile("Challenge")).click()

    # The Blue draft: ten demo scenes met by code, the flashback new, the nurse not cast.
    preview_and_apply(page, DEMO_SCRIPT, expect_in_preview=[
        "Preview: CHALLENGE", "Scenes matched by code (10)", "New scenes (1)", "NURSE is not cast",
        "MOSCOW HOSPITAL names no module",
    ], screenshot=screenshots / "script-preview.png")
    expect(page.locator(".messages")).to_contain_text("Script imported (revision Blue, 2021-10-01): 1 new, 10 linked.")
    flashback = Scene.objects.get(code="027A")
    strip = page.locator(f"#scene-{flashback.pk}")
    expect(strip).to_contain_text("MOSCOW HOSPITAL: Snow on the steps.")
    expect(strip).to_contain_text("zvezda, zarya, poisk, rassvet, nauka, soyuz-ms18, soyuz-ms19")
    assert not ScriptUpload.objects.exists()

    # A schedule is published; then the Pink draft moves scene 012 and cuts 021.
    version = publish(flashback.production)
    pink = tmp_path / "challenge-pink.fountain"
    pink.write_bytes(revised())
    preview_and_apply(page, pink, expect_in_preview=[
        "Changed scenes (1)", "Omitted scenes (1)", f"its shoot in version {version.number} will show as changed",
        "heading: INT. NAUKA - NIGHT → INT. ZVEZDA - NIGHT",
    ], screenshot=screenshots / "script-revision-preview.png")
    omitted, changed = Scene.objects.get(code="021"), Scene.objects.get(code="012")
    omitted_strip = page.locator(f"#scene-{omitted.pk}")
    expect(omitted_strip).to_have_class(re.compile("strip--omitted"))
    expect(omitted_strip).to_contain_text("omitted from the script")
    greyed = omitted_strip.locator("th").evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert greyed == "rgb(238, 240, 243)"
    expect(page.locator(f"#scene-{changed.pk}")).to_contain_text(f"changed since version {version.number}")
    page.screenshot(path=str(screenshots / "stripboard-after-revision.png"), full_page=True)

    page.get_by_role("link", name="Import script").click()
    history = page.locator(".script-history")
    expect(history).to_contain_text("Pink")
    expect(history).to_contain_text("challenge-pink.fountain")
    assert ScriptImport.objects.count() == 2
