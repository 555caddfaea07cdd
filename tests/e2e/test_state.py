"""The widget's data-state follows the worker, so tests (and styles) can wait on what happens."""

from __future__ import annotations

from playwright.sync_api import expect

from runnable import output, python_ready, runnable, state, type_code


def test_data_state_follows_the_run(page, site_url):
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    state(widget, "idle")
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "done")  # through queued and running
    python_ready(page)
    expect(output(widget)).not_to_be_empty()
    type_code(page, widget, "print('looping', flush=True)\nwhile True:\n    pass\n")
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")
    expect(output(widget)).to_have_text("looping\n")
    widget.get_by_role("button", name="Stop").click()
    state(widget, "stopped")  # a busy loop without isolation: Python is restarted (a boot)
    type_code(page, widget, "1 / 0\n")
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "done")  # a program that raises has run to its end: done, not error
    expect(output(widget)).to_contain_text("ZeroDivisionError")
