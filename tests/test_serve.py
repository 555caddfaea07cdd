"""`mkdocs serve` (what `make serve` runs) serves the whole site, self-hosted Pyodide included."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[1]
SERVE_LIMIT_S = 120
REVERIFY_LIMIT_S = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def mkdocs_serve(cwd: Path, log: Path, env: dict, *options: str) -> tuple[subprocess.Popen, str]:
    """Start `mkdocs serve` on a free port of 127.0.0.1; returns the process and its address once it
    has said "Serving on" (so it, not another program, holds the port: a free port can be taken
    between the probe and mkdocs' bind, then this tries another). Its output goes to ``log`` (a
    pipe nobody reads would fill up and stall it)."""
    for _ in range(5):
        port = free_port()
        with log.open("w") as sink:
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", *options, "--dev-addr", f"127.0.0.1:{port}"],
                cwd=cwd,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + SERVE_LIMIT_S
        while "Serving on" not in log.read_text() and server.poll() is None:
            if time.monotonic() > deadline:
                stop(server)
                raise AssertionError(f"mkdocs serve did not start within {SERVE_LIMIT_S} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        if server.poll() is None:
            return server, f"http://127.0.0.1:{port}/"
        if "Address already in use" not in log.read_text():
            raise AssertionError(f"mkdocs serve exited with {server.returncode}:\n{log.read_text()[-3000:]}")
    raise AssertionError("no free port for mkdocs serve after 5 tries")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def test_mkdocs_serve_serves_the_site_and_its_runtime(tmp_path):
    server, base = mkdocs_serve(ROOT, tmp_path / "serve.log", {"KMF_VERIFY": "off"}, "--no-livereload")
    try:
        status, _, body = fetch(base)
        assert status == 200 and b"Keep Models Fresh" in body
        status, kind, body = fetch(base + "pyodide/pyodide.asm.wasm")
        assert status == 200 and body[:4] == b"\0asm"
        status, kind, _ = fetch(base + "assets/kmf/main.js")
        assert status == 200 and "javascript" in kind
        status, _, body = fetch(base + "pyodide/pyodide-lock.json")
        assert b'"retrain-lab"' in body
    finally:
        stop(server)


def test_make_serve_reverifies_an_edited_snippet_and_reloads_the_page(tmp_path, browser, record_property):
    """`make serve` (KMF_VERIFY=changed, live reload): an author edits a snippet, then the prose; the
    build re-verifies what each touched and the open page reloads with it. Each edit is timed from
    its save to the open page showing it (bench/serve_loop.py takes the medians on a quiet machine;
    here the time is reported, not judged: the suite shares its cores)."""
    from kmf_site.verification import mark_green
    from project_copy import copy_project

    project = copy_project(tmp_path / "project")
    mark_green(project)  # the suite verifies these very sources (test_build): as after a green run
    log = tmp_path / "serve.log"
    server, base = mkdocs_serve(project, log, {"KMF_VERIFY": "changed"})
    context = browser.new_context(service_workers="block")
    try:
        assert "Snippets unchanged since the last green verification" in log.read_text()
        page = context.new_page()
        page.goto(base)
        code = page.locator("div.highlight.run code").first  # the home page's first example, as built
        expect(code).to_contain_text("model_info = ")

        def shown(edit, locator, text: str) -> float:
            start = time.monotonic()
            edit()
            try:  # live reload, once the build has re-verified what the edit touched
                expect(locator).to_contain_text(text, timeout=REVERIFY_LIMIT_S * 1000)
            except AssertionError as error:
                raise AssertionError(f"not shown within {REVERIFY_LIMIT_S} s:\n{log.read_text()[-3000:]}") from error
            return round(time.monotonic() - start, 2)

        snippet = project / "snippets" / "index" / "model_info.py"
        edited = "# Edited while make serve runs."
        snippet_s = shown(lambda: snippet.write_text(f"{edited}\n{snippet.read_text()}"), code, edited)
        # the edit was checked before it was shown: only what it touched (this snippet, its page)
        assert "Verifying what the edit touched: " in log.read_text() and "model_info" in log.read_text()
        index, written = project / "docs" / "index.md", "Prose edited while make serve runs."
        prose_s = shown(lambda: index.write_text(f"{index.read_text()}\n{written}\n"), page.locator("article"), written)
        assert "Prose only changed" in log.read_text()
        record_property("snippet_edit_s", snippet_s)
        record_property("prose_edit_s", prose_s)
        load = os.getloadavg()[0]
        print(f"make serve, edit -> page shows it (load {load:.1f}): snippet {snippet_s} s, prose {prose_s} s")
    finally:
        context.close()
        stop(server)
