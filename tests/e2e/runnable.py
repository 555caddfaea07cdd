"""How a reader's actions on a runnable example look from Playwright (roles and names only)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

PYTHON_READY_MS = 60_000
# store.js keeps a site's progress under "kmf@<namespace>:v1:<key>"; without a kmf-namespace meta
# tag the namespace is the site's root path, and the suite serves its site at the domain's root.
STORE = "kmf@/:v1:"
STORE_CHECKED = "kmf@/:legacy-checked"  # not progress: the site has looked for keys from before namespaces
# The Cache Storage caches the namespace names: the service worker's, one per build (sw.js), and
# the one holding Python's snapshot (worker.mjs)
SITE_CACHE = "kmf-site@/:"
SNAPSHOT_CACHE = "kmf-python-snapshot@/"
SAVED = "key => JSON.parse(localStorage.getItem(key))"  # page.evaluate(SAVED, STORE + key)
PYTHON_READY = "n => performance.getEntriesByName('kmf:python-ready').length >= n"  # one mark per worker


def runnable(page: Page, filename: str) -> Locator:
    """The runnable widget whose editor is named 'Python code: <filename>'.

    Blocks become editors when they scroll into view, so scroll there first, as a reader does, and
    until its editor is there: right after an instant navigation the page can still move on its
    own (Material puts the new page at its top after swapping it in), scrolling the block out of
    view again before the widgets' observer saw it.
    """
    block = (
        page.locator("div.highlight.run")
        .filter(has=page.locator(".filename", has_text=re.compile(f"^{re.escape(filename)}$")))
        .first
    )
    widget = page.locator(".kmf-runnable").filter(has=page.get_by_role("textbox", name=f"Python code: {filename}"))
    for _ in range(6):
        block.evaluate("block => (block.closest('.kmf-runnable') ?? block).scrollIntoView({block: 'center'})")
        try:
            widget.first.wait_for(state="attached", timeout=5_000)
            break
        except PlaywrightTimeoutError:
            continue
    return widget


def editor(widget: Locator) -> Locator:
    """The widget's code, by its role and name: its editor, or the highlighted code standing in for
    it until the reader acts on it (dom.js standIn)."""
    return widget.get_by_role("textbox", name=re.compile("Python code"))


# Resolves once no editor is on its way to the widget of `box` (its data-editor: "coming", then
# "made"): one being made already (Skip, a solution, a shared link) would replace the code a click
# is aimed at under the click.
NO_EDITOR_COMING = """box => new Promise((done) => {
  const check = () => (box.closest('[data-editor="coming"]') ? setTimeout(check, 20) : done());
  check();
})"""


def click_into(box: Locator) -> None:
    """Click a widget's code (a locator by its textbox role) to edit it, as a reader does: the
    editor is made then, if it was not there, and has the focus; then the locator is the editor."""
    box.evaluate(NO_EDITOR_COMING)
    box.click()
    expect(box).to_have_class(re.compile(r"\bcm-content\b"))
    expect(box).to_be_focused()


def skip_to_step(step: Locator, n: int) -> None:
    """Press a locked step's "Skip to step n": the step opens from the reference solution before it,
    and its editor, made then, has the focus."""
    step.get_by_role("button", name=f"Skip to step {n}").click()
    expect(step.locator(".cm-content")).to_be_focused()


def focus_into(box: Locator) -> None:
    """Move the keyboard's focus to a widget's code, as Tab does: the editor is made then, if it
    was not there, and takes the focus; then the locator is the editor."""
    box.evaluate(NO_EDITOR_COMING)
    box.focus()
    expect(box).to_have_class(re.compile(r"\bcm-content\b"))
    expect(box).to_be_focused()


# The code a widget shows, line by line: its editor's, or that of the code standing in for it
SHOWN_CODE = """box => box.classList.contains('cm-content')
  ? [...box.querySelectorAll('.cm-line')].map((line) => line.textContent).join('\\n')
  : box.textContent.replace(/\\n$/, '')"""


def expect_code(box: Locator, code: str, timeout: float = 5.0) -> None:
    """`box` (a widget's code by its textbox role) shows `code`, line by line, within `timeout` s."""
    want = code.rstrip("\n")
    deadline = time.monotonic() + timeout
    while (shown := box.evaluate(SHOWN_CODE)) != want and time.monotonic() < deadline:
        time.sleep(0.05)
    assert shown == want


def open_editor(widget: Locator) -> Locator:
    """Click the widget's code, as a reader does to edit it: the editor, made then, has the focus."""
    click_into(editor(widget))
    return editor(widget)


def output(widget: Locator) -> Locator:
    return widget.get_by_role("log", name="Output")


def status(widget: Locator) -> Locator:
    return widget.get_by_role("status")


def run(widget: Locator, timeout: float = PYTHON_READY_MS) -> None:
    widget.get_by_role("button", name="Run", exact=True).click()
    expect(widget.get_by_role("button", name="Run", exact=True)).to_be_enabled(timeout=timeout)


def type_code(page: Page, widget: Locator, code: str) -> None:
    """Replace the editor's text the way a person does: select all, then type it in."""
    open_editor(widget)
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)
    expect(editor(widget)).to_have_text(code.replace("\n", ""))


def state(widget: Locator, value: str, timeout: float = PYTHON_READY_MS) -> None:
    """Wait until the widget's data-state is ``value`` (runner.js: idle, queued, running once the
    worker has said "started", stopping, done, stopped, error)."""
    expect(widget).to_have_attribute("data-state", value, timeout=timeout)


def python_ready(page: Page, workers: int = 1, timeout: float = PYTHON_READY_MS) -> None:
    """Wait until ``workers`` Python workers have booted (the kmf:python-ready performance mark)."""
    page.wait_for_function(PYTHON_READY, arg=workers, timeout=timeout)


def mount_every_widget(page: Page) -> int:
    """Scroll each runnable block into view, as a reader would, until its widget is there (its
    editor comes when the reader acts on the code)."""
    blocks = page.locator("div.highlight.run")
    for n in range(blocks.count()):
        # a block inside a closed box ("Going deeper") is opened first, as a reader opens it
        blocks.nth(n).evaluate(
            "block => { for (let box = block.closest('details'); box; box = box.parentElement.closest('details'))"
            " box.open = true; }"
        )
        blocks.nth(n).evaluate("block => (block.closest('.kmf-runnable') ?? block).scrollIntoView({block: 'center'})")
        blocks.nth(n).evaluate(  # until its widget is there (a failure, never a hang, after 60 s)
            "block => new Promise((done, fail) => { const until = Date.now() + 60000; (function check() {"
            " if (block.closest('.kmf-runnable')) done();"
            " else if (Date.now() > until) fail(new Error('no widget within 60 s: ' + block.textContent.slice(0, 80)));"
            " else setTimeout(check, 50); })(); })"
        )
    return blocks.count()


# Two frames (for a scroll or a click to start its transitions), then until every finite CSS
# transition and animation on the page has ended.
SETTLED = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all(document.getAnimations()
    .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
    .map((animation) => animation.finished.catch(() => null)));
}"""


def axe_in_both_schemes(page: Page, what: str = "") -> None:
    """axe-core on the whole page (theme included) as it stands, then again after the reader
    switches scheme with Material's palette toggle: the same state of every widget, both schemes."""
    from axe_playwright_python.sync_playwright import Axe

    axe, body = Axe(), page.locator("body")
    for turn in range(2):
        scheme = body.get_attribute("data-md-color-scheme")
        page.evaluate(SETTLED)  # no colour caught half-way through a transition (the header's title)
        results = axe.run(page)
        assert results.violations_count == 0, f"{what} {scheme}: {results.generate_report()}"
        if turn == 0:
            # the visible one of Material's palette toggles (labelled "Switch to ... mode"; with
            # content.tooltips, a toggle under the pointer loses its title while its tooltip shows)
            toggle = page.locator('label[for^="__palette_"]:visible')
            expect(toggle).to_have_count(1)
            toggle.click()
            expect(body).not_to_have_attribute("data-md-color-scheme", scheme)
            # then the pointer moves on, as a reader's does: the toggle's tooltip (shown after a
            # hover delay, so it could start fading in after the wait below) is not checked half-way
            page.mouse.move(0, page.viewport_size["height"] - 1)
            expect(page.locator(".md-tooltip--active, .md-tooltip2--active")).to_have_count(0)


def watch_foreign_requests(context: BrowserContext) -> list[str]:
    """The URLs of every request the context's pages and workers make to a host other than 127.0.0.1."""
    foreign: list[str] = []

    def watch(request):
        if urlsplit(request.url).hostname not in (None, "127.0.0.1"):
            foreign.append(request.url)

    context.on("request", watch)
    return foreign


def hold(page, pattern: str) -> list:
    """The first request matching ``pattern`` waits (in the returned list) until the test continues it."""
    held: list = []
    page.route(pattern, lambda route: route.continue_() if held else held.append(route))
    return held


def wait_for_held(page, held: list, what: str) -> None:
    deadline = time.monotonic() + 30
    while not held and time.monotonic() < deadline:  # Playwright runs the route handler meanwhile
        page.evaluate("new Promise((resolve) => setTimeout(resolve, 20))")
    assert held, f"the page never asked for {what}"


def pause_page_clock(page: Page) -> None:
    """Stop the page's clock (installed with ``page.clock.install()``) where it is: its timers fire
    only when the test moves it on (``page.clock.fast_forward``) or resumes it. Python's worker
    keeps the real clock."""
    from playwright.sync_api import Error

    for ahead_s in (0.05, 0.5, 2, 5):  # a time just ahead of the page's: the clock runs meanwhile
        try:
            page.clock.pause_at(page.evaluate("Date.now()") / 1000 + ahead_s)  # Playwright's Python: seconds
            return
        except Error as error:
            if "to the past" not in str(error):
                raise
    raise AssertionError("the page's clock could not be paused")


def publish(path: Path, text: str) -> None:
    """Replace a served file as a host deploys: whole, at once (a browser fetching it meanwhile,
    its service worker's update check or fill, gets the old file or the new, never part of one)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    os.replace(partial, path)
