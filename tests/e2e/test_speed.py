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


# Counts animation frames, and notes the frame in which each CodeMirror editor reached the page and
# the step it belongs to.
FRAMES = """
window.__frame = 0;
(function tick() { window.__frame++; requestAnimationFrame(tick); })();
window.__editors = [];
new MutationObserver((records) => {
  for (const record of records)
    for (const node of record.addedNodes)
      if (node.classList?.contains('cm-editor')) {
        // what was near the view when the first editor came (the page moves as editors replace code)
        if (!window.__editors.length) window.__nearAtFirst = nearView();
        window.__editors.push([window.__frame, node.closest('[data-step]')?.dataset.step]);
      }
}).observe(document, { childList: true, subtree: true });
function nearView() {
  return [...document.querySelectorAll('.kmf-step .kmf-runnable')].filter((widget) => {
    const box = widget.getBoundingClientRect();
    return box.bottom > -200 && box.top < innerHeight + 200;
  }).map((widget) => widget.closest('[data-step]').dataset.step);
}
"""
READY_WIDGETS = "document.querySelectorAll('.kmf-runnable.kmf-ready').length"


def test_editors_are_made_in_view_first_one_per_frame(browser, site_url):
    """Debug it has five runnable steps. A phone opening it at step 3 gets the editor in view
    first; the others follow once the page is idle, each in a frame of its own (made together, they were
    one long task)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    context.add_init_script(FRAMES)
    page = context.new_page()
    page.goto(site_url + "debug-it/")
    anchor = page.locator('.kmf-step[data-step="3"] h2[id]').get_attribute("id")
    # A new tab opened at the link (the files now cached). Not a reload of the first tab: a reload
    # restores the scroll position the history entry recorded, which was at times still the top.
    page.close()
    page = context.new_page()
    page.goto(site_url + f"debug-it/#{anchor}")
    page.wait_for_function(f"{READY_WIDGETS} === 5", timeout=30_000)
    near = page.evaluate("window.__nearAtFirst")
    made = page.evaluate("window.__editors")
    frames = [frame for frame, _ in made]
    assert near and "1" not in near, near  # the page is at step 3: step 1 is far above
    assert made[0][1] in near, f"the first editor made was not one in view ({near}): {made}"
    assert len(made) == 5 and len(set(frames)) == 5, f"editors made in the same frame: {made}"
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
ALL_EDITORS_MADE = """
document.querySelectorAll('.kmf-step__runnable').length > 0
  && document.querySelectorAll('.kmf-step__runnable:not(.kmf-ready)').length === 0
"""
# What CodeMirror itself moves once: its gutter's line numbers, laid out after its first measure
# (about 0.0001). A page whose progress bar or exercise frames came late scored 0.07 to 0.15.
STILL = 0.005


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", EXERCISE_PAGES)
def test_nothing_moves_while_the_exercises_come(browser, site_url, path, width, height):
    """The page as the build sends it is already laid out as the exercises will be (the progress
    bar, each exercise's frame, the starting code where its editor comes): loading it, until every
    open exercise has its editor, shifts nothing a reader sees."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_function(ALL_EDITORS_MADE, timeout=30_000)
    shifts = page.evaluate(SHIFTS_SO_FAR)
    assert sum(shift["value"] for shift in shifts) < STILL, shifts
    context.close()
