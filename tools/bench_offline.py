"""What the service worker (site/sw.js) costs and buys, in Chromium against the built site.

One build, served from 127.0.0.1; its sw.js rewritten per variant with the hook's own function:
  no-sw           service workers blocked (file://, some private windows): the site without it
  sw              offline cache, no COOP/COEP
  sw+coi          offline cache; COOP/COEP on what it serves: every page load after the first is
                  cross-origin isolated (what the site ships)
  sw+coi+reload   as sw+coi, and the first page reloads itself once the service worker controls it,
                  as the npm package coi-serviceworker does, so even the first visit is isolated

Each round and variant gets a new persistent profile (a real browser: HTTP cache, compiled wasm):
  first visit     navigation start -> Python ready (the example in view on load; across the reload
                  for sw+coi+reload); bytes the server sent until then, and in all until the service
                  worker holds every file (no-sw: until Python has kept its snapshot);
                  navigation start -> the service worker holds every file (first_stored_ms, polled
                  every 100 ms)
  return visit    a new page load -> Python ready, and whether the page is cross-origin isolated;
                  "third" the same once more (compiled wasm kept by an earlier visit is reused)
  Stop            `while True: pass` -> Stop -> Run enabled again, on the third visit

Prints medians (min-max) and writes bench-results/offline.json.
Usage: uv run python tools/bench_offline.py [--rounds N]
"""

from __future__ import annotations

import argparse
import http.server
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e"), str(ROOT / "src")]

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, _Handler, build_site  # noqa: E402
from kmf_site.plugin import offline  # noqa: E402
from runnable import runnable, type_code  # noqa: E402

VARIANTS = ["no-sw", "sw", "sw+coi", "sw+coi+reload"]
EXAMPLE = "#try-it-a-model-gets-fresh-data"  # the home page's example, in view on load
FIRST_ORIGIN = "sessionStorage.kmfFirstOrigin ??= String(performance.timeOrigin);"
# coi-serviceworker's behaviour: reload once a service worker controls the page, unless isolated.
RELOAD_WHEN_CONTROLLED = """
navigator.serviceWorker?.addEventListener("controllerchange", () => {
  if (!crossOriginIsolated && !sessionStorage.kmfReloaded) { sessionStorage.kmfReloaded = 1; location.reload(); }
});
"""
READY_AT = """(count) => {
  const marks = performance.getEntriesByName('kmf:python-ready');
  if (marks.length < count) return null;
  return performance.timeOrigin + marks[0].startTime - Number(sessionStorage.kmfFirstOrigin);
}"""
NOW_MS = "performance.timeOrigin + performance.now() - Number(sessionStorage.kmfFirstOrigin)"
STATUS_JS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const channel = new MessageChannel();
  const reply = new Promise((resolve) => { channel.port1.onmessage = (event) => resolve(event.data); });
  registration.active.postMessage({type: "status"}, [channel.port2]);
  return reply;
}"""
STOP_JS = """async (widget) => {
  const buttons = [...widget.querySelectorAll('button')];
  const run = buttons.find((b) => b.textContent === 'Run');
  const stop = buttons.find((b) => b.textContent === 'Stop');
  const start = performance.now();
  stop.click();
  while (run.getAttribute('aria-disabled') === 'true') await new Promise((r) => setTimeout(r, 5));
  return performance.now() - start;
}"""


class Host:
    """Serves one directory at a time and counts the bytes it sends in full responses."""

    def __init__(self):
        self.root = None
        self.sent = 0
        host = self

        class Handler(_Handler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(host.root), **kwargs)

            def copyfile(self, source, outputfile):
                before = source.tell()
                super().copyfile(source, outputfile)
                host.sent += source.tell() - before

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda *args: None
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"


def wait_for(page, expression, arg=None, timeout_s=120.0):
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            value = page.evaluate(expression, arg)
        except PlaywrightError:  # the page reloaded itself (sw+coi+reload) while we asked
            value = None
        if value not in (None, False):
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        page.wait_for_timeout(100)


def one_visitor(playwright, host, variant) -> dict:
    profile = tempfile.mkdtemp(prefix="kmf-bench-profile-")
    context = playwright.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        service_workers="block" if variant == "no-sw" else "allow",
        viewport={"width": 1280, "height": 900},
    )
    context.add_init_script(FIRST_ORIGIN + (RELOAD_WHEN_CONTROLLED if variant.endswith("reload") else ""))
    row = {}
    try:
        host.sent = 0
        page = context.new_page()
        page.goto(host.url + EXAMPLE)
        row["first_ready_ms"] = wait_for(page, READY_AT, 1)
        row["first_bytes_to_ready"] = host.sent
        if variant == "no-sw":  # until Python has kept its snapshot: it fetches nothing more
            wait_for(page, "performance.getEntriesByName('kmf:snapshot-kept').length > 0")
        else:
            wait_for(page, f"({STATUS_JS})().then((s) => s.missing.length === 0)")
            row["first_stored_ms"] = page.evaluate(NOW_MS)  # the whole site is offline from here
        row["first_bytes_total"] = host.sent
        row["first_isolated"] = page.evaluate("crossOriginIsolated")
        page.close()

        for visit in ("return", "third"):  # Chromium keeps compiled wasm once a visit has made it
            page = context.new_page()
            page.goto(host.url + EXAMPLE)
            page.evaluate("sessionStorage.kmfFirstOrigin = String(performance.timeOrigin)")
            row[f"{visit}_ready_ms"] = wait_for(page, READY_AT, 1)
            row[f"{visit}_isolated"] = page.evaluate("crossOriginIsolated")
            if visit == "return":
                page.wait_for_timeout(3000)
                page.close()
        widget = runnable(page, "model_info.py")
        expect(widget.get_by_role("textbox")).to_be_visible()
        type_code(page, widget, "while True:\n    pass\n")
        widget.get_by_role("button", name="Run", exact=True).click()
        expect(widget.get_by_role("status")).to_have_text("Running…")
        page.wait_for_timeout(300)
        row["stop_ms"] = widget.evaluate(STOP_JS)
        row["stop_status"] = widget.get_by_role("status").inner_text()
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    host = Host()
    work = Path(tempfile.mkdtemp(prefix="kmf-bench-offline-"))
    build_site(work / "built", host.url)
    sites = {}
    for variant in VARIANTS:
        sites[variant] = work / variant
        shutil.copytree(work / "built", sites[variant])
        offline.write_service_worker(sites[variant], coi="coi" in variant)
    rows = {variant: [] for variant in VARIANTS}
    with sync_playwright() as playwright:
        for number in range(rounds):
            for variant in VARIANTS:  # interleaved, so a busy moment of the machine hits all alike
                host.root = sites[variant]
                rows[variant].append(one_visitor(playwright, host, variant))
                print(f"round {number + 1} {variant:14} {rows[variant][-1]}", flush=True)
    host.server.shutdown()
    shutil.rmtree(work, ignore_errors=True)

    summary = {}
    for variant, found in rows.items():
        summary[variant] = {}
        for key in found[0]:
            values = [row[key] for row in found]
            if isinstance(values[0], bool):
                summary[variant][key] = f"{sum(values)}/{len(values)}"
            elif isinstance(values[0], int | float):
                summary[variant][key] = {
                    "median": round(statistics.median(values), 1),
                    "min": round(min(values), 1),
                    "max": round(max(values), 1),
                }
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "offline.json").write_text(json.dumps({"rounds": rounds, "summary": summary, "raw": rows}, indent=2))
    for variant, found in summary.items():
        print(f"\n{variant}")
        for key, value in found.items():
            if isinstance(value, dict):
                unit = "B" if "bytes" in key else "ms"
                print(f"  {key:22} median {value['median']:>12,.1f} {unit}  ({value['min']:,.0f}-{value['max']:,.0f})")
            else:
                print(f"  {key:22} {value}")


if __name__ == "__main__":
    main()
