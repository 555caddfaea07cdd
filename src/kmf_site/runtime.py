"""The browser runtime in ``site/``: the front-end bundle, the runner, Pyodide and our wheel.

After MkDocs has written the pages, :func:`install` bundles ``kmf_site/web/`` with esbuild into
``site/assets/kmf/``, copies the runner beside it (``assets/kmf_runner.py``, which the worker
fetches), copies the pinned Pyodide from ``node_modules/`` into ``site/pyodide/`` and registers
the ``retrain_lab`` wheel in that copy's ``pyodide-lock.json`` (``pyodide lockfile add-wheels``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["RuntimeMissing", "build_wheel", "install", "write_lockfile"]

HERE = Path(__file__).resolve().parent
WEB = HERE / "web"
RUNNER = HERE / "runner.py"
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]


class RuntimeMissing(RuntimeError):
    """node_modules/ (esbuild, Pyodide) is not installed."""


def _bundle_front_end(root: Path, site_dir: Path) -> None:
    if not (root / "node_modules" / "esbuild").exists():
        raise RuntimeMissing("node_modules/ is missing: run `npm ci` (make serve and make build do it)")
    out = site_dir / "assets" / "kmf"
    subprocess.run(["node", str(WEB / "build.mjs"), str(out)], check=True, cwd=root)
    # the worker fetches the runner from ../kmf_runner.py, beside the bundle
    shutil.copy2(RUNNER, site_dir / "assets" / "kmf_runner.py")


def _copy_pyodide(root: Path, site_dir: Path) -> Path:
    target = site_dir / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(root / "node_modules" / "pyodide" / name, target / name)
    return target


def build_wheel(root: Path, out_dir: Path) -> Path:
    """Build the retrain_lab wheel of the project at ``root`` into ``out_dir``; return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("retrain_lab-*.whl"):
        old.unlink()
    uv = shutil.which("uv")
    if uv:
        command = [uv, "build", "--wheel", "--quiet", "--out-dir", str(out_dir), str(root)]
    else:
        command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out_dir), str(root)]
    subprocess.run(command, check=True, cwd=root, capture_output=True)
    (wheel,) = out_dir.glob("retrain_lab-*.whl")
    return wheel


def write_lockfile(root: Path, index_dir: Path, wheel: Path) -> None:
    """Copy the wheel into index_dir and register it in index_dir/pyodide-lock.json."""
    shutil.copy2(wheel, index_dir / wheel.name)
    pyodide_cli = Path(sys.executable).with_name("pyodide")
    subprocess.run(
        [str(pyodide_cli), "lockfile", "add-wheels",
         "--input", str(root / "node_modules" / "pyodide" / "pyodide-lock.json"),
         "--output", str(index_dir / "pyodide-lock.json"),
         "--base-path", str(index_dir),
         str(index_dir / wheel.name)],
        check=True, cwd=index_dir, capture_output=True,
    )  # fmt: skip


def install(root: Path, site_dir: Path) -> None:
    """Put the whole runtime into ``site_dir`` for the project at ``root``."""
    _bundle_front_end(root, site_dir)
    index_dir = _copy_pyodide(root, site_dir)
    with tempfile.TemporaryDirectory() as tmp:
        write_lockfile(root, index_dir, build_wheel(root, Path(tmp)))
