"""/trace/ in Chromium: Trace it steps the seed's Q3 program to the NameError at line 6 and back,
by keyboard alone; the browser's trace of each program is its golden trace (what the build
verified in CPython and Pyodide); a loop that never ends stops at the step cap; after every program
is traced to its end the hub says so; axe-core finds nothing while a trace is shown.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from content import golden, golden_trace, trace_like_the_browser, traced_programs
from runnable import axe_in_both_schemes, click_into

PYTHON_READY_MS = 60_000
PROGRAMS = {path.name: path for path in traced_programs()}


def widget(page: Page, filename: str) -> Locator:
    return page.get_by_role("region", name=f"Trace of {filename}")


def status(w: Locator) -> Locator:
    return w.get_by_role("status")


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
            return {label: e.getAttribute('aria-label') || '', text: e.textContent.trim(),
                    region: e.closest('[role=region]')?.getAttribute('aria-label') || null}; }"""
    )


def tab_until(page: Page, wanted, limit: int = 80, key: str = "Tab") -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"{key} never reached the wanted element; focus is on {focused(page)}")


def open_trace(page: Page, site_url: str) -> None:
    page.goto(site_url + "trace/")
    for name in PROGRAMS:  # the editors load lazily; wait until they are there
        expect(widget(page, name).get_by_role("textbox", name=f"Python code: {name}")).to_be_attached()


def golden_steps(name: str) -> list[dict]:
    return json.loads(golden_trace(PROGRAMS[name]).read_text())["steps"]


def test_q3_steps_to_line_6_and_back_by_keyboard_only(page: Page, site_url: str):
    open_trace(page, site_url)
    q3 = widget(page, "q3_get_new_data.py")
    page.keyboard.press("Tab")  # from the top of the page, as a keyboard user arrives
    tab_until(page, lambda f: f["label"] == "Python code: q3_get_new_data.py")
    page.keyboard.press("Escape")  # leave the editor (Tab indents there): focus goes to Trace
    assert focused(page)["text"] == "Trace"
    page.keyboard.press("Enter")
    expect(status(q3)).to_have_text("Line 1: def retrain_model(data):", timeout=PYTHON_READY_MS)
    expect(q3.get_by_text("Step 1 of 3")).to_be_visible()
    assert focused(page)["text"] == "Next step"  # focus moved on to the next action

    page.keyboard.press("Enter")
    expect(status(q3)).to_have_text("Line 6: new_data = get_new_data()")
    expect(q3.locator(".kmf-marked-line")).to_have_text("new_data = get_new_data()")
    table = q3.get_by_role("table", name="Global variables")
    expect(table.get_by_role("row", name="retrain_model function retrain_model(data)")).to_be_visible()
    expect(q3.get_by_role("log", name="Output")).to_have_text("")

    page.keyboard.press("Enter")
    expect(status(q3)).to_have_text("Line 6: NameError: name 'get_new_data' is not defined. The program stops here.")
    expect(q3.get_by_text("Step 3 of 3")).to_be_visible()
    expect(q3.locator(".kmf-marked-line")).to_have_text("new_data = get_new_data()")
    expect(q3.get_by_role("log", name="Output")).to_have_text(golden(PROGRAMS["q3_get_new_data.py"]).read_text())
    expect(q3.get_by_role("button", name="Next step")).to_have_attribute("aria-disabled", "true")
    assert focused(page)["text"] == "Next step"  # still there: nothing for the keyboard to hunt for

    tab_until(page, lambda f: f["text"] == "Previous step", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(status(q3)).to_have_text("Line 6: new_data = get_new_data()")
    expect(q3.get_by_role("log", name="Output")).to_have_text("")
    page.keyboard.press("Enter")
    expect(status(q3)).to_have_text("Line 1: def retrain_model(data):")
    expect(q3.locator(".kmf-marked-line")).to_have_text("def retrain_model(data):")
    expect(q3.get_by_role("button", name="Previous step")).to_have_attribute("aria-disabled", "true")

    tab_until(page, lambda f: f["text"] == "Run to end")
    page.keyboard.press("Enter")
    expect(q3.get_by_text("Step 3 of 3")).to_be_visible()
    expect(status(q3)).to_contain_text("NameError: name 'get_new_data' is not defined")


@pytest.mark.parametrize("name", ["q6_load_model.py", "weekly_retrain.py"])
def test_the_browser_shows_the_golden_trace(page: Page, site_url: str, name: str):
    """Step by step, the line marked and announced is the golden trace's, and so is the output."""
    open_trace(page, site_url)
    steps = golden_steps(name)
    w = widget(page, name)
    w.get_by_role("button", name="Trace").click()
    expect(w.get_by_text(f"Step 1 of {len(steps)}")).to_be_visible(timeout=PYTHON_READY_MS)
    source = PROGRAMS[name].read_text().splitlines()
    output = golden(PROGRAMS[name]) if golden(PROGRAMS[name]).exists() else None
    for number, step in enumerate(steps, start=1):
        expect(w.get_by_text(f"Step {number} of {len(steps)}")).to_be_visible()
        if step["event"] == "line":
            expect(status(w)).to_have_text(f"Line {step['line']}: {source[step['line'] - 1].strip()}")
        elif step["event"] == "return":
            expect(status(w)).to_have_text(f"Line {step['line']}: {step['stack'][-1]['name']} returns {step['value']}")
            expect(w.get_by_role("row", name=re.compile("^Return value"))).to_be_visible()
        if step["line"]:
            expect(w.locator(".kmf-marked-line").first).to_have_text(source[step["line"] - 1])
        expect(w.get_by_role("table")).to_have_count(len(step["stack"]))
        if number < len(steps):
            w.get_by_role("button", name="Next step").click()
    end = steps[-1]
    if name == "q6_load_model.py":
        expect(status(w)).to_have_text(f"Line 6: {end['error']}. The program stops here.")
        expect(w.get_by_role("table", name="retrain_model(): local variables, called from line 12")).to_be_visible()
        expect(w.get_by_role("log", name="Output")).to_have_text(output.read_text())
    else:
        expect(status(w)).to_have_text(f"The program finished after {len(steps) - 1} steps.")
        expect(w.get_by_role("log", name="Output")).to_have_text(
            "week 1: version 2, accuracy 0.81\nweek 2: version 2, accuracy 0.81\nweek 3: version 2, accuracy 0.81\n"
        )


def test_a_loop_that_never_ends_stops_at_the_step_cap(page: Page, site_url: str):
    open_trace(page, site_url)
    w = widget(page, "weekly_retrain.py")
    w.get_by_role("button", name="Trace").click()
    expect(w.get_by_text(re.compile(r"Step 1 of \d+"))).to_be_visible(timeout=PYTHON_READY_MS)
    editor = w.get_by_role("textbox", name="Python code: weekly_retrain.py")
    click_into(editor)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    loop = "n = 0\nwhile True:\n    n += 1\n"
    page.keyboard.insert_text(loop)
    expect(status(w)).to_have_text("The code changed: press Trace to follow the new version.")
    expect(w.get_by_role("button", name="Next step")).to_have_attribute("aria-disabled", "true")
    w.get_by_role("button", name="Trace").click()
    expect(w.get_by_text("Step 1 of 1001")).to_be_visible(timeout=15_000)
    w.get_by_role("button", name="Run to end").click()
    expect(status(w)).to_have_text(
        "Stopped after 1000 steps: this program may never end. The trace shows its first 1000 steps."
    )
    last = trace_like_the_browser(loop, "weekly_retrain.py")["steps"][-1]  # the same trace in CPython
    ((name, kind, value),) = last["stack"][0]["vars"]
    expect(w.get_by_role("row", name=f"{name} {kind} {value}")).to_be_visible()
    w.get_by_role("button", name="Reset").click()
    expect(w.get_by_role("textbox", name="Python code: weekly_retrain.py")).to_contain_text("weekly_batches")


def test_hub_marks_trace_done_after_every_program_reaches_its_end(page: Page, site_url: str):
    open_trace(page, site_url)
    for number, name in enumerate(PROGRAMS, start=1):
        w = widget(page, name)
        w.get_by_role("button", name="Trace").click()
        expect(w.get_by_text(re.compile(r"Step 1 of \d+"))).to_be_visible(timeout=PYTHON_READY_MS)
        w.get_by_role("button", name="Run to end").click()
        if number == 1:
            page.goto(site_url)
            card = (
                page.locator("[data-kmf-hub]")
                .get_by_role("listitem")
                .filter(has=page.get_by_role("link", name="Trace it", exact=True))
            )
            expect(card).to_contain_text("In progress · 1 of 3 programs traced to the end")
            open_trace(page, site_url)
    page.goto(site_url)
    card = (
        page.locator("[data-kmf-hub]")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name="Trace it", exact=True))
    )
    expect(card).to_contain_text("Done · 3 of 3 programs traced to the end")
    expect(page.get_by_text("1 of 10 modes done")).to_be_visible()


def test_no_accessibility_violations_while_tracing(page, site_url: str):
    page.emulate_media(color_scheme="dark")
    open_trace(page, site_url)
    w = widget(page, "q6_load_model.py")
    w.get_by_role("button", name="Trace").click()
    expect(w.get_by_text("Step 1 of 8")).to_be_visible(timeout=PYTHON_READY_MS)
    for _ in range(6):
        w.get_by_role("button", name="Next step").click()  # inside retrain_model: two frames
    expect(w.get_by_role("table")).to_have_count(2)
    axe_in_both_schemes(page, "trace")
