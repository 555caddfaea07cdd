"""The lab's chart tells its lines apart: two policies with the same accuracy every week
are both visible (the earlier wide underneath, the later narrow on top) and a note names them; a
run long enough for the world's drift to come full circle explains why the never-retrained model
climbs back, with the weeks and accuracies of that very run (from CPython here, as a check)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import combinations
from urllib.parse import unquote

from playwright.sync_api import Page, expect

from retrain_lab.chart import PALETTE
from retrain_lab.lab import Settings, run_lab
from runnable import PYTHON_READY_MS

SVG = "{http://www.w3.org/2000/svg}"


def simulate(page: Page) -> None:
    before = page.locator(".kmf-lab__status").inner_text()
    page.get_by_role("button", name="Run simulation").click()
    expect(page.locator(".kmf-lab__status")).not_to_have_text(before, timeout=PYTHON_READY_MS)
    expect(page.locator(".kmf-lab__status")).to_have_text(re.compile(r"^Simulated \d+ weeks"), timeout=PYTHON_READY_MS)


def test_policies_on_the_same_line_are_both_visible_and_named(page: Page, site_url: str):
    page.goto(site_url + "lab/")
    simulate(page)
    runs = run_lab(Settings()).runs
    pairs = [(a.policy, b.policy) for a, b in combinations(runs, 2) if a.accuracies == b.accuracies]
    assert pairs, "the default settings no longer make two policies coincide: pick settings that do"
    svg = unquote(page.get_by_role("img", name=re.compile("^Line chart")).get_attribute("src").split(",", 1)[1])
    root = ET.fromstring(svg)
    widths = {line.get("stroke"): float(line.get("stroke-width")) for line in root.iter(f"{SVG}polyline")}
    colours = {run.policy: PALETTE[i] for i, run in enumerate(runs)}
    legend = " ".join(" ".join(text.itertext()) for text in root.iter(f"{SVG}text"))
    for under, over in pairs:
        assert widths[colours[under]] > widths[colours[over]] + 2, widths  # both colours show
        assert f"{over} (same as {under})" in legend, legend
        expect(
            page.locator(".kmf-lab__note").filter(has_text=f"{over} and {under} have the same accuracy every week")
        ).to_be_visible()


def test_the_periodic_recovery_is_explained_with_the_runs_numbers(page: Page, site_url: str):
    page.goto(site_url + "lab/")
    page.get_by_label("Weeks", exact=True).fill("104")
    simulate(page)
    settings = Settings(weeks=104)
    never = run_lab(settings).runs[0]
    period = round(360 / settings.drift)
    weeks = list(range(1 + period, 105, period))
    assert len(weeks) == 3
    note = page.locator(".kmf-lab__note").filter(has_text=f"Why {never.policy} climbs back")
    expect(note).to_be_visible()
    expect(note).to_contain_text(f"every {period} weeks it has turned a full circle")
    for week in weeks:
        expect(note).to_contain_text(f"week {week} ({never.accuracies[week - 1]:.2f})")
