"""A reader runs, edits, stops and resets the examples on the home page, in Chromium."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from content import SNIPPETS, golden, run_like_the_browser
from runnable import PYTHON_READY_MS, editor, output, python_ready, run, runnable, state, status, type_code

MODEL_INFO = SNIPPETS / "index" / "model_info.py"
HOME_ERROR = SNIPPETS / "index" / "metrics_text.py"  # the home page's failing example (a TypeError; issue 8)


def expected_stdout(path):
    return run_like_the_browser(path.read_text(), path.name)[0]


@pytest.fixture
def home(page, site_url):
    page.goto(site_url)
    return page


def test_run_shows_the_snippets_real_output(home):
    widget = runnable(home, "model_info.py")
    run(widget)
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))
    expect(status(widget)).to_have_text(re.compile(r"Finished in \d"))


def test_edit_run_and_reset(home):
    widget = runnable(home, "model_info.py")
    original = MODEL_INFO.read_text()
    edited = original.replace("+= 1", "+= 5").replace("0.85", "0.9")
    type_code(home, widget, edited)
    run(widget)
    expect(output(widget)).to_have_text(run_like_the_browser(edited, "model_info.py")[0])
    widget.get_by_role("button", name="Reset").click()
    widget.get_by_role("button", name="Yes, reset").click()  # the code was changed: Reset asks first
    program = "\n".join(line for line in original.splitlines() if not line.startswith("#>"))  # #>: Expected output
    expect(editor(widget)).to_have_text(program.replace("\n", ""))
    run(widget)
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))


def test_name_error_shows_the_golden_traceback(home):
    widget = runnable(home, HOME_ERROR.name)
    run(widget)
    expect(output(widget)).to_have_text(golden(HOME_ERROR).read_text())
    expect(status(widget)).to_contain_text("error")


def test_stdout_and_stderr_stream_in_order(home):
    widget = runnable(home, "model_info.py")
    code = "import sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')\n1/0\n"
    type_code(home, widget, code)
    run(widget)
    expect(output(widget)).to_have_text(run_like_the_browser(code, "model_info.py")[1])
    expect(output(widget).locator(".kmf-stderr").first).to_have_text("two\n")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("name = input('Your name? ')\n", "input() cannot read from the keyboard"),
        ("import sklearn\n", "standard library and retrain_lab only; 'sklearn' is not available"),
        ("if True\n    print('x')\n", "SyntaxError"),
    ],
    ids=["input", "missing-module", "syntax-error"],
)
def test_clear_messages_for_bad_input(home, code, message):
    widget = runnable(home, "model_info.py")
    type_code(home, widget, code)
    run(widget)
    expect(output(widget)).to_have_text(run_like_the_browser(code, "model_info.py")[1])
    expect(output(widget)).to_contain_text(message)


def test_printed_html_stays_text(home):
    widget = runnable(home, "model_info.py")
    dialogs = []
    home.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    type_code(home, widget, "print('<img src=x onerror=alert(1)>')\nprint('<b>bold</b>')\n")
    run(widget)
    expect(output(widget)).to_have_text("<img src=x onerror=alert(1)>\n<b>bold</b>\n")
    assert output(widget).locator("img, b").count() == 0
    assert home.locator("article img[src='x']").count() == 0
    assert not dialogs


def test_huge_output_is_capped_with_a_notice(home):
    widget = runnable(home, "model_info.py")
    type_code(home, widget, "for i in range(200_000):\n    print(i)\n")
    run(widget)
    expect(output(widget)).to_contain_text("Output limit reached")
    text = output(widget).inner_text()
    assert text.startswith("0\n1\n2\n")
    assert text.count("\n") <= 1005
    run(runnable(home, "model_info.py"))  # the widget is usable again at once


def wait_until_ready(page, widget):
    run(widget)  # the first run also waits for Python to be ready
    expect(output(widget)).not_to_be_empty()


def assert_responsive(page):
    started = time.monotonic()
    assert page.evaluate("1 + 1") == 2
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("hosting", ["plain", "isolated"])
@pytest.mark.parametrize(
    ("program", "how"),
    [
        ("while True:\n    pass\n", {"plain": "restarted", "isolated": "interrupted"}),
        ("import time\ntime.sleep(60)\n", {"plain": "restarted", "isolated": "restarted"}),
    ],
    ids=["busy-loop", "sleep"],
)
@pytest.mark.parametrize("trigger", ["stop-button", "time-limit"])
def test_stop_and_time_limit(request, page, site_url, hosting, program, how, trigger):
    if hosting == "isolated":
        request.getfixturevalue("isolated")
    page.goto(site_url)
    assert page.evaluate("crossOriginIsolated") is (hosting == "isolated")
    widget = runnable(page, "model_info.py")
    wait_until_ready(page, widget)
    if trigger == "time-limit":
        widget.evaluate("element => element.dataset.timeout = '2'")  # the per-block override
    type_code(page, widget, program)
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")  # the worker has started the program
    if trigger == "stop-button":
        assert_responsive(page)
        widget.get_by_role("button", name="Stop").click()
        expected = "Stopped. "
    else:
        assert_responsive(page)
        expected = "Stopped after 2 s, the time limit. "
    expect(widget.get_by_role("button", name="Run", exact=True)).to_be_enabled(timeout=15_000)
    text = status(widget).inner_text()
    assert text.startswith(expected), text
    assert ("restarted" in text) == (how[hosting] == "restarted"), text
    assert_responsive(page)
    widget.get_by_role("button", name="Reset").click()
    widget.get_by_role("button", name="Yes, reset").click()
    run(widget)
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))


def test_instant_navigation_keeps_python(page, site_url):
    wasm = []
    page.on("request", lambda request: wasm.append(request.url) if request.url.endswith(".wasm") else None)
    page.goto(site_url)
    run(runnable(page, "model_info.py"))
    python_ready(page, workers=2)  # the standby worker has booted too
    before = list(wasm)
    page.evaluate("window.__kmfMarker = 'still here'")
    page.get_by_role("link", name="Practice").first.click()
    page.wait_for_url("**/practice/")
    page.get_by_role("link", name="Choose your learning style").first.click()
    page.wait_for_url(site_url)
    widget = runnable(page, "model_info.py")
    run(widget)
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))
    assert page.evaluate("window.__kmfMarker") == "still here", "the navigation reloaded the page"
    assert wasm == before, "Pyodide was downloaded again after an instant navigation"
    assert 1 <= len(before) <= 2, before  # the active worker and, without isolation, its standby


def test_keyboard_tab_indents_and_escape_leaves(home):
    widget = runnable(home, "model_info.py")
    editor(widget).click()
    home.keyboard.press("Control+a")
    home.keyboard.press("Delete")
    home.keyboard.press("Tab")
    home.keyboard.insert_text("pass")
    expect(editor(widget)).to_have_text("    pass")
    home.keyboard.press("Escape")
    expect(widget.get_by_role("button", name="Run", exact=True)).to_be_focused()
    home.keyboard.press("Enter")
    expect(status(widget)).to_have_text(re.compile("Finished"), timeout=PYTHON_READY_MS)


def test_ctrl_enter_runs(home):
    widget = runnable(home, "model_info.py")
    editor(widget).click()
    home.keyboard.press("Control+Enter")
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO), timeout=PYTHON_READY_MS)


def test_without_javascript_the_code_is_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    code = page.locator("div.highlight.run code").first
    expect(code).to_contain_text("model_info = {'version': 1, 'accuracy': 0.75}")
    expect(page.get_by_role("button", name="Run")).to_have_count(0)
    context.close()


def test_a_failed_download_says_so_and_the_next_run_retries(browser, site_url):
    # Playwright's routes do not see what a service worker fetches: this test fails the download
    # itself, so it runs without the offline service worker (tests/e2e/test_offline.py covers that).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        page.route("**/pyodide/pyodide.asm.wasm", lambda route: route.abort())
        page.goto(site_url)
        widget = runnable(page, "model_info.py")
        run(widget)
        expect(status(widget)).to_contain_text("Python could not be loaded")
        expect(status(widget)).to_contain_text("press Run to try again")
        page.unroute("**/pyodide/pyodide.asm.wasm")
        run(widget)
        expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))
    finally:
        context.close()


def test_leaving_a_page_stops_its_program(page, site_url):
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    wait_until_ready(page, widget)
    type_code(page, widget, "while True:\n    pass\n")
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")
    page.get_by_role("link", name="Read the concepts").first.click()  # instant navigation
    page.wait_for_url("**/concepts/")
    example = runnable(page, "drift_policies.py")
    example.get_by_role("button", name="Run", exact=True).click()
    expect(status(example)).to_contain_text("Finished", timeout=5_000)  # not queued behind the loop


def test_stop_on_a_waiting_example_stops_only_that_one(page, site_url):
    page.goto(site_url)
    first = runnable(page, "model_info.py")
    wait_until_ready(page, first)
    second = runnable(page, HOME_ERROR.name)
    type_code(page, first, "while True:\n    pass\n")
    first.get_by_role("button", name="Run", exact=True).click()
    state(first, "running")
    second.get_by_role("button", name="Run", exact=True).click()  # waits for the first to finish
    state(second, "queued")
    second.get_by_role("button", name="Stop").click()
    expect(status(second)).to_have_text("Stopped before it started.")
    state(second, "stopped")
    state(first, "running")  # the other program was not touched
    first.get_by_role("button", name="Stop").click()
    expect(status(first)).to_contain_text("Stopped")
