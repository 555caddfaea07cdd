"""The glossary's tooltips (src/kmf_site/web/tooltips.js): Material's own tooltip, made when a reader
points at a term (a mouse over it, a tap on a phone) rather than for every term when the page loads.
One tooltip at a time, with the term's definition, under the term, describing it while shown; moving
away, tapping elsewhere or Escape hides it and gives the term its title back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

TOOLTIP = ".md-tooltip2"


def a_term(page: Page, site_url: str, index: int = 3):
    """The page's index-th glossary term (in view), with the definition its markup carries."""
    page.goto(site_url + "concepts/")
    term = page.locator("article abbr").nth(index)
    definition = term.get_attribute("title")
    assert definition, "a glossary term carries its definition as its title"
    term.scroll_into_view_if_needed()
    return term, definition


def expect_shown(page: Page, term, definition: str) -> None:
    tooltip = page.locator(TOOLTIP)
    # one tooltip, the page's own: Material's bundle mounted none on the term when the page loaded
    # (its own has an id of its own, __tooltip2_N, and would be a second one beside ours)
    expect(tooltip).to_have_count(1)
    expect(tooltip).to_have_id("kmf-tooltip")
    expect(tooltip).to_have_class("md-tooltip2 md-tooltip2--bottom md-tooltip2--active")
    expect(tooltip).to_have_attribute("role", "tooltip")
    expect(tooltip).to_have_text(definition)
    expect(term).to_have_attribute("aria-describedby", tooltip.get_attribute("id"))
    expect(term).not_to_have_attribute("title", definition)  # no second, native tooltip meanwhile
    term_box, inner = term.bounding_box(), page.locator(f"{TOOLTIP}__inner").bounding_box()
    assert inner["y"] >= term_box["y"] + term_box["height"], (term_box, inner)  # under the term
    assert inner["x"] < term_box["x"] + term_box["width"] and inner["x"] + inner["width"] > term_box["x"]


def expect_hidden(page: Page, term, definition: str) -> None:
    expect(page.locator(TOOLTIP)).to_have_count(0)
    expect(term).to_have_attribute("title", definition)
    assert term.get_attribute("aria-describedby") is None


def test_pointing_at_a_term_shows_its_definition(page: Page, site_url: str):
    term, definition = a_term(page, site_url)
    term.hover()
    expect_shown(page, term, definition)
    page.mouse.move(1, 1)
    expect_hidden(page, term, definition)
    # another term: its own definition, still one tooltip
    other = page.locator("article abbr").nth(4)
    other_definition = other.get_attribute("title")
    other.hover()
    expect_shown(page, other, other_definition)
    page.keyboard.press("Escape")
    expect_hidden(page, other, other_definition)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, service_workers="block")
    yield context.new_page()
    context.close()


def test_tapping_a_term_on_a_phone_shows_it_until_the_next_tap(phone: Page, site_url: str):
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    term, definition = a_term(phone, site_url)
    term.tap()
    expect_shown(phone, term, definition)
    phone.locator("article h1").tap()
    expect_hidden(phone, term, definition)
    assert errors == []


def test_the_next_page_starts_without_the_last_pages_tooltip(page: Page, site_url: str):
    term, definition = a_term(page, site_url)
    term.dispatch_event("pointerover", {"bubbles": True})  # a pointer that is then nowhere on the next page
    expect_shown(page, term, definition)
    page.evaluate("document.querySelector('.md-nav__link[href*=\"practice\"]').click()")  # instant navigation
    expect(page).to_have_url(site_url + "practice/")
    expect(page.locator(TOOLTIP)).to_have_count(0)
