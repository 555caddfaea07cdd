"""The site where GitHub Pages puts a project site: under /<repo>/ (here /keep-models-fresh/), built
for that address (KMF_SITE_URL), on a host that serves nothing outside the path.

A reader's main path there, one page after another as a reader goes: Run an example, Material's
instant navigation (Python survives it), Share a program from the Playground and open the link in
another browser, download the notebook; then, in a browser with the service worker, the whole site
offline. Every request the pages, their workers and the service worker make stays under the path.
"""

from __future__ import annotations

import http.server
import importlib.util
import json
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from test_offline import wait_until_stored
from test_playground import EDITOR, replace_code, share
from test_playground import widget as playground_widget

from content import DOCS, SNIPPETS, golden, run_like_the_browser
from runnable import output, run, runnable, watch_foreign_requests

# tests/conftest.py (its name is shadowed here by tests/e2e/conftest.py): how the suite builds the site
_spec = importlib.util.spec_from_file_location("kmf_tests_conftest", Path(__file__).parents[1] / "conftest.py")
suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(suite)

PATH = "/keep-models-fresh/"
MODEL_INFO = SNIPPETS / "index" / "model_info.py"
NAME_ERROR = SNIPPETS / "practice" / "q3_get_new_data.py"
SHARED = 'from retrain_lab import describe\n\nprint("shared:", describe("30 6 * * 1"))\n'
pytestmark = pytest.mark.xdist_group("subpath")  # one worker builds and serves the module's own host


class SubpathHost:
    """Serves ``site`` under PATH only (404 elsewhere, like a project site's neighbours), records every
    path asked for, and can go down like a dead network."""

    def __init__(self, site: Path):
        self.site, self.down, self.asked = site, False, []
        host = self

        class Handler(suite._Handler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(host.site), **kwargs)

            network = host

            def translate_path(self, path):
                where = urlsplit(path).path
                host.asked.append(where)
                if not where.startswith(PATH):
                    return str(host.site / "outside-the-path")  # no such file: 404
                return super().translate_path("/" + path[len(PATH) :])

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{PATH}"

    def outside(self) -> list[str]:
        return [path for path in self.asked if not path.startswith(PATH)]


@pytest.fixture(scope="session")
def host(tmp_path_factory):
    """One build for the path (the suite's own build is for `/`), served while this process runs."""
    host = SubpathHost(tmp_path_factory.mktemp("subpath") / "site")
    suite.build_site(host.site, host.url)
    yield host
    host.server.shutdown()


@pytest.fixture
def reader(browser, host):
    """A new visitor's browser; a factory, so a test can open a second one (the Share link's receiver)."""
    made, errors = [], []

    def open_browser(service_workers: str = "block", **options):
        options = {"viewport": {"width": 1280, "height": 900}, **options}
        context = browser.new_context(service_workers=service_workers, **options)
        made.append((context, watch_foreign_requests(context)))
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    host.down, host.asked[:] = False, []
    yield open_browser
    for context, foreign in made:
        context.close()
        assert not foreign, f"requests to other origins: {foreign}"
    assert not errors, f"uncaught errors in the page: {errors}"
    assert host.outside() == [], "requests outside the site's path"


def expected(path: Path) -> str:
    return golden(path).read_text() if golden(path).exists() else run_like_the_browser(path.read_text(), path.name)[0]


def test_run_navigate_share_and_download_under_the_path(reader, host):
    page = reader()
    wasm = []
    page.on("request", lambda request: wasm.append(request.url) if ".wasm" in request.url else None)
    page.goto(host.url)
    widget = runnable(page, MODEL_INFO.name)
    run(widget)
    expect(output(widget)).to_have_text(expected(MODEL_INFO))

    # Instant navigation under the path: no page load, the same Python.
    page.evaluate("window.kmfSamePage = true")
    navigation = page.get_by_role("navigation", name="Navigation")
    navigation.get_by_role("link", name="Playground").click()
    expect(page).to_have_url(host.url + "playground/")
    expect(page.get_by_role("textbox", name=EDITOR)).to_be_visible()
    replace_code(page, SHARED)
    link = share(page)
    assert link.startswith(host.url + "playground/#code="), link
    run(playground_widget(page))
    expect(output(playground_widget(page))).to_have_text(run_like_the_browser(SHARED, "playground.py")[0])
    assert page.evaluate("window.kmfSamePage") is True, "the navigation reloaded the page"
    assert len(wasm) == 1 and wasm[0].startswith(host.url), wasm  # one Python, from under the path

    page.get_by_role("link", name="Next: Notebook").click()  # the Playground hides the sidebar: its footer
    expect(page).to_have_url(host.url + "notebook/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download notebook").click()
    assert download.value.url.startswith(host.url), download.value.url
    # the committed notebook, plus its first cell installing retrain_lab from this site, under the path
    got = json.loads(Path(download.value.path()).read_text())
    committed = json.loads((DOCS / "notebook.ipynb").read_text())
    install = [c for c in got["cells"] if c.get("id") == "install-retrain-lab"]
    assert [c for c in got["cells"] if c.get("id") != "install-retrain-lab"] == committed["cells"]
    assert len(install) == 1 and host.url + "pyodide/retrain_lab-" in "".join(install[0]["source"]), install
    assert page.evaluate("window.kmfSamePage") is True

    # The link, opened in another browser (nothing saved there), restores the code under the path.
    other = reader(viewport={"width": 390, "height": 800})
    other.goto(link)
    expect(other.get_by_role("textbox", name=EDITOR)).to_have_text(SHARED.replace("\n", ""))
    expect(other).to_have_url(host.url + "playground/")


def test_offline_under_the_path(reader, host):
    page = reader(service_workers="allow")
    page.goto(host.url)
    scope = page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)")
    assert scope == host.url  # the service worker is the path's, not the host's
    wait_until_stored(page)

    host.down = True
    page.context.set_offline(True)
    page.reload()
    expect(page).to_have_title(re.compile("Keep Models Fresh"))
    widget = runnable(page, MODEL_INFO.name)
    run(widget)
    expect(output(widget)).to_have_text(expected(MODEL_INFO))
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Practice").click()
    expect(page).to_have_url(host.url + "practice/")  # a page never visited, from the offline copy
    widget = runnable(page, NAME_ERROR.name)
    run(widget)
    expect(output(widget)).to_have_text(expected(NAME_ERROR))
