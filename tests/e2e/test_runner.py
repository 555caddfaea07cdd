"""A reader runs, edits, stops and resets the examples on the home page, in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from content import SNIPPETS, golden, run_like_the_browser
from runnable import (
    PYTHON_READY_MS,
    SNAPSHOT_CACHE,
    click_into,
    editor,
    hold,
    output,
    pause_page_clock,
    run,
    runnable,
    state,
    status,
    type_code,
    wait_for_held,
)

MODEL_INFO = SNIPPETS / "index" / "model_info.py"
HOME_ERROR = SNIPPETS / "index" / "metrics_text.py"  # the home page's failing example (a TypeError)


def expected_stdout(path):
    return run_like_the_browser(path.read_text(), path.name)[0]


@pytest.fixture
def new_context(browser, site_url):
    """Make browser contexts without the offline service worker: Playwright's routes and Chromium's
    network emulation do not see what a service worker fetches (tests/e2e/test_offline.py covers it)."""
    made = []

    def make(isolated: bool = False, **options):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block", **options)
        if isolated:
            context.add_cookies([{"name": "kmf-isolated", "value": "1", "url": site_url}])
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


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


LIMIT_LINES = 1000
LIMIT_BYTES = 100_000  # "100 KB": bytes of UTF-8 (README, "The browser runtime")


def capped(stdout: str) -> str:
    """What the Output area may show of ``stdout``: its first 1,000 lines (a 1,001st line, even
    without its newline, is cut), then at most 100,000 bytes of UTF-8, whole characters only."""
    end = -1
    for _ in range(LIMIT_LINES):
        end = stdout.find("\n", end + 1)
        if end < 0:
            break
    head = stdout if end < 0 else stdout[: end + 1]
    return head.encode()[:LIMIT_BYTES].decode("utf-8", "ignore")


CAPPED = {
    # one write per line: the 1,000th line ends a chunk exactly, the next chunk must not pass
    "flush-every-line": "for i in range(20_000):\n    print(i, flush=True)\n",
    # Python's buffer: many lines per chunk, the limit falls inside one
    "buffered": "for i in range(20_000):\n    print(i)\n",
    "one-huge-chunk": "print('\\n'.join(str(i) for i in range(5000)), flush=True)\n",
    # exactly 1,000 lines, then a line without its newline: that would be line 1,001
    "partial-line-1001": "for i in range(1000):\n    print(i, flush=True)\nprint('more', end='', flush=True)\n",
    # one line longer than the byte limit
    "one-long-line": "print('x' * 250_000, flush=True)\n",
    # two bytes a character: 60,000 characters are 120,000 bytes (counting UTF-16 units showed all)
    "two-byte-characters": "print('é' * 60_000, flush=True)\n",
    # four bytes (a surrogate pair) a character, the limit 3 bytes into one: never half an emoji
    "emoji-across-the-limit": "print('x' + '\\N{GRINNING FACE}' * 30_000, flush=True)\n",
}


def test_huge_output_is_capped_exactly_with_a_notice(home):
    """Each way a program can overflow the Output area, one after another in the same widget (a
    reader's runs on one page: one Python for all of them)."""
    widget = runnable(home, "model_info.py")
    for case, code in CAPPED.items():
        shown = capped(run_like_the_browser(code, "model_info.py")[0])
        type_code(home, widget, code)
        run(widget)
        expect(output(widget).locator(".kmf-notice")).to_contain_text("Output limit reached")
        assert output(widget).locator(".kmf-stdout").all_text_contents() == [shown], case
        # the Output is scrolled to its end: the notice is what the reader sees
        assert output(widget).evaluate("out => out.scrollTop + out.clientHeight >= out.scrollHeight - 1"), case
    reset(widget)
    run(widget)  # the widget is usable again at once
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))
    # and exactly the limit is shown whole, without a notice
    exactly = "for i in range(1000):\n    print(i, flush=True)\n"
    type_code(home, widget, exactly)
    run(widget)
    expect(status(widget)).to_have_text(re.compile(r"Finished in \d"))
    expect(output(widget)).to_have_text(run_like_the_browser(exactly, "model_info.py")[0])  # all of it
    expect(output(widget).locator(".kmf-notice")).to_have_count(0)


def reset(widget):
    widget.get_by_role("button", name="Reset").click()
    widget.get_by_role("button", name="Yes, reset").click()  # the code was changed: Reset asks first


def wait_until_ready(page, widget):
    run(widget)  # the first run also waits for Python to be ready
    expect(output(widget)).not_to_be_empty()


def assert_responsive(widget):
    """The page runs a task of its own while Python runs a program that cannot end by itself (its
    time limit is not reached until the test moves the page's clock): Python is in a worker, not
    on the page's thread. No wall clock: a loaded machine may take a second to answer, and that is
    not what this asks."""
    state = "el => new Promise((done) => setTimeout(() => done(el.dataset.state), 0))"
    assert widget.evaluate(state) == "running"


STOPPABLE = {  # how Python ends each program when it is stopped, by hosting
    "busy-loop": ("while True:\n    pass\n", {"plain": "restarted", "isolated": "interrupted"}),
    "sleep": ("import time\ntime.sleep(60)\n", {"plain": "restarted", "isolated": "restarted"}),
}


@pytest.mark.parametrize("hosting", ["plain", "isolated"])
def test_stop_and_time_limit(request, page, site_url, hosting):
    """A reader stops a busy loop and a long sleep with Stop, then lets the time limit stop each,
    one after another on one page; after each, Python runs the example again. The limit is the
    page's own for this block (10 s, no data-timeout); the page's clock jumps past it."""
    if hosting == "isolated":
        request.getfixturevalue("isolated")
    page.clock.install()  # Playwright's clock for the page's timers, running at real speed
    page.goto(site_url)
    assert page.evaluate("crossOriginIsolated") is (hosting == "isolated")
    widget = runnable(page, "model_info.py")
    wait_until_ready(page, widget)
    limit = int(widget.evaluate("element => element.dataset.timeout"))  # from the page's markup
    # the fence has no data-timeout: the site's time limit (the kmf plugin's time_limit), as the page says it
    assert limit == int(page.locator('meta[name="kmf-time-limit"]').get_attribute("content")) > 0
    for trigger in ("stop-button", "time-limit"):
        for case, (program, how) in STOPPABLE.items():
            what = f"{trigger} {case} {hosting}"
            type_code(page, widget, program)
            widget.get_by_role("button", name="Run", exact=True).click()
            state(widget, "running")  # the worker has started the program
            assert_responsive(widget)
            if how[hosting] == "interrupted":
                # The page's clock stands still until the program has stopped: the interrupt is
                # given all the time it takes (the restart after INTERRUPT_GRACE_MS never comes),
                # so a loaded machine cannot turn an interrupt into a restart.
                pause_page_clock(page)
            if trigger == "stop-button":
                widget.get_by_role("button", name="Stop").click()
                expected = "Stopped. "
            else:
                page.clock.fast_forward((limit + 1) * 1000)  # fires the limit (once), not the grace after it
                expected = f"Stopped after {limit} s, the time limit. "
            expect(widget.get_by_role("button", name="Run", exact=True)).to_be_enabled(timeout=PYTHON_READY_MS)
            page.clock.resume()
            text = status(widget).inner_text()
            assert text.startswith(expected), (what, text)
            assert ("restarted" in text) == (how[hosting] == "restarted"), (what, text)
            reset(widget)
            run(widget)
            expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))


def test_instant_navigation_keeps_python(page, site_url):
    wasm = []
    page.on("request", lambda request: wasm.append(request.url) if ".wasm" in request.url else None)
    page.goto(site_url)
    run(runnable(page, "model_info.py"))
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
    assert len(before) == 1, before  # one interpreter per tab: no standby downloads it again


def test_keyboard_tab_indents_and_escape_leaves(home):
    widget = runnable(home, "model_info.py")
    click_into(editor(widget))
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
    click_into(editor(widget))
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


WASM = "**/pyodide/pyodide.asm.wasm*"  # and its .gz copy


def fail_the_download_then_retry(page, site_url):
    """Python's WebAssembly cannot be downloaded: the reader is told, and the next Run works."""
    page.route(WASM, lambda route: route.abort())
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    run(widget)
    expect(status(widget)).to_contain_text("Python could not be loaded")
    expect(status(widget)).to_contain_text("press Run to try again")
    page.unroute(WASM)
    run(widget)
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))


def test_a_failed_download_says_so_and_the_next_run_retries(new_context, site_url):
    # Playwright's routes do not see what a service worker fetches: this test fails the download
    # itself, so it runs without the offline service worker (tests/e2e/test_offline.py covers that).
    fail_the_download_then_retry(new_context().new_page(), site_url)


def test_a_failed_download_says_so_when_the_snapshot_is_kept_too(new_context, site_url):
    # A returning visitor boots from the snapshot this browser kept, and compiles the wasm while
    # it reads it: a wasm that cannot be downloaded is still reported, and the next Run retries.
    context = new_context()
    first = context.new_page()
    first.goto(site_url)
    run(runnable(first, "model_info.py"))
    first.wait_for_function("performance.getEntriesByName('kmf:snapshot-kept').length > 0")
    first.close()
    page = context.new_page()
    fail_the_download_then_retry(page, site_url)
    assert page.evaluate(READY_DETAIL)["how"] == "cached"


def test_leaving_a_page_stops_its_program(page, site_url):
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    wait_until_ready(page, widget)
    # A time limit far beyond this test's waits: only leaving the page can end the loop in time.
    widget.evaluate("element => { element.dataset.timeout = '600'; }")
    type_code(page, widget, "while True:\n    pass\n")
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")
    page.get_by_role("link", name="Read the concepts").first.click()  # instant navigation
    page.wait_for_url("**/concepts/")
    example = runnable(page, "drift_policies.py")
    example.get_by_role("button", name="Run", exact=True).click()
    # Stopped when the reader left (no isolation: the worker is replaced), not queued behind the
    # loop until its time limit: the example runs on a new interpreter (and, on a busy machine, a
    # standby may boot once it has run 100 ms).
    expect(status(example)).to_contain_text("Finished", timeout=PYTHON_READY_MS)
    assert page.evaluate("performance.getEntriesByName('kmf:python-ready').length") >= 2


def test_back_forward_and_reload_during_a_run(page, site_url):
    """The reader leaves a running loop with the browser's Back, Forward and Reload: each time, the
    page they land on runs its example at once (not queued behind the loop until its time limit)."""
    concepts_program = SNIPPETS / "concepts" / "drift_policies.py"

    def start_a_loop(widget):
        widget.evaluate("element => { element.dataset.timeout = '600'; }")  # only leaving can end it in time
        type_code(page, widget, "while True:\n    pass\n")
        widget.get_by_role("button", name="Run", exact=True).click()
        state(widget, "running")

    def runs_at_once(filename, path):
        widget = runnable(page, filename)
        run(widget)
        expect(output(widget)).to_have_text(expected_stdout(path))

    page.goto(site_url)
    wait_until_ready(page, runnable(page, "model_info.py"))
    page.get_by_role("link", name="Read the concepts").first.click()
    page.wait_for_url("**/concepts/")
    page.evaluate("window.kmfSamePage = true")
    start_a_loop(runnable(page, concepts_program.name))
    page.go_back()  # Material's instant navigation answers Back: the same page, Python kept
    page.wait_for_url(site_url)
    runs_at_once("model_info.py", MODEL_INFO)
    start_a_loop(runnable(page, "model_info.py"))
    page.go_forward()
    page.wait_for_url("**/concepts/")
    runs_at_once(concepts_program.name, concepts_program)
    assert page.evaluate("window.kmfSamePage") is True, "Back or Forward reloaded the page"
    start_a_loop(runnable(page, concepts_program.name))
    page.reload()  # a new page, a new worker: the loop's worker went with the old one
    state(runnable(page, concepts_program.name), "idle")
    runs_at_once(concepts_program.name, concepts_program)


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
    # Plain hosting: "Stopped" is written once Python has restarted (a boot): wait for that.
    state(first, "stopped")
    expect(status(first)).to_contain_text("Stopped")


# Stop before the worker has started the program. The page's own code posts
# the run; this init script presses Stop synchronously right after that post, so the Stop always
# reaches the worker before the program can start, whatever the machine's load.
STOP_RIGHT_AFTER_POST = """
(() => {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    post.call(this, message, ...rest);
    if (message?.type === "run" && window.__kmfStopAfterPost) {
      window.__kmfStopAfterPost = false;
      const stop = [...document.querySelectorAll(".kmf-runnable button")].find(
        (b) => b.textContent === "Stop" && b.getAttribute("aria-disabled") !== "true");
      stop.click();
    }
  };
})();
"""


@pytest.mark.parametrize("hosting", ["plain", "isolated"])
def test_stop_at_once_after_run_skips_the_program(request, page, site_url, hosting):
    if hosting == "isolated":
        request.getfixturevalue("isolated")
    page.add_init_script(STOP_RIGHT_AFTER_POST)
    page.goto(site_url)
    assert page.evaluate("crossOriginIsolated") is (hosting == "isolated")
    widget = runnable(page, "model_info.py")
    wait_until_ready(page, widget)
    type_code(page, widget, "print('started')\nwhile True:\n    pass\n")
    page.evaluate("window.__kmfStopAfterPost = true")
    widget.get_by_role("button", name="Run", exact=True).click()
    if hosting == "isolated":
        # The worker reads the interrupt buffer just before it starts a program: a Stop already
        # there skips it; one set a moment later (the worker thread can get there first on an idle
        # machine) interrupts it. Either way Python is not restarted: the bug was a Stop swallowed
        # during set-up, the loop running on, and a restart after the grace period.
        state(widget, "stopped")  # however long a busy machine takes; a restart would say so below
        text = status(widget).inner_text()
        assert "restart" not in text, text
        if text == "Stopped before it started.":
            expect(output(widget)).to_have_text("")  # the program never ran
    else:  # only "cancel" can tell it: skipped when it comes first, else Python is restarted
        expect(status(widget)).to_have_text(re.compile(r"^Stopped"), timeout=PYTHON_READY_MS)
    reset(widget)
    run(widget)
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO))
    expect(status(widget)).to_have_text(re.compile(r"Finished in \d"))


@pytest.mark.parametrize("hosting", ["plain", "isolated"])
def test_stop_during_package_loading(new_context, site_url, hosting):
    page = new_context(isolated=hosting == "isolated").new_page()
    held = hold(page, "**/retrain_lab-*.whl")  # the wheel's first download waits until the test lets it go
    page.clock.install()
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    wait_until_ready(page, widget)
    type_code(page, widget, "import retrain_lab\nprint('started')\nwhile True:\n    pass\n")
    widget.get_by_role("button", name="Run", exact=True).click()
    wait_for_held(page, held, "the retrain_lab wheel")
    # The page's clock stands still from here: the worker skips the run once it has the package,
    # however long a busy machine takes to install it, before the page's 5 s fallback (a restart
    # for a stopped run that neither starts nor ends) could fire. That fallback is not this test's.
    pause_page_clock(page)
    widget.get_by_role("button", name="Stop").click()
    held[0].continue_()
    expect(status(widget)).to_have_text("Stopped before it started.", timeout=PYTHON_READY_MS)
    expect(output(widget)).to_have_text("")
    page.clock.resume()
    type_code(page, widget, "import retrain_lab\nprint(retrain_lab.__name__)\n")
    run(widget)
    expect(output(widget)).to_have_text("retrain_lab\n")


# --- how Python starts: the build's snapshot, this browser's copy, a normal boot -----

READY_DETAIL = "performance.getEntriesByName('kmf:python-ready').at(-1).detail"
PROBE = """\
import sys, os, json, statistics
try:
    input("Your name? ")
except Exception as error:
    print(type(error).__name__, error)
print(sys.executable, sys.argv, sys.path, os.getcwd(), sys.flags.inspect, sys.flags.hash_randomization)
print(sorted(os.environ.items()))
print(json.dumps({"mean": statistics.mean([1, 2, 4])}), f"{0.1 + 0.2:.17f}", 7 ** 77 % 1000)
import retrain_lab
print(retrain_lab.__name__, sorted(sys.modules)[:3])
from js import navigator
print(type(navigator.userAgent).__name__)
print(undefined_name)
"""


def boot_and_run(page, url, code=PROBE):
    """Load `url`, run `code` in the home page's example; returns (how Python started, output).
    Waits for the page's document, not its load event: on a slow link the load event waits for
    every image and script (over 30 s at 5 Mbit/s on a busy machine), which is not what this asks."""
    page.goto(url, wait_until="domcontentloaded")
    widget = runnable(page, "model_info.py")
    type_code(page, widget, code)
    run(widget)
    page.wait_for_function(READY_DETAIL.replace(".at(-1).detail", ".length > 0"))
    return page.evaluate(READY_DETAIL)["how"], output(widget).inner_text()


READER_LOCALE = "de-DE"  # not the machine's: the reader's language reaches os.environ["LANG"]


def test_the_snapshot_boot_behaves_like_a_normal_boot(new_context, site_url):
    outputs = {}
    for how_wanted in ("snapshot", "boot"):
        context = new_context(locale=READER_LOCALE)
        if how_wanted == "boot":  # without the build's description of its snapshot: a normal boot
            context.route("**/pyodide/kmf-snapshot.json", lambda route: route.fulfill(status=404))
        how, text = boot_and_run(context.new_page(), site_url)
        assert how == how_wanted
        outputs[how] = text
        context.close()
    assert outputs["snapshot"] == outputs["boot"]
    assert "NameError: name 'undefined_name' is not defined" in outputs["boot"]
    lang = READER_LOCALE.replace("-", "_") + ".UTF-8"
    assert f"('LANG', '{lang}')" in outputs["boot"] and "('_', './this.program')" in outputs["boot"]


def test_each_boot_draws_new_random_numbers(new_context, site_url):
    draws = []
    for _ in range(2):  # two readers (or two boots) restoring the same snapshot
        context = new_context()
        how, text = boot_and_run(context.new_page(), site_url, "import random\nprint(random.random())\n")
        assert how == "snapshot"
        draws.append(text)
        context.close()
    assert draws[0] != draws[1]


def test_a_returning_visitor_boots_from_the_snapshot_this_browser_kept(context, site_url):
    first = context.new_page()
    how, _ = boot_and_run(first, site_url, "print('first visit')\n")
    assert how == "snapshot"
    first.wait_for_function("performance.getEntriesByName('kmf:snapshot-kept').length > 0")
    first.close()
    again = context.new_page()
    requests = []
    again.on("request", lambda request: requests.append(request.url))
    how, text = boot_and_run(again, site_url, MODEL_INFO.read_text())
    assert how == "cached"
    assert text == expected_stdout(MODEL_INFO)
    assert not [url for url in requests if "kmf-snapshot-" in url], "the snapshot was downloaded again"


def test_a_damaged_snapshot_falls_back_to_a_normal_boot(new_context, site_url):
    context = new_context()
    context.route("**/pyodide/kmf-snapshot-*.bin.zst", lambda route: route.fulfill(body=b"\x28\xb5\x2f\xfd not one"))
    how, text = boot_and_run(context.new_page(), site_url, MODEL_INFO.read_text())
    assert how == "boot"
    assert text == expected_stdout(MODEL_INFO)


def test_a_stale_snapshot_in_this_browser_is_dropped(context, site_url):
    page = context.new_page()
    boot_and_run(page, site_url, "print(1)\n")
    page.wait_for_function("performance.getEntriesByName('kmf:snapshot-kept').length > 0")
    page.evaluate(
        """async (name) => {  // another build's snapshot under this build's key
      const cache = await caches.open(name);
      const [key] = await cache.keys();
      const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
      bytes.fill(7, 0, 64);
      await cache.put(key, new Response(bytes));
    }""",
        SNAPSHOT_CACHE,
    )
    page.close()
    how, text = boot_and_run(context.new_page(), site_url, MODEL_INFO.read_text())
    assert how == "snapshot"  # the damaged copy was dropped; the build's snapshot was used
    assert text == expected_stdout(MODEL_INFO)


def test_a_slow_link_boots_normally_without_downloading_the_snapshot(new_context, site_url):
    context = new_context()
    page = context.new_page()
    requests, fetched = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfinished", lambda request: fetched.append(request.url))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    # 5 Mbit/s: the build's 2.7 MB snapshot would take 1.6 s longer than the 1.6 MB standard library a
    # normal boot downloads instead, more than it saves (worker_boot.mjs: SNAPSHOT_BUDGET_MS): its first
    # part shows that, the download is cancelled, and Python boots normally. (make bench: 10 Mbit/s.)
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": 5e6 / 8, "uploadThroughput": 5e6 / 8},
    )
    how, text = boot_and_run(page, site_url)  # a boot that takes its own snapshot works as usual
    assert how == "boot"
    assert "\nretrain_lab ['" in text and "\nstr\n" in text, text
    assert text.endswith("NameError: name 'undefined_name' is not defined\n"), text
    # A standby (booted when the probe ran past 100 ms, as on a busy machine) may look for the
    # snapshot in the HTTP cache (only-if-cached: a request that fails), never download it.
    assert not [url for url in fetched if "kmf-snapshot-" in url]
    assert len([url for url in requests if "pyodide.asm.wasm" in url]) == 1


def test_a_restart_after_stop_boots_from_the_kept_snapshot(page, site_url):
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    wait_until_ready(page, widget)
    page.wait_for_function("performance.getEntriesByName('kmf:snapshot-kept').length > 0")
    stop_a_loop_and_restart_from_the_kept_snapshot(page, widget)


def stop_a_loop_and_restart_from_the_kept_snapshot(page, widget) -> None:
    """Plain hosting: Stop ends the worker; the second interpreter boots from this browser's copy."""
    type_code(page, widget, "while True:\n    pass\n")
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")
    widget.get_by_role("button", name="Stop").click()
    expect(status(widget)).to_contain_text("restarted", timeout=PYTHON_READY_MS)
    assert page.evaluate("performance.getEntriesByName('kmf:python-ready').length") == 2
    assert page.evaluate(READY_DETAIL)["how"] == "cached"


def test_the_snapshot_is_kept_once_a_run_is_done(page, site_url):
    # Not only 1.5 s after "ready": once a run is over (and no other follows within 50 ms), so a
    # program stopped just after the first run (a standby or a restart boots then) finds it there.
    # Python cannot be ready before the reader has pressed Run (its wasm is held until then): the
    # run follows "ready" at once, well inside the 1.5 s after which the snapshot is kept anyway,
    # whenever the test process gets to press Run on a busy machine.
    held = hold(page, WASM)
    page.goto(site_url)
    widget = runnable(page, "model_info.py")
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "queued")
    wait_for_held(page, held, "Python's wasm")
    held[0].continue_()
    expect(output(widget)).to_have_text(expected_stdout(MODEL_INFO), timeout=PYTHON_READY_MS)
    # Written before the next Stop: a Stop on plain hosting ends the worker, and a write it has in
    # hand with it (the restart then boots from the build's snapshot; fine for a reader, not here).
    page.wait_for_function("performance.getEntriesByName('kmf:snapshot-kept').length > 0", timeout=30_000)
    kept = page.evaluate("performance.getEntriesByName('kmf:snapshot-kept')[0].detail")
    assert kept["after"] == "run", f"kept by the timer after 'ready', not after the first run: {kept}"
    stop_a_loop_and_restart_from_the_kept_snapshot(page, widget)


def test_the_snapshot_records_the_hashes_of_the_files_it_was_made_from(site_url):
    import hashlib
    import json
    from urllib.request import urlopen

    info = json.loads(urlopen(site_url + "pyodide/kmf-snapshot.json").read())
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip", "pyodide.mjs"):
        assert hashlib.sha256(urlopen(site_url + "pyodide/" + name).read()).hexdigest() == info["inputs"][name]
    assert info["id"] in info["file"]
    assert len(urlopen(site_url + "pyodide/" + info["file"]).read()) == info["packedBytes"]
