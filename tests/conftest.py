"""Shared fixtures: the built site served on 127.0.0.1, and Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple

import pytest
from filelock import FileLock

sys.path.insert(0, str(Path(__file__).parent))
ROOT = Path(__file__).resolve().parents[1]
# Chromium's headless shell (Debian's chromium-headless-shell, the build Playwright itself runs
# headless): the same Blink and V8 as the chromium package, without the desktop browser's UI
# processes; a third less CPU per page in this suite. KMF_CHROMIUM picks another binary.
CHROMIUM = (
    os.environ.get("KMF_CHROMIUM")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium-headless-shell"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing but 127.0.0.1 resolves: a request to any other host (a CDN) fails at once, and the
    # `context` fixture names it.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


# Slowest first, so two xdist workers finish together. The Makefile runs xdist's loadgroup with
# --no-loadscope-reorder: work goes out in this order (an xdist_group where its first test is),
# not biggest group first, which had a worker wait on the site's build lock while the other built.
# First the run's one verified build (test_build), then everything else that builds a site of its
# own or a project copy and so never needs that build: while one worker builds the site, the other
# works through these, and no browser test waits for the site. Then the browser tests; the many
# quick tests fill in at the end, those in Pyodide last (the build's proof orders its own checks:
# kmf_site/proof/plugin.py).
FIRST = [
    "tests/test_build.py::test_verified_strict_build_passes",
    "tests/test_recipes.py",
    "tests/e2e/test_two_sites.py",
    "tests/e2e/test_offline.py",
    "tests/e2e/test_subpath.py",
    "tests/test_examples.py",  # with tests/e2e/test_example_course.py: one xdist group, one build
    "tests/test_serve.py",
    "tests/test_build.py",
]


def _rank(item) -> tuple[int, int]:
    for rank, prefix in enumerate(FIRST):
        if item.nodeid.startswith(prefix):
            return (rank, 0)
    if "e2e" in item.path.parts:
        return (len(FIRST), 0)
    return (len(FIRST) + 1, 1 if "pyodide" in item.nodeid.lower() else 0)


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.e2e)
    items.sort(key=_rank)  # stable: each group keeps its files' order


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static hosting like GitHub Pages; a `kmf-isolated=1` cookie adds COOP/COEP headers, so
    the same origin (and so Material's instant navigation) serves both kinds of test. A test's
    host sets ``network`` (an object with ``down``) to take the network away."""

    network = None

    def handle_one_request(self):
        if getattr(self.network, "down", False):
            self.close_connection = True
            return  # no response at all: the browser sees a network error
        super().handle_one_request()

    def end_headers(self):
        if "kmf-isolated=1" in (self.headers.get("Cookie") or ""):
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a terminated worker drops its downloads mid-way: expected, not news


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    """Bind 127.0.0.1 on a free port; serve `directory` from a daemon thread (call .shutdown())."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def build_site(out: Path, site_url: str, verify: str = "off") -> subprocess.CompletedProcess:
    """The site as `make build` makes it (``verify="all"``: the content checks first)."""
    from project_copy import mkdocs_build

    done = mkdocs_build(ROOT, out, verify, site_url)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    return done


# One built site for the whole run, however many pytest-xdist workers share it, built as
# `make build` builds it (verified, strict): test_build checks that build, the browser tests use it.
# The process that starts the run (the xdist controller, or pytest itself without -n) serves an
# empty folder on a free port and tells its workers where (environment variables, which they
# inherit); the first test that needs the site builds it there for that very address, under a file
# lock, and the others wait for it.
SITE_DIR, SITE_URL = "KMF_TEST_SITE_DIR", "KMF_TEST_SITE_URL"


def pytest_configure(config):
    from kmf_site.proof import project

    project.use(ROOT)  # the proof's helpers the tests use read this repository
    if hasattr(config, "workerinput"):
        return  # an xdist worker: its controller serves the site
    folder = Path(tempfile.mkdtemp(prefix="kmf-site-"))
    (folder / "site").mkdir()
    server = serve(folder / "site")
    os.environ[SITE_DIR] = str(folder)
    os.environ[SITE_URL] = f"http://127.0.0.1:{server.server_address[1]}/"
    config.add_cleanup(lambda: (server.shutdown(), shutil.rmtree(folder, ignore_errors=True)))


class SiteBuild(NamedTuple):
    url: str
    site: Path
    log: str  # what `mkdocs build` printed


@pytest.fixture(scope="session")
def site_build() -> SiteBuild:
    """The verified build of this run (made by the first test that asks, on any worker)."""
    folder, url = Path(os.environ[SITE_DIR]), os.environ[SITE_URL]
    log, failed = folder / "build.log", folder / "build.failed"
    with FileLock(folder / "build.lock"):
        if failed.exists():
            pytest.fail(f"the site's build failed (see the first test that needed it):\n{failed.read_text()}")
        if not log.exists():
            try:
                done = build_site(folder / "site", url, verify="all")
            except AssertionError as error:
                failed.write_text(str(error))
                raise
            log.write_text(done.stdout + done.stderr)
    return SiteBuild(url, folder / "site", log.read_text())


@pytest.fixture(scope="session")
def site_server(site_build) -> str:
    """The built site on 127.0.0.1, built for that very address (instant navigation needs it)."""
    return site_build.url


@pytest.fixture(scope="session")
def site_url(site_server) -> str:
    return site_server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, request):
    """A fresh browser context; any request to a host other than 127.0.0.1 fails the test.

    The site's service worker is blocked unless the test is marked `service_worker` (test_site's
    visit of every page is; test_offline makes its own contexts): the page works the same without
    one (test_offline proves it), and its background copy of the whole site cost every other test
    CPU it did not test.

    The requests are watched, not intercepted: a Playwright route that matches every URL sends
    each request through this process and turns Chromium's HTTP cache off (the browser tests took
    a third longer that way). Such a request cannot reach its host either (CHROMIUM_ARGS)."""
    from runnable import watch_foreign_requests  # tests/e2e (on sys.path for the browser tests)

    keep_worker = request.node.get_closest_marker("service_worker") is not None
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, service_workers="allow" if keep_worker else "block"
    )
    foreign = watch_foreign_requests(context)
    yield context
    context.close()
    assert not foreign, f"requests to other origins: {foreign}"


@pytest.fixture
def isolated(context, site_url):
    """Make this test's context cross-origin isolated (SharedArrayBuffer interrupts)."""
    context.add_cookies([{"name": "kmf-isolated", "value": "1", "url": site_url}])


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"uncaught errors in the page: {errors}"
