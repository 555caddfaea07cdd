"""The reader's main path in Firefox ESR (Debian's firefox-esr, installed by `make test`): run,
edit, Stop, a guided step's Check and a Practice answer's feedback, with no page or console error.

Firefox is driven by npm's puppeteer-core over WebDriver BiDi (firefox_main_path.mjs); this test
serves the built site (the session's `site_url`) and hands the script what a real run prints.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from content import SNIPPETS, run_like_the_browser
from kmf_site.exercise.syntax import parse_file, split_mistake

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
FIREFOX = os.environ.get("KMF_FIREFOX") or shutil.which("firefox-esr") or shutil.which("firefox")
STEPS = SNIPPETS / "steps"


def expected(site_url: str) -> dict:
    model_info = (SNIPPETS / "index" / "model_info.py").read_text()
    edited = "print(sum(range(10)))\nprint('edited in Firefox')"
    mistake, message = split_mistake((STEPS / "step1" / "missing_comma.py").read_text())
    # Practice's question 3 asks what this program does; the right option is its real last line
    q3 = (SNIPPETS / "practice" / "q3_get_new_data.py").read_text()
    error = run_like_the_browser(q3, "q3_get_new_data.py")[1].splitlines()[-1]
    return {
        "site": site_url,
        "stdout": run_like_the_browser(model_info, "model_info.py")[0],
        "edited": {"code": edited, "stdout": run_like_the_browser(edited, "model_info.py")[0]},
        "stop_code": "while True: pass",
        "steps": len(parse_file(ROOT / "docs" / "see-it-in-action.md")),  # the page's count of steps
        "step": {
            "mistake": mistake.strip(),
            "message": message[0],
            "solution": (STEPS / "step1.py").read_text().strip(),
        },
        "practice": {"option": error, "feedback": "Correct!"},
    }


def test_main_path_in_firefox(site_url):
    assert FIREFOX, "Firefox is missing: `make test` installs Debian's firefox-esr (or set KMF_FIREFOX)"
    assert (ROOT / "node_modules" / "puppeteer-core").is_dir(), "run `npm ci` (make test does it)"
    done = subprocess.run(
        ["node", str(HERE / "firefox_main_path.mjs"), FIREFOX],
        input=json.dumps(expected(site_url)),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
