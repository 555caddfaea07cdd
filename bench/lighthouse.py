"""Lighthouse on every page of the site, served as a project site on GitHub Pages is.

The site is built for http://127.0.0.1:PORT/keep-models-fresh/ and served under that path by
bench/host.py (gzip on the types GitHub Pages compresses). Lighthouse (the npm package pinned in
package.json) audits each page of `nav:` in mobile mode with its default simulated throttling, N
times in a fresh headless Chromium each (KMF_CHROMIUM, else Debian's chromium-headless-shell), and
this prints the medians per page: performance, total blocking time, cumulative layout shift,
largest contentful paint, accessibility, best practices, SEO, each against its target.

Rerun: `make lighthouse` (KMF_LH_ROUNDS=N, default 3; KMF_LH_PAGES=debug-it/,notebook/ for some
pages only, "" is the home page; KMF_BENCH_SITE=DIR to audit a site already built for
KMF_LH_PORT's address). Every report is kept in bench-results/lighthouse/, the medians in
bench-results/lighthouse.json.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench"), str(ROOT / "src")]

from host import serve  # noqa: E402

from conftest import CHROMIUM, build_site  # noqa: E402
from kmf_site.counts import nav_pages  # noqa: E402

ROUNDS = int(os.environ.get("KMF_LH_ROUNDS", "3"))
BASE = "/keep-models-fresh/"  # where GitHub Pages puts a project site
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# column: (where in the report, how it is shown, target, True when higher is better)
COLUMNS = {
    "perf": (("categories", "performance"), "{:.0f}", 98, True),
    "TBT ms": (("audits", "total-blocking-time"), "{:.0f}", 100, False),
    "CLS": (("audits", "cumulative-layout-shift"), "{:.3f}", 0.02, False),
    "LCP ms": (("audits", "largest-contentful-paint"), "{:.0f}", None, False),
    "a11y": (("categories", "accessibility"), "{:.0f}", 100, True),
    "BP": (("categories", "best-practices"), "{:.0f}", 100, True),
    "SEO": (("categories", "seo"), "{:.0f}", 100, True),
}


def value(report: dict, where: tuple[str, str]) -> float:
    kind, key = where
    if kind == "categories":
        return report["categories"][key]["score"] * 100
    return report["audits"][key]["numericValue"]


def meets(column: str, number: float) -> bool:
    _, _, target, higher = COLUMNS[column]
    if target is None:
        return True
    # a strict limit for TBT and CLS ("under 100 ms"), at least the score for the categories
    return number >= target if higher else number < target


def audit(url: str, out: Path) -> dict:
    """One Lighthouse run on ``url`` in a fresh browser; its JSON report is kept at ``out``."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [
        str(LIGHTHOUSE), url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json", f"--output-path={out}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse failed on {url}: {report['runtimeError']}")
    return report


def main() -> None:
    wanted = os.environ.get("KMF_LH_PAGES")
    pages = nav_pages(ROOT) if wanted is None else wanted.split(",")
    prebuilt = os.environ.get("KMF_BENCH_SITE")
    host = Path(tempfile.mkdtemp(prefix="kmf-lighthouse-"))
    site = host / BASE.strip("/")
    server = serve(host, port=int(os.environ.get("KMF_LH_PORT", "0")))
    url = f"http://127.0.0.1:{server.server_address[1]}{BASE}"
    if prebuilt:
        shutil.copytree(prebuilt, site)
    else:
        print(f"building the site for {url}", flush=True)
        build_site(site, url)
    reports = ROOT / "bench-results" / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    raw = {page: {column: [] for column in COLUMNS} for page in pages}
    try:
        for number in range(ROUNDS):
            for page in pages:
                name = page.strip("/") or "home"
                print(f"round {number + 1}/{ROUNDS}: {name}", flush=True)
                report = audit(url + page, reports / f"{name}-{number + 1}.json")
                for column, (where, *_) in COLUMNS.items():
                    raw[page][column].append(value(report, where))
    finally:
        server.shutdown()
        shutil.rmtree(host, ignore_errors=True)
    medians = {page: {column: statistics.median(values) for column, values in row.items()} for page, row in raw.items()}
    width = max(len(page.strip("/") or "home") for page in pages)
    lines = [f"{'page':{width}}  " + "  ".join(f"{column:>7}" for column in COLUMNS)]
    missed = []
    for page, row in medians.items():
        cells = []
        for column, number in row.items():
            shown = COLUMNS[column][1].format(number)
            if not meets(column, number):
                shown += "!"
                missed.append(f"{page.strip('/') or 'home'} {column} {COLUMNS[column][1].format(number)}")
            cells.append(f"{shown:>7}")
        lines.append(f"{page.strip('/') or 'home':{width}}  " + "  ".join(cells))
    targets = ", ".join(
        f"{column} {'>=' if higher else '<'} {target}"
        for column, (_, _, target, higher) in COLUMNS.items()
        if target is not None
    )
    (ROOT / "bench-results" / "lighthouse.json").write_text(
        json.dumps({"rounds": ROUNDS, "url": url, "raw": raw, "medians": medians}, indent=2)
    )
    print(f"Lighthouse, mobile, medians of {ROUNDS} runs per page, served gzip-compressed under {BASE}")
    print("\n".join(lines))
    print(f"targets: {targets}; ! marks a miss")
    print("every target met" if not missed else "NOT met: " + "; ".join(missed))


if __name__ == "__main__":
    main()
