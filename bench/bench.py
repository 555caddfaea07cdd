"""Benchmark what a reader waits for, in Chromium, against the built site on 127.0.0.1, side by side
with a bare runner (bench/bare/: a module worker and the same self-hosted Pyodide, nothing else).

Each round measures the site and the bare runner one after the other, in fresh browser profiles:

  ready_cold            navigation start -> Python ready, a new visitor (no HTTP or Cache Storage)
  ready_returning       the same for a visitor coming back (a persistent profile, second visit; the
                        first one stayed until this browser had kept its snapshot in Cache Storage)
  ready_returning_early the same when the first visit was left as soon as Python was ready, before
                        the snapshot was kept (the bare runner's ready_returning beside it)
  ready_cold_10mbit     ready_cold at 10 Mbit/s down, 5 up, 20 ms latency (Chromium's emulation;
                        without the offline service worker, whose fetches it would not throttle)
  bytes_ready           bytes received on a first visit until Python is ready (encoded, as on the
                        wire from a host that compresses like GitHub Pages: bench/host.py); without
                        the service worker (its offline fill is not here)
  bytes_cold            the same over the whole first visit up to the first run (information)
  bytes_cold_raw        bytes_cold from a host that compresses nothing (information)
  save_data_snapshot    bytes of the build's snapshot fetched on a first visit with Save-Data on
  wasm_fetches          how many times pyodide.asm.wasm is requested in one page visit
  python_boots          how many interpreters start in one page visit (before any Stop)
  run_first_output      Run pressed -> first character of output; the first run of a fresh page
  stop_next_plain       `while True: pass` running; Stop pressed -> the next run's first output,
                        plain static hosting (the site restarts Python; so does the bare runner)
  stop_next_isolated    the same where the page is cross-origin isolated (the site interrupts)
  stop_sleep_isolated   the same for `time.sleep(60)`, isolated (the interrupt cannot land)

Prints each target with its median (N rounds, min-max) beside the bare runner's, and writes every
raw value to bench-results/bench.json. Rerun: `make bench` (KMF_BENCH_ROUNDS=N to change N,
KMF_BENCH_PARTS=cold,slow,returning to run some parts only, KMF_BENCH_SITE=DIR to measure a site
already built, KMF_BENCH_OUT=NAME.json to keep a run beside another). Every visit is served by
bench/host.py, which gzip-compresses as GitHub Pages does.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e"), str(ROOT / "bench")]

from host import serve  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402
from runnable import output, runnable, state, type_code  # noqa: E402

ROUNDS = int(os.environ.get("KMF_BENCH_ROUNDS", "5"))
PARTS = os.environ.get("KMF_BENCH_PARTS", "cold,slow,returning").split(",")  # to rerun a part alone
EXAMPLE = "#try-it-a-model-gets-fresh-data"  # the home page's example is in view on load
SLOW = {"offline": False, "latency": 20, "downloadThroughput": 10e6 / 8, "uploadThroughput": 5e6 / 8}
KEPT = "performance.getEntriesByName('kmf:snapshot-kept').length > 0"
# A reader who asked for less data (Chromium's "Lite mode", a phone's data saver): the page sees it
SAVE_DATA_JS = """
Object.defineProperty(Navigator.prototype, 'connection', {
  configurable: true, get: () => ({ saveData: true, effectiveType: '4g', addEventListener() {} }),
});
"""
LOOP = "while True:\n    pass\n"
HELLO = "print('hello')"

SITE_READY = "performance.getEntriesByName('kmf:python-ready').length > 0"
SITE_READY_AT = "performance.getEntriesByName('kmf:python-ready')[0].startTime"
BARE_READY = "performance.getEntriesByName('bare:python-ready').length > 0"
BARE_READY_AT = "performance.getEntriesByName('bare:python-ready')[0].startTime"

FIRST_OUTPUT_JS = """
async (widget) => {
  const out = widget.querySelector('[role=log]');
  const button = [...widget.querySelectorAll('button')].find((b) => b.textContent === 'Run');
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (out.textContent.length) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(out, { childList: true, subtree: true, characterData: true });
  });
  const start = performance.now();
  button.click();
  return (await done) - start;
}
"""
# Stop the program, then (as soon as Run is enabled again) Reset and Run: ms to the first output.
STOP_THEN_RUN_JS = """
async (widget) => {
  const buttons = [...widget.querySelectorAll('button')];
  const [run, stop, reset] = ['Run', 'Stop', 'Reset'].map((name) => buttons.find((b) => b.textContent === name));
  const out = widget.querySelector('[role=log]');
  const start = performance.now();
  stop.click();
  while (run.getAttribute('aria-disabled') === 'true') await new Promise((r) => setTimeout(r, 2));
  reset.click(); // the code was changed: Reset asks first, then restores it a microtask later
  widget.querySelector('.kmf-confirm__yes').click();
  await Promise.resolve();
  await Promise.resolve();
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (out.textContent.length) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(out, { childList: true, subtree: true, characterData: true });
  });
  run.click();
  return (await done) - start;
}
"""

TARGETS = {  # what issues #11 and #23 ask, as (kind, limit) against the bare runner's median
    "ready_cold": ("ratio", 0.5),
    "ready_returning": ("ratio", 0.5),
    "ready_returning_early": ("info", None),
    "ready_cold_10mbit": ("ratio", 1.0),
    "bytes_ready": ("ratio", 1.3),
    "bytes_cold": ("info", None),
    "bytes_cold_raw": ("info", None),
    "save_data_snapshot": ("max", 0),
    "wasm_fetches": ("max", 1),
    "python_boots": ("max", 1),
    "run_first_output": ("ms", 20),
    "stop_next_plain": ("ms", 600),
    "stop_next_isolated": ("ms", 50),
    "stop_sleep_isolated": ("info", None),
}


class Visit:
    """One page visit: counts bytes and requests, optionally throttled."""

    def __init__(self, context, url, throttle=None):
        self.page = context.new_page()
        self.bytes = 0
        self.wasm = 0
        self.snapshot_bytes = 0
        self.page.on("requestfinished", self._finished)
        if throttle:
            cdp = context.new_cdp_session(self.page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", throttle)
        self.page.goto(url, wait_until="commit", timeout=120_000)  # Python's ready mark is what counts

    def _finished(self, request):
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001 - a request of a page already closed
            return
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.bytes += size
        if "pyodide.asm.wasm" in request.url:  # the site fetches its gzip copy
            self.wasm += 1
        if "kmf-snapshot-" in request.url:
            self.snapshot_bytes += size

    def wait(self, expression, timeout=120_000):
        self.page.wait_for_function(expression, timeout=timeout)
        return self.page.evaluate(expression.replace(".length > 0", "[0].startTime"))


def site_ready(visit: Visit) -> float:
    visit.wait(SITE_READY)
    return visit.page.evaluate(SITE_READY_AT)


def bare_ready(visit: Visit) -> float:
    visit.wait(BARE_READY)
    return visit.page.evaluate(BARE_READY_AT)


def boots(page) -> int:
    return page.evaluate("performance.getEntriesByName('kmf:python-ready').length")


def start_loop(page, widget):
    type_code(page, widget, LOOP)
    widget.get_by_role("button", name="Run", exact=True).click()
    state(widget, "running")
    time.sleep(0.3)


def round_cold(browser, url, plain_url, results, phases):
    for isolated in (False, True):
        context = browser.new_context()
        if isolated:
            context.add_cookies([{"name": "kmf-isolated", "value": "1", "url": url}])
        visit = Visit(context, url + EXAMPLE)
        page = visit.page
        ready = site_ready(visit)
        widget = runnable(page, "model_info.py")
        expect(widget.get_by_role("textbox")).to_be_visible()
        if not isolated:
            results["site"]["ready_cold"].append(ready)
            detail = page.evaluate("performance.getEntriesByName('kmf:python-ready')[0].detail")
            phases.append({"ready": ready, "boot": detail["bootMs"], "how": detail["how"], **detail["phases"]})
            results["site"]["run_first_output"].append(widget.evaluate(FIRST_OUTPUT_JS))
            expect(widget.get_by_role("button", name="Run", exact=True)).to_be_enabled()
        start_loop(page, widget)
        key = "stop_next_isolated" if isolated else "stop_next_plain"
        results["site"][key].append(widget.evaluate(STOP_THEN_RUN_JS))
        expect(output(widget)).not_to_be_empty()
        if isolated:
            type_code(page, widget, "import time\ntime.sleep(60)\n")
            widget.get_by_role("button", name="Run", exact=True).click()
            state(widget, "running")
            time.sleep(0.3)
            results["site"]["stop_sleep_isolated"].append(widget.evaluate(STOP_THEN_RUN_JS))
        context.close()

    # Bytes: the page's requests that a service worker serves are counted by the page without the
    # bytes it fetched for them, so these visits run without it (what the page itself needs; the
    # offline copy the service worker fetches when idle is measured by tools/bench_offline.py).
    for who, path, ready in (("site", EXAMPLE, site_ready), ("bare", "bench-bare/", bare_ready)):
        for host, key in ((url, "bytes_cold"), (plain_url, "bytes_cold_raw")):
            context = browser.new_context(service_workers="block")
            visit = Visit(context, host + path)
            ready(visit)
            if key == "bytes_cold":
                results[who]["bytes_ready"].append(visit.bytes)
            if who == "site":
                widget = runnable(visit.page, "model_info.py")
                widget.evaluate(FIRST_OUTPUT_JS)
                visit.page.wait_for_function(KEPT, timeout=30_000)
                if key == "bytes_cold":
                    results["site"]["wasm_fetches"].append(visit.wasm)
                    results["site"]["python_boots"].append(boots(visit.page))
                    results["site"]["snapshot_bytes"].append(visit.snapshot_bytes)
            else:
                visit.page.evaluate(f"bare.firstOutput({HELLO!r})")
            results[who][key].append(visit.bytes)
            context.close()

    # Save-Data on (navigator.connection.saveData, emulated on the page): Python still starts, from
    # the standard library alone; the build's snapshot is never fetched.
    context = browser.new_context(service_workers="block")
    context.add_init_script(SAVE_DATA_JS)
    visit = Visit(context, url + EXAMPLE)
    site_ready(visit)
    results["site"]["save_data_snapshot"].append(visit.snapshot_bytes)
    results["bare"]["save_data_snapshot"].append(0)
    context.close()

    context = browser.new_context()
    visit = Visit(context, url + "bench-bare/")
    results["bare"]["ready_cold"].append(bare_ready(visit))
    page = visit.page
    results["bare"]["run_first_output"].append(page.evaluate(f"bare.firstOutput({HELLO!r})"))
    results["bare"]["wasm_fetches"].append(visit.wasm)
    results["bare"]["python_boots"].append(1)
    page.evaluate(f"bare.run({LOOP!r})")
    time.sleep(0.3)
    stop = page.evaluate(f"bare.stopThenRun({HELLO!r})")
    for key in ("stop_next_plain", "stop_next_isolated", "stop_sleep_isolated"):  # always a restart
        results["bare"][key].append(stop)
    context.close()


def round_slow(browser, url, results):
    for who, path, ready in (("bare", "bench-bare/", bare_ready), ("site", EXAMPLE, site_ready)):
        # Chromium's network emulation throttles the page and its workers, not a service worker's
        # own fetches (which a first visit's Python may go through once the worker has claimed the
        # page): without one here, every byte is throttled.
        context = browser.new_context(service_workers="block")
        visit = Visit(context, url + path, throttle=SLOW)
        results[who]["ready_cold_10mbit"].append(ready(visit))
        context.close()


def round_returning(playwright, url, results):
    # (who, first visit stays until the snapshot is kept): the bare runner keeps nothing of its own
    for who, stay in (("bare", True), ("site", True), ("site", False)):
        path, ready = ("bench-bare/", bare_ready) if who == "bare" else (EXAMPLE, site_ready)
        profile = tempfile.mkdtemp(prefix="kmf-bench-profile-")
        context = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        first = Visit(context, url + path)
        ready(first)
        if who == "site" and stay:  # Python keeps its snapshot in Cache Storage a moment after "ready"
            first.page.wait_for_function(KEPT, timeout=30_000)
        first.page.close()
        again = Visit(context, url + path)
        key = "ready_returning" if stay else "ready_returning_early"
        results[who][key].append(ready(again))
        if who == "bare":  # leaving early changes nothing for it
            results[who]["ready_returning_early"].append(results[who][key][-1])
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
        "n": len(values),
    }


def verdict(name: str, site: dict, bare: dict) -> str:
    kind, limit = TARGETS[name]
    value, base = site["median"], bare["median"]
    if kind == "ratio":
        ok = value <= limit * base
        return f"{value / base:.2f}x bare (target <= {limit}x): {'met' if ok else 'NOT met'}"
    if kind == "max":
        return f"target <= {limit}: {'met' if value <= limit else 'NOT met'}"
    if kind == "ms":
        return f"target <= {limit} ms: {'met' if value <= limit else 'NOT met'}"
    return "information"


def phase_table(phases: list[dict]) -> str:
    """Where a cold visit's time to ready goes: medians of the worker's marks (ms after "init"),
    and before them the page's share (navigation to the worker's "init": ready - boot)."""
    rows = [f"where a cold visit's ready time goes (site, medians of {len(phases)}; worker marks are ms after init)"]
    page = [p["ready"] - p["boot"] for p in phases]
    rows.append(f"  {'page, to init':24} {statistics.median(page):8.1f} ms")
    names = [k for k in phases[0] if k not in ("ready", "boot", "how")]
    for name in names:
        values = [p[name] for p in phases if name in p]
        rows.append(f"  {'worker: ' + name:24} {statistics.median(values):8.1f} ms  (n={len(values)})")
    rows.append(
        f"  {'ready':24} {statistics.median(p['ready'] for p in phases):8.1f} ms  how: "
        f"{sorted({p['how'] for p in phases})}"
    )
    return "\n".join(rows)


def main() -> None:
    prebuilt = os.environ.get("KMF_BENCH_SITE")  # a site already built (by `make build`), to iterate
    site = Path(prebuilt) if prebuilt else Path(tempfile.mkdtemp(prefix="kmf-bench-site-"))
    server = serve(site)  # compresses as GitHub Pages does (bench/host.py)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    plain = serve(site, compress=False)  # the same files, nothing compressed: bytes_cold_raw
    plain_url = f"http://127.0.0.1:{plain.server_address[1]}/"
    if not prebuilt:
        build_site(site, url)
    shutil.copytree(ROOT / "bench" / "bare", site / "bench-bare", dirs_exist_ok=True)
    names = [*TARGETS, "snapshot_bytes"]
    results = {who: {name: [] for name in names} for who in ("site", "bare")}
    phases = []  # the worker's own marks on each cold visit (ms since the worker got "init")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for number in range(ROUNDS):
            print(f"round {number + 1}/{ROUNDS}", flush=True)
            if "cold" in PARTS:
                round_cold(browser, url, plain_url, results, phases)
            if "slow" in PARTS:
                round_slow(browser, url, results)
            if "returning" in PARTS:
                round_returning(playwright, url, results)
        browser.close()
    server.shutdown()
    plain.shutdown()
    report = {who: {name: summary(values) for name, values in rows.items() if values} for who, rows in results.items()}
    lines = []
    for name in TARGETS:
        if name not in report["site"] or name not in report["bare"]:
            continue  # a part not run (KMF_BENCH_PARTS)
        site_row, bare_row = report["site"][name], report["bare"][name]
        counted = name in ("wasm_fetches", "python_boots")
        unit = "B " if name.startswith(("bytes", "save_data")) else ("  " if counted else "ms")
        spread = f"({site_row['min']:,.0f}-{site_row['max']:,.0f})"
        row = f"{name:21} site {site_row['median']:>11,.1f} {unit} {spread:>17}   bare {bare_row['median']:>11,.1f}"
        lines.append(f"{row} {unit}   {verdict(name, site_row, bare_row)}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / os.environ.get("KMF_BENCH_OUT", "bench.json")).write_text(
        json.dumps({"rounds": ROUNDS, "raw": results, "summary": report, "lines": lines, "phases": phases}, indent=2)
    )
    print(f"medians of {ROUNDS} rounds (min-max); site vs bare runner, one run")
    print("\n".join(lines))
    if phases:
        print(phase_table(phases))


if __name__ == "__main__":
    main()
