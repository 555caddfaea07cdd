"""Time limits and Stop wherever a page runs Python: runnable examples (the limit comes from the
page's markup: the kmf plugin's time_limit by default, `data-timeout="30"` on the lab's
simulation), the lab's form, a guided step's Check, the notebook's cells and Run all, and Trace it.

The page's clock is Playwright's (installed before the page loads, running at real speed): a test
jumps it forward instead of waiting out a limit, so a 30 s limit costs no 30 s. Python itself runs
in a worker, on the real clock; only the page's timers (where the limits live, python.js) jump.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import load_config
from playwright.sync_api import Page, expect

from content import SNIPPETS, run_like_the_browser
from runnable import PYTHON_READY_MS, click_into, hold, output, run, runnable, state, status, type_code, wait_for_held

LOOP = "while True:\n    pass\n"
# what a block without data-timeout gets: the kmf plugin's time_limit in mkdocs.yml (every page's
# <meta name="kmf-time-limit">, python.js's DEFAULT_TIMEOUT)
DEFAULT_LIMIT_S = load_config(str(Path(__file__).parents[2] / "mkdocs.yml")).plugins["kmf"].config.time_limit


def markup_limit(page: Page, filename: str) -> int:
    """The block's own data-timeout in the built page (the Markdown fence's attribute), else the default."""
    block = page.locator("div.highlight.run").filter(has=page.locator(".filename", has_text=filename)).first
    value = block.get_attribute("data-timeout")
    return int(value) if value else DEFAULT_LIMIT_S


def stopped_at_the_limit(page: Page, widget, limit: int) -> None:
    """Run a loop; just short of ``limit`` it still runs, past it the time limit stops it."""
    type_code(page, widget, LOOP)
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")
    page.clock.fast_forward((limit - 5) * 1000)  # 5 s to spare for a slow test process
    assert widget.get_attribute("data-state") == "running", f"stopped before its {limit} s limit"
    page.clock.fast_forward(6 * 1000)
    expect(status(widget)).to_have_text(re.compile(rf"^Stopped after {limit} s, the time limit\. "))
    state(widget, "stopped", timeout=PYTHON_READY_MS)


def test_examples_get_their_time_limit_from_the_page_and_the_lab_form_stops(page: Page, site_url: str):
    held = hold(page, "**/retrain_lab-*.whl")  # the lab form's first run waits for its package
    page.clock.install()
    page.goto(site_url + "lab/")
    # The lab's form: Stop while its run is still setting up (loading retrain_lab).
    form = page.locator("form.kmf-lab")
    form.get_by_role("button", name="Run simulation").click()
    wait_for_held(page, held, "the retrain_lab wheel")
    form.get_by_role("button", name="Stop").click()
    held[0].continue_()
    expect(form.locator(".kmf-lab__status")).to_have_text("Stopped.", timeout=PYTHON_READY_MS)
    expect(form.get_by_role("table")).to_have_count(0)
    form.get_by_role("button", name="Run simulation").click()  # and it runs again
    expect(form.locator(".kmf-lab__status")).to_have_text(re.compile(r"^Simulated \d+ weeks"), timeout=PYTHON_READY_MS)

    limits = {name: markup_limit(page, name) for name in ("simulation.py", "label_delay.py")}
    assert limits == {"simulation.py": 30, "label_delay.py": DEFAULT_LIMIT_S}  # docs/lab.md's fences
    for name, limit in limits.items():
        widget = runnable(page, name)
        stopped_at_the_limit(page, widget, limit)
        widget.get_by_role("button", name="Reset").click()
        widget.get_by_role("button", name="Yes, reset").click()
        run(widget)
        snippet = SNIPPETS / "lab" / name
        expect(output(widget)).to_have_text(run_like_the_browser(snippet.read_text(), name)[0])


def test_a_steps_check_has_a_time_limit_and_its_run_stops(page: Page, site_url: str):
    from test_steps import feedback, open_page, step
    from test_steps import type_code as type_step

    page.clock.install()
    open_page(page, site_url)
    first = step(page, 1)
    widget = first.locator(".kmf-runnable")
    type_step(page, 1, LOOP)
    first.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")
    first.get_by_role("button", name="Stop").click()
    expect(status(widget)).to_have_text(re.compile(r"^Stopped\. "), timeout=PYTHON_READY_MS)
    first.get_by_role("button", name="Check", exact=True).click()
    state(widget, "running")
    page.clock.fast_forward((DEFAULT_LIMIT_S + 1) * 1000)
    expect(feedback(page, 1)).to_have_text(
        re.compile(rf"still running after {DEFAULT_LIMIT_S} seconds, the time limit, so it was stopped"),
        timeout=PYTHON_READY_MS,
    )
    expect(first).not_to_have_attribute("data-state", "passed")


def test_notebook_cells_stop_and_run_all_stops_at_a_cell_past_its_limit(page: Page, site_url: str):
    page.clock.install()
    page.goto(site_url + "notebook/")
    cell = page.locator(".kmf-nb-cell").filter(has=page.get_by_role("textbox", name="Python code: cell 1"))
    type_code(page, cell, LOOP)
    cell.get_by_role("button", name="Run", exact=True).click()
    state(cell, "running")
    cell.get_by_role("button", name="Stop").click()
    expect(status(cell)).to_have_text(re.compile(r"^Stopped\. "), timeout=PYTHON_READY_MS)

    page.get_by_role("button", name="Run all").click()
    state(cell, "running")
    page.clock.fast_forward((DEFAULT_LIMIT_S + 1) * 1000)
    expect(status(cell)).to_have_text(re.compile(rf"^Stopped after {DEFAULT_LIMIT_S} s, the time limit\. "))
    run_all = page.get_by_role("status").filter(has_text="Run all stopped")
    expect(run_all).to_have_text(
        f"Run all stopped at cell 1: it ran past its time limit of {DEFAULT_LIMIT_S} s.", timeout=PYTHON_READY_MS
    )


def test_trace_it_has_a_time_limit(page: Page, site_url: str):
    from test_trace import open_trace, widget

    page.clock.install()
    open_trace(page, site_url)
    trace = widget(page, "weekly_retrain.py")
    editor = trace.get_by_role("textbox", name="Python code: weekly_retrain.py")
    click_into(editor)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    # The tracer ends a loop at its step cap by raising; a program that catches everything goes on.
    page.keyboard.insert_text(
        "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n"
    )
    trace.get_by_role("button", name="Trace").click()
    expect(status(trace)).to_have_text("Running…", timeout=PYTHON_READY_MS)
    page.clock.fast_forward((DEFAULT_LIMIT_S + 1) * 1000)
    expect(status(trace)).to_have_text(
        re.compile(rf"^Tracing took longer than {DEFAULT_LIMIT_S} s .* so Python was restarted\.$"),
        timeout=PYTHON_READY_MS,
    )
    trace.get_by_role("button", name="Reset").click()
    trace.get_by_role("button", name="Trace").click()  # the restarted Python traces again
    expect(trace.get_by_text(re.compile(r"Step 1 of \d+"))).to_be_visible(timeout=PYTHON_READY_MS)
