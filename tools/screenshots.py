"""Screenshots of every page, as a person would look at them before calling a page done.

    make screenshots            # every page: light and dark, 1280 and 390 px wide
    uv run python tools/screenshots.py practice/ --run

Writes viewport-sized PNGs (top to bottom) into screenshots/ (not committed). With --run, every
visible Run button is pressed first, so outputs show too.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site, serve  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="paths such as concepts/ (default: every page)")
    parser.add_argument("--run", action="store_true", help="press every visible Run button")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--max-shots", type=int, default=12, help="per page, scheme and width")
    args = parser.parse_args()
    site = Path(tempfile.mkdtemp(prefix="kmf-shots-site-"))
    server = serve(site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_site(site, url)
    sitemap = (site / "sitemap.xml").read_text()
    pages = args.pages or [urlsplit(loc).path.lstrip("/") for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    args.out.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in pages:
            for scheme in ("light", "dark"):
                for width in (1280, 390):
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    page = context.new_page()
                    page.goto(url + path)
                    page.wait_for_timeout(800)
                    name = path.strip("/").replace("/", "_") or "home"
                    y, shot = 0, 0
                    while y < page.evaluate("document.body.scrollHeight") and shot < args.max_shots:
                        page.evaluate(f"window.scrollTo(0, {y})")
                        page.wait_for_timeout(500)
                        if args.run:
                            for button in page.get_by_role("button", name="Run", exact=True).all():
                                if button.is_visible() and button.is_enabled():
                                    button.click()
                            page.wait_for_timeout(2000)
                        target = args.out / f"{name}-{scheme}-{width}-{shot:02d}.png"
                        page.screenshot(path=target)
                        print(target.relative_to(ROOT))
                        y += 850
                        shot += 1
                    context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
