"""How long an edit takes to reach the browser under `make serve` (KMF_VERIFY=changed).

On a copy of the project: start `mkdocs serve` as `make serve` does (on a free port), then, ROUNDS
times each (medians reported): 1. a prose-only edit of docs/concepts.md, 2. an edit of a snippet
that page includes (a comment: its output stays); then once 3. a planted wrong #> line (the page
must show a banner naming file:line) and 4. its fix (the banner goes). Each is timed from the
file's save to the first GET of the page that shows it (what the browser's live reload fetches).
The server's log says where a rebuild's time goes (the verification, then mkdocs' build).
`--ref REF` measures the src/ and tests/ of another commit (e.g. before a change). Prints JSON.

    uv run python bench/serve_loop.py [--ref REF] [--green] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from project_copy import copy_project  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def until(url: str, test, limit: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if test(get(url)):
            return round(time.monotonic() - start, 2)
        time.sleep(0.1)
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ref", help="measure the src/ of this git commit")
    parser.add_argument("--limit", type=float, default=120)
    parser.add_argument("--green", action="store_true", help="start as after a green check (skip the first full run)")
    parser.add_argument("--rounds", type=int, default=3, help="edits of each kind (medians reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        if args.ref:
            archive = f"rm -rf src tests && git -C {ROOT} archive {args.ref} src tests | tar -x"
            subprocess.run(archive, shell=True, cwd=project, check=True)
        if args.green:
            from kmf_site.verification import mark_green

            mark_green(project)
        port = free_port()
        # the copy's src/ first: the editable install would import kmf_site from this checkout
        env = {**os.environ, "KMF_VERIFY": "changed", "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "src")}
        log = open(Path(tmp) / "serve.log", "w")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/concepts/"
        found = {}
        try:
            start = time.monotonic()
            assert until(url, lambda body: "Keep Models Fresh" in body, 900) is not None, "no first build"
            found["first_build_s"] = round(time.monotonic() - start, 1)
            page = project / "docs" / "concepts.md"
            snippet = project / "snippets" / "concepts" / "freshness.py"
            text, code = page.read_text(), snippet.read_text()
            sentence, comment = "Read the table top to bottom.", "# The gap between them"
            prose, snippets = [], []
            for n in range(args.rounds):
                time.sleep(2)  # the previous rebuild is over and its reload done
                mark = f"Proseedit{n}x"
                page.write_text(text.replace(sentence, f"{sentence} {mark}.", 1))
                prose.append(until(url, lambda body, mark=mark: mark in body, args.limit))
                time.sleep(2)
                mark = f"Snippetedit{n}x"
                snippet.write_text(code.replace(comment, f"# {mark}: the gap between them", 1))
                snippets.append(until(url, lambda body, mark=mark: mark in body, args.limit))
            found["prose_edit_s"] = prose
            found["snippet_edit_s"] = snippets
            found["prose_edit_median_s"] = statistics.median(t if t is not None else args.limit for t in prose)
            found["snippet_edit_median_s"] = statistics.median(t if t is not None else args.limit for t in snippets)
            time.sleep(2)
            wrong = snippet.read_text().replace("#> 1 week(s) old: accuracy", "#> 1 week(s) old: accuracy 9", 1)
            snippet.write_text(wrong)
            found["failure_banner_s"] = until(url, lambda body: "kmf-build-error" in body, args.limit)
            found["banner_names"] = "snippets/concepts/freshness.py:10" in get(url)
            time.sleep(2)
            snippet.write_text(code)
            found["banner_gone_s"] = until(url, lambda body: body and "kmf-build-error" not in body, args.limit)
            found["load_average"] = os.getloadavg()[0]
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
            found["log_tail"] = (Path(tmp) / "serve.log").read_text()[-1500:]
    print(json.dumps(found, indent=1))


if __name__ == "__main__":
    main()
