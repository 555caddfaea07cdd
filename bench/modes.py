"""Measure the lab and the notebook pages in Chromium against the built site on 127.0.0.1.

  lab: Run simulation -> results shown    default settings, Python already loaded (median of 5),
                                          and the first run of a fresh visit (Python loads first)
  lab: worker time                        the worker's part of it (simulation + both charts)
  notebook: Run all                       every cell in order, Python already loaded
  notebook: page size                     the HTML (raw and gzip) and the .ipynb download

Prints the numbers and writes bench-results/modes.json. Run: `uv run python bench/modes.py`.
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site, serve  # noqa: E402

ROUNDS = 5
LAB_RUN_JS = """
(form) => new Promise((resolve) => {
  form.addEventListener("kmf:lab-ran", (event) => resolve(event.detail), { once: true });
  form.querySelector("button[type=submit]").click();
})
"""


def main() -> None:
    site = Path(tempfile.mkdtemp(prefix="kmf-bench-modes-"))
    server = serve(site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_site(site, url)
    html = (site / "notebook" / "index.html").read_bytes()
    results: dict[str, object] = {
        "notebook_html_bytes": len(html),
        "notebook_html_gzip_bytes": len(gzip.compress(html, 9)),
        "notebook_ipynb_bytes": (site / "notebook" / "notebook.ipynb").stat().st_size,
        "lab_html_bytes": (site / "lab" / "index.html").stat().st_size,
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url + "lab/")
        form = page.locator("form.kmf-lab")
        first = form.evaluate(LAB_RUN_JS)
        page.wait_for_timeout(8000)  # let the standby worker finish booting: it competes for CPU
        runs = [form.evaluate(LAB_RUN_JS) for _ in range(ROUNDS)]
        results["lab_first_run_ms_with_python_loading"] = first["ms"]
        results["lab_run_ms"] = [r["ms"] for r in runs]
        results["lab_run_ms_median"] = statistics.median(r["ms"] for r in runs)
        results["lab_worker_ms_median"] = statistics.median(r["elapsedMs"] for r in runs)

        page.goto(url + "notebook/")
        page.wait_for_function("performance.getEntriesByName('kmf:python-ready').length > 0", timeout=120_000)
        page.wait_for_timeout(3000)
        status = page.get_by_role("status").filter(has_text="Ran all")
        times = []
        for _ in range(3):
            page.get_by_role("button", name="Run all").click()
            expect(status).to_be_visible(timeout=120_000)
            times.append(float(status.inner_text().rsplit("(", 1)[1].split(" s")[0]))
            page.evaluate("document.querySelector('.kmf-nb-status').textContent = ''")
        results["notebook_run_all_s"] = times
        results["notebook_run_all_s_median"] = statistics.median(times)
        browser.close()
    server.shutdown()
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "modes.json").write_text(json.dumps(results, indent=2) + "\n")
    for key, value in results.items():
        print(f"{key:42} {value}")


if __name__ == "__main__":
    main()
