"""Run programs in Pyodide under Node as the reader's worker does: the site's Pyodide files, our
wheel in our lockfile, booted from the build's memory snapshot, each program run by the worker's
own run loop (kmf_site/web/run_core.mjs, through run_jobs.mjs beside this module). Pyodide is the
one the plugin ships (:func:`kmf_site.runtime.pyodide_dir`); the learner packages are the proven
project's (:func:`kmf_site.proof.project.current`).

``run_in_pyodide(jobs)`` runs a list of jobs ``{"code", "filename", "after"?, "session"?}`` in one
Node process that boots Pyodide once per pytest process; each job runs as in a fresh tab (modules
forgotten, our wheel importable only when Pyodide's scanner sees its import); jobs of one call
with the same session share one namespace, like the notebook's cells. Per job it returns
``{"stdout", "stderr", "output", "status", "result", "truncated", "ms"}``: ``output`` is both
streams interleaved and capped as the reader's Output area shows them, ``result`` what the trusted
``after`` code assigned to ``result``, ``ms`` the run's time (compare it with
the time limit through :func:`too_slow`).
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
from kmf_site.proof.project import Project, current

RUNNER = runtime.RUNNER
# Installed from the wheel: the harness bundled with what it imports (hatch_build.py); in a
# checkout, the source beside this module (its imports from node_modules/).
_BUNDLED = Path(__file__).resolve().parents[1] / "_assets" / "proof" / "run_jobs.mjs"
SCRIPT = _BUNDLED if _BUNDLED.is_file() else Path(__file__).resolve().with_name("run_jobs.mjs")


@functools.cache
def learner_wheels(project: Project) -> tuple[Path, ...]:
    """The wheels of the project's learner packages (the kmf plugin's ``packages``), built once per
    process, as the build makes them."""
    out = Path(tempfile.mkdtemp(prefix="kmf-proof-wheels-"))
    atexit.register(shutil.rmtree, out, True)
    return tuple(runtime.wheel_of(package, out) for package in project.packages)


def _index_key(project: Project) -> str:
    """What the index is made from: the learner wheels, Pyodide's files, and what the snapshot
    holds (our runner, boot.mjs)."""
    digest = hashlib.sha256()
    pyodide = [runtime.pyodide_dir() / name for name in [*runtime.PYODIDE_FILES, "pyodide-lock.json"]]
    for path in [*learner_wheels(project), *pyodide, *runtime.SNAPSHOT_SOURCES]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def package_index(project: Project) -> Path:
    """The site's pyodide/ directory, as the build makes it: Pyodide's files, our lockfile and wheel,
    and the memory snapshot (kmf-snapshot.json names it). Building it takes seconds (uv build,
    pyodide-build; the snapshot comes from the build's cache), so every pytest process of a run
    (xdist workers, the builds' verifications) shares one per content of its inputs, made once
    under a file lock."""
    index = Path(tempfile.gettempdir()) / f"kmf-pyodide-index-{_index_key(project)}"
    with FileLock(f"{index}.lock"):
        if not (index / "kmf-snapshot.json").exists():
            work = Path(tempfile.mkdtemp(prefix="kmf-pyodide-index-", dir=index.parent))
            for name in runtime.PYODIDE_FILES:
                shutil.copy2(runtime.pyodide_dir() / name, work / name)
            runtime.write_lockfile(work, list(learner_wheels(project)))
            runtime.make_snapshot(work)
            shutil.rmtree(index, ignore_errors=True)
            work.rename(index)
    return index


def local_packages(project: Project | None = None) -> list[str]:
    """The import names of the learner wheels (what runner.PACKAGES names in Pyodide)."""
    wheels = learner_wheels(project or current())
    return sorted({name for wheel in wheels for name in runtime.import_names(wheel)})


class _Node:
    """One Node process with Pyodide booted (run_jobs.mjs), kept for the whole pytest process:
    booting Pyodide costs seconds of CPU, a batch of jobs milliseconds."""

    def __init__(self, project: Project):
        self.project = project
        index = package_index(project)  # the site's pyodide/: kmf-snapshot.json names the snapshot
        self.process = subprocess.Popen(
            ["node", str(SCRIPT), str(index), str(index), str(RUNNER), ",".join(local_packages(project))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=project.root,
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


def too_slow(result: dict, limit_s: float) -> bool:
    """Whether a run took more than half its time limit, in CPU time (``ms``: not the wall
    clock, which grows when the build's machine is busy): on a reader's slower machine it would
    hit the limit (the reader sees "Stopped after 10 s") although the build saw it finish."""
    return result["ms"] is not None and result["ms"] > limit_s * 1000 / 2


def run_in_pyodide(jobs: list[dict], timeout: float = 300) -> list[dict]:
    global _node
    with _lock:
        if _node is None or _node.process.poll() is not None or _node.project != current():
            if _node is not None:
                _node.close()
            _node = _Node(current())
            atexit.register(_node.close)
        return _node.run(jobs, timeout)
