"""The breakdown sheets in a real browser: opened from the Breakdown tab and printed one scene to a page."""

import re

import pytest
from playwright.sync_api import expect

from scheduling.production_file import production_document_check
from scheduling.services import production_import
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def pdf_page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in points of each page of a PDF Chromium printed (its page objects are plain text)."""
    pages = [body for body in pdf.split(b"endobj") if re.search(rb"/Type\s*/Page\b(?!s)", body)]
    boxes = [re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", body) for body in pages]
    return [(float(box.group(1)), float(box.group(2))) for box in boxes]


def test_breakdown_sheets_print_one_scene_to_a_page(live_server, page, demo_document, director, screenshots):
    production_import(document=production_document_check(demo_document), director=director)
    scenes = len(demo_document["scenes"])

    log_in(page, live_server, "director1", "pw-director1")
    page.get_by_role("link", name=re.compile("Challenge")).click()
    page.get_by_role("link", name="Breakdown", exact=True).click()
    expect(page.locator("ol.cast-list li").first).to_have_text("1. ZHENYA — Yulia Peresild")
    page.screenshot(path=str(screenshots / "breakdown.png"), full_page=True)
    page.get_by_role("link", name="Breakdown sheets", exact=True).click()
    sheets = page.locator("article.sheet")
    expect(sheets).to_have_count(scenes)
    expect(sheets.nth(13)).to_contain_text("1 × Scalpel and surgical instruments")

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".production-header")).to_be_hidden()
    expect(page.get_by_role("button", name=f"Print {scenes} sheets")).to_be_hidden()
    breaks = page.evaluate("[...document.querySelectorAll('article.sheet')].map(sheet => getComputedStyle(sheet).breakBefore)")
    assert breaks == ["auto"] + ["page"] * (scenes - 1)
    assert page.evaluate("getComputedStyle(document.querySelector('article.sheet')).breakInside") == "avoid"
    page.screenshot(path=str(screenshots / "breakdown-sheets.png"), full_page=False)

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (screenshots.parent / "breakdown-sheets.pdf").write_bytes(pdf)
    sizes = pdf_page_sizes(pdf)
    assert len(sizes) == scenes, "one printed page per scene: none spills over, none shares a page"
    # A4 portrait (595 × 842 points) from the sheets' named page, though call sheets print landscape.
    assert all(abs(width - 595.3) < 1 and abs(height - 841.9) < 1 for width, height in sizes), sizes[:3]
