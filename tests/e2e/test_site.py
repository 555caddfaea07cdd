"""The site as a whole: one origin only, Python loaded lazily, every page readable."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from kmf_site.counts import nav_pages
from runnable import axe_in_both_schemes, mount_every_widget, python_ready, watch_foreign_requests

# A reader's first visit to each page, with the offline service worker registering and filling.
pytestmark = pytest.mark.service_worker


def settled(page) -> None:
    """Nothing more is coming: the network idle for 500 ms (Playwright's networkidle) and the
    browser idle once more (the page schedules its lazy work with requestIdleCallback)."""
    page.wait_for_load_state("networkidle")
    page.evaluate("new Promise(done => requestIdleCallback(() => done(), {timeout: 5000}))")
    page.wait_for_load_state("networkidle")


def site_pages(page, site_url) -> list[str]:
    """Every page MkDocs built, from the sitemap (the list Material's instant navigation uses)."""
    sitemap = page.request.get(site_url + "sitemap.xml").text()
    return [site_url + urlsplit(loc).path.lstrip("/") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]


def test_python_loads_when_an_example_scrolls_into_view_after_the_text(page, site_url):
    """Pyodide is fetched only once the text is there, and only when a runnable block is in view."""
    events = []
    page.on("domcontentloaded", lambda _: events.append("text"))
    page.on("request", lambda request: events.append("wasm") if ".wasm" in request.url else None)  # .wasm.gz
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(site_url)  # the examples are further down
    settled(page)
    assert events == ["text"], events
    page.get_by_role("heading", name="Try it: a model gets fresh data").scroll_into_view_if_needed()
    page.wait_for_function("performance.getEntriesByName('kmf:python-ready').length > 0", timeout=60_000)
    assert events[:2] == ["text", "wasm"], events

    events.clear()
    page.goto(site_url + "test/")  # no runnable example on the Test page
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    settled(page)
    assert events == ["text"], events


REGISTERED = "performance.getEntriesByName('kmf:service-worker-registered')"
READY = "performance.getEntriesByName('kmf:python-ready')"


def test_a_first_visit_registers_the_service_worker_after_pythons_start_up(page, site_url):
    """A service worker installed on a first visit takes the page over and carries every file
    Python's start-up fetches (about 0.2 s later to ready on two cores): it waits for that start-up.
    A page that starts no Python registers it once loaded and idle."""
    page.goto(site_url + "#try-it-a-model-gets-fresh-data")  # an example in view: Python starts
    page.wait_for_function(f"{REGISTERED}.length > 0", timeout=60_000)
    assert page.evaluate(f"{READY}.length") == 1
    assert page.evaluate(f"{REGISTERED}[0].startTime >= {READY}[0].startTime")
    page.evaluate("navigator.serviceWorker.ready")  # ... and it does register

    page.goto(site_url + "test/")  # a full load of a page without Python
    page.wait_for_function(f"{REGISTERED}.length > 0", timeout=30_000)
    assert page.evaluate(f"{READY}.length") == 0


PAGES = nav_pages(Path(__file__).resolve().parents[2])  # mkdocs.yml's nav:, in order: "", "concepts/", ...


def test_a_request_to_another_host_is_seen_and_fails(browser, site_url):
    """The guard every browser test has (conftest's `context`): a request to another host, from the
    page or from a worker, is named and never reaches that host."""
    context = browser.new_context()
    foreign = watch_foreign_requests(context)
    page = context.new_page()
    page.goto(site_url)
    fetched = """url => fetch(url).then(() => "fetched", () => "failed")"""
    assert page.evaluate(fetched, "https://cdn.example/lib.js") == "failed"
    in_worker = """url => new Promise(done => {
      const source = `fetch(${JSON.stringify(url)}).then(() => postMessage("fetched"), () => postMessage("failed"))`;
      new Worker(URL.createObjectURL(new Blob([source]))).onmessage = (event) => done(event.data);
    })"""
    assert page.evaluate(in_worker, "https://cdn.example/worker.js") == "failed"
    context.close()
    assert foreign == ["https://cdn.example/lib.js", "https://cdn.example/worker.js"]


def test_these_are_all_the_pages_built(page, site_url):
    """The sitemap (the list Material's instant navigation uses) names exactly the pages below."""
    assert sorted(site_pages(page, site_url)) == sorted(site_url + path for path in PAGES)


# Pages whose own tests run axe-core in both schemes after a reader has used them (answers checked,
# outputs, hints, a chart: more on the page than a fresh load shows). Here they get the origin
# check only; the pages without such a test get both.
AXE_AFTER_USE = {
    "see-it-in-action/": "test_steps.py",
    "practice/": "test_quiz.py",
    "test/": "test_quiz.py",
    "trace/": "test_trace.py",
    "lab/": "test_lab.py",
    "debug-it/": "test_debug_it.py",
    "playground/": "test_playground.py",
    "notebook/": "test_notebook.py",
}


def test_pages_checked_after_use_are_checked_there():
    for path, test_file in AXE_AFTER_USE.items():
        source = (Path(__file__).parent / test_file).read_text()
        assert re.search(r"axe_in_both_schemes\(|axe\.run\(", source), f"{test_file} runs no axe for {path}"
        assert path in PAGES


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.strip("/") or "home")
def test_each_page_loads_only_from_its_own_origin_and_passes_axe_in_both_schemes(page, site_url, path):
    """A reader whose system is dark opens the page, scrolls through it (Python and every widget
    load), then switches to light with the palette toggle; axe-core checks the whole page (theme
    included) both times, unless the page's own tests do after use (AXE_AFTER_USE). The `context`
    fixture fails the test on any request to another host."""
    hosts = set()
    # blob: URLs are the page's own (the worker hands Pyodide the standard library as one)
    page.on("request", lambda request: hosts.add(urlsplit(request.url.removeprefix("blob:")).hostname))
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + path)
    if mount_every_widget(page):
        python_ready(page)  # Python and its files were fetched
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}, hosts
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")  # the system's dark
    if path not in AXE_AFTER_USE:
        axe_in_both_schemes(page, path)


def test_hub_reset_progress_forgets_saved_answers(page, site_url):
    page.goto(site_url + "practice/")
    question = page.locator("section.kmf-q").first  # the fieldset and its Check answer button
    question.get_by_role("radio").first.check()
    question.get_by_role("button", name="Check answer").click()
    page.reload()
    expect(page.locator("fieldset").first.get_by_role("radio").first).to_be_checked()

    page.goto(site_url)
    expect(page.get_by_role("status").filter(has_text="saved in this browser")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(page.get_by_role("status").filter(has_text="Progress reset")).to_be_visible()
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('kmf:')).length") == 0

    page.goto(site_url + "practice/")
    expect(page.locator("fieldset").first.get_by_role("radio").first).not_to_be_checked()
