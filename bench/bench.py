"""Benchmark what a reader waits for, in Chromium against the built site on 127.0.0.1.

  page load -> Python ready    navigation start to the worker's "ready", the example in view on load
                               (a new visitor each time: no HTTP or wasm cache)
  click -> first output        Run pressed to the first character in the Output log (Python ready)
  Stop -> next run possible    Stop pressed during `while True: pass` to Run enabled again,
                               plain hosting (terminate + standby) and cross-origin isolated
                               (SharedArrayBuffer interrupt); and during `time.sleep(60)` when
                               isolated (the interrupt cannot land: 1 s grace, then a restart)

Prints medians (and min/max) and writes bench-results/bench.json. Rerun: `make bench`.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site, serve  # noqa: E402
from runnable import output, run, runnable, type_code  # noqa: E402

ROUNDS = 7
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
STOP_JS = """
async (widget) => {
  const buttons = [...widget.querySelectorAll('button')];
  const run = buttons.find((b) => b.textContent === 'Run');
  const stop = buttons.find((b) => b.textContent === 'Stop');
  const start = performance.now();
  stop.click();
  while (run.getAttribute('aria-disabled') === 'true') await new Promise((r) => setTimeout(r, 5));
  return performance.now() - start;
}
"""


def summary(values: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(values), 1),
        "min_ms": round(min(values), 1),
        "max_ms": round(max(values), 1),
        "n": len(values),
    }


def main() -> None:
    site = Path(tempfile.mkdtemp(prefix="kmf-bench-site-"))
    server = serve(site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_site(site, url)
    results: dict[str, list[float]] = {
        "load_to_python_ready": [],
        "click_to_first_output": [],
        "stop_to_next_run_plain": [],
        "stop_to_next_run_isolated": [],
        "stop_sleep_to_next_run_isolated": [],
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(ROUNDS):
            for isolated in (False, True):
                context = browser.new_context()
                if isolated:
                    context.add_cookies([{"name": "kmf-isolated", "value": "1", "url": url}])
                page = context.new_page()
                page.goto(url + "#try-it-a-model-gets-fresh-data")  # the example is in view on load
                page.wait_for_function("performance.getEntriesByName('kmf:python-ready').length > 0", timeout=60_000)
                widget = runnable(page, "model_info.py")
                expect(widget.get_by_role("textbox")).to_be_visible()
                if not isolated:
                    ready = page.evaluate("performance.getEntriesByName('kmf:python-ready')[0].startTime")
                    results["load_to_python_ready"].append(ready)
                    page.wait_for_timeout(300)
                    results["click_to_first_output"].append(widget.evaluate(FIRST_OUTPUT_JS))
                    expect(widget.get_by_role("button", name="Run", exact=True)).to_be_enabled()
                    page.wait_for_timeout(2500)  # the standby worker boots when the page is idle
                type_code(page, widget, "while True:\n    pass\n")
                widget.get_by_role("button", name="Run", exact=True).click()
                expect(widget.get_by_role("status")).to_have_text("Running…")
                time.sleep(0.3)
                key = "stop_to_next_run_isolated" if isolated else "stop_to_next_run_plain"
                results[key].append(widget.evaluate(STOP_JS))
                if isolated:  # time.sleep ignores the interrupt: after 1 s Python is restarted
                    type_code(page, widget, "import time\ntime.sleep(60)\n")
                    widget.get_by_role("button", name="Run", exact=True).click()
                    expect(widget.get_by_role("status")).to_have_text("Running…")
                    time.sleep(0.3)
                    results["stop_sleep_to_next_run_isolated"].append(widget.evaluate(STOP_JS))
                widget.get_by_role("button", name="Reset").click()
                widget.get_by_role("button", name="Yes, reset").click()
                run(widget)
                expect(output(widget)).not_to_be_empty()
                context.close()
        browser.close()
    server.shutdown()
    report = {name: summary(values) for name, values in results.items()}
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps({"raw_ms": results, "summary": report}, indent=2))
    for name, row in report.items():
        print(f"{name:28} median {row['median_ms']:8.1f} ms   (min {row['min_ms']}, max {row['max_ms']}, n={row['n']})")


if __name__ == "__main__":
    main()
