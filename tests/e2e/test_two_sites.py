"""Two courses on one origin, as two GitHub Pages project sites of one user share user.github.io:
two builds, each for its own address, served by one host under /course-a/ and /course-b/ and read
in one browser profile. What one course keeps in the browser (saved progress and its Reset, its
offline copy and that copy's clean-up after a new build, Python's snapshot) the other never reads,
replaces or deletes; progress saved before sites had namespaces goes to one course only.
"""

from __future__ import annotations

import http.server
import importlib.util
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from test_offline import STATUS_JS, run_and_check, wait_until_stored

from content import SNIPPETS
from kmf_site.plugin import offline
from runnable import publish, watch_foreign_requests

# tests/conftest.py (its name is shadowed here by tests/e2e/conftest.py): how the suite builds the site
_spec = importlib.util.spec_from_file_location("kmf_tests_conftest", Path(__file__).parents[1] / "conftest.py")
suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(suite)

COURSES = ("/course-a/", "/course-b/")
MODEL_INFO = SNIPPETS / "index" / "model_info.py"  # a runnable example on each course's home page
PYTHON_READY = "performance.getEntriesByName('kmf:python-ready').length > 0"
SNAPSHOT_KEPT = "performance.getEntriesByName('kmf:snapshot-kept').length > 0"
HOW_PYTHON_BOOTED = "performance.getEntriesByName('kmf:python-ready')[0].detail.how"
pytestmark = pytest.mark.xdist_group("two-sites")  # one worker builds and serves the module's own host


class TwoSites:
    """One host serving a build under each path of COURSES (404 elsewhere); it can go down like a
    dead network, and a test may change a build (a new deployment of one course)."""

    def __init__(self, base: Path):
        self.base, self.down = base, False
        self.pristine = {path: base / "build" / path.strip("/") for path in COURSES}
        self.sites = {path: base / "served" / path.strip("/") for path in COURSES}
        host = self

        class Handler(suite._Handler):
            network = host

            def translate_path(self, path):
                where = urlsplit(path).path
                for course, site in host.sites.items():
                    if where.startswith(course):
                        self.directory = str(site)
                        return super().translate_path("/" + where[len(course) :])
                return str(host.base / "nothing-here")  # outside both courses: 404

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.a, self.b = (self.origin + path for path in COURSES)

    def fresh_copies(self) -> None:
        """Serve copies of both builds, which a test may change."""
        for path in COURSES:
            shutil.rmtree(self.sites[path], ignore_errors=True)
            shutil.copytree(self.pristine[path], self.sites[path])
        self.down = False

    def site(self, url: str) -> Path:
        return self.sites[next(path for path in COURSES if url == self.origin + path)]


@pytest.fixture(scope="session")
def host(tmp_path_factory):
    """Two builds of the course, each for its own path on this host (instant navigation needs it)."""
    host = TwoSites(tmp_path_factory.mktemp("two-sites"))
    for path in COURSES:
        suite.build_site(host.pristine[path], host.origin + path)
    yield host
    host.server.shutdown()


@pytest.fixture
def profile(browser, host):
    """One reader's browser (one origin's storage for both courses); `service_workers` as asked."""
    host.fresh_copies()
    made, errors = [], []

    def open_browser(service_workers: str) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers=service_workers)
        made.append((context, watch_foreign_requests(context)))
        return context

    def new_page(context) -> Page:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    open_browser.new_page = new_page
    yield open_browser
    for context, foreign in made:
        context.close()
        assert not foreign, f"requests to other origins: {foreign}"
    assert not errors, f"uncaught errors in the page: {errors}"


def practice_card(page: Page):
    return page.locator("[data-kmf-hub] li").filter(has=page.get_by_role("link", name="Practice", exact=True))


def answer_the_first_practice_question(page: Page, course: str) -> None:
    page.goto(course + "practice/")
    question = page.locator("section.kmf-q").first
    question.locator("input").first.check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.get_by_role("status")).to_contain_text(re.compile("Correct!|Not quite."))


def reset_progress(page: Page, course: str) -> None:
    page.goto(course)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(page.get_by_role("status").filter(has_text="Progress reset")).to_be_visible()
    expect(practice_card(page)).to_contain_text("Not started")


IN_PROGRESS = re.compile(r"In progress · 1 of \d+ questions answered")


def test_progress_in_one_course_survives_activity_and_reset_in_the_other(profile, host):
    # Service workers play no part in saved progress: blocked here (the tests below have them).
    context = profile("block")
    a, b = profile.new_page(context), profile.new_page(context)  # two tabs, one per course
    for page, course in ((a, host.a), (b, host.b)):
        answer_the_first_practice_question(page, course)
        page.goto(course)
        expect(practice_card(page)).to_contain_text(IN_PROGRESS)

    # B is reset while A's hub is open in the other tab: A keeps its progress, shown and saved.
    reset_progress(b, host.b)
    a.bring_to_front()
    expect(practice_card(a)).to_contain_text(IN_PROGRESS)
    a.reload()
    expect(practice_card(a)).to_contain_text(IN_PROGRESS)
    expect(a.get_by_text("Your progress is saved in this browser.")).to_be_visible()

    # ... and the other way round, after more activity in B.
    answer_the_first_practice_question(b, host.b)
    reset_progress(a, host.a)
    b.goto(host.b)
    expect(practice_card(b)).to_contain_text(IN_PROGRESS)
    a.reload()
    expect(practice_card(a)).to_contain_text("Not started")


def test_progress_saved_before_namespaces_goes_to_the_first_course_opened_only(profile, host):
    # Progress as this course saves it (a real answer in A), then put where a version of the course
    # from before namespaces kept it ("kmf:v1:<key>") in a browser that has nothing else saved.
    context = profile("block")
    page = profile.new_page(context)
    answer_the_first_practice_question(page, host.a)
    saved = page.evaluate(
        """() => Object.fromEntries(Object.entries(localStorage)
             .filter(([key]) => key.includes(':v1:')).map(([key, value]) => [key.replace(/^.*?:v1:/, ''), value]))"""
    )
    assert any(key.startswith("quiz:practice:") for key in saved), saved
    returning = profile.new_page(profile("block"))
    returning.goto(host.origin + "/")  # the origin's 404 page: none of the courses' scripts
    returning.evaluate(
        "saved => { for (const [key, value] of Object.entries(saved)) localStorage.setItem('kmf:v1:' + key, value); }",
        saved,
    )

    returning.goto(host.b)  # the reader opens B first: it has nothing of its own, so it takes them
    expect(practice_card(returning)).to_contain_text(IN_PROGRESS)
    assert returning.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('kmf:'))") == []
    returning.goto(host.a)  # A finds nothing left to take: the progress is not counted twice
    expect(practice_card(returning)).to_contain_text("Not started")
    returning.goto(host.b)
    expect(practice_card(returning)).to_contain_text(IN_PROGRESS)


def test_a_namespace_set_by_the_site_names_what_it_keeps(profile, host):
    """A build may name its namespace (`<meta name="kmf-namespace">` in every page): B's progress
    and Python's snapshot are then kept under that name ("%" and ":" escaped in them), A's under
    its path."""
    for html in host.site(host.b).rglob("*.html"):
        html.write_text(html.read_text().replace("<head>", '<head><meta name="kmf-namespace" content="course:b">', 1))
    context = profile("block")
    page = profile.new_page(context)
    for course in (host.a, host.b):
        answer_the_first_practice_question(page, course)
    boot_python(page, host.b)
    page.wait_for_function(SNAPSHOT_KEPT)
    keys = page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('kmf'))")
    assert {key.split(":v1:")[0] for key in keys if ":v1:" in key} == {"kmf@/course-a/", "kmf@course%3Ab"}, keys
    assert "kmf-python-snapshot@course%3Ab" in page.evaluate("caches.keys()")


def boot_python(page: Page, course: str) -> str:
    """Open the course's home page, run its example; how Python booted ("cached": from this browser's
    own copy of the snapshot)."""
    page.goto(course)
    run_and_check(page, MODEL_INFO)
    page.wait_for_function(PYTHON_READY)
    return page.evaluate(HOW_PYTHON_BOOTED)


def site_caches(page: Page) -> list[str]:
    return sorted(name for name in page.evaluate("caches.keys()") if name.startswith("kmf-site"))


def test_offline_copies_and_python_snapshots_of_two_courses_live_side_by_side(profile, host):
    context = profile("allow")
    page = profile.new_page(context)

    # A, then B: each runs Python (its snapshot kept in this browser) and stores its whole site.
    for course in (host.a, host.b):
        assert boot_python(page, course) != "cached"  # a first visit: nothing of this course kept yet
        page.wait_for_function(SNAPSHOT_KEPT)
        wait_until_stored(page)

    # B's start-up, its service worker's install and clean-up left A's snapshot and offline copy.
    assert boot_python(page, host.a) == "cached", "B's Python evicted A's snapshot"
    state = page.evaluate(STATUS_JS)
    assert state["missing"] == [], f"A's offline copy lost {len(state['missing'])} of {state['total']} files"

    # A new deployment of B: its new service worker copies B's files and, once the reader accepts,
    # deletes B's old copy. A's copy stays.
    a_build = state["build"]
    page.goto(host.b)
    b_build = page.evaluate(STATUS_JS)["build"]
    assert a_build != b_build  # two builds (each for its own address), two service workers
    site = host.site(host.b)
    concepts = site / "concepts" / "index.html"
    publish(concepts, concepts.read_text().replace("</h1>", " (revised)</h1>", 1))
    new = offline.write_service_worker(site)["build"]
    page.reload()  # the browser looks for a new sw.js on every page load
    notice = page.get_by_role("complementary", name="Site update")
    with page.expect_navigation():  # the page reloads once the new worker is in control
        notice.get_by_role("button", name="Reload").click()
    page.wait_for_function(f"navigator.serviceWorker.controller && ({STATUS_JS})().then((s) => s.build === '{new}')")
    wait_until_stored(page)
    page.wait_for_function(f"caches.keys().then((names) => !names.some((name) => name.endsWith('{b_build}')))")
    names = site_caches(page)  # A's copy and B's new one
    builds = f"A {a_build}, B before {b_build}, B new {new}"  # a third B cache once (which build?)
    assert len(names) == 2 and any(n.endswith(a_build) for n in names) and any(n.endswith(new) for n in names), (
        f"{names}: {builds}"
    )
    page.goto(host.a)
    state = page.evaluate(STATUS_JS)
    assert (state["build"], state["missing"]) == (a_build, []), "B's new version deleted A's offline copy"

    # The network gone: both courses work, pages never visited included, Python from their copies.
    host.down = True
    context.set_offline(True)
    for course in (host.a, host.b):
        assert boot_python(page, course) == "cached"
        page.goto(course + "practice/")  # never visited in this browser
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(host.b + "concepts/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("(revised)")
    page.goto(host.a + "concepts/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("(revised)")
