"""Hosts that are not the suite's plain static server: one that adds `Content-Encoding: gzip` to the
build's `.gz` files (the browser then unpacks them before the worker sees them), and a link so slow
that Python's start-up passes its 120 s limit.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from playwright.sync_api import expect
from test_runner import READY_DETAIL

from content import SNIPPETS, run_like_the_browser
from runnable import PYTHON_READY_MS, hold, output, run, runnable, status, wait_for_held

MODEL_INFO = SNIPPETS / "index" / "model_info.py"
BOOT_LIMIT_S = 120  # python.js BOOT_LIMIT_MS


class _GzipLabelled(http.server.SimpleHTTPRequestHandler):
    """Sends every `.gz` file as `Content-Encoding: gzip` of what it unpacks to (some hosts and CDNs do)."""

    def end_headers(self):
        if self.path.split("?", 1)[0].endswith(".gz"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()

    def guess_type(self, path):
        return "application/octet-stream" if str(path).endswith(".gz") else super().guess_type(path)

    def log_message(self, *args):
        pass


@pytest.fixture
def gzip_host(site_build):
    """The suite's build on a second origin whose `.gz` files come with Content-Encoding: gzip."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_GzipLabelled, directory=str(site_build.site))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_host_that_labels_gz_files_as_gzip_encoded_still_boots_python(page, gzip_host):
    encodings = {}
    page.on(
        "response",
        lambda response: (
            encodings.update({response.url: response.headers.get("content-encoding")})
            if response.url.endswith(".gz")
            else None
        ),
    )
    page.goto(gzip_host)
    widget = runnable(page, MODEL_INFO.name)
    run(widget)
    expect(output(widget)).to_have_text(run_like_the_browser(MODEL_INFO.read_text(), MODEL_INFO.name)[0])
    # The wasm came as the gzip copy, and the build's snapshot was used, not a fallback boot.
    assert [encodings[url] for url in encodings if url.endswith("pyodide.asm.wasm.gz")] == ["gzip"], encodings
    assert page.evaluate(READY_DETAIL)["how"] == "snapshot"


def test_a_start_up_past_its_limit_says_so_and_the_next_run_retries(page, site_url):
    # A host that stalls: Python's wasm never comes. The page's clock jumps past the limit.
    held = hold(page, "**/pyodide/pyodide.asm.wasm*")
    page.clock.install()
    page.goto(site_url)
    widget = runnable(page, MODEL_INFO.name)
    widget.get_by_role("button", name="Run", exact=True).click()
    wait_for_held(page, held, "Python's wasm")
    page.clock.fast_forward((BOOT_LIMIT_S - 10) * 1000)
    expect(status(widget)).to_have_text("Loading Python…")  # still waiting, 110 s in
    page.clock.fast_forward(11 * 1000)
    expect(status(widget)).to_have_text(
        "Python could not be loaded (Python took too long to start). "
        "Check your connection, then press Run to try again."
    )
    try:
        held[0].continue_()  # the stalled request's worker is gone
    except Exception:
        pass
    run(widget)  # the link is back: the next Run starts Python again
    expect(output(widget)).to_have_text(
        run_like_the_browser(MODEL_INFO.read_text(), MODEL_INFO.name)[0], timeout=PYTHON_READY_MS
    )
