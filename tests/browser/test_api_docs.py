"""The API's documentation pages work in a real browser under the Content-Security-Policy (the `page`
fixture fails a test on any refusal)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_api(live_server, page):
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator("#swagger-ui")).to_contain_text("orbitfilm API", timeout=30_000)
    expect(page.get_by_text("/api/productions/import/").first).to_be_visible()


def test_redoc_renders_the_api(live_server, page):
    page.csp_expected = ("https://cdn.redoc.ly/redoc/logo-mini.svg",)  # "powered by" in the corner, from Redoc's CDN
    page.goto(live_server.url + "/api/redoc/")
    expect(page.locator("body")).to_contain_text("Import a production file", timeout=30_000)
