"""Run programs in Pyodide under Node: the pinned npm package, our runner and our wheel.

``run_in_pyodide(jobs)`` boots Pyodide once for a list of jobs ``{"code", "filename", "after"?,
"session"?}`` (jobs with the same session share one namespace, like the worker's notebook cells)
and returns, per job, ``{"stdout", "stderr", "output", "status", "result"}`` where ``output`` is
both streams interleaved as the reader's Output area shows them and ``result`` is what the
trusted ``after`` code assigned to ``result`` (see src/kmf_site/web/worker.mjs).
"""

from __future__ import annotations

import functools
import json
import subprocess
import tempfile
from pathlib import Path

from kmf_site import runtime

ROOT = Path(__file__).resolve().parents[1]
RUNNER = runtime.RUNNER
SCRIPT = ROOT / "tests" / "pyodide" / "run_jobs.mjs"


@functools.cache
def package_index() -> Path:
    """A pyodide index dir holding our lockfile and wheel, built once per test session."""
    index = Path(tempfile.mkdtemp(prefix="kmf-pyodide-index-"))
    runtime.write_lockfile(ROOT, index, runtime.build_wheel(ROOT, index / "dist"))
    return index


def run_in_pyodide(jobs: list[dict], timeout: float = 300) -> list[dict]:
    request = {"indexDir": str(package_index()), "runner": str(RUNNER), "jobs": jobs}
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Pyodide under Node failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)
