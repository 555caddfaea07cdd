"""`make serve` (KMF_VERIFY=changed) on a copy of the project: an edit is re-verified as far as it
reaches, and a failed check or a build error shows on the page itself, in a banner naming
file:line, until a save fixes it (not a request that hangs while the terminal has the error).
Over HTTP, as the browser's live reload fetches the page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kmf_site.verification import mark_green
from project_copy import copy_project

LIMIT = 180  # s, per edit: a loaded machine; bench/serve_loop.py measures the real loop


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return ""


LOG: list[Path] = []


def wait_for(url: str, test, what: str) -> str:
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        body = get(url)
        if test(body):
            return body
        time.sleep(0.2)
    pytest.fail(f"{what}: not on {url} within {LIMIT} s; mkdocs serve said:\n{LOG[-1].read_text()[-3000:]}")


def banner(body: str) -> str | None:
    match = re.search(r'<div class="kmf-build-error" role="alert"[^>]*>(.*?)</div>', body, re.S)
    return match[1] if match else None


def test_a_failed_check_and_a_build_error_show_on_the_page_and_go_when_fixed(tmp_path):
    project = copy_project(tmp_path / "project")
    mark_green(project)  # as after a green check (the run's own build checked these sources)
    port = free_port()
    env = {**os.environ, "KMF_VERIFY": "changed", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    LOG.append(tmp_path / "serve.log")
    log = LOG[-1].open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/concepts/"
    try:
        wait_for(url, lambda body: "Keep Models Fresh" in body, "the first build")
        snippet = project / "snippets" / "concepts" / "freshness.py"
        code = snippet.read_text()
        line = next(n for n, text in enumerate(code.splitlines(), 1) if text.lstrip().startswith("#>"))
        snippet.write_text(code.replace("#> 1 week(s) old: accuracy", "#> 1 week(s) old: accuracy 9", 1))
        body = wait_for(url, banner, "a banner for the wrong #> line")
        assert f"Verification failed at snippets/concepts/freshness.py:{line}: the program does not print" in (
            banner(body)
        )
        assert banner(get(f"http://127.0.0.1:{port}/practice/"))  # every page says it
        snippet.write_text(code)
        wait_for(url, lambda body: body and not banner(body), "the page without its banner once fixed")

        page = project / "docs" / "practice.md"  # a malformed block: a build error, not a check
        text = page.read_text()
        page.write_text(text.replace("difficulty: easy", "difficulty: trivial", 1))
        number = next(n for n, t in enumerate(page.read_text().splitlines(), 1) if "difficulty: trivial" in t)
        body = wait_for(url, banner, "a banner for the malformed quiz block")
        assert f"docs/practice.md:{number}" in banner(body)
        page.write_text(text)
        wait_for(url, lambda body: body and not banner(body), "the page without its banner once fixed")
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Prose only changed" in output  # the quiz page's edits ran no program
    assert "Verifying what the edit touched: concepts/freshness.py" in output


def test_make_serve_takes_a_port():
    root = Path(__file__).resolve().parents[1]
    for args, port in (([], "8000"), (["PORT=8123"], "8123")):
        done = subprocess.run(["make", "-n", "serve", *args], cwd=root, capture_output=True, text=True)
        assert "KMF_VERIFY=changed" in done.stdout and f"--dev-addr 127.0.0.1:{port}" in done.stdout, done.stdout
