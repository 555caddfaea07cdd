"""Run programs in Pyodide under Node: the pinned npm package, our runner and our wheel.

``run_in_pyodide(jobs)`` runs a list of jobs ``{"code", "filename", "after"?, "session"?}`` in one
Node process that boots Pyodide once per pytest process, as the browser's worker serves every run of
a page (jobs of one call with the same session share one namespace, like the notebook's cells)
and returns, per job, ``{"stdout", "stderr", "output", "status", "result"}`` where ``output`` is
both streams interleaved as the reader's Output area shows them and ``result`` is what the
trusted ``after`` code assigned to ``result`` (see src/kmf_site/web/worker.mjs).
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from filelock import FileLock

from kmf_site import runtime

ROOT = Path(__file__).resolve().parents[1]
RUNNER = runtime.RUNNER
SCRIPT = ROOT / "tests" / "pyodide" / "run_jobs.mjs"


def _index_key(root: Path) -> str:
    """What the index is made from: retrain_lab's sources, the project's metadata, Pyodide's lock."""
    digest = hashlib.sha256()
    sources = sorted((root / "src" / "retrain_lab").rglob("*.py"))
    for path in [*sources, root / "pyproject.toml", root / "node_modules" / "pyodide" / "pyodide-lock.json"]:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def package_index() -> Path:
    """A pyodide index dir holding our lockfile and wheel. Building it takes seconds (uv build,
    pyodide-build), so every pytest process of a run (xdist workers, the builds' verifications)
    shares one per content of its inputs, made once under a file lock."""
    index = Path(tempfile.gettempdir()) / f"kmf-pyodide-index-{_index_key(ROOT)}"
    with FileLock(f"{index}.lock"):
        if not (index / "pyodide-lock.json").exists():
            work = Path(tempfile.mkdtemp(prefix="kmf-pyodide-index-", dir=index.parent))
            runtime.write_lockfile(ROOT, work, runtime.build_wheel(ROOT, work / "dist"))
            shutil.rmtree(index, ignore_errors=True)
            work.rename(index)
    return index


class _Node:
    """One Node process with Pyodide booted (tests/pyodide/run_jobs.mjs), kept for the whole pytest
    process: booting Pyodide costs seconds of CPU, a batch of jobs milliseconds."""

    def __init__(self):
        self.process = subprocess.Popen(
            ["node", str(SCRIPT), str(package_index()), str(RUNNER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        self.stderr: list[str] = []
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()

    def run(self, jobs: list[dict], timeout: float) -> list[dict]:
        self.stderr.clear()
        self.process.stdin.write(json.dumps({"jobs": jobs}) + "\n")
        self.process.stdin.flush()
        answer: list[str] = []
        reader = threading.Thread(target=lambda: answer.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not answer or not answer[0]:
            self.close()
            why = f"no answer within {timeout} s" if not answer else "it exited"
            raise RuntimeError(f"Pyodide under Node failed ({why}):\n{''.join(self.stderr)[-4000:]}")
        result = json.loads(answer[0])
        if isinstance(result, dict):
            raise RuntimeError(f"Pyodide under Node failed:\n{result['error'][-4000:]}")
        return result

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


_node: _Node | None = None
_lock = threading.Lock()


def run_in_pyodide(jobs: list[dict], timeout: float = 300) -> list[dict]:
    global _node
    with _lock:
        if _node is None or _node.process.poll() is not None:
            _node = _Node()
            atexit.register(_node.close)
        return _node.run(jobs, timeout)
