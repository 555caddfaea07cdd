"""The retraining lab (/lab/) in Chromium: it runs, a new threshold changes the table and the
chart, the chart has a text alternative, and the figures are the ones CPython computes."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from retrain_lab.lab import run_lab
from runnable import PYTHON_READY_MS, SAVED, STORE, axe_in_both_schemes

COLUMNS = ["Policy", "Mean accuracy", "Worst week", "Retrains", "Cost"]


def table_rows(page: Page) -> list[list[str]]:
    """The results table as text, one list per policy (non-breaking spaces read as spaces)."""
    table = page.get_by_role("table")
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == COLUMNS
    return [
        [cell.replace("\xa0", " ").strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def expected_rows(**settings) -> list[list[str]]:
    return [[r["policy"], r["mean"], r["worst"], r["retrains"], r["cost"]] for r in run_lab(**settings).rows()]


def simulate(page: Page) -> None:
    before = page.locator(".kmf-lab__status").inner_text()
    page.get_by_role("button", name="Run simulation").click()
    expect(page.locator(".kmf-lab__status")).not_to_have_text(before, timeout=PYTHON_READY_MS)
    expect(page.locator(".kmf-lab__status")).to_have_text(re.compile(r"^Simulated \d+ weeks"), timeout=PYTHON_READY_MS)


@pytest.fixture
def lab(page, site_url):
    page.goto(site_url + "lab/")
    return page


def chart(page: Page):
    return page.get_by_role("img", name=re.compile("^Line chart of accuracy per week"))


def test_the_lab_runs_and_shows_what_cpython_computes(lab):
    simulate(lab)
    assert table_rows(lab) == expected_rows()
    expect(chart(lab)).to_have_attribute("alt", run_lab().alt_text())
    src = chart(lab).get_attribute("src")
    assert src.startswith("data:image/svg+xml")
    svg = unquote(src)
    assert svg.count("<polyline") == 4 and "Accuracy per week" in svg
    assert chart(lab).evaluate("img => img.complete && img.naturalWidth > 0")  # the browser drew it


def test_a_new_threshold_changes_the_table_and_the_chart(lab):
    simulate(lab)
    rows, src, alt = table_rows(lab), chart(lab).get_attribute("src"), chart(lab).get_attribute("alt")
    lab.get_by_label("Accuracy threshold").fill("0.9")
    simulate(lab)
    assert table_rows(lab) == expected_rows(threshold=0.9)
    assert table_rows(lab) != rows
    assert chart(lab).get_attribute("src") != src
    assert chart(lab).get_attribute("alt") == run_lab(threshold=0.9).alt_text() != alt
    assert "threshold 0.9" in unquote(chart(lab).get_attribute("src"))


def test_every_control_has_a_visible_label_and_cost_is_retrains_times_price(lab):
    for name in ["Weeks", "Drift speed (degrees per week)", "Covariate shift (standard deviations per week)",
                 "Label delay (weeks)", "Random seed", "Schedule: retrain every N weeks", "Accuracy threshold",
                 "Input-drift threshold (PSI)", "Cost per retrain"]:  # fmt: skip
        expect(lab.get_by_label(name, exact=True)).to_be_visible()
    lab.get_by_label("Cost per retrain").fill("250")
    lab.get_by_label("Label delay (weeks)").fill("2")
    simulate(lab)
    rows = table_rows(lab)
    assert rows == expected_rows(cost_per_retrain=250, label_delay=2)
    assert [int(r[4].replace(",", "")) for r in rows] == [int(r[3]) * 250 for r in rows]


def test_settings_survive_a_reload_and_the_hub_hears_of_it(lab):
    lab.get_by_label("Random seed").fill("11")
    simulate(lab)
    lab.get_by_label("Weeks", exact=True).fill("20")
    simulate(lab)
    assert table_rows(lab) == expected_rows(seed=11, weeks=20)
    lab.reload()
    expect(lab.get_by_label("Weeks", exact=True)).to_have_value("20")
    expect(lab.get_by_label("Random seed")).to_have_value("11")
    saved = lab.evaluate(SAVED, STORE + "progress:lab")
    assert saved == {"done": True, "count": 2, "text": "2 simulations run, 2 settings tried"}


def test_the_chart_follows_the_dark_palette(lab):
    simulate(lab)
    light = chart(lab).get_attribute("src")
    lab.locator('label[title="Switch to dark mode"]').click()  # Material's palette toggle
    expect(chart(lab)).not_to_have_attribute("src", light)
    assert "#DDDDDD" in unquote(chart(lab).get_attribute("src"))


def test_an_impossible_setting_is_explained_not_run(lab):
    lab.get_by_label("Accuracy threshold").fill("3")
    lab.get_by_role("button", name="Run simulation").click()
    expect(lab.locator(".kmf-lab__status")).to_have_text(re.compile("outside its range"))
    expect(lab.get_by_role("table")).to_have_count(0)


def test_no_accessibility_violations_with_results_shown(page, site_url):
    """axe-core on the lab with its chart, table and status filled in, light then dark
    (test_site covers it before)."""
    page.emulate_media(color_scheme="light")
    page.goto(site_url + "lab/")
    simulate(page)
    axe_in_both_schemes(page, "lab")
