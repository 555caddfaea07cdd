"""A corrupted value under Material's own `<scope>.__palette` localStorage key (Material parses it
unguarded on every page load) is dropped before Material reads it (src/kmf_site/overrides/main.html): the page
loads without an error (the `page` fixture fails the test on any) and the palette toggle works."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

CORRUPTED = {
    "not-json": "{not json",
    "wrong-shape": json.dumps({"index": "dark", "color": {"not an attribute": 1}}),
}


@pytest.mark.parametrize("value", CORRUPTED.values(), ids=CORRUPTED.keys())
def test_a_corrupted_saved_palette_is_dropped_and_the_toggle_works(page: Page, site_url: str, value: str):
    page.emulate_media(color_scheme="light")
    page.goto(site_url)
    key = page.evaluate("__md_scope.pathname + '.__palette'")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, value])
    page.reload()
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.get_by_title("Switch to dark mode").click()  # the icon a reader clicks
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    saved = json.loads(page.evaluate("key => localStorage.getItem(key)", key))
    assert saved["color"]["scheme"] == "slate", saved
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.get_by_title("Switch to light mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
