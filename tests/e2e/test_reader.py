"""What the reader sees must be true and kind, in Chromium, one test per item:
stale feedback, texts that point the right way, focus kept while busy, lines kept on a phone,
an undoable Reset, a stricter step 4, running and Stop texts, the Expected output panel,
Practice's second try, and the smaller ones (unavailable buttons, solution code, skipped steps).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from test_quiz import Q2, answer_all, open_test, practice, question
from test_steps import CHECK_TIMEOUT, STEPS_DIR, feedback, open_page, step
from test_steps import type_code as type_step

from content import SNIPPETS, run_like_the_browser
from kmf_site.exercise.syntax import split_mistake
from runnable import (
    PYTHON_READY_MS,
    click_into,
    editor,
    output,
    pause_page_clock,
    run,
    runnable,
    skip_to_step,
    status,
    type_code,
)

MODEL_INFO = SNIPPETS / "index" / "model_info.py"
PHONE = {"width": 390, "height": 844}


def program_of(path) -> str:
    """The snippet without its #> lines: what the editor shows."""
    return "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#>"))


def active(page: Page) -> str:
    """The focused element, described: tag and text."""
    return page.evaluate("() => `${document.activeElement.tagName}:${document.activeElement.textContent.trim()}`")


# ------------------------------------------------------------------------------ 1. stale feedback


def test_feedback_is_marked_out_of_date_when_the_code_changes(page: Page, site_url: str):
    open_page(page, site_url)
    first = step(page, 1)
    type_step(page, 1, "model_info = 1\n")
    first.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(page, 1)).to_contain_text("should be a dict", timeout=CHECK_TIMEOUT)
    expect(feedback(page, 1)).not_to_contain_text("Out of date")
    type_step(page, 1, "model_info = {'version': 1, 'accuracy': 0.75}\n")
    first.get_by_role("button", name="Run", exact=True).click()
    expect(status(first.locator(".kmf-runnable"))).to_contain_text("Finished", timeout=PYTHON_READY_MS)
    expect(feedback(page, 1)).to_contain_text("Out of date: you changed the code since this check.")
    first.get_by_role("button", name="Check", exact=True).click()
    expect(feedback(page, 1)).to_contain_text("Step 1 passed", timeout=CHECK_TIMEOUT)
    expect(feedback(page, 1)).not_to_contain_text("Out of date")


# ------------------------------------------------------------------------------ 2. texts point the right way


def test_error_status_points_down_to_the_traceback(page: Page, site_url: str):
    page.goto(site_url)
    widget = runnable(page, "metrics_text.py")
    run(widget)
    expect(status(widget)).to_have_text("Finished with an error: the traceback is in the output below.")
    # and it is true: the status comes before the Output in the page
    assert status(widget).evaluate(
        "(s, o) => !!(s.compareDocumentPosition(o) & Node.DOCUMENT_POSITION_FOLLOWING)",
        output(widget).element_handle(),
    )


def test_test_review_points_up_and_links_each_question(page: Page, site_url: str):
    open_test(page, site_url)
    answer_all(page, right=7)
    page.get_by_role("button", name="Submit test").click()
    result = page.locator(".kmf-test__result")
    expect(result).to_contain_text("Review questions 8, 9 and 10 above")
    # the result really is below every question
    assert result.evaluate(
        "r => [...document.querySelectorAll('.kmf-test__questions > .kmf-q')].every("
        "q => q.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    link = result.get_by_role("link", name="question 9")
    target = link.get_attribute("href")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    numbered = page.locator(f"section.kmf-q{target}")
    expect(numbered.locator(".kmf-q__num")).to_have_text("Question 9")
    expect(numbered).to_be_in_viewport()


# ------------------------------------------------------------------------------ 3. focus kept while busy


def test_enter_on_run_keeps_focus_while_python_runs(page: Page, site_url: str):
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    program = "import time\ntime.sleep(1.5)\nprint('done')\n"
    type_code(page, widget, program)
    page.keyboard.press("Escape")  # the editor's Escape moves to Run
    button = widget.get_by_role("button", name="Run", exact=True)
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(status(widget)).to_have_text("Running…", timeout=PYTHON_READY_MS)
    expect(button).to_have_attribute("aria-disabled", "true")
    expect(button).to_be_focused()
    expect(output(widget)).to_have_text(run_like_the_browser(program, "model_info.py")[0])
    expect(button).to_be_enabled()
    assert active(page) == "BUTTON:Run"
    # Enter on a busy Run does nothing; Tab still goes on to Stop
    page.keyboard.press("Tab")
    expect(widget.get_by_role("button", name="Stop")).to_be_focused()


def test_enter_on_check_keeps_focus(page: Page, site_url: str):
    open_page(page, site_url)
    type_step(page, 1, "model_info = 1\n")
    check = step(page, 1).get_by_role("button", name="Check", exact=True)
    check.focus()
    page.keyboard.press("Enter")
    expect(feedback(page, 1)).to_contain_text("should be a dict", timeout=CHECK_TIMEOUT)
    expect(check).to_be_focused()
    assert active(page) == "BUTTON:Check"


# ------------------------------------------------------------------------------ 4. lines kept on a phone


def test_output_and_editor_keep_their_lines_on_a_phone(page: Page, site_url: str):
    page.set_viewport_size(PHONE)
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    long_line = "print('week  never  every 3 wk  acc < 0.85  ' * 3)\nprint(1)\n"
    type_code(page, widget, long_line)
    run(widget)
    log = output(widget)
    expect(log).to_contain_text("week  never")
    lines = log.evaluate(
        """o => { const r = document.createRange(); r.selectNodeContents(o);
                  const tops = [...r.getClientRects()].map(x => Math.round(x.top));
                  return new Set(tops).size; }"""
    )
    assert lines == 2, f"the two printed lines take {lines} rows"
    assert log.evaluate("o => o.scrollWidth > o.clientWidth"), "a long line scrolls sideways"
    # The editor wraps a long line on a phone (scrolled to the caret, it hid the line's
    # start); the line numbers still count it as one line.
    scroller = "e => { const s = e.closest('.cm-scroller'); return s.scrollWidth <= s.clientWidth + 1; }"
    assert editor(widget).evaluate(scroller), "the editor scrolls sideways on a phone"
    numbers = widget.locator(".cm-lineNumbers .cm-gutterElement").all_inner_texts()
    assert [n for n in numbers if n.strip()][:2] == ["1", "2"], numbers


# ------------------------------------------------------------------------------ 5. Reset asks, and is undoable


def test_reset_asks_first_and_can_be_undone(page: Page, site_url: str):
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    original = program_of(MODEL_INFO)
    edited = original.replace("0.85", "0.99")
    type_code(page, widget, edited)
    # Reset right after typing (well inside CodeMirror's 500 ms grouping of edits): the reset is
    # still an undo step of its own, so one Ctrl+Z brings the learner's code back
    widget.get_by_role("button", name="Reset").click()
    widget.get_by_role("button", name="Yes, reset").click()
    expect(editor(widget)).to_have_text(original.replace("\n", ""))
    expect(status(widget)).to_contain_text("Ctrl+Z")
    click_into(editor(widget))
    page.keyboard.press("ControlOrMeta+z")
    expect(editor(widget)).to_have_text(edited.replace("\n", ""))
    widget.get_by_role("button", name="Reset").click()
    widget.get_by_role("button", name="Keep my code").click()
    expect(editor(widget)).to_contain_text("0.99")
    # unchanged code resets without a question
    widget.get_by_role("button", name="Reset").click()
    widget.get_by_role("button", name="Yes, reset").click()
    widget.get_by_role("button", name="Reset").click()
    expect(widget.get_by_role("button", name="Yes, reset")).to_have_count(0)


# ------------------------------------------------------------------------------ 6. a stricter step 4


def test_step4_print_inside_the_if_fails_with_its_message(page: Page, site_url: str):
    open_page(page, site_url)
    skip_to_step(step(page, 4), 4)
    code, expected = split_mistake((STEPS_DIR / "step4" / "print_inside_if.py").read_text())
    type_step(page, 4, code)
    step(page, 4).get_by_role("button", name="Check", exact=True).click()
    expect(feedback(page, 4)).to_contain_text("print(model_info) is inside the if", timeout=CHECK_TIMEOUT)
    for line in expected:
        expect(feedback(page, 4)).to_contain_text(line)
    expect(step(page, 4)).not_to_have_attribute("data-state", "passed")


# ------------------------------------------------------------------------------ 7. running and Stop texts


def test_a_long_run_says_so_and_stop_speaks_plainly(page: Page, site_url: str):
    page.clock.install()  # the page's timers, moved on by the test (runner.js: STILL_RUNNING_MS, 3 s)
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    type_code(page, widget, "while True:\n    pass\n")
    pause_page_clock(page)  # "Running…" stays until the test moves the clock on
    widget.get_by_role("button", name="Run", exact=True).click()
    expect(status(widget)).to_have_text("Running…", timeout=PYTHON_READY_MS)
    # the program has started (runner.js counts "still running" from the worker's "started", not
    # from the click, which already says "Running…" while Python loads)
    expect(widget).to_have_attribute("data-state", "running", timeout=PYTHON_READY_MS)
    expect(output(widget)).not_to_have_attribute("data-placeholder", "The program printed nothing.")
    page.clock.fast_forward(3_000)
    expect(status(widget)).to_have_text("Still running… Press Stop to end it.")
    page.clock.resume()
    widget.get_by_role("button", name="Stop").click()
    expect(widget).to_have_attribute("data-state", "stopped", timeout=PYTHON_READY_MS)  # after the restart
    expect(status(widget)).to_have_text(re.compile(r"^Stopped\. .*your code is kept", re.I))
    expect(status(widget)).not_to_contain_text("interrupt")
    expect(editor(widget)).to_contain_text("while True:")


# ------------------------------------------------------------------------------ 8. Expected output panel


def a_printed_line(snippet) -> str:
    """A line the program really prints (run as the browser runs it) that its code does not contain."""
    program = program_of(snippet)
    stdout = run_like_the_browser(program, snippet.name)[0]
    return next(line for line in stdout.splitlines() if line.strip() and line.strip() not in program)


@pytest.mark.parametrize(
    ("path", "snippet", "beside"),
    [
        ("", SNIPPETS / "index" / "model_info.py", True),
        # wider than half the widget: below the Output, so no column is cut off
        ("concepts/", SNIPPETS / "concepts" / "drift_policies.py", False),
    ],
    ids=["model_info", "drift_policies"],
)
def test_expected_output_sits_beside_the_output(page: Page, site_url: str, path, snippet, beside):
    filename, shown = snippet.name, a_printed_line(snippet)
    page.goto(site_url + path)
    widget = runnable(page, filename)
    expect(editor(widget)).not_to_contain_text("#>")
    expect(editor(widget)).not_to_contain_text("'''")
    expect(editor(widget)).not_to_contain_text(shown)
    panel = widget.get_by_role("group", name="Expected output")
    expect(panel).to_contain_text(shown)
    run(widget)
    assert output(widget).inner_text().strip() == panel.locator("pre").inner_text().strip()
    out_box, panel_box = output(widget).bounding_box(), panel.bounding_box()
    if beside:
        assert abs(out_box["y"] - panel_box["y"]) < 40 and panel_box["x"] > out_box["x"], "side by side at 1280 px"
    else:
        assert panel_box["y"] >= out_box["y"] + out_box["height"] - 1, "stacked at 1280 px"


# ------------------------------------------------------------------------------ 9. Practice: a second try


def test_practice_first_wrong_pick_gets_a_second_try(page: Page, site_url: str):
    practice(page, site_url)
    q2 = question(page, Q2)
    q2.get_by_role("radio", name="0 24 * * * python retrain.py").check()
    q2.get_by_role("button", name="Check answer").click()
    status_ = q2.get_by_role("status")
    expect(status_).to_contain_text("Not quite.")
    expect(status_).to_contain_text("there is no hour 24")
    expect(status_).to_contain_text("Try another answer")
    expect(status_).not_to_contain_text("right answer")
    expect(q2.locator("details.kmf-q__solution")).not_to_have_attribute("open", "")
    page.reload()  # the second try survives a reload
    q2 = question(page, Q2)
    expect(q2.get_by_role("status")).to_contain_text("Try another answer")
    wrong = q2.locator(".kmf-q__input").nth(2)
    wrong.check()
    q2.get_by_role("button", name="Check answer").click()
    expect(q2.get_by_role("status")).to_contain_text("the right answer is A")
    expect(q2.locator("details.kmf-q__solution")).to_have_attribute("open", "")


# ------------------------------------------------------------------------------ 10. smaller ones


def test_unavailable_stop_keeps_its_resting_look_under_the_pointer(page: Page, site_url: str):
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    stop = widget.get_by_role("button", name="Stop")
    expect(stop).to_be_disabled()
    resting = stop.evaluate("b => getComputedStyle(b).backgroundColor")
    stop.hover()
    assert stop.evaluate("b => getComputedStyle(b).backgroundColor") == resting


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_solution_code_is_readable_on_a_phone(page: Page, site_url: str, scheme):
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    open_page(page, site_url)
    first = step(page, 1)
    first.get_by_role("button", name="Show solution").click()
    first.get_by_role("button", name="Yes, show it").click()
    code = first.locator("details.kmf-solution pre code").first
    expect(code).to_be_visible()
    # Material's copy button (Material 9.7: a button in the block's .md-code__nav; .md-clipboard before)
    expect(
        first.locator("details.kmf-solution pre").first.get_by_role("button", name="Copy to clipboard")
    ).to_have_count(1)
    assert code.evaluate("c => parseFloat(getComputedStyle(c).fontSize)") >= 13
    # at the start and scrolled to its end, no character lies under the copy button
    for where in ("0", "c.scrollWidth"):
        covered = code.evaluate(
            """(c) => { const copy = c.closest('pre').querySelector('[data-md-type="copy"], .md-clipboard');
                      if (!copy) return -1;  // no copy button: not "nothing covered"
                      c.scrollLeft = WHERE;
                      const b = copy.getBoundingClientRect();
                      const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
                      let hits = 0;
                      while (walker.nextNode()) {
                        const t = walker.currentNode;
                        for (let i = 0; i < t.length; i++) {
                          if (!t.data[i].trim()) continue;
                          const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1);
                          const x = r.getBoundingClientRect();
                          if (x.right > b.left && x.left < b.right && x.bottom > b.top && x.top < b.bottom) hits++;
                        }
                      }
                      return hits; }""".replace("WHERE", where)
        )
        assert covered != -1, "the solution's code block has no copy button"
        assert covered == 0, f"the copy button covers {covered} characters (scrollLeft = {where})"


def test_skipping_ahead_says_a_step_was_skipped(page: Page, site_url: str):
    open_page(page, site_url)
    bar = page.get_by_role("progressbar", name="Steps completed")
    skip_to_step(step(page, 2), 2)
    expect(bar).to_contain_text(re.compile(r"0 / \d+ steps \(skipped: step 1"))  # the count is the page's
    expect(bar).to_have_attribute("aria-valuetext", re.compile("skipped: step 1"))
    page.reload()
    expect(page.get_by_role("progressbar", name="Steps completed")).to_contain_text("skipped: step 1")
