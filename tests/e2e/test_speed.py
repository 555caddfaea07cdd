"""What a first visit downloads before Python is ready, in Chromium.

The build's snapshot holds only the pages that differ from the wasm's own memory, and a restored
interpreter reads the standard library only when a program needs a module the snapshot does not
hold: so the library is not on the way to "ready", and such a program still runs as after a normal
boot. A reader saving data (Save-Data) never downloads the snapshot. Editors are made near the
view, one per frame. A page with exercises is laid out from its first paint as they will be: nothing
moves while they come (Chromium's layout-shift entries, phone and desktop widths).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from kmf_site.counts import nav_pages, page_counts
from runnable import output, run, runnable, type_code

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

READY_DETAIL = "performance.getEntriesByName('kmf:python-ready').at(-1).detail"
READY = "performance.getEntriesByName('kmf:python-ready').length > 0"
# csv, difflib and shlex are not imported by the warm-up the snapshot holds (boot.mjs); the JSON
# error's traceback quotes lines of json/decoder.py, read from the standard library's zip.
NEEDS_THE_LIBRARY = """\
import sys
print("csv" in sys.modules, "difflib" in sys.modules, "shlex" in sys.modules)
import csv, io, difflib, shlex
from dataclasses import dataclass
print(next(csv.reader(io.StringIO("a,b"))), shlex.split("a 'b c'"), difflib.get_close_matches("modle", ["model"]))
@dataclass
class Model:
    version: int
print(Model(3))
import json
json.loads("{")
"""
# A reader who asked for less data (a phone's data saver): the page sees it, and tells the worker
SAVE_DATA = """
Object.defineProperty(Navigator.prototype, 'connection', {
  configurable: true, get: () => ({ saveData: true, effectiveType: '4g', addEventListener() {} }),
});
"""


@pytest.fixture
def new_context(browser):
    """Contexts without the offline service worker, whose own fetches the page does not see."""
    made = []
    yield lambda: made.append(browser.new_context(service_workers="block")) or made[-1]
    for context in made:
        context.close()


def requests_of(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def boot_and_run(page, url: str, code: str):
    """Load the home page, wait for Python, run `code` in its example: (how Python started, the
    requests made until ready, the output, every request so far)."""
    urls = requests_of(page)
    page.goto(url)
    widget = runnable(page, "model_info.py")  # in view: Python starts
    page.wait_for_function(READY, timeout=60_000)
    before_ready = list(urls)
    type_code(page, widget, code)
    run(widget)
    return page.evaluate(READY_DETAIL)["how"], before_ready, output(widget).inner_text(), urls


def test_a_restored_python_gets_its_standard_library_when_a_program_needs_it(new_context, site_url):
    results = {}
    for wanted in ("snapshot", "boot"):
        context = new_context()
        if wanted == "boot":  # without the build's description of its snapshot: a normal boot
            context.route("**/pyodide/kmf-snapshot.json", lambda route: route.fulfill(status=404))
        page = context.new_page()
        how, before_ready, text, _ = boot_and_run(page, site_url, NEEDS_THE_LIBRARY)
        assert how == wanted
        results[how] = (before_ready, text)
        context.close()
    before_ready, text = results["snapshot"]
    assert not [url for url in before_ready if "stdlib" in url], before_ready  # not on the way to ready
    assert [url for url in before_ready if "/kmf-snapshot-" in url]
    assert text == results["boot"][1]  # the same program, the same output, as after a normal boot
    assert text.startswith("False False False\n['a', 'b'] ['a', 'b c'] ['model']\nModel(version=3)\n"), text
    assert 'json/decoder.py", line' in text  # a frame of the library, with its source line:
    assert "obj, end = self.scan_once(s, idx)" in text
    assert "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes" in text


def test_a_reader_saving_data_never_downloads_the_snapshot(new_context, site_url):
    context = new_context()
    context.add_init_script(SAVE_DATA)
    page = context.new_page()
    how, _, text, requested = boot_and_run(page, site_url, "print(sum(range(10)))\n")
    page.wait_for_timeout(3000)  # nor afterwards
    assert how == "boot"
    assert not [url for url in requested if "/kmf-snapshot-" in url], requested
    assert text == "45\n"
    expect(output(runnable(page, "model_info.py"))).to_have_text("45\n")
    context.close()


# Notes each CodeMirror editor as it reaches the page: the step it belongs to.
EDITORS = """
window.__editors = [];
new MutationObserver((records) => {
  for (const record of records)
    for (const node of record.addedNodes)
      if (node.classList?.contains('cm-editor')) window.__editors.push(node.closest('[data-step]')?.dataset.step);
}).observe(document, { childList: true, subtree: true });
"""
# The editor's modules have loaded (they load once the page is idle, so that the reader's first act
# on the code gets its editor at once)
EDITOR_LOADED = (
    "performance.getEntriesByType('resource').some((entry) => /\\/chunks\\/editor-[^/]*\\.js$/.test(entry.name))"
)


# Where a character of a block's code is on the screen: (left, middle) of line L's character C
CHARACTER_AT = """(code, [line, column]) => {
  const offset = code.textContent.split('\\n').slice(0, line).join('\\n').length + (line ? 1 : 0) + column;
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (seen + node.length > offset) {
      const range = document.createRange();
      range.setStart(node, offset - seen);
      range.setEnd(node, offset - seen + 1);
      const box = range.getBoundingClientRect();
      return [box.left, box.top + box.height / 2];
    }
    seen += node.length;
  }
  throw new Error('no such character');
}"""


def test_an_editor_is_made_when_the_reader_acts_on_the_code_and_not_before(browser, site_url):
    """Debug it has five open steps. Loaded, idle, its editor's modules there, the page has made no
    editor (each would be a long task on a phone's CPU): each step's highlighted code stands in for
    its editor, a textbox of the same name. A click on step 3's code makes that one editor, with the
    caret where the click was and the focus in it; a Tab to step 4's code makes that one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.add_init_script(EDITORS)
    page = context.new_page()
    page.goto(site_url + "debug-it/")
    page.wait_for_function(EDITOR_LOADED, timeout=30_000)
    page.evaluate("new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 }))")
    steps = page.locator(".kmf-step")
    expect(steps.get_by_role("textbox", name="Python code")).to_have_count(5)
    assert page.evaluate("window.__editors") == []

    third = steps.nth(2).get_by_role("textbox", name="Python code")
    third.scroll_into_view_if_needed()
    lines = third.evaluate("code => code.textContent.split('\\n')")
    n = next(i for i, text in enumerate(lines) if i and len(text.strip()) >= 8)  # not the first line
    x, y = third.evaluate(CHARACTER_AT, [n, 4])  # the left edge of that line's 5th character
    page.mouse.click(x + 1, y)
    content = steps.nth(2).locator(".cm-content")
    expect(content).to_be_focused()
    assert page.evaluate("window.__editors") == ["3"]
    page.keyboard.type("#")
    expect(steps.nth(2).locator(".cm-line").nth(n)).to_have_text(lines[n][:4] + "#" + lines[n][4:])

    steps.nth(3).get_by_role("textbox", name="Python code").focus()
    expect(steps.nth(3).locator(".cm-content")).to_be_focused()
    assert page.evaluate("window.__editors") == ["3", "4"]
    context.close()


# Every layout shift of the page, with what moved (Chromium's Layout Instability API)
LAYOUT_SHIFTS = """
window.__shifts = [];
window.__shiftObserver = new PerformanceObserver((list) => window.__shifts.push(...list.getEntries()));
window.__shiftObserver.observe({ type: 'layout-shift', buffered: true });
"""
SHIFTS_SO_FAR = """
async () => {
  // two frames: a shift of the last frame is reported after it is painted
  for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  const entries = [...window.__shifts, ...window.__shiftObserver.takeRecords()];
  const where = (node) => node ? `${node.nodeName.toLowerCase()}.${String(node.className || '').split(' ')[0]}` : '?';
  return entries.filter((entry) => !entry.hadRecentInput).map((entry) => ({
    value: entry.value,
    moved: entry.sources.map((source) => `${where(source.node)} y ${source.previousRect.y}->${source.currentRect.y}`),
  }));
}
"""
EXERCISE_PAGES = [url for url in nav_pages(ROOT) if page_counts(DOCS / f"{url.strip('/') or 'index'}.md").exercises]
EVERY_WIDGET_BUILT = """
document.querySelectorAll('.kmf-step__runnable').length > 0
  && [...document.querySelectorAll('.kmf-step__runnable')].every((widget) => widget.querySelector('.kmf-toolbar'))
"""
# What CodeMirror itself moves once: its gutter's line numbers, laid out after its first measure
# (about 0.0001). A page whose progress bar or exercise frames came late scored 0.07 to 0.15.
STILL = 0.005


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", EXERCISE_PAGES)
def test_nothing_moves_while_the_exercises_come(browser, site_url, path, width, height):
    """The page as the build sends it is already laid out as the exercises will be (the progress
    bar, each exercise's frame, the starting code where its editor comes): loading it, until every
    open exercise is built and the editor's modules are there, shifts nothing a reader sees. Then
    a click on each exercise's code makes its editor in the code's place: its buttons stay put (on a
    phone they move down only as far as the editor's wrapped lines need)."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_function(EVERY_WIDGET_BUILT, timeout=30_000)
    page.wait_for_function(EDITOR_LOADED, timeout=30_000)
    shifts = page.evaluate(SHIFTS_SO_FAR)
    assert sum(shift["value"] for shift in shifts) < STILL, shifts
    widgets = page.locator(".kmf-step__runnable")
    for n in range(widgets.count()):
        code = widgets.nth(n).get_by_role("textbox", name="Python code")
        code.scroll_into_view_if_needed()
        toolbar = widgets.nth(n).locator(".kmf-toolbar")
        before = toolbar.evaluate("bar => bar.getBoundingClientRect().top")
        code.click()
        expect(widgets.nth(n).locator(".cm-content")).to_be_focused()
        page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        after = toolbar.evaluate("bar => bar.getBoundingClientRect().top")
        # never up (the editor keeps the code's space); down only where a phone's editor wraps lines
        # the highlighted code scrolled sideways
        assert after >= before - 1, f"exercise {n + 1}'s buttons moved up from {before} to {after} as its editor came"
        if width > 1000:
            assert after <= before + 1, f"exercise {n + 1}'s buttons moved down from {before} to {after}"
    context.close()
