"""`mkdocs serve` (what `make serve` runs) serves the whole site, self-hosted Pyodide included."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def test_mkdocs_serve_serves_the_site_and_its_runtime():
    port = free_port()
    env = {**os.environ, "KMF_VERIFY": "off", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _, body = fetch(base)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "mkdocs serve did not answer within 120 s"
                time.sleep(0.5)
        assert status == 200 and b"Keep Models Fresh" in body
        status, kind, body = fetch(base + "pyodide/pyodide.asm.wasm")
        assert status == 200 and body[:4] == b"\0asm"
        status, kind, _ = fetch(base + "assets/kmf/main.js")
        assert status == 200 and "javascript" in kind
        status, _, body = fetch(base + "pyodide/pyodide-lock.json")
        assert b'"retrain-lab"' in body
    finally:
        server.terminate()
        server.wait(timeout=30)
