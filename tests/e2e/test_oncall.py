"""You're on call (the Lab page's second part, oncall.js) in Chromium, by keyboard only: every
scenario plays to the end and its comparison table, chart text and lesson are what CPython's
retrain_lab.oncall computes for the same seed and decisions; a player who never retrains and one
who always does get the lab's own policies' scores; progress reaches the hub; a shared link
replays the same weeks; and the page passes axe at 390 px."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import unquote

import pytest
from playwright.sync_api import Locator, Page, expect

from retrain_lab.lab import run_lab, run_policies
from retrain_lab.oncall import SCENARIOS, play, world
from runnable import PYTHON_READY_MS, axe_in_both_schemes

COLUMNS = ["Who", "Score", "Mean accuracy", "Served correctly", "Retrains", "Alerts", "Cost"]
KEYS = ["score", "mean", "served", "retrains", "alerts", "cost"]
# A different plan per scenario, with every key in it somewhere (lower case on purpose).
PLANS = {
    "steady": "kkrkbkrkhkk",
    "sudden": "kkkkkkrkkkk",
    "covariate": "kkkrkkbkkkk",
    "late-labels": "rrkkkkkkrkk",
    "broken": "kkkkkhkkkkk",
}


def focused(page: Page) -> str:
    return page.evaluate("document.activeElement.outerHTML.slice(0, 120)")


def press_until_focused(page: Page, key: str, target: Locator, limit: int = 40) -> None:
    """Press ``key`` (Tab, Shift+Tab) until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if target.evaluate("node => node === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}; the focus is on {focused(page)}")


def scores(page: Page) -> list[list[str]]:
    table = page.locator(".kmf-oncall__results").get_by_role("table")
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == COLUMNS
    return [[c.strip() for c in row.locator("th, td").all_inner_texts()] for row in table.locator("tbody tr").all()]


def expected(key: str, seed: int, decisions: str) -> list[list[str]]:
    return [[row["who"], *(str(row[k]) for k in KEYS)] for row in play(key, seed, decisions.upper()).comparison()]


def status(page: Page) -> Locator:
    return page.locator(".kmf-oncall").get_by_role("status")


def play_by_keyboard(page: Page, key: str, decisions: str) -> None:
    """From wherever the focus is in the game's picker, reach the scenario's button with Tab or
    Shift+Tab, press Enter, then type one key per week; the round ends on its own."""
    title = SCENARIOS[key].title
    target = page.get_by_role("button", name=title, exact=True)
    order = [b.get_attribute("data-scenario") for b in page.locator("button[data-scenario]").all()]
    here = page.evaluate("document.activeElement.dataset.scenario ?? ''")
    forward = here and order.index(here) < order.index(key)  # from the seed field: back up
    press_until_focused(page, "Tab" if forward else "Shift+Tab", target)
    page.keyboard.press("Enter")
    expect(page.locator(".kmf-oncall__title")).to_have_text(re.compile(f"^On call: {re.escape(title)}"))
    expect(page.get_by_role("button", name="Keep serving")).to_be_focused()
    expect(status(page)).to_have_text(re.compile("^Week 1 served"), timeout=PYTHON_READY_MS)
    for n, letter in enumerate(decisions, start=1):
        page.keyboard.press(letter)
        if n % 4 == 0:  # now and then wait for the page to catch up; in between, keys queue
            expect(page.locator(".kmf-oncall__board tbody tr")).to_have_count(n + 1, timeout=PYTHON_READY_MS)
    expect(status(page)).to_contain_text("The round is over", timeout=PYTHON_READY_MS)


@pytest.fixture
def lab(page: Page, site_url: str) -> Page:
    page.goto(site_url + "lab/")
    page.locator(".kmf-oncall").scroll_into_view_if_needed()
    return page


def test_five_scenarios_played_by_keyboard_show_what_cpython_computes(lab: Page):
    page = lab
    page.get_by_label("Scenario seed", exact=True).focus()  # the game's seed field, reached by Tab
    for key, decisions in PLANS.items():
        play_by_keyboard(page, key, decisions)
        assert scores(page) == expected(key, 7, decisions), key
        r = play(key, 7, decisions.upper())
        end = page.locator(".kmf-oncall__end")
        expect(end).to_be_focused()  # the choices went away; the focus did not fall to <body>
        expect(end).to_have_text(f"Round over: your score is {r.score:,}")
        chart = page.get_by_role("img", name=re.compile("^Line chart of your accuracy per week"))
        expect(chart).to_have_attribute("alt", r.alt_text())
        svg = unquote(chart.get_attribute("src"))
        assert svg.count("<polyline") == 5  # you and the four policies
        marks = re.findall(r'paint-order="stroke" font-weight="bold" text-anchor="middle">([RBH])</text>', svg)
        assert marks == [d for d in decisions.upper() if d != "K"]  # every decision marked
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
        expect(page.locator(".kmf-oncall__lesson")).to_have_text(r.for_browser()["lesson"])
        # the dashboard never showed an accuracy for a week whose labels had not arrived
        delay = SCENARIOS[key].label_delay
        pending = page.locator(".kmf-oncall__board tbody tr").all_inner_texts()[-delay:]
        assert all("labels in week" in row for row in pending), pending
        # on to the next scenario, by keyboard: Play again, Choose another scenario
        press_until_focused(page, "Tab", page.get_by_role("button", name="Choose another scenario"))
        page.keyboard.press("Enter")
    # every scenario counted once, with its best score, beside its button
    for key, decisions in PLANS.items():
        score = play(key, 7, decisions.upper()).score
        button = page.get_by_role("button", name=SCENARIOS[key].title, exact=True)
        expect(button.locator("xpath=..")).to_contain_text(f"Played 1×, best score {score:,}")
    page.goto(page.url.split("#")[0].replace("lab/", ""))
    card = page.locator("li", has=page.locator("a[data-kmf-mode=lab]"))
    expect(card).to_contain_text("5 of 5 on-call scenarios done")
    expect(card).to_contain_text("Done")


def oracle(key: str, seed: int, every: int | None = None):
    """The lab's own run of the policies on the scenario's world: run_lab where the lab draws that
    world itself, run_policies on the stream as a never-fixed pipeline delivers it otherwise."""
    s = SCENARIOS[key]
    settings = s.settings(seed) if every is None else replace(s.settings(seed), every=every)
    if s.jump_week is None and s.break_week is None:
        return run_lab(settings)
    stream = world(key, seed)
    if s.break_week is not None:
        stream = [b if b.week < s.break_week else replace(b, points=tuple((0.0, y) for _, y in b.points))
                  for b in stream]  # fmt: skip
    return run_policies(stream, settings)


def test_never_and_always_retrain_players_get_the_oracle_scores(lab: Page):
    page = lab
    page.get_by_label("Scenario seed", exact=True).focus()
    for key in SCENARIOS:
        for letter, policy in (("k", 0), ("r", 1)):  # never; the schedule retraining every week
            play_by_keyboard(page, key, letter * (SCENARIOS[key].weeks - 1))
            run = oracle(key, 7, every=1 if letter == "r" else None).runs[policy]
            cost = int(run.retrains * SCENARIOS[key].settings(7).cost_per_retrain)
            you = scores(page)[0]
            assert you[0] == "You"
            assert you[1] == f"{sum(w.correct for w in run.weeks) - cost:,}", (key, letter)
            assert you[4] == str(run.retrains)
            press_until_focused(page, "Tab", page.get_by_role("button", name="Choose another scenario"))
            page.keyboard.press("Enter")


def test_a_shared_link_replays_the_same_weeks_and_a_bad_seed_is_refused(page: Page, site_url: str):
    page.goto(site_url + "lab/#oncall=broken:2026")
    expect(page.locator(".kmf-oncall__title")).to_have_text("On call: A broken upstream feature (seed 2026)")
    expect(page.get_by_role("button", name="Keep serving")).to_be_focused()
    expect(status(page)).to_have_text(re.compile("^Week 1 served"), timeout=PYTHON_READY_MS)
    for letter in "kkkkkhkkkkk":
        page.keyboard.press(letter)
    expect(status(page)).to_contain_text("The round is over", timeout=PYTHON_READY_MS)
    assert scores(page) == expected("broken", 2026, "kkkkkhkkkkk")
    assert page.get_by_role("link", name="#oncall=broken:2026").get_attribute("href") == "#oncall=broken:2026"
    seed = page.get_by_label("Scenario seed", exact=True)
    seed.fill("-3")
    page.get_by_role("button", name="Steady concept drift").click()
    expect(status(page)).to_have_text(re.compile("^The scenario seed must be a whole number from 0 to 4294967295"))
    expect(seed).to_be_focused()
    assert scores(page) == expected("broken", 2026, "kkkkkhkkkkk")  # nothing lost


def test_the_game_fits_a_phone_and_passes_axe(browser, site_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_url + "lab/#oncall=sudden:7")
        expect(status(page)).to_have_text(re.compile("^Week 1 served"), timeout=PYTHON_READY_MS)
        for letter in "kkk":
            page.keyboard.press(letter)
        expect(page.locator(".kmf-oncall__board tbody tr")).to_have_count(4, timeout=PYTHON_READY_MS)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out
        for name in ["Keep serving", "Retrain", "Roll back", "Hold and alert"]:
            box = page.get_by_role("button", name=name).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 24, name
        axe_in_both_schemes(page, "on call, mid-round")
        page.get_by_role("button", name="Keep serving").focus()  # back from the palette toggle
        for letter in "kkkkkkkk":
            page.keyboard.press(letter)
        expect(status(page)).to_contain_text("The round is over", timeout=PYTHON_READY_MS)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        axe_in_both_schemes(page, "on call, the end")
    finally:
        context.close()
