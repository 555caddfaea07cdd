"""Output panels that fit, in Chromium at 1280 and 390 px: Output and Expected output
stack when either is wider than its half, a panel that still scrolls shows it and can be scrolled
with the keyboard, a traceback is never cut off, Trace's values never break inside a name and its
controls and current line stay in view on a phone, and no editor holds `#>` lines."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from runnable import PYTHON_READY_MS, SETTLED, click_into, editor, output, run, runnable

PHONE = {"width": 390, "height": 844}
FITS = "e => e.scrollWidth <= e.clientWidth + 1"


def test_concepts_first_example_shows_every_column_on_a_desktop(page: Page, site_url: str):
    page.goto(site_url + "concepts/")
    widget = runnable(page, "drift_policies.py")
    run(widget)
    expected = widget.get_by_role("group", name="Expected output").locator("pre")
    expect(expected).to_contain_text("trigger < 0.85")
    expect(output(widget)).to_contain_text("trigger < 0.85")
    assert output(widget).evaluate(FITS), "Output is cut off: it scrolls sideways at 1280 px"
    assert expected.evaluate(FITS), "Expected output is cut off: it scrolls sideways at 1280 px"
    # the two panels are stacked, each as wide as the editor
    mine, theirs = output(widget).bounding_box(), expected.bounding_box()
    assert theirs["y"] >= mine["y"] + mine["height"] - 1, (mine, theirs)


def test_a_panel_that_scrolls_shows_it_and_takes_the_keyboard(browser, site_url: str):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "concepts/")
    widget = runnable(page, "drift_policies.py")
    expected = widget.get_by_role("group", name="Expected output").locator("pre")
    expect(expected).to_contain_text("trigger < 0.85")
    assert not expected.evaluate(FITS)  # 44 columns do not fit 390 px: it scrolls
    expect(expected).to_have_attribute("data-scrolls", "x")
    expect(expected).to_have_attribute("tabindex", "0")
    assert expected.evaluate("e => e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')")
    # the edge fades where more is to the right, and the hint names the way to scroll
    assert "gradient" in expected.evaluate("e => getComputedStyle(e).backgroundImage")
    expect(widget.get_by_role("group", name="Expected output").get_by_text("scrolls sideways")).to_be_visible()
    expected.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function("e => e.scrollLeft > 0", arg=expected.element_handle())
    context.close()


def trace_to_end(page: Page, name: str):
    widget = page.get_by_role("region", name=f"Trace of {name}")
    widget.scroll_into_view_if_needed()
    expect(editor(widget)).to_be_visible()
    widget.get_by_role("button", name="Trace").click()
    expect(widget.get_by_role("status")).to_contain_text("Line", timeout=PYTHON_READY_MS)
    widget.get_by_role("button", name="Run to end").click()
    return widget


@pytest.mark.parametrize("width", [1280, 390])
def test_trace_output_so_far_shows_the_whole_name_error(browser, site_url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(site_url + "trace/")
    widget = trace_to_end(page, "q3_get_new_data.py")
    log = widget.get_by_role("log", name="Output")
    expect(log).to_contain_text(re.compile(r"NameError: name '\w+' is not defined"))
    assert log.evaluate(FITS), "the traceback is cut off at the right"
    context.close()


def test_a_traceback_on_a_phone_is_not_cut_off(browser, site_url: str):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    expect(editor(widget)).to_be_visible()
    click_into(editor(widget))
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(
        "model_info = {'version': 1}\nprint(model_info['version'], version_of_the_model_in_production)\n"
    )
    run(widget)
    expect(output(widget)).to_contain_text("is not defined")
    assert output(widget).evaluate(FITS), "the traceback is cut off at the right"
    context.close()


def test_a_one_line_editor_keeps_the_start_of_its_line_in_view_on_a_phone(browser, site_url: str):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "see-it-in-action/")
    box = page.locator('.kmf-step[data-step="1"]').get_by_role("textbox", name="Python code")
    click_into(box)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text("model_info = {'version': 1, 'accuracy': 0.75, 'trained_on': 'the data of last week'}")
    page.keyboard.press("End")
    # the first characters of the line are on screen, inside the editor's visible box
    first = box.evaluate(
        """content => {
            const line = content.querySelector('.cm-line');
            const range = document.createRange();
            range.setStart(line.firstChild.firstChild ?? line.firstChild, 0);
            range.setEnd(line.firstChild.firstChild ?? line.firstChild, 1);
            const r = range.getBoundingClientRect();
            const view = content.closest('.cm-scroller').getBoundingClientRect();
            return {left: r.left, viewLeft: view.left, right: r.right, viewRight: view.right};
        }"""
    )
    assert first["left"] >= first["viewLeft"] - 1 and first["right"] <= first["viewRight"] + 1, first
    context.close()


WORD = r"""(root) => {
    const split = [];
    for (const cell of root.querySelectorAll('td, th')) {
        const text = cell.textContent;
        for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
            const node = cell.firstChild;
            if (!node || node.nodeType !== 3) continue;
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (tops.size > 1) split.push(m[0]);
        }
    }
    return split;
}"""


def test_trace_on_a_phone_keeps_names_whole_and_controls_in_view(browser, site_url: str):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "trace/")
    widget = page.get_by_role("region", name="Trace of weekly_retrain.py")
    widget.scroll_into_view_if_needed()
    expect(editor(widget)).to_be_visible()
    widget.get_by_role("button", name="Trace").click()
    status = widget.get_by_role("status")
    expect(status).to_contain_text("Line", timeout=PYTHON_READY_MS)
    following = widget.get_by_role("button", name="Next step")
    for _ in range(12):
        following.click()
    # the reader looks at what was printed, below the variables; Next step and the current line
    # stay on screen
    log = widget.get_by_role("log", name="Output")
    for _ in range(3):
        log.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.evaluate(SETTLED)  # the scroll drawn, any transition it started ended
        expect(following).to_be_in_viewport()  # checked before the click (a click scrolls to it)
        expect(status).to_be_in_viewport()
        expect(status).to_contain_text(re.compile(r"Line \d+"))
        following.click()
    assert widget.evaluate(WORD) == [], "a value or name breaks inside a word"
    context.close()


def editor_lines(page: Page, name: str) -> list[str]:
    box = page.get_by_role("textbox", name=f"Python code: {name}")
    expect(box).to_be_visible()
    return box.locator(".cm-line").all_inner_texts()


def test_no_expected_output_comments_inside_editors(page: Page, site_url: str):
    page.goto(site_url + "trace/")
    widget = page.get_by_role("region", name="Trace of weekly_retrain.py")
    widget.scroll_into_view_if_needed()
    lines = editor_lines(page, "weekly_retrain.py")
    assert not [line for line in lines if line.strip().startswith("#>")], lines
    expect(widget.get_by_role("group", name="Expected output")).to_contain_text("week 1: version 2")

    # a guided step that starts from the previous step's program (whose file has its output)
    page.goto(site_url + "see-it-in-action/")
    last = page.locator(".kmf-step").last
    last.get_by_role("button", name=re.compile(r"^Skip to step")).click()
    box = last.get_by_role("textbox", name="Python code")
    expect(box).to_be_focused()  # the skip made the step's editor, with its start program, and focused it
    lines = box.locator(".cm-line").all_inner_texts()
    assert lines and not [line for line in lines if line.strip().startswith("#>")], lines

    page.goto(site_url + "playground/")
    lines = editor_lines(page, "playground.py")
    assert not [line for line in lines if line.strip().startswith("#>")], lines
    for load in page.get_by_role("button", name=re.compile(r"^Load ")).all():
        load.click()
        confirm = page.get_by_role("button", name="Replace")
        if confirm.count():
            confirm.click()
        lines = editor_lines(page, "playground.py")
        assert not [line for line in lines if line.strip().startswith("#>")], (load.inner_text(), lines)
