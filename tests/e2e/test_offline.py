"""Offline after one visit (the service worker site/sw.js), and a new build replacing the old one.

These tests serve their own build from a server they can take down (the network is gone, not
just emulated as offline) and whose files they can replace (a new deployment).
"""

from __future__ import annotations

import http.server
import importlib.util
import re
import shutil
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from content import SNIPPETS, golden, run_like_the_browser
from kmf_site.plugin import offline
from runnable import (
    SITE_CACHE,
    SNAPSHOT_CACHE,
    output,
    publish,
    run,
    runnable,
    state,
    type_code,
    watch_foreign_requests,
)

# tests/conftest.py (its name is shadowed here by tests/e2e/conftest.py): how the suite builds the site
_spec = importlib.util.spec_from_file_location("kmf_tests_conftest", Path(__file__).parents[1] / "conftest.py")
suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(suite)

MODEL_INFO = SNIPPETS / "index" / "model_info.py"
NAME_ERROR = SNIPPETS / "practice" / "q3_get_new_data.py"  # on the home page and on Practice
FILL_LIMIT_S = 180
pytestmark = pytest.mark.xdist_group("offline")  # one worker builds and serves the module's own host
SITE_CACHES = f"caches.keys().then((names) => names.filter((name) => name.startsWith('{SITE_CACHE}')))"

STATUS_JS = """async () => {
  // fails (never hangs the test) when no service worker answers within 30 s
  const late = (what) => new Promise((_, reject) => setTimeout(() => reject(new Error(what)), 30000));
  const registration = await Promise.race([navigator.serviceWorker.ready, late("no service worker is ready")]);
  const channel = new MessageChannel();
  const reply = new Promise((resolve) => { channel.port1.onmessage = (event) => resolve(event.data); });
  registration.active.postMessage({type: "status"}, [channel.port2]);
  return Promise.race([reply, late("the service worker did not answer")]);
}"""


class Host:
    """A static host for one directory at a time; `down` makes every request fail like a dead network."""

    def __init__(self, pristine: Path, work: Path):
        self.pristine, self.work = pristine, work
        self.root = pristine
        self.down = False
        self.delay = 0.0  # seconds before each response: a slow host
        self.served: list[tuple[str, int]] = []
        host = self

        class Handler(suite._Handler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(host.root), **kwargs)

            network = host

            def handle_one_request(self):
                if not host.down:
                    time.sleep(host.delay)
                super().handle_one_request()

            def send_response(self, code, message=None):
                host.served.append((urlsplit(self.path).path, int(code)))
                super().send_response(code, message)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def fresh_copy(self) -> Path:
        """Serve a copy of the build, which a test may change (a new deployment)."""
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.copytree(self.pristine, self.work)
        self.root, self.down, self.delay = self.work, False, 0.0
        self.served.clear()
        return self.work


@pytest.fixture(scope="session")
def host(tmp_path_factory):
    """The site built for this host's own address (Material's instant navigation needs it), once
    per test process (module scope built it again whenever another module's test ran between)."""
    base = tmp_path_factory.mktemp("offline")
    host = Host(base / "build", base / "served")
    suite.build_site(host.pristine, host.url)
    yield host
    host.server.shutdown()


@pytest.fixture
def reader(browser, host):
    """A new visitor's browser (with its HTTP cache, which routing would turn off) on a fresh copy."""
    site = host.fresh_copy()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign, errors = watch_foreign_requests(context), []
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, site
    context.close()
    assert not foreign, f"requests to other origins: {foreign}"
    assert not errors, f"uncaught errors in the page: {errors}"


def wait_until_stored(page) -> dict:
    """Until the service worker holds every file of the build; returns its status."""
    deadline = time.monotonic() + FILL_LIMIT_S
    while True:
        state = page.evaluate(STATUS_JS)
        if not state["missing"] or time.monotonic() > deadline:
            assert not state["missing"], f"not stored after {FILL_LIMIT_S} s: {state['missing']}"
            return state
        page.wait_for_timeout(500)  # the service worker announces nothing when it is done: ask again


REGISTRATION_JS = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const button = document.querySelector(".kmf-update button");
  return {active: registration?.active?.state, waiting: registration?.waiting?.state,
          installing: registration?.installing?.state, controller: navigator.serviceWorker.controller?.scriptURL,
          url: location.href, reloadDisabled: button?.disabled};
}"""
# In each service worker: what could hold the new version back (an event of the old one still pending)
WORKER_JS = """() => ({build: BUILD, retiring, paused, filling: filling !== null, pending: [...pending.keys()],
                        pageFetches})"""


def takeover_state(page) -> dict:
    """Where a new version's take-over stands, from the page and from each service worker."""
    workers = []
    for worker in page.context.service_workers:
        try:
            workers.append(worker.evaluate(WORKER_JS))
        except Exception as error:  # a worker that is gone or busy: say so, do not hide the failure
            workers.append(f"{worker.url}: {error}")
    return {"page": page.evaluate(REGISTRATION_JS), "workers": workers}


def downloads(host) -> Counter:
    """How often each file was sent in full (200) since the copy was served; sw.js is the browser's."""
    return Counter(path for path, code in host.served if code == 200 and path != "/sw.js")


def expected(path: Path) -> str:
    return golden(path).read_text() if golden(path).exists() else run_like_the_browser(path.read_text(), path.name)[0]


def run_and_check(page, path: Path) -> None:
    widget = runnable(page, path.name)
    run(widget)
    expect(output(widget)).to_have_text(expected(path))


def test_after_one_visit_every_page_and_python_work_with_the_network_gone(reader, host):
    page, site = reader
    page.goto(host.url)
    assert page.evaluate("crossOriginIsolated") is False  # a first visit is not reloaded to isolate it
    state = wait_until_stored(page)
    assert state["cached"] == state["total"] == len(offline.site_manifest(site))

    # Nothing was downloaded twice: what the page fetched first was stored, not fetched again.
    sent = downloads(host)
    assert {path: count for path, count in sent.items() if count > 1} == {}
    assert sent["/pyodide/pyodide.asm.wasm.gz"] == 1  # the worker fetches the wasm's gzip copy
    assert "/pyodide/pyodide.asm.wasm" not in sent  # ... and never the wasm itself

    host.down = True
    page.context.set_offline(True)
    page.reload()
    expect(page).to_have_title(re.compile("Keep Models Fresh"))
    assert page.evaluate("crossOriginIsolated") is True  # served by the service worker with COOP/COEP
    run_and_check(page, MODEL_INFO)

    # Material's instant navigation (no page load: the marker survives) to a page never visited.
    page.evaluate("window.kmfSamePage = true")
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Practice").click()
    expect(page).to_have_url(host.url + "practice/")
    run_and_check(page, NAME_ERROR)
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Choose your learning style").click()
    expect(page).to_have_url(host.url)
    run_and_check(page, MODEL_INFO)
    assert page.evaluate("window.kmfSamePage") is True

    page.goto(host.url + "concepts/")  # a full load of another page never visited
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("textbox", name="Search").press_sequentially("cron")  # search: its worker and index, cached
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching document"))
    page.goto(host.url + "no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("404 - Not found")


def test_the_offline_copy_waits_while_a_program_runs(reader, host):
    """The service worker stores the site while Python is quiet: a program started meanwhile pauses
    it after the file in hand (storing beside a run slowed its first output 2-3 times), and it goes
    on once the program has ended."""
    page, _ = reader
    # Cross-origin isolated (the host's headers): no standby boots during the run, whose downloads
    # the service worker would store as the page's own fetches.
    page.context.add_cookies([{"name": "kmf-isolated", "value": "1", "url": host.url}])
    page.goto(host.url + "#try-it-a-model-gets-fresh-data")  # an example in view: Python starts
    widget = runnable(page, MODEL_INFO.name)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
    host.delay = 0.2  # from here (the copy starts 1 s after Python's start-up) each file is slow

    def cached() -> int:
        return page.evaluate(STATUS_JS)["cached"]

    deadline = time.monotonic() + 30
    while cached() < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert cached() >= 2, "the copy of the site did not start within 30 s"
    type_code(page, widget, "import time\ntime.sleep(2.5)\nprint('done')\n")
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")
    # The page posted "pause" to the service worker when the run began, before this status question
    # (one sender, one receiver: in order), so from this answer on the copy may store at most the
    # file it had in hand.
    before = set(page.evaluate(STATUS_JS)["missing"])
    expect(output(widget)).to_have_text("done", timeout=20_000)
    stored = before - set(page.evaluate(STATUS_JS)["missing"])
    # The worker's own download of the standard library (2.5 s after a restored Python is ready) is
    # the page's fetch, stored as it comes; it may land during the run. What the copy stored besides
    # it is at most the file it had in hand.
    filled = {path for path in stored if "kmf-stdlib-" not in path}
    assert len(filled) <= 1, f"the copy went on while the program ran: {sorted(filled)}"
    assert page.evaluate(STATUS_JS)["missing"], "the copy was done before the program: nothing to show"
    host.delay = 0.0
    wait_until_stored(page)  # ... and it goes on once the program has ended


def test_a_new_build_replaces_the_old_cache_and_the_reader_is_told(reader, host):
    page, site = reader
    page.goto(host.url)
    old = wait_until_stored(page)
    assert page.evaluate(SITE_CACHES) == [SITE_CACHE + old["build"]]
    run_and_check(page, MODEL_INFO)  # Python keeps its own snapshot for the next boot
    page.wait_for_function("performance.getEntriesByName('kmf:snapshot-kept').length > 0")

    # Deploy a new build: one page changed, everything else (Pyodide...) the same.
    concepts = site / "concepts" / "index.html"
    publish(concepts, concepts.read_text().replace("</h1>", " (revised)</h1>", 1))
    new = offline.write_service_worker(site)
    assert new["build"] != old["build"]
    host.served.clear()

    page.reload()  # the browser looks for a new sw.js on every page load
    notice = page.get_by_role("complementary", name="Site update")
    expect(notice.get_by_role("status")).to_have_text(re.compile("A new version of this site is ready"))
    expect(notice.get_by_role("button", name="Not now")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    # The new version copied what did not change and downloaded only the changed page.
    assert downloads(host) == Counter({"/concepts/": 1})
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Practice").click()
    expect(page).to_have_url(host.url + "practice/")
    expect(notice).to_be_visible()  # it stays through Material's instant navigation

    try:
        with page.expect_navigation():  # the page reloads once the new worker is in control
            notice.get_by_role("button", name="Reload").click()
    except PlaywrightTimeoutError:
        pytest.fail(f"no reload after Reload: {takeover_state(page)}")  # seen once in ~30 CI runs
    only_new = f"{SITE_CACHES}.then((names) => names.join() === '{SITE_CACHE}{new['build']}')"
    page.wait_for_function(f"navigator.serviceWorker.controller && {only_new}")
    # Python's snapshot is not the service worker's to drop: its key names the exact files it was
    # made from, so the worker itself replaces it when a build changes them (worker_cache.mjs).
    assert SNAPSHOT_CACHE in page.evaluate("caches.keys()")
    expect(notice).to_have_count(0)  # the page was reloaded under the new version
    state = page.evaluate(STATUS_JS)
    assert (state["build"], state["missing"]) == (new["build"], [])

    host.down = True
    page.goto(host.url + "concepts/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("(revised)")


@pytest.mark.parametrize("why", ["blocked", "registration-fails"])
def test_without_a_service_worker_the_site_still_runs_python(browser, host, why):
    """Where service workers are unavailable (some private windows, a policy) or sw.js fails to load."""
    site = host.fresh_copy()
    if why == "registration-fails":
        (site / "sw.js").unlink()
    context = browser.new_context(service_workers="block" if why == "blocked" else "allow")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(host.url)
    run_and_check(page, MODEL_INFO)
    assert page.evaluate("navigator.serviceWorker?.controller ?? null") is None
    assert page.evaluate("crossOriginIsolated") is False
    context.close()
    assert not errors
